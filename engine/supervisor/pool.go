//go:build unix

package supervisor

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// PoolOptions configure a Pool.
type PoolOptions struct {
	// Executable is the aiflow binary; Env the supervisors' environment.
	Executable string
	Env        []string
	// LogPath receives the supervisors' stderr, appended.
	LogPath string
	// MinIdle supervisors are kept ready; up to MaxIdle wait after their
	// try instead of exiting, those beyond MinIdle for IdleTimeout
	// (DefaultIdleTimeout when zero).
	MinIdle, MaxIdle int
	IdleTimeout      time.Duration
	// Report receives the reports of the try of spec, in order, on the
	// goroutine that follows its supervisor: it must not block for long.
	Report func(spec string, m Message)
	// Done is called once the supervisor of spec is through with it: it
	// finished the try (after its reports) or died.
	Done func(spec string)
	// Log receives the pool's own messages.
	Log *slog.Logger
}

// Pool runs tries under supervisor processes, `aiflow taskmanager run -`,
// which supervise one try per spec path written to their stdin (Serve).
// Supervisors are started ahead of need and serve many tries in turn, so
// a task starts without waiting for the aiflow binary to start: that costs
// milliseconds of CPU, most of the gap between two tasks of a chain on a
// small machine. Each is in its own session, so it and its task outlive
// the server; when the server goes, its stdin closes and it exits after
// its current try.
type Pool struct {
	o       PoolOptions
	mu      sync.Mutex
	idle    []*member
	warming int
	closed  bool
	all     map[*member]bool
	// trimming says that a trim is due.
	trimming bool
	// reserved supervisors are kept idle until reservedUntil (Reserve).
	reserved      int
	reservedUntil time.Time
}

// DefaultIdleTimeout is how long a supervisor beyond PoolOptions.MinIdle
// waits for its next try: long enough to stay warm between the waves of a
// busy workflow, short enough that an idle server is small again soon.
const DefaultIdleTimeout = 30 * time.Second

// member is one supervisor process of a pool.
type member struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Scanner
	cur   string        // the spec it supervises; "" when idle
	done  chan struct{} // closed once it has exited
	// idleSince is when it last became idle.
	idleSince time.Time
}

// NewPool returns an empty pool; supervisors start on first need.
func NewPool(o PoolOptions) *Pool {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.IdleTimeout == 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	return &Pool{o: o, all: map[*member]bool{}}
}

// Assign hands spec to an idle supervisor, starting one if none is, and
// returns the supervisor's pid.
func (p *Pool) Assign(spec string) (int, error) {
	defer p.Warm()
	for range 2 {
		m := p.takeIdle()
		if m == nil {
			var err error
			if m, err = p.start(); err != nil {
				return 0, err
			}
		}
		// Under p.mu, so that serve never sees spec as m's unless m got
		// it; the write does not block: an idle supervisor is reading.
		p.mu.Lock()
		_, err := io.WriteString(m.stdin, spec+"\n")
		if err == nil {
			m.cur = spec
		}
		p.mu.Unlock()
		if err == nil {
			return m.cmd.Process.Pid, nil
		}
		// It died while idle; serve cleans it up. The next one will do.
	}
	return 0, fmt.Errorf("no supervisor for %s: they exit at once; see %s", spec, p.o.LogPath)
}

// Signal sends SIGTERM to the supervisor of spec, which stops its try, if
// a supervisor of the pool has it.
func (p *Pool) Signal(spec string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for m := range p.all {
		if m.cur == spec {
			if err := syscall.Kill(m.cmd.Process.Pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
				p.o.Log.Warn("stop supervisor", "spec", spec, "pid", m.cmd.Process.Pid, "err", err)
			}
			return
		}
	}
}

func (p *Pool) takeIdle() *member {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.idle) == 0 {
		return nil
	}
	m := p.idle[len(p.idle)-1] // the most recently used is the warmest
	p.idle = p.idle[:len(p.idle)-1]
	return m
}

// Warm tops the idle supervisors up to MinIdle a little later, off the
// path of the task that just started.
func (p *Pool) Warm() { time.AfterFunc(20*time.Millisecond, func() { p.refill(p.o.MinIdle) }) }

// Reserve starts supervisors in the background until n (at most MaxIdle)
// wait ready: a burst of tries is due soon (schedules about to fire), and
// a supervisor takes milliseconds to start that its task would wait.
func (p *Pool) Reserve(n int) {
	n = min(max(n, p.o.MinIdle), p.o.MaxIdle)
	p.mu.Lock()
	p.reserved, p.reservedUntil = n, time.Now().Add(p.o.IdleTimeout)
	p.mu.Unlock()
	go p.refill(n)
}

