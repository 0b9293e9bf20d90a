// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Snapshots: modules executed once in one context, copied into others.
//
// A module's objects belong to the context that executed it: a Function
// runs in its Context (its budget, builtins and import hook) and reads
// its module's Globals, classes and instances are mutable. So modules
// executed once cannot simply be handed to several contexts; a
// Snapshot records, once, which objects of a graph are immutable or
// process-wide (shared as they are) and which must be copied, and how
// they refer to each other. Each context then gets its own copy,
// made without running any Python code: far cheaper than executing the
// modules' bodies again, and isolated (nothing it can reach is written
// by another context).

package py

import (
	"fmt"
	"reflect"
)

// Snapshotter is implemented by host types whose objects a snapshot
// copies (mutable objects, or objects referring to copied ones).
type Snapshotter interface {
	Object
	// SnapshotRefs returns the objects o refers to, in a fixed order;
	// an error refuses the snapshot.
	SnapshotRefs() ([]Object, error)
	// SnapshotNew returns an empty object of o's type, filled later
	// by its SnapshotFill.
	SnapshotNew() Object
	// SnapshotFill, called on an object made by SnapshotNew, sets its
	// references: refs are the copies of the original's SnapshotRefs,
	// in the same order. Other fields come from orig.
	SnapshotFill(orig Object, refs []Object)
}

// SnapshotOptions configure NewSnapshot.
type SnapshotOptions struct {
	// Externals are objects of the source context that are neither
	// shared nor copied: they belong to it the way a module made by the
	// host does, and each copy asks its host for its own counterpart of
	// Externals[i] (the resolve function of NewInstance).
	Externals []Object
	// Shared, when not nil, reports objects of host types that are
	// immutable or process-wide, which every copy shares.
	Shared func(Object) bool
}

// A Snapshot is a frozen plan for copying a graph of objects into other
// contexts. It is safe for concurrent use as long as the objects it was
// made from are not changed.
type Snapshot struct {
	nodes []snapNode
	roots []snapRef
}

// snapRef is one reference: a node, or (node < 0) an object shared as
// it is.
type snapRef struct {
	node int32
	obj  Object
}

type snapKind uint8

const (
	snapExternal snapKind = iota
	snapTuple
	snapFrozenSet
	snapDict
	snapOrderedDict
	snapList
	snapSet
	snapCell
	snapFunction
	snapType
	snapModule
	snapClassMethod
	snapStaticMethod
	snapBoundMethod
	snapMethod
	snapException
	snapHost
)

// snapNode is an object that every copy gets its own version of.
type snapNode struct {
	kind snapKind
	ext  int32 // snapExternal: the index in SnapshotOptions.Externals
	orig Object
	keys []string  // snapDict, snapOrderedDict: the keys, in the order of refs
	refs []snapRef // meaning by kind, see copyFill
}

// NewSnapshot plans the copying of everything reachable from roots.
// The default rules: str, int, float, bool, None, bytes, code objects,
// ranges, slices, builtin (Go) types and their properties and methods
// are shared; a tuple or frozenset is shared when everything in it is.
// Dicts, lists, sets, cells, functions, Python classes and their
// instances, modules, classmethod, staticmethod and bound method
// objects, exceptions, builtin methods bound to a copied module, and
// objects implementing Snapshotter are copied. Anything else (a
// generator, a frame, a traceback, an iterator, a host object that
// neither implements Snapshotter nor is Shared) refuses the snapshot.
func NewSnapshot(roots []Object, opts SnapshotOptions) (*Snapshot, error) {
	b := &snapBuilder{opts: opts, index: map[any]int32{}, ext: map[any]int32{}}
	for i, e := range opts.Externals {
		if id := snapIdentity(e); id != nil {
			b.ext[id] = int32(i)
		}
	}
	s := &Snapshot{}
	for _, r := range roots {
		ref, err := b.ref(r)
		if err != nil {
			return nil, err
		}
		s.roots = append(s.roots, ref)
	}
	s.nodes = b.nodes
	return s, nil
}

// Len returns the number of objects each full copy makes.
func (s *Snapshot) Len() int { return len(s.nodes) }

type snapBuilder struct {
	opts  SnapshotOptions
	nodes []snapNode
	index map[any]int32 // object identity -> node
	ext   map[any]int32 // object identity -> index in opts.Externals
}

// snapIdentity returns a comparable key that is the same exactly for the
// same object (see Is), or nil for a value without identity.
func snapIdentity(o Object) any {
	switch x := o.(type) {
	case Tuple:
		if len(x) == 0 {
			return nil
		}
		return [2]any{&x[0], len(x)}
	case StringDict:
		return reflect.ValueOf(x).UnsafePointer()
	}
	if t := reflect.TypeOf(o); t == nil || !t.Comparable() {
		return nil
	}
	return o
}

