package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Defaults of the server log's rotation (server_log_max_mb,
// server_log_backups).
const (
	DefaultLogMaxMB   = 100
	DefaultLogBackups = 5
)

// RotatingLog is a log file that rotates by size: a write that would take it
// past its limit first renames it to <name>.1.log (the older copies
// becoming .2.log and so on, the oldest beyond the number kept removed) and
// starts a new one. It is safe for concurrent use. The copies keep the
// ".log" ending, which no workflow name may have (ir.CheckName), so a
// workflow's folder of log_dir never collides with them.
type RotatingLog struct {
	path    string
	max     int64
	backups int
	// stderr, when set, is pointed at the current file at each rotation,
	// so that what the runtime writes there (a crash) lands in the current
	// log too.
	stderr bool

	mu   sync.Mutex
	f    *os.File
	size int64
}

// LogOptions configure OpenLog.
type LogOptions struct {
	// MaxBytes is the size past which the file rotates; 0 takes
	// DefaultLogMaxMB MiB.
	MaxBytes int64
	// Backups is the number of rotated copies kept; 0 takes
	// DefaultLogBackups, a negative number keeps none.
	Backups int
	// Stderr makes the process's standard error the current file, at
	// opening and at each rotation: for a server in the background, whose
	// standard error is its log.
	Stderr bool
}

// OpenLog opens (appending) or creates the log file at path.
func OpenLog(path string, o LogOptions) (*RotatingLog, error) {
	l := &RotatingLog{path: path, max: o.MaxBytes, backups: o.Backups, stderr: o.Stderr}
	if l.max <= 0 {
		l.max = DefaultLogMaxMB << 20
	}
	if l.backups == 0 {
		l.backups = DefaultLogBackups
	}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *RotatingLog) open() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open server log: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open server log: %w", err)
	}
	l.f, l.size = f, st.Size()
	if l.stderr {
		redirectStderr(f)
	}
	return nil
}

// Write appends p, rotating first when p would take the file past its
// limit (a file is never rotated empty, so one line longer than the limit
// is still written whole).
func (l *RotatingLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return 0, os.ErrClosed
	}
	if l.size > 0 && l.size+int64(len(p)) > l.max {
		if err := l.rotate(); err != nil {
			// Keep logging into the file we have rather than lose lines.
			fmt.Fprintf(l.f, "aiflow: cannot rotate the server log: %v\n", err)
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// backup is the name of the n-th rotated copy: aiflow_server.1.log.
func (l *RotatingLog) backup(n int) string {
	ext := filepath.Ext(l.path)
	return strings.TrimSuffix(l.path, ext) + "." + strconv.Itoa(n) + ext
}

func (l *RotatingLog) rotate() error {
	if l.backups < 0 {
		if err := l.f.Truncate(0); err != nil {
			return err
		}
		l.size = 0
		return nil
	}
	os.Remove(l.backup(l.backups))
	for n := l.backups - 1; n >= 1; n-- {
		if err := os.Rename(l.backup(n), l.backup(n+1)); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	if err := os.Rename(l.path, l.backup(1)); err != nil {
		return err
	}
	old := l.f
	if err := l.open(); err != nil {
		l.f = old // the renamed file, still open: better than nothing
		return err
	}
	old.Close()
	return nil
}

// Close closes the file.
func (l *RotatingLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
