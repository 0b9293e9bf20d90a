package pydef

import (
	"fmt"
	"github.com/aiflow-go/aiflow/operator"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-python/gpython/py"

	"github.com/aiflow-go/aiflow/internal/spell"
	"github.com/aiflow-go/aiflow/ir"
)

// exporter turns the shim's capture into IR workflows with spans.
type exporter struct {
	file    string // the definition file as given
	stem    string // its module name
	info    *fileInfo
	pos     func(srcPos) ir.Pos // maps a rewritten position to the user's file
	globals py.StringDict       // the definition module's globals
	apply   bool                // the file runs as __main__ (Loader.Apply)
	repr    func(py.Object) string
	diags   ir.Diagnostics
}

func (e *exporter) errorf(code ir.Code, sp ir.Span, format string, args ...any) {
	e.diags = append(e.diags, ir.Errorf(code, sp, format, args...))
}

func (e *exporter) warnf(code ir.Code, sp ir.Span, format string, args ...any) {
	e.diags = append(e.diags, ir.Warningf(code, sp, format, args...))
}

// span is where a srcPos is in the user's file.
func (e *exporter) span(p srcPos) ir.Span {
	return ir.Span{File: e.file, Start: e.pos(p)}
}

// siteSpan is where call site id is, or the file when it is unknown (the
// call came from a helper module the loader did not instrument).
func (e *exporter) siteSpan(id int) ir.Span {
	if c := e.info.site(id); c != nil {
		return e.span(c.Pos)
	}
	return ir.Span{File: e.file}
}

// fieldSpans records in fs where the arguments of call site id were
// written, under the field names that field gives their keywords.
// Positional arguments are named by params.
func (e *exporter) fieldSpans(fs *ir.Spans, id int, params []string, field func(kw string) string) {
	c := e.info.site(id)
	if c == nil {
		return
	}
	for i, p := range c.Args {
		if i < len(params) {
			fs.Set(field(params[i]), e.span(p))
		}
	}
	for kw, p := range c.Keywords {
		f := field(kw)
		if n, ok := c.Names[kw]; ok && strings.HasPrefix(f, "config.") {
			// An unknown argument is reported at its name, not its value.
			p = n
		}
		fs.Set(f, e.span(p))
	}
}

// renamed names fields by a table, keeping other keywords as they are.
func renamed(table map[string]string) func(string) string {
	return func(kw string) string {
		if f, ok := table[kw]; ok {
			return f
		}
		return kw
	}
}

// value converts a captured value for the IR: objects become their repr.
func (e *exporter) value(v any) any {
	switch v := v.(type) {
	case object:
		return e.repr(v.Object)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = e.value(x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = e.value(x)
		}
		return out
	}
	return v
}

// export builds the workflows of the capture and the diagnostics of its
// recorded problems. ok is false when the run failed, in which case only
// the recorded problems are reported.
func (e *exporter) export(capt map[string]any, ok bool) []*ir.Workflow {
	for _, r := range list(capt, "errors") {
		e.recorded(record(r))
	}
	if !ok {
		return nil
	}
	var ws []*ir.Workflow
	var unbound []map[string]any
	for _, r := range list(capt, "workflows") {
		rec := record(r)
		if rec["nested"] == true {
			continue
		}
		if !e.bound(rec["object"]) {
			unbound = append(unbound, rec)
			continue
		}
		ws = append(ws, e.workflow(rec))
	}
	for _, rec := range unbound {
		sp := e.siteSpan(intOf(rec, "site"))
		name, _ := rec["name"].(string)
		if len(ws) == 0 {
			e.errorf(ir.CodeNoWorkflow, sp, "workflow %q is not assigned to a module-level name, so it is not loaded; write `with Workflow(...) as name:` at the top level", name)
		} else {
			e.warnf(ir.CodeNoWorkflow, sp, "workflow %q is not assigned to a module-level name, so it is not loaded", name)
		}
	}
	for _, r := range list(capt, "ops") {
		e.op(record(r), ws)
	}
	if !e.apply {
		e.mainBlockOps()
	}
	if len(ws) == 0 && len(unbound) == 0 {
		e.errorf(ir.CodeNoWorkflow, ir.Span{File: e.file, Start: ir.Pos{Line: 1, Col: 1}}, "%q defines no workflow: create one with `with Workflow(name=...) as w:`", filepath.Base(e.file))
	}
	return ws
}

