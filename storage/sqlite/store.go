package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aiflow-go/aiflow/storage"
)

// Store is the SQLite storage.Store: one writer connection for all writes
// (each in an IMMEDIATE transaction) and a read-only pool for reads outside
// Update.
type Store struct {
	ops   // reads go to the read pool
	w     *sql.DB
	r     *sql.DB
	now   func() time.Time
	stmts *stmts // the writer's prepared statements
}

var _ storage.Store = (*Store)(nil)

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// ops implements storage.Tx on a querier: the read pool for the Store's
// reads, a transaction inside Update.
type ops struct {
	q   querier
	now func() time.Time
}

// Close closes both pools.
func (s *Store) Close() error {
	s.stmts.close()
	return errors.Join(s.r.Close(), s.w.Close())
}

// Update runs fn in one write transaction. A panic in fn rolls back and
// propagates.
func (s *Store) Update(ctx context.Context, fn func(tx storage.Tx) error) (err error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tx.Rollback()
		}
	}()
	err = fn(&ops{q: cachedTx{tx, s.stmts}, now: s.now})
	done = true
	if err != nil {
		tx.Rollback()
		s.stmts.prepareLater(s.w)
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	s.stmts.prepareLater(s.w)
	return nil
}

// View runs fn in one read transaction on the read pool: the first read
// fixes a WAL snapshot that later writes do not change, and the writer is
// never waited for. A panic in fn rolls back and propagates.
func (s *Store) View(ctx context.Context, fn func(tx storage.Tx) error) error {
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	// Nothing was written, so rolling back is how a read transaction ends.
	defer tx.Rollback()
	return fn(view{&ops{q: tx, now: s.now}})
}

// view is the Tx of View: reads as ops, writes refused with
// storage.ErrReadOnly (the read pool would refuse them anyway, with a less
// telling SQLite error).
type view struct{ *ops }

func readOnly(what string) error { return fmt.Errorf("%s: %w", what, storage.ErrReadOnly) }

func (view) CreateNamespace(context.Context, storage.Namespace) error {
	return readOnly("create namespace")
}
func (view) DeleteNamespace(context.Context, string) error { return readOnly("delete namespace") }
func (view) UploadWorkflow(context.Context, storage.Upload) (storage.Workflow, storage.Snapshot, error) {
	return storage.Workflow{}, storage.Snapshot{}, readOnly("upload workflow")
}
func (view) SetWorkflowEnabled(context.Context, int64, bool) error {
	return readOnly("set workflow enabled")
}
func (view) SetWorkflowEventOffset(context.Context, int64, int64) error {
	return readOnly("set workflow event offset")
}
func (view) DeleteWorkflow(context.Context, int64) error { return readOnly("delete workflow") }
func (view) CreateSchedule(context.Context, storage.Schedule) (storage.Schedule, error) {
	return storage.Schedule{}, readOnly("create schedule")
}
func (view) UpdateSchedule(context.Context, storage.Schedule) error {
	return readOnly("update schedule")
}
func (view) DeleteSchedule(context.Context, int64) error { return readOnly("delete schedule") }
func (view) CreateTrigger(context.Context, storage.Trigger) (storage.Trigger, error) {
	return storage.Trigger{}, readOnly("create trigger")
}
func (view) SetTriggerPaused(context.Context, int64, bool) error {
	return readOnly("set trigger paused")
}
func (view) DeleteTrigger(context.Context, int64) error { return readOnly("delete trigger") }
func (view) CreateExecution(context.Context, storage.Execution) (storage.Execution, error) {
	return storage.Execution{}, readOnly("create execution")
}
func (view) UpdateExecution(context.Context, storage.Execution, storage.ExecutionStatus) error {
	return readOnly("update execution")
}
func (view) DeleteExecution(context.Context, int64) error { return readOnly("delete execution") }
func (view) CreateTaskExecution(context.Context, storage.TaskExecution) (storage.TaskExecution, error) {
	return storage.TaskExecution{}, readOnly("create task execution")
}
func (view) UpdateTaskExecution(context.Context, storage.TaskExecution, storage.TaskStatus) error {
	return readOnly("update task execution")
}
func (view) AppendEvent(context.Context, storage.Event) (storage.Event, error) {
	return storage.Event{}, readOnly("append event")
}
func (view) PutState(context.Context, storage.State) error { return readOnly("put state") }
func (view) PutEvaluation(context.Context, storage.Evaluation) error {
	return readOnly("put evaluation")
}
func (view) SetEngineOffset(context.Context, int64) error { return readOnly("set engine offset") }

// write runs one write method in its own transaction.
func write[T any](ctx context.Context, s *Store, fn func(o *ops) (T, error)) (T, error) {
	var out T
	err := s.Update(ctx, func(tx storage.Tx) error {
		var err error
		out, err = fn(tx.(*ops))
		return err
	})
	return out, err
}

func write0(ctx context.Context, s *Store, fn func(o *ops) error) error {
	return s.Update(ctx, func(tx storage.Tx) error { return fn(tx.(*ops)) })
}

// The Store's write methods: each its own transaction on the writer.

// CreateNamespace implements storage.Tx.
func (s *Store) CreateNamespace(ctx context.Context, ns storage.Namespace) error {
	return write0(ctx, s, func(o *ops) error { return o.CreateNamespace(ctx, ns) })
}

// DeleteNamespace implements storage.Tx.
func (s *Store) DeleteNamespace(ctx context.Context, name string) error {
	return write0(ctx, s, func(o *ops) error { return o.DeleteNamespace(ctx, name) })
}

// UploadWorkflow implements storage.Tx.
func (s *Store) UploadWorkflow(ctx context.Context, u storage.Upload) (storage.Workflow, storage.Snapshot, error) {
	type pair struct {
		w  storage.Workflow
		sn storage.Snapshot
	}
	p, err := write(ctx, s, func(o *ops) (pair, error) {
		w, sn, err := o.UploadWorkflow(ctx, u)
		return pair{w, sn}, err
	})
	return p.w, p.sn, err
}

// SetWorkflowEnabled implements storage.Tx.
func (s *Store) SetWorkflowEnabled(ctx context.Context, id int64, enabled bool) error {
	return write0(ctx, s, func(o *ops) error { return o.SetWorkflowEnabled(ctx, id, enabled) })
}

// SetWorkflowEventOffset implements storage.Tx.
func (s *Store) SetWorkflowEventOffset(ctx context.Context, id, offset int64) error {
	return write0(ctx, s, func(o *ops) error { return o.SetWorkflowEventOffset(ctx, id, offset) })
}

