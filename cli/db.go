package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aiflow-go/aiflow/config"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/server"
	"github.com/aiflow-go/aiflow/storage/sqlite"
)

// dbCmd is AIFlow's "aiflow db" group, on the database named by the
// configuration.
type dbCmd struct {
	Init    dbInitCmd    `cmd:"" help:"Create the database if needed and apply all schema migrations."`
	Upgrade dbUpgradeCmd `cmd:"" help:"Apply the schema migrations an existing database lacks."`
	Reset   dbResetCmd   `cmd:"" help:"Drop all tables and re-create the schema (all data is lost)."`
	Clean   dbCleanCmd   `cmd:"" help:"Delete the finished workflow executions older than a duration, with their folders and logs."`
}

// databasePath loads the configuration and returns its database file.
func databasePath(e *env) (string, error) {
	cfg, err := loadConfig(e)
	if err != nil {
		return "", err
	}
	return cfg.Database, nil
}

// stoppedDatabasePath is databasePath for the commands that must not change
// the schema under a live server: it refuses while the pid file names a live
// process, as 'aiflow server start' does.
func stoppedDatabasePath(e *env, cmd string) (string, error) {
	cfg, err := loadConfig(e)
	if err != nil {
		return "", err
	}
	if pid := server.RunningPID(cfg.Home); pid != 0 {
		return "", fmt.Errorf("%s: the AIFlow Server is running (pid %d), stop it first with 'aiflow server stop'", cmd, pid)
	}
	return cfg.Database, nil
}

// reportMigration prints what Init or Upgrade did.
func reportMigration(e *env, path string, from, to int) error {
	var err error
	switch {
	case from == 0:
		_, err = fmt.Fprintf(e.stdout, "Database %s initialized (schema version %d).\n", path, to)
	case from < to:
		_, err = fmt.Fprintf(e.stdout, "Database %s upgraded from schema version %d to %d.\n", path, from, to)
	default:
		_, err = fmt.Fprintf(e.stdout, "Database %s is up to date (schema version %d).\n", path, to)
	}
	return err
}

type dbInitCmd struct{}

// Run creates the database's directory and file and migrates it.
func (c *dbInitCmd) Run(e *env) error {
	path, err := databasePath(e)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("db init: %w", err)
	}
	from, to, err := sqlite.Init(e.ctx, path, sqlite.Options{})
	if err != nil {
		return err
	}
	return reportMigration(e, path, from, to)
}

type dbUpgradeCmd struct{}

// Run migrates an existing database.
func (c *dbUpgradeCmd) Run(e *env) error {
	path, err := stoppedDatabasePath(e, "db upgrade")
	if err != nil {
		return err
	}
	from, to, err := sqlite.Upgrade(e.ctx, path, sqlite.Options{})
	if err != nil {
		return err
	}
	return reportMigration(e, path, from, to)
}

type dbResetCmd struct {
	Yes bool `short:"y" help:"Do not ask for confirmation."`
}

// Run asks AIFlow's question on stdin unless -y, then drops and re-creates
// the schema. With nothing to read on stdin it refuses rather than guess.
func (c *dbResetCmd) Run(e *env) error {
	path, err := stoppedDatabasePath(e, "db reset")
	if err != nil {
		return err
	}
	if !c.Yes {
		fmt.Fprint(e.stderr, "This will drop existing tables if they exist. Proceed? (y/n) ")
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if !isTerminal(e.stdin) {
			// Nobody typed the newline that ends the prompt line.
			fmt.Fprintln(e.stderr)
		}
		if line == "" && err != nil {
			return errors.New("db reset: no answer on stdin; pass -y to reset without asking")
		}
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			return &exitError{code: exitFindings, err: errors.New("db reset cancelled")}
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("db reset: %w", err)
	}
	if err := sqlite.Reset(e.ctx, path, sqlite.Options{}); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(e.stdout, "Database %s reset (schema version %d).\n", path, sqlite.LatestVersion()); err != nil {
		return err
	}
	// The executions are gone: so go their folders and logs.
	cfg, err := loadConfig(e)
	if err != nil {
		return err
	}
	freed, err := engine.ResetFiles(cfg.WorkingDir, cfg.LogDir)
	if freed.Files > 0 {
		fmt.Fprintf(e.stdout, "Removed the files of the executions: %s.\n", freedText(freed))
	}
	if err != nil {
		return fmt.Errorf("db reset: remove the files of the executions: %w", err)
	}
	return nil
}

// freedText describes what a removal freed.
func freedText(f engine.Freed) string {
	return fmt.Sprintf("%d files, %s", f.Files, byteSize(f.Bytes))
}

// byteSize prints n bytes in the largest binary unit that keeps it at 1 or
// more.
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n)/unit, 0
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f %ciB", v, "KMGT"[i])
}

type dbCleanCmd struct {
	OlderThan string `required:"" placeholder:"DURATION" help:"Delete the executions that finished longer ago than this: 30d, 12h, 1d12h, 90m."`
	DryRun    bool   `help:"Only print what would be deleted and freed."`
}

// Run is history_retention by hand: it deletes the finished executions
// that ended more than --older-than ago, with their task runs, working
// folders and logs, in batches of one short transaction each. It works on
// the database directly, like the other db commands, and may run while
// the server does: the server never changes a finished execution.
func (c *dbCleanCmd) Run(e *env) error {
	keep, err := config.ParseDuration(c.OlderThan)
	if err == nil && keep <= 0 {
		err = fmt.Errorf("must be a positive duration such as 30d, 12h or 1d12h, got %q", c.OlderThan)
	}
	if err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("--older-than %v", err)}
	}
	cfg, err := loadConfig(e)
	if err != nil {
		return err
	}
	st, err := sqlite.Open(e.ctx, cfg.Database, sqlite.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	before := time.Now().Add(-keep)
	got, err := engine.Clean(e.ctx, st, engine.CleanOptions{Before: before, DryRun: c.DryRun, WorkingDir: cfg.WorkingDir, LogDir: cfg.LogDir})
	noun := "workflow executions"
	if got.Executions == 1 {
		noun = "workflow execution"
	}
	what := fmt.Sprintf("%d %s that finished before %s (older than %s)",
		got.Executions, noun, before.Format("2006-01-02 15:04:05"), config.FormatDuration(keep))
	if c.DryRun {
		fmt.Fprintf(e.stdout, "Would delete %s, freeing %s.\n", what, freedText(got.Freed))
	} else {
		fmt.Fprintf(e.stdout, "Deleted %s, freeing %s.\n", what, freedText(got.Freed))
	}
	if err != nil {
		return fmt.Errorf("db clean: %w", err)
	}
	return nil
}
