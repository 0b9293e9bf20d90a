package ir

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// cycles reports tasks that can never start because their START rules wait
// on each other's status.
//
// A task can start when it has no START rule (it starts with the execution),
// when it is periodic (every fire restarts it), or when one of its START or
// RESTART rules has a condition that can be met. Event and custom conditions
// can always be met from outside; a task-status condition on a task of this
// workflow only once that task can start, since every status, INIT included,
// belongs to a run; all-met and meet-all need all their sub-conditions,
// meet-any one. Conditions already reported as broken (missing, unknown or
// foreign tasks, no sub-conditions) count as met so that one mistake is not
// reported twice. The startable set is the least fixpoint of these rules.
//
// Every task left over waits, directly or not, on a group of tasks that wait
// on each other, since it can only be stuck by waiting on a stuck task. Each
// such group (a strongly connected component with a cycle) is one cycle
// error, with the shortest cycle through its first task in the message. The
// tasks that are stuck only because they wait on a group get no diagnostic of
// their own: fixing the cycle frees them, so the cycle's Detail names them.
func (v *validator) cycles(w *Workflow) {
	g := newWaitGraph(w)
	if !slices.Contains(g.ok, false) {
		return
	}
	comp := sccs(len(g.tasks), func(i int) []int {
		out := make([]int, len(g.edges[i]))
		for k, e := range g.edges[i] {
			out[k] = e.to
		}
		return out
	}, g.ok)
	// A group is cyclic if it has two tasks or one that waits on itself.
	members := map[int][]int{}
	cyclic := map[int]bool{}
	for i := range g.tasks {
		if g.ok[i] {
			continue
		}
		members[comp[i]] = append(members[comp[i]], i)
		if len(members[comp[i]]) > 1 || slices.ContainsFunc(g.edges[i], func(e waitEdge) bool { return e.to == i }) {
			cyclic[comp[i]] = true
		}
	}
	// blocked[c] lists the stuck tasks outside cyclic groups that reach group c.
	blocked := map[int][]int{}
	for i := range g.tasks {
		if g.ok[i] || cyclic[comp[i]] {
			continue
		}
		reached := map[int]bool{}
		visited := map[int]bool{i: true}
		for stack := []int{i}; len(stack) > 0; {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, e := range g.edges[x] {
				switch {
				case cyclic[comp[e.to]]:
					reached[comp[e.to]] = true
				case !visited[e.to]:
					visited[e.to] = true
					stack = append(stack, e.to)
				}
			}
		}
		for c := range reached {
			blocked[c] = append(blocked[c], i)
		}
	}
	groups := slices.Collect(maps.Keys(cyclic))
	slices.SortFunc(groups, func(a, b int) int { return members[a][0] - members[b][0] })
	for _, c := range groups {
		v.cycle(w, g, comp, members[c], blocked[c])
	}
}

// cycle reports one group of tasks that wait on each other (members, in
// definition order) and the stuck tasks that wait on it (blocked).
func (v *validator) cycle(w *Workflow, g *waitGraph, comp []int, members, blocked []int) {
	path, spans := g.shortestCycle(members[0], comp)
	t := g.tasks[members[0]]
	quoted := func(ids []int) string {
		q := make([]string, len(ids))
		for k, x := range ids {
			q[k] = fmt.Sprintf("%q", g.tasks[x].Name)
		}
		return strings.Join(q, ", ")
	}
	var d Diagnostic
	if len(path) == 2 {
		d = Errorf(CodeCycle, pick(t.Span, w.Span), "task %q in workflow %q waits on its own status and can never start", t.Name, w.Name)
	} else {
		d = Errorf(CodeCycle, pick(t.Span, w.Span), "tasks %s in workflow %q wait on each other's status and can never start",
			strings.ReplaceAll(quoted(path), ", ", " -> "), w.Name)
	}
	for k := 0; k+1 < len(path); k++ {
		d.Related = append(d.Related, Related{
			Message: fmt.Sprintf("%q waits on the status of %q here", g.tasks[path[k]].Name, g.tasks[path[k+1]].Name),
			Span:    spans[k],
		})
	}
	var detail []string
	var others []int
	for _, x := range members {
		if !slices.Contains(path, x) {
			others = append(others, x)
		}
	}
	if len(others) > 0 {
		detail = append(detail, fmt.Sprintf("%s %s also stuck in this cycle", quoted(others), plural(len(others), "is", "are")))
	}
	if len(blocked) > 0 {
		slices.Sort(blocked)
		detail = append(detail, fmt.Sprintf("%s %s on these tasks and can never start either", quoted(blocked), plural(len(blocked), "waits", "wait")))
	}
	d.Detail = strings.Join(detail, "; ")
	v.diags = append(v.diags, d)
}

// waitGraph says which tasks of a workflow can start and, for those that
// cannot, which other stuck tasks they wait on.
type waitGraph struct {
	tasks []*Task      // first definition of each name, in order
	ok    []bool       // the task can start
	edges [][]waitEdge // stuck task -> stuck tasks its START/RESTART rules wait on
}

// waitEdge is one wait, with the span of the condition that writes it.
type waitEdge struct {
	to   int
	span Span
}

