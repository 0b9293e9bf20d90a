package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aiflow-go/aiflow/server"
	"github.com/aiflow-go/aiflow/storage/sqlite"
)

// dbCmd is AIFlow's "aiflow db" group, on the database named by the
// configuration.
type dbCmd struct {
	Init    dbInitCmd    `cmd:"" help:"Create the database if needed and apply all schema migrations."`
	Upgrade dbUpgradeCmd `cmd:"" help:"Apply the schema migrations an existing database lacks."`
	Reset   dbResetCmd   `cmd:"" help:"Drop all tables and re-create the schema (all data is lost)."`
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
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
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
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("db reset: %w", err)
	}
	if err := sqlite.Reset(e.ctx, path, sqlite.Options{}); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "Database %s reset (schema version %d).\n", path, sqlite.LatestVersion())
	return err
}
