package yamldef

import (
	"github.com/aiflow-go/aiflow/operator"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/aiflow-go/aiflow/ir"
)

// nameOf returns the string value of n's "name" key, to name the mapping in
// messages before it is walked.
func (p *parser) nameOf(n *yaml.Node) (string, bool) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == "name" {
			v := n.Content[i+1]
			for v.Kind == yaml.AliasNode && v.Alias != nil {
				v = v.Alias
			}
			return v.Value, isString(v)
		}
	}
	return "", false
}

// require reports the keys of keys that must be given and that entries
// lack; keys whose absence ir.Validate reports are left to it.
func (p *parser) require(n *yaml.Node, entries []entry, keys []key, ctx string) bool {
	ok := true
	for _, k := range keys {
		if k.need == required && find(entries, k.name) == nil {
			p.errorf(ir.CodeMissingArgument, p.span(n), "missing key %q in %s", k.name, ctx)
			ok = false
		}
	}
	return ok
}

// workflow builds the workflow of one document whose root is the mapping n.
func (p *parser) workflow(n *yaml.Node, doc int) *ir.Workflow {
	ctx := "workflow #" + strconv.Itoa(doc)
	if name, ok := p.nameOf(n); ok {
		ctx = "workflow " + strconv.Quote(name)
	}
	at := label{ctx: ctx}
	entries := p.mapping(n, at)
	w := &ir.Workflow{Span: p.span(n), Fields: make(ir.Spans, 0, len(entries))}
	named, hasTasks := false, false
	for _, e := range entries {
		name := e.name()
		what := at.in(name)
		switch name {
		case "name":
			w.Name, named = p.str(e.val, what)
		case "namespace":
			w.Namespace, _ = p.str(e.val, what)
		case "config":
			if v, ok := p.value(kind(operator.TMap), e.val, what); ok {
				w.Config = v.(map[string]any)
			}
		case "schedules":
			items, _ := p.seq(e.val, what)
			for i, item := range items {
				if s, ok := p.str(item, at.nth("schedule", i)); ok {
					w.Schedules = append(w.Schedules, &ir.Schedule{Expression: s, Span: p.span(item)})
				}
			}
		case "triggers":
			items, _ := p.seq(e.val, what)
			for i, item := range items {
				if c := p.condition(item, at.nth("trigger", i).String()); c != nil {
					w.Triggers = append(w.Triggers, &ir.Trigger{Condition: c, Span: p.span(item)})
				}
			}
		case "tasks":
			items, ok := p.seq(e.val, what)
			hasTasks = ok
			w.Tasks = make([]*ir.Task, 0, len(items))
			for i, item := range items {
				if t, rules := p.task(item, i, ctx); t != nil {
					w.Tasks = append(w.Tasks, t)
					w.Rules = append(w.Rules, rules...)
				}
			}
		default:
			p.unknownKey(e, workflowKeys, ctx)
			continue
		}
		w.Fields.Set(name, p.span(e.val))
	}
	p.require(n, entries, workflowKeys, ctx)
	if !named || !hasTasks {
		// Without a name nothing can refer to the workflow, and without a
		// list of tasks ir.Validate would report it empty: both are
		// reported above already.
		return nil
	}
	return w
}

// newArgs gives t the arguments of its operator and returns them with the
// JSON name of the field that holds them.
func newArgs(t *ir.Task) (operator.Args, string) {
	if o := operator.Lookup(t.Operator); o != nil && o.New != nil {
		t.Args = o.New()
		return t.Args, o.Field
	}
	return nil, ""
}

