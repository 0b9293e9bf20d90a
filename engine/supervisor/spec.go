//go:build unix

package supervisor

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/aiflow-go/aiflow/engine/process"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// Spec is one try of one task run, as the engine hands it to a supervisor:
// the JSON file whose path is the argument of `aiflow taskmanager run`
// (see Record). The engine writes it with mode 0600 (it holds the API
// token) before the supervisor starts.
type Spec struct {
	// Server is the API address (host:port) reports go to; Token, when set,
	// is sent with them.
	Server string `json:"server"`
	Token  string `json:"token,omitempty"`
	// TaskExecutionID is the id of the task execution row the reports are
	// about; Key ("<execution>_<task>_<seq>") and Try name it in messages.
	TaskExecutionID int64  `json:"task_execution_id"`
	Key             string `json:"key"`
	Try             int    `json:"try"`
	// Began is the begin time of the run's execution: reports carry it, so
	// that after a database reset the run of an older database cannot pass
	// for the new run with the same task execution id.
	Began time.Time `json:"execution_began,omitzero"`
	// Path, Args, Env (complete) and Dir are the task's command, as
	// process.Spec takes them.
	Path string   `json:"path"`
	Args []string `json:"args"`
	Env  []string `json:"env"`
	Dir  string   `json:"dir"`
	// LogPath receives the task's stdout and stderr, appended.
	LogPath string `json:"log_path"`
	// Grace is the wait between SIGTERM and SIGKILL when the run is stopped.
	Grace time.Duration `json:"grace"`
	// Secret goes with the reports sent over HTTP: the server refuses a
	// report about the try without it.
	Secret string `json:"secret,omitempty"`
}

// Phase is how far a supervisor got.
type Phase string

// Phases of a State.
const (
	// Starting is written before the task process is started: a
	// supervisor that died in this phase may or may not have started it,
	// so the engine treats the try as lost rather than start it twice.
	Starting Phase = "starting"
	// Running is written once the task process runs.
	Running Phase = "running"
)

// State says who supervises the try and which process group runs it.
type State struct {
	Phase      Phase     `json:"phase"`
	Supervisor int       `json:"supervisor"` // pid of the supervisor
	Pid        int       `json:"pid,omitempty"`
	Started    time.Time `json:"started,omitzero"`
}

// Record is the file of one try, at the spec path: the engine writes its
// Spec; the supervisor, holding the file's lock (flock) while it
// supervises the try, adds its State and, once the task has ended, the
// Outcome. One file per try, rewritten in place: creating files is what
// costs most around a short task on many file systems.
type Record struct {
	Spec
	State   *State   `json:"state,omitempty"`
	Outcome *Outcome `json:"outcome,omitempty"`
}

// Started reports whether a supervisor has begun the try: it must never be
// started again.
func (r Record) Started() bool { return r.State != nil || r.Outcome != nil }

// Outcome is how a try ended.
type Outcome struct {
	Pid      int       `json:"pid"`
	ExitCode int       `json:"exit_code"`
	Signal   string    `json:"signal,omitempty"`
	TimedOut bool      `json:"timed_out,omitempty"`
	Stopped  bool      `json:"stopped,omitempty"`
	Error    string    `json:"error,omitempty"`
	Started  time.Time `json:"started"`
	Ended    time.Time `json:"ended"`
}

func outcomeOf(r process.Result) *Outcome {
	o := &Outcome{Pid: r.Pid, ExitCode: r.ExitCode, Signal: r.Signal, TimedOut: r.TimedOut, Stopped: r.Stopped,
		Started: r.Started, Ended: r.Ended}
	if r.Err != nil {
		o.Error = r.Err.Error()
	}
	return o
}

// Read reads the file of a try; the error wraps fs.ErrNotExist when there
// is none.
func Read(path string) (Record, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Record{}, fmt.Errorf("read task spec: %w", err)
	}
	return parse(path, b)
}

func parse(path string, b []byte) (Record, error) {
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("read task spec %q: %w", path, err)
	}
	return r, nil
}

// Held reports whether a live supervisor holds the lock on the spec file at
// path (false when there is no such file). It
// takes the lock for an instant when nobody holds it, so a supervisor
// starting at that very moment finds it held and gives up; callers that
// then start a new supervisor for the same try rely on the check of the
// record (Record.Started) every supervisor does under the lock.
func Held(path string) (bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("open supervisor lock: %w", err)
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("lock %q: %w", path, err)
	}
	return false, syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}
