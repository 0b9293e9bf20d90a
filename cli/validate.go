package cli

import (
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/aiflow-go/aiflow/parser"
	"github.com/aiflow-go/aiflow/pydef"
)

type validateCmd struct {
	Paths     []string `arg:"" optional:"" name:"path" predictor:"definition" help:"Definition files, folders (searched recursively) or glob patterns; default the current folder."`
	Format    string   `short:"o" aliases:"output" enum:"text,json,github,sarif" default:"text" help:"Output format (${enum})."`
	MaxMemory int      `name:"max-memory" placeholder:"MIB" default:"256" help:"Memory budget of each Python definition, in MiB of the objects its code builds; past it the load ends with load-budget-exceeded."`
}

// Help is the long help of aiflow validate.
func (c *validateCmd) Help() string {
	return `Loads every Python (.py) and YAML (.yaml, .yml) workflow definition named by
the arguments and reports every problem found. Folders are searched
recursively, leaving out what is not a definition: Python files that do
not import ai_flow at their top level, YAML files without a top-level
tasks key, hidden and testdata folders, and copies of AIFlow's own
packages (ai_flow, notification_service). Files named explicitly are
always checked.

Formats: text prints file:line:col: severity: message [code] lines (with the
source line when stdout is a terminal) and a summary on stderr; json prints
one report object; github prints GitHub Actions annotations; sarif prints a
SARIF 2.1.0 log for code scanning.

Exits 0 when no errors were found (warnings allowed), 1 otherwise.`
}

// Run loads and checks the definitions, then renders what was found.
func (c *validateCmd) Run(e *env) error {
	paths := c.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	if c.MaxMemory <= 0 {
		return fmt.Errorf("--max-memory must be a positive number of MiB, got %d", c.MaxMemory)
	}
	p, err := parser.New(pydef.Options{MaxAlloc: int64(c.MaxMemory) << 20})
	if err != nil {
		return internalError(fmt.Errorf("prepare the definition loader: %w", err))
	}
	// Everything a run loads stays live until it is rendered, so the default
	// GOGC=100 collects over and over for nothing: a quarter of the time of
	// a 1,000-file run. Trade some memory for it in this command, and put
	// the setting back after: it is process-wide and Main also runs
	// in-process (tests, the embedding server).
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	start := time.Now()
	res := p.Load(e.ctx, paths)
	e.log.Debug("validate", "paths", paths, "files", len(res.Files),
		"diagnostics", len(res.Diags), "elapsed", time.Since(start))

	rep := newReport(res)
	switch c.Format {
	case "json":
		err = writeJSON(e.stdout, rep)
	case "github":
		err = writeGitHub(e.stdout, rep.Diags)
	case "sarif":
		root, _ := os.Getwd()
		err = writeSARIF(e.stdout, rep.Diags, root)
	default:
		opts := textOptions{color: e.color}
		if e.tty {
			opts.source = os.ReadFile
		}
		err = writeText(e.stdout, rep.Diags, opts)
	}
	if err != nil {
		return err
	}
	if c.Format == "text" || c.Format == "github" {
		fmt.Fprintln(e.stderr, rep.summary())
	}
	if rep.Diags.HasErrors() {
		return &exitError{code: exitFindings}
	}
	return nil
}

// newReport flattens a parser result into what the renderers need.
func newReport(res *parser.Result) *report {
	rep := &report{Diags: res.Diags}
	for _, f := range res.Files {
		rf := reportFile{Path: f.Path}
		for _, w := range f.Workflows {
			rf.Workflows = append(rf.Workflows, w.Name)
		}
		rep.Files = append(rep.Files, rf)
	}
	return rep
}
