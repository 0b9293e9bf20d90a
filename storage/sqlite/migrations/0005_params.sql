-- The parameters of an execution (aiflow workflow-execution start --param):
-- a JSON object of strings, '{}' for none. Every execution before this
-- migration had none.
ALTER TABLE execution ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
