package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
)

// TestNamesRefused: names from a request that hold NUL, control,
// invalid UTF-8, bidirectional or zero-width characters get a 400 naming
// the rule.
func TestNamesRefused(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"namespace bidi", func() error { _, err := c.AddNamespace(ctx, "ab\u202Ecd", nil); return err },
			`namespace name "ab\u202ecd" must not contain bidirectional control characters (U+202E)`},
		{"namespace zero width", func() error { _, err := c.AddNamespace(ctx, "pro\u200Bd", nil); return err },
			`must not contain zero-width characters (U+200B)`},
		{"namespace NUL", func() error { _, err := c.AddNamespace(ctx, "a\x00", nil); return err }, `must not contain NUL characters`},
		{"event key NUL", func() error { _, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k\x00"}); return err },
			`event key name "k\x00" must not contain NUL characters`},
		{"event key control", func() error { _, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k\x1b[2J"}); return err },
			`must not contain control characters`},
		{"event key isolate", func() error { _, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k\u2066"}); return err },
			`must not contain bidirectional control characters (U+2066)`},
		{"event namespace", func() error {
			_, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k", Namespace: "\uFEFFdefault"})
			return err
		}, `namespace name "\ufeffdefault" must not contain zero-width characters (U+FEFF)`},
		{"event sender", func() error { _, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k", Sender: "s\n"}); return err },
			`sender name "s\n" must not contain control characters`},
		{"upload namespace", func() error {
			req := upload("wf", "")
			req.Namespace = "ml\u200D"
			_, err := c.Upload(ctx, req)
			return err
		}, `namespace name "ml\u200d" must not contain zero-width characters (U+200D)`},
		{"trigger key", func() error {
			if _, err := c.Upload(ctx, upload("trig", "")); err != nil {
				return err
			}
			_, err := c.AddTrigger(ctx, "default", "trig", api.AddTriggerRequest{EventKey: "go\u202E"})
			return err
		}, `event key name "go\u202e" must not contain bidirectional control characters`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if status(err) != http.StatusBadRequest || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v (status %d), want 400 containing %q", err, status(err), tc.want)
			}
		})
	}
	// Invalid UTF-8 cannot go through encoding/json, which replaces it:
	// raw bodies.
	for _, tc := range []struct{ path, body, want string }{
		{api.PathNamespaces, "{\"name\":\"a\xffb\"}", "it is not valid UTF-8 (byte 10)"},
		{api.PathEvents, "{\"key\":\"k\xc3\"}", "it is not valid UTF-8 (byte 9)"},
	} {
		resp, err := http.Post("http://"+c.Addr()+tc.path, "application/json", strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), tc.want) {
			t.Errorf("POST %s %q: %d %s, want 400 %q", tc.path, tc.body, resp.StatusCode, b, tc.want)
		}
	}
}

// TestWorkflowNamesOfServerFiles: a workflow cannot take the name of a
// file or folder of the server in working_dir or log_dir.
func TestWorkflowNamesOfServerFiles(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	for _, name := range []string{".runtime", ".conditions", "supervisors.log", "aiflow_server.log"} {
		_, err := c.Upload(ctx, upload(name, ""))
		if status(err) != http.StatusUnprocessableEntity {
			t.Fatalf("upload of %q: %v (status %d), want 422", name, err, status(err))
		}
		ce := clientError(err)
		if len(ce.Body.Diagnostics) == 0 || !strings.Contains(ce.Body.Diagnostics[0].Message, `must not start with "." nor end with ".log"`) ||
			ce.Body.Diagnostics[0].Line != 1 {
			t.Errorf("upload of %q: diagnostics %+v", name, ce.Body.Diagnostics)
		}
	}
}

// TestUploadBadArtifactPaths: an artifact path that no file system takes
// is a 400 that names the client's path, never a 500 nor the server's
// staging folder.
func TestUploadBadArtifactPaths(t *testing.T) {
	c, _ := start(t, "")
	long := strings.Repeat("a", 300)
	for _, tc := range []struct{ name, path, want string }{
		{"long element", "d/" + long + "/x.sh", "has an element longer than 255 bytes"},
		{"NUL", "a\x00b.sh", "must not contain NUL characters"},
		{"invalid UTF-8", "a\xffb.sh", "is not valid UTF-8"},
		{"bidi", "run\u202Ehs.txt", "must not contain bidirectional control characters"},
		{"newline", "a\nb", "must not contain control characters"},
		{"too long", strings.Repeat("d/", 2100) + "x", "is longer than 4096 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := `{"path":"wf.yaml","source":"` + b64(yamlWF("wf", "")) + `","files":[{"path":` + jsonString(tc.path) + `,"data":"eA=="}]}`
			resp, err := http.Post("http://"+c.Addr()+api.PathUploads, "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), tc.want) {
				t.Errorf("status %d %s, want 400 %q", resp.StatusCode, b, tc.want)
			}
			if tmp := os.TempDir(); bytes.Contains(b, []byte(tmp)) || bytes.Contains(b, []byte("upload-")) {
				t.Errorf("the answer shows a staging path: %s", b)
			}
		})
	}
}

func clientError(err error) *client.Error {
	var ce *client.Error
	if errors.As(err, &ce) {
		return ce
	}
	return &client.Error{}
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// jsonString quotes s for JSON keeping its bytes as they are (invalid UTF-8
// included), which encoding/json would not.
func jsonString(s string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&sb, `\u%04x`, c)
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}
