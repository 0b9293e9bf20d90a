package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/storage"
)

// The files of finished executions outlive their rows unless removed:
// the working folder working_dir/<workflow>/<execution>/ (the snapshot's
// links, the task runs' folders, the supervisors' specs) and the logs in
// log_dir/<workflow>/<execution>/. Deleting an execution, its workflow or
// the whole database removes them too, and so does history_retention.

// Freed counts what a removal freed: files removed, and the bytes of those
// that were their data's last link (a snapshot file linked from
// working_dir/.snapshots frees nothing while that copy stays).
type Freed struct {
	Files int
	Bytes int64
}

// Add adds f2 to f.
func (f *Freed) Add(f2 Freed) {
	f.Files += f2.Files
	f.Bytes += f2.Bytes
}

// RemoveFiles removes the working folders and the logs of executions of
// workflow, then the shared snapshot copies no execution links to any
// more. Only finished executions' files may be removed: nothing of them
// runs any more. Missing folders are fine.
func (e *Engine) RemoveFiles(workflow string, executions ...int64) (Freed, error) {
	var (
		freed Freed
		errs  []error
	)
	for _, id := range executions {
		f, err := RemoveExecutionFiles(e.o.WorkingDir, e.o.LogDir, workflow, id)
		freed.Add(f)
		errs = append(errs, err)
	}
	e.sweepSnapshots()
	return freed, errors.Join(errs...)
}

// RemoveExecutionFiles is RemoveFiles for the folders of a configuration,
// without an engine (aiflow db clean).
func RemoveExecutionFiles(workingDir, logDir, workflow string, execution int64) (Freed, error) {
	if !safeName(workflow) || execution <= 0 {
		return Freed{}, nil // never a path outside the folders
	}
	id := strconv.FormatInt(execution, 10)
	var freed Freed
	var errs []error
	for _, root := range []string{workingDir, logDir} {
		if root == "" {
			continue
		}
		f, err := removeTree(filepath.Join(root, workflow, id), false)
		freed.Add(f)
		errs = append(errs, err)
	}
	// The workflow's folders stay, even empty: the engine may be creating
	// a new execution's folder in them right now.
	return freed, errors.Join(errs...)
}

// RemoveWorkflowFolders removes the folders of a deleted workflow,
// working_dir/<workflow> and log_dir/<workflow>, once its executions'
// files are removed, if they are empty (a workflow of the same name in
// another namespace shares them).
func (e *Engine) RemoveWorkflowFolders(workflow string) {
	if !safeName(workflow) {
		return
	}
	for _, root := range []string{e.o.WorkingDir, e.o.LogDir} {
		if root != "" {
			os.Remove(filepath.Join(root, workflow))
		}
	}
}

// ResetFiles removes the files of every execution from workingDir and
// logDir after the database was reset: the folders laid out as
// <workflow>/<execution id>/ (and the .stale-* copies the engine moved
// aside) and the shared snapshot copies in workingDir/.snapshots. The
// server's own files (its logs, the supervisors' log, the Python runtime)
// and anything else stay.
func ResetFiles(workingDir, logDir string) (Freed, error) {
	var freed Freed
	var errs []error
	for _, root := range []string{workingDir, logDir} {
		if root == "" {
			continue
		}
		wfs, err := os.ReadDir(root)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, wf := range wfs {
			if !wf.IsDir() || !safeName(wf.Name()) {
				continue
			}
			dir := filepath.Join(root, wf.Name())
			execs, err := os.ReadDir(dir)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			for _, x := range execs {
				if x.IsDir() && executionFolder(x.Name()) {
					f, err := removeTree(filepath.Join(dir, x.Name()), false)
					freed.Add(f)
					errs = append(errs, err)
				}
			}
			os.Remove(dir) // only if it held nothing else
		}
	}
	if workingDir != "" {
		f, err := removeTree(filepath.Join(workingDir, ".snapshots"), false)
		freed.Add(f)
		errs = append(errs, err)
	}
	return freed, errors.Join(errs...)
}

// executionFolder reports whether name is an execution's folder: its id,
// or its id followed by ".stale-" (moved aside by the engine's claim).
func executionFolder(name string) bool {
	id, _, _ := strings.Cut(name, ".stale-")
	if id == "" {
		return false
	}
	_, err := strconv.ParseUint(id, 10, 63)
	return err == nil
}