// DeleteWorkflow implements storage.Tx.
func (s *Store) DeleteWorkflow(ctx context.Context, id int64) error {
	return write0(ctx, s, func(o *ops) error { return o.DeleteWorkflow(ctx, id) })
}

// CreateSchedule implements storage.Tx.
func (s *Store) CreateSchedule(ctx context.Context, sc storage.Schedule) (storage.Schedule, error) {
	return write(ctx, s, func(o *ops) (storage.Schedule, error) { return o.CreateSchedule(ctx, sc) })
}

// UpdateSchedule implements storage.Tx.
func (s *Store) UpdateSchedule(ctx context.Context, sc storage.Schedule) error {
	return write0(ctx, s, func(o *ops) error { return o.UpdateSchedule(ctx, sc) })
}

// DeleteSchedule implements storage.Tx.
func (s *Store) DeleteSchedule(ctx context.Context, id int64) error {
	return write0(ctx, s, func(o *ops) error { return o.DeleteSchedule(ctx, id) })
}

// CreateTrigger implements storage.Tx.
func (s *Store) CreateTrigger(ctx context.Context, tr storage.Trigger) (storage.Trigger, error) {
	return write(ctx, s, func(o *ops) (storage.Trigger, error) { return o.CreateTrigger(ctx, tr) })
}

// SetTriggerPaused implements storage.Tx.
func (s *Store) SetTriggerPaused(ctx context.Context, id int64, paused bool) error {
	return write0(ctx, s, func(o *ops) error { return o.SetTriggerPaused(ctx, id, paused) })
}

// DeleteTrigger implements storage.Tx.
func (s *Store) DeleteTrigger(ctx context.Context, id int64) error {
	return write0(ctx, s, func(o *ops) error { return o.DeleteTrigger(ctx, id) })
}

// CreateExecution implements storage.Tx.
func (s *Store) CreateExecution(ctx context.Context, e storage.Execution) (storage.Execution, error) {
	return write(ctx, s, func(o *ops) (storage.Execution, error) { return o.CreateExecution(ctx, e) })
}

// UpdateExecution implements storage.Tx.
func (s *Store) UpdateExecution(ctx context.Context, e storage.Execution, expect storage.ExecutionStatus) error {
	return write0(ctx, s, func(o *ops) error { return o.UpdateExecution(ctx, e, expect) })
}

// DeleteExecution implements storage.Tx.
func (s *Store) DeleteExecution(ctx context.Context, id int64) error {
	return write0(ctx, s, func(o *ops) error { return o.DeleteExecution(ctx, id) })
}

// CreateTaskExecution implements storage.Tx.
func (s *Store) CreateTaskExecution(ctx context.Context, te storage.TaskExecution) (storage.TaskExecution, error) {
	return write(ctx, s, func(o *ops) (storage.TaskExecution, error) { return o.CreateTaskExecution(ctx, te) })
}

// UpdateTaskExecution implements storage.Tx.
func (s *Store) UpdateTaskExecution(ctx context.Context, te storage.TaskExecution, expect storage.TaskStatus) error {
	return write0(ctx, s, func(o *ops) error { return o.UpdateTaskExecution(ctx, te, expect) })
}

// AppendEvent implements storage.Tx.
func (s *Store) AppendEvent(ctx context.Context, ev storage.Event) (storage.Event, error) {
	return write(ctx, s, func(o *ops) (storage.Event, error) { return o.AppendEvent(ctx, ev) })
}

// SetEngineOffset implements storage.Tx.
func (s *Store) SetEngineOffset(ctx context.Context, offset int64) error {
	return write0(ctx, s, func(o *ops) error { return o.SetEngineOffset(ctx, offset) })
}

// PutEvaluation implements storage.Tx.
func (s *Store) PutEvaluation(ctx context.Context, ev storage.Evaluation) error {
	return write0(ctx, s, func(o *ops) error { return o.PutEvaluation(ctx, ev) })
}

// PutState implements storage.Tx.
func (s *Store) PutState(ctx context.Context, st storage.State) error {
	return write0(ctx, s, func(o *ops) error { return o.PutState(ctx, st) })
}

// Times: INTEGER unix ms UTC, NULL for the zero time.

func ms(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func fromMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64).UTC()
}

func nowMS(o *ops) int64 { return o.now().UnixMilli() }

// limit turns Page.Limit into SQLite's LIMIT, where -1 means none.
func limit(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// notFound is the error for the object of kind what with id that does not
// exist.
func notFound(what string, id any) error {
	return &storage.NotFoundError{What: fmt.Sprintf("%s %v", what, id)}
}

// exists reports whether table has a row with id.
func (o *ops) exists(ctx context.Context, table string, id int64) (bool, error) {
	var one int
	err := o.q.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// must returns ErrNotFound naming the object unless table has row id.
func (o *ops) must(ctx context.Context, table, what string, id int64) error {
	ok, err := o.exists(ctx, table, id)
	if err != nil {
		return err
	}
	if !ok {
		return notFound(what, id)
	}
	return nil
}

// affected turns "no row changed" into ErrNotFound.
func affected(res sql.Result, err error, what string, id int64) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound(what, id)
	}
	return nil
}

// Namespaces.

// CreateNamespace implements storage.Tx.
func (o *ops) CreateNamespace(ctx context.Context, ns storage.Namespace) error {
	if ns.Name == "" {
		return errors.New("namespace name is empty")
	}
	props, err := json.Marshal(ns.Properties)
	if err != nil {
		return err
	}
	if ns.Properties == nil {
		props = []byte("{}")
	}
	_, err = o.q.ExecContext(ctx, `INSERT INTO namespace (name, properties) VALUES (?, ?)`, ns.Name, string(props))
	if isUnique(err) {
		return fmt.Errorf("namespace %q: %w: already exists", ns.Name, storage.ErrConflict)
	}
	return err
}

func scanNamespace(sc interface{ Scan(...any) error }) (storage.Namespace, error) {
	var ns storage.Namespace
	var props string
	if err := sc.Scan(&ns.Name, &props); err != nil {
		return ns, err
	}
	ns.Properties = map[string]string{}
	if err := json.Unmarshal([]byte(props), &ns.Properties); err != nil {
		return ns, fmt.Errorf("namespace %q: bad properties: %w", ns.Name, err)
	}
	return ns, nil
}