// kind decides what happens to o: shared (node false) or a node of kind k.
func (b *snapBuilder) kind(o Object) (k snapKind, node bool, err error) {
	if id := snapIdentity(o); id != nil {
		if _, ok := b.ext[id]; ok {
			return snapExternal, true, nil
		}
	}
	if b.opts.Shared != nil && b.opts.Shared(o) {
		return 0, false, nil
	}
	if o == NotImplemented {
		return 0, false, nil // a process-wide singleton
	}
	switch x := o.(type) {
	case nil, String, Int, Float, Bool, NoneType, EllipsisType, Complex, *BigInt, Bytes, *Code, *Range, *Slice, *Property:
		return 0, false, nil
	case Tuple:
		return snapTuple, !b.leaves(x), nil
	case *FrozenSet:
		items := make(Tuple, 0, len(x.items))
		for _, k := range x.keys() {
			items = append(items, x.items[k])
		}
		return snapFrozenSet, !b.leaves(items), nil
	case StringDict:
		return snapDict, true, nil
	case *Dict:
		return snapOrderedDict, true, nil
	case *List:
		return snapList, true, nil
	case *Set:
		return snapSet, true, nil
	case *Cell:
		return snapCell, true, nil
	case *Function:
		return snapFunction, true, nil
	case *Type:
		if x.Flags&TPFLAGS_HEAPTYPE != 0 || x.isInstance() {
			return snapType, true, nil
		}
		return 0, false, nil
	case *Module:
		return snapModule, true, nil
	case *ClassMethod:
		return snapClassMethod, true, nil
	case *StaticMethod:
		return snapStaticMethod, true, nil
	case *BoundMethod:
		return snapBoundMethod, true, nil
	case *Method:
		return snapMethod, x.Module != nil, nil
	case *Exception:
		if x.Traceback != nil && x.Traceback != None {
			return 0, false, fmt.Errorf("snapshot: an exception with a traceback (%s) cannot be copied", x.Base.Name)
		}
		return snapException, true, nil
	case Snapshotter:
		return snapHost, true, nil
	}
	return 0, false, fmt.Errorf("snapshot: cannot copy a %s object", o.Type().Name)
}

// leaves reports whether every item is shared (recursively for tuples
// and frozensets, which cannot hold themselves).
func (b *snapBuilder) leaves(items Tuple) bool {
	for _, it := range items {
		if _, node, err := b.kind(it); err != nil || node {
			return false
		}
	}
	return true
}

// ref returns the reference to o, planning its node (and everything it
// reaches) the first time.
func (b *snapBuilder) ref(o Object) (snapRef, error) {
	k, node, err := b.kind(o)
	if err != nil {
		return snapRef{}, err
	}
	if !node {
		return snapRef{node: -1, obj: o}, nil
	}
	id := snapIdentity(o)
	if id == nil {
		return snapRef{}, fmt.Errorf("snapshot: a %s object has no identity and cannot be copied", o.Type().Name)
	}
	if i, ok := b.index[id]; ok {
		return snapRef{node: i}, nil
	}
	i := int32(len(b.nodes))
	b.index[id] = i
	b.nodes = append(b.nodes, snapNode{kind: k, orig: o})
	var refs []Object
	var keys []string
	switch x := o.(type) {
	case Tuple:
		refs = x
	case *FrozenSet:
		for _, k := range x.keys() {
			refs = append(refs, x.items[k])
		}
	case StringDict:
		keys = x.SortedKeys()
		for _, k := range keys {
			refs = append(refs, x[k])
		}
	case *Dict:
		keys = append([]string(nil), x.OrderedKeys()...)
		for _, k := range keys {
			refs = append(refs, x.m[k])
		}
	case *List:
		refs = x.Items
	case *Set:
		for _, k := range x.keys() {
			refs = append(refs, x.items[k])
		}
	case *Cell:
		refs = []Object{x.Get()}
	case *Function:
		var dict Object
		if len(x.Dict) > 0 {
			dict = x.Dict // else GetDict makes one when needed
		}
		refs = []Object{x.Globals, x.Defaults, x.KwDefaults, x.Closure, x.Doc, dict, x.Annotations}
	case *Type:
		refs = []Object{x.ObjectType, x.Base, x.Dict, x.Bases, x.Mro}
	case *Module:
		refs = []Object{x.Globals}
	case *ClassMethod:
		refs = []Object{x.Callable, x.Dict}
	case *StaticMethod:
		refs = []Object{x.Callable, x.Dict}
	case *BoundMethod:
		refs = []Object{x.Self, x.Method}
	case *Method:
		refs = []Object{x.Module}
	case *Exception:
		refs = []Object{x.Base, x.Args, x.Context, x.Cause, x.Dict}
	}
	if k == snapHost {
		if refs, err = o.(Snapshotter).SnapshotRefs(); err != nil {
			return snapRef{}, err
		}
	}
	if k == snapExternal {
		refs = nil
		b.nodes[i].ext = b.ext[id]
	}
	out := make([]snapRef, len(refs))
	for j, r := range refs {
		if r == nil || isNilRef(r) {
			out[j] = snapRef{node: -1}
			continue
		}
		if out[j], err = b.ref(r); err != nil {
			return snapRef{}, err
		}
	}
	b.nodes[i].refs = out
	b.nodes[i].keys = keys
	return snapRef{node: i}, nil
}

