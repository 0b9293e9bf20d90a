//go:build unix && !linux

package server

import (
	"os"
	"syscall"
)

// redirectStderr makes file descriptor 2 a copy of f's.
func redirectStderr(f *os.File) { _ = syscall.Dup2(int(f.Fd()), 2) }