// bound reports whether a workflow object is the value of a module global:
// AIFlow loads only the workflows it finds among the module's globals.
func (e *exporter) bound(v any) bool {
	o, ok := v.(object)
	if !ok {
		return false
	}
	for _, g := range e.globals {
		if g == o.Object {
			return true
		}
	}
	return false
}

func (e *exporter) recorded(rec map[string]any) {
	sp := e.siteSpan(intOf(rec, "site"))
	name, isStr := rec["name"].(string)
	switch ir.Code(str(rec, "code")) {
	case ir.CodeTaskOutsideWorkflow:
		if isStr {
			e.errorf(ir.CodeTaskOutsideWorkflow, sp, "operator %q is created outside a `with Workflow(...)` block, so it belongs to no workflow", name)
		} else {
			e.errorf(ir.CodeTaskOutsideWorkflow, sp, "an operator is created outside a `with Workflow(...)` block, so it belongs to no workflow")
		}
	case ir.CodeNestedWorkflow:
		e.errorf(ir.CodeNestedWorkflow, sp, "workflow %q is defined inside another workflow; sub-workflows are not allowed", name)
	case ir.CodeSandbox:
		if e.apply {
			e.errorf(ir.CodeSandbox, sp, "%s would talk to the AIFlow server; apply sends the calls of the `if __name__ == \"__main__\":` block only, the rest of the file must load without a server", name)
			break
		}
		e.errorf(ir.CodeSandbox, sp, "%s would talk to the AIFlow server; it is not allowed while a definition loads", name)
	}
}

func (e *exporter) workflow(rec map[string]any) *ir.Workflow {
	site := intOf(rec, "site")
	w := &ir.Workflow{Span: e.siteSpan(site)}
	e.fieldSpans(&w.Fields, site, []string{"name", "namespace"}, func(kw string) string {
		if kw == "name" || kw == "namespace" {
			return kw
		}
		return "config." + kw
	})
	w.Name = e.str(rec["name"], "the workflow name", w.Fields.At("name", w.Span))
	w.Namespace = e.str(rec["namespace"], "the namespace", w.Fields.At("namespace", w.Span))
	if c := record(e.value(rec["config"])); len(c) > 0 {
		w.Config = c
	}
	for _, t := range list(rec, "tasks") {
		w.Tasks = append(w.Tasks, e.task(record(t)))
	}
	for _, r := range list(rec, "rules") {
		w.Rules = append(w.Rules, e.rule(record(r)))
	}
	return w
}

// str expects a string (None is the empty string).
func (e *exporter) str(v any, what string, sp ir.Span) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	}
	e.errorf(ir.CodeBadType, sp, "%s must be a string, got %s", what, TypeName(v))
	return ""
}

// operatorClass is the ai_flow class of an operator kind, for messages.
func operatorClass(k operator.Kind) string {
	if o := operator.Lookup(k); o != nil {
		return o.Class
	}
	return "Operator"
}

