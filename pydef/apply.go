package pydef

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-python/gpython/py"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/pydef/pyhost"
)

// Server is the aiflow server that the ai_flow.ops calls of an applied file
// reach (Loader.Apply).
type Server interface {
	// Call performs op, one of the binding's calls listed in
	// shim/ai_flow/ops/_server.py ("upload", "add_schedule", ...), with
	// its arguments as nil, bool, int64, float64, string, []any or
	// map[string]any; the condition of add_trigger is its IR as
	// json.RawMessage. It returns the API's answer as JSON. An error
	// reaches Python as AIFlowException, with the code of an *OpsError as
	// its code attribute.
	Call(ctx context.Context, op string, args []any) (json.RawMessage, error)
}

// OpsError is an error answer of a Server.
type OpsError struct {
	Code    string // the API's error code: "not_found", "conflict", ...
	Message string
}

func (e *OpsError) Error() string { return e.Message }

// Apply runs a definition file as __main__, as `python FILE` does under
// AIFlow, with ai_flow.ops bound to srv: the calls made from the file's
// `if __name__ == "__main__":` blocks reach srv, the others keep their load
// meaning (add_workflow_schedule and add_workflow_trigger declare the
// file's own schedules and triggers, which its upload stores; other calls
// are refused), so that nothing is applied twice. The interpreter, sandbox
// and limits are those of Load: Python code gets no process, file write or
// socket, only the calls srv performs. The workflows are collected as Load
// collects them; an exception that escapes the file, AIFlowException from
// a failed call included, is a python-error diagnostic at the user's line.
func (l *Loader) Apply(ctx context.Context, filename string, src []byte, srv Server) ([]*ir.Workflow, ir.Diagnostics) {
	r := l.load(ctx, filename, src, srv)
	return r.workflows, r.diags
}

// bind gives the session of an apply its server: the binding of
// ai_flow.ops._binding and the main-block call sites of _capture; and
// sys.argv, as `python FILE` sets it.
func bind(ctx context.Context, s *pyhost.Session, capMod *py.Module, e *exporter, srv Server) error {
	exc, err := s.Import("ai_flow.common.exception.exceptions")
	if err != nil {
		return err
	}
	sys, err := s.Import("sys")
	if err != nil {
		return err
	}
	sys.Globals["argv"] = py.NewListFromItems([]py.Object{py.String(e.file)})
	binding, err := s.Import("ai_flow.ops._binding")
	if err != nil {
		return err
	}
	main := py.NewSet()
	for i, c := range e.info.Calls {
		if c.Main > 0 {
			main.Add(py.Int(i + 1))
		}
	}
	capMod.Globals["main_sites"] = main
	b := &binder{ctx: ctx, srv: srv, exp: e, errClass: exc.Globals["AIFlowException"]}
	binding.Globals["server"] = py.MustNewMethod("server", func(_ py.Object, args py.Tuple, _ py.StringDict) (py.Object, error) {
		return b.call(args)
	}, 0, "server(op, args) performs one call of ai_flow.ops on the aiflow server of aiflow workflow apply")
	return nil
}

// binder turns the shim's server calls into Server calls.
type binder struct {
	ctx      context.Context
	srv      Server
	exp      *exporter
	errClass py.Object
}

func (b *binder) call(args py.Tuple) (py.Object, error) {
	if len(args) != 2 {
		return nil, py.ExceptionNewf(py.TypeError, "server() takes an op and a list of arguments")
	}
	op, ok := args[0].(py.String)
	items, ok2 := goValue(args[1]).([]any)
	if !ok || !ok2 {
		return nil, py.ExceptionNewf(py.TypeError, "server() takes an op and a list of arguments")
	}
	if op == "add_trigger" {
		raw, err := b.condition(items)
		if err != nil {
			return nil, err
		}
		items = append(items[:2:2], raw)
	}
	for _, a := range items {
		if !isJSON(a) {
			return nil, py.ExceptionNewf(py.TypeError, "ai_flow.ops arguments must be JSON values, got %s", TypeName(a))
		}
	}
	raw, err := b.srv.Call(b.ctx, string(op), items)
	if err != nil {
		var oe *OpsError
		if !errors.As(err, &oe) {
			oe = &OpsError{Message: err.Error()}
		}
		return nil, b.serverError(oe.Code, oe.Message)
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, b.serverError("", fmt.Sprintf("bad answer to %s: %v", op, err))
	}
	return pyValue(v), nil
}

