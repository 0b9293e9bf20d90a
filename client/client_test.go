package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestNotAiflow: a port held by something else than an aiflow server gives
// a NotAiflowError before any other call, quickly, whatever it does.
func TestNotAiflow(t *testing.T) {
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>hello</html>"))
	}))
	t.Cleanup(html.Close)
	garbage := listen(t, func(c net.Conn) { c.Write([]byte("\x00\x00\x12\x04\x00\x00\x00\x00\x00")); c.Close() })
	silent := listen(t, func(c net.Conn) { time.Sleep(2 * ProbeTimeout); c.Close() })
	for _, tt := range []struct {
		name, addr, detail string
	}{
		{"html", strings.TrimPrefix(html.URL, "http://"), "its answer to /api/v1/health is not JSON"},
		{"not http", garbage, "no HTTP answer: "},
		{"silent", silent, "it does not answer within 5s"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			_, err := New(tt.addr, "").Checked().Namespaces(context.Background())
			var na *NotAiflowError
			if !errors.As(err, &na) || !strings.Contains(na.Detail, tt.detail) {
				t.Fatalf("err = %v, want a NotAiflowError saying %q", err, tt.detail)
			}
			if d := time.Since(start); d > ProbeTimeout+time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
}

// TestNotRunning: nothing listens.
func TestNotRunning(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = New(addr, "").Checked().Namespaces(context.Background())
	var nr *NotRunningError
	if !errors.As(err, &nr) || err.Error() != "aiflow server is not running at "+addr+"; start it with 'aiflow server start'" {
		t.Errorf("err = %v", err)
	}
}

// listen serves each connection with serve until the test ends.
func listen(t *testing.T, serve func(net.Conn)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serve(c)
		}
	}()
	return ln.Addr().String()
}
