package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/parser"
)

type workflowGraphCmd struct {
	Target    string `arg:"" name:"workflow-or-file" predictor:"workflow" help:"A stored workflow's name, or a definition file."`
	Namespace string `short:"n" default:"default" predictor:"namespace" help:"Namespace of a stored workflow."`
	Name      string `short:"w" name:"workflow" help:"The workflow of a file that defines several."`
	Format    string `enum:"mermaid,dot" default:"mermaid" help:"Graph format (${enum})."`
}

// Help is the long help of aiflow workflow graph.
func (c *workflowGraphCmd) Help() string {
	return `Prints the graph of a workflow's tasks and rules: a node per task (with its
operator), an edge from each task a rule waits on to the task the rule acts
on, labelled with the status and the action (SUCCESS: START), and a node for
every other condition (an event, a meet_all, a custom or expression
condition) with an edge to its task. Mermaid renders in GitHub and GitLab
markdown; dot is Graphviz ('aiflow workflow graph etl --format dot | dot
-Tsvg > etl.svg').

The argument is a definition file when it names one (loaded here, no
server needed), else a workflow of the server.`
}

// Run prints the graph.
func (c *workflowGraphCmd) Run(e *env) error {
	var w *ir.Workflow
	if fi, err := os.Stat(c.Target); err == nil && !fi.IsDir() && parser.IsDefinition(c.Target) {
		ws, err := loadFile(e, c.Target)
		if err != nil {
			return err
		}
		if w, err = pickWorkflow(ws, c.Name, c.Target); err != nil {
			return err
		}
	} else {
		cl, err := newClient()
		if err != nil {
			return err
		}
		d, err := cl.Workflow(e.ctx, c.Namespace, c.Target)
		if err != nil {
			return err
		}
		ws, err := ir.DecodeJSON(append(append([]byte("["), d.Definition...), ']'))
		if err != nil || len(ws) != 1 || ws[0] == nil {
			return fmt.Errorf("workflow %s.%s: unreadable definition: %v", c.Namespace, c.Target, err)
		}
		w = ws[0]
	}
	w.Canonicalize()
	g := buildGraph(w)
	if c.Format == "dot" {
		return g.dot(e.stdout)
	}
	return g.mermaid(e.stdout)
}

// graph is a workflow as nodes and labelled edges.
type graph struct {
	name  string
	nodes []node
	edges []edge
}

type node struct {
	id, label string
	task      bool // a task, else a condition
}

type edge struct{ from, to, label string }

// buildGraph lays out w: its tasks, then one edge per task-status
// condition on a task of w, and one node with an edge for every other
// condition (an all_met of task statuses becomes an edge per task).
func buildGraph(w *ir.Workflow) *graph {
	g := &graph{name: w.Name}
	ids := map[string]string{}
	for i, t := range w.Tasks {
		id := "t" + strconv.Itoa(i)
		ids[t.Name] = id
		g.nodes = append(g.nodes, node{id: id, label: t.Name + "\n" + string(t.Operator), task: true})
	}
	own := func(c *ir.Condition) (string, bool) {
		id, ok := ids[c.Task]
		return id, ok && c.Kind == ir.TaskStatusCondition && (c.Workflow == "" || c.Workflow == w.Name) &&
			(c.Namespace == "" || c.Namespace == w.Namespace)
	}
	for i, r := range w.Rules {
		to, ok := ids[r.Task]
		if !ok {
			continue
		}
		c := r.Condition
		var ups []*ir.Condition
		switch {
		case c == nil:
		case c.Kind == ir.TaskStatusCondition:
			ups = []*ir.Condition{c}
		case c.Kind == ir.AllMetCondition:
			ups = c.Conditions
		}
		direct := len(ups) > 0
		for _, u := range ups {
			if _, ok := own(u); !ok {
				direct = false
			}
		}
		if direct {
			for _, u := range ups {
				from, _ := own(u)
				g.edges = append(g.edges, edge{from, to, u.Status + ": " + string(r.Action)})
			}
			continue
		}
		id := "c" + strconv.Itoa(i)
		g.nodes = append(g.nodes, node{id: id, label: state.Describe(w, c)})
		g.edges = append(g.edges, edge{id, to, string(r.Action)})
	}
	return g
}

// mermaid writes a Mermaid flowchart: tasks as boxes, conditions as
// rounded nodes.
func (g *graph) mermaid(out io.Writer) error {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for _, n := range g.nodes {
		label := strings.ReplaceAll(mermaidText(n.label), "\n", "<br/>")
		if n.task {
			fmt.Fprintf(&b, "  %s[\"%s\"]\n", n.id, label)
		} else {
			fmt.Fprintf(&b, "  %s([\"%s\"])\n", n.id, label)
		}
	}
	for _, e := range g.edges {
		fmt.Fprintf(&b, "  %s -->|\"%s\"| %s\n", e.from, mermaidText(e.label), e.to)
	}
	_, err := io.WriteString(out, b.String())
	return err
}

// mermaidText escapes a label for a quoted Mermaid string.
func mermaidText(s string) string { return strings.ReplaceAll(s, `"`, "#quot;") }

// dot writes a Graphviz digraph.
func (g *graph) dot(out io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n  rankdir=LR;\n", dotString(g.name))
	for _, n := range g.nodes {
		shape := "box"
		if !n.task {
			shape = "ellipse"
		}
		fmt.Fprintf(&b, "  %s [label=%s, shape=%s];\n", n.id, dotString(n.label), shape)
	}
	for _, e := range g.edges {
		fmt.Fprintf(&b, "  %s -> %s [label=%s];\n", e.from, e.to, dotString(e.label))
	}
	b.WriteString("}\n")
	_, err := io.WriteString(out, b.String())
	return err
}

// dotString quotes s as a DOT string.
func dotString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
