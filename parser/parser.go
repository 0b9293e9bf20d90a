// Package parser is the front door to definitions: it picks the front end by
// file extension (pydef for .py, yamldef for .yaml/.yml), canonicalizes what
// they build and runs Validate over everything one run loaded, so that
// cross-file checks such as duplicate workflow names see all files.
package parser

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/aiflow-go/aiflow/celcond"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/pydef"
	"github.com/aiflow-go/aiflow/yamldef"
)

// File is one loaded definition file.
type File struct {
	Path      string
	Workflows []*ir.Workflow
	// Helpers are the files next to the definition that it needs to load
	// and run, relative to its folder, with slashes, sorted: the Python
	// modules a Python definition imports (directly or through one
	// another, packages' __init__.py included), the files a YAML
	// definition's tasks name and its custom conditions' files with what
	// they import. Uploads include them.
	Helpers []string
}

// Result is what one run over a set of paths found.
type Result struct {
	Files []*File
	Diags ir.Diagnostics // sorted
}

// Workflows returns the workflows of every file, in file order.
func (r *Result) Workflows() []*ir.Workflow {
	var ws []*ir.Workflow
	for _, f := range r.Files {
		ws = append(ws, f.Workflows...)
	}
	return ws
}

// Parser loads definition files. It is safe for concurrent use.
type Parser struct {
	py *pydef.Loader
}

// New prepares a parser (it compiles the Python shim once).
func New(opts pydef.Options) (*Parser, error) {
	py, err := pydef.NewLoader(opts)
	if err != nil {
		return nil, err
	}
	return &Parser{py: py}, nil
}

// IsDefinition reports whether path has a definition file extension.
func IsDefinition(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".py", ".yaml", ".yml":
		return true
	}
	return false
}

// MaxSource is the largest definition loaded, in bytes. Parsing costs
// about 125 bytes of memory per byte of source (a file of literals is the
// worst case), so this keeps a load within the memory it is allowed.
const MaxSource = 2 << 20

// ParseFile loads one file with the front end its extension selects and
// canonicalizes its workflows. It does not validate them.
func (p *Parser) ParseFile(ctx context.Context, path string, src []byte) (*File, ir.Diagnostics) {
	if len(src) > MaxSource {
		return &File{Path: path}, ir.Diagnostics{ir.Errorf(ir.CodeLoadBudget, ir.Span{File: path, Start: ir.Pos{Line: 1, Col: 1}},
			"the definition is larger than %d MiB, the most that is loaded; split its workflows into several files", MaxSource>>20)}
	}
	var (
		ws    []*ir.Workflow
		used  []string // files read or named next to the definition
		diags ir.Diagnostics
	)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".py":
		ws, used, diags = p.py.Load(ctx, path, src)
	case ".yaml", ".yml":
		ws, diags = yamldef.Parse(path, src)
		modules, cdiags := p.py.CheckConditionClasses(ctx, path, ws)
		files, fdiags := taskFiles(path, ws)
		used = append(modules, files...)
		diags = append(append(diags, cdiags...), fdiags...)
	default:
		diags = ir.Diagnostics{ir.Errorf(ir.CodeFileError, ir.Span{File: path},
			"%q is not a definition file: expected .py, .yaml or .yml", path)}
	}
	for _, w := range ws {
		w.Canonicalize()
	}
	return &File{Path: path, Workflows: ws, Helpers: helperFiles(path, used)}, diags
}

// Load reads, parses and validates the definitions named by paths (files,
// folders searched recursively, and glob patterns) and reports every problem
// of every file, sorted. A Python file found in a folder that defines no
// workflow is a helper module (custom conditions, callables), not a mistake.
func (p *Parser) Load(ctx context.Context, paths []string) *Result {
	files, diags := Expand(paths)
	walked := map[string]bool{}
	for _, f := range files {
		walked[f] = true
	}
	for _, arg := range paths {
		delete(walked, filepath.Clean(arg))
	}
	res := &Result{Files: make([]*File, len(files))}
	perFile := make([]ir.Diagnostics, len(files))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Go(func() {
			for i := range work {
				path := files[i]
				src, err := readFile(path)
				if err != nil {
					res.Files[i] = &File{Path: path}
					perFile[i] = ir.Diagnostics{ir.Errorf(ir.CodeFileError, ir.Span{File: path}, "cannot read %q: %v", path, unwrapPath(err))}
					continue
				}
				res.Files[i], perFile[i] = p.ParseFile(ctx, path, src)
				if walked[path] && len(res.Files[i].Workflows) == 0 {
					perFile[i] = slices.DeleteFunc(perFile[i], func(d ir.Diagnostic) bool { return d.Code == ir.CodeNoWorkflow })
				}
			}
		})
	}
	for i := range files {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, d := range perFile {
		diags = append(diags, d...)
	}
	diags = append(diags, Validate(res.Workflows())...)
	diags.Sort()
	res.Diags = diags
	return res
}

