-- Who made a schedule or trigger: 'definition' (declared by the workflow's
-- definition; each upload brings these in line with it) or 'added' (through
-- the API; uploads never touch these). Every row before this migration was
-- declared by a definition.
ALTER TABLE workflow_schedule ADD COLUMN origin TEXT NOT NULL DEFAULT 'definition' CHECK (origin IN ('definition', 'added'));
ALTER TABLE workflow_trigger ADD COLUMN origin TEXT NOT NULL DEFAULT 'definition' CHECK (origin IN ('definition', 'added'));
-- The namespace whose events a trigger sees; '' means its workflow's.
ALTER TABLE workflow_trigger ADD COLUMN event_namespace TEXT NOT NULL DEFAULT '';
