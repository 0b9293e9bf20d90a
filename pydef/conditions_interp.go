package pydef

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-python/gpython/py"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/pydef/pyhost"
)

// interp is one snapshot's interpreter: its definition has run, its
// condition classes are looked up once.
type interp struct {
	root     string // the snapshot's folder
	source   string // the definition's base name
	sess     *pyhost.Session
	def      *py.Module // the definition's module; nil for YAML
	evaluate py.Object  // ai_flow._engine.evaluate
	classes  map[[2]string]py.Object
	codec    *stateCodec
	cur      *evalState // the evaluation that runs
}

// evalState is what the host functions of one evaluation work on.
type evalState struct {
	call    ConditionCall
	pending map[string]json.RawMessage // writes, nil values for clears
	err     *ConditionError            // the first state problem
}

// newInterp extracts a snapshot and runs its definition.
func (cs *Conditions) newInterp(id int64, snap Snapshot) (*interp, *ConditionError) {
	loadErr := func(format string, args ...any) *ConditionError {
		return &ConditionError{Kind: CondLoad, Message: fmt.Sprintf("snapshot %d: ", id) + fmt.Sprintf(format, args...)}
	}
	root, err := cs.extract(id, snap)
	if err != nil {
		return nil, loadErr("%v", err)
	}
	s, err := pyhost.NewSession(pyhost.Options{
		Modules:   cs.shim,
		Templates: shimTemplates(),
		Dir:       root,
		Stdout:    &logWriter{log: cs.log, id: id},
	})
	if err != nil {
		return nil, loadErr("%v", err)
	}
	in := &interp{root: root, source: snap.SourceName, sess: s, classes: map[[2]string]py.Object{}}
	fail := func(err error) *ConditionError {
		s.Close()
		return loadErr("%v", err)
	}
	eng, err := s.Import("ai_flow._engine")
	if err != nil {
		return nil, fail(err)
	}
	capMod, err := s.Import("ai_flow._capture")
	if err != nil {
		return nil, fail(err)
	}
	builtins, _ := capMod.Globals["__builtins__"].(py.StringDict)
	sys, err := s.Import("sys")
	if err != nil {
		return nil, fail(err)
	}
	modules, _ := sys.Globals["modules"].(py.StringDict)
	if builtins == nil || modules == nil {
		s.Close()
		return nil, loadErr("the interpreter has no builtins or sys.modules")
	}
	builtins[atName] = capMod.Globals["at"]
	in.codec = &stateCodec{root: root, modules: modules, importer: builtins["__import__"]}
	for name, fn := range map[string]func(args py.Tuple) (py.Object, error){
		"state_get": in.stateGet, "state_put": in.statePut, "state_clear": in.stateClear, "task_status": in.taskStatus,
	} {
		eng.Globals[name] = py.MustNewMethod(name, func(_ py.Object, args py.Tuple, _ py.StringDict) (py.Object, error) {
			if in.cur == nil {
				// The definition's top level called it while loading.
				return nil, py.ExceptionNewf(py.RuntimeError, "%s is only available while a condition is evaluated", name)
			}
			return fn(args)
		}, 0, "")
	}
	in.evaluate = eng.Globals["evaluate"]
	if !strings.EqualFold(path.Ext(snap.SourceName), ".py") {
		return in, nil // YAML: the conditions' modules are imported when first used
	}
	file := filepath.Join(root, snap.SourceName)
	p := prepare(file, snap.Source, nil)
	if p.code == nil {
		s.Close()
		msgs := make([]string, len(p.diags))
		for i, d := range p.diags {
			msgs[i] = in.diagText(d)
		}
		return nil, loadErr("%s", strings.Join(msgs, "; "))
	}
	stem := strings.TrimSuffix(snap.SourceName, path.Ext(snap.SourceName))
	if in.def, err = s.RunModule(stem, file, p.code); err != nil {
		s.Close()
		return nil, loadErr("%s", in.diagText(p.hostError(err, pyhost.DefaultMaxSteps)))
	}
	return in, nil
}

