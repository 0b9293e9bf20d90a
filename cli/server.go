package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/config"
	"github.com/aiflow-go/aiflow/server"
	"github.com/aiflow-go/aiflow/storage/sqlite"
)

// serverCmd is AIFlow's "aiflow server" group.
type serverCmd struct {
	Start serverStartCmd `cmd:"" help:"Start the aiflow server (in the foreground; -d in the background)."`
	Stop  serverStopCmd  `cmd:"" help:"Stop the aiflow server of $AIFLOW_HOME (SIGTERM, SIGKILL after 60s)."`
	Check serverCheckCmd `cmd:"" name:"check-upload" hidden:"" help:"Internal: load one uploaded definition within limits and print its IR and diagnostics as JSON."`
}

// serverCheckCmd is the child process in which the server loads an upload
// (server.RunCheck).
type serverCheckCmd struct {
	Namespace string        `help:"The namespace the upload asks for."`
	MaxMB     int           `name:"max-mb" help:"Memory limit of this process in MiB."`
	Timeout   time.Duration `help:"Wall time the load may take; the CPU time is limited a little above it."`
	Path      string        `arg:"" help:"The definition, inside its snapshot folder."`
}

func (c *serverCheckCmd) Run(e *env) error {
	return server.RunCheck(e.ctx, c.Path, c.Namespace, server.CheckLimits{MaxMB: c.MaxMB, Timeout: c.Timeout}, e.stdout)
}

type serverStartCmd struct {
	Daemon bool `short:"d" help:"Run in the background; the log goes to the log folder (log_dir)."`
	// Child marks the background process that -d starts: it logs to its
	// stderr only, which the parent pointed at the log file.
	Child bool `name:"daemon-child" hidden:""`
}

// Help is the long help of aiflow server start.
func (c *serverStartCmd) Help() string {
	return `Runs the aiflow server of $AIFLOW_HOME (default ~/aiflow) with the
configuration of aiflow_server.yaml: the HTTP API on server_address
(default 127.0.0.1:50051) over the database. On a fresh home it first
writes aiflow_server.yaml and creates the database, as 'aiflow config
init' and 'aiflow db init' do. The pid goes to
$AIFLOW_HOME/aiflow_server.pid and the log to <log_dir>/aiflow_server.log.
SIGTERM or SIGINT (Ctrl-C) stops it cleanly. A second server for the same
home is refused.`
}

// Run starts the server in the foreground, or the background process.
func (c *serverStartCmd) Run(e *env) error {
	cfg, err := loadConfig(e)
	if err != nil {
		return err
	}
	if err := server.CheckAddress(cfg.ServerAddress, cfg.Token); err != nil {
		return err
	}
	if server.RunningPID(cfg.Home) != 0 {
		return server.ErrRunning
	}
	if !c.Child {
		if err := prepareHome(e, cfg); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(cfg.LogDir, 0o700); err != nil {
		return fmt.Errorf("create log folder: %w", err)
	}
	logPath := filepath.Join(cfg.LogDir, server.LogFile)
	if c.Daemon {
		return c.daemon(e, cfg, logPath)
	}
	// The log rotates by size. In the background process, whose stderr the
	// parent pointed at the log file, stderr follows the current file, so
	// that a crash report lands there too.
	f, err := server.OpenLog(logPath, logOptions(cfg, c.Child))
	if err != nil {
		return err
	}
	defer f.Close()
	var logw io.Writer = f
	if !c.Child {
		logw = io.MultiWriter(e.stderr, f)
	}
	// The server log always has the lifecycle lines, whatever --log-level
	// says for the short-lived commands.
	log := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, stop := signal.NotifyContext(e.ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	exe, err := self()
	if err != nil {
		return err
	}
	o := server.RunOptionsOf(cfg)
	o.Executable, o.Version, o.Log = exe, Version, log
	return server.Run(ctx, o)
}

// logOptions are the rotation settings of the server log in cfg; stderr
// makes the process's stderr follow the current file.
func logOptions(cfg *config.Config, stderr bool) server.LogOptions {
	o := server.LogOptions{MaxBytes: int64(cfg.ServerLogMaxMB) << 20, Backups: cfg.ServerLogBackups, Stderr: stderr}
	if o.Backups == 0 {
		o.Backups = -1 // none kept; 0 would take the default
	}
	return o
}

// daemon starts this program again as "server start --daemon-child" in its
// own session, with stdout and stderr on the log file, and waits until it
// answers.
func (c *serverStartCmd) daemon(e *env, cfg *config.Config, logPath string) error {
	exe, err := self()
	if err != nil {
		return err
	}
	logf, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open server log: %w", err)
	}
	defer logf.Close()
	st, _ := logf.Stat()
	cmd := exec.Command(exe, "server", "start", "--daemon-child")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start server process: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	cl := client.New(dialAddress(cfg.ServerAddress), cfg.Token)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("aiflow server did not start: %s (log: %s)", lastLogLine(logPath, st), logPath)
		case <-time.After(50 * time.Millisecond):
		}
		ctx, cancel := context.WithTimeout(e.ctx, time.Second)
		h, err := cl.Health(ctx)
		cancel()
		if err == nil && h.PID == cmd.Process.Pid {
			_, err = fmt.Fprintf(e.stdout, "AIFlow server started (pid %d) at %s; log: %s\n", h.PID, cfg.ServerAddress, logPath)
			return err
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	return fmt.Errorf("aiflow server did not answer within 30s (log: %s)", logPath)
}

// self returns the path of this program for re-running it: the name it was
// run as (looked up in PATH when it has no slash), which keeps working when
// the program is a link that selects a command (as in testscript), else the
// executable file.
func self() (string, error) {
	if arg := os.Args[0]; arg != "" {
		if strings.ContainsRune(arg, filepath.Separator) {
			return filepath.Abs(arg)
		}
		if p, err := exec.LookPath(arg); err == nil {
			return filepath.Abs(p)
		}
	}
	return os.Executable()
}

// lastLogLine returns the last non-empty line the log got after st (its
// state before the child started): the child's error message.
func lastLogLine(path string, st os.FileInfo) string {
	f, err := os.Open(path)
	if err != nil {
		return "see the log"
	}
	defer f.Close()
	if st != nil {
		f.Seek(st.Size(), io.SeekStart)
	}
	last := "see the log"
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			last = strings.TrimPrefix(l, "aiflow: error: ")
		}
	}
	return last
}

