package engine

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// sup is a supervisor process of this engine: `aiflow taskmanager run -`
// supervises one try per spec path written to its stdin and answers "done"
// on stdout after each. Supervisors are started ahead of need and serve
// many tries in turn, so a task starts without waiting for the aiflow
// binary to start: that costs milliseconds of CPU, most of the gap between
// two tasks of a chain on a small machine. Each is in its own session, so
// it and its task outlive the server; when the server goes, its stdin
// closes and it exits after its current try.
type sup struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Scanner
	cur   *proc         // the try it supervises; nil when idle
	done  chan struct{} // closed once it has exited
}

// minIdle supervisors are kept ready (so that the next task of a chain
// finds one while the last one is still reporting); up to maxIdle wait
// after their try instead of exiting.
func (r *runner) minIdle() int { return min(r.e.o.Parallelism, 2) }
func (r *runner) maxIdle() int { return min(r.e.o.Parallelism, 4) }

// assign hands p's spec to an idle supervisor, starting one if none is.
func (r *runner) assign(p *proc) error {
	defer r.refillSoon()
	for range 2 {
		s := r.takeIdle()
		if s == nil {
			var err error
			if s, err = r.startSup(); err != nil {
				return err
			}
		}
		// Under r.mu, so that serve never sees p as s's try unless s got
		// it; the write does not block: an idle supervisor is reading.
		r.mu.Lock()
		_, err := io.WriteString(s.stdin, p.spec+"\n")
		if err == nil {
			s.cur, p.sup, p.pid = p, s, s.cmd.Process.Pid
			if p.stop {
				r.signal(p)
			}
		}
		r.mu.Unlock()
		if err == nil {
			return nil
		}
		// It died while idle; serve cleans it up. The next one will do.
	}
	return fmt.Errorf("no supervisor for %s: they exit at once; see %s", p.j.run.Key(), r.e.supervisorLog())
}

func (r *runner) takeIdle() *sup {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.idle) == 0 {
		return nil
	}
	s := r.idle[len(r.idle)-1] // the most recently used is the warmest
	r.idle = r.idle[:len(r.idle)-1]
	return s
}

// refillSoon tops the idle supervisors up to minIdle a little later, off
// the path of the task that just started.
func (r *runner) refillSoon() { time.AfterFunc(20*time.Millisecond, r.refill) }

// refill starts supervisors until minIdle wait ready.
func (r *runner) refill() {
	for {
		r.mu.Lock()
		if r.closed || len(r.idle)+r.warming >= r.minIdle() {
			r.mu.Unlock()
			return
		}
		r.warming++
		r.mu.Unlock()
		s, err := r.startSup()
		r.mu.Lock()
		r.warming--
		if err == nil {
			r.idleLocked(s)
		}
		r.mu.Unlock()
		if err != nil {
			r.e.log.Error("start a supervisor", "err", err)
			return
		}
	}
}

// idleLocked puts s back in the pool, or lets it go when the pool is full
// or closed; r.mu is held.
func (r *runner) idleLocked(s *sup) {
	if r.closed || len(r.idle) >= r.maxIdle() {
		s.stdin.Close()
		return
	}
	r.idle = append(r.idle, s)
}

func (r *runner) startSup() (*sup, error) {
	exe := r.e.o.Executable
	if exe == "" {
		return nil, errors.New("cannot find the aiflow binary that runs supervisors")
	}
	logf, err := os.OpenFile(r.e.supervisorLog(), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(exe, "taskmanager", "run", "-")
	cmd.Env = r.e.o.Environ
	cmd.Stderr = logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start supervisor %s: %w", exe, err)
	}
	s := &sup{cmd: cmd, stdin: stdin, out: bufio.NewScanner(stdout), done: make(chan struct{})}
	r.mu.Lock()
	r.all[s] = true
	r.mu.Unlock()
	go r.serve(s)
	return s, nil
}

// serve follows a supervisor: after each try it applies the try's outcome
// if its report did not (gone), frees the slot and returns it to the
// pool; when it exits, it does the same for the try it had.
func (r *runner) serve(s *sup) {
	for s.out.Scan() {
		if s.out.Text() != "done" {
			continue
		}
		r.mu.Lock()
		p := s.cur
		s.cur = nil
		r.mu.Unlock()
		if p != nil {
			r.e.gone(context.Background(), p.j)
			r.cleanup(p)
			r.release(p)
		}
		r.mu.Lock()
		r.idleLocked(s)
		r.mu.Unlock()
	}
	r.mu.Lock()
	p := s.cur
	s.cur = nil
	delete(r.all, s)
	for i, o := range r.idle {
		if o == s {
			r.idle = append(r.idle[:i], r.idle[i+1:]...)
			break
		}
	}
	r.mu.Unlock()
	s.cmd.Wait()
	close(s.done)
	if p != nil {
		r.e.gone(context.Background(), p.j)
		r.cleanup(p)
		r.release(p)
	}
}

// close lets the supervisors go: each exits once its stdin is closed and
// its current try, if any, has ended. It waits a moment for the idle ones,
// which exit at once, so that a stopping server leaves no process that is
// not running a task.
func (r *runner) close() {
	r.mu.Lock()
	r.closed = true
	var idle []*sup
	for s := range r.all {
		s.stdin.Close()
		if s.cur == nil {
			idle = append(idle, s)
		}
	}
	r.idle = nil
	r.mu.Unlock()
	deadline := time.After(2 * time.Second)
	for _, s := range idle {
		select {
		case <-s.done:
		case <-deadline:
			return
		}
	}
}
