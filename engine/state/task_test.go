package state

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

var allTaskStatuses = []storage.TaskStatus{tInit, tQueued, tRunning, tSuccess, tFailed, tStopping, tStopped, tRetrying}

// TestTaskMachineExhaustive applies every event to a run in every status,
// with and without retries left; pairs missing from want must be rejected.
func TestTaskMachineExhaustive(t *testing.T) {
	specs := map[string]Spec{
		"noretry": {Namespace: "ns", Workflow: "wf", Timeout: 10 * time.Second},
		"retry":   {Namespace: "ns", Workflow: "wf", Retries: 2, RetryDelay: 5 * time.Second, Timeout: 10 * time.Second},
	}
	events := map[string]TaskEvent{
		"Queue":         Queue{},
		"Started":       Started{Try: 1, Time: t0},
		"Exited0":       Exited{Try: 1, Code: 0, Time: t0},
		"Exited1":       Exited{Try: 1, Code: 1, Time: t0},
		"TimedOut":      TimedOut{Try: 1, Time: t0},
		"Lost":          Lost{Try: 1, Time: t0},
		"StopRequested": StopRequested{Time: t0},
		"StopReplaced":  StopRequested{Time: t0, Replaced: true},
		"RetryDue":      RetryDue{Time: t0},
	}
	run := func(s storage.TaskStatus, try int) Run {
		return Run{Execution: 7, Task: "t", Seq: 3, Try: try, Status: s}
	}
	pub := func(s storage.TaskStatus) Effect { return StatusChanged("ns", "wf", run(s, 1)) }
	kill := func(s storage.TaskStatus) Effect { return KillProcess{Run: run(s, 1)} }
	retry := ScheduleRetry{Run: run(tRetrying, 1), At: t0.Add(5 * time.Second)}
	type want struct {
		to storage.TaskStatus
		fx []Effect
	}
	// Keys are "STATUS event" or, when retries matter, "STATUS event spec".
	wants := map[string]want{
		"INIT Queue":               {tQueued, []Effect{StartProcess{run(tQueued, 1)}}},
		"INIT StopRequested":       {tStopped, []Effect{pub(tStopped)}},
		"INIT StopReplaced":        {tStopped, []Effect{pub(tStopped)}},
		"QUEUED Started":           {tRunning, []Effect{pub(tRunning), ArmTimeout{Run: run(tRunning, 1), At: t0.Add(10 * time.Second)}}},
		"QUEUED Exited0":           {tSuccess, []Effect{pub(tSuccess)}},
		"QUEUED Exited1 noretry":   {tFailed, []Effect{pub(tFailed)}},
		"QUEUED Exited1 retry":     {tRetrying, []Effect{pub(tRetrying), retry}},
		"QUEUED Lost noretry":      {tFailed, []Effect{kill(tFailed), pub(tFailed)}},
		"QUEUED Lost retry":        {tRetrying, []Effect{kill(tRetrying), pub(tRetrying), retry}},
		"QUEUED StopRequested":     {tStopped, []Effect{Dequeue{Run: run(tStopped, 1)}, pub(tStopped)}},
		"QUEUED StopReplaced":      {tStopped, []Effect{Dequeue{Run: run(tStopped, 1)}, pub(tStopped)}},
		"RUNNING Exited0":          {tSuccess, []Effect{pub(tSuccess)}},
		"RUNNING Exited1 noretry":  {tFailed, []Effect{pub(tFailed)}},
		"RUNNING Exited1 retry":    {tRetrying, []Effect{pub(tRetrying), retry}},
		"RUNNING TimedOut noretry": {tFailed, []Effect{kill(tFailed), pub(tFailed)}},
		"RUNNING TimedOut retry":   {tRetrying, []Effect{kill(tRetrying), pub(tRetrying), retry}},
		"RUNNING Lost noretry":     {tFailed, []Effect{kill(tFailed), pub(tFailed)}},
		"RUNNING Lost retry":       {tRetrying, []Effect{kill(tRetrying), pub(tRetrying), retry}},
		"RUNNING StopRequested":    {tStopping, []Effect{kill(tStopping)}},
		// A replaced run's STOPPED event goes out before the new run's.
		"RUNNING StopReplaced":   {tStopping, []Effect{kill(tStopping), pub(tStopped)}},
		"STOPPING Exited0":       {tStopped, []Effect{pub(tStopped)}},
		"STOPPING Exited1":       {tStopped, []Effect{pub(tStopped)}},
		"STOPPING Lost":          {tStopped, []Effect{pub(tStopped)}},
		"STOPPING StopRequested": {tStopping, nil},
		"STOPPING StopReplaced":  {tStopping, []Effect{pub(tStopped)}},
		"RETRYING StopRequested": {tStopped, []Effect{pub(tStopped)}},
		"RETRYING StopReplaced":  {tStopped, []Effect{pub(tStopped)}},
		"RETRYING RetryDue":      {tQueued, []Effect{StartProcess{run(tQueued, 2)}}},
	}
	for _, status := range allTaskStatuses {
		for evName, ev := range events {
			for specName, spec := range specs {
				t.Run(fmt.Sprintf("%s/%s/%s", status, evName, specName), func(t *testing.T) {
					w, ok := wants[fmt.Sprintf("%s %s %s", status, evName, specName)]
					if !ok {
						w, ok = wants[fmt.Sprintf("%s %s", status, evName)]
					}
					got, fx, err := ApplyTask(spec, run(status, 1), ev)
					if !ok {
						if !errors.Is(err, ErrInvalidTransition) {
							t.Fatalf("ApplyTask = %s, %v, %v; want ErrInvalidTransition", got.Status, fx, err)
						}
						if got != run(status, 1) {
							t.Errorf("rejected step changed the run to %+v", got)
						}
						return
					}
					if err != nil {
						t.Fatalf("ApplyTask: %v", err)
					}
					if got.Status != w.to {
						t.Errorf("status = %s, want %s", got.Status, w.to)
					}
					if diff := cmp.Diff(w.fx, fx); diff != "" {
						t.Errorf("effects (-want +got):\n%s", diff)
					}
					// Recovery arms again what the transition armed.
					var timers []Effect
					for _, f := range fx {
						switch f.(type) {
						case ArmTimeout, ScheduleRetry:
							timers = append(timers, f)
						}
					}
					var began time.Time
					if st, ok := ev.(Started); ok {
						began = st.Time
					}
					if diff := cmp.Diff(timers, RunTimers(spec, got, began, EventTime(ev))); diff != "" {
						t.Errorf("RunTimers differs from the transition's timers (-transition +RunTimers):\n%s", diff)
					}
				})
			}
		}
	}
}

