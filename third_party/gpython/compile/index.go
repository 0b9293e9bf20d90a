// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Indexes of a code object's constants and names, so that compiling a
// module of n assignments is O(n) rather than O(n**2) (patch 35), and
// the look at the host's Done channel while compiling.

package compile

import (
	"math/big"

	"github.com/go-python/gpython/py"
)

// constKey identifies a constant whose equality is Go equality of its
// value: two constants of the same type share a slot exactly when their
// keys are equal, as py.Eq would decide (for floats, NaN never equals
// itself and 0.0 equals -0.0 both for == and for Go map keys).
type constKey struct {
	t *py.Type
	v interface{}
}

// keyOf returns the key of a constant and whether it has one; other
// constants (tuples, code objects, ...) are compared with py.Eq.
func keyOf(obj py.Object) (constKey, bool) {
	switch x := obj.(type) {
	case py.Int:
		return constKey{x.Type(), int64(x)}, true
	case py.String:
		return constKey{x.Type(), string(x)}, true
	case py.Float:
		return constKey{x.Type(), float64(x)}, true
	case py.Bool:
		return constKey{x.Type(), bool(x)}, true
	case py.Bytes:
		return constKey{x.Type(), string(x)}, true
	case py.Complex:
		return constKey{x.Type(), complex128(x)}, true
	case py.NoneType:
		return constKey{x.Type(), nil}, true
	case *py.BigInt:
		return constKey{x.Type(), (*big.Int)(x).Text(62)}, true
	}
	return constKey{}, false
}

// linearMax is the size up to which a scan beats building a map: most
// code objects have a few constants and names.
const linearMax = 16

// constIndex finds a constant already in Code.Consts. Like nameIndex it
// catches up with the constants added since its last use.
type constIndex struct {
	keyed map[constKey]int
	other []int // indexes of the constants without a key, in order
	n     int   // constants already indexed
}

// find returns the index of the first constant of obj's type equal to
// obj, as the scan of v0.2.0 did.
func (ci *constIndex) find(consts []py.Object, obj py.Object) (int, bool) {
	if len(consts) <= linearMax {
		return scanConsts(consts, obj, nil)
	}
	if len(consts) < ci.n || ci.keyed == nil {
		*ci = constIndex{keyed: make(map[constKey]int, len(consts))}
	}
	for ; ci.n < len(consts); ci.n++ {
		if k, ok := keyOf(consts[ci.n]); ok {
			if _, dup := ci.keyed[k]; !dup {
				ci.keyed[k] = ci.n
			}
		} else {
			ci.other = append(ci.other, ci.n)
		}
	}
	if k, ok := keyOf(obj); ok {
		i, found := ci.keyed[k]
		return i, found
	}
	return scanConsts(consts, obj, ci.other)
}

// scanConsts is v0.2.0's scan, over the constants at indexes (all of
// them when nil).
func scanConsts(consts []py.Object, obj py.Object, indexes []int) (int, bool) {
	n := len(consts)
	if indexes != nil {
		n = len(indexes)
	}
	for j := 0; j < n; j++ {
		i := j
		if indexes != nil {
			i = indexes[j]
		}
		c := consts[i]
		if obj.Type() == c.Type() {
			// A constant that cannot be compared is simply not
			// shared; nothing is logged to the host.
			eq, err := py.Eq(obj, c)
			if err == nil && eq == py.True {
				return i, true
			}
		}
	}
	return 0, false
}

// nameIndex maps the names of one slice of a Code (Names, Varnames,
// Cellvars, Freevars) to their first index. The slices are only ever
// appended to, also outside Index, so the index catches up with the
// names added since its last use and is rebuilt if the slice shrank.
type nameIndex struct {
	m map[string]int
	n int // names of the slice already in m
}

func (ni *nameIndex) find(names []string, id string) (int, bool) {
	if len(names) <= linearMax {
		for i, s := range names {
			if s == id {
				return i, true
			}
		}
		return 0, false
	}
	if len(names) < ni.n || ni.m == nil {
		ni.m = make(map[string]int, len(names))
		ni.n = 0
	}
	for ; ni.n < len(names); ni.n++ {
		if _, dup := ni.m[names[ni.n]]; !dup {
			ni.m[names[ni.n]] = ni.n
		}
	}
	i, ok := ni.m[id]
	return i, ok
}

// nameIndexes holds the index of each name slice of the compiler's Code.
type nameIndexes map[*[]string]*nameIndex

func (ns *nameIndexes) of(names *[]string) *nameIndex {
	if *ns == nil {
		*ns = nameIndexes{}
	}
	ni := (*ns)[names]
	if ni == nil {
		ni = &nameIndex{}
		(*ns)[names] = ni
	}
	return ni
}

// doneEvery is how many statements are compiled between two looks at
// the done channel.
const doneEvery = 256

func isDone(done <-chan struct{}) bool {
	if done == nil {
		return false
	}
	select {
	case <-done:
		return true
	default:
		return false
	}
}

func interrupted(stmts int) error {
	return py.ExceptionNewf(py.BudgetExceeded, "compilation interrupted after %d statements", stmts)
}

// checkDone counts a compiled statement and, every doneEvery
// statements, stops compiling (by panicking with BudgetExceeded, which
// compileAst turns into its error) when done is closed.
func (c *compiler) checkDone() {
	if c.done == nil {
		return
	}
	*c.stmts++
	if *c.stmts%doneEvery == 0 && isDone(c.done) {
		panic(interrupted(*c.stmts))
	}
}