// safeName reports whether a workflow name is one path element of ours:
// not empty, no separator, not a dot folder (the engine's own, such as
// .snapshots and .runtime).
func safeName(name string) bool {
	return name != "" && !strings.HasPrefix(name, ".") && !strings.ContainsAny(name, `/\`)
}

// removeTree removes dir and everything in it, counting the files and the
// bytes freed; with dryRun it only counts. Read-only folders (tasks may
// leave some) are made writable first. A missing dir is not an error.
func removeTree(dir string, dryRun bool) (Freed, error) {
	var freed Freed
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if d != nil && d.IsDir() {
				// Unreadable: let RemoveAll below try once it is writable.
				if !dryRun {
					os.Chmod(path, 0o700)
				}
				return nil
			}
			return err
		}
		if d.IsDir() {
			if fi, err := d.Info(); err == nil && !dryRun && fi.Mode().Perm()&0o700 != 0o700 {
				os.Chmod(path, 0o700)
			}
			return nil
		}
		freed.Files++
		if fi, err := d.Info(); err == nil && fi.Mode().IsRegular() && lastLink(fi) {
			freed.Bytes += fi.Size()
		}
		return nil
	})
	if err != nil || dryRun {
		return freed, err
	}
	return freed, os.RemoveAll(dir)
}

// lastLink reports whether fi's data has no other hard link.
func lastLink(fi fs.FileInfo) bool {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Nlink <= 1
	}
	return true
}

// CleanOptions say which executions Clean deletes and where their files
// are.
type CleanOptions struct {
	// Before: finished executions that ended before it are deleted.
	Before time.Time
	// DryRun counts what would be deleted and freed, deleting nothing.
	DryRun bool
	// Batch is how many executions one transaction deletes
	// (DefaultCleanBatch when 0): the database is never held long, and the
	// engine's steps go in between.
	Batch int
	// WorkingDir and LogDir are the engine's folders (Options').
	WorkingDir, LogDir string
}

// DefaultCleanBatch is CleanOptions.Batch when it is zero.
const DefaultCleanBatch = 100

// Cleaned is what Clean deleted (or would delete): executions, with their
// task runs, and the files of their folders and logs.
type Cleaned struct {
	Executions int
	Freed
}

// Clean deletes the finished executions that ended before o.Before, with
// their task runs, working folders and logs (history_retention, aiflow db
// clean). Each batch is one transaction; its files are removed after the
// commit (a crash in between leaves files without rows, which aiflow db
// reset removes). A file that cannot be removed does not stop the others:
// the errors are returned together at the end.
func Clean(ctx context.Context, store storage.Store, o CleanOptions) (Cleaned, error) {
	var out Cleaned
	if o.Before.IsZero() {
		return out, nil
	}
	batch := o.Batch
	if batch <= 0 {
		batch = DefaultCleanBatch
	}
	names := map[int64]string{} // workflow names by id
	type victim struct {
		wf string
		id int64
	}
	var after int64
	var errs []error
	for {
		var vs []victim
		run := store.Update
		if o.DryRun {
			run = store.View
		}
		err := run(ctx, func(tx storage.Tx) error {
			xs, err := tx.ListExecutions(ctx, storage.ExecutionFilter{
				Statuses:    []storage.ExecutionStatus{storage.ExecutionSuccess, storage.ExecutionFailed, storage.ExecutionStopped},
				EndedBefore: o.Before, Page: storage.Page{After: after, Limit: batch}})
			if err != nil {
				return err
			}
			vs = vs[:0]
			for _, x := range xs {
				after = x.ID
				name, ok := names[x.WorkflowID]
				if !ok {
					w, err := tx.GetWorkflowByID(ctx, x.WorkflowID)
					if err != nil {
						return fmt.Errorf("workflow of execution %d: %w", x.ID, err)
					}
					name, names[x.WorkflowID] = w.Name, w.Name
				}
				if !o.DryRun {
					if err := tx.DeleteExecution(ctx, x.ID); err != nil {
						return fmt.Errorf("delete execution %d: %w", x.ID, err)
					}
				}
				vs = append(vs, victim{name, x.ID})
			}
			return nil
		})
		if err != nil {
			return out, errors.Join(append(errs, err)...)
		}
		if r, ok := store.(reclaimer); ok && !o.DryRun && len(vs) > 0 {
			errs = append(errs, r.Reclaim(ctx))
		}
		for _, v := range vs {
			out.Executions++
			if o.DryRun {
				for _, root := range []string{o.WorkingDir, o.LogDir} {
					if root != "" && safeName(v.wf) {
						f, err := removeTree(filepath.Join(root, v.wf, strconv.FormatInt(v.id, 10)), true)
						out.Freed.Add(f)
						errs = append(errs, err)
					}
				}
				continue
			}
			f, err := RemoveExecutionFiles(o.WorkingDir, o.LogDir, v.wf, v.id)
			out.Freed.Add(f)
			errs = append(errs, err)
		}
		if len(vs) < batch || ctx.Err() != nil {
			return out, errors.Join(append(errs, ctx.Err())...)
		}
	}
}

// reclaimer is a store that can give the space of deleted rows back to the
// file system (sqlite.Store, in incremental auto-vacuum mode).
type reclaimer interface {
	Reclaim(ctx context.Context) error
}

// RetentionInterval is how often Retain looks for executions to delete:
// every minute, or every quarter of the window when that is shorter.
func RetentionInterval(keep time.Duration) time.Duration {
	return min(time.Minute, keep/4)
}

// Retain deletes, until ctx is done, the finished executions that ended
// more than keep ago, with their files: at once, then every
// RetentionInterval(keep). keep <= 0 keeps everything. The server runs it beside
// the engine when history_retention is set.
func (e *Engine) Retain(ctx context.Context, keep time.Duration) {
	if keep <= 0 {
		return
	}
	t := time.NewTicker(RetentionInterval(keep))
	defer t.Stop()
	for {
		c, err := Clean(ctx, e.store, CleanOptions{Before: e.now().Add(-keep), WorkingDir: e.o.WorkingDir, LogDir: e.o.LogDir})
		switch {
		case err != nil && ctx.Err() == nil:
			e.log.Warn("history_retention: delete old executions", "deleted", c.Executions, "err", err)
		case c.Executions > 0:
			e.log.Info("history_retention: deleted old executions", "executions", c.Executions, "files", c.Files, "bytes", c.Bytes)
			e.sweepSnapshots()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sweepSnapshots removes the shared snapshot copies that no execution
// links to any more (executions deleted by retention, a delete command or
// aiflow db clean).
func (e *Engine) sweepSnapshots() {
	if n, err := e.run.sweepShared(); err != nil {
		e.log.Warn("remove unused snapshot copies", "err", err)
	} else if n > 0 {
		e.log.Info("removed unused snapshot copies", "count", n)
	}
}
