package parser

import (
	"fmt"
	"github.com/aiflow-go/aiflow/operator"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aiflow-go/aiflow/ir"
)

// helperFiles turns the files a definition used while loading (paths as
// the front ends read them, next to the definition file path) into what
// an upload must carry: paths relative to the definition's folder, with
// slashes, sorted, once each. Files outside the folder, through a link or
// not, are left out: a snapshot holds the folder's files only.
func helperFiles(path string, used []string) []string {
	var out []string
	for _, f := range used {
		if rel, problem := folderPath(path, f); problem == "" {
			out = append(out, rel)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// taskFiles returns the files that the python and custom tasks of ws name
// (a YAML definition's file keys, relative to its folder), and a
// missing-file warning at the file value of each one that is not a file of
// that folder: the snapshot would lack it, so the task would fail when it
// runs. Custom conditions' files are CheckConditionClasses' concern, and
// empty or non-.py names ir.Validate's.
func taskFiles(path string, ws []*ir.Workflow) ([]string, ir.Diagnostics) {
	dir := filepath.Dir(path)
	var files []string
	var diags ir.Diagnostics
	for _, w := range ws {
		for _, t := range w.Tasks {
			src, ok := t.Args.(operator.PythonSource)
			if !ok || !strings.HasSuffix(src.PythonFile(), ".py") {
				continue
			}
			file, field := src.PythonFile(), operator.Lookup(t.Operator).Field+".file"
			p := filepath.FromSlash(file)
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			if _, problem := folderPath(path, p); problem != "" {
				diags = append(diags, ir.Warningf(ir.CodeMissingFile, t.Fields.At(field, t.Span),
					"file %q of %s task %q in workflow %q %s", file, t.Operator, t.Name, w.Name, problem))
				continue
			}
			files = append(files, p)
		}
	}
	return files, diags
}

// folderPath returns file relative to the folder of the definition file
// def, with slashes, when it is a regular file inside that folder with
// links resolved; otherwise problem says why not, for a message about the
// file.
func folderPath(def, file string) (rel, problem string) {
	name := filepath.Base(def)
	dir, err1 := filepath.Abs(filepath.Dir(def))
	abs, err2 := filepath.Abs(file)
	rel, err := filepath.Rel(dir, abs)
	if err1 != nil || err2 != nil || err != nil || !filepath.IsLocal(rel) {
		return "", fmt.Sprintf("is outside the folder of %q; uploads include only the files next to the definition", name)
	}
	if fi, err := os.Stat(abs); err != nil || !fi.Mode().IsRegular() {
		return "", fmt.Sprintf("does not exist next to %q", name)
	}
	realDir, err1 := filepath.EvalSymlinks(dir)
	target, err2 := filepath.EvalSymlinks(abs)
	if r, err := filepath.Rel(realDir, target); err1 != nil || err2 != nil || err != nil || !filepath.IsLocal(r) {
		return "", fmt.Sprintf("is a link to %q, outside the folder of %q; uploads include only the files next to the definition", target, name)
	}
	return filepath.ToSlash(rel), ""
}