// prep is what hostError needs to place an error of a file that was not
// run from a prepared source (a module the import hook compiled).
func (in *interp) prep(file string) *prepared {
	return &prepared{file: filepath.Join(in.root, filepath.FromSlash(file))}
}

// diagText renders a load diagnostic with a path relative to the snapshot.
func (in *interp) diagText(d ir.Diagnostic) string {
	sp := d.Span
	rel, ok := in.rel(sp.File)
	if !ok {
		return d.Message
	}
	sp.File = rel
	return sp.String() + ": " + d.Message
}

// rel is a file of the snapshot relative to its folder.
func (in *interp) rel(file string) (string, bool) {
	r, ok := strings.CutPrefix(file, in.root+string(filepath.Separator))
	return filepath.ToSlash(r), ok
}

func (in *interp) close() { in.sess.Close() }

// class returns the class a condition names, importing its module when it
// is not the definition.
func (in *interp) class(c *ir.Condition) (py.Object, *ConditionError) {
	key := [2]string{c.File, c.Class}
	if cls, ok := in.classes[key]; ok {
		return cls, nil
	}
	loadErr := func(format string, args ...any) *ConditionError {
		return &ConditionError{Kind: CondLoad, Message: fmt.Sprintf(format, args...)}
	}
	mod := in.def
	if c.File != in.source || mod == nil {
		name, ok := moduleName(c.File)
		if !ok {
			return nil, loadErr("%q is not a Python module of the snapshot", c.File)
		}
		m, err := in.sess.Import(name)
		if err != nil {
			return nil, loadErr("cannot import %q: %s", c.File, in.diagText(in.prep(c.File).hostError(err, pyhost.DefaultMaxSteps)))
		}
		mod = m
	}
	cls, ok := mod.Globals[c.Class]
	if !ok {
		return nil, loadErr("%q defines no class %q", c.File, c.Class)
	}
	t, isCls := pyhost.AsClass(cls)
	if !isCls {
		return nil, loadErr("%q in %q is not a class", c.Class, c.File)
	}
	if p := conditionClassProblem(t); p != "" {
		return nil, loadErr("%s", p)
	}
	in.classes[key] = cls
	return cls, nil
}

// moduleName is the dotted module name of a snapshot file.
func moduleName(file string) (string, bool) {
	stem, ok := strings.CutSuffix(file, ".py")
	if !ok || !fs.ValidPath(file) {
		return "", false
	}
	stem = strings.TrimSuffix(stem, "/__init__")
	parts := strings.Split(stem, "/")
	for _, p := range parts {
		if !isIdentifier(p) {
			return "", false
		}
	}
	return strings.Join(parts, "."), true
}

func isIdentifier(s string) bool {
	for i, r := range s {
		if r != '_' && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9' || r > 0x7f) {
			return false
		}
	}
	return s != ""
}

