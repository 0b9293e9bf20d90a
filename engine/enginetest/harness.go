package enginetest

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/parser"
	"github.com/aiflow-go/aiflow/pydef"
	"github.com/aiflow-go/aiflow/server"
	"github.com/aiflow-go/aiflow/storage"
	"github.com/aiflow-go/aiflow/storage/sqlite/sqlitetest"
)

// Harness is a server with its engine over a fresh database, in process,
// whose supervisors are the aiflow binary (see Link).
type Harness struct {
	t      testing.TB
	Client *client.Client
	Store  storage.Store
	Engine *engine.Engine
	// Dir holds the working and log folders.
	Dir string
}

// Start serves a fresh database with an engine configured by o (Server,
// Token, Executable, WorkingDir and LogDir are filled in) until
// the test ends.
func Start(t testing.TB, o engine.Options) *Harness {
	t.Helper()
	st := sqlitetest.New(t)
	p, err := parser.New(pydef.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := &Harness{t: t, Store: st, Dir: TempDir(t)}
	hs := httptest.NewUnstartedServer(nil)
	o.Server = hs.Listener.Addr().String()
	bin := filepath.Join(h.Dir, "bin")
	o.Executable = Link(t, bin)
	if o.Environ == nil {
		o.Environ = os.Environ()
	}
	o.Environ = append(o.Environ, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "AIFLOW_HOME="+h.Dir)
	o.WorkingDir = filepath.Join(h.Dir, "working_dir")
	o.LogDir = filepath.Join(h.Dir, "logs")
	o.PythonShim = pydef.ShimFS()
	if o.Conditions == nil {
		cs, err := pydef.NewConditions(pydef.ConditionOptions{Dir: filepath.Join(o.WorkingDir, ".conditions")})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(cs.Close)
		o.Conditions = server.Conditions(cs)
	}
	h.Engine = engine.New(st, o)
	srv := server.New(st, p, server.Options{Token: o.Token, Engine: h.Engine, CheckExecutable: o.Executable})
	hs.Config.Handler = srv.Handler()
	hs.Start()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := h.Engine.Run(ctx); err != nil {
			t.Errorf("engine: %v", err)
		}
	}()
	t.Cleanup(func() {
		// Runs still alive (a test that ended early) would write into the
		// folders the test is about to remove.
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			alive, err := st.TaskExecutionsByStatus(context.Background(), storage.TaskQueued, storage.TaskRunning, storage.TaskStopping)
			if err != nil || len(alive) == 0 {
				break
			}
		}
		hs.Close()
		cancel()
		<-done
	})
	h.Client = client.New(strings.TrimPrefix(hs.URL, "http://"), o.Token)
	return h
}

// TempDir returns a temporary folder removed when the test ends. Unlike
// t.TempDir it tries again for a few seconds: a supervisor may still write
// its last log line after its server has stopped (supervisors outlive
// servers on purpose), which makes a single RemoveAll fail.
func TempDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "aiflow-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return dir
}

// Upload uploads a definition (its extension picks the front end).
func (h *Harness) Upload(name, source string) {
	h.t.Helper()
	if _, err := h.Client.Upload(context.Background(), api.UploadRequest{Path: name, Source: []byte(source)}); err != nil {
		h.t.Fatalf("upload %s: %v", name, err)
	}
}

// StartExecution starts an execution of workflow name in the default
// namespace.
func (h *Harness) StartExecution(name string) int64 {
	h.t.Helper()
	x, err := h.Client.StartExecution(context.Background(), storage.DefaultNamespace, name, api.StartExecutionRequest{})
	if err != nil {
		h.t.Fatalf("start %s: %v", name, err)
	}
	return x.ID
}

// Wait polls execution id until cond holds for it, failing the test after
// timeout.
func (h *Harness) Wait(id int64, timeout time.Duration, what string, cond func(api.ExecutionDetail) bool) api.ExecutionDetail {
	h.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		x, err := h.Client.Execution(context.Background(), id)
		if err != nil {
			h.t.Fatalf("execution %d: %v", id, err)
		}
		if cond(x) {
			return x
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("execution %d: %s not reached within %v; now %s, runs %s", id, what, timeout, x.Status, Runs(x))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Finished waits until execution id has finished.
func (h *Harness) Finished(id int64, timeout time.Duration) api.ExecutionDetail {
	h.t.Helper()
	return h.Wait(id, timeout, "the end", func(x api.ExecutionDetail) bool {
		return storage.ExecutionStatus(x.Status).Finished()
	})
}

// Runs describes the runs of an execution as "task:seq:STATUS" in id order.
func Runs(x api.ExecutionDetail) string {
	var b strings.Builder
	for i, te := range x.TaskExecutions {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(te.Task + ":" + strconv.Itoa(te.SequenceNumber) + ":" + te.Status)
	}
	return b.String()
}