// isNilRef reports a typed nil in an interface (a nil *Type base, a nil
// StringDict), which is copied as nil.
func isNilRef(o Object) bool {
	switch x := o.(type) {
	case *Type:
		return x == nil
	case StringDict:
		return x == nil
	case Tuple:
		return x == nil
	case *Module:
		return x == nil
	}
	return false
}

// A SnapshotInstance is one context's copy of a snapshot, made lazily
// root by root. It is not safe for concurrent use.
type SnapshotInstance struct {
	s       *Snapshot
	ctx     Context
	resolve func(int) (Object, error)
	objs    []Object
	made    []bool
}

// NewInstance starts a copy of s for ctx: copied functions and modules
// run in ctx. resolve(i) gives the counterpart in ctx of
// SnapshotOptions.Externals[i].
func (s *Snapshot) NewInstance(ctx Context, resolve func(i int) (Object, error)) *SnapshotInstance {
	return &SnapshotInstance{s: s, ctx: ctx, resolve: resolve, objs: make([]Object, len(s.nodes)), made: make([]bool, len(s.nodes))}
}

// Root returns the copy of roots[i], copying first whatever it reaches
// that this instance has not copied yet. Copies run no Python code.
func (in *SnapshotInstance) Root(i int) (Object, error) {
	r := in.s.roots[i]
	if r.node < 0 {
		return r.obj, nil
	}
	if !in.made[r.node] {
		if err := in.copy(r.node); err != nil {
			return nil, err
		}
	}
	return in.objs[r.node], nil
}

// copy makes the nodes reachable from start that are not made yet:
// first every object (so cycles resolve), then their contents, tuples
// first because sets and dict keys read the contents of tuple keys.
func (in *SnapshotInstance) copy(start int32) error {
	var fresh []int32
	stack := []int32{start}
	in.made[start] = true
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := &in.s.nodes[i]
		if n.kind == snapExternal {
			o, err := in.resolve(int(n.ext))
			if err != nil {
				return err
			}
			in.objs[i] = o
			continue
		}
		fresh = append(fresh, i)
		for _, r := range n.refs {
			if r.node >= 0 && !in.made[r.node] {
				in.made[r.node] = true
				stack = append(stack, r.node)
			}
		}
	}
	in.shells(fresh)
	for _, i := range fresh {
		if in.s.nodes[i].kind == snapTuple {
			in.fill(i)
		}
	}
	for _, i := range fresh {
		if in.s.nodes[i].kind != snapTuple {
			in.fill(i)
		}
	}
	return nil
}

// shells makes the empty copies of nodes, taking objects of the same
// kind from one allocation.
func (in *SnapshotInstance) shells(nodes []int32) {
	var count [snapHost + 1]int
	items := 0
	for _, i := range nodes {
		n := &in.s.nodes[i]
		count[n.kind]++
		if n.kind == snapTuple || n.kind == snapList {
			items += len(n.refs)
		}
	}
	var (
		objs  = make([]Object, items)
		fns   = make([]Function, count[snapFunction])
		types = make([]Type, count[snapType])
		cells = make([]Cell, count[snapCell])
		lists = make([]List, count[snapList])
		mods  = make([]Module, count[snapModule])
	)
	for _, i := range nodes {
		n := &in.s.nodes[i]
		var o Object
		switch n.kind {
		case snapTuple:
			k := len(n.refs)
			o, objs = Tuple(objs[:k:k]), objs[k:]
		case snapList:
			// Items are set by fill; the capacity ends at this list's
			// own items, so an append reallocates.
			k := len(n.refs)
			lists[0].Items = objs[:k:k]
			o, lists, objs = &lists[0], lists[1:], objs[k:]
		case snapFunction:
			o, fns = &fns[0], fns[1:]
		case snapType:
			o, types = &types[0], types[1:]
		case snapCell:
			o, cells = &cells[0], cells[1:]
		case snapModule:
			o, mods = &mods[0], mods[1:]
		default:
			o = n.shell()
		}
		in.objs[i] = o
	}
}

