package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/engine/supervisor"
)

// TestTaskmanagerRun checks the wiring of the hidden "taskmanager run"
// command: its exit status says whether the supervisor did its job, not how
// the task ended.
func TestTaskmanagerRun(t *testing.T) {
	var mu sync.Mutex
	var events []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var rep api.TaskReport
		json.NewDecoder(r.Body).Decode(&rep)
		mu.Lock()
		events = append(events, rep.Event)
		mu.Unlock()
		w.Write([]byte("{}"))
	}))
	defer srv.Close()

	t.Run("task fails", func(t *testing.T) {
		dir := t.TempDir()
		spec := supervisor.Spec{
			Server: strings.TrimPrefix(srv.URL, "http://"), TaskExecutionID: 1, Key: "1_t_1", Try: 1,
			Path: "bash", Args: []string{"-c", "exit 3"}, Env: []string{"PATH=" + os.Getenv("PATH")},
			LogPath: filepath.Join(dir, "task.log"), Grace: time.Second,
		}
		b, err := json.Marshal(spec)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "try.json")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr strings.Builder
		if code := Main([]string{"taskmanager", "run", path}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
			t.Fatalf("exit code %d, want 0; stderr:\n%s", code, stderr.String())
		}
		rec, err := supervisor.Read(path)
		if err != nil || rec.Outcome == nil || rec.Outcome.ExitCode != 3 {
			t.Errorf("record %+v (%v), want an outcome with exit code 3", rec, err)
		}
		mu.Lock()
		got := strings.Join(events, ",")
		mu.Unlock()
		if got != "started,exited" {
			t.Errorf("reports %s, want started,exited", got)
		}
		if stdout.Len() != 0 || !strings.Contains(stderr.String(), "task ended") {
			t.Errorf("stdout %q, stderr %q; want the supervisor log on stderr only", stdout.String(), stderr.String())
		}
	})
	t.Run("spec on stdin", func(t *testing.T) {
		// A warm supervisor that is never needed exits quietly.
		var stderr strings.Builder
		if code := Main([]string{"taskmanager", "run", "-"}, strings.NewReader(""), &strings.Builder{}, &stderr); code != exitOK {
			t.Errorf("exit code %d, stderr %q", code, stderr.String())
		}
		// Each spec gets an answer, a bad one too, and the supervisor
		// waits for the next until stdin closes.
		path := filepath.Join(t.TempDir(), "none.json")
		var stdout strings.Builder
		code := Main([]string{"taskmanager", "run", "-"}, strings.NewReader(path+"\n"+path+"\n"), &stdout, &stderr)
		if code != exitOK || stdout.String() != "done\ndone\n" || strings.Count(stderr.String(), path) != 2 {
			t.Errorf("exit code %d, stdout %q, stderr %q; want 0, two done and two errors naming %s", code, stdout.String(), stderr.String(), path)
		}
	})
	t.Run("bad spec", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "none.json")
		var stderr strings.Builder
		code := Main([]string{"taskmanager", "run", path}, strings.NewReader(""), &strings.Builder{}, &stderr)
		want := "aiflow: error: read task spec: open " + path + ": no such file or directory\n"
		if code != exitFindings || stderr.String() != want {
			t.Errorf("exit code %d, stderr %q; want %d, %q", code, stderr.String(), exitFindings, want)
		}
	})
}