// isMet runs one evaluation. drop reports that the interpreter must not
// be used again.
func (in *interp) isMet(call ConditionCall, lim pyhost.Limits) (met, drop bool, err error) {
	c := call.Condition
	cls, cerr := in.class(c)
	if cerr != nil {
		return false, false, cerr
	}
	args := make(py.Tuple, len(c.Args))
	for i, a := range c.Args {
		args[i] = pyValue(a)
	}
	kwargs := make(py.StringDict, len(c.Kwargs))
	for k, v := range c.Kwargs {
		kwargs[k] = pyValue(v)
	}
	ev := call.Event
	createTime := py.Object(py.None)
	if !ev.Time.IsZero() {
		createTime = py.Int(ev.Time.UnixMilli())
	}
	st := &evalState{call: call, pending: map[string]json.RawMessage{}}
	in.cur = st
	defer func() { in.cur = nil }()
	res, err := in.sess.CallLimited(lim, in.evaluate, py.Tuple{
		cls, args, kwargs,
		py.String(ev.Key), py.String(ev.Value), py.String(ev.Namespace), orNone(ev.Sender), orNone(ev.Context),
		py.Int(ev.Offset), createTime,
		py.String(call.Workflow), py.String(call.Namespace), py.Int(call.WorkflowID), py.Int(call.ExecutionID),
	}, nil)
	if err != nil {
		var be *pyhost.BudgetError
		if errors.As(err, &be) && be.Interrupted {
			return false, true, err
		}
		ce, drop := in.condError(err, c.Class)
		if st.err != nil && ce.Kind == CondException {
			// Most likely the exception stateError raised.
			st.err.Traceback = ce.Traceback
			ce = st.err
		}
		return false, drop, ce
	}
	if st.err != nil {
		return false, false, st.err // is_met caught the exception
	}
	b, ok := res.(py.Bool)
	if !ok {
		return false, false, &ConditionError{Kind: CondResult, Message: fmt.Sprintf("is_met of %s returned %s, not bool", c.Class, TypeName(goValue(res)))}
	}
	names := make([]string, 0, len(st.pending))
	for n := range st.pending {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if v := st.pending[n]; v == nil {
			call.State.Clear(n)
		} else {
			call.State.Put(n, v)
		}
	}
	return bool(b), false, nil
}

func orNone(s string) py.Object {
	if s == "" {
		return py.None
	}
	return py.String(s)
}

// pyValue converts a JSON value of the IR (a condition's constructor
// arguments) or of a server's answer (numbers as json.Number) into a fresh
// Python value.
func pyValue(v any) py.Object {
	switch v := v.(type) {
	case bool:
		return py.NewBool(v)
	case int64:
		return py.Int(v)
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return py.Int(i)
		}
		f, _ := v.Float64()
		return py.Float(f)
	case float64:
		return py.Float(v)
	case string:
		return py.String(v)
	case []any:
		items := make([]py.Object, len(v))
		for i, x := range v {
			items[i] = pyValue(x)
		}
		return py.NewListFromItems(items)
	case map[string]any:
		d := py.NewStringDictSized(len(v))
		for k, x := range v {
			d[k] = pyValue(x)
		}
		return py.NewDictFromStringDict(d) // sorted: a Go map has no order
	}
	return py.None
}

// condError turns a session error into a ConditionError; drop reports an
// interpreter that may hold garbage now.
func (in *interp) condError(err error, class string) (*ConditionError, bool) {
	var (
		pe *pyhost.PythonError
		se *pyhost.SandboxError
		ue *pyhost.StubUsedError
		be *pyhost.BudgetError
		te *pyhost.TimeoutError
		he *pyhost.HeapLimitError
		ie *pyhost.InternalError
	)
	switch {
	case errors.As(err, &pe):
		kind := CondException
		if pe.Type == "MemoryError" {
			kind = CondMemory
		}
		return &ConditionError{Kind: kind, Message: pe.Error(), Traceback: in.traceback(pe.Traceback)}, kind == CondMemory
	case errors.As(err, &se):
		return &ConditionError{Kind: CondSandbox, Message: se.Op + " is not allowed in a condition", Traceback: in.traceback(se.Traceback)}, false
	case errors.As(err, &ue):
		return &ConditionError{Kind: CondSandbox, Message: fmt.Sprintf("%s is only available inside tasks", ue.Module), Traceback: in.traceback(ue.Traceback)}, false
	case errors.As(err, &be):
		return &ConditionError{Kind: CondBudget, Message: fmt.Sprintf("condition %s did not finish within %d steps; is there an endless loop?", class, be.Steps), Traceback: in.traceback(be.Traceback)}, true
	case errors.As(err, &te):
		return &ConditionError{Kind: CondTimeout, Message: fmt.Sprintf("condition %s did not finish within %v", class, te.Timeout), Traceback: in.traceback(te.Traceback)}, true
	case errors.As(err, &he):
		return &ConditionError{Kind: CondMemory, Message: fmt.Sprintf("condition %s used too much memory: the heap grew by %d MiB, over the limit of %d MiB", class, he.Growth>>20, he.Limit>>20), Traceback: in.traceback(he.Traceback)}, true
	case errors.As(err, &ie):
		return &ConditionError{Kind: CondInternal, Message: ie.Error(), Traceback: in.traceback(ie.Traceback)}, true
	}
	return &ConditionError{Kind: CondInternal, Message: err.Error()}, true
}

