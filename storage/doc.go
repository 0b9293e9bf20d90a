// Package storage defines the records aiflow keeps (namespaces, workflows and
// their immutable snapshots, schedules, triggers, executions, task
// executions, events and condition state) and the Store interface the server
// and the engine use to read and change them. It holds no SQL: backends live
// in subpackages (storage/sqlite) and must pass the conformance suite in
// storage/storagetest.
//
// Invariants every backend keeps:
//   - ids and event offsets are positive integers assigned by the store, in
//     increasing order;
//   - times are stored as UTC unix milliseconds, so a round trip truncates
//     them to the millisecond and returns them in UTC; the zero time.Time
//     means "not set";
//   - every upload of a workflow creates a new snapshot in the same
//     transaction as the workflow row, and snapshots never change;
//   - every Store method is atomic; Update runs several in one transaction,
//     View several reads in one read-only transaction that writers do not
//     block;
//   - errors wrap ErrNotFound, ErrConflict, ErrNotEmpty, ErrBusy or
//     ErrReadOnly where the caller can act on them; test them with errors.Is.
//     A missing object is a *NotFoundError that names it.
package storage
