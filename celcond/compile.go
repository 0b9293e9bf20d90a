package celcond

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common"
	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"

	"github.com/aiflow-go/aiflow/internal/spell"
	"github.com/aiflow-go/aiflow/ir"
)

// CostLimit is the most one evaluation of one expression may cost, in CEL
// cost units (see the package documentation).
const CostLimit = 1_000_000

// maxExprSize bounds the length of an expression, in code points.
const maxExprSize = 10_000

// Program is a compiled expression condition; safe for concurrent use.
type Program struct {
	when    cel.Program
	updates []update // by key
	tasks   []string
	known   map[string]bool
	refs    []string
	state   *types.Type
}

type update struct {
	key  string
	prog cel.Program
}

// Env says where the condition is used: a task rule of a workflow with these
// tasks, or a trigger.
type Env struct {
	Tasks   []string
	Trigger bool
	// Owner names the rule or trigger in messages, such as `rule of task "b"
	// in workflow "etl"`.
	Owner string
}

// Refs returns the task names the expressions read through tasks.<name>
// (or tasks['name']), sorted.
func (p *Program) Refs() []string { return p.refs }

// base is the environment every condition extends with its variables.
var base = sync.OnceValues(func() (*cel.Env, error) {
	return cel.NewEnv(cel.ParserExpressionSizeLimit(maxExprSize))
})

// Check compiles every expression condition (rules, nested meet_all/meet_any
// members, triggers) of ws.
func Check(ws []*ir.Workflow) ir.Diagnostics {
	var diags ir.Diagnostics
	var walk func(c *ir.Condition, env Env)
	walk = func(c *ir.Condition, env Env) {
		if c == nil {
			return
		}
		// ir.Validate reports an empty when.
		if c.Kind == ir.ExpressionCondition && c.When != "" {
			_, ds := Compile(c, env)
			diags = append(diags, ds...)
		}
		for _, sub := range c.Conditions {
			walk(sub, env)
		}
	}
	for _, w := range ws {
		if w == nil {
			continue
		}
		var names []string
		for _, t := range w.Tasks {
			if t != nil {
				names = append(names, t.Name)
			}
		}
		for _, r := range w.Rules {
			if r != nil {
				walk(r.Condition, Env{Tasks: names, Owner: fmt.Sprintf("rule of task %q in workflow %q", r.Task, w.Name)})
			}
		}
		for _, tr := range w.Triggers {
			if tr != nil {
				walk(tr.Condition, Env{Trigger: true, Owner: fmt.Sprintf("trigger of workflow %q", w.Name)})
			}
		}
	}
	return diags
}

// expr is one expression of a condition.
type expr struct {
	key  string // the update key, "" for when
	text string
	span ir.Span
	// ok is cleared by a syntax error and by a read of an unknown state
	// key, which the checker would report again, less clearly; other type
	// errors show once it is fixed.
	ok bool
}

// name is how messages call the expression.
func (e *expr) name() string {
	if e.key == "" {
		return `"when"`
	}
	return fmt.Sprintf("update %q", e.key)
}

// at positions loc, a location in the expression, in the definition. When
// the span holds exactly the expression's text on one line, the position is
// exact; else it is the span, and the returned note says where in the
// expression the problem is.
func (e *expr) at(loc common.Location) (ir.Span, string) {
	sp := e.span
	if loc == nil || loc.Line() < 1 {
		return sp, ""
	}
	line, col := loc.Line(), loc.Column()+1
	oneLine := !strings.Contains(e.text, "\n")
	if oneLine && sp.Start.IsValid() && sp.End.Line == sp.Start.Line && sp.End.Col-sp.Start.Col == utf8.RuneCountInString(e.text) {
		p := ir.Pos{Line: sp.Start.Line, Col: sp.Start.Col + col - 1}
		return ir.Span{File: sp.File, Start: p, End: ir.Pos{Line: p.Line, Col: p.Col + 1}}, ""
	}
	if oneLine {
		return sp, fmt.Sprintf(" (column %d of the expression)", col)
	}
	return sp, fmt.Sprintf(" (line %d, column %d of the expression)", line, col)
}

