package engine

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/engine/pyrun"
	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/engine/supervisor"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/operator"
	"github.com/aiflow-go/aiflow/storage"
)

// job is one try of a task run to execute.
type job struct {
	id       int64 // task execution row
	run      state.Run
	wf       *ir.Workflow
	task     *ir.Task
	snapshot int64
	began    time.Time // the execution's begin time: tells its files from older ones
	params   map[string]string
}

// proc is a try handed to a supervisor (or about to be).
type proc struct {
	j    *job
	spec string // spec file path, unique per try
	pid  int    // supervisor pid, 0 until known
	// assigned says that a supervisor of the pool has it.
	assigned bool
	// adopted procs were started by an earlier server: they are not our
	// children, so watch polls their lock instead of waiting for them.
	adopted bool
	stop    bool // stop as soon as the supervisor is known
	// exited receives the outcome of applying the try's exited report,
	// once the supervisor sent one on its pipe.
	exited chan error
	// logFrom is where the try's output starts in the run's log (cleanup).
	logFrom int64
}

// runner starts queued tries in order while fewer than Parallelism run,
// each under its own supervisor process.
type runner struct {
	e     *Engine
	mu    sync.Mutex
	queue []*job
	procs map[string]*proc // by spec path
	// snaps extracts each execution's snapshot once.
	snaps map[int64]*snapshotDir
	// extracted are the snapshots extracted for sharing, by id.
	extracted map[int64]*sharedSnapshot
	// sharing is held (read) while an execution's snapshot is linked to
	// a shared copy, and (write) while unused copies are removed.
	sharing sync.RWMutex
	pool    *supervisor.Pool
	closed  bool
	// The Python task runtime is installed once.
	pyMu   sync.Mutex
	pyRoot string
}

type snapshotDir struct {
	mu     sync.Mutex
	done   bool
	dir    string
	source string // the definition file's name in dir
}

func newRunner(e *Engine) *runner {
	r := &runner{e: e, procs: map[string]*proc{}, snaps: map[int64]*snapshotDir{}, extracted: map[int64]*sharedSnapshot{}}
	// Two supervisors are kept ready, so that the next task of a chain
	// finds one while the last one is still reporting; as many as the
	// parallelism allows stay ready for a while after a wave of tasks.
	r.pool = supervisor.NewPool(supervisor.PoolOptions{
		Executable: e.o.Executable, Env: e.o.Environ, LogPath: e.supervisorLog(),
		MinIdle: min(e.o.Parallelism, 2), MaxIdle: e.o.Parallelism,
		Report: r.report, Done: r.done, Log: e.log,
	})
	return r
}

// submit queues a try.
func (r *runner) submit(j *job) {
	r.mu.Lock()
	r.queue = append(r.queue, j)
	ps := r.pump()
	r.mu.Unlock()
	r.launch(ps)
}

// pump takes queued tries while slots are free, for launch; r.mu is held.
// A closed runner (the engine stopped) launches nothing: the tries stay
// QUEUED, and the next engine's recovery queues them again.
func (r *runner) pump() []*proc {
	if r.closed {
		return nil
	}
	var ps []*proc
	for len(r.procs) < r.e.o.Parallelism && len(r.queue) > 0 {
		j := r.queue[0]
		r.queue = r.queue[1:]
		p := &proc{j: j, spec: r.e.specPath(j.wf.Name, j.run)}
		r.procs[p.spec] = p
		ps = append(ps, p)
	}
	return ps
}

// release frees p's slot.
func (r *runner) release(p *proc) {
	r.mu.Lock()
	delete(r.procs, p.spec)
	ps := r.pump()
	r.mu.Unlock()
	r.launch(ps)
}

// kill stops a try: a queued one is withdrawn, a running one's supervisor
// gets SIGTERM and stops the task's process group with its grace period.
func (r *runner) kill(wf string, run state.Run) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, j := range r.queue {
		if j.run.Execution == run.Execution && j.run.Task == run.Task && j.run.Seq == run.Seq && j.run.Try == run.Try {
			r.queue = append(r.queue[:i], r.queue[i+1:]...)
			return
		}
	}
	p, ok := r.procs[r.e.specPath(wf, run)]
	if !ok {
		return
	}
	p.stop = true
	if p.assigned {
		r.pool.Signal(p.spec)
		return
	}
	if p.adopted {
		// Its supervisor may have been between its lock and its state
		// file when it was adopted, or may have ended since.
		if held, _ := supervisor.Held(p.spec); !held {
			return
		}
		if rec, err := supervisor.Read(p.spec); err == nil && rec.State != nil {
			p.pid = rec.State.Supervisor
		}
		if p.pid != 0 {
			r.signal(p)
		}
	}
}

