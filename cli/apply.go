package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/pydef"
)

type workflowApplyCmd struct {
	File      string   `arg:"" predictor:"definition" help:"Python definition file (.py)."`
	Files     []string `short:"f" sep:"," placeholder:"F1,F2" predictor:"file" help:"Artifacts added to every upload the file makes."`
	Namespace string   `short:"n" predictor:"namespace" help:"Namespace of the uploaded workflows that declare none, and of the ai_flow.ops calls that name none (default: their own, else default)."`
}

// Help is the long help of aiflow workflow apply.
func (c *workflowApplyCmd) Help() string {
	return `Runs the file as __main__, as 'python FILE' does under AIFlow, so that the
schedules, triggers and first runs that AIFlow's samples set up in their
'if __name__ == "__main__":' block reach the server: there, ai_flow.ops
calls the server (upload_workflows uploads a file like 'aiflow workflow
upload'). The file runs in the sandbox of a load: Python code starts no
process, writes no file and opens no socket.

Outside that block the file means what it means to an upload:
add_workflow_schedule and add_workflow_trigger declare the workflow's own
schedules and triggers, which its upload stores, so nothing is applied
twice; other ai_flow.ops calls are refused.`
}

// Run applies the file. An exception that escapes it is reported like a
// definition problem, at the user's line, and makes the command fail.
func (c *workflowApplyCmd) Run(e *env) error {
	if !strings.EqualFold(filepath.Ext(c.File), ".py") {
		return fmt.Errorf("%s: apply runs Python definition files; upload other files with 'aiflow workflow upload'", c.File)
	}
	src, err := os.ReadFile(c.File)
	if err != nil {
		return err
	}
	cl, err := newClient()
	if err != nil {
		return err
	}
	l, err := pydef.NewLoader(pydef.Options{Stdout: e.stdout})
	if err != nil {
		return internalError(fmt.Errorf("prepare the definition loader: %w", err))
	}
	s := &applyServer{e: e, cl: cl, file: c.File, files: c.Files, ns: c.Namespace}
	_, diags := l.Apply(e.ctx, c.File, src, s)
	if s.uploaded {
		// The upload of the file printed its warnings.
		diags = slices.DeleteFunc(diags, func(d ir.Diagnostic) bool { return d.Severity != ir.Error })
	}
	opts := textOptions{color: e.errColor}
	if e.errTTY {
		opts.source = os.ReadFile
	}
	diags.Sort()
	if err := writeText(e.stderr, diags, opts); err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("applying %s failed", c.File)
	}
	return nil
}

// applyServer performs the ai_flow.ops calls of an applied file with the
// client, printing AIFlow's CLI line for each change.
type applyServer struct {
	e        *env
	cl       *client.Client
	file     string   // the applied file
	files    []string // -f
	ns       string   // -n
	uploaded bool     // the file uploaded itself
}

// Call implements pydef.Server.
func (s *applyServer) Call(ctx context.Context, op string, args []any) (json.RawMessage, error) {
	a := &opArgs{args: args}
	answer, err := s.do(ctx, op, a)
	if a.err != nil {
		return nil, a.err
	}
	var (
		oe *pydef.OpsError
		ce *client.Error
	)
	switch {
	case err == nil:
	case errors.As(err, &oe):
		return nil, oe
	case errors.As(err, &ce):
		return nil, &pydef.OpsError{Code: ce.Body.Code, Message: ce.Body.Message}
	default:
		return nil, &pydef.OpsError{Message: err.Error()}
	}
	return json.Marshal(answer)
}

func (s *applyServer) printf(format string, args ...any) {
	fmt.Fprintf(s.e.stdout, format+"\n", args...)
}

