// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package py

import (
	"math"
	"strconv"
	"strings"
)

// FloatRepr formats f as CPython's repr(float) does: the shortest
// digits that read back as f, in positional notation when the decimal
// point falls between 4 places left of the first digit and 16 places
// right of it (0.0001, 1000000000000000.0), otherwise in exponent
// notation with at least two exponent digits (1e-05, 1e+16), and inf,
// -inf and nan. v0.2.0 used Go's %g, which gave 1e+06 for 1000000.0,
// +Inf for inf and NaN for nan.
func FloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // [-]d[.ddd]e±XX
	sign := ""
	if e[0] == '-' {
		sign, e = "-", e[1:]
	}
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	decpt := x + 1 // digits before the decimal point
	if decpt <= -4 || decpt > 16 {
		es := strconv.Itoa(abs(x))
		if len(es) < 2 {
			es = "0" + es
		}
		esign := "+"
		if x < 0 {
			esign = "-"
		}
		return sign + mant + "e" + esign + es
	}
	switch {
	case decpt <= 0:
		return sign + "0." + strings.Repeat("0", -decpt) + digits
	case decpt >= len(digits):
		return sign + digits + strings.Repeat("0", decpt-len(digits)) + ".0"
	}
	return sign + digits[:decpt] + "." + digits[decpt:]
}

// abs is the absolute value of an int.
func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}