// task builds one task and its rules (start_after first). It returns a nil
// task when the task has no usable name, after reporting why.
func (p *parser) task(item *yaml.Node, idx int, wctx string) (*ir.Task, []*ir.Rule) {
	n := p.resolve(item)
	if n.Kind != yaml.MappingNode {
		p.typeErr(n, label{ctx: wctx}.nth("task", idx), "a mapping")
		return nil, nil
	}
	var ctx string
	if name, ok := p.nameOf(n); ok {
		ctx = "task " + strconv.Quote(name)
	} else {
		ctx = label{ctx: wctx}.nth("task", idx).String()
	}
	at := label{ctx: ctx}
	entries := p.mapping(n, at)
	t := &ir.Task{Span: p.span(item), Fields: make(ir.Spans, 0, len(entries))}

	// An unknown or missing operator is ir.Validate's to report; the task
	// then accepts the keys of every operator.
	// broken is set when the operator or an argument that ir.Validate
	// requires could not be read.
	broken := false
	if e := find(entries, "operator"); e != nil {
		if s, ok := p.str(e.val, at.in("operator")); ok {
			t.Operator = operator.Kind(s)
		} else {
			broken = true
		}
		t.Fields.Set("operator", p.span(e.val))
	}
	args, prefix := newArgs(t)
	keys := taskKeys(t.Operator)
	common := commonKeys()

	named := false
	var startAfter, rules *entry
	for i, e := range entries {
		name := e.name()
		what := at.in(name)
		k := findKey(keys, name)
		if k == nil {
			p.unknownTaskKey(e, t.Operator, keys, ctx)
			continue
		}
		field := name
		switch name {
		case "name":
			t.Name, named = p.str(e.val, what)
		case "operator":
			continue // read above
		case "config":
			if v, ok := p.value(kind(operator.TMap), e.val, what); ok {
				t.Config = v.(map[string]any)
			}
		case "start_after":
			startAfter = &entries[i]
			continue
		case "rules":
			rules = &entries[i]
			continue
		default:
			v, ok := p.value(k.kind, e.val, what)
			switch {
			case !ok:
				broken = broken || k.need == validated && operatorKeys(t.Operator) != nil
			case findKey(common, name) != nil:
				operator.Set(t, name, v)
			case args != nil:
				operator.Set(args, name, v)
				field = prefix + "." + name
			}
		}
		t.Fields.Set(field, p.span(e.val))
	}
	p.require(n, entries, taskBaseKeys, ctx)

	var rs []*ir.Rule
	if startAfter != nil {
		if r := p.startAfter(*startAfter, t.Name, ctx); r != nil {
			rs = append(rs, r)
		}
	}
	if rules != nil {
		items, _ := p.seq(rules.val, at.in("rules"))
		for i, item := range items {
			if r := p.rule(item, at.nth("rule", i).String(), t.Name); r != nil {
				rs = append(rs, r)
			}
		}
	}
	if !named {
		return nil, nil
	}
	if broken {
		// Keep the task, so that rules naming it still resolve, but as a
		// noop: what is wrong with it was reported above, and ir.Validate
		// must not report its arguments missing again.
		t.Operator, t.Args = operator.Noop, nil
	}
	return t, rs
}

// unknownTaskKey reports a key the task's operator does not take, naming the
// operators that do take it.
func (p *parser) unknownTaskKey(e entry, op operator.Kind, keys []key, ctx string) {
	if owners := ownersOf(e.name()); len(owners) > 0 && operatorKeys(op) != nil {
		which := "the " + owners[0] + " operator takes"
		if len(owners) > 1 {
			which = "the " + strings.Join(owners[:len(owners)-1], ", ") + " and " + owners[len(owners)-1] + " operators take"
		}
		p.errorf(ir.CodeUnknownKey, p.span(e.key), "unknown key %q in %s task %s; only %s it", e.name(), op, strings.TrimPrefix(ctx, "task "), which)
		return
	}
	p.unknownKey(e, keys, ctx)
}

// taskStatusCond builds a task-status condition that waits for task to
// reach status.
func taskStatusCond(task, status string, sp ir.Span) *ir.Condition {
	return &ir.Condition{Kind: ir.TaskStatusCondition, Task: task, Status: status, Span: sp}
}

// startAfter builds the START rule of start_after: all listed tasks SUCCESS,
// duplicates collapsed in first-seen order (as Operator.start_after does).
func (p *parser) startAfter(e entry, task, ctx string) *ir.Rule {
	what := label{ctx: ctx, key: "start_after"}
	n := p.resolve(e.val)
	items := []*yaml.Node{e.val}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	} else if !isString(n) {
		p.typeErr(n, what, "a task name or a list of task names")
		return nil
	}
	c := &ir.Condition{Kind: ir.AllMetCondition, Span: p.span(e.val)}
	seen := map[string]bool{}
	ok := true
	for i, item := range items {
		name, good := p.str(item, what.nth("item", i))
		if !good {
			ok = false
			continue
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		sub := taskStatusCond(name, ir.StatusSuccess, p.span(item))
		sub.Fields.Set("task", p.span(item))
		c.Conditions = append(c.Conditions, sub)
	}
	if !ok {
		return nil
	}
	r := &ir.Rule{Task: task, Action: ir.Start, Condition: c, Span: p.between(e.key, e.val)}
	r.Fields.Set("action", p.span(e.key))
	r.Fields.Set("condition", p.span(e.val))
	return r
}