// do performs one call; a bad argument is left in a.err.
func (s *applyServer) do(ctx context.Context, op string, a *opArgs) (any, error) {
	cl := s.cl
	switch op {
	case "upload":
		return s.upload(ctx, a.str(0, "workflow_file_path"), a.strs(1, "artifacts"))
	case "workflow":
		return cl.Workflow(ctx, s.namespace(a, 0), a.str(1, "workflow_name"))
	case "workflows":
		return cl.Workflows(ctx, s.namespace(a, 0))
	case "set_workflow_enabled":
		ns, name, enabled := s.namespace(a, 0), a.str(1, "workflow_name"), a.flag(2)
		w, err := cl.SetWorkflowEnabled(ctx, ns, name, enabled)
		if err == nil {
			s.printf("Workflow: %s.%s %s.", w.Namespace, w.Name, word(enabled, "enabled", "disabled"))
		}
		return w, err
	case "delete_workflow":
		ns, name := s.namespace(a, 0), a.str(1, "workflow_name")
		err := cl.DeleteWorkflow(ctx, ns, name)
		if err == nil {
			s.printf("Workflow: %s.%s deleted.", ns, name)
		}
		return nil, err
	case "add_schedule":
		sc, err := cl.AddSchedule(ctx, s.namespace(a, 0), a.str(1, "workflow_name"), a.str(2, "expression"))
		if err == nil {
			warn(s.e.stderr, sc.Diagnostics)
			s.printf("Workflow schedule: %d created.", sc.ID)
		}
		return sc, err
	case "schedules":
		return cl.Schedules(ctx, s.namespace(a, 0), a.str(1, "workflow_name"))
	case "schedule":
		return cl.Schedule(ctx, a.id(0, "schedule_id"))
	case "set_schedule_paused":
		sc, err := cl.SetSchedulePaused(ctx, a.id(0, "schedule_id"), a.flag(1))
		if err == nil {
			s.printf("Workflow schedule: %d %s.", sc.ID, word(sc.Paused, "paused", "resumed"))
		}
		return sc, err
	case "delete_schedule":
		sc, err := cl.DeleteSchedule(ctx, a.id(0, "schedule_id"))
		if err == nil {
			s.printf("Workflow schedule: %d deleted.", sc.ID)
		}
		return sc, err
	case "delete_schedules":
		ns, name := s.namespace(a, 0), a.str(1, "workflow_name")
		ss, err := cl.DeleteSchedules(ctx, ns, name)
		if err == nil {
			s.printf("All schedules of workflow: %s.%s deleted.", ns, name)
		}
		return ss, err
	case "add_trigger":
		cond, _ := a.arg(2).(json.RawMessage)
		t, err := cl.AddTrigger(ctx, s.namespace(a, 0), a.str(1, "workflow_name"), api.AddTriggerRequest{Condition: cond})
		if err == nil {
			warn(s.e.stderr, t.Diagnostics)
			s.printf("Workflow trigger: %d created.", t.ID)
		}
		return t, err
	case "triggers":
		return cl.Triggers(ctx, s.namespace(a, 0), a.str(1, "workflow_name"))
	case "trigger":
		return cl.Trigger(ctx, a.id(0, "trigger_id"))
	case "set_trigger_paused":
		t, err := cl.SetTriggerPaused(ctx, a.id(0, "trigger_id"), a.flag(1))
		if err == nil {
			s.printf("Workflow trigger: %d %s.", t.ID, word(t.Paused, "paused", "resumed"))
		}
		return t, err
	case "delete_trigger":
		t, err := cl.DeleteTrigger(ctx, a.id(0, "trigger_id"))
		if err == nil {
			s.printf("Workflow trigger: %d deleted.", t.ID)
		}
		return t, err
	case "delete_triggers":
		ns, name := s.namespace(a, 0), a.str(1, "workflow_name")
		ts, err := cl.DeleteTriggers(ctx, ns, name)
		if err == nil {
			s.printf("All triggers of workflow: %s.%s deleted.", ns, name)
		}
		return ts, err
	case "start_execution":
		x, err := cl.StartExecution(ctx, s.namespace(a, 0), a.str(1, "workflow_name"), api.StartExecutionRequest{})
		if err == nil {
			s.printf("Workflow execution: %d submitted.", x.ID)
		}
		return x, err
	case "executions":
		return cl.Executions(ctx, s.namespace(a, 0), a.str(1, "workflow_name"))
	case "execution":
		return cl.Execution(ctx, a.id(0, "workflow_execution_id"))
	case "stop_execution":
		x, err := cl.StopExecution(ctx, a.id(0, "workflow_execution_id"))
		if err == nil {
			s.printf("Stopping workflow execution: %d", x.ID)
		}
		return x, err
	case "stop_executions":
		ns, name := s.namespace(a, 0), a.str(1, "workflow_name")
		xs, err := cl.StopAllExecutions(ctx, ns, name)
		if err == nil {
			s.printf("Stopping all workflow executions of workflow: %s.%s", ns, name)
		}
		return xs, err
	case "delete_execution":
		id := a.id(0, "workflow_execution_id")
		err := cl.DeleteExecution(ctx, id)
		if err == nil {
			s.printf("Workflow execution: %d deleted.", id)
		}
		return nil, err
	case "task_action":
		id, task, verb := a.id(0, "workflow_execution_id"), a.str(1, "task_name"), a.str(2, "verb")
		ta, err := cl.TaskAction(ctx, id, task, verb)
		switch {
		case err != nil:
		case verb == "stop":
			s.printf("Stopping execution of task: %s of workflow execution: %d.", task, id)
		case ta.Changed && ta.TaskExecution != nil:
			s.printf("Task execution: %d_%s_%d submitted.", id, task, ta.TaskExecution.SequenceNumber)
		}
		return ta, err
	case "task_executions":
		return cl.TaskExecutions(ctx, a.id(0, "workflow_execution_id"))
	case "task_execution":
		return cl.TaskExecution(ctx, a.id(0, "task_execution_id"))
	case "add_namespace":
		name, props := a.str(0, "name"), a.props(1)
		n, err := cl.AddNamespace(ctx, name, props)
		if err == nil {
			s.printf("Namespace: %s, created.", n.Name)
		}
		return n, err
	case "namespaces":
		return cl.Namespaces(ctx)
	case "delete_namespace":
		name := a.str(0, "name")
		err := cl.DeleteNamespace(ctx, name)
		if err == nil {
			s.printf("Namespace: %s, deleted.", name)
		}
		return nil, err
	}
	return nil, fmt.Errorf("unknown ai_flow.ops call %q", op)
}

