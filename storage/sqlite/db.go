package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one embedded schema step, applied in Version order.
type migration struct {
	Version int
	Name    string
	sql     string
}

// migrations are parsed once from migrationFS; file names are
// NNNN_name.sql with consecutive versions from 1.
var migrations = mustLoadMigrations()

func mustLoadMigrations() []migration {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	var ms []migration
	for i, n := range names {
		base := strings.TrimSuffix(filepath.Base(n), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v != i+1 {
			panic(fmt.Sprintf("migration %q: want name %04d_<name>.sql", n, i+1))
		}
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{Version: v, Name: name, sql: string(b)})
	}
	return ms
}

// LatestVersion is the schema version this binary creates and expects.
func LatestVersion() int { return len(migrations) }

// Options tune a Store. The zero value is ready to use.
type Options struct {
	// Now stamps create and update times; default time.Now.
	Now func() time.Time
	// BusyTimeout is how long a connection waits for another process's
	// write lock; default 5s.
	BusyTimeout time.Duration
	// Readers bounds the read pool; default 4.
	Readers int
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	if o.Readers <= 0 {
		o.Readers = 4
	}
	return o
}

// dsn builds a file: URI, so that SQLite itself sees mode= (a plain path
// would lose its query string, see ecosystem.md). mode is ro, rw or rwc.
func dsn(path, mode string, o Options) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
	q := []string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", o.BusyTimeout.Milliseconds()),
		"_pragma=foreign_keys(1)",
		"mode=" + mode,
	}
	if mode == "rwc" {
		// A database created now is in incremental auto-vacuum mode
		// (Store.Reclaim). This must come before the journal mode: WAL
		// fixes the page layout, and with it this mode, until a VACUUM. On
		// an existing database it changes nothing by itself.
		q = append(q, "_pragma=auto_vacuum(INCREMENTAL)")
	}
	if mode != "ro" {
		// Only a writer can switch the journal mode; WAL persists in the file.
		q = append(q, "_pragma=journal_mode(WAL)", "_pragma=synchronous(NORMAL)", "_txlock=immediate")
	}
	return "file:" + esc + "?" + strings.Join(q, "&")
}

// openWriter opens the single-connection writer pool.
func openWriter(ctx context.Context, path, mode string, o Options) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn(path, mode, o))
	if err != nil {
		return nil, fmt.Errorf("open database %q: %w", path, err)
	}
	// One writer connection: writers queue in database/sql instead of
	// failing with SQLITE_BUSY.
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	// Switching a new file to WAL can fail with SQLITE_BUSY at once, without
	// the busy handler, while another process (a concurrent "db init") does
	// the same; retry it for the busy timeout like any other lock wait.
	deadline := time.Now().Add(o.BusyTimeout)
	for {
		err = db.PingContext(ctx)
		if err == nil {
			return db, nil
		}
		if code(err)&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			db.Close()
			return nil, fmt.Errorf("open database %q: %w", path, err)
		}
		select {
		case <-ctx.Done():
			db.Close()
			return nil, fmt.Errorf("open database %q: %w", path, ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// schemaVersion reads the applied version, 0 for an empty database. A file
// that is not an SQLite database fails here.
func schemaVersion(ctx context.Context, q querier, path string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("read database %q: %w", path, err)
	}
	if n == 0 {
		return 0, nil
	}
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version of %q: %w", path, err)
	}
	return int(v.Int64), nil
}

// errNewer refuses a database written by a newer aiflow.
func errNewer(path string, v int) error {
	return fmt.Errorf("database %q has schema version %d, newer than this aiflow supports (%d); use a newer aiflow", path, v, LatestVersion())
}

// apply brings the schema inside tx up to date, or only one version further
// if one is set, and returns the version it found. The version is read
// inside tx: under an IMMEDIATE transaction no other run can apply the same
// migration in between.
func apply(ctx context.Context, tx querier, path string, now time.Time, one bool) (int, error) {
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
	version      INTEGER PRIMARY KEY,
	name         TEXT NOT NULL,
	applied_time INTEGER NOT NULL
)`); err != nil {
		return 0, fmt.Errorf("migrate database %q: %w", path, err)
	}
	v, err := schemaVersion(ctx, tx, path)
	if err != nil {
		return 0, err
	}
	if v > LatestVersion() {
		return v, errNewer(path, v)
	}
	todo := migrations[v:]
	if one && len(todo) > 1 {
		todo = todo[:1]
	}
	for _, m := range todo {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return v, fmt.Errorf("migrate database %q to version %d (%s): %w", path, m.Version, m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_time) VALUES (?, ?, ?)`,
			m.Version, m.Name, now.UnixMilli()); err != nil {
			return v, fmt.Errorf("migrate database %q: %w", path, err)
		}
	}
	return v, nil
}

// migrate applies the missing migrations, each in its own transaction, and
// returns the versions before and after. Each transaction re-reads the
// version, so concurrent runs on one file apply every migration once.
func migrate(ctx context.Context, db *sql.DB, path string, now time.Time) (from, to int, err error) {
	from = -1
	for {
		tx, err := db.BeginTx(ctx, nil) // IMMEDIATE: the writer DSN sets _txlock
		if err != nil {
			return max(from, 0), 0, fmt.Errorf("migrate database %q: %w", path, err)
		}
		v, err := apply(ctx, tx, path, now, true)
		if from < 0 {
			from = v
		}
		if err != nil {
			tx.Rollback()
			return from, 0, err
		}
		if v >= LatestVersion() {
			tx.Rollback()
			return from, v, nil
		}
		if err := tx.Commit(); err != nil {
			return from, 0, fmt.Errorf("migrate database %q: %w", path, err)
		}
	}
}

