package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
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

// TestListenFromNow checks that listen without --begin-offset prints only
// events sent after it started, and that SIGINT ends it with status 0. The
// server tells the test when the listener's first long poll arrives, so
// there is no sleep and no race.
func TestListenFromNow(t *testing.T) {
	ctx := context.Background()
	st := sqlitetest.New(t)
	p, err := parser.New(pydef.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(st, p, server.Options{Engine: engine.New(st, engine.Options{})}).Handler()
	polled := make(chan struct{}, 10)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == api.PathEvents {
			polled <- struct{}{}
		}
		h.ServeHTTP(w, r)
	}))
	defer hs.Close()
	addr := strings.TrimPrefix(hs.URL, "http://")
	t.Setenv("AIFLOW_HOME", t.TempDir())
	t.Setenv("AIFLOW_SERVER", addr)
	cl := client.New(addr, "")
	if _, err := cl.SendEvent(ctx, api.SendEventRequest{Key: "k", Value: "before"}); err != nil {
		t.Fatal(err)
	}

	pr, pw := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- Main([]string{"event", "listen", "k"}, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	select {
	case <-polled:
	case <-time.After(10 * time.Second):
		t.Fatal("listen did not poll the server")
	}
	if _, err := cl.SendEvent(ctx, api.SendEventRequest{Key: "other", Value: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.SendEvent(ctx, api.SendEventRequest{Key: "k", Value: "after"}); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(line, "key:k, value:after, namespace:default,") {
		t.Errorf("listen printed %q, want the event sent after it started", line)
	}
	go io.Copy(io.Discard, pr)
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("listen exited with %d after SIGINT, want 0", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("listen did not stop on SIGINT")
	}
}

// TestEventListPages: the server answers at most api.MaxEventPage events a
// call, and event list asks for pages until it has them all.
func TestEventListPages(t *testing.T) {
	ctx := context.Background()
	st := sqlitetest.New(t)
	const n = api.MaxEventPage + 2
	err := st.Update(ctx, func(tx storage.Tx) error {
		for range n {
			if _, err := tx.AppendEvent(ctx, storage.Event{Key: "k", Value: "v", Namespace: "default"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := parser.New(pydef.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(st, p, server.Options{Engine: engine.New(st, engine.Options{})}).Handler()
	var calls int
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == api.PathEvents {
			calls++
		}
		h.ServeHTTP(w, r)
	}))
	defer hs.Close()
	t.Setenv("AIFLOW_HOME", t.TempDir())
	t.Setenv("AIFLOW_SERVER", strings.TrimPrefix(hs.URL, "http://"))
	var out, errs strings.Builder
	if code := Main([]string{"event", "list", "k"}, strings.NewReader(""), &out, &errs); code != 0 {
		t.Fatalf("event list: exit %d: %s", code, errs.String())
	}
	if rows := strings.Count(out.String(), "\n") - 1; rows != n || calls != 2 {
		t.Errorf("event list printed %d rows in %d calls, want %d in 2", rows, calls, n)
	}
	evs, err := client.New(strings.TrimPrefix(hs.URL, "http://"), "").Events(ctx, api.EventQuery{Limit: n})
	if err != nil || len(evs) != api.MaxEventPage {
		t.Errorf("one call answered %d events, %v; want %d", len(evs), err, api.MaxEventPage)
	}
}
