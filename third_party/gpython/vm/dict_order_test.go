// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vm_test

import (
	"testing"

	"github.com/go-python/gpython/py"
)

// TestDictOrderDeterministic checks that Python code sees a dict's keys
// in the same (sorted) order on every run. Go map iteration is random,
// so before the patch the output below changed from run to run.
func TestDictOrderDeterministic(t *testing.T) {
	src := `
d = {}
for name in ["extract", "transform", "load", "b", "a", "zeta", "m1", "m0"]:
    d[name] = len(name)
print(list(d))
print([k for k in d])
print(list(d.keys()))
print(list(d.values()))
print(list(d.items()))
print(d)
print({k: v for k, v in d.items() if v > 1})
def kw(**kwargs):
    return list(kwargs)
print(kw(z=1, y=2, x=3))
`
	want := `['a', 'b', 'extract', 'load', 'm0', 'm1', 'transform', 'zeta']
['a', 'b', 'extract', 'load', 'm0', 'm1', 'transform', 'zeta']
['a', 'b', 'extract', 'load', 'm0', 'm1', 'transform', 'zeta']
[1, 1, 7, 4, 2, 2, 9, 4]
[('a', 1), ('b', 1), ('extract', 7), ('load', 4), ('m0', 2), ('m1', 2), ('transform', 9), ('zeta', 4)]
{'a': 1, 'b': 1, 'extract': 7, 'load': 4, 'm0': 2, 'm1': 2, 'transform': 9, 'zeta': 4}
{'extract': 7, 'load': 4, 'm0': 2, 'm1': 2, 'transform': 9, 'zeta': 4}
['x', 'y', 'z']
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
