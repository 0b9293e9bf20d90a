// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The list methods that move or scan the whole list charge it to the
// step budget (patch 39), as patch 34 charges what an instruction
// builds: l.insert(0, x) in a loop is quadratic in Go, and l.sort() of
// a million items is one instruction.

package py

import "math/bits"

func init() {
	for _, name := range []string{"insert", "remove", "index", "count", "pop", "reverse", "copy", "sort"} {
		m := ListType.Dict[name].(*Method)
		ListType.Dict[name] = MustNewMethod(name, PyCMethodBudget(func(b *Budget, self Object, args Tuple, kwargs StringDict) (Object, error) {
			if l, ok := self.(*List); ok {
				n := len(l.Items)
				if name == "sort" {
					n *= bits.Len(uint(n))
				}
				if err := b.StepN(int64(n)); err != nil {
					return nil, err
				}
			}
			return m.CallSelfWithBudget(b, self, args, kwargs)
		}), 0, m.Doc)
	}
}
