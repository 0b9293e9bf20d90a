//go:build unix

package process

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestStatusRoundTrip(t *testing.T) {
	t.Parallel()
	begin := time.Date(2026, 11, 27, 11, 0, 0, 123456789, time.UTC)
	tests := []struct {
		name string
		r    Result
	}{
		{"success", Result{Pid: 42, Started: begin, Ended: begin.Add(time.Second)}},
		{"failed", Result{Pid: 43, ExitCode: 2, Err: errors.New(`"bash" exited with status 2`), Started: begin, Ended: begin}},
		{"timed out", Result{Pid: 44, ExitCode: -1, Signal: "SIGKILL", TimedOut: true, Err: errors.New(`"bash" timed out after 1s`), Started: begin, Ended: begin}},
		{"stopped", Result{Pid: 45, ExitCode: -1, Signal: "SIGTERM", Stopped: true, Err: errors.New(`"bash" was stopped`), Started: begin, Ended: begin}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "status", "1.json")
			if err := WriteStatus(path, tt.r); err != nil {
				t.Fatal(err)
			}
			got, err := ReadStatus(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.r, got, cmp.Comparer(func(a, b error) bool { return errString(a) == errString(b) })); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
			entries, err := os.ReadDir(filepath.Dir(path))
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 {
				t.Errorf("directory holds %d files, want only the status", len(entries))
			}
		})
	}
}

func TestStatusOfRealRun(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "1.json")
	p := start(t, bash("exit 2"), Options{})
	r := p.Wait()
	if err := WriteStatus(path, r); err != nil {
		t.Fatal(err)
	}
	got, err := ReadStatus(path)
	if err != nil {
		t.Fatal(err)
	}
	// Started and Ended lose their monotonic reading in JSON.
	if got.ExitCode != 2 || got.Pid != p.Pid() || !got.Ended.Equal(r.Ended) || errString(got.Err) != errString(r.Err) {
		t.Errorf("read %+v, wrote %+v", got, r)
	}
}

func TestReadStatusErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, err := ReadStatus(filepath.Join(dir, "missing.json"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v does not wrap fs.ErrNotExist", err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"pid": 4`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadStatus(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("corrupt file: error %v does not name %s", err, bad)
	}
}

func TestStatusAtomic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "1.json")
	good := Result{Pid: 7, ExitCode: 0}
	if err := WriteStatus(path, good); err != nil {
		t.Fatal(err)
	}
	// A supervisor that crashed in the middle of a write leaves a partial
	// temporary file; the good status stays readable.
	partial := filepath.Join(dir, ".1.json.tmp-123")
	if err := os.WriteFile(partial, []byte(`{"pid": 7, "exit_co`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r, err := ReadStatus(path); err != nil || r.Pid != 7 {
		t.Fatalf("after partial write: %+v, %v", r, err)
	}
	// A write that cannot happen reports it.
	if err := os.WriteFile(filepath.Join(dir, "blocker"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteStatus(filepath.Join(dir, "blocker", "x.json"), good); err == nil {
		t.Error("write under a file succeeded")
	}

	// Readers racing with writers always see a complete status.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				if err := WriteStatus(path, Result{Pid: w*100 + i, ExitCode: i, Err: errors.New(strings.Repeat("x", 4096))}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	reads := make(chan int)
	go func() {
		n := 0
		defer func() { reads <- n }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := ReadStatus(path); err != nil {
				t.Error(err)
				return
			}
			n++
		}
	}()
	wg.Wait()
	close(stop)
	if n := <-reads; n == 0 {
		t.Error("no read happened")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if name := e.Name(); strings.HasPrefix(name, ".1.json.tmp-") && name != ".1.json.tmp-123" {
			t.Errorf("temporary file %s left behind", name)
		}
	}
}