func (e *exporter) task(rec map[string]any) *ir.Task {
	site := intOf(rec, "site")
	kind := operator.Kind(str(rec, "kind"))
	t := &ir.Task{Operator: kind, Span: e.siteSpan(site)}
	o := operator.Lookup(kind)
	var prefix string // used only for operators with arguments
	if o != nil {
		prefix = o.Field + "."
	}
	// Positional arguments follow the shim's signatures, which are the
	// operator's keyword arguments in order after the name; a user
	// subclass has its own signature, so only its keywords are placed.
	params := []string{"name"}
	if o != nil && e.calleeIs(site, o.Class) {
		for _, a := range o.Args {
			if !a.YAMLOnly {
				params = append(params, a.Name)
			}
		}
	}
	e.fieldSpans(&t.Fields, site, params, func(kw string) string {
		switch {
		case kw == "name" || slices.ContainsFunc(operator.Common, func(a operator.Arg) bool { return a.Name == kw }):
			return kw
		case o != nil && o.Arg(kw) != nil && !o.Arg(kw).YAMLOnly:
			return prefix + kw
		}
		return "config." + kw
	})
	t.Name = e.str(rec["name"], "the task name", t.Fields.At("name", t.Span))
	if o != nil && o.New != nil {
		t.Args = o.New()
		r := argReader{e: e, task: t, args: record(rec["args"]), prefix: prefix}
		for _, a := range o.Args {
			if v := r.read(a); v != nil {
				operator.Set(t.Args, a.Name, v)
			}
		}
	}
	switch args := t.Args.(type) {
	case *operator.PythonArgs:
		fn := record(rec["args"])["python_callable"]
		args.File, args.Callable = e.callable(fn, t.Name, t.Fields.At(prefix+"python_callable", t.Span))
		if fn == nil {
			// Missing: ir.Validate reports the callable; the file a Python
			// definition's callable would live in is the definition itself.
			args.File = e.rel(e.file)
		} else if args.Callable == "" {
			// Reported as bad-callable; a noop task keeps the rules that name
			// it valid without ir.Validate reporting the callable again.
			t.Operator, t.Args = operator.Noop, nil
		}
	case *operator.CustomArgs:
		file, class, shim := e.class(rec["object"])
		if shim {
			e.errorf(ir.CodeBadValue, t.Span, "task %q is a plain AIFlowOperator, which cannot run; subclass AIFlowOperator and implement start()", t.Name)
		}
		args.File, args.Class = file, class
	}
	e.common(t, record(rec["config"]), o)
	return t
}

// calleeIs reports whether call site id calls a callee named name.
func (e *exporter) calleeIs(id int, name string) bool {
	c := e.info.site(id)
	return c != nil && c.Name == name
}

