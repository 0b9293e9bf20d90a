//go:build !linux

package server

import "syscall"

// childAttr: without Pdeathsig, an orphaned check child ends on its CPU
// limit.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{}
}