// busy reports whether try run of workflow wf still has a supervisor.
func (r *runner) busy(wf string, run state.Run) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.procs[r.e.specPath(wf, run)]
	return ok
}

// signal sends SIGTERM to the supervisor of adopted p; r.mu is held.
func (r *runner) signal(p *proc) {
	if err := syscall.Kill(p.pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		r.e.log.Warn("stop supervisor", "run", p.j.run.Key(), "pid", p.pid, "err", err)
	}
}

// launch prepares tries and hands them to supervisors, at once: a step's
// effects call it, and a goroutine here would add its scheduling delay to
// every task's start. A try that cannot start (a missing executable, a bad
// argument) ends with exit code 127 and the reason in its log.
func (r *runner) launch(ps []*proc) {
	for _, p := range ps {
		if err := r.start(p); err != nil {
			// Ending the try is a step of its own: never inside the
			// caller's.
			go func() {
				if errors.Is(err, operator.ErrNoProcess) {
					r.e.finish(p.j, 0, "")
				} else {
					r.e.finish(p.j, 127, err.Error())
				}
				r.release(p)
			}()
		}
	}
}

// start writes the try's spec and hands it to a supervisor.
func (r *runner) start(p *proc) error {
	e, j := r.e, p.j
	snap, err := r.snapshotDir(j)
	if err != nil {
		return err
	}
	run := e.tryRun(j, snap.dir)
	cs, err := r.command(j, run, snap.source)
	if err != nil {
		return err
	}
	env := withPath(cs.Environ(e.o.Environ), filepath.Dir(e.o.Executable))
	if e.o.Token != "" {
		env = operator.Spec{Env: []string{"AIFLOW_TOKEN=" + e.o.Token}}.Environ(env)
	}
	spec := supervisor.Spec{
		Server: e.o.Server, Token: e.o.Token, TaskExecutionID: j.id, Key: j.run.Key(), Try: j.run.Try, Began: j.began,
		Path: cs.Path, Args: cs.Args, Env: env, Dir: cs.Dir,
		LogPath: e.LogPath(j.wf.Name, j.run.Execution, j.run.Task, j.run.Seq),
		Grace:   e.o.Grace, Secret: rand.Text(),
	}
	p.logFrom = logOffset(j.task, spec.LogPath)
	b, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	// Written in place (mode 0600: it may hold the token): no supervisor
	// reads it before assign hands it over, and a spec cut short by a crash
	// is written again when recovery queues the try again.
	if err := os.MkdirAll(filepath.Dir(p.spec), 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(p.spec, b, 0o600); err != nil {
		return fmt.Errorf("write the run's spec: %w", err)
	}
	pid, err := r.pool.Assign(p.spec)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	p.pid, p.assigned = pid, true
	if p.stop {
		r.pool.Signal(p.spec)
	}
	return nil
}

// report passes on a report the supervisor of spec sent on its pipe. A
// started report the engine refuses stops the try (as the HTTP answer 409
// does).
func (r *runner) report(spec string, m supervisor.Message) {
	res := make(chan error, 1)
	rep := report{id: m.TaskExecutionID, r: m.Report, piped: true, done: func(err error) {
		if err != nil && m.Report.Event == api.ReportStarted && rejected(err) {
			r.pool.Signal(spec)
		}
		res <- err
	}}
	r.mu.Lock()
	if p := r.procs[spec]; p != nil {
		rep.run = &p.j.run
		if m.Report.Event == api.ReportExited {
			p.exited = res
		}
	}
	r.mu.Unlock()
	r.e.report(rep)
}

// done frees the slot of the try of spec once its supervisor is through
// with it. Its outcome is read from its files (gone) only when it did not
// come in a report, or could not be applied.
func (r *runner) done(spec string) {
	r.mu.Lock()
	p := r.procs[spec]
	r.mu.Unlock()
	if p == nil {
		return
	}
	if p.exited == nil {
		r.e.gone(context.Background(), p.j)
	} else if err := <-p.exited; err != nil && !rejected(err) {
		r.e.log.Warn("apply a report", "run", p.j.run.Key(), "err", err)
		r.e.gone(context.Background(), p.j)
	}
	r.cleanup(p)
	r.release(p)
}

// close lets the supervisors go (supervisor.Pool.Close); the tries still
// queued stay QUEUED for the next engine's recovery.
func (r *runner) close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.pool.Close()
}