// condition exports the condition of an add_trigger call ([ns, name,
// capture, site]) to its IR; a condition the exporter refuses is an error
// of the call, whose message has the diagnostics with their positions.
func (b *binder) condition(items []any) (json.RawMessage, error) {
	if len(items) != 4 {
		return nil, py.ExceptionNewf(py.TypeError, "add_trigger takes a namespace, a workflow name, a condition and a site")
	}
	site, _ := items[3].(int64)
	e := *b.exp
	e.diags = nil
	// The session is running this call: convert objects without going
	// through Session.Call, whose lock the run holds.
	e.repr = func(o py.Object) string {
		if v, err := py.Repr(o); err == nil {
			if s, ok := v.(py.String); ok {
				return string(s)
			}
		}
		return "<" + typeOf(o).Name + " object>"
	}
	at := e.siteSpan(int(site))
	c := e.condition(items[2], at)
	if e.diags.HasErrors() || c == nil {
		var msgs []string
		for _, d := range e.diags {
			msgs = append(msgs, d.Error())
		}
		if c == nil && len(msgs) == 0 {
			msgs = append(msgs, "a workflow trigger needs a condition")
		}
		return nil, b.serverError("invalid", strings.Join(msgs, "; "))
	}
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, b.serverError("", err.Error())
	}
	return raw, nil
}

// serverError makes AIFlowException(msg) with code as its code
// attribute.
func (b *binder) serverError(code, msg string) error {
	exc, err := py.Call(b.errClass, py.Tuple{py.String(msg)}, nil)
	if err != nil {
		return err
	}
	e, ok := exc.(*py.Exception)
	if !ok {
		return py.ExceptionNewf(py.RuntimeError, "%s", msg)
	}
	e.Dict["code"] = py.String(code)
	return e
}

// mainBlockOps warns, once per `if __name__ == "__main__":` block, about
// the ai_flow.ops calls written there, which an upload or a validation does
// not run; upload_workflows alone does not count: uploading is what those
// commands do.
func (e *exporter) mainBlockOps() {
	type call struct {
		block  int
		span   ir.Span
		callee string
	}
	var calls []call
	for _, c := range e.info.Calls {
		if fn := e.opsFunction(c.Callee); c.Main > 0 && fn != "" && fn != "upload_workflows" {
			calls = append(calls, call{c.Main, e.span(c.Pos), c.Callee})
		}
	}
	// The syntax walk does not visit calls in source order.
	slices.SortFunc(calls, func(a, b call) int {
		return cmp.Or(a.block-b.block, a.span.Start.Line-b.span.Start.Line, a.span.Start.Col-b.span.Start.Col)
	})
	for i := 0; i < len(calls); {
		first := calls[i]
		var names []string
		var also []ir.Related
		for ; i < len(calls) && calls[i].block == first.block; i++ {
			q := fmt.Sprintf("%q", calls[i].callee)
			if slices.Contains(names, q) {
				continue
			}
			if len(names) > 0 {
				also = append(also, ir.Related{Message: fmt.Sprintf("%s is called here", q), Span: calls[i].span})
			}
			names = append(names, q)
		}
		verb, pronoun := "do not run", "them"
		if len(names) == 1 {
			verb, pronoun = "does not run", "it"
		}
		list := strings.Join(names, ", ")
		if n := len(names); n > 1 {
			list = strings.Join(names[:n-1], ", ") + " and " + names[n-1]
		}
		d := ir.Warningf(ir.CodeOpsInMainBlock, first.span,
			"%s in the `if __name__ == \"__main__\":` block %s when the file is uploaded or validated; 'aiflow workflow apply %s' runs %s",
			list, verb, e.file, pronoun)
		d.Related = also
		e.diags = append(e.diags, d)
	}
}

// opsFunction names the ai_flow.ops function a dotted callee of the
// definition file is, by looking it up in the module's globals through
// modules only; "" when it is none.
func (e *exporter) opsFunction(callee string) string {
	if callee == "" || e.globals == nil {
		return ""
	}
	parts := strings.Split(callee, ".")
	o := e.globals[parts[0]]
	for _, p := range parts[1:] {
		m, ok := o.(*py.Module)
		if !ok {
			return ""
		}
		o = m.Globals[p]
	}
	fn, ok := o.(*py.Function)
	if !ok || fn.Code == nil || strings.HasPrefix(fn.Name, "_") {
		return ""
	}
	dir, file, _ := strings.Cut(strings.TrimPrefix(fn.Code.Filename, shimPrefix), "ops/")
	if dir != "ai_flow/" || strings.HasPrefix(file, "_") {
		return ""
	}
	return fn.Name
}
