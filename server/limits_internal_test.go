package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aiflow-go/aiflow/api"
)

// TestHTTPServerTimeouts: the server has every timeout, and the tests'
// overrides reach it.
func TestHTTPServerTimeouts(t *testing.T) {
	lines := newLineLimiter(slog.New(slog.DiscardHandler))
	hs := httpServer(http.NotFoundHandler(), RunOptions{}, lines)
	for name, got := range map[string]time.Duration{"ReadHeaderTimeout": hs.ReadHeaderTimeout, "ReadTimeout": hs.ReadTimeout,
		"WriteTimeout": hs.WriteTimeout, "IdleTimeout": hs.IdleTimeout} {
		if got <= 0 {
			t.Errorf("%s = %v, want a timeout", name, got)
		}
	}
	if hs.MaxHeaderBytes != maxHeaderBytes || hs.ErrorLog == nil {
		t.Errorf("MaxHeaderBytes = %d, ErrorLog = %v", hs.MaxHeaderBytes, hs.ErrorLog)
	}
	// A long poll fits in its own deadlines, whatever the server's.
	if maxWait+longPollSlack <= maxWait || hs.IdleTimeout <= 90*time.Second {
		t.Errorf("long-poll budget %v, idle timeout %v", maxWait+longPollSlack, hs.IdleTimeout)
	}
	hs = httpServer(http.NotFoundHandler(), RunOptions{ReadTimeout: time.Second, WriteTimeout: 2 * time.Second, IdleTimeout: 3 * time.Second}, lines)
	if hs.ReadTimeout != time.Second || hs.WriteTimeout != 2*time.Second || hs.IdleTimeout != 3*time.Second {
		t.Errorf("overrides not applied: %v %v %v", hs.ReadTimeout, hs.WriteTimeout, hs.IdleTimeout)
	}
}

func TestClip(t *testing.T) {
	if got := clip("short"); got != "short" {
		t.Errorf("clip(short) = %q", got)
	}
	long := strings.Repeat("é", 500) // 1000 bytes, 2 a rune
	got := clip(long)
	if !strings.HasPrefix(got, strings.Repeat("é", logClip/2)+"…(") || len(got) > logClip+30 {
		t.Errorf("clip = %q", got)
	}
	if !strings.HasSuffix(got, "(800 more bytes)") {
		t.Errorf("clip does not say what it cut: %q", got)
	}
}

// TestLineLimiter: a burst passes, then a line per 1/logRate second; the
// rest are counted and summarized once.
func TestLineLimiter(t *testing.T) {
	var buf bytes.Buffer
	l := newLineLimiter(slog.New(slog.NewTextHandler(&buf, nil)))
	now := time.Unix(1000, 0)
	l.now = func() time.Time { return now }
	allowed := 0
	for range 100 {
		if l.allow() {
			allowed++
		}
	}
	if allowed != logBurst {
		t.Errorf("%d lines of a burst of 100 allowed, want %d", allowed, logBurst)
	}
	now = now.Add(time.Second)
	allowed = 0
	for range 100 {
		if l.allow() {
			allowed++
		}
	}
	if allowed != logRate {
		t.Errorf("%d lines allowed a second later, want %d", allowed, logRate)
	}
	l.summarize()
	if got := buf.String(); !strings.Contains(got, "suppressed similar lines") || !strings.Contains(got, "count=170") {
		t.Errorf("summary = %q", got)
	}
	buf.Reset()
	l.summarize()
	if buf.Len() != 0 {
		t.Errorf("second summary without suppressed lines: %q", buf.String())
	}
}

// TestRotatingLog: the log rotates before passing its size, keeps the
// number of copies asked, and never loses a line.
func TestRotatingLog(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, LogFile)
	l, err := OpenLog(path, LogOptions{MaxBytes: 1000, Backups: 2})
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Repeat("x", 299) + "\n"
	for range 20 {
		if _, err := l.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	if diff := cmp.Diff([]string{"aiflow_server.1.log", "aiflow_server.2.log", "aiflow_server.log"}, names); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	// 20 lines of 300 bytes: 3 to a file, 2 in the current one.
	for n, want := range map[string]int64{"aiflow_server.1.log": 900, "aiflow_server.2.log": 900, "aiflow_server.log": 600} {
		st, err := os.Stat(filepath.Join(dir, n))
		if err != nil || st.Size() != want {
			t.Errorf("%s: %v, size %d, want %d", n, err, st.Size(), want)
		}
	}
	// Reopened, it appends to what is there.
	l, err = OpenLog(path, LogOptions{MaxBytes: 1000, Backups: -1})
	if err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("y\n"))
	l.Write([]byte(line))
	l.Write([]byte(line)) // 1202 bytes: past the limit
	l.Close()
	// Without copies, a rotation starts the file again.
	if b, _ := os.ReadFile(path); string(b) != line {
		t.Errorf("log without copies holds %d bytes, want the last line only", len(b))
	}
	if _, err := os.Stat(filepath.Join(dir, "aiflow_server.3.log")); !os.IsNotExist(err) {
		t.Errorf("a third copy exists: %v", err)
	}
}