// pythonRuntime installs the Python task runtime once it is first needed;
// a failed install is tried again by the next Python task.
func (r *runner) pythonRuntime() (string, error) {
	r.pyMu.Lock()
	defer r.pyMu.Unlock()
	if r.pyRoot == "" {
		root, err := pyrun.Install(filepath.Join(r.e.o.WorkingDir, ".runtime"), r.e.o.PythonShim)
		if err != nil {
			return "", fmt.Errorf("install the Python task runtime: %w", err)
		}
		r.pyRoot = root
	}
	return r.pyRoot, nil
}

// withPath returns env with dir at the end of its PATH, unless PATH holds
// it already: task code finds the aiflow binary that runs it (`aiflow event
// send` in a bash task, as AIFlow's tasks find the aiflow package), while an
// aiflow of the user's own PATH still comes first.
func withPath(env []string, dir string) []string {
	for i, kv := range env {
		path, ok := strings.CutPrefix(kv, "PATH=")
		if !ok {
			continue
		}
		if slices.Contains(filepath.SplitList(path), dir) {
			return env
		}
		out := slices.Clone(env)
		out[i] = kv + string(os.PathListSeparator) + dir
		return out
	}
	return append(slices.Clone(env), "PATH="+dir)
}

// command returns the command of a try.
func (r *runner) command(j *job, run operator.Run, source string) (operator.Spec, error) {
	return Command(j.task, run, source, r.e.o.Python, environment(r.e.o.Environ), r.pythonRuntime)
}

// Command returns the command that runs one try of task t: the executor's,
// or for Python and custom operators the CPython task runner's
// (engine/pyrun), whose runtime folder runtime installs on first need.
// source is the definition file's name in run.SnapshotDir, python the
// interpreter ("python3" when empty).
func Command(t *ir.Task, run operator.Run, source, python string, env operator.Environment, runtime func() (string, error)) (operator.Spec, error) {
	cs, err := operator.Start(t.Operator, t.Args, run, env)
	if !errors.Is(err, operator.ErrNeedsRunner) {
		return cs, err
	}
	root, err := runtime()
	if err != nil {
		return cs, err
	}
	argv, err := pyrun.Command(python, root, pyrun.Task{SnapshotDir: run.SnapshotDir, File: source,
		Workflow: run.Workflow, Task: t.Name, Kind: t.Operator, Args: t.Args})
	if err != nil {
		return cs, err
	}
	return operator.Spec{Path: argv[0], Args: argv[1:], Env: run.ContextEnv(), Dir: run.WorkDir}, nil
}

// forget drops what the runner keeps about an execution that finished.
func (r *runner) forget(id int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.snaps, id)
}

// snapshotDir extracts the execution's snapshot (the definition file and
// its artifacts) once, into working_dir/<workflow>/<execution>/snapshot.
func (r *runner) snapshotDir(j *job) (*snapshotDir, error) {
	r.mu.Lock()
	sd, ok := r.snaps[j.run.Execution]
	if !ok {
		sd = &snapshotDir{dir: filepath.Join(r.e.execDir(j.wf.Name, j.run.Execution), "snapshot")}
		r.snaps[j.run.Execution] = sd
	}
	r.mu.Unlock()
	// Errors are not kept: a full disk or a busy store may be fine for
	// the next try.
	sd.mu.Lock()
	defer sd.mu.Unlock()
	if !sd.done {
		marker, err := r.claim(j)
		if err != nil {
			return nil, err
		}
		source, err := r.extract(j.snapshot, sd.dir)
		if err != nil {
			return nil, err
		}
		// Last: a folder without the marker is moved aside by the next
		// claim, so a snapshot cut short by a crash is never used.
		if marker != nil {
			if err := marker(); err != nil {
				return nil, err
			}
		}
		sd.source, sd.done = source, true
	}
	return sd, nil
}