// Validate runs every semantic check over the workflows of one run:
// ir.Validate, then the expression conditions' CEL checks (celcond.Check),
// which cannot live in ir.
func Validate(ws []*ir.Workflow) ir.Diagnostics {
	return append(ir.Validate(ws), celcond.Check(ws)...)
}

// Expand turns paths into the sorted list of definition files they name:
// files as given, folders searched recursively for *.py, *.yaml and *.yml,
// and glob patterns. A folder walk skips what is not a definition: hidden
// folders, testdata folders (fixtures, as for the go tool), the folders of
// AIFlow's own packages (ai_flow, notification_service: a copy of the
// library, not definitions), Python files that do not import ai_flow at
// their top level (scripts and modules that only use it inside functions)
// and YAML files without a top-level tasks key: a repository holds other
// Python and YAML (CI, compose, charts) that are not workflows. A path
// that names nothing is a diagnostic.
func Expand(paths []string) ([]string, ir.Diagnostics) {
	var out []string
	var diags ir.Diagnostics
	seen := map[string]bool{}
	add := func(p string) {
		p = filepath.Clean(p)
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, arg := range paths {
		matches := []string{arg}
		if strings.ContainsAny(arg, "*?[") {
			m, err := filepath.Glob(arg)
			if err != nil || len(m) == 0 {
				diags = append(diags, ir.Errorf(ir.CodeFileError, ir.Span{File: arg}, "no files match %q", arg))
				continue
			}
			matches = m
		}
		for _, m := range matches {
			info, err := os.Stat(m)
			if err != nil {
				diags = append(diags, ir.Errorf(ir.CodeFileError, ir.Span{File: m}, "cannot read %q: %v", m, unwrapPath(err)))
				continue
			}
			if !info.IsDir() {
				add(m)
				continue
			}
			var found []string
			err = filepath.WalkDir(m, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				name := d.Name()
				if d.IsDir() {
					if p != m && (strings.HasPrefix(name, ".") || skipDirs[name]) {
						return filepath.SkipDir
					}
					return nil
				}
				if IsDefinition(p) && looksLikeDefinition(p) {
					found = append(found, p)
				}
				return nil
			})
			if err != nil {
				diags = append(diags, ir.Errorf(ir.CodeFileError, ir.Span{File: m}, "cannot walk %q: %v", m, unwrapPath(err)))
			}
			slices.Sort(found)
			for _, f := range found {
				add(f)
			}
		}
	}
	return out, diags
}

// skipDirs are the folders a walk leaves out, by name.
var skipDirs = map[string]bool{"__pycache__": true, "node_modules": true, "testdata": true,
	"ai_flow": true, "notification_service": true}

// yamlTasks matches the top-level tasks key of a YAML workflow document.
var yamlTasks = regexp.MustCompile(`(?m)^tasks[ \t]*:`)

// pyImport matches an import of ai_flow at the top level of a Python file.
var pyImport = regexp.MustCompile(`(?m)^(from[ \t]+ai_flow[\w.]*[ \t]+import|import[ \t]+ai_flow)\b`)

// looksLikeDefinition tells workflow files from the other Python and YAML
// files of a folder. An unreadable file counts, so that its error shows.
func looksLikeDefinition(path string) bool {
	src, err := readFile(path)
	if err != nil {
		return true
	}
	if filepath.Ext(path) == ".py" {
		return pyImport.Match(src)
	}
	return yamlTasks.Match(src)
}

// readFile reads a regular file. Anything else named like a definition (a
// FIFO, a device) would block the read or never end it, and is refused.
func readFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if m := fi.Mode(); !m.IsRegular() {
		kind := "not a regular file"
		switch {
		case m&fs.ModeNamedPipe != 0:
			kind = "a named pipe (FIFO), not a regular file"
		case m&fs.ModeDevice != 0:
			kind = "a device, not a regular file"
		case m&fs.ModeSocket != 0:
			kind = "a socket, not a regular file"
		}
		return nil, fmt.Errorf("it is %s", kind)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// A file over MaxSource is read no further than it takes ParseFile to
	// refuse it.
	return io.ReadAll(io.LimitReader(f, MaxSource+1))
}

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
