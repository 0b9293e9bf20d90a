//go:build unix

package supervisor

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"time"
)

// Spec is one try of one task run, as the engine hands it to a supervisor:
// the JSON file whose path is the argument of `aiflow taskmanager run`.
// The file is written atomically with mode 0600 (it holds the API token)
// before the supervisor starts, and never changes.
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
}

// Phase is how far a supervisor got, as its state file says.
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

// State is the supervisor's state file: who supervises the try and which
// process group runs it.
type State struct {
	Phase      Phase     `json:"phase"`
	Supervisor int       `json:"supervisor"` // pid of the supervisor
	Pid        int       `json:"pid,omitempty"`
	Started    time.Time `json:"started,omitzero"`
}

// Files returns the paths that go with a spec file path (which must end in
// ".json"): the supervisor's state file and the final status file
// (process.WriteStatus). The spec file itself is the lock the supervisor
// holds (flock) while it supervises the try: one file fewer to create per
// try, which matters on file systems where creating files is slow.
func Files(spec string) (state, status string) {
	base := strings.TrimSuffix(spec, ".json")
	return base + ".state", base + ".status"
}

// ReadSpec reads a spec file.
func ReadSpec(path string) (Spec, error) {
	var s Spec
	b, err := os.ReadFile(path)
	if err != nil {
		return s, fmt.Errorf("read task spec: %w", err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("read task spec %q: %w", path, err)
	}
	return s, nil
}

// ReadState reads a state file; the error wraps fs.ErrNotExist when the
// supervisor has written none.
func ReadState(path string) (State, error) {
	var s State
	b, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("read supervisor state %q: %w", path, err)
	}
	return s, nil
}

// Held reports whether a live supervisor holds the lock on the spec file at
// path (false when there is no such file). It
// takes the lock for an instant when nobody holds it, so a supervisor
// starting at that very moment finds it held and gives up; callers that
// then start a new supervisor for the same try rely on the state file
// check every supervisor does under the lock.
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