// TestTaskFinishedIsTerminal checks that late reports for a finished run
// (AIFlow ignored them with a warning) are rejected and name status and
// event.
func TestTaskFinishedIsTerminal(t *testing.T) {
	r := Run{Execution: 1, Task: "a", Seq: 1, Try: 1, Status: tStopped}
	_, _, err := ApplyTask(Spec{}, r, Started{Try: 1, Time: t0})
	if !errors.Is(err, ErrInvalidTransition) {
		t.Fatalf("err = %v, want ErrInvalidTransition", err)
	}
	if want := "invalid transition from STOPPED on Started (run 1_a_1)"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

// TestTaskStaleTry: a try that timed out is given up and retried; its
// process's late exit must not finish the next try.
func TestTaskStaleTry(t *testing.T) {
	s := Spec{Namespace: "ns", Workflow: "wf", Retries: 1, Timeout: time.Second}
	r := Run{Execution: 1, Task: "a", Seq: 1, Try: 1, Status: tRunning}
	r, _ = mustTask(t, s, r, TimedOut{Try: 1, Time: t0})
	r, _ = mustTask(t, s, r, RetryDue{Time: t0})
	r, _ = mustTask(t, s, r, Started{Try: 2, Time: t0})
	_, _, err := ApplyTask(s, r, Exited{Try: 1, Code: 0, Time: t0})
	if !errors.Is(err, ErrInvalidTransition) {
		t.Fatalf("stale exit: err = %v, want ErrInvalidTransition", err)
	}
	if want := "invalid transition from RUNNING on Exited: event is for try 1, run 1_a_1 is at try 2"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func mustTask(t *testing.T, s Spec, r Run, ev TaskEvent) (Run, []Effect) {
	t.Helper()
	r, fx, err := ApplyTask(s, r, ev)
	if err != nil {
		t.Fatalf("ApplyTask(%s): %v", ev.Name(), err)
	}
	return r, fx
}

// TestRetriesWithBackoff follows a task with retries=3, retry_delay=10 and
// exponential backoff through three failed tries and a fourth that fails
// for good (decisions.md Fix 1): RETRYING with the try number counting up,
// retries at +10s, +20s, +40s, FAILED (published) only when tries are used
// up.
func TestRetriesWithBackoff(t *testing.T) {
	w := &ir.Workflow{Name: "wf", Namespace: "ns"}
	task := &ir.Task{Name: "a", Retries: 3, RetryDelay: 10, RetryExponentialBackoff: true}
	s := SpecOf(w, task)
	r := Run{Execution: 1, Task: "a", Seq: 1, Status: tInit, Try: 1}
	r, _ = mustTask(t, s, r, Queue{})
	now := t0
	var retryAt []time.Duration
	for try := 1; try <= 4; try++ {
		if r.Try != try || r.Status != tQueued {
			t.Fatalf("before try %d: run %+v", try, r)
		}
		r, _ = mustTask(t, s, r, Started{Try: try, Time: now})
		now = now.Add(time.Minute)
		var fx []Effect
		r, fx = mustTask(t, s, r, Exited{Try: try, Code: 2, Time: now})
		if try == 4 {
			if r.Status != tFailed {
				t.Fatalf("last try: status %s, want FAILED", r.Status)
			}
			if diff := cmp.Diff([]Effect{StatusChanged("ns", "wf", r)}, fx); diff != "" {
				t.Errorf("last try effects (-want +got):\n%s", diff)
			}
			break
		}
		if r.Status != tRetrying {
			t.Fatalf("try %d: status %s, want RETRYING", try, r.Status)
		}
		sr, ok := fx[len(fx)-1].(ScheduleRetry)
		if !ok {
			t.Fatalf("try %d: effects %v lack ScheduleRetry", try, fx)
		}
		retryAt = append(retryAt, sr.At.Sub(now))
		now = sr.At
		r, _ = mustTask(t, s, r, RetryDue{Time: now})
	}
	want := []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second}
	if diff := cmp.Diff(want, retryAt); diff != "" {
		t.Errorf("retry delays (-want +got):\n%s", diff)
	}
}

func TestRetryDelayAfter(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		try  int
		want time.Duration
	}{
		{"fixed", Spec{RetryDelay: 3 * time.Second}, 5, 3 * time.Second},
		{"backoff first", Spec{RetryDelay: 3 * time.Second, Backoff: true}, 1, 3 * time.Second},
		{"backoff third", Spec{RetryDelay: 3 * time.Second, Backoff: true}, 3, 12 * time.Second},
		{"backoff capped", Spec{RetryDelay: time.Hour, Backoff: true}, 60, MaxRetryDelay},
		{"no delay", Spec{Backoff: true}, 4, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.spec.RetryDelayAfter(tt.try); got != tt.want {
				t.Errorf("RetryDelayAfter(%d) = %v, want %v", tt.try, got, tt.want)
			}
		})
	}
}

