// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vm_test

import (
	"strings"
	"testing"

	"github.com/go-python/gpython/py"
)

const snapshotSrc = `
registry = []
config = {'retries': 1}
loop = [1]
loop.append(loop)
pairs = frozenset([(1, 'a'), (2, 'b')])
seen = {(1, 2), 'x'}
mixed = (registry, 'label')

class Base(object):
    kind = 'base'
    def __init__(self, name):
        self.name = name
        registry.append(self)
    def describe(self):
        return self.kind + ':' + self.name
    @classmethod
    def make(cls, name):
        return cls(name)
    @staticmethod
    def helper():
        return 'static'

class Sub(Base):
    kind = 'sub'

one = Sub('one')
bound = one.describe
err = ValueError('boom', 2)

def adder(n):
    def add(x):
        return x + n
    return add

add2 = adder(2)

def spin():
    while True:
        pass
`

// snapshotModule runs snapshotSrc in a fresh context and plans a copy of
// its globals.
func snapshotModule(t *testing.T) (py.StringDict, *py.Snapshot, py.Context) {
	t.Helper()
	src := py.NewContext(py.DefaultContextOpts())
	t.Cleanup(func() { src.Close() })
	code, err := py.Compile(snapshotSrc, "<snapshot>", py.ExecMode, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	g := py.NewStringDict()
	if _, err := src.RunCode(code, g, g, nil); err != nil {
		t.Fatal(err)
	}
	snap, err := py.NewSnapshot([]py.Object{g}, py.SnapshotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return g, snap, src
}

// instance copies the snapshot into a new context.
func instance(t *testing.T, snap *py.Snapshot, opts py.ContextOpts) (py.StringDict, py.Context) {
	t.Helper()
	ctx := py.NewContext(opts)
	t.Cleanup(func() { ctx.Close() })
	obj, err := snap.NewInstance(ctx, nil).Root(0)
	if err != nil {
		t.Fatal(err)
	}
	return obj.(py.StringDict), ctx
}

func call(t *testing.T, fn py.Object, args ...py.Object) py.Object {
	t.Helper()
	res, err := py.Call(fn, args, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSnapshotCopiesAreIsolated(t *testing.T) {
	orig, snap, _ := snapshotModule(t)
	a, _ := instance(t, snap, py.DefaultContextOpts())
	b, _ := instance(t, snap, py.DefaultContextOpts())

	// Change a's copy through its own functions and classes.
	call(t, a["Base"], py.String("new"))
	a["config"].(*py.Dict).Set("retries", py.Int(5))
	if _, err := py.SetAttrString(a["Base"], "kind", py.String("changed")); err != nil {
		t.Fatal(err)
	}
	a["one"].(*py.Type).Dict["name"] = py.String("renamed")

	for name, g := range map[string]py.StringDict{"original": orig, "other copy": b} {
		if n := len(g["registry"].(*py.List).Items); n != 1 {
			t.Errorf("%s: registry has %d items, want 1", name, n)
		}
		if r, _ := g["config"].(*py.Dict).Get("retries"); r != py.Int(1) {
			t.Errorf("%s: retries = %v", name, r)
		}
		if d := call(t, g["bound"]); d != py.String("sub:one") {
			t.Errorf("%s: describe() = %v", name, d)
		}
	}
	if n := len(a["registry"].(*py.List).Items); n != 2 {
		t.Errorf("a: registry has %d items, want 2", n)
	}
	if d := call(t, a["bound"]); d != py.String("sub:renamed") {
		t.Errorf("a: describe() = %v, want sub:renamed", d)
	}
}

func TestSnapshotKeepsStructure(t *testing.T) {
	orig, snap, _ := snapshotModule(t)
	g, ctx := instance(t, snap, py.DefaultContextOpts())

	loop := g["loop"].(*py.List)
	if loop == orig["loop"] || loop.Items[1] != py.Object(loop) {
		t.Error("a list holding itself must copy to a list holding its copy")
	}
	one, sub, base := g["one"].(*py.Type), g["Sub"].(*py.Type), g["Base"].(*py.Type)
	if one.Type() != sub || sub.Base != base || sub.Mro[1] != py.Object(base) || sub == orig["Sub"] {
		t.Error("an instance's class and a class's base and MRO must be the copies")
	}
	if !py.Is(g["mixed"].(py.Tuple)[0], g["registry"]) {
		t.Error("a tuple holding a list must hold the copy of that list")
	}
	if bm := g["bound"].(*py.BoundMethod); bm.Self != py.Object(one) {
		t.Error("a bound method must be bound to the copied instance")
	}
	for _, name := range []string{"add2", "spin", "adder"} {
		f, o := g[name].(*py.Function), orig[name].(*py.Function)
		if f == o || f.Context != ctx || f.Code != o.Code {
			t.Errorf("%s: a copied function runs in the new context and shares its code", name)
		}
		if !py.Is(f.Globals, g) {
			t.Errorf("%s: a copied function's globals must be the copied dict", name)
		}
	}
	if f := g["add2"].(*py.Function); f.Closure[0] == orig["add2"].(*py.Function).Closure[0] {
		t.Error("a closure's cells must be copied")
	}
	if res := call(t, g["add2"], py.Int(1)); res != py.Int(3) {
		t.Errorf("add2(1) = %v", res)
	}
	if res := call(t, base.Dict["make"].(*py.ClassMethod).Callable, g["Sub"], py.String("m")); res.Type() != sub {
		t.Error("a classmethod must create instances of the copied class")
	}
	if !py.Is(g["pairs"], orig["pairs"]) {
		t.Error("a frozenset of tuples of scalars is immutable and must be shared")
	}
	if ok, err := g["seen"].(*py.Set).M__contains__(py.Tuple{py.Int(1), py.Int(2)}); err != nil || ok != py.True {
		t.Error("a copied set must still find its tuple items")
	}
	e := g["err"].(*py.Exception)
	repr, err := py.Repr(e)
	if err != nil {
		t.Fatal(err)
	}
	if e == orig["err"] || e.Base != py.ValueError || !strings.Contains(string(repr.(py.String)), "boom") {
		t.Error("an exception instance must be copied with its class and arguments")
	}
}

func TestSnapshotCopyRunsInItsContext(t *testing.T) {
	_, snap, _ := snapshotModule(t)
	opts := py.DefaultContextOpts()
	opts.MaxSteps = 10000
	g, _ := instance(t, snap, opts)
	if _, err := py.Call(g["spin"], nil, nil); !isBudgetExceeded(err) {
		t.Errorf("an endless loop in a copied function: err = %v, want BudgetExceeded from the new context's budget", err)
	}
}

func TestSnapshotRefusesLiveState(t *testing.T) {
	ctx := py.NewContext(py.DefaultContextOpts())
	defer ctx.Close()
	code, err := py.Compile("g = (x for x in [1, 2])\n", "<snapshot>", py.ExecMode, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	g := py.NewStringDict()
	if _, err := ctx.RunCode(code, g, g, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := py.NewSnapshot([]py.Object{g}, py.SnapshotOptions{}); err == nil || !strings.Contains(err.Error(), "generator") {
		t.Errorf("a generator: err = %v, want a refusal naming it", err)
	}
}

func TestSnapshotExternals(t *testing.T) {
	src := py.NewContext(py.DefaultContextOpts())
	defer src.Close()
	host := py.NewList()
	g := py.StringDict{"host": host, "pair": py.Tuple{host, py.Int(1)}}
	snap, err := py.NewSnapshot([]py.Object{g}, py.SnapshotOptions{Externals: []py.Object{host}})
	if err != nil {
		t.Fatal(err)
	}
	mine := py.NewList()
	ctx := py.NewContext(py.DefaultContextOpts())
	defer ctx.Close()
	obj, err := snap.NewInstance(ctx, func(i int) (py.Object, error) {
		if i != 0 {
			t.Errorf("resolve(%d)", i)
		}
		return mine, nil
	}).Root(0)
	if err != nil {
		t.Fatal(err)
	}
	c := obj.(py.StringDict)
	if c["host"] != py.Object(mine) || c["pair"].(py.Tuple)[0] != py.Object(mine) {
		t.Error("an external must be replaced by what resolve gives, wherever it is referenced")
	}
}
