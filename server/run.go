package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/config"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/process"
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
	// WorkingDir, LogDir, Parallelism and Python configure the engine
	// (engine.Options).
	WorkingDir  string
	LogDir      string
	Parallelism int
	Python      string
	// Executable is the aiflow binary supervisors and upload checks run
	// from.
	Executable string
	// Grace is the wait between SIGTERM and SIGKILL when a run is stopped.
	Grace time.Duration
	// ConditionSteps and ConditionTimeout limit one evaluation of a custom
	// Python condition.
	ConditionSteps   int64
	ConditionTimeout time.Duration
	// MaxConnections bounds the connections open at once (more are
	// answered 503 and closed); MaxUploads, UploadTimeout and
	// EventMaxBytes are Options'; zero takes the defaults
	// (DefaultMaxConnections, ...).
	MaxConnections int
	MaxUploads     int
	UploadTimeout  time.Duration
	EventMaxBytes  int
	// CheckLimits bound the load of one upload (Options.CheckLimits).
	CheckLimits CheckLimits
	// HistoryRetention, when positive, has finished executions older
	// than it deleted with their files in the background
	// (engine.Engine.Retain).
	HistoryRetention time.Duration
	Log              *slog.Logger
	// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout
	// override the HTTP server's timeouts (see limits.go) when positive;
	// only tests need to.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// Ready, if set, is called once the server accepts calls.
	Ready func(addr net.Addr)
}

