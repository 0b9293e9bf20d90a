package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/engine/state"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/parser"
	"github.com/aiflow-go/aiflow/pydef"
)

// workflowCmd is AIFlow's "aiflow workflow" group.
type workflowCmd struct {
	Upload  workflowUploadCmd  `cmd:"" help:"Validate a definition file and store every workflow it defines."`
	Apply   workflowApplyCmd   `cmd:"" help:"Run a Python definition file as __main__ (python FILE under AIFlow): its main block's ai_flow.ops calls reach the server."`
	List    workflowListCmd    `cmd:"" help:"List the workflows of a namespace."`
	Show    workflowShowCmd    `cmd:"" help:"Show a workflow: tasks, rules, schedules, triggers and latest snapshot."`
	Enable  workflowEnableCmd  `cmd:"" help:"Enable a workflow."`
	Disable workflowDisableCmd `cmd:"" help:"Disable a workflow: no new executions until enabled."`
	Delete  workflowDeleteCmd  `cmd:"" help:"Delete a workflow with its snapshots, schedules, triggers and executions."`
	Graph   workflowGraphCmd   `cmd:"" help:"Print the graph of a workflow's tasks and rules (Mermaid or Graphviz dot)."`
}

// workflowRef names one workflow: NAME and -n.
type workflowRef struct {
	Name      string `arg:"" predictor:"workflow" help:"Workflow name."`
	Namespace string `short:"n" default:"default" predictor:"namespace" help:"Namespace of the workflow."`
}

type workflowUploadCmd struct {
	File      string   `arg:"" predictor:"definition" help:"Definition file (.py, .yaml or .yml)."`
	Files     []string `short:"f" sep:"," placeholder:"F1,F2" predictor:"file" help:"Artifacts stored with the snapshot: files go to its root, folders are copied with their content. The helper files next to the definition that it imports or names are included without it."`
	Namespace string   `short:"n" predictor:"namespace" help:"Namespace of the workflows that declare none (default: their own, else default)."`
}

// Help is the long help of aiflow workflow upload.
func (c *workflowUploadCmd) Help() string {
	return `The server loads the file next to the artifacts only (as a task will), checks
it like 'aiflow validate' and stores every workflow of the file as a new
snapshot, or nothing when there is an error. The helper files next to the
definition go with it without --files, found by loading it here: the Python
modules it imports and the files its YAML tasks and custom conditions name.
Each upload enables the workflow. Schedules and triggers declared in the
definition replace the ones the previous upload declared; those added by
command are kept.`
}

// Run sends the file and its artifacts; definition problems are printed like
// aiflow validate prints them (colour and source lines on a terminal), on
// stderr.
func (c *workflowUploadCmd) Run(e *env) error {
	req, err := uploadRequest(e, c.File, c.Files, c.Namespace)
	if err != nil {
		return err
	}
	cl, err := newClient()
	if err != nil {
		return err
	}
	res, err := uploadDefinition(e, cl, req)
	if err != nil {
		return err
	}
	for _, w := range res.Workflows {
		if _, err := fmt.Fprintf(e.stdout, "Workflow: %s.%s, submitted.\n", w.Namespace, w.Name); err != nil {
			return err
		}
	}
	return nil
}

// uploadRequest reads a definition file for an upload, with its artifacts
// (--files) and its helper files, which it names on stderr: 'workflow
// upload', 'run' and 'workflow apply' all send what this gives.
func uploadRequest(e *env, file string, artifacts []string, ns string) (api.UploadRequest, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return api.UploadRequest{}, err
	}
	files, err := collectArtifacts(artifacts)
	if err != nil {
		return api.UploadRequest{}, err
	}
	files, added, err := addHelpers(e.ctx, file, src, files)
	if err != nil {
		return api.UploadRequest{}, err
	}
	if len(added) > 0 {
		fmt.Fprintf(e.stderr, "Included helper files: %s\n", strings.Join(added, ", "))
	}
	return api.UploadRequest{Path: file, SourceName: filepath.Base(file), Source: src, Files: files, Namespace: ns}, nil
}

// addHelpers adds to the artifacts files the helper files of the definition
// file (src is its content) that they lack, and returns their names. The
// helpers are what the server would miss in the snapshot, found by loading
// the file here as 'aiflow validate' does (parser.File.Helpers); they keep
// their path relative to the definition, which is at the snapshot's root.
// Its diagnostics are left to the server, which reports them. A helper
// that --files gave too is stored once; another file under its name is an
// error, since the definition would not get the file it loaded here.
func addHelpers(ctx context.Context, file string, src []byte, files []api.File) ([]api.File, []string, error) {
	p, err := parser.New(pydef.Options{})
	if err != nil {
		return nil, nil, internalError(fmt.Errorf("prepare the definition loader: %w", err))
	}
	def, _ := p.ParseFile(ctx, file, src)
	given := map[string][]byte{}
	for _, f := range files {
		given[f.Path] = f.Data
	}
	var added []string
	for _, h := range def.Helpers {
		f, err := readArtifact(h, filepath.Join(filepath.Dir(file), filepath.FromSlash(h)))
		if err != nil {
			return nil, nil, fmt.Errorf("helper file: %w", err)
		}
		if data, ok := given[h]; ok {
			if !bytes.Equal(data, f.Data) {
				return nil, nil, fmt.Errorf("artifact %s is not the file %s next to %s that the definition uses; rename one of them", h, h, filepath.Base(file))
			}
			continue
		}
		files = append(files, f)
		added = append(added, h)
	}
	return files, added, nil
}