var actions = []string{string(ir.Restart), string(ir.Start), string(ir.Stop)}

// rule builds one item of a task's rules.
func (p *parser) rule(item *yaml.Node, ctx, task string) *ir.Rule {
	at := label{ctx: ctx}
	n, ok := p.mapOf(item, at)
	if !ok {
		return nil
	}
	entries := p.mapping(n, at)
	r := &ir.Rule{Task: task, Span: p.span(item)}
	var form, when, upd *entry
	ok = true
	for i, e := range entries {
		switch e.name() {
		case "action":
			s, good := p.str(e.val, at.in("action"))
			if good {
				r.Action = ir.Action(strings.ToUpper(s))
				if !slices.Contains(actions, string(r.Action)) {
					p.badChoice(p.resolve(e.val), "action", s, at, actions)
					good = false
				}
			}
			ok = ok && good
			r.Fields.Set("action", p.span(e.val))
		case "event", "task_status", "condition":
			if form != nil {
				p.errorf(ir.CodeBadValue, p.span(e.key), "%s has both %q and %q; give exactly one of %s",
					ctx, form.name(), e.name(), quoteList(ruleConditionKeys))
				ok = false
				continue
			}
			form = &entries[i]
		case "when":
			when = &entries[i]
		case "update":
			upd = &entries[i]
		default:
			p.unknownKey(e, ruleKeys, ctx)
		}
	}
	ok = p.require(n, entries, ruleKeys, ctx) && ok
	switch {
	case when != nil && form == nil:
		p.errorf(ir.CodeBadValue, p.span(when.key), "%s has \"when\" but no \"event\"; give the event keys the expression listens to in \"event\"", ctx)
		return nil
	case when != nil && form.name() != "event":
		p.errorf(ir.CodeBadValue, p.span(when.key), "%s has both %q and \"when\"; when goes with event, or write condition: {expression: {...}}", ctx, form.name())
		ok = false
	case upd != nil && when == nil:
		p.errorf(ir.CodeBadValue, p.span(upd.key), "%s has \"update\" but no \"when\"; update sets the state of the expression in when", ctx)
		ok = false
	}
	if form == nil {
		p.errorf(ir.CodeMissingArgument, p.span(n), "%s has no condition; give one of %s", ctx, quoteList(ruleConditionKeys))
		return nil
	}
	r.Fields.Set("condition", p.span(form.val))
	switch form.name() {
	case "event":
		if when != nil {
			r.Condition = p.shorthand(form.val, when.val, upd, at)
		} else if ev := p.resolve(form.val); ev.Kind == yaml.SequenceNode {
			p.typeErr(ev, at.in("event"), "a string (a list of event keys needs when)")
		} else if key, good := p.str(form.val, at.in("event")); good {
			r.Condition = &ir.Condition{Kind: ir.EventCondition, Key: key, Span: p.span(form.val)}
			r.Condition.Fields.Set("event_key", p.span(form.val))
		}
	case "task_status":
		r.Condition = p.statusMap(form.val, ctx)
	case "condition":
		r.Condition = p.condition(form.val, "condition of "+ctx)
	}
	if !ok || r.Condition == nil {
		return nil
	}
	return r
}

// shorthand builds the expression condition of a rule with event (a key or
// a list of keys), when and optionally update.
func (p *parser) shorthand(event, when *yaml.Node, upd *entry, at label) *ir.Condition {
	c := &ir.Condition{Kind: ir.ExpressionCondition, Span: p.span(event)}
	keys, ok := p.value(kEventKeys, event, at.in("event"))
	if ok {
		c.Keys = keys.([]string)
	}
	c.Fields.Set("expect_event_keys", p.span(event))
	ok = p.when(c, when, at.in("when")) && ok
	if upd != nil {
		ok = p.update(c, upd.val, at.in("update")) && ok
		c.Fields.Set("update", p.span(upd.val))
	}
	if !ok {
		return nil
	}
	return c
}

// when reads the expression of an expression condition; its span is the
// expression's own text, so that CEL errors get exact columns.
func (p *parser) when(c *ir.Condition, v *yaml.Node, l label) bool {
	s, ok := p.str(v, l)
	c.When = s
	c.Fields.Set("when", p.exprSpan(v))
	return ok
}

