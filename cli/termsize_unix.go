//go:build linux || darwin || freebsd || netbsd || openbsd

package cli

import (
	"os"
	"syscall"
	"unsafe"
)

// termSize returns the columns and rows of the terminal f is, or zeros when
// it is not one. It asks the kernel directly (TIOCGWINSZ), which keeps
// golang.org/x/term out of the dependencies.
func termSize(f any) (width, height int) {
	file, ok := f.(*os.File)
	if !ok {
		return 0, 0
	}
	var ws struct{ Row, Col, X, Y uint16 }
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, file.Fd(), uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&ws)))
	if errno != 0 {
		return 0, 0
	}
	return int(ws.Col), int(ws.Row)
}
