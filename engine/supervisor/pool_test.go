//go:build unix

package supervisor

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The pool hands each spec to a supervisor, passes its reports on in
// order, says done once per try, keeps up to MaxIdle supervisors after a
// wave, lets those beyond MinIdle go after IdleTimeout, and reserves up to
// MaxIdle for a burst.
func TestPool(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f := newFakeAPI(t, nil)
	dir := t.TempDir()
	var (
		mu      sync.Mutex
		reports = map[string][]string{}
		done    = map[string]int{}
	)
	alldone := make(chan struct{}, 3)
	p := NewPool(PoolOptions{
		Executable: exe, Env: os.Environ(), LogPath: filepath.Join(dir, "supervisors.log"),
		MinIdle: 1, MaxIdle: 3, IdleTimeout: 300 * time.Millisecond,
		Report: func(spec string, m Message) {
			mu.Lock()
			defer mu.Unlock()
			reports[spec] = append(reports[spec], fmt.Sprintf("%s:%d", m.Report.Event, m.Report.ExitCode))
		},
		Done: func(spec string) {
			mu.Lock()
			done[spec]++
			mu.Unlock()
			alldone <- struct{}{}
		},
	})
	defer p.Close()
	var specs []string
	for i := range 3 {
		d := filepath.Join(dir, fmt.Sprint(i))
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		spec := writeSpec(t, d, f.addr(), fmt.Sprintf("sleep 0.2; exit %d", i))
		if _, err := p.Assign(spec); err != nil {
			t.Fatal(err)
		}
		specs = append(specs, spec)
	}
	for range 3 {
		select {
		case <-alldone:
		case <-time.After(10 * time.Second):
			t.Fatal("the tries did not end")
		}
	}
	mu.Lock()
	for i, spec := range specs {
		if got, want := strings.Join(reports[spec], ","), fmt.Sprintf("started:0,exited:%d", i); got != want || done[spec] != 1 {
			t.Errorf("try %d: reports %s, done %d times; want %s, once", i, got, done[spec], want)
		}
	}
	mu.Unlock()
	if n := len(f.reports()); n != 0 {
		t.Errorf("%d reports went over HTTP, want none", n)
	}
	idle := func() int {
		p.mu.Lock()
		defer p.mu.Unlock()
		return len(p.idle)
	}
	waitFor(t, "three idle supervisors", func() bool { return idle() == 3 })
	waitFor(t, "one idle supervisor after the idle timeout", func() bool { return idle() == 1 })
	// A burst about to come: ready supervisors, as many as MaxIdle allows.
	p.Reserve(5)
	waitFor(t, "three reserved supervisors", func() bool { return idle() == 3 })
}
