// Package sqlite is the SQLite storage.Store, on modernc.org/sqlite (no cgo).
//
// One *sql.DB with a single connection does every write, in IMMEDIATE
// transactions (so a transaction takes the write lock when it begins and
// never fails half-way with SQLITE_BUSY); a second, read-only pool serves
// reads outside Update. The database runs in WAL mode with foreign keys on
// and a busy timeout, because the CLI and the server are separate processes
// sharing the file.
//
// The schema lives in embedded migrations (migrations/NNNN_name.sql),
// applied in order and recorded in the schema_migrations table. Init
// creates and migrates, Upgrade migrates an existing file, Reset drops
// everything and re-creates it; Open refuses a database that is missing,
// not initialized, older or newer than this binary, naming the file and the
// command to run.
package sqlite
