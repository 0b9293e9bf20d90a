package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/parser"
	"github.com/aiflow-go/aiflow/pydef"
	"github.com/aiflow-go/aiflow/storage/sqlite"
)

// PIDFile is the pid file's name in $AIFLOW_HOME, as in AIFlow.
const PIDFile = "aiflow_server.pid"

// LogFile is the server log's name in the log folder.
const LogFile = "aiflow_server.log"

// ErrRunning means a live server owns the pid file.
var ErrRunning = errors.New("AIFlow Server is running, stop it first with 'aiflow server stop'")

// RunOptions are what Run needs from the configuration.
type RunOptions struct {
	Home     string // pid file folder
	Address  string // host:port to listen on
	Database string // SQLite file
	Token    string
	Version  string
	Log      *slog.Logger
	// Ready, if set, is called once the server accepts calls.
	Ready func(addr net.Addr)
}

// Run serves the API until ctx is done, then stops accepting calls, lets
// the calls in flight finish (up to 10 s), closes the store and removes the
// pid file. It refuses to start when another server owns the pid file or
// when a non-loopback address has no token.
func Run(ctx context.Context, o RunOptions) error {
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := CheckAddress(o.Address, o.Token); err != nil {
		return err
	}
	pidPath := filepath.Join(o.Home, PIDFile)
	if err := claimPID(pidPath); err != nil {
		return err
	}
	defer os.Remove(pidPath)

	store, err := sqlite.Open(ctx, o.Database, sqlite.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	p, err := parser.New(pydef.Options{})
	if err != nil {
		return fmt.Errorf("prepare the definition loader: %w", err)
	}
	ln, err := net.Listen("tcp", o.Address)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.Address, err)
	}
	srv := New(store, p, Options{Token: o.Token, Version: o.Version, PID: os.Getpid(), Log: log})
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("aiflow server started", "address", ln.Addr().String(), "pid", os.Getpid(), "database", o.Database, "token", o.Token != "")
	if o.Ready != nil {
		o.Ready(ln.Addr())
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("aiflow server stopping")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		log.Warn("calls still in flight at shutdown", "err", err)
		hs.Close()
	}
	log.Info("aiflow server stopped")
	return nil
}

// CheckAddress refuses an address that is not host:port, and one that is not
// loopback when there is no token.
func CheckAddress(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("server_address %q is not host:port", addr)
	}
	if token == "" && !IsLoopback(host) {
		return fmt.Errorf("server_address %q is not a loopback address: set a token (token in aiflow_server.yaml or AIFLOW_TOKEN) before listening on other hosts", addr)
	}
	return nil
}

// IsLoopback reports whether host only accepts local connections.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// claimPID writes this process's pid to path. A pid file naming a live
// process means a server runs: ErrRunning. A stale one is replaced. O_EXCL
// makes two servers starting at once race safely: one of them loses.
func claimPID(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	for range 3 {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = fmt.Fprintf(f, "%d\n", os.Getpid())
			return errors.Join(err, f.Close())
		}
		if !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("write pid file: %w", err)
		}
		pid, err := ReadPID(filepath.Dir(path))
		if err == nil && Alive(pid) {
			return ErrRunning
		}
		// Stale, or being written right now by a server starting at the
		// same time; in the second case the next OpenFile loses the race.
		if pid == 0 {
			time.Sleep(50 * time.Millisecond)
			if pid, err = ReadPID(filepath.Dir(path)); err == nil && Alive(pid) {
				return ErrRunning
			}
		}
		os.Remove(path)
	}
	return fmt.Errorf("cannot claim pid file %s", path)
}

// ReadPID returns the pid in home's pid file; 0 and fs.ErrNotExist when
// there is none.
func ReadPID(home string) (int, error) {
	data, err := os.ReadFile(filepath.Join(home, PIDFile))
	if err != nil {
		return 0, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		return 0, fmt.Errorf("pid file %s does not hold a pid", filepath.Join(home, PIDFile))
	}
	return pid, nil
}

// Alive reports whether a process with this pid exists.
func Alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// Stop sends SIGTERM to the server of home and waits until it has removed
// its pid file or exited; after timeout it sends SIGKILL. It returns the pid
// stopped, or 0 when no server was running (a stale pid file is removed).
func Stop(home string, timeout time.Duration) (int, error) {
	pid, err := ReadPID(home)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if !Alive(pid) {
		os.Remove(filepath.Join(home, PIDFile))
		return 0, nil
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		return pid, fmt.Errorf("stop server (pid %d): %w", pid, err)
	}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		// The pid file goes last in a clean stop; a process that is gone
		// (or a zombie whose parent has not reaped it) has it removed here.
		if p, err := ReadPID(home); err != nil || p != pid || !Alive(pid) {
			return pid, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return pid, fmt.Errorf("kill server (pid %d): %w", pid, err)
	}
	os.Remove(filepath.Join(home, PIDFile))
	return pid, nil
}
