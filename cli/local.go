package cli

import (
	"fmt"
	"strings"

	"github.com/aiflow-go/aiflow/internal/spell"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/parser"
	"github.com/aiflow-go/aiflow/pydef"
)

// loadFile loads and validates one definition file here, without a
// server, for the commands that work on a file (task test, workflow
// graph). Problems are printed as aiflow validate prints them; errors end
// the command with exit 1.
func loadFile(e *env, path string) ([]*ir.Workflow, error) {
	p, err := parser.New(pydef.Options{})
	if err != nil {
		return nil, internalError(fmt.Errorf("prepare the definition loader: %w", err))
	}
	res := p.Load(e.ctx, []string{path})
	if len(res.Diags) > 0 {
		if err := writeText(e.stderr, res.Diags, textOptions{color: e.errColor}); err != nil {
			return nil, err
		}
	}
	if res.Diags.HasErrors() {
		return nil, &exitError{code: exitFindings, err: fmt.Errorf("%s has errors", path)}
	}
	ws := res.Workflows()
	if len(ws) == 0 {
		return nil, &exitError{code: exitFindings, err: fmt.Errorf("%s defines no workflow", path)}
	}
	return ws, nil
}

// pickWorkflow returns the workflow named name among ws, or the only one
// when name is empty.
func pickWorkflow(ws []*ir.Workflow, name, path string) (*ir.Workflow, error) {
	names := make([]string, len(ws))
	for i, w := range ws {
		if w.Name == name || name == "" && len(ws) == 1 {
			return w, nil
		}
		names[i] = w.Name
	}
	if name == "" {
		return nil, fmt.Errorf("%s defines %d workflows (%s); name one with --workflow", path, len(ws), strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("%s defines no workflow %q%s", path, name, suggest(name, names))
}

// suggest is "; did you mean "x"?" for the name of names nearest to name,
// or "; it has a, b" when none is near.
func suggest(name string, names []string) string {
	if near := spell.Nearest(name, names); near != "" {
		return fmt.Sprintf("; did you mean %q?", near)
	}
	if len(names) == 0 {
		return ""
	}
	return "; it has " + strings.Join(names, ", ")
}
