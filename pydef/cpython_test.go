package pydef

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/go-python/gpython/py"
	"github.com/google/go-cmp/cmp"
)

// TestCPython runs every sample and API surface program through CPython 3
// with the same shim and compares the capture with the gpython run: it
// checks the rewrite, the sandbox's Python semantics and the call-site
// instrumentation at once.
func TestCPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	files, _ := filepath.Glob("testdata/workflows/*.py")
	more, _ := filepath.Glob("testdata/capture/*.py")
	api, _ := filepath.Glob("testdata/api/*.py")
	files = append(append(files, more...), api...)
	l := newTestLoader(t)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(python, "testdata/cpython_dump.py", "shim", file)
			cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("python3: %v\n%s", err, stderr.Bytes())
			}
			var want map[string]any
			if err := json.Unmarshal(out, &want); err != nil {
				t.Fatal(err)
			}
			r := l.load(context.Background(), file, src, nil)
			if r.capture == nil {
				t.Fatalf("no capture: %v", r.diags)
			}
			got := map[string]any{"capture": captureJSON(r, r.capture)}
			// Reencode so that numbers compare as JSON numbers.
			b, _ := json.Marshal(got)
			got = nil
			_ = json.Unmarshal(b, &got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("capture differs from CPython (-cpython +gpython):\n%s", diff)
			}
		})
	}
}

// captureJSON renders a capture the way testdata/cpython_dump.py does.
func captureJSON(r *result, v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = captureJSON(r, x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			if k == "site" {
				out[k] = siteLine(r, x)
				continue
			}
			out[k] = captureJSON(r, x)
		}
		if obj, ok := v["object"].(object); ok && v["tasks"] != nil {
			out["bound"] = r.exp.bound(obj)
		}
		return out
	case object:
		if fn, ok := v.Object.(*py.Function); ok {
			file := "<shim>"
			if !isShimFile(fn.Code.Filename) {
				file = r.exp.rel(fn.Code.Filename)
			}
			return map[string]any{"function": fn.Name, "qualname": fn.Qualname, "file": file}
		}
		file, class, shim := r.exp.class(v)
		if shim {
			file = "<shim>"
		}
		return map[string]any{"object": class, "file": file}
	}
	return v
}

func siteLine(r *result, v any) any {
	id, _ := v.(int64)
	c := r.prep.info.site(int(id))
	if c == nil {
		return 0
	}
	return r.prep.mapPos(c.Pos).Line
}

func newTestLoader(t testing.TB) *Loader {
	t.Helper()
	l, err := NewLoader(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}
