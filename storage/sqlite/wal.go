package sqlite

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// ErrWALLost means that a database's write-ahead log was removed while it
// still held committed transactions: they are lost.
var ErrWALLost = errors.New("write-ahead log lost")

// CheckWAL reports, before a database is opened, whether its -wal file
// was removed after a crash with transactions in it that had not been
// copied into the database file yet. Opening the database starts a new
// log and forgets the old one's traces, so this can only be told at
// start.
//
// SQLite deletes the -wal and -shm files when the last connection closes
// cleanly; after a crash both stay, and the next open replays the -wal.
// The -shm file (the wal-index) records in its header how many frames the
// -wal held (mxFrame) and how many of them a checkpoint already copied
// into the database (nBackfill). An -shm without its -wal, with frames
// not copied back, means committed data went with the -wal. If both files
// were removed nothing is left to tell, and CheckWAL says nothing.
func CheckWAL(path string) error {
	shm, err := os.ReadFile(path + "-shm")
	if err != nil {
		return nil // no -shm: closed cleanly, or nothing to tell from
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, fs.ErrNotExist) {
		return nil // the -wal is there: SQLite recovers it
	}
	mxFrame, nBackfill, ok := walIndex(shm)
	if !ok || mxFrame <= nBackfill {
		return nil
	}
	return fmt.Errorf("database %q: %w: its -wal file was removed after a crash while it held %d pages of committed transactions not yet written to the database; the latest changes are lost, and the database may be inconsistent (check it with 'sqlite3 %s \"PRAGMA integrity_check\"', or restore a backup)",
		path, ErrWALLost, mxFrame-nBackfill, path)
}

// walIndex reads mxFrame and nBackfill from a wal-index (-shm) header:
// two copies of the 48-byte WalIndexHdr, then WalCkptInfo, whose first
// field is nBackfill. The header is in the host's byte order (the file
// is memory-mapped); SQLite's builds we run on are little-endian. ok is
// false when the header is not a valid, initialized one.
func walIndex(shm []byte) (mxFrame, nBackfill uint32, ok bool) {
	const hdr = 48
	if len(shm) < 2*hdr+4 {
		return 0, 0, false
	}
	le := binary.LittleEndian
	version, isInit := le.Uint32(shm[0:]), shm[12]
	// Both copies must agree, as SQLite requires of a usable header.
	if version != 3007000 || isInit != 1 || string(shm[:hdr]) != string(shm[hdr:2*hdr]) {
		return 0, 0, false
	}
	return le.Uint32(shm[16:]), le.Uint32(shm[2*hdr:]), true
}