// update reads the state updates of an expression condition, a map from
// state key to expression.
func (p *parser) update(c *ir.Condition, v *yaml.Node, l label) bool {
	n, ok := p.mapOf(v, l)
	if !ok {
		return false
	}
	c.Update = map[string]string{}
	for _, e := range p.mapping(n, l) {
		s, good := p.str(e.val, l.in(e.name()))
		ok = ok && good
		c.Update[e.name()] = s
		c.Fields.Set("update."+e.name(), p.exprSpan(e.val))
	}
	return ok
}

// statusMap builds the all-met condition of a rule's task_status shorthand,
// a map from task name to status.
func (p *parser) statusMap(v *yaml.Node, ctx string) *ir.Condition {
	what := label{ctx: ctx, key: "task_status"}
	n, ok := p.mapOf(v, what)
	if !ok {
		return nil
	}
	entries := p.mapping(n, what)
	if find(entries, "task") != nil && find(entries, "status") != nil {
		p.errorf(ir.CodeBadValue, p.span(v), "%s maps task names to statuses, such as {extract: SUCCESS}; "+
			"for a single task-status condition write condition: {task_status: {task: ..., status: ...}}", what)
		return nil
	}
	c := &ir.Condition{Kind: ir.AllMetCondition, Span: p.span(v)}
	for _, e := range entries {
		status, good := p.status(e.val, what.in(e.name()), what)
		if !good {
			ok = false
			continue
		}
		sub := taskStatusCond(e.name(), status, p.between(e.key, e.val))
		sub.Fields.Set("task", p.span(e.key))
		sub.Fields.Set("status", p.span(e.val))
		c.Conditions = append(c.Conditions, sub)
	}
	if !ok {
		return nil
	}
	return c
}

// status reads a task status, any case, stored upper case.
func (p *parser) status(v *yaml.Node, l, where label) (string, bool) {
	s, ok := p.str(v, l)
	if !ok {
		return "", false
	}
	up := strings.ToUpper(s)
	if !slices.Contains(ir.TaskStatuses, up) {
		p.badChoice(p.resolve(v), "status", s, where, ir.TaskStatuses)
		return "", false
	}
	return up, true
}

// condition builds a condition mapping with exactly one key. It returns nil
// when the condition is malformed, after reporting why.
func (p *parser) condition(item *yaml.Node, ctx string) *ir.Condition {
	n := p.resolve(item)
	if n.Kind != yaml.MappingNode {
		p.typeErr(n, label{ctx: ctx}, "a condition mapping with one of "+quoteList(keyNames(conditionKeys)))
		return nil
	}
	entries := p.mapping(n, label{ctx: ctx})
	var form *entry
	ok := true
	for i, e := range entries {
		if findKey(conditionKeys, e.name()) == nil {
			p.badChoice(e.key, "condition kind", e.name(), label{ctx: ctx}, keyNames(conditionKeys))
			ok = false
			continue
		}
		if form != nil {
			p.errorf(ir.CodeBadValue, p.span(e.key), "%s has both %q and %q; a condition has exactly one key", ctx, form.name(), e.name())
			ok = false
			continue
		}
		form = &entries[i]
	}
	if form == nil {
		if ok {
			p.errorf(ir.CodeBadValue, p.span(item), "empty condition in %s; expected one of %s", ctx, quoteList(keyNames(conditionKeys)))
		}
		return nil
	}
	c := &ir.Condition{Span: p.span(item)}
	what := label{ctx: ctx, key: form.name()}
	switch form.name() {
	case "event":
		c.Kind = ir.EventCondition
		var good bool
		if c.Key, good = p.str(form.val, what); good {
			c.Fields.Set("event_key", p.span(form.val))
		}
		ok = ok && good
	case "task_status":
		ok = p.taskStatus(form.val, what.String(), c) && ok
	case "all_met":
		c.Kind = ir.AllMetCondition
		items, good := p.seq(form.val, what)
		ok = ok && good
		for i, it := range items {
			sub := &ir.Condition{Span: p.span(it)}
			if p.taskStatus(it, what.nth("item", i).String(), sub) {
				c.Conditions = append(c.Conditions, sub)
			} else {
				ok = false
			}
		}
		c.Fields.Set("conditions", p.span(form.val))
	case "meet_any":
		c.Kind = ir.MeetAnyCondition
		subs, good := p.conditions(form.val, what)
		c.Conditions = subs
		ok = ok && good
		c.Fields.Set("conditions", p.span(form.val))
	case "meet_all":
		c.Kind = ir.MeetAllCondition
		ok = p.meetAll(form.val, what.String(), c) && ok
	case "custom":
		c.Kind = ir.CustomCondition
		ok = p.customCondition(form.val, what.String(), c) && ok
	case "expression":
		c.Kind = ir.ExpressionCondition
		ok = p.expressionCondition(form.val, what.String(), c) && ok
	}
	if !ok {
		return nil
	}
	return c
}