// uploadDefinition uploads a definition file like 'aiflow workflow upload'
// does: diagnostics go to stderr, a refused file is an error.
func uploadDefinition(e *env, cl *client.Client, req api.UploadRequest) (api.UploadResponse, error) {
	res, err := cl.Upload(e.ctx, req)
	var ce *client.Error
	if errors.As(err, &ce) && len(ce.Body.Diagnostics) > 0 {
		diags := fromDiagnostics(ce.Body.Diagnostics)
		opts := textOptions{color: e.errColor}
		if e.errTTY {
			opts.source = os.ReadFile
		}
		if werr := writeText(e.stderr, diags, opts); werr != nil {
			return res, werr
		}
		return res, fmt.Errorf("%s has %s; nothing was stored", req.Path, plural(diags.Count(ir.Error), "error"))
	}
	if err != nil {
		return res, err
	}
	return res, writeText(e.stderr, fromDiagnostics(res.Diagnostics), textOptions{})
}

// collectArtifacts reads the --files arguments: a file goes to the snapshot
// root under its base name, a folder under its base name with its content
// (AIFlow copies files flat and folders recursively). A link inside a
// folder that points outside it is refused: the snapshot would carry a file
// the folder does not hold.
func collectArtifacts(args []string) ([]api.File, error) {
	var out []api.File
	add := func(name, path string) error {
		f, err := readArtifact(name, path)
		if err == nil {
			out = append(out, f)
		}
		return err
	}
	for _, arg := range args {
		abs, err := filepath.Abs(arg)
		if err != nil {
			return nil, err
		}
		base := filepath.Base(abs)
		if base == string(filepath.Separator) || base == "." {
			return nil, fmt.Errorf("artifact %q has no name to store it under", arg)
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("artifact: %w", err)
		}
		if !fi.IsDir() {
			if err := add(base, abs); err != nil {
				return nil, fmt.Errorf("artifact: %w", err)
			}
			continue
		}
		root, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return nil, err
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			name := filepath.ToSlash(filepath.Join(base, rel))
			if d.Type()&fs.ModeSymlink != 0 {
				target, err := filepath.EvalSymlinks(p)
				if err != nil {
					return err
				}
				if r, err := filepath.Rel(root, target); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
					return fmt.Errorf("artifact %s is a link to %s, outside %s; refused", filepath.Join(arg, rel), target, arg)
				}
				if ti, err := os.Stat(target); err == nil && ti.IsDir() {
					return fmt.Errorf("artifact %s is a link to a folder; copy the folder instead", filepath.Join(arg, rel))
				}
				return add(name, target)
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			return add(name, p)
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readArtifact reads the file at path for the snapshot path name.
func readArtifact(name, path string) (api.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return api.File{}, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return api.File{}, err
	}
	return api.File{Path: name, Mode: uint32(fi.Mode().Perm()), Data: data}, nil
}

// fromDiagnostics turns wire diagnostics back into ir ones for the text
// renderer of aiflow validate.
func fromDiagnostics(ds []api.Diagnostic) ir.Diagnostics {
	var out ir.Diagnostics
	span := func(s api.Span) ir.Span {
		return ir.Span{File: s.File, Start: ir.Pos{Line: s.Line, Col: s.Column}, End: ir.Pos{Line: s.EndLine, Col: s.EndColumn}}
	}
	for _, d := range ds {
		id := ir.Diagnostic{Severity: ir.Severity(d.Severity), Code: ir.Code(d.Code), Message: d.Message, Span: span(d.Span)}
		for _, r := range d.Related {
			id.Related = append(id.Related, ir.Related{Message: r.Message, Span: span(r.Span)})
		}
		out = append(out, id)
	}
	return out
}

type workflowListCmd struct {
	Namespace string `short:"n" default:"default" predictor:"namespace" help:"Namespace to list."`
	outputFlag
}

// Run lists with AIFlow's columns.
func (c *workflowListCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	ws, err := cl.Workflows(e.ctx, c.Namespace)
	if err != nil {
		return err
	}
	recs := []record{}
	for _, w := range ws {
		recs = append(recs, workflowRecord(w))
	}
	return writeOutput(e.stdout, c.Output, recs, func(w io.Writer) error { return writeTable(w, recs) })
}

func workflowRecord(w api.Workflow) record {
	return record{{"id", w.ID}, {"workflow_name", w.Name}, {"namespace", w.Namespace}, {"create_time", w.CreateTime},
		{"update_time", w.UpdateTime}, {"is_enabled", w.Enabled}, {"event_offset", w.EventOffset}}
}

type workflowShowCmd struct {
	workflowRef
	outputFlag
}

// Run prints the workflow: its fields, then tasks, rules, schedules and
// triggers as tables; json and yaml give one object.
func (c *workflowShowCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	d, err := cl.Workflow(e.ctx, c.Namespace, c.Name)
	if err != nil {
		return err
	}
	var def *ir.Workflow
	if ws, err := ir.DecodeJSON(append(append([]byte("["), d.Definition...), ']')); err == nil && len(ws) == 1 && ws[0] != nil {
		def = ws[0]
	} else {
		def = &ir.Workflow{}
	}
	var defParts struct {
		Config map[string]any   `json:"config"`
		Tasks  json.RawMessage  `json:"tasks"`
		Rules  *json.RawMessage `json:"rules"`
	}
	_ = json.Unmarshal(d.Definition, &defParts) // absent parts stay empty
	rules := json.RawMessage("[]")
	if defParts.Rules != nil {
		rules = *defParts.Rules
	}
	if defParts.Tasks == nil {
		defParts.Tasks = json.RawMessage("[]")
	}
	snap := record{{"id", d.Snapshot.ID}, {"source_name", d.Snapshot.SourceName}, {"signature", d.Snapshot.Signature},
		{"files", d.Snapshot.Files}, {"create_time", d.Snapshot.CreateTime}}
	scheds := []record{}
	for _, s := range d.Schedules {
		scheds = append(scheds, record{{"id", s.ID}, {"workflow_id", s.WorkflowID}, {"expression", s.Expression},
			{"create_time", s.CreateTime}, {"is_paused", s.Paused}, {"next_fire_time", s.NextFireTime}})
	}
	trigs := []record{}
	for _, t := range d.Triggers {
		var cond ir.Condition
		desc := string(t.Condition)
		if json.Unmarshal(t.Condition, &cond) == nil {
			desc = state.Describe(def, &cond)
		}
		var last any
		if t.Last != nil {
			last = evaluationText(*t.Last)
		}
		trigs = append(trigs, record{{"id", t.ID}, {"workflow_id", t.WorkflowID}, {"rule", desc},
			{"create_time", t.CreateTime}, {"is_paused", t.Paused}, {"evaluations", t.Evaluations},
			{"last_evaluation", last}, {"condition", t.Condition}})
	}
	full := append(workflowRecord(d.Workflow),
		field{"config", defParts.Config}, field{"snapshot", snap}, field{"tasks", defParts.Tasks}, field{"rules", rules},
		field{"schedules", scheds}, field{"triggers", trigs})
	return writeOutput(e.stdout, c.Output, full, func(w io.Writer) error {
		head := append(workflowRecord(d.Workflow), field{"snapshot", fmt.Sprintf("%d (%s, signature %.12s, %s)",
			d.Snapshot.ID, d.Snapshot.SourceName, d.Snapshot.Signature, filesNote(d.Snapshot.Files))})
		if err := writeFields(w, head); err != nil {
			return err
		}
		var tasks, rs []record
		for _, t := range def.Tasks {
			tasks = append(tasks, record{{"name", t.Name}, {"operator", string(t.Operator)},
				{"periodic_expression", t.PeriodicExpression}, {"retries", t.Retries}})
		}
		for _, r := range def.Rules {
			rs = append(rs, record{{"task", r.Task}, {"action", string(r.Action)}, {"condition", state.Describe(def, r.Condition)}})
		}
		// The trigger's raw condition is for json and yaml only.
		for i := range trigs {
			trigs[i] = trigs[i][:len(trigs[i])-1]
		}
		for _, sec := range []struct {
			title string
			recs  []record
		}{{"tasks", tasks}, {"rules", rs}, {"schedules", scheds}, {"triggers", trigs}} {
			fmt.Fprintf(w, "\n%s:\n", sec.title)
			if err := writeTable(w, sec.recs); err != nil {
				return err
			}
		}
		return nil
	})
}

func filesNote(files []string) string {
	if len(files) == 0 {
		return "no files"
	}
	return "files: " + strings.Join(files, ", ")
}

type workflowEnableCmd struct{ workflowRef }

// Run enables the workflow.
func (c *workflowEnableCmd) Run(e *env) error { return setEnabled(e, c.workflowRef, true) }

type workflowDisableCmd struct{ workflowRef }

// Run disables the workflow.
func (c *workflowDisableCmd) Run(e *env) error { return setEnabled(e, c.workflowRef, false) }

func setEnabled(e *env, ref workflowRef, enabled bool) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	w, err := cl.SetWorkflowEnabled(e.ctx, ref.Namespace, ref.Name, enabled)
	if err != nil {
		return err
	}
	state := "disabled"
	if enabled {
		state = "enabled"
	}
	_, err = fmt.Fprintf(e.stdout, "Workflow: %s.%s %s.\n", w.Namespace, w.Name, state)
	return err
}

type workflowDeleteCmd struct {
	workflowRef
	Yes bool `short:"y" help:"Accepted for AIFlow compatibility; delete never asks."`
}

// Run deletes the workflow; the server refuses while an execution runs.
func (c *workflowDeleteCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	if err := cl.DeleteWorkflow(e.ctx, c.Namespace, c.Name); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "Workflow: %s.%s deleted.\n", c.Namespace, c.Name)
	return err
}
