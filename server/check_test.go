package server_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/enginetest"
	"github.com/aiflow-go/aiflow/parser"
	"github.com/aiflow-go/aiflow/pydef"
	"github.com/aiflow-go/aiflow/server"
	"github.com/aiflow-go/aiflow/storage/sqlite/sqlitetest"
)

// checking serves a fresh database whose uploads are loaded in child
// processes of the aiflow binary within lim.
func checking(t *testing.T, lim server.CheckLimits) *client.Client {
	t.Helper()
	st := sqlitetest.New(t)
	p, err := parser.New(pydef.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(st, p, server.Options{Engine: engine.New(st, engine.Options{}), UploadDir: t.TempDir(),
		CheckExecutable: enginetest.Binary(t), CheckLimits: lim})
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return client.New(strings.TrimPrefix(hs.URL, "http://"), "")
}

// TestCheckInChild uploads definitions that the child process loads, and
// ones that run it out of memory or time: those answer a diagnostic at
// the file, and the server goes on.
func TestCheckInChild(t *testing.T) {
	ctx := context.Background()
	c := checking(t, server.CheckLimits{MaxMB: 200, Timeout: 20 * time.Second})
	py := "from ai_flow.model.workflow import Workflow\nfrom ai_flow.operators.bash import BashOperator\n" +
		"with Workflow(name='w', namespace='default') as w:\n    BashOperator(name='t', bash_command='echo')\n"
	out, err := c.Upload(ctx, api.UploadRequest{Path: "w.py", Source: []byte(py)})
	if err != nil || len(out.Workflows) != 1 || out.Workflows[0].Name != "w" {
		t.Fatalf("upload = %+v, %v", out, err)
	}
	// Bad definitions answer the child's diagnostics, with the client's
	// paths.
	_, err = c.Upload(ctx, api.UploadRequest{Path: "defs/bad.py", Source: []byte("x = (\n")})
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusUnprocessableEntity || len(ce.Body.Diagnostics) == 0 ||
		ce.Body.Diagnostics[0].Code != "syntax-error" || ce.Body.Diagnostics[0].File != "defs/bad.py" {
		t.Fatalf("upload of a syntax error = %v", err)
	}

	// The interpreter bounds what a program builds; parsing 1.9 MB of
	// literals takes more memory than the child has.
	hog := "x = [" + strings.Repeat("1,", 950_000) + "]\n"
	_, err = c.Upload(ctx, api.UploadRequest{Path: "hog.py", Source: []byte(hog)})
	if !errors.As(err, &ce) || len(ce.Body.Diagnostics) != 1 || ce.Body.Diagnostics[0].Code != "load-budget-exceeded" ||
		ce.Body.Diagnostics[0].File != "hog.py" || !strings.Contains(ce.Body.Diagnostics[0].Message, "more than 200 MiB of memory (upload_check_max_mb)") {
		t.Fatalf("upload of a memory hog = %v %+v", err, ce)
	}

	slow := checking(t, server.CheckLimits{Timeout: time.Millisecond})
	_, err = slow.Upload(ctx, api.UploadRequest{Path: "w.py", Source: []byte(py)})
	if !errors.As(err, &ce) || len(ce.Body.Diagnostics) != 1 || !strings.Contains(ce.Body.Diagnostics[0].Message, "did not finish within 1ms (upload_check_timeout)") {
		t.Fatalf("upload past its time = %v %+v", err, ce)
	}

	// The server still serves.
	if out, err := c.Upload(ctx, api.UploadRequest{Path: "w.py", Source: []byte(py)}); err != nil || len(out.Workflows) != 1 {
		t.Fatalf("upload after the failures = %+v, %v", out, err)
	}
}
