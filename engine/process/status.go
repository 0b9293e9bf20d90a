//go:build unix

package process

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// status is the JSON form of a Result in a status file. Field names are
// stable: a server reads files written by supervisors of older versions.
type status struct {
	Pid      int       `json:"pid"`
	ExitCode int       `json:"exit_code"`
	Signal   string    `json:"signal,omitempty"`
	TimedOut bool      `json:"timed_out,omitempty"`
	Stopped  bool      `json:"stopped,omitempty"`
	Error    string    `json:"error,omitempty"`
	Started  time.Time `json:"started"`
	Ended    time.Time `json:"ended"`
}

// WriteStatus records r in the file at path with WriteFileAtomic, so that
// it survives the crash of any process: a reader sees the old status or the
// new one, never a partial file.
func WriteStatus(path string, r Result) error {
	s := status{
		Pid: r.Pid, ExitCode: r.ExitCode, Signal: r.Signal, TimedOut: r.TimedOut, Stopped: r.Stopped,
		Started: r.Started, Ended: r.Ended,
	}
	if r.Err != nil {
		s.Error = r.Err.Error()
	}
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("write status %q: %w", path, err)
	}
	if err := WriteFileAtomic(path, append(b, '\n')); err != nil {
		return fmt.Errorf("write status %q: %w", path, err)
	}
	return nil
}

// WriteFileAtomic replaces the file at path with b through a temporary file
// renamed over it, so that a reader sees the old content or the new one,
// never a partial file, even if the writer is killed halfway. It does not
// sync: like the database (WAL with synchronous=NORMAL), the files of runs
// survive the crash of any process, not a power loss, which takes the task
// processes along anyway; a sync would lengthen every task's start and end
// by milliseconds.
func WriteFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// ReadStatus reads a status file written by WriteStatus; the result's Err
// comes back as a plain error with the recorded message. The returned error
// wraps fs.ErrNotExist when the run has recorded no status yet.
func ReadStatus(path string) (Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Result{}, fmt.Errorf("read status: %w", err)
	}
	var s status
	if err := json.Unmarshal(b, &s); err != nil {
		return Result{}, fmt.Errorf("read status %q: %w", path, err)
	}
	r := Result{
		Pid: s.Pid, ExitCode: s.ExitCode, Signal: s.Signal, TimedOut: s.TimedOut, Stopped: s.Stopped,
		Started: s.Started, Ended: s.Ended,
	}
	if s.Error != "" {
		r.Err = errors.New(s.Error)
	}
	return r, nil
}