// traceback keeps the frames of the snapshot's files.
func (in *interp) traceback(tb pyhost.Traceback) []string {
	var out []string
	for _, f := range tb {
		if rel, ok := in.rel(f.File); ok {
			out = append(out, fmt.Sprintf("%s:%d in %s", rel, f.Line, f.Func))
		}
	}
	return out
}

// The host functions of ai_flow._engine, bound to the evaluation that
// runs (in.cur).

func (in *interp) stateName(args py.Tuple) (string, error) {
	if len(args) == 0 {
		return "", py.ExceptionNewf(py.TypeError, "missing the state name")
	}
	name, ok := args[0].(py.String)
	if !ok {
		return "", py.ExceptionNewf(py.TypeError, "a state name must be a str, not %s", TypeName(goValue(args[0])))
	}
	return string(name), nil
}

func (in *interp) stateGet(args py.Tuple) (py.Object, error) {
	name, err := in.stateName(args)
	if err != nil {
		return nil, err
	}
	data, ok := in.cur.pending[name]
	if !ok {
		data, ok = in.cur.call.State.Get(name)
	}
	if !ok || data == nil {
		return py.None, nil
	}
	v, err := in.codec.decode(data)
	if err != nil {
		return nil, in.stateError(name, "stored value cannot be read back: "+err.Error())
	}
	return v, nil
}

func (in *interp) statePut(args py.Tuple) (py.Object, error) {
	name, err := in.stateName(args)
	if err != nil {
		return nil, err
	}
	if len(args) != 2 {
		return nil, py.ExceptionNewf(py.TypeError, "update() takes one value")
	}
	data, err := in.codec.encode(args[1])
	if err != nil {
		return nil, in.stateError(name, err.Error())
	}
	in.cur.pending[name] = data
	return py.None, nil
}

func (in *interp) stateClear(args py.Tuple) (py.Object, error) {
	name, err := in.stateName(args)
	if err != nil {
		return nil, err
	}
	in.cur.pending[name] = nil
	return py.None, nil
}

func (in *interp) taskStatus(args py.Tuple) (py.Object, error) {
	if len(args) != 1 {
		return nil, py.ExceptionNewf(py.TypeError, "get_task_status() takes a task name")
	}
	task, ok := args[0].(py.String)
	if !ok {
		return nil, py.ExceptionNewf(py.TypeError, "a task name must be a str, not %s", TypeName(goValue(args[0])))
	}
	if in.cur.call.TaskStatus == nil {
		return py.None, nil
	}
	status, ok := in.cur.call.TaskStatus(string(task))
	if !ok {
		return py.None, nil
	}
	return py.String(status), nil
}

// stateError records the first state problem of the evaluation, which is
// reported even if is_met catches the exception raised here.
func (in *interp) stateError(name, msg string) error {
	msg = fmt.Sprintf("state %q %s", name, msg)
	if in.cur.err == nil {
		in.cur.err = &ConditionError{Kind: CondState, Message: msg}
	}
	return py.ExceptionNewf(py.ValueError, "%s", msg)
}

// logWriter sends a condition's print output to the log, a line at a time.
type logWriter struct {
	log *slog.Logger
	id  int64
	buf []byte
}

// maxLogLine bounds a line kept while waiting for its end.
const maxLogLine = 4 << 10

// Write logs every complete line.
func (w *logWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 && len(w.buf) < maxLogLine {
			return len(p), nil
		}
		if i < 0 {
			i = len(w.buf)
		}
		w.log.Debug("condition output", "snapshot", w.id, "line", string(w.buf[:i]))
		w.buf = w.buf[min(i+1, len(w.buf)):]
	}
}
