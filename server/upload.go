package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/parser"
	"github.com/aiflow-go/aiflow/storage"
)

// upload parses and validates a definition inside a copy of its snapshot,
// then stores every workflow of the file, with its schedules and triggers,
// in one transaction. A definition with errors stores nothing and answers
// 422 with the diagnostics.
//
// The body is streamed to a staging folder (decodeUpload), at most
// max_uploads at once: the artifacts reach memory only to be stored, mapped
// from their staged files rather than copied.
func (s *Server) upload(r *http.Request) (any, error) {
	select {
	case s.uploads <- struct{}{}:
		defer func() { <-s.uploads }()
	default:
		return nil, errorf(http.StatusServiceUnavailable, api.CodeBusy,
			"the aiflow server is busy with %d uploads, its limit (max_uploads in aiflow_server.yaml); try again", cap(s.uploads))
	}
	ctx := r.Context()
	root, err := os.MkdirTemp(s.uploadDir, "upload-")
	if err != nil {
		return nil, fmt.Errorf("create the upload's staging folder: %w", stageErr(err))
	}
	defer os.RemoveAll(root)
	up, err := decodeUpload(r.Body, root)
	if err != nil {
		return nil, err
	}
	in := &up.req
	if in.SourceName == "" {
		in.SourceName = path.Base(filepath.ToSlash(in.Path))
	}
	if in.Path == "" {
		in.Path = in.SourceName
	}
	if err := checkUpload(in); err != nil {
		return nil, err
	}
	// Each namespace is checked once, with a message that says how to
	// create it: the asked one before the work of parsing, those the
	// definition names before the transaction.
	checked := map[string]bool{}
	checkNS := func(ns string) error {
		if ns == "" || checked[ns] {
			return nil
		}
		checked[ns] = true
		_, err := s.namespace(ctx, ns)
		return err
	}
	if in.Namespace != "" {
		if err := checkName("namespace", in.Namespace); err != nil {
			return nil, err
		}
	}
	if err := checkNS(in.Namespace); err != nil {
		return nil, err
	}
	dir := filepath.Join(root, "snapshot")
	if err := place(up, dir); err != nil {
		return nil, err
	}
	if in.Source, err = os.ReadFile(filepath.Join(dir, in.SourceName)); err != nil {
		return nil, fmt.Errorf("read the uploaded definition: %w", stageErr(err))
	}
	ws, diags, err := s.parse(ctx, in, dir)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, &httpError{http.StatusUnprocessableEntity, api.Error{Code: api.CodeInvalid,
			Message:     fmt.Sprintf("%s has errors; nothing was stored", in.Path),
			Diagnostics: toDiagnostics(diags)}}
	}
	for _, w := range ws {
		if err := checkNS(w.Namespace); err != nil {
			return nil, err
		}
	}
	files := make([]storage.File, len(in.Files))
	for i, f := range in.Files {
		data, unmap, err := mapFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			return nil, fmt.Errorf("read the uploaded file %q: %w", f.Path, stageErr(err))
		}
		defer unmap()
		files[i] = storage.File{Path: f.Path, Mode: f.Mode & 0o777, Data: data}
	}
	out := api.UploadResponse{Workflows: []api.Workflow{}, Diagnostics: toDiagnostics(diags)}
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		for _, w := range ws {
			stored, err := store(ctx, tx, w, in.SourceName, in.Source, files)
			if err != nil {
				return err
			}
			out.Workflows = append(out.Workflows, toWorkflow(stored))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// maxPathElem bounds each element of an artifact path, as file systems do.
const maxPathElem = 255

// checkUpload refuses a source name or artifact path that would land
// outside the snapshot folder, that a file system cannot hold or that holds
// characters names may not (ir.CheckName), and two artifacts with one path.
func checkUpload(in *api.UploadRequest) error {
	if !parser.IsDefinition(in.SourceName) || strings.ContainsAny(in.SourceName, `/\`) || !fs.ValidPath(in.SourceName) ||
		ir.CheckName("source name", in.SourceName) != "" || len(in.SourceName) > maxPathElem {
		return errorf(http.StatusBadRequest, api.CodeBadRequest,
			"source name %q must be a file name ending in .py, .yaml or .yml", in.SourceName)
	}
	seen := map[string]bool{in.SourceName: true}
	for _, f := range in.Files {
		if p := ir.CheckName("artifact path", f.Path); p != "" && f.Path != "" {
			return errorf(http.StatusBadRequest, api.CodeBadRequest, "artifact path %q %s", f.Path, p)
		}
		if !fs.ValidPath(f.Path) || f.Path == "." || strings.Contains(f.Path, `\`) {
			return errorf(http.StatusBadRequest, api.CodeBadRequest,
				"artifact path %q is not a relative path inside the snapshot folder (no \"..\", no leading \"/\")", f.Path)
		}
		for elem := range strings.SplitSeq(f.Path, "/") {
			if len(elem) > maxPathElem {
				return errorf(http.StatusBadRequest, api.CodeBadRequest, "artifact path %q has an element longer than %d bytes", f.Path, maxPathElem)
			}
		}
		if seen[f.Path] {
			return errorf(http.StatusBadRequest, api.CodeBadRequest, "artifact path %q is given twice (or names the definition file)", f.Path)
		}
		seen[f.Path] = true
	}
	// A file may not also be a folder of another one ("a" and "a/b").
	for p := range seen {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if seen[d] {
				return errorf(http.StatusBadRequest, api.CodeBadRequest, "artifact path %q is both a file and the folder of %q", d, p)
			}
		}
	}
	return nil
}

// place moves the staged definition and artifacts of up to their paths in
// the snapshot folder dir. A path the file system refuses is the client's
// mistake (400, naming their path); nothing names the staging folder.
func place(up *stagedUpload, dir string) error {
	put := func(blob, rel string) error {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		err := os.MkdirAll(filepath.Dir(p), 0o700)
		if err == nil && blob != "" {
			err = os.Rename(blob, p)
		} else if err == nil {
			err = os.WriteFile(p, nil, 0o600)
		}
		return err
	}
	if err := put(up.source, up.req.SourceName); err != nil {
		return fmt.Errorf("stage the definition: %w", stageErr(err))
	}
	for i, f := range up.req.Files {
		if err := put(up.blobs[i], f.Path); err != nil {
			cause := stageErr(err)
			switch {
			case errors.Is(cause, syscall.ENAMETOOLONG), errors.Is(cause, syscall.EINVAL), errors.Is(cause, syscall.EILSEQ),
				errors.Is(cause, syscall.ENOTDIR), errors.Is(cause, syscall.EISDIR), errors.Is(cause, syscall.EEXIST):
				return errorf(http.StatusBadRequest, api.CodeBadRequest, "artifact path %q cannot be a file of the snapshot folder: %v", f.Path, cause)
			}
			return fmt.Errorf("stage the uploaded file %q: %w", f.Path, cause)
		}
	}
	return nil
}

// stageErr drops the staging folder's path from a file system error: the
// client never sees where the server keeps its files.
func stageErr(err error) error {
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

// parse loads the definition inside the snapshot folder dir, so that
// helper modules resolve against the uploaded artifacts only, in a child
// process when Options.CheckExecutable is set (check.go), at most as many
// at once as there are CPUs; the diagnostics are rewritten to name the
// client's paths.
func (s *Server) parse(ctx context.Context, in *api.UploadRequest, dir string) ([]*ir.Workflow, ir.Diagnostics, error) {
	src := filepath.Join(dir, in.SourceName)
	select {
	case s.checks <- struct{}{}:
		defer func() { <-s.checks }()
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	var (
		ws    []*ir.Workflow
		diags ir.Diagnostics
		err   error
	)
	if exe := s.opts.CheckExecutable; exe != "" {
		ws, diags, err = checkInChild(ctx, exe, src, in.Namespace, s.opts.CheckLimits)
	} else {
		ws, diags = Check(ctx, s.parser, src, in.Source, in.Namespace)
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, nil, err
	}
	rename := renamer(dir, src, in.Path)
	for i := range diags {
		d := &diags[i]
		d.Span.File = rename(d.Span.File)
		d.Message = strings.ReplaceAll(d.Message, src, in.Path)
		d.Message = strings.ReplaceAll(d.Message, dir+string(filepath.Separator), "")
		d.Message = strings.ReplaceAll(d.Message, filepath.Dir(dir), "<upload>")
		for j := range d.Related {
			d.Related[j].Span.File = rename(d.Related[j].Span.File)
		}
	}
	diags.Sort()
	return ws, diags, nil
}

// renamer maps a path inside the temporary snapshot folder to the path the
// user knows: the definition to the path they gave, an artifact to its
// snapshot path next to it.
func renamer(dir, src, display string) func(string) string {
	return func(p string) string {
		if p == src {
			return display
		}
		if rel, ok := strings.CutPrefix(p, dir+string(filepath.Separator)); ok {
			return filepath.Join(filepath.Dir(display), rel)
		}
		return p
	}
}

// placeIn puts the workflows that declare no namespace into ns, with the
// task-status conditions that named none; a workflow that declares another
// namespace is an error, since -n would otherwise be silently ignored.
func placeIn(ws []*ir.Workflow, ns string) ir.Diagnostics {
	var diags ir.Diagnostics
	for _, w := range ws {
		if sp, declared := w.Fields.Get("namespace"); declared && sp.Start.IsValid() {
			if w.Namespace != ns {
				diags = append(diags, ir.Errorf(ir.CodeBadValue, sp,
					"workflow %q declares namespace %q, but the upload asks for namespace %q", w.Name, w.Namespace, ns))
			}
			continue
		}
		old := w.Namespace
		w.Namespace = ns
		var walk func(c *ir.Condition)
		walk = func(c *ir.Condition) {
			if c == nil {
				return
			}
			if sp, named := c.Fields.Get("namespace"); c.Kind == ir.TaskStatusCondition && c.Namespace == old && !(named && sp.Start.IsValid()) {
				c.Namespace = ns
			}
			for _, sub := range c.Conditions {
				walk(sub)
			}
		}
		for _, r := range w.Rules {
			walk(r.Condition)
		}
		for _, tr := range w.Triggers {
			walk(tr.Condition)
		}
	}
	return diags
}

// store uploads one workflow and brings its declared schedules and triggers
// (origin definition) in line with the definition: those it still declares
// are kept (with their paused state and fire times), those it no longer
// declares are deleted, new ones are created. Schedules and triggers added
// through the API are left alone.
func store(ctx context.Context, tx storage.Tx, w *ir.Workflow, sourceName string, source []byte, files []storage.File) (storage.Workflow, error) {
	data, err := ir.EncodeJSON([]*ir.Workflow{w})
	if err != nil {
		return storage.Workflow{}, err
	}
	stored, _, err := tx.UploadWorkflow(ctx, storage.Upload{Namespace: w.Namespace, Name: w.Name,
		Snapshot: storage.Snapshot{SourceName: sourceName, Source: source, IR: data, Files: files}})
	if err != nil {
		return stored, err
	}
	if err := syncSchedules(ctx, tx, stored.ID, w); err != nil {
		return stored, err
	}
	return stored, syncTriggers(ctx, tx, stored.ID, w)
}

// syncSchedules applies the schedule part of store; a schedule is
// identified by its expression.
func syncSchedules(ctx context.Context, tx storage.Tx, id int64, w *ir.Workflow) error {
	want := map[string]int{} // expression -> how many are declared and not stored
	for _, sc := range w.Schedules {
		want[sc.Expression]++
	}
	rows, err := tx.ListSchedules(ctx, id)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if row.Origin != storage.OriginDefinition {
			continue
		}
		if want[row.Expression] > 0 {
			want[row.Expression]--
			continue
		}
		if err := tx.DeleteSchedule(ctx, row.ID); err != nil {
			return err
		}
	}
	for _, sc := range w.Schedules {
		if want[sc.Expression] == 0 {
			continue
		}
		want[sc.Expression]--
		// Validation parsed the expression already; the engine keeps
		// the fire times from here on.
		expr, err := ir.ParseExpression(sc.Expression)
		if err != nil {
			return err
		}
		if _, err := tx.CreateSchedule(ctx, storage.Schedule{WorkflowID: id, Expression: sc.Expression,
			NextFireTime: expr.Next(time.Now()), Origin: storage.OriginDefinition}); err != nil {
			return err
		}
	}
	return nil
}

// syncTriggers applies the trigger part of store; a trigger is identified by
// its condition's JSON.
func syncTriggers(ctx context.Context, tx storage.Tx, id int64, w *ir.Workflow) error {
	want := map[string]int{}
	order := make([]string, len(w.Triggers))
	for i, tr := range w.Triggers {
		b, err := json.Marshal(tr.Condition)
		if err != nil {
			return err
		}
		order[i] = string(b)
		want[order[i]]++
	}
	rows, err := tx.ListTriggers(ctx, id)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if row.Origin != storage.OriginDefinition {
			continue
		}
		if k := string(row.Condition); want[k] > 0 {
			want[k]--
			continue
		}
		if err := tx.DeleteTrigger(ctx, row.ID); err != nil {
			return err
		}
	}
	for _, k := range order {
		if want[k] == 0 {
			continue
		}
		want[k]--
		if _, err := tx.CreateTrigger(ctx, storage.Trigger{WorkflowID: id, Condition: []byte(k), Origin: storage.OriginDefinition}); err != nil {
			return err
		}
	}
	return nil
}

// definitionJSON returns the one workflow of a snapshot's IR (stored as a
// one-element list by ir.EncodeJSON).
func definitionJSON(data []byte) json.RawMessage {
	var ws []json.RawMessage
	if err := json.Unmarshal(data, &ws); err != nil || len(ws) != 1 {
		return json.RawMessage("null")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, ws[0]); err != nil {
		return json.RawMessage("null")
	}
	return buf.Bytes()
}

// toDiagnostics converts diagnostics to their wire form; never nil.
func toDiagnostics(ds ir.Diagnostics) []api.Diagnostic {
	out := []api.Diagnostic{}
	span := func(sp ir.Span) api.Span {
		return api.Span{File: sp.File, Line: sp.Start.Line, Column: sp.Start.Col, EndLine: sp.End.Line, EndColumn: sp.End.Col}
	}
	for _, d := range ds {
		ad := api.Diagnostic{Severity: string(d.Severity), Code: string(d.Code), Message: d.Message, Span: span(d.Span)}
		for _, r := range d.Related {
			ad.Related = append(ad.Related, api.Related{Message: r.Message, Span: span(r.Span)})
		}
		out = append(out, ad)
	}
	return out
}