// Init creates the database file if needed (not its directory) and migrates
// it to the latest version. It returns the schema versions before and after.
func Init(ctx context.Context, path string, opts Options) (from, to int, err error) {
	o := opts.withDefaults()
	if err := create(path); err != nil {
		return 0, 0, err
	}
	db, err := openWriter(ctx, path, "rwc", o)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	return migrate(ctx, db, path, o.Now())
}

// Upgrade migrates an existing database to the latest version; it refuses a
// missing file and a database newer than this binary.
func Upgrade(ctx context.Context, path string, opts Options) (from, to int, err error) {
	if err := checkFile(path); err != nil {
		return 0, 0, err
	}
	// SQLite takes an empty file for an empty database, and would make it
	// a new one. An empty file where a database should be is a database
	// lost (a copy cut short, a full disk, a truncation), which an upgrade
	// must not paper over.
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		return 0, 0, fmt.Errorf("database %q is empty (0 bytes), so there is nothing to upgrade: restore it from a backup, or run \"aiflow db init\" to start a new, empty one", path)
	}
	return Init(ctx, path, opts)
}

// create makes the database file, readable by its owner only, if it does
// not exist: SQLite would create it 0644, and it creates the -wal and
// -shm files with the database's mode.
func create(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database %q: %w", path, err)
	}
	return f.Close()
}

// Reset drops every table of the database (creating the file if needed) and
// migrates it to the latest version, in one transaction: all data is lost,
// or nothing changes if it fails.
func Reset(ctx context.Context, path string, opts Options) error {
	o := opts.withDefaults()
	if err := create(path); err != nil {
		return err
	}
	db, err := openWriter(ctx, path, "rwc", o)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("reset database %q: %w", path, err)
	}
	defer conn.Close()
	// With foreign keys on, dropping a parent table before its children
	// fails. The pragma is a no-op inside a transaction, so it is set on
	// the connection before BEGIN, and restored even if ctx is done.
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return fmt.Errorf("reset database %q: %w", path, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("reset database %q: %w", path, err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return fmt.Errorf("reset database %q: %w", path, err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return fmt.Errorf("reset database %q: %w", path, err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reset database %q: %w", path, err)
	}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, `DROP TABLE "`+strings.ReplaceAll(t, `"`, `""`)+`"`); err != nil {
			return fmt.Errorf("reset database %q: drop %q: %w", path, t, err)
		}
	}
	// AUTOINCREMENT counters live in sqlite_sequence, which DROP TABLE
	// empties; ids restart from 1.
	if _, err := apply(ctx, tx, path, o.Now(), false); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("reset database %q: %w", path, err)
	}
	// The tables are empty now, so a VACUUM is cheap: it gives the space
	// of the old data back and switches the file to incremental vacuum.
	// The reset is done, whatever becomes of it: a failure (ctx done, a
	// full disk: VACUUM writes a copy) leaves the space unreclaimed, and
	// the data as reset, so it is not the reset's error.
	bg := context.WithoutCancel(ctx)
	if _, err := conn.ExecContext(bg, `PRAGMA auto_vacuum = INCREMENTAL`); err == nil {
		conn.ExecContext(bg, `VACUUM`)
	}
	return nil
}

// reclaimPages is how many free pages one Reclaim gives back (8 MiB of
// 4 KiB pages): the write lock is held for a moment only.
const reclaimPages = 2048

// Reclaim gives up to reclaimPages free pages back to the file system, on
// a database in incremental auto-vacuum mode (every database created or
// reset by this version); on another it does nothing. History deletion
// calls it after each batch.
func (s *Store) Reclaim(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf(`PRAGMA incremental_vacuum(%d)`, reclaimPages)); err != nil {
		return fmt.Errorf("reclaim free pages: %w", err)
	}
	return nil
}

// checkFile gives the missing-database error that tells the user what to run.
func checkFile(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("database %q does not exist; run \"aiflow db init\" to create it", path)
	case err != nil:
		return fmt.Errorf("open database %q: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("database %q is a directory, not a file", path)
	}
	return nil
}

// Open opens an initialized, up-to-date database. A missing, unreadable or
// unmigrated database is an error naming the file and the command to run.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	o := opts.withDefaults()
	if err := checkFile(path); err != nil {
		return nil, err
	}
	w, err := openWriter(ctx, path, "rw", o)
	if err != nil {
		return nil, err
	}
	v, err := schemaVersion(ctx, w, path)
	if err != nil {
		w.Close()
		return nil, err
	}
	switch {
	case v == 0:
		err = fmt.Errorf("database %q is not initialized; run \"aiflow db init\"", path)
	case v < LatestVersion():
		err = fmt.Errorf("database %q has schema version %d, this aiflow needs %d; run \"aiflow db upgrade\"", path, v, LatestVersion())
	case v > LatestVersion():
		err = errNewer(path, v)
	}
	if err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, "ro", o))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %q: %w", path, err)
	}
	r.SetMaxOpenConns(o.Readers)
	s := &Store{w: w, r: r, now: o.Now, stmts: newStmts()}
	s.ops = ops{q: r, now: o.Now}
	return s, nil
}

// code returns the extended SQLite result code of err, or 0.
func code(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

func isUnique(err error) bool {
	c := code(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func isForeignKey(err error) bool { return code(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY }
