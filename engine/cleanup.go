package engine

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/engine/supervisor"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/operator"
)

// Killing the process group of a stopped Flink, Spark or Docker run kills
// only the client: the job it submitted runs on in its cluster, the
// container in its daemon. Like AIFlow's operators (aiflow-reference.md §5,
// stop column), the engine then runs the operator's stop commands
// (operator.Stopper: flink cancel or stop, yarn application -kill, kubectl
// delete, docker stop), with the identifiers the run printed. They run
// after a try that was stopped or timed out has ended, off the engine's
// steps, and append their output to the run's log.

// stopTimeout bounds each stop command: a cluster that does not answer
// must not keep a goroutine and a process forever.
const stopTimeout = 60 * time.Second

// tryRun returns the executor's context of try j; snapshot is the folder of
// the execution's snapshot.
func (e *Engine) tryRun(j *job, snapshot string) operator.Run {
	return operator.Run{
		Server: e.o.Server, Namespace: j.wf.Namespace, Workflow: j.wf.Name, Execution: j.run.Execution,
		Task: j.run.Task, Seq: j.run.Seq, Try: j.run.Try,
		WorkDir:     filepath.Join(e.execDir(j.wf.Name, j.run.Execution), j.run.Task+"_"+strconv.Itoa(j.run.Seq)),
		SnapshotDir: snapshot,
		Params:      j.params,
	}
}

// logOffset returns where the output of a try of t about to start begins
// in its log: the tries of a run share one log, and the job identifiers of
// an earlier try must not be taken for this one's. It is 0 for tasks that
// need no stop commands.
func logOffset(t *ir.Task, path string) int64 {
	if !operator.Stoppable(t.Args) {
		return 0
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// cleanup is called once try p has ended. If the try was stopped, it runs
// the commands that stop what the try left running outside its process
// group, in a goroutine: a step must never wait for a cluster.
func (r *runner) cleanup(p *proc) {
	if !operator.Stoppable(p.j.task.Args) {
		return
	}
	r.mu.Lock()
	asked := p.stop
	r.mu.Unlock()
	go r.e.stopJob(p.j, p.spec, p.logFrom, asked)
}

// stopJob runs the stop commands of try j, whose supervisor spec is at
// specPath and whose output starts at offset from of its log, if the try
// was stopped: its recorded outcome says so, or, when its supervisor died
// without one, the engine asked for the stop.
func (e *Engine) stopJob(j *job, specPath string, from int64, asked bool) {
	spec, err := supervisor.Read(specPath)
	if o := spec.Outcome; o != nil {
		// A try that ended by itself left nothing running; one stopped
		// before it started submitted nothing. The engine stops a try
		// whose timeout passed, so that one counts as stopped.
		if !o.Stopped || o.Pid == 0 {
			return
		}
	} else if !asked {
		return
	}
	key := j.run.Key()
	if err != nil {
		e.log.Warn("stop the job of a stopped run", "run", key, "err", err)
		e.appendLog(e.LogPath(j.wf.Name, j.run.Execution, j.run.Task, j.run.Seq), fmt.Sprintf("aiflow: cannot stop what %s try %d left running: %v\n", key, j.run.Try, err))
		return
	}
	info, err := scanLog(j.task, spec.LogPath, from)
	if err != nil {
		e.log.Warn("read the log of a stopped run", "run", key, "err", err)
	}
	// Stop commands name no file of the snapshot, so it is not needed.
	specs, err := operator.Stop(j.task.Operator, j.task.Args, e.tryRun(j, ""), environment(spec.Env), info)
	if err != nil {
		e.log.Warn("stop the job of a stopped run", "run", key, "err", err)
		e.appendLog(spec.LogPath, fmt.Sprintf("aiflow: cannot stop what %s try %d left running: %v\n", key, j.run.Try, err))
		return
	}
	if len(specs) == 0 {
		e.appendLog(spec.LogPath, fmt.Sprintf("aiflow: the output of %s try %d names no job outside its process: nothing more to stop\n", key, j.run.Try))
		return
	}
	for _, s := range specs {
		e.appendLog(spec.LogPath, fmt.Sprintf("aiflow: %s try %d was stopped; running %s\n", key, j.run.Try, shellJoin(s.Argv())))
		if err := runStop(s, spec.Env, spec.LogPath); err != nil {
			e.log.Warn("stop command failed", "run", key, "command", s.Argv(), "err", err)
			e.appendLog(spec.LogPath, fmt.Sprintf("aiflow: %s failed: %v\n", filepath.Base(s.Path), err))
		}
	}
}

// scanLog reads the job identifiers that the output of a try of t printed
// into the log at path from offset from on.
func scanLog(t *ir.Task, path string, from int64) (operator.JobInfo, error) {
	var info operator.JobInfo
	f, err := os.Open(path)
	if err != nil {
		return info, err
	}
	defer f.Close()
	if _, err := f.Seek(from, io.SeekStart); err != nil {
		return info, err
	}
	sc := bufio.NewScanner(f)
	// Java stack traces and Spark progress lines can be long; a longer
	// line only fails the scan from there on.
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		info.Scan(t.Args, sc.Text())
	}
	return info, sc.Err()
}

// runStop runs stop command s in the try's environment env, its output
// appended to the log at logPath; the command and whatever it starts in
// its process group are killed after stopTimeout.
func runStop(s operator.Spec, env []string, logPath string) error {
	f, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.Path, s.Args...)
	cmd.Env = s.Environ(env)
	cmd.Dir = s.Dir
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	err = cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("killed after %v", stopTimeout)
	}
	return err
}

// environment is the operator.Environment of a process environment env
// (KEY=VALUE entries, the last of a key wins): executables are looked up on
// its PATH and FLINK_HOME or SPARK_HOME read from it, so the commands of a
// run are those its task process would find.
func environment(env []string) operator.Environment {
	vars := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	return operator.Environment{
		Getenv:   func(key string) string { return vars[key] },
		LookPath: func(file string) (string, error) { return lookPath(file, vars["PATH"]) },
		IsFile: func(path string) bool {
			fi, err := os.Stat(path)
			return err == nil && !fi.IsDir()
		},
	}
}

// lookPath finds executable file in the folders of path, as exec.LookPath
// does in the engine's own PATH. Relative folders are skipped: they would
// be taken in the engine's working folder, not the task's.
func lookPath(file, path string) (string, error) {
	if strings.Contains(file, "/") {
		if isExecutable(file) {
			return file, nil
		}
		return "", &exec.Error{Name: file, Err: exec.ErrNotFound}
	}
	for _, dir := range filepath.SplitList(path) {
		if p := filepath.Join(dir, file); filepath.IsAbs(p) && isExecutable(p) {
			return p, nil
		}
	}
	return "", &exec.Error{Name: file, Err: exec.ErrNotFound}
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// shellJoin renders argv for a log line, quoting the arguments a shell
// would split or expand.
func shellJoin(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		q[i] = a
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\$`*?[]{}()<>|&;#~") {
			q[i] = strconv.Quote(a)
		}
	}
	return strings.Join(q, " ")
}