// TestDecodeUpload reads bodies as encoding/json reads api.UploadRequest,
// streaming the base64 data to files.
func TestDecodeUpload(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString
	for _, tc := range []struct {
		name, body string
		want       api.UploadRequest // Source and Data from the staged files
		err        string
	}{
		{name: "plain", body: `{"path":"d/wf.yaml","source":"` + b64([]byte("name: x")) + `","files":[{"path":"a.sh","mode":493,"data":"` + b64([]byte("echo\n")) + `"}],"namespace":"ml"}`,
			want: api.UploadRequest{Path: "d/wf.yaml", Source: []byte("name: x"), Namespace: "ml", Files: []api.File{{Path: "a.sh", Mode: 493, Data: []byte("echo\n")}}}},
		{name: "spaces, case and escapes", body: " {\n \"Path\" : \"w\\u00e9.yaml\" ,\"SOURCE\":\"" + strings.ReplaceAll(b64([]byte("??>>")), "/", `\/`) + "\\n\", \"files\" : [ ] } \n",
			want: api.UploadRequest{Path: "wé.yaml", Source: []byte("??>>")}},
		{name: "nulls", body: `{"path":null,"source":null,"files":null,"namespace":null,"source_name":"x.py"}`,
			want: api.UploadRequest{SourceName: "x.py"}},
		{name: "null data", body: `{"path":"x.yaml","files":[{"path":"e","data":null,"mode":null},{"path":"f","data":""}]}`,
			want: api.UploadRequest{Path: "x.yaml", Files: []api.File{{Path: "e"}, {Path: "f", Data: []byte{}}}}},
		{name: "duplicate key", body: `{"path":"a.yaml","path":"b.yaml"}`, want: api.UploadRequest{Path: "b.yaml"}},
		{name: "surrogate pair", body: `{"path":"\ud83d\ude00.yaml"}`, want: api.UploadRequest{Path: "😀.yaml"}},
		{name: "unknown field", body: `{"path":"a.yaml","extra":1}`, err: `json: unknown field "extra"`},
		{name: "unknown file field", body: `{"files":[{"path":"a","size":1}]}`, err: `json: unknown field "size"`},
		{name: "not an object", body: `[1]`, err: "the upload must be a JSON object"},
		{name: "empty", body: ``, err: "unexpected end of JSON input"},
		{name: "truncated", body: `{"path":"a.yaml","source":"aGVs`, err: "unexpected end of JSON input"},
		{name: "bad base64", body: `{"source":"a*=="}`, err: `"source" is not base64: illegal base64 data at input byte 1`},
		{name: "short base64", body: `{"source":"aGVsbG8"}`, err: "not base64"},
		{name: "data after padding", body: `{"source":"aA==aA=="}`, err: "not base64"},
		{name: "raw newline", body: "{\"path\":\"a\nb\"}", err: `invalid character '\n' in string literal`},
		{name: "bad mode", body: `{"files":[{"path":"a","mode":-1}]}`, err: `"mode" of files[0] must be a file mode`},
		{name: "float mode", body: `{"files":[{"path":"a","mode":4.5}]}`, err: `"mode" of files[0] must be a file mode`},
		{name: "string path", body: `{"path":1}`, err: `"path" must be a string`},
		{name: "long path", body: `{"path":"` + strings.Repeat("a", maxUploadString+1) + `"}`, err: `"path" is longer than 4096 bytes`},
		{name: "two values", body: `{} {}`, err: "more than one JSON value"},
		{name: "files not an array", body: `{"files":{}}`, err: "files must be a JSON array"},
		{name: "too many files", body: `{"files":[` + strings.Repeat(`{},`, maxArtifacts) + `{}]}`, err: "more than 10000 files"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := staged(t, tc.body)
			if tc.err != "" {
				var he *httpError
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errorsAs(err, &he) || he.status != http.StatusBadRequest {
					t.Fatalf("decodeUpload = %v, want 400 containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("decodeUpload: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("upload (-want +got):\n%s", diff)
			}
		})
	}
}

func errorsAs(err error, he **httpError) bool {
	h, ok := err.(*httpError)
	*he = h
	return ok
}

// TestDecodeUploadLarge streams a large artifact through small buffers.
func TestDecodeUploadLarge(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef\x00\xff"), 200_000)
	body := `{"path":"w.yaml","files":[{"path":"big.bin","data":"` + base64.StdEncoding.EncodeToString(data) + `"}]}`
	up, err := decodeUpload(strings.NewReader(body), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(up.blobs[0])
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("staged artifact: %d bytes, %v; want the %d sent", len(got), err, len(data))
	}
}

// TestUTF8Reader: bodies are checked across reads of any size.
func TestUTF8Reader(t *testing.T) {
	for _, tc := range []struct {
		body string
		bad  int // offset of the bad byte, -1 for none
	}{
		{`{"name":"名前 😀 é"}`, -1},
		{"{\"name\":\"a\xffb\"}", 10},
		{"{\"name\":\"\xe5\x90\"}", 9},
		{"ok\xe5", 2},
	} {
		for _, one := range []bool{false, true} {
			var r io.Reader = strings.NewReader(tc.body)
			if one {
				r = iotest.OneByteReader(r)
			}
			got, err := io.ReadAll(&utf8Reader{r: r})
			switch {
			case tc.bad < 0 && (err != nil || string(got) != tc.body):
				t.Errorf("%q (one byte a read: %v): %q, %v", tc.body, one, got, err)
			case tc.bad >= 0 && (err == nil || !strings.Contains(err.Error(), fmt.Sprintf("(byte %d)", tc.bad))):
				t.Errorf("%q (one byte a read: %v): %v, want the bad byte %d", tc.body, one, err, tc.bad)
			}
		}
	}
}

// FuzzDecodeUpload holds the streaming decoder to encoding/json: what it
// accepts, encoding/json reads the same (it is stricter, never laxer:
// base64 strings only, one object, valid UTF-8); the canonical encoding of
// whatever encoding/json reads as an upload, it reads back the same; and
// no body panics it.
func FuzzDecodeUpload(f *testing.F) {
	b64 := base64.StdEncoding.EncodeToString
	f.Add(`{"path":"d/wf.yaml","source":"` + b64([]byte("name: x")) + `","files":[{"path":"a.sh","mode":493,"data":"` + b64([]byte("echo\n")) + `"}],"namespace":"ml"}`)
	f.Add(`{"path":"\ud83d\ude00.yaml","source":null,"files":[{"path":"e","data":null}]}`)
	f.Add(` {"Path":"w\u00e9","SOURCE":"aGVsbG8=","files":[]} `)
	f.Fuzz(func(t *testing.T, body string) {
		var want api.UploadRequest
		dec := json.NewDecoder(strings.NewReader(body))
		dec.DisallowUnknownFields()
		jerr := dec.Decode(&want)
		if got, err := staged(t, body); err == nil {
			if jerr != nil {
				t.Fatalf("the streaming decoder reads %q, encoding/json refuses it: %v", body, jerr)
			}
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("body %q (-encoding/json +streaming):\n%s", body, diff)
			}
		}
		if jerr != nil {
			return
		}
		canonical, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		got, err := staged(t, string(canonical))
		if err != nil {
			if strings.Contains(err.Error(), "longer than") || strings.Contains(err.Error(), "mode") {
				return // limits of ours
			}
			t.Fatalf("canonical body %s refused: %v", canonical, err)
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("canonical body %s (-encoding/json +streaming):\n%s", canonical, diff)
		}
	})
}

// staged decodes body with decodeUpload and reads the staged files back.
func staged(t *testing.T, body string) (api.UploadRequest, error) {
	up, err := decodeUpload(strings.NewReader(body), t.TempDir())
	if err != nil {
		return api.UploadRequest{}, err
	}
	got := up.req
	if up.source != "" {
		got.Source, _ = os.ReadFile(up.source)
	}
	for i, b := range up.blobs {
		if b != "" {
			got.Files[i].Data, _ = os.ReadFile(b)
		}
	}
	return got, nil
}
