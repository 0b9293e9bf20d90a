-- The last evaluation of every task rule of an execution (rule: its index
-- in the snapshot's canonical rules) and of every workflow trigger, with
-- how many there were: what `workflow-execution show --rules` explains.
CREATE TABLE rule_evaluation (
	execution_id INTEGER NOT NULL REFERENCES execution (id) ON DELETE CASCADE,
	rule         INTEGER NOT NULL,
	event_offset INTEGER NOT NULL,
	event_key    TEXT NOT NULL,
	result       TEXT NOT NULL CHECK (result IN ('met', 'not met', 'error')),
	error        TEXT NOT NULL,
	count        INTEGER NOT NULL,
	time         INTEGER,
	PRIMARY KEY (execution_id, rule)
) WITHOUT ROWID;

CREATE TABLE trigger_evaluation (
	trigger_id   INTEGER PRIMARY KEY REFERENCES workflow_trigger (id) ON DELETE CASCADE,
	event_offset INTEGER NOT NULL,
	event_key    TEXT NOT NULL,
	result       TEXT NOT NULL CHECK (result IN ('met', 'not met', 'error')),
	error        TEXT NOT NULL,
	count        INTEGER NOT NULL,
	time         INTEGER
);
