// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package py

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// compositeKey is the set key of a value that cannot itself be a Go map
// key: an encoding of it that is equal exactly when the values are.
type compositeKey string

// setKey returns the map key a Set stores item under. Most objects are
// their own key, but a Tuple, Bytes or StringDict is a Go slice or map,
// and using one as a map key panics ("hash of unhashable type"), which
// killed the process for a plain {(1, 2)}. Those get a compositeKey.
func setKey(item Object) any {
	switch item.(type) {
	case Tuple, Bytes, StringDict:
		var b strings.Builder
		writeSetKey(&b, item)
		return compositeKey(b.String())
	}
	return item
}

// writeSetKey appends an unambiguous encoding of o to b: scalars by
// type and value, tuples element by element, everything else (objects
// compared by identity, and value-less singletons) by type and address.
func writeSetKey(b *strings.Builder, o Object) {
	switch x := o.(type) {
	case Tuple:
		b.WriteString("(")
		for _, e := range x {
			writeSetKey(b, e)
			b.WriteString(",")
		}
		b.WriteString(")")
	case String:
		b.WriteString("s")
		b.WriteString(strconv.Quote(string(x)))
	case Bytes:
		b.WriteString("y")
		b.WriteString(strconv.Quote(string(x)))
	case Int:
		b.WriteString("i")
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case Bool:
		if x {
			b.WriteString("T")
		} else {
			b.WriteString("F")
		}
	case Float:
		b.WriteString("f")
		b.WriteString(strconv.FormatFloat(float64(x), 'g', -1, 64))
	case NoneType:
		b.WriteString("N")
	case *BigInt:
		b.WriteString("I")
		b.WriteString((*big.Int)(x).String())
	case Complex:
		fmt.Fprintf(b, "c%v", complex128(x))
	case StringDict:
		fmt.Fprintf(b, "d%p", x)
	default:
		fmt.Fprintf(b, "%T@%p", o, o)
	}
}