// shell returns the empty copy of a node.
func (n *snapNode) shell() Object {
	switch n.kind {
	case snapFrozenSet:
		return &FrozenSet{Set: Set{items: make(map[any]Object, len(n.refs))}}
	case snapDict:
		return make(StringDict, len(n.refs))
	case snapOrderedDict:
		return NewDictSized(len(n.refs))
	case snapSet:
		return &Set{items: make(map[any]Object, len(n.refs))}
	case snapClassMethod:
		return &ClassMethod{}
	case snapStaticMethod:
		return &StaticMethod{}
	case snapBoundMethod:
		return &BoundMethod{}
	case snapMethod:
		return &Method{}
	case snapException:
		return &Exception{}
	case snapHost:
		return n.orig.(Snapshotter).SnapshotNew()
	}
	panic("snapshot: unknown node kind")
}

// get returns the copy (or the shared object) r refers to.
func (in *SnapshotInstance) get(r snapRef) Object {
	if r.node < 0 {
		return r.obj
	}
	return in.objs[r.node]
}

// Typed getters: a reference stored in a typed field may be nil.

func (in *SnapshotInstance) dict(r snapRef) StringDict {
	d, _ := in.get(r).(StringDict)
	return d
}

func (in *SnapshotInstance) tuple(r snapRef) Tuple {
	t, _ := in.get(r).(Tuple)
	return t
}

func (in *SnapshotInstance) typ(r snapRef) *Type {
	t, _ := in.get(r).(*Type)
	return t
}

// fill sets the contents of node i's copy.
func (in *SnapshotInstance) fill(i int32) {
	n := &in.s.nodes[i]
	switch dst := in.objs[i].(type) {
	case Tuple:
		for j, r := range n.refs {
			dst[j] = in.get(r)
		}
	case *FrozenSet:
		for _, r := range n.refs {
			v := in.get(r)
			dst.put(setKey(v), v)
		}
	case StringDict:
		for j, k := range n.keys {
			dst[k] = in.get(n.refs[j])
		}
	case *Dict:
		for j, k := range n.keys {
			dst.m[k] = in.get(n.refs[j]) // the keys are distinct and dst is empty
		}
		dst.keys = append(dst.keys, n.keys...)
	case *List:
		for j, r := range n.refs {
			dst.Items[j] = in.get(r)
		}
	case *Set:
		for _, r := range n.refs {
			v := in.get(r)
			dst.put(setKey(v), v)
		}
	case *Cell:
		if v := in.get(n.refs[0]); v != nil {
			dst.Set(v)
		}
	case *Function:
		*dst = *n.orig.(*Function)
		dst.Context = in.ctx
		dst.Globals = in.dict(n.refs[0])
		dst.Defaults = in.tuple(n.refs[1])
		dst.KwDefaults = in.dict(n.refs[2])
		dst.Closure = in.tuple(n.refs[3])
		dst.Doc = in.get(n.refs[4])
		dst.Dict = in.dict(n.refs[5])
		dst.Annotations = in.dict(n.refs[6])
	case *Type:
		*dst = *n.orig.(*Type)
		dst.ObjectType = in.typ(n.refs[0])
		dst.Base = in.typ(n.refs[1])
		dst.Dict = in.dict(n.refs[2])
		dst.Bases = in.tuple(n.refs[3])
		dst.Mro = in.tuple(n.refs[4])
	case *Module:
		*dst = *n.orig.(*Module)
		dst.Context = in.ctx
		dst.Globals = in.dict(n.refs[0])
	case *ClassMethod:
		dst.Callable = in.get(n.refs[0])
		dst.Dict = in.dict(n.refs[1])
	case *StaticMethod:
		dst.Callable = in.get(n.refs[0])
		dst.Dict = in.dict(n.refs[1])
	case *BoundMethod:
		dst.Self = in.get(n.refs[0])
		dst.Method = in.get(n.refs[1])
	case *Method:
		*dst = *n.orig.(*Method)
		dst.Module, _ = in.get(n.refs[0]).(*Module)
	case *Exception:
		*dst = *n.orig.(*Exception)
		dst.Base = in.typ(n.refs[0])
		dst.Args = in.get(n.refs[1])
		dst.Context = in.get(n.refs[2])
		dst.Cause = in.get(n.refs[3])
		dst.Dict = in.dict(n.refs[4])
	default:
		refs := make([]Object, len(n.refs))
		for j, r := range n.refs {
			refs[j] = in.get(r)
		}
		dst.(Snapshotter).SnapshotFill(n.orig, refs)
	}
}
