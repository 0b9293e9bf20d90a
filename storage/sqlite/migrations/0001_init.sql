-- The initial schema. Times are INTEGER unix milliseconds UTC (NULL = not
-- set); statuses are TEXT with CHECK constraints; ids are INTEGER PRIMARY KEY
-- (rowid aliases), AUTOINCREMENT where AIFlow never reuses an id.

CREATE TABLE namespace (
	name       TEXT PRIMARY KEY NOT NULL,
	properties TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;

INSERT INTO namespace (name, properties) VALUES ('default', '{}');

CREATE TABLE workflow (
	id                 INTEGER PRIMARY KEY AUTOINCREMENT,
	namespace          TEXT NOT NULL REFERENCES namespace (name),
	name               TEXT NOT NULL,
	is_enabled         INTEGER NOT NULL DEFAULT 1 CHECK (is_enabled IN (0, 1)),
	event_offset       INTEGER NOT NULL DEFAULT -1,
	latest_snapshot_id INTEGER,
	create_time        INTEGER NOT NULL,
	update_time        INTEGER NOT NULL,
	UNIQUE (namespace, name)
);
CREATE INDEX workflow_namespace ON workflow (namespace, id);

CREATE TABLE snapshot (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	workflow_id INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
	source_name TEXT NOT NULL,
	source      BLOB NOT NULL,
	ir          BLOB NOT NULL,
	signature   TEXT NOT NULL,
	create_time INTEGER NOT NULL
);
CREATE INDEX snapshot_workflow ON snapshot (workflow_id, id);

CREATE TABLE snapshot_file (
	snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
	path        TEXT NOT NULL,
	mode        INTEGER NOT NULL,
	data        BLOB NOT NULL,
	PRIMARY KEY (snapshot_id, path)
) WITHOUT ROWID;

CREATE TABLE workflow_schedule (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	workflow_id    INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
	expression     TEXT NOT NULL,
	is_paused      INTEGER NOT NULL DEFAULT 0 CHECK (is_paused IN (0, 1)),
	next_fire_time INTEGER,
	last_fire_time INTEGER,
	create_time    INTEGER NOT NULL
);
CREATE INDEX schedule_workflow ON workflow_schedule (workflow_id);
-- The timer's only query: unpaused schedules due by a time.
CREATE INDEX schedule_due ON workflow_schedule (next_fire_time) WHERE is_paused = 0 AND next_fire_time IS NOT NULL;

CREATE TABLE workflow_trigger (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	workflow_id INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
	condition   BLOB NOT NULL,
	is_paused   INTEGER NOT NULL DEFAULT 0 CHECK (is_paused IN (0, 1)),
	create_time INTEGER NOT NULL
);
CREATE INDEX trigger_workflow ON workflow_trigger (workflow_id);

-- An execution keeps its snapshot (no cascade from snapshot): snapshots only
-- go away with their workflow, which takes its executions along.
CREATE TABLE execution (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	workflow_id  INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
	snapshot_id  INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
	status       TEXT NOT NULL CHECK (status IN ('INIT', 'RUNNING', 'SUCCESS', 'FAILED', 'STOPPED')),
	run_type     TEXT NOT NULL CHECK (run_type IN ('MANUAL', 'EVENT', 'PERIODIC')),
	begin_time   INTEGER,
	end_time     INTEGER,
	event_offset INTEGER NOT NULL DEFAULT -1
);
CREATE INDEX execution_workflow ON execution (workflow_id, id);
CREATE INDEX execution_snapshot ON execution (snapshot_id);
-- Recovery and stop-all look executions up by status.
CREATE INDEX execution_status ON execution (status);

CREATE TABLE task_execution (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	execution_id    INTEGER NOT NULL REFERENCES execution (id) ON DELETE CASCADE,
	task_name       TEXT NOT NULL,
	sequence_number INTEGER NOT NULL CHECK (sequence_number > 0),
	try_number      INTEGER NOT NULL CHECK (try_number > 0),
	status          TEXT NOT NULL CHECK (status IN ('INIT', 'QUEUED', 'RUNNING', 'SUCCESS', 'FAILED', 'STOPPING', 'STOPPED', 'RETRYING')),
	begin_time      INTEGER,
	end_time        INTEGER,
	exit_code       INTEGER,
	UNIQUE (execution_id, task_name, sequence_number)
);
-- Heartbeat tracking and recovery look task executions up by status.
CREATE INDEX task_execution_status ON task_execution (status);

CREATE TABLE event (
	id          INTEGER PRIMARY KEY AUTOINCREMENT, -- the event offset
	key         TEXT NOT NULL,
	value       TEXT NOT NULL,
	context     TEXT NOT NULL,
	namespace   TEXT NOT NULL,
	sender      TEXT NOT NULL,
	uuid        TEXT NOT NULL UNIQUE,
	create_time INTEGER NOT NULL
);
CREATE INDEX event_key ON event (key, id);
CREATE INDEX event_namespace ON event (namespace, id);

CREATE TABLE workflow_state (
	workflow_id INTEGER NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
	name        TEXT NOT NULL,
	value       BLOB NOT NULL,
	PRIMARY KEY (workflow_id, name)
) WITHOUT ROWID;

CREATE TABLE execution_state (
	execution_id INTEGER NOT NULL REFERENCES execution (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	value        BLOB NOT NULL,
	PRIMARY KEY (execution_id, name)
) WITHOUT ROWID;
