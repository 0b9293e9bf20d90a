// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The limit of CPython 3.11 on conversions between int and decimal
// str (patch 34): math/big's conversion of a decimal string of n digits
// is quadratic, so int('9' * 10**7) ran for minutes inside one
// instruction. As CPython, int(str) and str(int) refuse more than 4300
// digits in a base that is not a power of two.

package py

import (
	"math/big"
	"sync/atomic"
)

// DefaultMaxStrDigits is CPython's default limit on the digits of an
// int converted from or to a string (sys.get_int_max_str_digits()).
const DefaultMaxStrDigits = 4300

var maxStrDigits atomic.Int64

func init() {
	maxStrDigits.Store(DefaultMaxStrDigits)
}

// MaxStrDigits returns the largest number of digits int() accepts and
// str() produces for an int in a base that is not a power of two. The
// limit is process-wide; Python code cannot change it.
func MaxStrDigits() int {
	return int(maxStrDigits.Load())
}

// SetMaxStrDigits changes MaxStrDigits for the whole process; n <= 0
// restores DefaultMaxStrDigits. It is safe to call while contexts run.
func SetMaxStrDigits(n int) {
	if n <= 0 {
		n = DefaultMaxStrDigits
	}
	maxStrDigits.Store(int64(n))
}

// checkParseDigits checks the digits of s (sign and prefix removed) for
// a conversion in base: when s is made of valid digits (and
// underscores) of that base and has more digits than MaxStrDigits, it
// returns CPython's ValueError. Invalid strings are left to the
// conversion, which reports them as CPython does.
func checkParseDigits(s string, base int) error {
	max := MaxStrDigits()
	if len(s) <= max || base&(base-1) == 0 {
		return nil
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d int
		switch {
		case c == '_':
			continue
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= 'a' && c <= 'z':
			d = int(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			d = int(c-'A') + 10
		default:
			return nil
		}
		if d >= base {
			return nil
		}
		digits++
	}
	if digits > max {
		return ExceptionNewf(ValueError, "Exceeds the limit (%d digits) for integer string conversion: value has %d digits; use sys.set_int_max_str_digits() to increase the limit", max, digits)
	}
	return nil
}

// errStrDigits is CPython's error for str() of an int that is too long.
func errStrDigits(max int) error {
	return ExceptionNewf(ValueError, "Exceeds the limit (%d digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit", max)
}

// bigDecimal returns the decimal digits of x (with its sign), or
// ValueError when it has more than MaxStrDigits digits. An estimate from
// the bit length decides without converting unless it is within one
// digit of the limit.
func bigDecimal(x *big.Int) (string, error) {
	max := MaxStrDigits()
	// bits * log10(2) <= digits <= bits * log10(2) + 1
	est := float64(x.BitLen()) * 0.30102999566398120
	if est > float64(max)+1 {
		return "", errStrDigits(max)
	}
	s := x.Text(10)
	n := len(s)
	if x.Sign() < 0 {
		n--
	}
	if n > max {
		return "", errStrDigits(max)
	}
	return s, nil
}

// BigIntDecimal is x in decimal, or CPython's ValueError when it has
// more than MaxStrDigits digits; for hosts formatting ints themselves.
func BigIntDecimal(x *big.Int) (string, error) {
	return bigDecimal(x)
}
