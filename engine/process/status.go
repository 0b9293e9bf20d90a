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

// WriteStatus records r in the file at path so that it survives a crash: it
// writes a temporary file in the same directory, syncs it, renames it over
// path and syncs the directory. A reader sees the old status or the new one,
// never a partial file.
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
	if err := writeAtomic(path, append(b, '\n')); err != nil {
		return fmt.Errorf("write status %q: %w", path, err)
	}
	return nil
}

// WriteFileAtomic writes b to the file at path the way WriteStatus writes a
// status, so that a reader sees the old content or the new one and the new
// one survives a crash; the supervisor writes its state file with it.
func WriteFileAtomic(path string, b []byte) error { return writeAtomic(path, b) }

func writeAtomic(path string, b []byte) error {
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
	if err == nil {
		err = f.Sync()
	}
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
	// The rename is durable only once the directory entry is on disk.
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
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