// claim makes sure the folders of j's execution are its own. Execution ids
// start again at 1 with a new database (aiflow db reset), and the files of
// an older execution 1 must not pass for this one's: its supervisors would
// find their tries already done. A marker file holds the begin time of the
// execution the folders belong to; folders without it, or of another, are
// moved aside (renamed .stale-<time>, not deleted: they may hold someone's
// results). Unless the folders were already claimed, it returns the
// function that writes the marker, once the snapshot is in place.
func (r *runner) claim(j *job) (marker func() error, err error) {
	dir := r.e.execDir(j.wf.Name, j.run.Execution)
	logs := r.e.logDir(j.wf.Name, j.run.Execution)
	path := filepath.Join(dir, ".execution")
	want := strconv.FormatInt(j.began.UnixMilli(), 10) + "\n"
	got, err := os.ReadFile(path)
	if err == nil && string(got) == want {
		return nil, nil
	}
	suffix := ".stale-" + time.Now().UTC().Format("20060102T150405")
	for _, d := range []string{dir, logs} {
		if _, err := os.Stat(d); err == nil {
			r.e.log.Warn("moving aside the files of an older execution with the same id", "folder", d, "to", d+suffix)
			if err := os.Rename(d, d+suffix); err != nil {
				return nil, fmt.Errorf("move aside the files of an older execution %d: %w", j.run.Execution, err)
			}
		}
	}
	// Written in place: one cut short by a crash reads as another's, and
	// the folders are moved aside again, which loses nothing.
	return func() error { return os.WriteFile(path, []byte(want), 0o600) }, nil
}

// extract makes dir the execution's copy of snapshot id and returns the
// definition file's name. The snapshot's files are extracted once per
// content into working_dir/.snapshots/<hash>, read-only, through a
// temporary folder renamed into place, and each execution's folder holds
// hard links to them (copies where the file system refuses links): twenty
// runs of a workflow with a large artifact store it once, while a task may
// still create files in its copy. An existing dir (from before a restart)
// is kept: the execution's marker (claim), written after it, says that it
// is complete.
func (r *runner) extract(id int64, dir string) (string, error) {
	r.sharing.RLock()
	defer r.sharing.RUnlock()
	sh, err := r.shared(id)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(dir); err == nil {
		return sh.source, nil
	}
	for _, p := range sh.paths {
		rel := filepath.FromSlash(p)
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o700); err != nil {
			return "", fmt.Errorf("extract snapshot %d: %w", id, err)
		}
		if err := linkOrCopy(filepath.Join(sh.dir, rel), filepath.Join(dir, rel)); err != nil {
			// The shared copy may have been removed: the next try makes
			// it again.
			r.mu.Lock()
			delete(r.extracted, id)
			r.mu.Unlock()
			return "", fmt.Errorf("extract snapshot %d: %w", id, err)
		}
	}
	return sh.source, nil
}

// sharedSnapshot is a snapshot extracted once: its folder, its files and
// the definition file's name.
type sharedSnapshot struct {
	dir, source string
	paths       []string
}

// maxShared bounds the snapshots whose shared copy the runner remembers.
const maxShared = 1024