// namespace is argument i, or the run's namespace when it is None.
func (s *applyServer) namespace(a *opArgs, i int) string {
	if a.arg(i) != nil {
		return a.str(i, "namespace")
	}
	if s.ns != "" {
		return s.ns
	}
	return ir.DefaultNamespace
}

// upload is upload_workflows: the file goes up like 'aiflow workflow
// upload' sends it, with -f added to its artifacts. The warning that the
// file's main block does not run on upload is dropped for the applied
// file, whose main block is running.
func (s *applyServer) upload(ctx context.Context, file string, artifacts []string) (any, error) {
	req, err := uploadRequest(s.e, file, append(artifacts, s.files...), s.ns)
	if err != nil {
		return nil, err
	}
	self := samePath(file, s.file)
	res, err := s.cl.Upload(ctx, req)
	var ce *client.Error
	var diags ir.Diagnostics
	switch {
	case errors.As(err, &ce) && len(ce.Body.Diagnostics) > 0:
		diags = fromDiagnostics(ce.Body.Diagnostics)
		err = &pydef.OpsError{Code: ce.Body.Code, Message: fmt.Sprintf("%s has %s; nothing was stored", file, plural(diags.Count(ir.Error), "error"))}
	case err != nil:
		return nil, err
	default:
		diags = fromDiagnostics(res.Diagnostics)
		s.uploaded = s.uploaded || self
	}
	if self {
		diags = slices.DeleteFunc(diags, func(d ir.Diagnostic) bool { return d.Code == ir.CodeOpsInMainBlock })
	}
	opts := textOptions{color: s.e.errColor}
	if s.e.errTTY {
		opts.source = os.ReadFile
	}
	if werr := writeText(s.e.stderr, diags, opts); werr != nil {
		return nil, werr
	}
	if err != nil {
		return nil, err
	}
	for _, w := range res.Workflows {
		s.printf("Workflow: %s.%s, submitted.", w.Namespace, w.Name)
	}
	return res, nil
}

func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

func word(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

// opArgs reads the arguments of a binding call; the first bad one is kept
// in err, a bad_request error that Python sees as AIFlowException.
type opArgs struct {
	args []any
	err  error
}

func (a *opArgs) arg(i int) any {
	if i < len(a.args) {
		return a.args[i]
	}
	return nil
}

func (a *opArgs) bad(format string, args ...any) {
	if a.err == nil {
		a.err = &pydef.OpsError{Code: api.CodeBadRequest, Message: fmt.Sprintf(format, args...)}
	}
}

func (a *opArgs) str(i int, name string) string {
	s, ok := a.arg(i).(string)
	if !ok {
		a.bad("%s must be a str, got %s", name, pydef.TypeName(a.arg(i)))
	}
	return s
}

func (a *opArgs) strs(i int, name string) []string {
	var out []string
	switch v := a.arg(i).(type) {
	case nil:
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			} else {
				a.bad("%s must be a list of str, got a %s in it", name, pydef.TypeName(x))
			}
		}
	default:
		a.bad("%s must be a list of str, got %s", name, pydef.TypeName(v))
	}
	return out
}

func (a *opArgs) id(i int, name string) int64 {
	n, ok := a.arg(i).(int64)
	if !ok {
		a.bad("%s must be an int, got %s", name, pydef.TypeName(a.arg(i)))
	}
	return n
}

func (a *opArgs) flag(i int) bool {
	b, _ := a.arg(i).(bool)
	return b
}

func (a *opArgs) props(i int) map[string]string {
	out := map[string]string{}
	m, ok := a.arg(i).(map[string]any)
	if !ok && a.arg(i) != nil {
		a.bad("properties must be a dict, got %s", pydef.TypeName(a.arg(i)))
	}
	for k, v := range m {
		s, ok := v.(string)
		if !ok {
			a.bad("properties must map str to str, got %s for %q", pydef.TypeName(v), k)
		}
		out[k] = s
	}
	return out
}
