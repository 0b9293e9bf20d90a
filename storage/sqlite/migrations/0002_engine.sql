-- The scheduler's cursor in the event log: the offset of the last event it
-- dispatched to executions and triggers. A database upgraded from 0001
-- starts after the events it already holds, so old events fire nothing.
CREATE TABLE engine_offset (
	id           INTEGER PRIMARY KEY CHECK (id = 1),
	event_offset INTEGER NOT NULL
);
INSERT INTO engine_offset (id, event_offset) SELECT 1, coalesce(max(id), 0) FROM event;