// conditions builds a list of conditions.
func (p *parser) conditions(v *yaml.Node, what label) ([]*ir.Condition, bool) {
	items, ok := p.seq(v, what)
	var out []*ir.Condition
	for i, it := range items {
		if c := p.condition(it, what.nth("item", i).String()); c != nil {
			out = append(out, c)
		} else {
			ok = false
		}
	}
	return out, ok
}

// taskStatus fills c from a {task, status, workflow?, namespace?} mapping.
func (p *parser) taskStatus(v *yaml.Node, ctx string, c *ir.Condition) bool {
	c.Kind = ir.TaskStatusCondition
	return p.fields(v, ctx, taskStatusKeys, &c.Fields, func(e entry, what label) (good bool) {
		switch e.name() {
		case "task":
			c.Task, good = p.str(e.val, what)
		case "status":
			c.Status, good = p.status(e.val, what, label{ctx: ctx})
		case "workflow":
			c.Workflow, good = p.str(e.val, what)
		case "namespace":
			c.Namespace, good = p.str(e.val, what)
		}
		return good
	})
}

// meetAll fills c from a {name, conditions} mapping.
func (p *parser) meetAll(v *yaml.Node, ctx string, c *ir.Condition) bool {
	return p.fields(v, ctx, meetAllKeys, &c.Fields, func(e entry, what label) (good bool) {
		switch e.name() {
		case "name":
			c.Name, good = p.str(e.val, what)
		case "conditions":
			c.Conditions, good = p.conditions(e.val, what)
		}
		return good
	})
}

// customCondition fills c from a {file, class, expect_event_keys, args,
// kwargs} mapping.
func (p *parser) customCondition(v *yaml.Node, ctx string, c *ir.Condition) bool {
	return p.fields(v, ctx, customConditionKeys, &c.Fields, func(e entry, what label) bool {
		val, good := p.value(findKey(customConditionKeys, e.name()).kind, e.val, what)
		if !good {
			return false
		}
		switch e.name() {
		case "file":
			c.File = val.(string)
		case "class":
			c.Class = val.(string)
		case "expect_event_keys":
			c.Keys = val.([]string)
		case "args":
			c.Args = val.([]any)
		case "kwargs":
			c.Kwargs = val.(map[string]any)
		}
		return true
	})
}

// expressionCondition fills c from an {expect_event_keys, when, update}
// mapping.
func (p *parser) expressionCondition(v *yaml.Node, ctx string, c *ir.Condition) bool {
	var when *yaml.Node
	ok := p.fields(v, ctx, expressionConditionKeys, &c.Fields, func(e entry, what label) bool {
		switch e.name() {
		case "expect_event_keys":
			keys, good := p.value(kind(operator.TStrings), e.val, what)
			if good {
				c.Keys = keys.([]string)
			}
			return good
		case "when":
			when = e.val
			return p.when(c, e.val, what)
		}
		return p.update(c, e.val, what)
	})
	if when != nil {
		c.Fields.Set("when", p.exprSpan(when)) // fields set the whole value's
	}
	return ok
}

// fields walks a mapping whose keys are keys: unknown ones are reported,
// set stores each known one (reporting its own problems), where each was
// written goes to fs, and required keys are checked last.
func (p *parser) fields(v *yaml.Node, ctx string, keys []key, fs *ir.Spans, set func(e entry, what label) bool) bool {
	at := label{ctx: ctx}
	n, ok := p.mapOf(v, at)
	if !ok {
		return false
	}
	entries := p.mapping(n, at)
	for _, e := range entries {
		if findKey(keys, e.name()) == nil {
			p.unknownKey(e, keys, ctx)
			ok = false
			continue
		}
		ok = set(e, at.in(e.name())) && ok
		fs.Set(e.name(), p.span(e.val))
	}
	return p.require(n, entries, keys, ctx) && ok
}
