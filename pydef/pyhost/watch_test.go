package pyhost

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-python/gpython/py"
)

// limitedFuncs runs src and returns its module's globals, in a session
// that stays open for the test.
func limitedFuncs(t *testing.T, src string) (*Session, py.StringDict) {
	t.Helper()
	s, err := NewSession(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	file := filepath.Join(t.TempDir(), "f.py")
	code, err := Compile(src, file)
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.RunModule("f", file, code)
	if err != nil {
		t.Fatal(err)
	}
	return s, m.Globals
}

// TestCallLimited checks each limit of CallLimited, and that the session
// answers normally afterwards.
func TestCallLimited(t *testing.T) {
	s, g := limitedFuncs(t, dedent(`
		def spin():
		    while True:
		        try:
		            pass
		        except BaseException:
		            pass

		def grow():
		    keep = []
		    while True:
		        keep.append('x' * 10000000)

		def add(a, b):
		    return a + b
	`))
	closed := make(chan struct{})
	close(closed)
	for _, tc := range []struct {
		name  string
		lim   Limits
		fn    string
		check func(error) bool
	}{
		{"steps", Limits{MaxSteps: 10_000}, "spin", func(err error) bool {
			var be *BudgetError
			return errors.As(err, &be) && be.Steps == 10_000 && !be.Interrupted
		}},
		{"timeout", Limits{MaxSteps: 1 << 50, Timeout: 30 * time.Millisecond}, "spin", func(err error) bool {
			var te *TimeoutError
			return errors.As(err, &te) && te.Timeout == 30*time.Millisecond && len(te.Traceback) > 0
		}},
		{"memory", Limits{MaxSteps: 1 << 50, MaxMemory: 32 << 20}, "grow", func(err error) bool {
			var he *HeapLimitError
			return errors.As(err, &he) && he.Limit == 32<<20 && he.Growth > he.Limit && he.Growth < he.Limit+200<<20
		}},
		{"done", Limits{MaxSteps: 1 << 50, Done: closed}, "spin", func(err error) bool {
			var be *BudgetError
			return errors.As(err, &be) && be.Interrupted
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := s.CallLimited(tc.lim, g[tc.fn], nil, nil)
			if !tc.check(err) {
				t.Errorf("err = %#v", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			res, err := s.CallLimited(Limits{Timeout: time.Second, MaxMemory: 1 << 30}, g["add"], py.Tuple{py.Int(1), py.Int(2)}, nil)
			if err != nil || res != py.Int(3) {
				t.Errorf("next call: %v, %v", res, err)
			}
		})
	}
}
