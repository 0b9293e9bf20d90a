package engine_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/engine/enginetest"
)

// TestCrashRecovery kills the server with SIGKILL while 50 executions of a
// 10-task workflow run, starts it again, and checks that every execution
// completes, that no try of any run started twice (each task process
// appends a line to a file of its own), and that no event or outcome was
// lost (the in-task event that starts t5 and every exit).
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers")
	}
	home := enginetest.TempDir(t)
	marks := filepath.Join(home, "marks")
	if err := os.MkdirAll(marks, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(home, "bin")
	aiflow := enginetest.Link(t, bin)
	addr := freeAddr(t)
	config := "server_address: " + addr + "\ntask_parallelism: 16\n"
	if err := os.WriteFile(filepath.Join(home, "aiflow_server.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "AIFLOW_HOME="+home, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(aiflow, args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("aiflow %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	server := func() *exec.Cmd {
		t.Helper()
		cmd := exec.Command(aiflow, "server", "start")
		cmd.Env = env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			cmd.Process.Signal(syscall.SIGTERM)
			cmd.Wait()
		})
		return cmd
	}
	c := client.New(addr, "")
	ctx := context.Background()
	waitUp := func() {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if _, err := c.Health(ctx); err == nil {
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("server did not come up")
			}
		}
	}
	run("db", "init")
	srv := server()
	waitUp()

	var wf strings.Builder
	wf.WriteString("name: crash\ntasks:\n")
	mark := `echo x >> ` + marks + `/$AIFLOW_EXECUTION_ID.$AIFLOW_TASK.$AIFLOW_SEQUENCE_NUMBER.$AIFLOW_TRY_NUMBER; sleep 0.1`
	for i := range 10 {
		fmt.Fprintf(&wf, "  - name: t%d\n    operator: bash\n    bash_command: '%s'\n", i, mark)
		switch {
		case i == 4:
			wf.WriteString("    start_after: [t3]\n")
			wf.WriteString("    bash_command: '" + mark + "; aiflow event send go'\n")
		case i == 5:
			wf.WriteString("    rules:\n      - {action: START, event: go}\n")
		case i > 0:
			fmt.Fprintf(&wf, "    start_after: [t%d]\n", i-1)
		}
	}
	src := strings.Replace(wf.String(), "    bash_command: '"+mark+"'\n    start_after: [t3]\n    bash_command", "    start_after: [t3]\n    bash_command", 1)
	if _, err := c.Upload(ctx, api.UploadRequest{Path: "crash.yaml", Source: []byte(src)}); err != nil {
		t.Fatalf("upload: %v\n%s", err, src)
	}
	const n = 50
	for range n {
		if _, err := c.StartExecution(ctx, "default", "crash", api.StartExecutionRequest{}); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(1500 * time.Millisecond)
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	srv.Wait()
	time.Sleep(300 * time.Millisecond)
	server()
	waitUp()

	deadline := time.Now().Add(30 * time.Second)
	for {
		xs, err := c.Executions(ctx, "default", "crash")
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, x := range xs {
			if x.Status != "RUNNING" {
				done++
			}
		}
		if done == n {
			break
		}
		if time.Now().After(deadline) {
			for _, x := range xs {
				if x.Status == "RUNNING" {
					d, _ := c.Execution(ctx, x.ID)
					t.Logf("execution %d: %s", x.ID, enginetest.Runs(d))
				}
			}
			log, _ := os.ReadFile(filepath.Join(home, "logs", "aiflow_server.log"))
			t.Fatalf("%d of %d executions finished; server log:\n%s", done, n, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for id := int64(1); id <= n; id++ {
		x, err := c.Execution(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != "SUCCESS" || len(x.TaskExecutions) != 10 {
			t.Errorf("execution %d: %s, runs %s", id, x.Status, enginetest.Runs(x))
		}
		for _, te := range x.TaskExecutions {
			if te.Status != "SUCCESS" || te.SequenceNumber != 1 || te.TryNumber != 1 {
				t.Errorf("execution %d: run %s#%d try %d %s", id, te.Task, te.SequenceNumber, te.TryNumber, te.Status)
			}
		}
	}
	files, err := os.ReadDir(marks)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != n*10 {
		t.Errorf("%d task processes ran, want %d", len(files), n*10)
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(marks, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != "x\n" {
			t.Errorf("%s started %d times", f.Name(), strings.Count(string(data), "x"))
		}
	}
	if got, err := c.CountEvents(ctx, api.EventQuery{Keys: []string{"go"}}); err != nil || got != n {
		t.Errorf("%d go events, %v; want %d", got, err, n)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