// GetNamespace implements storage.Tx.
func (o *ops) GetNamespace(ctx context.Context, name string) (storage.Namespace, error) {
	ns, err := scanNamespace(o.q.QueryRowContext(ctx, `SELECT name, properties FROM namespace WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return ns, notFound("namespace", strconv.Quote(name))
	}
	return ns, err
}

// ListNamespaces implements storage.Tx.
func (o *ops) ListNamespaces(ctx context.Context) ([]storage.Namespace, error) {
	return list(ctx, o, scanNamespace, `SELECT name, properties FROM namespace ORDER BY name`)
}

// DeleteNamespace implements storage.Tx.
func (o *ops) DeleteNamespace(ctx context.Context, name string) error {
	var n int
	if err := o.q.QueryRowContext(ctx, `SELECT count(*) FROM workflow WHERE namespace = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("namespace %q holds %d workflow(s): %w", name, n, storage.ErrNotEmpty)
	}
	res, err := o.q.ExecContext(ctx, `DELETE FROM namespace WHERE name = ?`, name)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return notFound("namespace", strconv.Quote(name))
	}
	return nil
}

// list runs a query and scans every row.
func list[T any](ctx context.Context, o *ops, scan func(interface{ Scan(...any) error }) (T, error), query string, args ...any) ([]T, error) {
	rows, err := o.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Workflows.

const workflowCols = `id, namespace, name, is_enabled, event_offset, coalesce(latest_snapshot_id, 0), create_time, update_time`

func scanWorkflow(sc interface{ Scan(...any) error }) (storage.Workflow, error) {
	var w storage.Workflow
	var ct, ut sql.NullInt64
	err := sc.Scan(&w.ID, &w.Namespace, &w.Name, &w.Enabled, &w.EventOffset, &w.LatestSnapshotID, &ct, &ut)
	w.CreateTime, w.UpdateTime = fromMS(ct), fromMS(ut)
	return w, err
}

// UploadWorkflow implements storage.Tx.
func (o *ops) UploadWorkflow(ctx context.Context, u storage.Upload) (storage.Workflow, storage.Snapshot, error) {
	var w storage.Workflow
	sn := u.Snapshot
	if u.Name == "" {
		return w, sn, errors.New("workflow name is empty")
	}
	if _, err := o.GetNamespace(ctx, u.Namespace); err != nil {
		return w, sn, err
	}
	now := nowMS(o)
	w, err := scanWorkflow(o.q.QueryRowContext(ctx, `INSERT INTO workflow (namespace, name, is_enabled, create_time, update_time)
VALUES (?, ?, 1, ?, ?)
ON CONFLICT (namespace, name) DO UPDATE SET is_enabled = 1, update_time = excluded.update_time
RETURNING `+workflowCols, u.Namespace, u.Name, now, now))
	if err != nil {
		return w, sn, fmt.Errorf("upload workflow %q.%q: %w", u.Namespace, u.Name, err)
	}
	sn.WorkflowID = w.ID
	sn.Files = slices.SortedFunc(slices.Values(sn.Files), func(a, b storage.File) int { return strings.Compare(a.Path, b.Path) })
	sn.Signature = storage.Sign(sn)
	sn.CreateTime = time.UnixMilli(now).UTC()
	if sn.Source == nil {
		sn.Source = []byte{}
	}
	if sn.IR == nil {
		sn.IR = []byte{}
	}
	err = o.q.QueryRowContext(ctx, `INSERT INTO snapshot (workflow_id, source_name, source, ir, signature, create_time)
VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, w.ID, sn.SourceName, sn.Source, sn.IR, sn.Signature, now).Scan(&sn.ID)
	if err != nil {
		return w, sn, fmt.Errorf("upload workflow %q.%q: %w", u.Namespace, u.Name, err)
	}
	for _, f := range sn.Files {
		data := f.Data
		if data == nil {
			data = []byte{}
		}
		blob, err := o.putBlob(ctx, data)
		if err != nil {
			return w, sn, fmt.Errorf("upload workflow %q.%q: %w", u.Namespace, u.Name, err)
		}
		_, err = o.q.ExecContext(ctx, `INSERT INTO snapshot_file (snapshot_id, path, mode, blob_id) VALUES (?, ?, ?, ?)`, sn.ID, f.Path, f.Mode, blob)
		if isUnique(err) {
			return w, sn, fmt.Errorf("upload workflow %q.%q: file %q given twice: %w", u.Namespace, u.Name, f.Path, storage.ErrConflict)
		}
		if err != nil {
			return w, sn, fmt.Errorf("upload workflow %q.%q: %w", u.Namespace, u.Name, err)
		}
	}
	if _, err := o.q.ExecContext(ctx, `UPDATE workflow SET latest_snapshot_id = ? WHERE id = ?`, sn.ID, w.ID); err != nil {
		return w, sn, err
	}
	w.LatestSnapshotID = sn.ID
	return w, sn, nil
}

// GetWorkflow implements storage.Tx.
func (o *ops) GetWorkflow(ctx context.Context, namespace, name string) (storage.Workflow, error) {
	w, err := scanWorkflow(o.q.QueryRowContext(ctx, `SELECT `+workflowCols+` FROM workflow WHERE namespace = ? AND name = ?`, namespace, name))
	if errors.Is(err, sql.ErrNoRows) {
		return w, notFound("workflow", strconv.Quote(namespace)+"."+strconv.Quote(name))
	}
	return w, err
}

// GetWorkflowByID implements storage.Tx.
func (o *ops) GetWorkflowByID(ctx context.Context, id int64) (storage.Workflow, error) {
	w, err := scanWorkflow(o.q.QueryRowContext(ctx, `SELECT `+workflowCols+` FROM workflow WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return w, notFound("workflow", id)
	}
	return w, err
}

// ListWorkflows implements storage.Tx. The WHERE clause only names the
// filters in use, so SQLite picks the (namespace, id) index or the rowid.
func (o *ops) ListWorkflows(ctx context.Context, f storage.WorkflowFilter) ([]storage.Workflow, error) {
	where, args := []string{"id > ?"}, []any{f.After}
	if f.Namespace != "" {
		where, args = append(where, "namespace = ?"), append(args, f.Namespace)
	}
	if f.Enabled != nil {
		where, args = append(where, "is_enabled = ?"), append(args, *f.Enabled)
	}
	args = append(args, limit(f.Limit))
	return list(ctx, o, scanWorkflow, `SELECT `+workflowCols+` FROM workflow WHERE `+strings.Join(where, " AND ")+` ORDER BY id LIMIT ?`, args...)
}

// SetWorkflowEnabled implements storage.Tx.
func (o *ops) SetWorkflowEnabled(ctx context.Context, id int64, enabled bool) error {
	res, err := o.q.ExecContext(ctx, `UPDATE workflow SET is_enabled = ?, update_time = ? WHERE id = ?`, enabled, nowMS(o), id)
	return affected(res, err, "workflow", id)
}

// SetWorkflowEventOffset implements storage.Tx.
func (o *ops) SetWorkflowEventOffset(ctx context.Context, id, offset int64) error {
	res, err := o.q.ExecContext(ctx, `UPDATE workflow SET event_offset = ? WHERE id = ?`, offset, id)
	return affected(res, err, "workflow", id)
}

// DeleteWorkflow implements storage.Tx. Foreign keys cascade to snapshots
// (and their files), schedules, triggers, executions (and their task
// executions and state) and workflow state.
func (o *ops) DeleteWorkflow(ctx context.Context, id int64) error {
	if err := o.must(ctx, "workflow", "workflow", id); err != nil {
		return err
	}
	if err := o.refuseAlive(ctx, `workflow_id = ?`, id); err != nil {
		return err
	}
	_, err := o.q.ExecContext(ctx, `DELETE FROM workflow WHERE id = ?`, id)
	return err
}

// refuseAlive returns ErrBusy naming the first alive execution matching
// cond.
func (o *ops) refuseAlive(ctx context.Context, cond string, arg int64) error {
	var eid int64
	var st string
	err := o.q.QueryRowContext(ctx, `SELECT id, status FROM execution WHERE status IN ('INIT', 'RUNNING') AND `+cond+` ORDER BY id LIMIT 1`, arg).Scan(&eid, &st)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return fmt.Errorf("workflow execution %d is %s, not finished: %w", eid, st, storage.ErrBusy)
}

// Snapshots.

const snapshotCols = `id, workflow_id, source_name, source, ir, signature, create_time`

func scanSnapshot(sc interface{ Scan(...any) error }) (storage.Snapshot, error) {
	var s storage.Snapshot
	var ct sql.NullInt64
	err := sc.Scan(&s.ID, &s.WorkflowID, &s.SourceName, &s.Source, &s.IR, &s.Signature, &ct)
	s.CreateTime = fromMS(ct)
	return s, err
}

// withFiles loads a snapshot's files ordered by path, with their contents
// if data is set.
func (o *ops) withFiles(ctx context.Context, s storage.Snapshot, data bool) (storage.Snapshot, error) {
	cols := `f.path, f.mode, NULL`
	if data {
		cols = `f.path, f.mode, b.data`
	}
	files, err := list(ctx, o, func(sc interface{ Scan(...any) error }) (storage.File, error) {
		var f storage.File
		err := sc.Scan(&f.Path, &f.Mode, &f.Data)
		return f, err
	}, `SELECT `+cols+` FROM snapshot_file f JOIN blob b ON b.id = f.blob_id WHERE f.snapshot_id = ? ORDER BY f.path`, s.ID)
	s.Files = files
	return s, err
}

// GetSnapshot implements storage.Tx.
func (o *ops) GetSnapshot(ctx context.Context, id int64) (storage.Snapshot, error) {
	s, err := scanSnapshot(o.q.QueryRowContext(ctx, `SELECT `+snapshotCols+` FROM snapshot WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, notFound("snapshot", id)
	}
	if err != nil {
		return s, err
	}
	return o.withFiles(ctx, s, true)
}

// LatestSnapshot implements storage.Tx.
func (o *ops) LatestSnapshot(ctx context.Context, workflowID int64) (storage.Snapshot, error) {
	return o.latestSnapshot(ctx, workflowID, true)
}

// LatestSnapshotHeader implements storage.Tx.
func (o *ops) LatestSnapshotHeader(ctx context.Context, workflowID int64) (storage.Snapshot, error) {
	return o.latestSnapshot(ctx, workflowID, false)
}

func (o *ops) latestSnapshot(ctx context.Context, workflowID int64, data bool) (storage.Snapshot, error) {
	s, err := scanSnapshot(o.q.QueryRowContext(ctx, `SELECT `+snapshotCols+` FROM snapshot WHERE workflow_id = ? ORDER BY id DESC LIMIT 1`, workflowID))
	if errors.Is(err, sql.ErrNoRows) {
		return s, notFound("snapshot of workflow", workflowID)
	}
	if err != nil {
		return s, err
	}
	return o.withFiles(ctx, s, data)
}

// ListSnapshots implements storage.Tx.
func (o *ops) ListSnapshots(ctx context.Context, workflowID int64) ([]storage.Snapshot, error) {
	return list(ctx, o, func(sc interface{ Scan(...any) error }) (storage.Snapshot, error) {
		var s storage.Snapshot
		var ct sql.NullInt64
		err := sc.Scan(&s.ID, &s.WorkflowID, &s.SourceName, &s.Signature, &ct)
		s.CreateTime = fromMS(ct)
		return s, err
	}, `SELECT id, workflow_id, source_name, signature, create_time FROM snapshot WHERE workflow_id = ? ORDER BY id`, workflowID)
}

// Schedules.

const scheduleCols = `id, workflow_id, expression, is_paused, next_fire_time, last_fire_time, create_time, origin`

func scanSchedule(sc interface{ Scan(...any) error }) (storage.Schedule, error) {
	var s storage.Schedule
	var nf, lf, ct sql.NullInt64
	err := sc.Scan(&s.ID, &s.WorkflowID, &s.Expression, &s.Paused, &nf, &lf, &ct, &s.Origin)
	s.NextFireTime, s.LastFireTime, s.CreateTime = fromMS(nf), fromMS(lf), fromMS(ct)
	return s, err
}

// CreateSchedule implements storage.Tx.
func (o *ops) CreateSchedule(ctx context.Context, s storage.Schedule) (storage.Schedule, error) {
	if err := o.must(ctx, "workflow", "workflow", s.WorkflowID); err != nil {
		return s, err
	}
	return scanSchedule(o.q.QueryRowContext(ctx, `INSERT INTO workflow_schedule (workflow_id, expression, is_paused, next_fire_time, last_fire_time, create_time, origin)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING `+scheduleCols,
		s.WorkflowID, s.Expression, s.Paused, ms(s.NextFireTime), ms(s.LastFireTime), nowMS(o), origin(s.Origin)))
}

// GetSchedule implements storage.Tx.
func (o *ops) GetSchedule(ctx context.Context, id int64) (storage.Schedule, error) {
	s, err := scanSchedule(o.q.QueryRowContext(ctx, `SELECT `+scheduleCols+` FROM workflow_schedule WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, notFound("workflow schedule", id)
	}
	return s, err
}

// ListSchedules implements storage.Tx.
func (o *ops) ListSchedules(ctx context.Context, workflowID int64) ([]storage.Schedule, error) {
	if workflowID == 0 {
		return list(ctx, o, scanSchedule, `SELECT `+scheduleCols+` FROM workflow_schedule ORDER BY id`)
	}
	return list(ctx, o, scanSchedule, `SELECT `+scheduleCols+` FROM workflow_schedule WHERE workflow_id = ? ORDER BY id`, workflowID)
}

// DueSchedules implements storage.Tx; the condition matches the partial
// index schedule_due.
func (o *ops) DueSchedules(ctx context.Context, t time.Time) ([]storage.Schedule, error) {
	return list(ctx, o, scanSchedule, `SELECT `+scheduleCols+` FROM workflow_schedule
WHERE is_paused = 0 AND next_fire_time IS NOT NULL AND next_fire_time <= ? ORDER BY next_fire_time, id`, t.UnixMilli())
}

// UpdateSchedule implements storage.Tx.
func (o *ops) UpdateSchedule(ctx context.Context, s storage.Schedule) error {
	res, err := o.q.ExecContext(ctx, `UPDATE workflow_schedule SET is_paused = ?, next_fire_time = ?, last_fire_time = ? WHERE id = ?`,
		s.Paused, ms(s.NextFireTime), ms(s.LastFireTime), s.ID)
	return affected(res, err, "workflow schedule", s.ID)
}

// DeleteSchedule implements storage.Tx.
func (o *ops) DeleteSchedule(ctx context.Context, id int64) error {
	res, err := o.q.ExecContext(ctx, `DELETE FROM workflow_schedule WHERE id = ?`, id)
	return affected(res, err, "workflow schedule", id)
}

// Triggers.

const triggerCols = `id, workflow_id, condition, event_namespace, is_paused, create_time, origin`

func scanTrigger(sc interface{ Scan(...any) error }) (storage.Trigger, error) {
	var t storage.Trigger
	var ct sql.NullInt64
	err := sc.Scan(&t.ID, &t.WorkflowID, &t.Condition, &t.EventNamespace, &t.Paused, &ct, &t.Origin)
	t.CreateTime = fromMS(ct)
	return t, err
}

// CreateTrigger implements storage.Tx.
func (o *ops) CreateTrigger(ctx context.Context, t storage.Trigger) (storage.Trigger, error) {
	if err := o.must(ctx, "workflow", "workflow", t.WorkflowID); err != nil {
		return t, err
	}
	cond := t.Condition
	if cond == nil {
		cond = []byte{}
	}
	return scanTrigger(o.q.QueryRowContext(ctx, `INSERT INTO workflow_trigger (workflow_id, condition, event_namespace, is_paused, create_time, origin)
VALUES (?, ?, ?, ?, ?, ?) RETURNING `+triggerCols, t.WorkflowID, cond, t.EventNamespace, t.Paused, nowMS(o), origin(t.Origin)))
}

// origin stores the zero Origin as declared: the rows uploads create.
func origin(o storage.Origin) storage.Origin {
	if o == "" {
		return storage.OriginDefinition
	}
	return o
}

// GetTrigger implements storage.Tx.
func (o *ops) GetTrigger(ctx context.Context, id int64) (storage.Trigger, error) {
	t, err := scanTrigger(o.q.QueryRowContext(ctx, `SELECT `+triggerCols+` FROM workflow_trigger WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, notFound("workflow trigger", id)
	}
	return t, err
}

// ListTriggers implements storage.Tx.
func (o *ops) ListTriggers(ctx context.Context, workflowID int64) ([]storage.Trigger, error) {
	if workflowID == 0 {
		return list(ctx, o, scanTrigger, `SELECT `+triggerCols+` FROM workflow_trigger ORDER BY id`)
	}
	return list(ctx, o, scanTrigger, `SELECT `+triggerCols+` FROM workflow_trigger WHERE workflow_id = ? ORDER BY id`, workflowID)
}

// SetTriggerPaused implements storage.Tx.
func (o *ops) SetTriggerPaused(ctx context.Context, id int64, paused bool) error {
	res, err := o.q.ExecContext(ctx, `UPDATE workflow_trigger SET is_paused = ? WHERE id = ?`, paused, id)
	return affected(res, err, "workflow trigger", id)
}

// DeleteTrigger implements storage.Tx.
func (o *ops) DeleteTrigger(ctx context.Context, id int64) error {
	res, err := o.q.ExecContext(ctx, `DELETE FROM workflow_trigger WHERE id = ?`, id)
	return affected(res, err, "workflow trigger", id)
}

// Executions.

const executionCols = `id, workflow_id, snapshot_id, status, run_type, begin_time, end_time, event_offset, params`

func scanExecution(sc interface{ Scan(...any) error }) (storage.Execution, error) {
	var e storage.Execution
	var bt, et sql.NullInt64
	var params string
	if err := sc.Scan(&e.ID, &e.WorkflowID, &e.SnapshotID, &e.Status, &e.RunType, &bt, &et, &e.EventOffset, &params); err != nil {
		return e, err
	}
	e.BeginTime, e.EndTime = fromMS(bt), fromMS(et)
	// No parameters read back as nil, as they were given.
	if params != "{}" {
		if err := json.Unmarshal([]byte(params), &e.Params); err != nil {
			return e, fmt.Errorf("workflow execution %d: bad params: %w", e.ID, err)
		}
	}
	return e, nil
}

// CreateExecution implements storage.Tx.
func (o *ops) CreateExecution(ctx context.Context, e storage.Execution) (storage.Execution, error) {
	var wid int64
	err := o.q.QueryRowContext(ctx, `SELECT workflow_id FROM snapshot WHERE id = ?`, e.SnapshotID).Scan(&wid)
	if errors.Is(err, sql.ErrNoRows) {
		return e, notFound("snapshot", e.SnapshotID)
	}
	if err != nil {
		return e, err
	}
	if wid != e.WorkflowID {
		return e, fmt.Errorf("snapshot %d belongs to workflow %d, not %d: %w", e.SnapshotID, wid, e.WorkflowID, storage.ErrNotFound)
	}
	if e.EventOffset == 0 {
		e.EventOffset = -1
	}
	if e.Status == "" {
		e.Status = storage.ExecutionInit
	}
	params := []byte("{}")
	if len(e.Params) > 0 {
		if params, err = json.Marshal(e.Params); err != nil {
			return e, err
		}
	}
	return scanExecution(o.q.QueryRowContext(ctx, `INSERT INTO execution (workflow_id, snapshot_id, status, run_type, begin_time, end_time, event_offset, params)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING `+executionCols,
		e.WorkflowID, e.SnapshotID, e.Status, e.RunType, ms(e.BeginTime), ms(e.EndTime), e.EventOffset, string(params)))
}

// GetExecution implements storage.Tx.
func (o *ops) GetExecution(ctx context.Context, id int64) (storage.Execution, error) {
	e, err := scanExecution(o.q.QueryRowContext(ctx, `SELECT `+executionCols+` FROM execution WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, notFound("workflow execution", id)
	}
	return e, err
}

// ListExecutions implements storage.Tx.
func (o *ops) ListExecutions(ctx context.Context, f storage.ExecutionFilter) ([]storage.Execution, error) {
	where, args := []string{"id > ?"}, []any{f.After}
	if f.WorkflowID != 0 {
		where, args = append(where, "workflow_id = ?"), append(args, f.WorkflowID)
	}
	if len(f.Statuses) > 0 {
		where = append(where, "status IN ("+placeholders(len(f.Statuses))+")")
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	if !f.EndedBefore.IsZero() {
		where, args = append(where, "end_time < ?"), append(args, f.EndedBefore.UnixMilli())
	}
	args = append(args, limit(f.Limit))
	return list(ctx, o, scanExecution, `SELECT `+executionCols+` FROM execution WHERE `+strings.Join(where, " AND ")+` ORDER BY id LIMIT ?`, args...)
}

// UpdateExecution implements storage.Tx.
func (o *ops) UpdateExecution(ctx context.Context, e storage.Execution, expect storage.ExecutionStatus) error {
	res, err := o.q.ExecContext(ctx, `UPDATE execution SET status = ?, begin_time = ?, end_time = ?, event_offset = ? WHERE id = ? AND status = ?`,
		e.Status, ms(e.BeginTime), ms(e.EndTime), e.EventOffset, e.ID, expect)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	cur, err := o.GetExecution(ctx, e.ID)
	if err != nil {
		return err
	}
	return fmt.Errorf("workflow execution %d is %s, not %s: %w", e.ID, cur.Status, expect, storage.ErrConflict)
}

// DeleteExecution implements storage.Tx.
func (o *ops) DeleteExecution(ctx context.Context, id int64) error {
	if err := o.must(ctx, "execution", "workflow execution", id); err != nil {
		return err
	}
	if err := o.refuseAlive(ctx, `id = ?`, id); err != nil {
		return err
	}
	_, err := o.q.ExecContext(ctx, `DELETE FROM execution WHERE id = ?`, id)
	return err
}

// Task executions.

const taskExecutionCols = `id, execution_id, task_name, sequence_number, try_number, status, begin_time, end_time, exit_code`

func scanTaskExecution(sc interface{ Scan(...any) error }) (storage.TaskExecution, error) {
	var t storage.TaskExecution
	var bt, et, code sql.NullInt64
	err := sc.Scan(&t.ID, &t.ExecutionID, &t.TaskName, &t.SequenceNumber, &t.TryNumber, &t.Status, &bt, &et, &code)
	t.BeginTime, t.EndTime = fromMS(bt), fromMS(et)
	if code.Valid {
		c := int(code.Int64)
		t.ExitCode = &c
	}
	return t, err
}

// CreateTaskExecution implements storage.Tx.
func (o *ops) CreateTaskExecution(ctx context.Context, t storage.TaskExecution) (storage.TaskExecution, error) {
	if err := o.must(ctx, "execution", "workflow execution", t.ExecutionID); err != nil {
		return t, err
	}
	if t.TryNumber == 0 {
		t.TryNumber = 1
	}
	if t.Status == "" {
		t.Status = storage.TaskInit
	}
	begin := ms(t.BeginTime)
	if begin == nil {
		begin = nowMS(o)
	}
	out, err := scanTaskExecution(o.q.QueryRowContext(ctx, `INSERT INTO task_execution (execution_id, task_name, sequence_number, try_number, status, begin_time, end_time, exit_code)
VALUES (?1, ?2, CASE WHEN ?3 > 0 THEN ?3 ELSE
	(SELECT coalesce(max(sequence_number), 0) + 1 FROM task_execution WHERE execution_id = ?1 AND task_name = ?2) END,
	?4, ?5, ?6, ?7, ?8) RETURNING `+taskExecutionCols,
		t.ExecutionID, t.TaskName, t.SequenceNumber, t.TryNumber, t.Status, begin, ms(t.EndTime), t.ExitCode))
	if isUnique(err) {
		return t, fmt.Errorf("task execution %d_%s_%d: %w: already exists", t.ExecutionID, t.TaskName, t.SequenceNumber, storage.ErrConflict)
	}
	return out, err
}

// GetTaskExecution implements storage.Tx.
func (o *ops) GetTaskExecution(ctx context.Context, id int64) (storage.TaskExecution, error) {
	t, err := scanTaskExecution(o.q.QueryRowContext(ctx, `SELECT `+taskExecutionCols+` FROM task_execution WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, notFound("task execution", id)
	}
	return t, err
}

// ListTaskExecutions implements storage.Tx.
func (o *ops) ListTaskExecutions(ctx context.Context, executionID int64) ([]storage.TaskExecution, error) {
	return list(ctx, o, scanTaskExecution, `SELECT `+taskExecutionCols+` FROM task_execution WHERE execution_id = ? ORDER BY id`, executionID)
}

// LatestTaskExecutions implements storage.Tx; SQLite's bare-column rule
// makes the other columns come from the row holding max(sequence_number).
func (o *ops) LatestTaskExecutions(ctx context.Context, executionID int64) (map[string]storage.TaskExecution, error) {
	tes, err := list(ctx, o, func(sc interface{ Scan(...any) error }) (storage.TaskExecution, error) {
		var seq int
		t, err := scanTaskExecution(scanDrop{sc, &seq})
		return t, err
	}, `SELECT `+taskExecutionCols+`, max(sequence_number) FROM task_execution WHERE execution_id = ? GROUP BY task_name`, executionID)
	if err != nil {
		return nil, err
	}
	m := make(map[string]storage.TaskExecution, len(tes))
	for _, t := range tes {
		m[t.TaskName] = t
	}
	return m, nil
}

// scanDrop scans one extra trailing column into a throwaway destination.
type scanDrop struct {
	sc    interface{ Scan(...any) error }
	extra any
}

func (d scanDrop) Scan(dest ...any) error { return d.sc.Scan(append(dest, d.extra)...) }

// LatestTaskExecution implements storage.Tx.
func (o *ops) LatestTaskExecution(ctx context.Context, executionID int64, task string) (storage.TaskExecution, error) {
	t, err := scanTaskExecution(o.q.QueryRowContext(ctx, `SELECT `+taskExecutionCols+` FROM task_execution
WHERE execution_id = ? AND task_name = ? ORDER BY sequence_number DESC LIMIT 1`, executionID, task))
	if errors.Is(err, sql.ErrNoRows) {
		return t, notFound(fmt.Sprintf("task %q of workflow execution", task), executionID)
	}
	return t, err
}

// TaskExecutionsByStatus implements storage.Tx.
func (o *ops) TaskExecutionsByStatus(ctx context.Context, statuses ...storage.TaskStatus) ([]storage.TaskExecution, error) {
	if len(statuses) == 0 {
		return nil, nil
	}
	args := make([]any, len(statuses))
	for i, s := range statuses {
		args[i] = s
	}
	return list(ctx, o, scanTaskExecution, `SELECT `+taskExecutionCols+` FROM task_execution WHERE status IN (`+placeholders(len(args))+`) ORDER BY id`, args...)
}

// UpdateTaskExecution implements storage.Tx.
func (o *ops) UpdateTaskExecution(ctx context.Context, t storage.TaskExecution, expect storage.TaskStatus) error {
	try := t.TryNumber
	if try == 0 {
		try = 1
	}
	res, err := o.q.ExecContext(ctx, `UPDATE task_execution SET status = ?, try_number = ?, begin_time = ?, end_time = ?, exit_code = ? WHERE id = ? AND status = ?`,
		t.Status, try, ms(t.BeginTime), ms(t.EndTime), t.ExitCode, t.ID, expect)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	cur, err := o.GetTaskExecution(ctx, t.ID)
	if err != nil {
		return err
	}
	return fmt.Errorf("task execution %d is %s, not %s: %w", t.ID, cur.Status, expect, storage.ErrConflict)
}

// Events.

const eventCols = `id, key, value, context, namespace, sender, uuid, create_time`

func scanEvent(sc interface{ Scan(...any) error }) (storage.Event, error) {
	var e storage.Event
	var ct sql.NullInt64
	err := sc.Scan(&e.Offset, &e.Key, &e.Value, &e.Context, &e.Namespace, &e.Sender, &e.UUID, &ct)
	e.CreateTime = fromMS(ct)
	return e, err
}

// AppendEvent implements storage.Tx.
func (o *ops) AppendEvent(ctx context.Context, ev storage.Event) (storage.Event, error) {
	if ev.Key == "" {
		return ev, errors.New("event key is empty")
	}
	if ev.UUID == "" {
		var b [16]byte
		rand.Read(b[:])
		ev.UUID = hex.EncodeToString(b[:])
	}
	out, err := scanEvent(o.q.QueryRowContext(ctx, `INSERT INTO event (key, value, context, namespace, sender, uuid, create_time)
VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING RETURNING `+eventCols,
		ev.Key, ev.Value, ev.Context, ev.Namespace, ev.Sender, ev.UUID, nowMS(o)))
	if errors.Is(err, sql.ErrNoRows) {
		// Already stored: a retry of a send whose answer was lost.
		return scanEvent(o.q.QueryRowContext(ctx, `SELECT `+eventCols+` FROM event WHERE uuid = ?`, ev.UUID))
	}
	return out, err
}

// eventWhere builds the filter of ListEvents and CountEvents.
func eventWhere(f storage.EventFilter) (string, []any) {
	where, args := []string{"id > ?"}, []any{f.After}
	if len(f.Keys) > 0 {
		where = append(where, "key IN ("+placeholders(len(f.Keys))+")")
		for _, k := range f.Keys {
			args = append(args, k)
		}
	}
	if f.Namespace != "" {
		where, args = append(where, "namespace = ?"), append(args, f.Namespace)
	}
	if f.Sender != "" {
		where, args = append(where, "sender = ?"), append(args, f.Sender)
	}
	return strings.Join(where, " AND "), args
}

// ListEvents implements storage.Tx.
func (o *ops) ListEvents(ctx context.Context, f storage.EventFilter) ([]storage.Event, error) {
	if f.MaxBytes > 0 {
		evs, _, err := o.ListEventPage(ctx, f)
		return evs, err
	}
	where, args := eventWhere(f)
	return list(ctx, o, scanEvent, `SELECT `+eventCols+` FROM event WHERE `+where+` ORDER BY id LIMIT ?`, append(args, limit(f.Limit))...)
}

// ListEventPage implements storage.Tx.
func (o *ops) ListEventPage(ctx context.Context, f storage.EventFilter) ([]storage.Event, bool, error) {
	where, args := eventWhere(f)
	max, qmax := limit(f.Limit), -1 // -1: no limit
	if max > 0 {
		qmax = max + 1
	}
	// The sizes come first (octet_length does not load the text), so that
	// no event past the page is loaded: the page ends before the first
	// event that would take it past MaxBytes (unless it is still empty) or
	// at Limit, and one more row says whether anything follows.
	rows, err := o.q.QueryContext(ctx, `SELECT id, octet_length(key) + octet_length(value) + octet_length(context)
FROM event WHERE `+where+` ORDER BY id LIMIT ?`, append(args, qmax)...)
	if err != nil {
		return nil, false, err
	}
	var ids []int64
	more, total := false, 0
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, false, err
		}
		if len(ids) == max || len(ids) > 0 && f.MaxBytes > 0 && total+n > f.MaxBytes {
			more = true
			break
		}
		total += n
		ids = append(ids, id)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil || len(ids) == 0 {
		return nil, false, err
	}
	// Offsets only grow (AUTOINCREMENT), so the range holds these events
	// and no other matching one.
	evs, err := list(ctx, o, scanEvent, `SELECT `+eventCols+` FROM event WHERE id BETWEEN ? AND ? AND `+where+` ORDER BY id`,
		append([]any{ids[0], ids[len(ids)-1]}, args...)...)
	return evs, more, err
}

// CountEvents implements storage.Tx.
func (o *ops) CountEvents(ctx context.Context, f storage.EventFilter) (int64, error) {
	where, args := eventWhere(f)
	var n int64
	err := o.q.QueryRowContext(ctx, `SELECT count(*) FROM event WHERE `+where, args...).Scan(&n)
	return n, err
}

// MaxEventOffset implements storage.Tx.
func (o *ops) MaxEventOffset(ctx context.Context) (int64, error) {
	var n int64
	err := o.q.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM event`).Scan(&n)
	return n, err
}

// Condition state.

// stateTable picks the table and owner id of a state's scope.
func stateTable(workflowID, executionID int64) (table, col string, id int64) {
	if executionID != 0 {
		return "execution_state", "execution_id", executionID
	}
	return "workflow_state", "workflow_id", workflowID
}

// GetState implements storage.Tx.
func (o *ops) GetState(ctx context.Context, workflowID, executionID int64, name string) (storage.State, error) {
	st := storage.State{WorkflowID: workflowID, ExecutionID: executionID, Name: name}
	table, col, id := stateTable(workflowID, executionID)
	err := o.q.QueryRowContext(ctx, `SELECT value FROM `+table+` WHERE `+col+` = ? AND name = ?`, id, name).Scan(&st.Value)
	if errors.Is(err, sql.ErrNoRows) {
		return st, notFound(fmt.Sprintf("state %q of %s", name, strings.TrimSuffix(col, "_id")), id)
	}
	return st, err
}

// PutState implements storage.Tx.
func (o *ops) PutState(ctx context.Context, st storage.State) error {
	table, col, id := stateTable(st.WorkflowID, st.ExecutionID)
	v := st.Value
	if v == nil {
		v = []byte("null")
	}
	_, err := o.q.ExecContext(ctx, `INSERT INTO `+table+` (`+col+`, name, value) VALUES (?, ?, ?)
ON CONFLICT (`+col+`, name) DO UPDATE SET value = excluded.value`, id, st.Name, v)
	if isForeignKey(err) {
		return notFound(strings.ReplaceAll(strings.TrimSuffix(col, "_id"), "execution", "workflow execution"), id)
	}
	return err
}

// ListStates implements storage.Tx.
func (o *ops) ListStates(ctx context.Context, workflowID, executionID int64) ([]storage.State, error) {
	table, col, id := stateTable(workflowID, executionID)
	return list(ctx, o, func(sc interface{ Scan(...any) error }) (storage.State, error) {
		st := storage.State{WorkflowID: workflowID, ExecutionID: executionID}
		return st, sc.Scan(&st.Name, &st.Value)
	}, `SELECT name, value FROM `+table+` WHERE `+col+` = ? ORDER BY name`, id)
}

// Rule and trigger evaluations.

// PutEvaluation implements storage.Tx.
func (o *ops) PutEvaluation(ctx context.Context, ev storage.Evaluation) error {
	var err error
	args := []any{ev.Offset, ev.Key, string(ev.Result), ev.Error, ev.Count, ms(ev.Time)}
	const cols = `event_offset, event_key, result, error, count, time`
	const set = `DO UPDATE SET event_offset = excluded.event_offset, event_key = excluded.event_key,
result = excluded.result, error = excluded.error, count = count + excluded.count, time = excluded.time`
	switch {
	case ev.ExecutionID != 0:
		_, err = o.q.ExecContext(ctx, `INSERT INTO rule_evaluation (execution_id, rule, `+cols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (execution_id, rule) `+set, append([]any{ev.ExecutionID, ev.Rule}, args...)...)
		if isForeignKey(err) {
			return notFound("workflow execution", ev.ExecutionID)
		}
	case ev.TriggerID != 0:
		_, err = o.q.ExecContext(ctx, `INSERT INTO trigger_evaluation (trigger_id, `+cols+`) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (trigger_id) `+set, append([]any{ev.TriggerID}, args...)...)
		if isForeignKey(err) {
			return notFound("trigger", ev.TriggerID)
		}
	default:
		return errors.New("an evaluation needs an execution or a trigger")
	}
	return err
}

func scanEvaluation(sc interface{ Scan(...any) error }, ev *storage.Evaluation, head ...any) error {
	var t sql.NullInt64
	err := sc.Scan(append(head, &ev.Offset, &ev.Key, &ev.Result, &ev.Error, &ev.Count, &t)...)
	ev.Time = fromMS(t)
	return err
}

// ListEvaluations implements storage.Tx.
func (o *ops) ListEvaluations(ctx context.Context, executionID int64) ([]storage.Evaluation, error) {
	return list(ctx, o, func(sc interface{ Scan(...any) error }) (storage.Evaluation, error) {
		ev := storage.Evaluation{ExecutionID: executionID}
		err := scanEvaluation(sc, &ev, &ev.Rule)
		return ev, err
	}, `SELECT rule, event_offset, event_key, result, error, count, time FROM rule_evaluation WHERE execution_id = ? ORDER BY rule`, executionID)
}

// ListTriggerEvaluations implements storage.Tx.
func (o *ops) ListTriggerEvaluations(ctx context.Context, workflowID int64) ([]storage.Evaluation, error) {
	return list(ctx, o, func(sc interface{ Scan(...any) error }) (storage.Evaluation, error) {
		var ev storage.Evaluation
		err := scanEvaluation(sc, &ev, &ev.TriggerID)
		return ev, err
	}, `SELECT e.trigger_id, e.event_offset, e.event_key, e.result, e.error, e.count, e.time
FROM trigger_evaluation e JOIN workflow_trigger t ON t.id = e.trigger_id WHERE t.workflow_id = ? ORDER BY e.trigger_id`, workflowID)
}

// EngineOffset implements storage.Tx.
func (o *ops) EngineOffset(ctx context.Context) (int64, error) {
	var n int64
	err := o.q.QueryRowContext(ctx, `SELECT event_offset FROM engine_offset WHERE id = 1`).Scan(&n)
	return n, err
}

// SetEngineOffset implements storage.Tx.
func (o *ops) SetEngineOffset(ctx context.Context, offset int64) error {
	_, err := o.q.ExecContext(ctx, `UPDATE engine_offset SET event_offset = ? WHERE id = 1`, offset)
	return err
}
