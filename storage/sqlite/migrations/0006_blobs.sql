-- Snapshot files are content-addressed: their contents are stored once in
-- blob, keyed by SHA-256, however many snapshots hold them (twenty uploads
-- of a workflow with the same 5 MB artifact store it once). A blob goes
-- with the last snapshot file that uses it (blob_gc).
--
-- aiflow_sha256 is a Go function the store registers with the driver; it
-- is used here only, so the file stays readable by any SQLite.
CREATE TABLE blob (
	id   INTEGER PRIMARY KEY,
	hash BLOB NOT NULL UNIQUE,
	data BLOB NOT NULL
);
INSERT OR IGNORE INTO blob (hash, data) SELECT aiflow_sha256(data), data FROM snapshot_file;

CREATE TABLE snapshot_file_blob (
	snapshot_id INTEGER NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
	path        TEXT NOT NULL,
	mode        INTEGER NOT NULL,
	blob_id     INTEGER NOT NULL REFERENCES blob (id),
	PRIMARY KEY (snapshot_id, path)
) WITHOUT ROWID;
INSERT INTO snapshot_file_blob (snapshot_id, path, mode, blob_id)
SELECT f.snapshot_id, f.path, f.mode, b.id FROM snapshot_file f JOIN blob b ON b.hash = aiflow_sha256(f.data);
DROP TABLE snapshot_file;
ALTER TABLE snapshot_file_blob RENAME TO snapshot_file;
CREATE INDEX snapshot_file_blob ON snapshot_file (blob_id);

CREATE TRIGGER blob_gc AFTER DELETE ON snapshot_file
WHEN NOT EXISTS (SELECT 1 FROM snapshot_file WHERE blob_id = OLD.blob_id)
BEGIN
	DELETE FROM blob WHERE id = OLD.blob_id;
END;