// shared extracts snapshot id once into working_dir/.snapshots/<hash of
// its paths, modes and contents>, read-only, and remembers it, so that its
// next executions neither read it from the store nor hash it again.
func (r *runner) shared(id int64) (*sharedSnapshot, error) {
	r.mu.Lock()
	sh, ok := r.extracted[id]
	r.mu.Unlock()
	if ok {
		return sh, nil
	}
	sn, err := r.e.store.GetSnapshot(context.Background(), id)
	if err != nil {
		return nil, fmt.Errorf("read snapshot %d: %w", id, err)
	}
	files := append([]storage.File{{Path: sn.SourceName, Mode: 0o644, Data: sn.Source}}, sn.Files...)
	h := sha256.New()
	sh = &sharedSnapshot{source: sn.SourceName}
	for _, f := range files {
		fmt.Fprintf(h, "%q %o %d\n", f.Path, f.Mode, len(f.Data))
		h.Write(f.Data)
		sh.paths = append(sh.paths, f.Path)
	}
	sh.dir = filepath.Join(r.e.o.WorkingDir, ".snapshots", hex.EncodeToString(h.Sum(nil))[:24])
	if _, err := os.Stat(sh.dir); err != nil {
		err := intoPlace(sh.dir, func(tmp string) error {
			for _, f := range files {
				path := filepath.Join(tmp, filepath.FromSlash(f.Path))
				if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
					return err
				}
				// Read-only: a task that changed a file in place would
				// change it for every execution linked to it.
				if err := os.WriteFile(path, f.Data, fs.FileMode(f.Mode)&fs.ModePerm&^0o222|0o400); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("extract snapshot %d: %w", id, err)
		}
	}
	r.mu.Lock()
	if len(r.extracted) >= maxShared {
		clear(r.extracted)
	}
	r.extracted[id] = sh
	r.mu.Unlock()
	return sh, nil
}

// sweepShared removes the shared snapshot copies no execution's folder
// links to any more (every file of theirs has a single link), once the
// executions that used them were deleted; it returns how many.
func (r *runner) sweepShared() (int, error) {
	r.sharing.Lock()
	defer r.sharing.Unlock()
	root := filepath.Join(r.e.o.WorkingDir, ".snapshots")
	entries, err := os.ReadDir(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, nil
		}
		return 0, err
	}
	n := 0
	for _, ent := range entries {
		dir := filepath.Join(root, ent.Name())
		if !ent.IsDir() || strings.HasPrefix(ent.Name(), ".") || linked(dir) {
			continue
		}
		if _, err := removeTree(dir, false); err != nil {
			return n, err
		}
		n++
	}
	r.mu.Lock()
	for id, sh := range r.extracted {
		if _, err := os.Stat(sh.dir); err != nil {
			delete(r.extracted, id)
		}
	}
	r.mu.Unlock()
	return n, nil
}

// linked reports whether a file under dir has another link than its own
// (or cannot be checked).
func linked(dir string) bool {
	found := false
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			found = true
			return fs.SkipAll
		}
		if d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		st, ok := fi.Sys().(*syscall.Stat_t)
		if err != nil || !ok || st.Nlink > 1 {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

// intoPlace creates dir by filling a temporary folder beside it with fill
// and renaming it into place; a dir that appeared meanwhile is kept.
func intoPlace(dir string, fill func(tmp string) error) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".snapshot-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := fill(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil && !errors.Is(err, fs.ErrExist) && !errors.Is(err, syscall.ENOTEMPTY) {
		return err
	}
	return nil
}

// linkOrCopy makes to a hard link of from, or a copy where the file system
// refuses links.
func linkOrCopy(from, to string) error {
	if os.Link(from, to) == nil {
		return nil
	}
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	fi, err := os.Stat(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, fi.Mode().Perm())
}

// adopt takes over a try an earlier server handed to a supervisor: a live
// supervisor is watched (and told again to stop if the run is stopping);
// a dead one's outcome is applied. It reports whether the try never
// reached a supervisor and must be queued again.
func (r *runner) adopt(j *job, status storage.TaskStatus) bool {
	p := &proc{j: j, spec: r.e.specPath(j.wf.Name, j.run), adopted: true, stop: status == storage.TaskStopping}
	held, err := supervisor.Held(p.spec)
	if err != nil {
		r.e.log.Warn("check supervisor", "run", j.run.Key(), "err", err)
	}
	rec, rerr := supervisor.Read(p.spec)
	if held {
		if rerr == nil && rec.State != nil {
			p.pid = rec.State.Supervisor
		}
		r.mu.Lock()
		r.procs[p.spec] = p
		if status == storage.TaskStopping && p.pid != 0 {
			r.signal(p)
		}
		r.mu.Unlock()
		return false
	}
	// A spec cut short by a crash is written again.
	if !rec.Started() && status == storage.TaskQueued {
		return true
	}
	r.e.gone(context.Background(), j)
	r.cleanup(p)
	return false
}

// watch polls the supervisors of adopted tries, which are not our
// children, and applies the outcome of those that ended.
func (r *runner) watch(ctx context.Context) {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		r.mu.Lock()
		var adopted []*proc
		for _, p := range r.procs {
			if p.adopted {
				adopted = append(adopted, p)
			}
		}
		r.mu.Unlock()
		for _, p := range adopted {
			if held, err := supervisor.Held(p.spec); err == nil && !held {
				r.e.gone(ctx, p.j)
				r.cleanup(p)
				r.release(p)
			}
		}
	}
}