// RunOptionsOf maps the configuration to the options of Run; the caller
// adds Executable, Version, Log and Ready.
func RunOptionsOf(cfg *config.Config) RunOptions {
	return RunOptions{
		Home: cfg.Home, Address: cfg.ServerAddress, Database: cfg.Database, Token: cfg.Token,
		WorkingDir: cfg.WorkingDir, LogDir: cfg.LogDir, Parallelism: cfg.TaskParallelism, Python: cfg.PythonExecutable,
		Grace:          time.Duration(cfg.TaskStopGrace) * time.Second,
		ConditionSteps: int64(cfg.ConditionMaxSteps), ConditionTimeout: time.Duration(cfg.ConditionTimeoutMS) * time.Millisecond,
		MaxConnections: cfg.MaxConnections, MaxUploads: cfg.MaxUploads, UploadTimeout: time.Duration(cfg.UploadTimeout) * time.Second,
		EventMaxBytes: cfg.EventMaxBytes, HistoryRetention: cfg.HistoryRetention,
		CheckLimits: CheckLimits{MaxMB: cfg.UploadCheckMaxMB, Timeout: time.Duration(cfg.UploadCheckTimeout) * time.Second},
	}
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
	if o.WorkingDir == "" {
		o.WorkingDir = filepath.Join(o.Home, "working_dir")
	}
	if o.LogDir == "" {
		o.LogDir = filepath.Join(o.Home, "logs")
	}
	release, err := claimPID(filepath.Join(o.Home, PIDFile))
	if err != nil {
		return err
	}
	defer release()

	// Told once: opening the database forgets what the check reads.
	if err := sqlite.CheckWAL(o.Database); err != nil {
		log.Error("database damaged by a crash", "err", err)
	}
	store, err := sqlite.Open(ctx, o.Database, sqlite.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	ln, err := net.Listen("tcp", o.Address)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.Address, err)
	}
	// Custom conditions run in interpreters of their own, cached per
	// snapshot; the folder is theirs and emptied at every start.
	cs, err := pydef.NewConditions(pydef.ConditionOptions{Dir: filepath.Join(o.WorkingDir, ".conditions"),
		MaxSteps: o.ConditionSteps, Timeout: o.ConditionTimeout, Log: log.With("component", "conditions")})
	if err != nil {
		ln.Close()
		return fmt.Errorf("prepare the condition interpreters: %w", err)
	}
	defer cs.Close()
	eng := engine.New(store, engine.Options{
		Server: ln.Addr().String(), Token: o.Token, WorkingDir: o.WorkingDir, LogDir: o.LogDir,
		Parallelism: o.Parallelism, Python: o.Python, PythonShim: pydef.ShimFS(), Executable: o.Executable, Grace: o.Grace, Log: log.With("component", "engine"),
		Conditions: Conditions(cs),
	})
	// Uploads are staged on the disk of working_dir, not in a temporary
	// folder that may be in memory; what a crash left there goes now.
	uploadDir := filepath.Join(o.WorkingDir, ".uploads")
	os.RemoveAll(uploadDir)
	if err := os.MkdirAll(uploadDir, 0o700); err != nil {
		ln.Close()
		return fmt.Errorf("create the upload folder: %w", err)
	}
	// Uploads are loaded in child processes of o.Executable, so this
	// process needs no loader of its own.
	srv := New(store, nil, Options{Token: o.Token, Version: o.Version, PID: os.Getpid(), Home: o.Home, Log: log, Engine: eng,
		UploadDir: uploadDir, MaxUploads: o.MaxUploads, UploadTimeout: o.UploadTimeout, EventMaxBytes: o.EventMaxBytes,
		CheckExecutable: o.Executable, CheckLimits: o.CheckLimits})
	ectx, stopEngine := context.WithCancel(context.WithoutCancel(ctx))
	engineDone := make(chan struct{})
	var engineErr error
	go func() {
		defer close(engineDone)
		engineErr = eng.Run(ectx)
	}()
	retainDone := make(chan struct{})
	go func() {
		defer close(retainDone)
		eng.Retain(ectx, o.HistoryRetention)
	}()
	// The engine stops after the API (calls in flight may still need it)
	// and before the store closes.
	defer func() {
		stopEngine()
		<-engineDone
		<-retainDone
	}()
	hs := httpServer(srv.Handler(), o, srv.lines)
	hs.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	maxConns := o.MaxConnections
	if maxConns <= 0 {
		maxConns = DefaultMaxConnections
	}
	// Request contexts outlive ctx (a call in flight finishes), so Shutdown
	// has to tell long polls itself, or it would wait out the grace period.
	hs.RegisterOnShutdown(srv.Quit)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(newLimitListener(ln, maxConns, srv.lines)) }()
	log.Info("aiflow server started", "address", ln.Addr().String(), "pid", os.Getpid(), "database", o.Database, "token", o.Token != "", "history_retention", config.FormatDuration(o.HistoryRetention))
	if o.Ready != nil {
		o.Ready(ln.Addr())
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-engineDone:
		hs.Close()
		return fmt.Errorf("engine: %w", engineErr)
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

// claimPID writes this process's pid to path and holds an exclusive flock
// on it for the life of the process: the lock, not the pid, says that a
// server runs, so a stale file is simply reused and two servers starting at
// once cannot both win. release removes the file (it is still ours: we hold
// the lock) and drops the lock.
func claimPID(path string) (release func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	for range 3 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("open pid file: %w", err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, ErrRunning
			}
			return nil, fmt.Errorf("lock pid file: %w", err)
		}
		// The previous owner may have removed the file between our open
		// and our lock; then we locked an orphan inode: open again.
		if !samePath(f, path) {
			f.Close()
			continue
		}
		if err := writePID(f); err != nil {
			f.Close()
			return nil, err
		}
		return func() {
			os.Remove(path)
			f.Close()
		}, nil
	}
	return nil, fmt.Errorf("cannot claim pid file %s", path)
}

// samePath reports whether f is still the file at path.
func samePath(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

// writePID replaces the content of the locked pid file with our pid.
func writePID(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return fmt.Errorf("write pid file: %w", err)
	}
	if _, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0); err != nil {
		return fmt.Errorf("write pid file: %w", err)
	}
	return nil
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

// RunningPID returns the pid of home's server when its pid file names a live
// process, else 0.
func RunningPID(home string) int {
	if pid, err := ReadPID(home); err == nil && process.Alive(pid) {
		return pid
	}
	return 0
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
	if !process.Alive(pid) {
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
		if p, err := ReadPID(home); err != nil || p != pid || !process.Alive(pid) {
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