// common moves the common arguments from an operator's config into the
// task's fields and keeps the rest in Config with a warning.
func (e *exporter) common(t *ir.Task, config map[string]any, o *operator.Operator) {
	a := argReader{e: e, task: t, args: config}
	t.PeriodicExpression = a.str("periodic_expression")
	t.Retries = int(a.integer("retries"))
	t.RetryDelay = a.num("retry_delay")
	t.RetryExponentialBackoff = a.bool("retry_exponential_backoff")
	t.Timeout = a.num("timeout")
	var known []string
	if o != nil {
		for _, x := range o.Args {
			if !x.YAMLOnly {
				known = append(known, x.Name)
			}
		}
	}
	for _, x := range operator.Common {
		known = append(known, x.Name)
	}
	keys := make([]string, 0, len(config))
	for k := range config {
		if !slices.Contains(known, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	class := operatorClass(t.Operator)
	if c, ok := t.Args.(*operator.CustomArgs); ok && c.Class != "" {
		class = c.Class
	}
	for _, k := range keys {
		if t.Config == nil {
			t.Config = map[string]any{}
		}
		t.Config[k] = e.value(config[k])
		sp := t.Fields.At("config."+k, t.Span)
		if s := spell.Nearest(k, known); s != "" {
			e.warnf(ir.CodeUnknownArgument, sp, "unknown argument %q of %s %q, kept in its config; did you mean %q?", k, class, t.Name, s)
		} else {
			e.warnf(ir.CodeUnknownArgument, sp, "unknown argument %q of %s %q, kept in its config", k, class, t.Name)
		}
	}
}

// argReader reads typed operator arguments and reports bad types at the
// argument's span.
type argReader struct {
	e      *exporter
	task   *ir.Task
	args   map[string]any
	prefix string
}

// read returns the value of argument x in the type of its field, nil when
// it is absent or given by context (YAMLOnly, TCallable).
func (a argReader) read(x operator.Arg) any {
	if a.args[x.Name] == nil || x.YAMLOnly {
		return nil
	}
	switch x.Type {
	case operator.TString:
		return a.str(x.Name)
	case operator.TBool:
		return a.bool(x.Name)
	case operator.TNumber:
		return a.num(x.Name)
	case operator.TInt:
		return a.integer(x.Name)
	case operator.TStrings:
		return a.strs(x.Name)
	case operator.TStrMap:
		return a.strMap(x.Name)
	case operator.TList:
		return a.list(x.Name)
	case operator.TMap:
		return a.dict(x.Name)
	}
	return nil
}

func (a argReader) bad(name string, want string, v any) {
	a.e.errorf(ir.CodeBadType, a.task.Fields.At(a.prefix+name, a.task.Span), "argument %q of task %q must be %s, got %s", name, a.task.Name, want, TypeName(v))
}

func (a argReader) str(name string) string {
	switch v := a.args[name].(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		a.bad(name, "a string", v)
	}
	return ""
}

func (a argReader) bool(name string) bool {
	switch v := a.args[name].(type) {
	case nil:
		return false
	case bool:
		return v
	default:
		a.bad(name, "a boolean", v)
	}
	return false
}

func (a argReader) num(name string) float64 {
	switch v := a.args[name].(type) {
	case nil:
		return 0
	case int64:
		return float64(v)
	case float64:
		return v
	default:
		a.bad(name, "a number of seconds", v)
	}
	return 0
}

func (a argReader) integer(name string) int64 {
	switch v := a.args[name].(type) {
	case nil:
		return 0
	case int64:
		return v
	default:
		a.bad(name, "an integer", v)
	}
	return 0
}

func (a argReader) strs(name string) []string {
	switch v := a.args[name].(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			s, ok := x.(string)
			if !ok {
				a.bad(name, "a list of strings", v)
				return nil
			}
			out[i] = s
		}
		return out
	default:
		a.bad(name, "a list of strings", v)
	}
	return nil
}

func (a argReader) strMap(name string) map[string]string {
	switch v := a.args[name].(type) {
	case nil:
		return nil
	case map[string]any:
		out := make(map[string]string, len(v))
		for k, x := range v {
			s, ok := x.(string)
			if !ok {
				a.bad(name, "a dict of strings", v)
				return nil
			}
			out[k] = s
		}
		return out
	default:
		a.bad(name, "a dict of strings", v)
	}
	return nil
}

func (a argReader) list(name string) []any {
	switch v := a.args[name].(type) {
	case nil:
		return nil
	case []any:
		return a.e.value(v).([]any)
	default:
		a.bad(name, "a list", v)
	}
	return nil
}

func (a argReader) dict(name string) map[string]any {
	switch v := a.args[name].(type) {
	case nil:
		return nil
	case map[string]any:
		return a.e.value(v).(map[string]any)
	default:
		a.bad(name, "a dict", v)
	}
	return nil
}

// callable checks a PythonOperator callable: the task runner imports it by
// name from its file under CPython, so it must be a module-level function.
func (e *exporter) callable(v any, task string, sp ir.Span) (file, name string) {
	if v == nil {
		return "", ""
	}
	o, ok := v.(object)
	fn, isFn := o.Object.(*py.Function)
	switch {
	case !ok || !isFn:
		e.errorf(ir.CodeBadCallable, sp, "python_callable of task %q must be a module-level function, got %s", task, TypeName(v))
	case fn.Name == "<lambda>":
		e.errorf(ir.CodeBadCallable, sp, "python_callable of task %q is a lambda; the task runner imports the callable by name, so define it with def at the top level of the file", task)
	case strings.Contains(fn.Qualname, "<locals>"):
		e.errorf(ir.CodeBadCallable, sp, "python_callable of task %q is the nested function %q; the task runner imports the callable by name, so define it at the top level of the file", task, fn.Name)
	case strings.Contains(fn.Qualname, "."):
		e.errorf(ir.CodeBadCallable, sp, "python_callable of task %q is the method %q; the task runner imports the callable by name, so use a module-level function", task, fn.Qualname)
	case fn.Code == nil || isShimFile(fn.Code.Filename) || strings.HasPrefix(fn.Code.Filename, "<"):
		e.errorf(ir.CodeBadCallable, sp, "python_callable of task %q is %q, which is not defined in the workflow's files", task, fn.Name)
	default:
		return e.rel(fn.Code.Filename), fn.Name
	}
	return "", ""
}

// rel is a code file name relative to the definition file's folder.
func (e *exporter) rel(file string) string {
	if file == e.file {
		return filepath.Base(file)
	}
	if r, err := filepath.Rel(filepath.Dir(e.file), file); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(file)
}

// class finds the class of an instance and the file that defines it; shim
// reports an ai_flow class. The file is that of the class's own methods:
// the sandbox copies inherited dunder methods into subclasses, so methods
// from the shim do not count.
func (e *exporter) class(v any) (file, name string, shim bool) {
	o, ok := v.(object)
	if !ok {
		return "", "", false
	}
	t := typeOf(o.Object)
	keys := make([]string, 0, len(t.Dict))
	for k := range t.Dict {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if fn, ok := t.Dict[k].(*py.Function); ok && fn.Code != nil && !isShimFile(fn.Code.Filename) {
			return e.rel(fn.Code.Filename), t.Name, false
		}
	}
	m, _ := t.Dict["__module__"].(py.String)
	switch mod := string(m); {
	case mod == e.stem || mod == "":
		return filepath.Base(e.file), t.Name, false
	case mod == "ai_flow" || strings.HasPrefix(mod, "ai_flow.") || strings.HasPrefix(mod, "notification_service."):
		return "", t.Name, true
	default:
		return strings.ReplaceAll(mod, ".", "/") + ".py", t.Name, false
	}
}

func (e *exporter) rule(rec map[string]any) *ir.Rule {
	site := intOf(rec, "site")
	r := &ir.Rule{Span: e.siteSpan(site)}
	e.fieldSpans(&r.Fields, site, nil, renamed(map[string]string{"task_name": "task"}))
	r.Task = e.str(rec["task"], "the task name of a rule", r.Fields.At("task", r.Span))
	r.Action = ir.Action(e.str(rec["action"], "a rule's action", r.Fields.At("action", r.Span)))
	r.Condition = e.condition(rec["condition"], r.Fields.At("condition", r.Span))
	return r
}

// condition converts a condition record; at is where to report a condition
// that is not an ai_flow Condition.
func (e *exporter) condition(v any, at ir.Span) *ir.Condition {
	rec := record(v)
	if rec == nil {
		e.errorf(ir.CodeBadCondition, at, "a rule needs a condition, got None")
		return nil
	}
	site := intOf(rec, "site")
	c := &ir.Condition{Kind: ir.ConditionKind(str(rec, "kind")), Span: e.siteSpan(site)}
	if site == 0 {
		c.Span = at
	}
	e.fieldSpans(&c.Fields, site, nil, renamed(map[string]string{"task_name": "task", "workflow_name": "workflow", "expect_status": "status"}))
	switch c.Kind {
	case ir.EventCondition:
		c.Key = e.str(rec["event_key"], "an event key", c.Fields.At("event_key", c.Span))
	case ir.TaskStatusCondition:
		c.Namespace = e.str(rec["namespace"], "the namespace of a task-status condition", c.Fields.At("namespace", c.Span))
		c.Workflow = e.str(rec["workflow"], "the workflow of a task-status condition", c.Fields.At("workflow", c.Span))
		c.Task = e.str(rec["task"], "the task of a task-status condition", c.Fields.At("task", c.Span))
		c.Status = e.str(rec["status"], "the status of a task-status condition", c.Fields.At("status", c.Span))
	case ir.AllMetCondition, ir.MeetAllCondition, ir.MeetAnyCondition:
		if c.Kind == ir.MeetAllCondition {
			c.Name = e.str(rec["name"], "the name of a MeetAllCondition", c.Fields.At("name", c.Span))
		}
		for _, sub := range list(rec, "conditions") {
			if sc := e.condition(sub, c.Span); sc != nil {
				c.Conditions = append(c.Conditions, sc)
			}
		}
	case ir.CustomCondition:
		e.custom(c, rec)
	case ir.ExpressionCondition:
		e.fieldSpans(&c.Fields, site, []string{"expect_event_keys", "when", "update"}, renamed(nil))
		keysAt, updateAt := c.Fields.At("expect_event_keys", c.Span), c.Fields.At("update", c.Span)
		switch keys := rec["expect_event_keys"].(type) {
		case nil:
		case []any:
			for _, k := range keys {
				if s, ok := k.(string); ok {
					c.Keys = append(c.Keys, s)
				} else {
					e.errorf(ir.CodeBadType, keysAt, "expect_event_keys of an ExpressionCondition must be strings, got %s", TypeName(k))
				}
			}
		default:
			e.errorf(ir.CodeBadType, keysAt, "expect_event_keys of an ExpressionCondition must be a str or a list of str, got %s", TypeName(keys))
		}
		c.When = e.str(rec["when"], "when of an ExpressionCondition", c.Fields.At("when", c.Span))
		// A plain literal's text is the expression itself: CEL errors then
		// get exact columns.
		if cs := e.info.site(site); cs != nil && e.info.Plain != nil {
			start, ok := cs.Keywords["when"]
			if !ok && len(cs.Args) > 1 {
				start, ok = cs.Args[1], true
			}
			if end, plain := e.info.Plain[start]; ok && plain {
				c.Fields.Set("when", ir.Span{File: e.file, Start: e.pos(srcPos{start.Line, start.Col + 1}), End: e.pos(end)})
			}
		}
		switch upd := rec["update"].(type) {
		case nil:
		case map[string]any:
			c.Update = make(map[string]string, len(upd))
			for k, x := range upd {
				c.Update[k] = e.str(x, fmt.Sprintf("update %q of an ExpressionCondition", k), updateAt)
			}
		default:
			e.errorf(ir.CodeBadType, updateAt, "update of an ExpressionCondition must be a dict from str keys to str expressions, got %s", TypeName(upd))
		}
	default:
		e.errorf(ir.CodeBadCondition, at, "a condition must be an ai_flow Condition, got %s", TypeName(rec["value"]))
		return nil
	}
	return c
}

func (e *exporter) custom(c *ir.Condition, rec map[string]any) {
	file, class, shim := e.class(rec["object"])
	c.File, c.Class = file, class
	if shim {
		e.errorf(ir.CodeBadCondition, c.Span, "%q is an ai_flow base class; subclass Condition and implement is_met", class)
	} else if o, ok := rec["object"].(object); ok {
		if p := conditionClassProblem(typeOf(o.Object)); p != "" {
			e.errorf(ir.CodeBadCondition, c.Span, "%s", p)
		}
	}
	keysAt := c.Fields.At("expect_event_keys", c.Span)
	switch keys := rec["expect_event_keys"].(type) {
	case nil:
	case string:
		c.Keys = []string{keys}
	case []any:
		for _, k := range keys {
			s, ok := k.(string)
			if !ok {
				e.errorf(ir.CodeBadType, keysAt, "expect_event_keys of condition %q must be strings, got %s", class, TypeName(k))
				continue
			}
			c.Keys = append(c.Keys, s)
		}
	default:
		e.errorf(ir.CodeBadType, keysAt, "expect_event_keys of condition %q must be a list of strings, got %s", class, TypeName(keys))
	}
	ctor, _ := rec["ctor"].([]any)
	if len(ctor) != 2 {
		return
	}
	args, _ := ctor[0].([]any)
	kwargs, _ := ctor[1].(map[string]any)
	if !isJSON(args) || !isJSON(kwargs) {
		e.errorf(ir.CodeBadCondition, c.Span, "condition %q is constructed with arguments that are not JSON values (%s); the engine rebuilds conditions from JSON arguments", class, e.firstObject(ctor))
		return
	}
	if len(args) > 0 {
		c.Args = args
	}
	if len(kwargs) > 0 {
		c.Kwargs = kwargs
	}
}

// conditionClassProblem says why the engine cannot evaluate class cls as
// a custom condition, or "" when it can: cls must subclass ai_flow's
// Condition and override is_met with a method that accepts
// is_met(event, context).
func conditionClassProblem(cls *py.Type) string {
	name := cls.Name
	var (
		isMet     py.Object
		condition bool
	)
	for _, b := range cls.Mro {
		t, ok := b.(*py.Type)
		if !ok {
			continue
		}
		if f, ok := t.Dict["is_met"]; ok && isMet == nil {
			isMet = f
		}
		mod, _ := t.Dict["__module__"].(py.String)
		condition = condition || mod == "ai_flow.model.condition" && t.Name == "Condition"
	}
	if !condition {
		return fmt.Sprintf("class %q is not a subclass of Condition (ai_flow.model.condition)", name)
	}
	// want counts the parameters the call fills: self, event, context.
	fn, want := isMet, 3
	switch m := isMet.(type) {
	case *py.StaticMethod:
		fn, want = m.Callable, 2
	case *py.ClassMethod:
		fn = m.Callable
	}
	f, ok := fn.(*py.Function)
	switch {
	case !ok:
		return fmt.Sprintf("is_met of condition %q is not a method; define is_met(self, event, context)", name)
	case isShimFile(f.Code.Filename):
		return fmt.Sprintf("condition %q does not override is_met, so it is never met; define is_met(self, event, context)", name)
	}
	code := f.Code
	n := int(code.Argcount)
	varargs := code.Flags&py.CO_VARARGS != 0
	params := slices.Clone(code.Varnames[:n])
	if varargs {
		params = append(params, "*"+code.Varnames[n+int(code.Kwonlyargcount)])
	} else if code.Kwonlyargcount > 0 {
		params = append(params, "*")
	}
	kwRequired := false
	for _, kw := range code.Varnames[n : n+int(code.Kwonlyargcount)] {
		params = append(params, kw)
		if _, ok := f.KwDefaults[kw]; !ok {
			kwRequired = true
		}
	}
	if n-len(f.Defaults) > want || n < want && !varargs || kwRequired {
		return fmt.Sprintf("is_met of condition %q takes (%s), but the engine calls it with an event and a context", name, strings.Join(params, ", "))
	}
	return ""
}

// firstObject names the first non-JSON value in v, for messages.
func (e *exporter) firstObject(v any) string {
	switch v := v.(type) {
	case object:
		return e.repr(v.Object)
	case []any:
		for _, x := range v {
			if s := e.firstObject(x); s != "" {
				return s
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if s := e.firstObject(v[k]); s != "" {
				return s
			}
		}
	}
	return ""
}

// op records an ops.add_workflow_schedule / add_workflow_trigger call on
// the workflow of the file it names.
func (e *exporter) op(rec map[string]any, ws []*ir.Workflow) {
	site := intOf(rec, "site")
	sp := e.siteSpan(site)
	kind := str(rec, "kind")
	first := "expression"
	if kind == "trigger" {
		first = "rule"
	}
	var fs ir.Spans
	e.fieldSpans(&fs, site, []string{first, "workflow_name", "namespace"}, renamed(nil))
	call := "ops.add_workflow_" + kind
	name := e.str(rec["workflow_name"], "workflow_name of "+call, fs.At("workflow_name", sp))
	ns := e.str(rec["namespace"], "namespace of "+call, fs.At("namespace", sp))
	var target *ir.Workflow
	var names []string
	for _, w := range ws {
		names = append(names, w.Name)
		if w.Name == name && (ns == "" || ns == w.Namespace || w.Namespace == "" && ns == ir.DefaultNamespace) {
			target = w
			break
		}
	}
	if target == nil {
		msg := fmt.Sprintf("%s names workflow %q, which this file does not define", call, name)
		if ns != "" {
			msg = fmt.Sprintf("%s names workflow %q in namespace %q, which this file does not define", call, name, ns)
		}
		if s := spell.Nearest(name, names); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		e.diags = append(e.diags, ir.Errorf(ir.CodeBadValue, fs.At("workflow_name", sp), "%s", msg))
		return
	}
	switch kind {
	case "schedule":
		target.Schedules = append(target.Schedules, &ir.Schedule{
			Expression: e.str(rec["expression"], "the schedule expression", fs.At("expression", sp)),
			Span:       sp,
		})
	case "trigger":
		if c := e.condition(rec["condition"], fs.At("rule", sp)); c != nil {
			target.Triggers = append(target.Triggers, &ir.Trigger{Condition: c, Span: sp})
		}
	}
}
