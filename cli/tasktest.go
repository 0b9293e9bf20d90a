package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/aiflow-go/aiflow/config"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/process"
	"github.com/aiflow-go/aiflow/engine/pyrun"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/operator"
	"github.com/aiflow-go/aiflow/pydef"
)

// taskCmd is the "aiflow task" group: one task of a definition file.
type taskCmd struct {
	Test taskTestCmd `cmd:"" help:"Run one task of a definition file now, here, with its output on the terminal: no server, nothing recorded."`
}

type taskTestCmd struct {
	File     string `arg:"" predictor:"definition" help:"Definition file (.py, .yaml or .yml)."`
	Task     string `arg:"" help:"Task name."`
	Workflow string `short:"w" help:"The workflow of the task, when several workflows of the file have it."`
	Workdir  string `help:"Run in this folder (created, kept) instead of a temporary one."`
	paramsFlag
}

// Help is the long help of aiflow task test.
func (c *taskTestCmd) Help() string {
	return `Loads the definition here and runs one try of the task the way the engine
would (bash, Python and custom operators under python_executable, Flink and
Spark command lines), with the AIFLOW_* variables of a run (execution 0)
and the parameters of --param as an execution would give them, its output
on this terminal, and no server: nothing is stored and no rule or retry
follows. The task itself runs for real: an event it sends reaches the
configured server, if one runs, as an event from outside any execution.
The task's timeout applies; Ctrl-C stops it. Exits with 0 when the task
succeeded, 1 otherwise.`
}

// Run finds the task and runs it.
func (c *taskTestCmd) Run(e *env) error {
	params, err := c.params()
	if err != nil {
		return err
	}
	ws, err := loadFile(e, c.File)
	if err != nil {
		return err
	}
	if c.Workflow != "" {
		w, err := pickWorkflow(ws, c.Workflow, c.File)
		if err != nil {
			return err
		}
		ws = []*ir.Workflow{w}
	}
	var found []*ir.Workflow
	var have []string
	for _, w := range ws {
		if w.Task(c.Task) != nil {
			found = append(found, w)
		}
		for _, t := range w.Tasks {
			have = append(have, t.Name)
		}
	}
	switch len(found) {
	case 0:
		return fmt.Errorf("%s has no task %q%s", c.File, c.Task, suggest(c.Task, have))
	case 1:
		return c.run(e, found[0], found[0].Task(c.Task), params)
	}
	return fmt.Errorf("task %q is in %d workflows of %s; name one with --workflow", c.Task, len(found), c.File)
}

// run runs one try of task t of workflow w with parameters params.
func (c *taskTestCmd) run(e *env, w *ir.Workflow, t *ir.Task, params map[string]string) error {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return err
	}
	file, err := filepath.Abs(c.File)
	if err != nil {
		return err
	}
	dir := c.Workdir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "aiflow-task-test-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if dir, err = filepath.Abs(dir); err != nil {
		return err
	}
	run := operator.Run{Namespace: w.Namespace, Workflow: w.Name, Task: t.Name, Seq: 1, Try: 1,
		WorkDir: dir, SnapshotDir: filepath.Dir(file), Params: params}
	runtime := func() (string, error) {
		return pyrun.Install(filepath.Join(cfg.WorkingDir, ".runtime"), pydef.ShimFS())
	}
	cs, err := engine.Command(t, run, filepath.Base(file), cfg.PythonExecutable, operator.Host(), runtime)
	switch {
	case err == operator.ErrNoProcess:
		fmt.Fprintf(e.stderr, "Task %s (%s) runs nothing: it succeeds at once.\n", t.Name, t.Operator)
		return nil
	case err != nil:
		return fmt.Errorf("task %s cannot start: %w", t.Name, err)
	}
	if cs.Dir == "" {
		cs.Dir = dir
	}
	fmt.Fprintf(e.stderr, "Running task %s of workflow %s (%s) in %s\n", t.Name, w.Name, t.Operator, cs.Dir)
	p, err := process.Start(e.ctx, process.Spec{Path: cs.Path, Args: cs.Args, Env: cs.Environ(operator.WithoutParams(os.Environ())), Dir: cs.Dir},
		process.Options{Output: e.stdout, Timeout: time.Duration(t.Timeout * float64(time.Second)), Grace: time.Duration(cfg.TaskStopGrace) * time.Second})
	if err != nil {
		return fmt.Errorf("task %s cannot start: %w", t.Name, err)
	}
	r := p.Wait()
	took := r.Ended.Sub(r.Started).Round(time.Millisecond)
	if r.Err != nil {
		return &exitError{code: exitFindings, err: fmt.Errorf("task %s failed after %s: %v", t.Name, took, r.Err)}
	}
	fmt.Fprintf(e.stderr, "Task %s succeeded in %s.\n", t.Name, took)
	return nil
}