type compiler struct {
	c     *ir.Condition
	env   Env
	what  string // "expression condition in rule of task ..."
	keys  []string
	refs  []string
	diags ir.Diagnostics
}

// errorAt reports msg at loc in e; hint follows the position note.
func (cp *compiler) errorAt(code ir.Code, e *expr, loc common.Location, msg, hint string) {
	sp, note := e.at(loc)
	cp.diags = append(cp.diags, ir.Errorf(code, sp, "%s%s%s", msg, note, hint))
}

// Compile compiles c (Kind ExpressionCondition); diagnostics are positioned
// in the definition.
func Compile(c *ir.Condition, env Env) (*Program, ir.Diagnostics) {
	cp := &compiler{c: c, env: env, what: "expression condition"}
	if env.Owner != "" {
		cp.what += " in " + env.Owner
	}
	if c == nil || c.Kind != ir.ExpressionCondition {
		return nil, ir.Diagnostics{ir.Errorf(ir.CodeInternal, ir.Span{}, "celcond: not an expression condition")}
	}
	b, err := base()
	if err != nil {
		return nil, ir.Diagnostics{ir.Errorf(ir.CodeInternal, c.Span, "cannot set up CEL: %v", err)}
	}
	if c.When == "" {
		cp.diags = append(cp.diags, ir.Errorf(ir.CodeBadCondition, c.Fields.At("when", c.Span), "%s has no when expression", cp.what))
	}
	exprs := cp.exprs()
	for _, e := range exprs {
		cp.parse(b, e)
	}
	progs, stateType := cp.check(b, cp.infer(b, exprs), exprs)
	if cp.diags.HasErrors() {
		return nil, cp.diags
	}
	p := &Program{tasks: env.Tasks, known: map[string]bool{}, refs: cp.refs, state: stateType}
	for _, t := range env.Tasks {
		p.known[t] = true
	}
	for _, e := range exprs {
		ch := progs[e]
		prog, err := ch.env.Program(ch.ast, cel.CostLimit(CostLimit), cel.EvalOptions(cel.OptOptimize))
		if err != nil {
			return nil, append(cp.diags, ir.Errorf(ir.CodeInternal, e.span, "cannot plan %s of %s: %v", e.name(), cp.what, err))
		}
		if e.key == "" {
			p.when = prog
		} else {
			p.updates = append(p.updates, update{e.key, prog})
		}
	}
	return p, cp.diags
}

// exprs lists when and the updates, by key, with their spans; update keys
// must be identifiers, since state.<key> reads them.
func (cp *compiler) exprs() []*expr {
	c := cp.c
	var out []*expr
	if c.When != "" {
		out = append(out, &expr{text: c.When, span: c.Fields.At("when", c.Span)})
	}
	for k := range c.Update {
		cp.keys = append(cp.keys, k)
	}
	slices.Sort(cp.keys)
	for _, k := range cp.keys {
		e := &expr{key: k, text: c.Update[k], span: c.Fields.At("update."+k, c.Fields.At("update", c.Span))}
		if !isIdent(k) {
			cp.errorAt(ir.CodeBadCondition, e, nil, fmt.Sprintf("update key %q of %s is not an identifier, so state.%s cannot read it", k, cp.what, k), "")
			continue
		}
		out = append(out, e)
	}
	return out
}

