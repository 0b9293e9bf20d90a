package server

import (
	"os"
	"syscall"
)

// redirectStderr makes file descriptor 2 a copy of f's.
func redirectStderr(f *os.File) { _ = syscall.Dup3(int(f.Fd()), 2, 0) }
