// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package parser

import (
	"strings"

	"github.com/go-python/gpython/ast"
)

// dottedExpr turns the dotted name of a decorator ("a.b.c") into the
// expression CPython compiles for it: a Name for the first part and an
// Attribute for each following part. The grammar collects the name as one
// string, and a Name holding "a.b" failed at run time with NameError.
func dottedExpr(pos ast.Pos, dotted string) ast.Expr {
	parts := strings.Split(dotted, ".")
	var e ast.Expr = &ast.Name{ExprBase: ast.ExprBase{Pos: pos}, Id: ast.Identifier(parts[0]), Ctx: ast.Load}
	for _, p := range parts[1:] {
		e = &ast.Attribute{ExprBase: ast.ExprBase{Pos: pos}, Value: e, Attr: ast.Identifier(p), Ctx: ast.Load}
	}
	return e
}
