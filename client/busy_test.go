package client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aiflow-go/aiflow/api"
)

// TestBusyRetried: a call answered 503 "busy" is sent again, body
// included; another 503 is not.
func TestBusyRetried(t *testing.T) {
	var calls atomic.Int32
	var mu sync.Mutex
	var bodies []string
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch n := calls.Add(1); {
		case r.URL.Path == api.PathNamespaces && n <= 2:
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"code":"busy","message":"the aiflow server has 3 connections open"}`)
		case r.URL.Path == api.PathNamespaces:
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"name":"ml","properties":{}}`)
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"code":"shutting_down","message":"request cancelled"}`)
		}
	}))
	defer hs.Close()
	c := New(strings.TrimPrefix(hs.URL, "http://"), "")
	ns, err := c.AddNamespace(context.Background(), "ml", nil)
	if err != nil || ns.Name != "ml" || calls.Load() != 3 {
		t.Fatalf("AddNamespace = %+v, %v after %d calls; want ml after 3", ns, err, calls.Load())
	}
	mu.Lock()
	for _, b := range bodies {
		if !strings.Contains(b, `"name":"ml"`) {
			t.Errorf("a retry sent %q", b)
		}
	}
	mu.Unlock()
	calls.Store(10)
	if _, err := c.Workflows(context.Background(), "x"); err == nil || calls.Load() != 11 {
		t.Errorf("Workflows = %v after %d calls; want the 503 at once", err, calls.Load()-10)
	}
}
