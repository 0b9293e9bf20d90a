// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vm_test

import (
	"testing"

	"github.com/go-python/gpython/py"
)

// TestSetOrderDeterministic checks that sets iterate in insertion order
// on every run (Go map order is random), including after removals and
// in the results of set operations and methods. An item removed and
// added again keeps its first place.
func TestSetOrderDeterministic(t *testing.T) {
	src := `
class Task:
    def __init__(self, name):
        self.name = name
s = set()
for name in ["extract", "transform", "load", "b", "a", "zeta", "m1", "m0"]:
    s.add(name)
print(list(s))
print(s)
s.discard("load")
s.add("load")
s.remove("b")
print([x for x in s])
print(s.pop(), s.pop())
print(list({"q", "p"} | {"o", "p"}), list({"q", "p", "o"} - {"p"}), list({"c", "b", "a"} & {"a", "c"}))
print(list({"x", "y"} ^ {"y", "z"}), list(frozenset(["k", "j"]).union(["i"])))
tasks = [Task(n) for n in "fedcba"]
print([t.name for t in set(tasks)])
print(sorted({3, 1, 2}), 2 in {1.0, 2.0}, True in {1}, 1.0 in {True})
`
	want := `['extract', 'transform', 'load', 'b', 'a', 'zeta', 'm1', 'm0']
{'extract', 'transform', 'load', 'b', 'a', 'zeta', 'm1', 'm0'}
['extract', 'transform', 'load', 'a', 'zeta', 'm1', 'm0']
extract transform
['q', 'p', 'o'] ['q', 'o'] ['a', 'c']
['x', 'z'] ['k', 'j', 'i']
['f', 'e', 'd', 'c', 'b', 'a']
[1, 2, 3] True True True
`
	for i := 0; i < 20; i++ {
		got, err := runSrc(t, py.DefaultContextOpts(), src)
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if got != want {
			t.Fatalf("run %d: got\n%s\nwant\n%s", i, got, want)
		}
	}
}