// isIdent reports whether s is a CEL identifier that is not a reserved word.
func isIdent(s string) bool {
	if s == "" || reserved[s] {
		return false
	}
	for i, r := range s {
		if r != '_' && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}

var reserved = map[string]bool{"true": true, "false": true, "null": true, "in": true, "as": true, "break": true,
	"const": true, "continue": true, "else": true, "for": true, "function": true, "if": true, "import": true,
	"let": true, "loop": true, "package": true, "namespace": true, "return": true, "var": true, "void": true, "while": true}

// parse reports e's syntax errors, then the names it reads that do not exist.
func (cp *compiler) parse(b *cel.Env, e *expr) {
	a, iss := b.Parse(e.text)
	if iss.Err() != nil {
		for _, ce := range iss.Errors() {
			msg := strings.TrimPrefix(ce.Message, "Syntax error: ")
			cp.errorAt(ir.CodeBadConditionExpression, e, ce.Location, fmt.Sprintf("syntax error in %s of %s: %s", e.name(), cp.what, msg), "")
		}
		return
	}
	e.ok = true
	cp.walk(e, a.NativeRep(), a.NativeRep().Expr(), nil)
}

// walk checks the names e reads through state and tasks; shadow lists the
// comprehension variables in scope, which hide the variables.
func (cp *compiler) walk(e *expr, a *celast.AST, n celast.Expr, shadow []string) {
	global := func(x celast.Expr, name string) bool {
		return x.Kind() == celast.IdentKind && x.AsIdent() == name && !slices.Contains(shadow, name)
	}
	switch n.Kind() {
	case celast.IdentKind:
		if cp.env.Trigger && global(n, "tasks") {
			cp.errorAt(ir.CodeBadCondition, e, a.SourceInfo().GetStartLocation(n.ID()),
				fmt.Sprintf("%s of %s reads tasks, but a trigger belongs to no execution and so has no task statuses", e.name(), cp.what),
				"; react to a task with a task-status condition")
		}
	case celast.SelectKind:
		s := n.AsSelect()
		switch {
		case global(s.Operand(), "tasks"):
			cp.task(e, fieldAt(e, a, s.Operand()), s.FieldName())
		case global(s.Operand(), "state"):
			cp.state(e, fieldAt(e, a, s.Operand()), s.FieldName())
		}
		cp.walk(e, a, s.Operand(), shadow)
	case celast.CallKind:
		call := n.AsCall()
		if args := call.Args(); call.FunctionName() == operators.Index && global(args[0], "tasks") && args[1].Kind() == celast.LiteralKind {
			if name, ok := args[1].AsLiteral().(types.String); ok {
				cp.task(e, a.SourceInfo().GetStartLocation(args[1].ID()), string(name))
			}
		}
		if call.IsMemberFunction() {
			cp.walk(e, a, call.Target(), shadow)
		}
		for _, x := range call.Args() {
			cp.walk(e, a, x, shadow)
		}
	case celast.ComprehensionKind:
		c := n.AsComprehension()
		cp.walk(e, a, c.IterRange(), shadow)
		cp.walk(e, a, c.AccuInit(), shadow)
		inner := append(slices.Clone(shadow), c.IterVar(), c.AccuVar())
		if c.HasIterVar2() {
			inner = append(inner, c.IterVar2())
		}
		for _, x := range []celast.Expr{c.LoopCondition(), c.LoopStep(), c.Result()} {
			cp.walk(e, a, x, inner)
		}
	case celast.ListKind:
		for _, x := range n.AsList().Elements() {
			cp.walk(e, a, x, shadow)
		}
	case celast.MapKind:
		for _, en := range n.AsMap().Entries() {
			m := en.AsMapEntry()
			cp.walk(e, a, m.Key(), shadow)
			cp.walk(e, a, m.Value(), shadow)
		}
	case celast.StructKind:
		for _, f := range n.AsStruct().Fields() {
			cp.walk(e, a, f.AsStructField().Value(), shadow)
		}
	}
}

// fieldAt is where the field name of a select of the identifier operand
// is: past the identifier and its dot. The select's own location is its dot,
// or for has() the macro's parenthesis.
func fieldAt(e *expr, a *celast.AST, operand celast.Expr) common.Location {
	r, ok := a.SourceInfo().GetOffsetRange(operand.ID())
	if !ok {
		return common.NoLocation
	}
	text := []rune(e.text)
	off := int(r.Start) + utf8.RuneCountInString(operand.AsIdent())
	for off < len(text) && strings.ContainsRune(" \t\r\n.", text[off]) {
		off++
	}
	return a.SourceInfo().GetLocationByOffset(int32(off))
}

// task records a read of tasks.<name> and reports an unknown name.
func (cp *compiler) task(e *expr, loc common.Location, name string) {
	if cp.env.Trigger {
		return // reported at the tasks identifier
	}
	if !slices.Contains(cp.env.Tasks, name) {
		hint := ""
		if near := spell.Nearest(name, cp.env.Tasks); near != "" {
			hint = fmt.Sprintf("; did you mean %q?", near)
		}
		cp.errorAt(ir.CodeUnknownTask, e, loc, fmt.Sprintf("%s of %s names unknown task %q", e.name(), cp.what, name), hint)
		return
	}
	if !slices.Contains(cp.refs, name) {
		cp.refs = append(cp.refs, name)
		slices.Sort(cp.refs)
	}
}

// state reports a read of a state key that no update sets.
func (cp *compiler) state(e *expr, loc common.Location, key string) {
	if slices.Contains(cp.keys, key) {
		return
	}
	var hint string
	switch near := spell.Nearest(key, cp.keys); {
	case near != "":
		hint = fmt.Sprintf("; did you mean %q?", near)
	case len(cp.keys) == 0:
		hint = "; the condition has no update, so its state is empty"
	default:
		hint = "; the state keys are " + quoted(cp.keys)
	}
	cp.errorAt(ir.CodeBadCondition, e, loc, fmt.Sprintf("%s of %s reads state.%s, which no update sets", e.name(), cp.what, key), hint)
	e.ok = false
}

func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// variables is the environment of one condition: the base one with event,
// tasks and state, whose fields are the update keys typed by decl (dyn when
// unknown).
func (cp *compiler) variables(b *cel.Env, decl map[string]*types.Type) (*cel.Env, *types.Type, error) {
	st := newObject("aiflow.State")
	for _, k := range cp.keys {
		t := decl[k]
		if t == nil {
			t = types.DynType
		}
		zero := zeroValue(t)
		if zero == nil {
			zero = types.NullValue
		}
		st.names = append(st.names, k)
		st.fields[k] = stateField(k, t, zero)
	}
	env, err := b.Extend(
		cel.CustomTypeProvider(newProvider(b.CELTypeProvider(), eventType, taskType, st)),
		cel.Variable("event", eventType.typ),
		cel.Variable("tasks", tasksType),
		cel.Variable("state", st.typ),
	)
	return env, st.typ, err
}

// tasksType is the type of the tasks variable.
var tasksType = types.NewMapType(types.StringType, taskType.typ)

// infer types the state keys: each takes the type of its update
// expression, which may read other keys (or itself), so the expressions are
// checked again until no type changes. An update that is dyn while the keys
// it reads are, such as `event.value == 'reset' ? 0 : state.n`, gets the
// first of the storable types that makes it that type. A key whose update
// cannot be typed stays dyn.
func (cp *compiler) infer(b *cel.Env, exprs []*expr) map[string]*types.Type {
	decl := map[string]*types.Type{}
	for range 2*len(cp.keys) + 1 {
		if !cp.settle(b, exprs, decl) && !cp.guess(b, exprs, decl) {
			break
		}
	}
	return decl
}

// outputType is the type of e with the state keys typed by decl, or nil.
func (cp *compiler) outputType(b *cel.Env, decl map[string]*types.Type, e *expr) *types.Type {
	env, _, err := cp.variables(b, decl)
	if err != nil {
		return nil
	}
	return typeIn(env, e)
}

func typeIn(env *cel.Env, e *expr) *types.Type {
	a, iss := env.Compile(e.text)
	if iss.Err() != nil {
		return nil
	}
	return a.OutputType()
}

// settle types every update by its expression once and reports whether a
// key's type changed.
func (cp *compiler) settle(b *cel.Env, exprs []*expr, decl map[string]*types.Type) bool {
	env, _, err := cp.variables(b, decl)
	if err != nil {
		return false
	}
	next := maps.Clone(decl)
	for _, e := range exprs {
		if e.key == "" || !e.ok {
			continue
		}
		t := typeIn(env, e)
		if t == nil || zeroValue(t) == nil {
			continue
		}
		if d := decl[e.key]; d == nil || !d.IsAssignableType(t) {
			next[e.key] = t
		}
	}
	changed := !maps.EqualFunc(decl, next, func(a, b *types.Type) bool { return a == b })
	maps.Copy(decl, next)
	return changed
}

// guesses are the types guess tries, in order.
var guesses = []*types.Type{types.IntType, types.DoubleType, types.StringType, types.BoolType, types.UintType,
	types.NewListType(types.DynType), types.NewMapType(types.StringType, types.DynType)}

// guess types the first untyped key whose update has a storable type when
// its key has that type, and reports whether it found one.
func (cp *compiler) guess(b *cel.Env, exprs []*expr, decl map[string]*types.Type) bool {
	for _, e := range exprs {
		if e.key == "" || !e.ok || decl[e.key] != nil {
			continue
		}
		for _, g := range guesses {
			decl[e.key] = g
			if t := cp.outputType(b, decl, e); t != nil && t.Kind() != types.DynKind && g.IsAssignableType(t) {
				return true
			}
		}
		delete(decl, e.key)
	}
	return false
}

// checked is a type-checked expression and the environment to plan it in.
type checked struct {
	env *cel.Env
	ast *cel.Ast
}

// check type-checks every parsed expression with the state keys typed by
// decl and reports type errors, a when that is not a bool and updates that
// cannot be stored.
func (cp *compiler) check(b *cel.Env, decl map[string]*types.Type, exprs []*expr) (map[*expr]checked, *types.Type) {
	env, stateType, err := cp.variables(b, decl)
	if err != nil {
		cp.diags = append(cp.diags, ir.Errorf(ir.CodeInternal, cp.c.Span, "cannot declare the CEL variables: %v", err))
		return nil, nil
	}
	out := map[*expr]checked{}
	for _, e := range exprs {
		if !e.ok {
			continue
		}
		a, iss := env.Compile(e.text)
		if iss.Err() != nil {
			for _, ce := range iss.Errors() {
				msg := strings.TrimSuffix(ce.Message, " (in container '')")
				cp.errorAt(ir.CodeBadConditionExpression, e, ce.Location, fmt.Sprintf("type error in %s of %s: %s", e.name(), cp.what, msg), "")
			}
			continue
		}
		t := a.OutputType()
		if e.key == "" {
			switch t.Kind() {
			case types.BoolKind:
				out[e] = checked{env, a}
			case types.DynKind:
				cp.errorAt(ir.CodeBadConditionExpression, e, nil, fmt.Sprintf("%s of %s must be a bool, but its type is only known when it runs", e.name(), cp.what),
					"; compare it, such as event.context.flag == true")
			default:
				cp.errorAt(ir.CodeBadConditionExpression, e, nil, fmt.Sprintf("%s of %s must be a bool, not %s", e.name(), cp.what, typeName(t)), "")
			}
			continue
		}
		switch d := decl[e.key]; {
		case t.Kind() == types.DynKind:
			cp.errorAt(ir.CodeBadConditionExpression, e, nil,
				fmt.Sprintf("%s of %s has a type only known when it runs, so state.%s has no type", e.name(), cp.what, e.key),
				"; convert it, such as double(...), int(...) or string(...)")
		case zeroValue(t) == nil:
			hint := "; the state holds ints, uints, doubles, strings, bools, lists and maps with string keys"
			if k := t.Kind(); k == types.TimestampKind || k == types.DurationKind {
				hint = "; convert it with int(...) or string(...)"
			}
			cp.errorAt(ir.CodeBadConditionExpression, e, nil,
				fmt.Sprintf("%s of %s has type %s, which the state cannot hold", e.name(), cp.what, typeName(t)), hint)
		case d == nil || !d.IsAssignableType(t):
			cp.errorAt(ir.CodeBadConditionExpression, e, nil,
				fmt.Sprintf("%s of %s has type %s, but the expressions read state.%s as %s", e.name(), cp.what, typeName(t), e.key, typeName(d)), "")
		default:
			out[e] = checked{env, a}
		}
	}
	return out, stateType
}

// typeName is a type as users write it.
func typeName(t *types.Type) string {
	switch {
	case t == nil:
		return "dyn"
	case t.Kind() == types.TimestampKind:
		return "timestamp"
	case t.Kind() == types.DurationKind:
		return "duration"
	}
	return t.String()
}
