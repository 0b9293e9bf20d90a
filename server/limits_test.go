package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/config"
	"github.com/aiflow-go/aiflow/engine/enginetest"
	"github.com/aiflow-go/aiflow/server"
)

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// runServer runs server.Run with o (Home, Address, Database, Executable,
// Log and Ready filled in) until the test ends; it returns the address and
// the log.
func runServer(t *testing.T, o server.RunOptions) (string, *syncBuffer) {
	addr, logs, _ := runServerHome(t, o)
	return addr, logs
}

// runServerHome is runServer that also returns the server's home.
func runServerHome(t *testing.T, o server.RunOptions) (string, *syncBuffer, string) {
	t.Helper()
	home, db := initHome(t)
	o.Home, o.Address, o.Database, o.Executable = home, "127.0.0.1:0", db, enginetest.Binary(t)
	logs := &syncBuffer{}
	o.Log = slog.New(slog.NewTextHandler(logs, nil))
	ready := make(chan net.Addr, 1)
	o.Ready = func(a net.Addr) { ready <- a }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, o) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	select {
	case a := <-ready:
		return a.String(), logs, home
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("server not ready")
	}
	return "", nil, ""
}

// uploadBody writes the JSON body of an upload of a YAML workflow with one
// artifact of size random bytes to a file, base64 streamed, so that the
// test itself holds none of it in memory.
func uploadBody(t testing.TB, name string, size int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "body.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	src := base64.StdEncoding.EncodeToString(yamlWF(name, ""))
	fmt.Fprintf(w, `{"path":%q,"source":%q,"files":[{"path":"data.bin","mode":420,"data":"`, name+".yaml", src)
	enc := base64.NewEncoder(base64.StdEncoding, w)
	rnd := rand.New(rand.NewPCG(1, 2))
	chunk := make([]byte, 1<<20)
	for left := size; left > 0; left -= len(chunk) {
		for i := range chunk {
			chunk[i] = byte(rnd.Uint32())
		}
		if _, err := enc.Write(chunk[:min(left, len(chunk))]); err != nil {
			t.Fatal(err)
		}
	}
	enc.Close()
	w.WriteString(`"}]}`)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// postFile posts the file at path as the body of an upload.
func postFile(addr, path string) (int, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	resp, err := http.Post("http://"+addr+api.PathUploads, "application/json", f)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

// peakHeap samples the heap in use while f runs and returns the highest
// growth over the heap before f.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > base && ms.HeapInuse-base > peak.Load() {
				peak.Store(ms.HeapInuse - base)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})
	f()
	close(stop)
	wg.Wait()
	return peak.Load()
}

// vmHWM returns the process's peak resident set, in bytes, after resetting
// it when reset is set (Linux; 0 elsewhere).
func vmHWM(reset bool) uint64 {
	if reset {
		os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	}
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n << 10
		}
	}
	return 0
}

// TestUploadStreamsToDisk: one upload of a 45 MB artifact adds (almost)
// nothing to the server's heap: the body is streamed to disk and the
// artifact is stored from a mapping of its staged file. Before, it added
// 141 MB (the base64 body, the decoded bytes, copies).
func TestUploadStreamsToDisk(t *testing.T) {
	const size = 45 << 20
	addr, _, home := runServerHome(t, server.RunOptions{})
	body := uploadBody(t, "big", size)
	runtime.GC()
	rss0 := vmHWM(true)
	var code int
	var msg string
	var err error
	heap := peakHeap(func() { code, msg, err = postFile(addr, body) })
	rss := vmHWM(false)
	if err != nil || code != http.StatusCreated {
		t.Fatalf("upload: %d %.300s %v", code, msg, err)
	}
	t.Logf("one %d MB upload: peak heap growth %d MB, peak RSS growth %d MB", size>>20, heap>>20, (rss-rss0)>>20)
	if heap > 16<<20 {
		t.Errorf("one %d MB upload grew the heap by %d MB, want under 16 MB", size>>20, heap>>20)
	}
	wf, err := client.New(addr, "").Workflow(context.Background(), "default", "big")
	if err != nil || len(wf.Snapshot.Files) != 1 || wf.Snapshot.Files[0] != "data.bin" {
		t.Fatalf("stored snapshot: %+v, %v", wf.Snapshot, err)
	}
	// The staging folder is emptied.
	if left, err := os.ReadDir(filepath.Join(home, "working_dir", ".uploads")); err != nil || len(left) != 0 {
		t.Errorf("staging folder: %v, %v; want it empty", left, err)
	}
}

