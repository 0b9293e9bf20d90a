//go:build unix

package process

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Alive reports whether a process with id pid exists and has not exited. A
// zombie (exited, not yet reaped by its parent) counts as gone where /proc
// can tell, because a supervisor or a server in a container whose init does
// not reap may see its orphans linger as zombies.
func Alive(pid int) bool {
	if pid <= 0 || !exists(pid) {
		return false
	}
	st, ok := procStat(pid)
	return !ok || st.state != 'Z'
}

// GroupAlive reports whether process group pgid has a member that has not
// exited, with zombies counting as gone where /proc can tell.
func GroupAlive(pgid int) bool {
	if pgid <= 0 || !exists(-pgid) {
		return false
	}
	dir, err := os.ReadDir("/proc")
	if err != nil {
		return true
	}
	for _, e := range dir {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, ok := procStat(pid); ok && st.pgrp == pgid && st.state != 'Z' {
			return true
		}
	}
	return false
}

// exists asks the kernel with the null signal; EPERM means the process
// exists but belongs to someone else.
func exists(id int) bool {
	err := syscall.Kill(id, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

type stat struct {
	state byte
	pgrp  int
}

// procStat reads the state and process group of pid from /proc/PID/stat
// (Linux); ok is false where that file does not exist.
func procStat(pid int) (st stat, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return stat{}, false
	}
	// The command name in parentheses may contain spaces and parentheses:
	// the fields after it start after the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return stat{}, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 3 || len(f[0]) != 1 {
		return stat{}, false
	}
	pgrp, err := strconv.Atoi(f[2])
	if err != nil {
		return stat{}, false
	}
	return stat{state: f[0][0], pgrp: pgrp}, true
}
