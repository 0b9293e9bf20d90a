//go:build linux

package supervisor

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"unsafe"
)

// prSetChildSubreaper is PR_SET_CHILD_SUBREAPER of prctl(2), Linux 3.4 on.
const prSetChildSubreaper = 36

// becomeSubreaper makes this process the child subreaper of its descendants:
// a process the task orphans (a `cmd &` of a shell that exits, a daemon that
// double-forks) is reparented here instead of to init, so the supervisor
// can end it with the run and reap it. undo restores the previous setting
// of a process that goes on after Run.
func becomeSubreaper() (undo func(), err error) {
	if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); e != 0 {
		return func() {}, fmt.Errorf("prctl(PR_SET_CHILD_SUBREAPER): %w", e)
	}
	return func() { syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 0, 0) }, nil
}

// reaper reaps the children of the supervisor other than the task's leader,
// whose exit status os/exec collects: the orphans reparented to the
// subreaper. It looks at the next exited child without reaping it (waitid
// with WNOWAIT) and reaps it by pid only when it is not the leader, so it
// never takes the leader's status, as a plain wait for any child could. An
// exited leader hides the children behind it until os/exec has reaped it,
// which leaderGone announces.
type reaper struct {
	leader         atomic.Int64 // 0 once os/exec has reaped it
	sigs           chan os.Signal
	kick           chan struct{}
	done, finished chan struct{}
}

// startReaper starts reaping; leader is the pid it leaves alone.
func startReaper(leader int) *reaper {
	r := &reaper{
		sigs: make(chan os.Signal, 1), kick: make(chan struct{}, 1),
		done: make(chan struct{}), finished: make(chan struct{}),
	}
	r.leader.Store(int64(leader))
	// SIGCHLD comes once a child has exited; one that arrives while a
	// round runs waits in the channel and causes another round, so no exit
	// goes unnoticed.
	signal.Notify(r.sigs, syscall.SIGCHLD)
	go r.loop()
	return r
}

func (r *reaper) loop() {
	defer close(r.finished)
	for {
		r.reap()
		select {
		case <-r.sigs:
		case <-r.kick:
		case <-r.done:
			return
		}
	}
}

// leaderGone tells the reaper that os/exec has reaped the leader.
func (r *reaper) leaderGone() {
	r.leader.Store(0)
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// stop ends the reaper after a last round.
func (r *reaper) stop() {
	signal.Stop(r.sigs)
	close(r.done)
	<-r.finished
	r.reap()
}

func (r *reaper) reap() {
	for {
		pid, err := waitAny()
		if err != nil || pid == 0 || int64(pid) == r.leader.Load() {
			return
		}
		var ws syscall.WaitStatus
		if got, err := syscall.Wait4(pid, &ws, syscall.WNOHANG, nil); err != nil || got != pid {
			// Not reapable after all; trying again would spin.
			return
		}
	}
}

// pAll is P_ALL of waitid(2): any child.
const pAll = 0

// siginfo is siginfo_t as waitid fills it for a child: on every Linux
// architecture the fields of the child follow three ints, aligned to a
// pointer, and the whole is 128 bytes.
type siginfo struct {
	signo, errno, code int32
	_                  [unsafe.Sizeof(uintptr(0))/4 - 1]int32
	pid                int32
	_                  [128]byte
}

// waitAny is waitid(P_ALL) for an exited child, without blocking and
// without reaping it: it returns the child's pid, 0 when no child has
// exited, and ECHILD when the supervisor has no child at all.
func waitAny() (int, error) {
	var info siginfo
	for {
		_, _, e := syscall.Syscall6(syscall.SYS_WAITID, pAll, 0, uintptr(unsafe.Pointer(&info)),
			syscall.WEXITED|syscall.WNOHANG|syscall.WNOWAIT|syscall.WALL, 0, 0)
		switch e {
		case 0:
			return int(info.pid), nil
		case syscall.EINTR:
			continue
		}
		return 0, e
	}
}

// liveChildren returns the children of the supervisor that have not exited,
// leaving out skip.
func liveChildren(skip int) []int {
	// Most tasks leave nothing behind: once the leader has been reaped,
	// a supervisor without any child need not look through /proc.
	if _, err := waitAny(); errors.Is(err, syscall.ECHILD) {
		return nil
	}
	var pids []int
	for _, c := range children() {
		if !c.zombie && c.pid != skip {
			pids = append(pids, c.pid)
		}
	}
	return pids
}

type child struct {
	pid    int
	zombie bool
}

// children lists the child processes of the supervisor, from the parent
// field of /proc/PID/stat.
func children() []child {
	d, err := os.Open("/proc")
	if err != nil {
		return nil
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	self := os.Getpid()
	var out []child
	for _, n := range names {
		pid, err := strconv.Atoi(n)
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + n + "/stat")
		if err != nil {
			continue
		}
		// The command name in parentheses may contain anything: the
		// fields after it start after the last ')'.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 2 || len(f[0]) != 1 {
			continue
		}
		if ppid, err := strconv.Atoi(f[1]); err == nil && ppid == self {
			out = append(out, child{pid: pid, zombie: f[0] == "Z"})
		}
	}
	return out
}