func newWaitGraph(w *Workflow) *waitGraph {
	g := &waitGraph{}
	index := map[string]int{}
	for _, t := range w.Tasks {
		if t == nil || t.Name == "" {
			continue
		}
		if _, dup := index[t.Name]; !dup {
			index[t.Name] = len(g.tasks)
			g.tasks = append(g.tasks, t)
		}
	}
	n := len(g.tasks)
	starts := make([][]*Rule, n)
	hasStart := make([]bool, n)
	for _, r := range w.Rules {
		if r == nil {
			continue
		}
		i, found := index[r.Task]
		if !found || r.Action != Start && r.Action != Restart {
			continue
		}
		starts[i] = append(starts[i], r)
		hasStart[i] = hasStart[i] || r.Action == Start
	}
	g.ok = make([]bool, n)
	for i, t := range g.tasks {
		g.ok[i] = !hasStart[i] || t.PeriodicExpression != ""
	}
	wns := namespaceOf(w)
	// own returns the index of the task of this workflow that c waits on.
	own := func(c *Condition) (int, bool) {
		if c.Kind != TaskStatusCondition {
			return 0, false
		}
		if ns, wf := condTarget(w, c); ns != wns || wf != w.Name {
			return 0, false
		}
		i, found := index[c.Task]
		return i, found
	}
	var met func(c *Condition) bool
	met = func(c *Condition) bool {
		if c == nil {
			return true
		}
		switch c.Kind {
		case TaskStatusCondition:
			if i, found := own(c); found {
				return g.ok[i]
			}
		case AllMetCondition, MeetAllCondition:
			return !slices.ContainsFunc(c.Conditions, func(sub *Condition) bool { return !met(sub) })
		case MeetAnyCondition:
			return len(c.Conditions) == 0 || slices.ContainsFunc(c.Conditions, met)
		}
		return true
	}
	for changed := true; changed; {
		changed = false
		for i := range g.tasks {
			if !g.ok[i] && slices.ContainsFunc(starts[i], func(r *Rule) bool { return met(r.Condition) }) {
				g.ok[i], changed = true, true
			}
		}
	}
	g.edges = make([][]waitEdge, n)
	for i, t := range g.tasks {
		if g.ok[i] {
			continue
		}
		seen := map[int]bool{}
		var walk func(c *Condition, span Span)
		walk = func(c *Condition, span Span) {
			if c == nil {
				return
			}
			span = pick(c.Span, span)
			if j, found := own(c); found && !g.ok[j] && !seen[j] {
				seen[j] = true
				g.edges[i] = append(g.edges[i], waitEdge{j, c.Fields.At("task", span)})
			}
			for _, sub := range c.Conditions {
				walk(sub, span)
			}
		}
		for _, r := range starts[i] {
			walk(r.Condition, pick(r.Fields.At("condition", r.Span), t.Span, w.Span))
		}
	}
	return g
}

// shortestCycle finds, breadth first, the shortest cycle from start back to
// start inside start's component. path begins and ends with start; spans[k]
// is where path[k] waits on path[k+1].
func (g *waitGraph) shortestCycle(start int, comp []int) (path []int, spans []Span) {
	prev := map[int]waitEdge{} // node -> the edge that reached it, to = its predecessor
	var closing waitEdge       // the edge back to start, to = its source
	for queue := []int{start}; len(queue) > 0 && len(spans) == 0; {
		x := queue[0]
		queue = queue[1:]
		for _, e := range g.edges[x] {
			if comp[e.to] != comp[start] {
				continue
			}
			if e.to == start {
				closing = waitEdge{x, e.span}
				spans = append(spans, e.span)
				break
			}
			if _, seen := prev[e.to]; !seen {
				prev[e.to] = waitEdge{x, e.span}
				queue = append(queue, e.to)
			}
		}
	}
	path = []int{start}
	for x := closing.to; x != start; x = prev[x].to {
		path = append(path, x)
		spans = append(spans, prev[x].span)
	}
	path = append(path, start)
	slices.Reverse(path)
	slices.Reverse(spans)
	return path, spans
}

// sccs numbers the strongly connected components of the graph over the nodes
// i with skip[i] false (Tarjan's algorithm); comp[i] is i's component.
func sccs(n int, succ func(int) []int, skip []bool) []int {
	comp := make([]int, n)
	low := make([]int, n)
	order := make([]int, n)
	on := make([]bool, n)
	for i := range order {
		order[i] = -1
	}
	var stack []int
	next, ncomp := 0, 0
	var visit func(i int)
	visit = func(i int) {
		order[i], low[i] = next, next
		next++
		stack = append(stack, i)
		on[i] = true
		for _, j := range succ(i) {
			switch {
			case order[j] < 0:
				visit(j)
				low[i] = min(low[i], low[j])
			case on[j]:
				low[i] = min(low[i], order[j])
			}
		}
		if low[i] == order[i] {
			for {
				j := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				on[j] = false
				comp[j] = ncomp
				if j == i {
					break
				}
			}
			ncomp++
		}
	}
	for i := range n {
		if !skip[i] && order[i] < 0 {
			visit(i)
		}
	}
	return comp
}

// plural picks the verb form for n subjects.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