// rawCall sends req (a whole HTTP/1.1 request, or the start of one) on a
// new connection and returns the connection and a reader of its answers.
func rawCall(t *testing.T, addr, req string) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	return c, bufio.NewReader(c)
}

// closedWithin reads c until the server closes it, failing the test if
// that takes longer than d.
func closedWithin(t *testing.T, c net.Conn, r *bufio.Reader, d time.Duration) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, r)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the server kept the connection open for %v", d)
	}
}

// TestIdleTimeout: an idle keep-alive connection is closed.
func TestIdleTimeout(t *testing.T) {
	addr, _ := runServer(t, server.RunOptions{IdleTimeout: 200 * time.Millisecond})
	c, r := rawCall(t, addr, "GET "+api.PathHealth+" HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(r, nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("health: %v, %v", resp, err)
	}
	io.Copy(io.Discard, resp.Body)
	closedWithin(t, c, r, 3*time.Second)
}

// TestSlowClients: a client that sends its headers or its body too slowly
// is cut off, whatever it promised.
func TestSlowClients(t *testing.T) {
	addr, _ := runServer(t, server.RunOptions{ReadHeaderTimeout: 200 * time.Millisecond, ReadTimeout: 300 * time.Millisecond})
	t.Run("headers", func(t *testing.T) {
		c, r := rawCall(t, addr, "GET "+api.PathHealth+" HTTP/1.1\r\nHost: x\r\n")
		closedWithin(t, c, r, 3*time.Second)
	})
	t.Run("body", func(t *testing.T) {
		c, r := rawCall(t, addr, "POST "+api.PathNamespaces+" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\"")
		c.SetReadDeadline(time.Now().Add(3 * time.Second))
		resp, err := http.ReadResponse(r, nil)
		if err == nil && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d, want 400 (or no answer)", resp.StatusCode)
		}
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatal("the server waited for the body for 3s")
		}
		closedWithin(t, c, r, 3*time.Second)
	})
}

// TestLongPollOutlivesTimeouts: a long poll and an upload take longer than
// the server's read and write timeouts, and still answer.
func TestLongPollOutlivesTimeouts(t *testing.T) {
	addr, _ := runServer(t, server.RunOptions{ReadTimeout: 200 * time.Millisecond, WriteTimeout: 200 * time.Millisecond})
	c := client.New(addr, "")
	begin := time.Now()
	evs, err := c.Events(context.Background(), api.EventQuery{Keys: []string{"k"}, Wait: 800 * time.Millisecond})
	if err != nil || len(evs) != 0 || time.Since(begin) < 800*time.Millisecond {
		t.Fatalf("long poll: %v, %v after %v; want no events after 800ms", evs, err, time.Since(begin))
	}
	// An upload whose body comes in two parts 500 ms apart.
	pr, pw := io.Pipe()
	go func() {
		src := base64.StdEncoding.EncodeToString(yamlWF("slow", ""))
		io.WriteString(pw, `{"path":"slow.yaml",`)
		time.Sleep(500 * time.Millisecond)
		io.WriteString(pw, `"source":"`+src+`"}`)
		pw.Close()
	}()
	resp, err := http.Post("http://"+addr+api.PathUploads, "application/json", pr)
	if err != nil {
		t.Fatalf("slow upload: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("slow upload: status %d, want 201", resp.StatusCode)
	}
}

// TestUploadTimeout: an upload that takes longer than upload_timeout is
// cut off.
func TestUploadTimeout(t *testing.T) {
	addr, _ := runServer(t, server.RunOptions{UploadTimeout: 300 * time.Millisecond})
	c, r := rawCall(t, addr, "POST "+api.PathUploads+" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"path\":")
	c.SetReadDeadline(time.Now().Add(3 * time.Second))
	if resp, err := http.ReadResponse(r, nil); err == nil && resp.StatusCode < 400 {
		t.Errorf("status %d, want an error", resp.StatusCode)
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the upload was not cut off within 3s")
	}
}

// get sends a GET of path on a new connection and returns its status and
// body.
func get(addr, path string) (int, string, error) {
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	resp, err := hc.Get("http://" + addr + path)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// TestConnectionCap: connections over max_connections are answered 503
// "busy" at once, and served again once one closes.
func TestConnectionCap(t *testing.T) {
	addr, logs := runServer(t, server.RunOptions{MaxConnections: 3})
	var held []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		held = append(held, c)
	}
	begin := time.Now()
	code, body, err := get(addr, api.PathHealth)
	if err != nil || code != http.StatusServiceUnavailable || !strings.Contains(body, `"code":"busy"`) || !strings.Contains(body, "max_connections") {
		t.Fatalf("call over the cap: %d %s %v; want 503 busy naming max_connections", code, body, err)
	}
	if d := time.Since(begin); d > 2*time.Second {
		t.Errorf("the refusal took %v", d)
	}
	if !strings.Contains(logs.String(), "refused connection: too many open") {
		t.Errorf("the refusal is not logged:\n%s", logs.String())
	}
	held[0].Close()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		code, _, err := get(addr, api.PathHealth)
		if err == nil && code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still refused after a connection closed: %d %v", code, err)
		}
	}
}

