package pydef

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-python/gpython/py"

	"github.com/aiflow-go/aiflow/internal/spell"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/pydef/pyhost"
)

// CheckConditionClasses checks the custom conditions of workflows ws,
// read from the YAML file defPath, as far as it can without running them:
// each Python file they name (relative to defPath's folder) is imported
// in the sandbox, as a load does, and must define the class, a subclass
// of Condition whose is_met the engine can call. Conditions that name no
// class or no .py file are left to ir.Validate. It also returns the files
// of the modules those imports read (the condition files and what they
// import from the folder), as Load does.
func (l *Loader) CheckConditionClasses(ctx context.Context, defPath string, ws []*ir.Workflow) (modules []string, diags ir.Diagnostics) {
	var conds []*ir.Condition
	var walk func(*ir.Condition)
	walk = func(c *ir.Condition) {
		if c == nil {
			return
		}
		if c.Kind == ir.CustomCondition && c.Class != "" && strings.HasSuffix(c.File, ".py") {
			conds = append(conds, c)
		}
		for _, sub := range c.Conditions {
			walk(sub)
		}
	}
	for _, w := range ws {
		for _, r := range w.Rules {
			walk(r.Condition)
		}
		for _, t := range w.Triggers {
			walk(t.Condition)
		}
	}
	if len(conds) == 0 {
		return nil, nil
	}
	chk := &classChecker{l: l, ctx: ctx, dir: filepath.Dir(defPath), def: defPath, files: map[string]imported{}}
	defer chk.close()
	for _, c := range conds {
		mod, msg := chk.module(c.File)
		field := "file"
		if mod != nil {
			msg, field = chk.class(mod, c), "class"
		}
		if msg != "" {
			diags = append(diags, ir.Errorf(ir.CodeBadCondition, c.Fields.At(field, c.Span), "%s", msg))
		}
	}
	if chk.s != nil {
		modules = chk.s.UserFiles()
	}
	return modules, diags
}

// classChecker imports the files of one YAML definition's conditions in
// one sandboxed session.
type classChecker struct {
	l        *Loader
	ctx      context.Context
	dir, def string
	s        *pyhost.Session
	files    map[string]imported
}

// imported is a condition file's module, or why it did not import.
type imported struct {
	mod     *py.Module
	problem string
}

func (k *classChecker) close() {
	if k.s != nil {
		k.s.Close()
	}
}

// class returns what is wrong with the class condition c names in mod,
// or "".
func (k *classChecker) class(mod *py.Module, c *ir.Condition) string {
	cls, ok := mod.Globals[c.Class]
	if !ok {
		var classes []string
		for name, v := range mod.Globals {
			if _, ok := pyhost.AsClass(v); ok {
				classes = append(classes, name)
			}
		}
		slices.Sort(classes)
		msg := fmt.Sprintf("class %q is not defined in %q", c.Class, c.File)
		if s := spell.Nearest(c.Class, classes); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return msg
	}
	t, ok := pyhost.AsClass(cls)
	if !ok {
		return fmt.Sprintf("%q in %q is a %s, not a Condition class", c.Class, c.File, TypeName(goValue(cls)))
	}
	return conditionClassProblem(t)
}

// module imports a condition file once; it returns what went wrong when
// it cannot.
func (k *classChecker) module(file string) (*py.Module, string) {
	r, ok := k.files[file]
	if !ok {
		r.mod, r.problem = k.load(file)
		k.files[file] = r
	}
	return r.mod, r.problem
}

func (k *classChecker) load(file string) (*py.Module, string) {
	path := filepath.Join(k.dir, filepath.FromSlash(file))
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Sprintf("file %q of a custom condition does not exist next to %q; upload it with the workflow (--files)", file, filepath.Base(k.def))
	}
	name, ok := moduleName(file)
	if !ok {
		return nil, fmt.Sprintf("file %q of a custom condition cannot be imported: its folder and file names must be Python identifiers", file)
	}
	if k.s == nil {
		s, err := pyhost.NewSession(pyhost.Options{
			Modules:   k.l.shim,
			Templates: shimTemplates(),
			Dir:       k.dir,
			MaxSteps:  k.l.opts.MaxSteps,
			Stubs:     k.l.opts.Stubs,
			Stdout:    k.l.opts.Stdout,
			Env:       k.l.opts.Env,
			Done:      k.ctx.Done(),
		})
		if err != nil {
			return nil, fmt.Sprintf("file %q of a custom condition cannot be loaded: %v", file, err)
		}
		k.s = s
	}
	m, err := k.s.Import(name)
	if err != nil {
		p := &prepared{file: path}
		d := p.hostError(err, k.l.opts.MaxSteps)
		if rel, err := filepath.Rel(k.dir, d.Span.File); err == nil && d.Span.File != "" {
			d.Span.File = filepath.ToSlash(rel)
		}
		where := d.Span.String()
		if d.Span.File == "" {
			where = file
		}
		return nil, fmt.Sprintf("file %q of a custom condition failed to load: %s: %s", file, where, d.Message)
	}
	return m, ""
}