type serverStopCmd struct{}

// Run stops the server whose pid file is in $AIFLOW_HOME.
func (c *serverStopCmd) Run(e *env) error {
	home, err := config.Home(os.Getenv)
	if err != nil {
		return err
	}
	pid, err := server.Stop(home, 60*time.Second)
	if err != nil {
		return err
	}
	if pid == 0 {
		_, err = fmt.Fprintln(e.stdout, "AIFlow server is not running.")
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "AIFlow server stopped (pid %d).\n", pid)
	return err
}

// dialAddress turns a listen address into one a client can dial: a server
// listening on all interfaces is reached on loopback.
func dialAddress(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// newClient returns a client of the server: AIFLOW_SERVER (host:port) if
// set, else the server_address of the configuration; the token comes from
// the configuration or AIFLOW_TOKEN. It reads only those keys of the
// configuration (config.Client).
func newClient() (*client.Client, error) { return newClientAt("", "") }

// newClientAt is newClient for the server at addr (host:port), named by
// flag, when addr is not empty.
func newClientAt(addr, flag string) (*client.Client, error) {
	cfg, err := config.Client(os.Getenv)
	if err != nil {
		return nil, err
	}
	if addr == "" {
		addr, flag = os.Getenv("AIFLOW_SERVER"), "AIFLOW_SERVER"
	}
	if addr == "" {
		addr = dialAddress(cfg.ServerAddress)
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, fmt.Errorf("%s must be host:port, got %q", flag, addr)
	}
	return client.New(addr, cfg.Token).Checked(), nil
}

// loadConfig loads the server configuration and prints its warnings (the
// AIFlow keys it mapped or ignored) on stderr.
func loadConfig(e *env) (*config.Config, error) {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return nil, err
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintf(e.stderr, "aiflow: warning: %s\n", w)
	}
	return cfg, nil
}

// prepareHome makes a fresh home ready for a server, saying what it did on
// stderr: it writes aiflow_server.yaml (as 'aiflow config init') and
// creates the database (as 'aiflow db init') when they do not exist. An
// existing database is left as it is: the server tells when it needs an
// upgrade.
func prepareHome(e *env, cfg *config.Config) error {
	if cfg.File == "" {
		path, created, err := config.Init(os.Getenv)
		if err != nil {
			return fmt.Errorf("write the configuration: %w", err)
		}
		if created {
			fmt.Fprintf(e.stderr, "Wrote %s (the defaults; see 'aiflow config list').\n", path)
		}
	}
	if _, err := os.Stat(cfg.Database); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(cfg.Database), 0o700); err != nil {
		return fmt.Errorf("create the database: %w", err)
	}
	_, to, err := sqlite.Init(e.ctx, cfg.Database, sqlite.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Database %s initialized (schema version %d).\n", cfg.Database, to)
	return nil
}