// TestUploadCap: an upload over max_uploads is answered 503 "busy" at
// once; the one in progress completes.
func TestUploadCap(t *testing.T) {
	addr, _ := runServer(t, server.RunOptions{MaxUploads: 1})
	url := "http://" + addr + api.PathUploads
	small := func(name string) (int, string) {
		body, _ := json.Marshal(upload(name, ""))
		resp, err := http.Post(url, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// slow starts an upload that sends half its body and waits; it
	// answers on the channel once the rest is sent (or it was refused).
	slow := func() (*io.PipeWriter, chan int) {
		pr, pw := io.Pipe()
		done := make(chan int, 1)
		go func() {
			resp, err := http.Post(url, "application/json", pr)
			if err != nil {
				done <- 0
				return
			}
			resp.Body.Close()
			done <- resp.StatusCode
		}()
		if _, err := io.WriteString(pw, `{"path":"first.yaml",`); err != nil {
			t.Fatal(err)
		}
		return pw, done
	}
	pw, first := slow()
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; ; i++ {
		code, body := small(fmt.Sprintf("second%d", i))
		if code == http.StatusServiceUnavailable {
			if !strings.Contains(body, `"code":"busy"`) || !strings.Contains(body, "max_uploads") {
				t.Errorf("refused upload: %s", body)
			}
			break
		}
		select {
		case code := <-first:
			// It came while a small one held the slot, and was refused
			// itself: start it again.
			if code != http.StatusServiceUnavailable {
				t.Fatalf("the slow upload ended early: status %d", code)
			}
			pw, first = slow()
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no upload refused while one is in progress: %d %s", code, body)
		}
		// A small upload holds the slot while its child checks it (tens
		// of ms): leave the slot free long enough for the slow one.
		time.Sleep(100 * time.Millisecond)
	}
	io.WriteString(pw, `"source":"`+base64.StdEncoding.EncodeToString(yamlWF("first", ""))+`"}`)
	pw.Close()
	if code := <-first; code != http.StatusCreated {
		t.Fatalf("the upload in progress: status %d, want 201", code)
	}
	if code, body := small("third"); code != http.StatusCreated {
		t.Fatalf("upload after the first: %d %s", code, body)
	}
}

// TestRejectedCallsLogBounded: refused calls with huge paths log a clipped
// path at a bounded rate. Before, 100 refused calls with a 900 KB path
// added 92 MB to the log.
func TestRejectedCallsLogBounded(t *testing.T) {
	addr, logs := runServer(t, server.RunOptions{Token: "s3cret"})
	for _, tc := range []struct {
		name string
		path string
		code int
	}{
		{"900 KB path", api.Prefix + "/namespaces/" + strings.Repeat("x", 900<<10), http.StatusRequestHeaderFieldsTooLarge},
		{"60 KB path", api.Prefix + "/namespaces/" + strings.Repeat("y", 60<<10), http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := logs.Len()
			for range 100 {
				code, _, err := get(addr, tc.path)
				if err != nil || code != tc.code {
					t.Fatalf("status %d, %v; want %d", code, err, tc.code)
				}
			}
			grew := logs.Len() - before
			t.Logf("100 refused calls with a %s: the log grew by %d bytes", tc.name, grew)
			if grew > 32<<10 {
				t.Errorf("the log grew by %d bytes, want under 32 KiB", grew)
			}
		})
	}
	for line := range strings.SplitSeq(logs.String(), "\n") {
		if len(line) > 1024 {
			t.Errorf("log line of %d bytes: %.300s", len(line), line)
		}
	}
	// The calls left out are counted, within a second or two.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs.String(), "suppressed similar lines"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no summary of the suppressed lines")
		}
	}
}