// TestTimeout: a run with timeout=30 arms a timer 30s after it starts; when
// it fires the process group is killed, the run is FAILED and the FAILED
// status event is published so rules on FAILED fire (decisions.md Fix 2;
// AIFlow's heartbeat timeout did neither).
func TestTimeout(t *testing.T) {
	w := &ir.Workflow{Name: "wf", Namespace: "ns"}
	s := SpecOf(w, &ir.Task{Name: "a", Timeout: 30})
	r := Run{Execution: 4, Task: "a", Seq: 1, Try: 1, Status: tQueued}
	r, fx := mustTask(t, s, r, Started{Try: 1, Time: t0})
	arm := ArmTimeout{Run: r, At: t0.Add(30 * time.Second)}
	if diff := cmp.Diff([]Effect{StatusChanged("ns", "wf", r), arm}, fx); diff != "" {
		t.Errorf("start effects (-want +got):\n%s", diff)
	}
	r, fx = mustTask(t, s, r, TimedOut{Try: 1, Time: arm.At})
	want := []Effect{
		KillProcess{Run: r},
		PublishStatusChanged{
			Key:       "[task_status_change].ns.wf.a",
			Value:     "TASK_STATUS_CHANGED",
			Namespace: "ns",
			Context:   `{"namespace":"ns","workflow_execution_id":4,"workflow_name":"wf","task_name":"a","task_status":"FAILED"}`,
			Run:       r,
		},
	}
	if diff := cmp.Diff(want, fx); diff != "" {
		t.Errorf("timeout effects (-want +got):\n%s", diff)
	}
	// The killed process's exit comes later and changes nothing.
	if _, _, err := ApplyTask(s, r, Exited{Try: 1, Code: -9, Time: arm.At}); !errors.Is(err, ErrInvalidTransition) {
		t.Errorf("exit after timeout: err = %v, want ErrInvalidTransition", err)
	}
}

func TestRunKey(t *testing.T) {
	r := Run{Execution: 12, Task: "my_task", Seq: 3}
	if got := r.Key(); got != "12_my_task_3" {
		t.Errorf("Key = %q", got)
	}
}

// TestTaskTableWellFormed: every row's event exists, and no two unguarded
// rows share a (status, event) pair, so the table is deterministic.
func TestTaskTableWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, tr := range TaskTransitions() {
		for _, from := range tr.From {
			k := string(from) + " " + tr.Event
			if tr.When == "" {
				if seen[k] {
					t.Errorf("two unguarded rows for %s", k)
				}
				seen[k] = true
			} else if seen[k] {
				t.Errorf("guarded row %s (%s) after the unguarded one never applies", k, tr.When)
			}
		}
	}
}