// refill starts supervisors until n wait ready.
func (p *Pool) refill(n int) {
	for {
		p.mu.Lock()
		if p.closed || len(p.idle)+p.warming >= n {
			p.mu.Unlock()
			return
		}
		p.warming++
		p.mu.Unlock()
		m, err := p.start()
		p.mu.Lock()
		p.warming--
		if err == nil {
			p.idleLocked(m)
		}
		p.mu.Unlock()
		if err != nil {
			p.o.Log.Error("start a supervisor", "err", err)
			return
		}
	}
}

// idleLocked puts m back in the pool, or lets it go when the pool is full
// or closed; p.mu is held.
func (p *Pool) idleLocked(m *member) {
	if p.closed || len(p.idle) >= p.o.MaxIdle {
		m.stdin.Close()
		return
	}
	m.idleSince = time.Now()
	p.idle = append(p.idle, m)
	p.trimLater()
}

// trimLater arranges for trim once the oldest idle supervisor beyond
// MinIdle has waited IdleTimeout; p.mu is held.
func (p *Pool) trimLater() {
	if p.trimming || len(p.idle) <= p.o.MinIdle {
		return
	}
	p.trimming = true
	wait := p.o.IdleTimeout - time.Since(p.idle[0].idleSince)
	if r := time.Until(p.reservedUntil); len(p.idle) <= p.reserved && r > wait {
		wait = r
	}
	time.AfterFunc(wait, p.trim)
}

// keep is how many idle supervisors trim keeps; p.mu is held.
func (p *Pool) keep() int {
	if time.Now().Before(p.reservedUntil) {
		return max(p.o.MinIdle, p.reserved)
	}
	return p.o.MinIdle
}

// trim lets go the supervisors beyond MinIdle (or those reserved) that
// have waited IdleTimeout (p.idle is oldest first: takeIdle takes the
// warmest, last).
func (p *Pool) trim() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.trimming = false
	for len(p.idle) > p.keep() && time.Since(p.idle[0].idleSince) >= p.o.IdleTimeout {
		p.idle[0].stdin.Close()
		p.idle = p.idle[1:]
	}
	p.trimLater()
}

func (p *Pool) start() (*member, error) {
	if p.o.Executable == "" {
		return nil, errors.New("cannot find the aiflow binary that runs supervisors")
	}
	logf, err := os.OpenFile(p.o.LogPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(p.o.Executable, "taskmanager", "run", "-")
	cmd.Env = p.o.Env
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
		return nil, fmt.Errorf("start supervisor %s: %w", p.o.Executable, err)
	}
	out := bufio.NewScanner(stdout)
	out.Buffer(nil, 1<<20) // a report carries an error message of any length
	m := &member{cmd: cmd, stdin: stdin, out: out, done: make(chan struct{})}
	p.mu.Lock()
	p.all[m] = true
	p.mu.Unlock()
	go p.serve(m)
	return m, nil
}

// serve follows a supervisor: it passes on the reports of its try and,
// after each try, says Done and returns it to the pool; when it exits, it
// says Done for the try it had.
func (p *Pool) serve(m *member) {
	for m.out.Scan() {
		msg, done, err := parseLine(m.out.Bytes())
		p.mu.Lock()
		spec := m.cur
		if done {
			m.cur = ""
		}
		p.mu.Unlock()
		switch {
		case err != nil:
			p.o.Log.Warn("supervisor", "pid", m.cmd.Process.Pid, "err", err)
		case msg != nil && spec != "":
			p.o.Report(spec, *msg)
		case done:
			if spec != "" {
				p.o.Done(spec)
			}
			p.mu.Lock()
			p.idleLocked(m)
			p.mu.Unlock()
		}
	}
	p.mu.Lock()
	spec := m.cur
	m.cur = ""
	delete(p.all, m)
	for i, o := range p.idle {
		if o == m {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			break
		}
	}
	p.mu.Unlock()
	m.cmd.Wait()
	close(m.done)
	if spec != "" {
		p.o.Done(spec)
	}
}

// Close lets the supervisors go: each exits once its stdin is closed and
// its current try, if any, has ended. It waits a moment for the idle ones,
// which exit at once, so that a stopping server leaves no process that is
// not running a task.
func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	var idle []*member
	for m := range p.all {
		m.stdin.Close()
		if m.cur == "" {
			idle = append(idle, m)
		}
	}
	p.idle = nil
	p.mu.Unlock()
	deadline := time.After(2 * time.Second)
	for _, m := range idle {
		select {
		case <-m.done:
		case <-deadline:
			return
		}
	}
}