// TestEventSizeLimit: a value or context over event_max_bytes is refused
// with 413, however large; one at the limit is stored.
func TestEventSizeLimit(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	const max = server.DefaultEventMaxBytes
	if _, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k", Value: strings.Repeat("v", max)}); err != nil {
		t.Fatalf("value at the limit: %v", err)
	}
	ctxAt := `{"a":"` + strings.Repeat("c", max-8) + `"}`
	if _, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k", Context: ctxAt}); err != nil {
		t.Fatalf("context at the limit: %v", err)
	}
	for _, tc := range []struct {
		name string
		req  api.SendEventRequest
		want string
	}{
		{"value", api.SendEventRequest{Key: "k", Value: strings.Repeat("v", max+1)},
			"the event value is 1048577 bytes, more than the limit of 1048576 (event_max_bytes in the server's aiflow_server.yaml)"},
		{"context", api.SendEventRequest{Key: "k", Context: `{"a":"` + strings.Repeat("c", max) + `"}`},
			"the event context is 1048584 bytes, more than the limit of 1048576"},
		{"escaped value", api.SendEventRequest{Key: "k", Value: strings.Repeat("\x01", max+1)}, "the event value is 1048577 bytes"},
		{"huge value", api.SendEventRequest{Key: "k", Value: strings.Repeat("v", 20<<20)},
			"the event is larger than the limit: its value and its context may hold 1048576 bytes each"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.SendEvent(ctx, tc.req)
			var ce *client.Error
			if !errors.As(err, &ce) || ce.Status != http.StatusRequestEntityTooLarge || ce.Body.Code != api.CodeTooLarge ||
				!strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v (status %d), want 413 %q", err, status(err), tc.want)
			}
		})
	}
	if n, err := c.CountEvents(ctx, api.EventQuery{}); err != nil || n != 2 {
		t.Errorf("%d events stored, %v; want the 2 at the limit", n, err)
	}
}

// TestEventPageBytes: a page of events is bounded by size as well as by
// count, always holds one event, and says where the next one starts.
// Before, 15 events of 40 MB made one list call hold 2 GB.
func TestEventPageBytes(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	const n = 10
	big := strings.Repeat("v", server.DefaultEventMaxBytes)
	for i := range n {
		if _, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k", Value: big, UUID: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	q := api.EventQuery{Keys: []string{"k"}}
	var got []int
	for range n + 1 {
		page, err := c.EventPage(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Events) == 0 {
			t.Fatalf("empty page after %v", got)
		}
		size := 0
		for _, ev := range page.Events {
			size += len(ev.Key) + len(ev.Value) + len(ev.Context)
		}
		if size > api.MaxEventPageBytes {
			t.Errorf("page of %d bytes, over %d", size, api.MaxEventPageBytes)
		}
		got = append(got, len(page.Events))
		if page.Next == 0 {
			break
		}
		if page.Next != page.Events[len(page.Events)-1].Offset {
			t.Fatalf("next = %d, want the last offset %d", page.Next, page.Events[len(page.Events)-1].Offset)
		}
		q.After = page.Next
	}
	if diff := cmp.Diff([]int{7, 3}, got); diff != "" {
		t.Errorf("page sizes (-want +got):\n%s", diff)
	}
	// By count: a full page has a next one, unless nothing follows.
	for _, tc := range []struct {
		limit int
		next  bool
	}{{3, true}, {n, false}} {
		page, err := c.EventPage(ctx, api.EventQuery{Keys: []string{"k"}, After: 5, Limit: tc.limit})
		if err != nil || len(page.Events) != min(tc.limit, n-5) || (page.Next != 0) != tc.next {
			t.Errorf("limit %d: %d events, next %d, %v", tc.limit, len(page.Events), page.Next, err)
		}
	}
	// A page holds one event however large (a limit lowered later).
	page, err := c.EventPage(ctx, api.EventQuery{Limit: 1})
	if err != nil || len(page.Events) != 1 || page.Next == 0 {
		t.Errorf("page of 1: %d events, next %d, %v", len(page.Events), page.Next, err)
	}
}

// TestRunOptionsOfLimits: the limits of aiflow_server.yaml reach the
// server.
func TestRunOptionsOfLimits(t *testing.T) {
	o := server.RunOptionsOf(&config.Config{MaxConnections: 64, MaxUploads: 2, UploadTimeout: 30, EventMaxBytes: 4096})
	if o.MaxConnections != 64 || o.MaxUploads != 2 || o.UploadTimeout != 30*time.Second || o.EventMaxBytes != 4096 {
		t.Errorf("RunOptionsOf = %+v", o)
	}
}
