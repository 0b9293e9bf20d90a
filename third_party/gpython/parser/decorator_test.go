// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package parser

import (
	"strings"
	"testing"

	"github.com/go-python/gpython/ast"
	"github.com/go-python/gpython/py"
)

// TestDottedDecorator checks fork patch 14: a dotted decorator parses to
// Attribute nodes over a Name, as in CPython's ast.dump, instead of one
// Name holding "a.b".
func TestDottedDecorator(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"name", "@a\ndef f(): pass\n", "decorator_list=[Name(id='a', ctx=Load())]"},
		{"attr", "@a.b\ndef f(): pass\n", "decorator_list=[Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load())]"},
		{"deep", "@a.b.c\nclass C: pass\n", "decorator_list=[Attribute(value=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), attr='c', ctx=Load())]"},
		{"call", "@a.b(x)\ndef f(): pass\n", "decorator_list=[Call(func=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), args=[Name(id='x', ctx=Load())], keywords=[], starargs=None, kwargs=None)]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree, err := ParseString(tc.src, py.ExecMode)
			if err != nil {
				t.Fatal(err)
			}
			if got := ast.Dump(tree); !strings.Contains(got, tc.want) {
				t.Errorf("got %s\nwant it to contain %s", got, tc.want)
			}
		})
	}
}
