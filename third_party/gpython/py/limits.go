// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Memory limits for objects built by Go code. The step budget
// (budget.go) counts bytecode instructions, but a single instruction
// such as 'a' * 10**10 or 2 ** 10**10 runs entirely in Go and could ask
// for more memory than the machine has, which kills the process (Go
// cannot recover from running out of memory). These limits make such
// operations raise MemoryError before they allocate.

package py

import (
	"math/big"
	"sync/atomic"
)

// DefaultMaxSize is the default of MaxSize: 64 MiB.
const DefaultMaxSize = 64 << 20

// ItemSize is what one item of a list, tuple, set or dict counts for
// MaxSize: the size of the interface value holding it. The items
// themselves are not counted, so the limit stays cheap to check.
const ItemSize = 16

// DefaultMaxIntBits is the default of MaxIntBits: 4 Mi bits (about 1.26
// million decimal digits). Arithmetic on ints near this size already
// takes milliseconds per operation.
const DefaultMaxIntBits = 4 << 20

var (
	maxSize    atomic.Int64
	maxIntBits atomic.Int64
)

func init() {
	maxSize.Store(DefaultMaxSize)
	maxIntBits.Store(DefaultMaxIntBits)
}

// MaxSize returns the largest size in bytes of one object built by Go
// code: the UTF-8 bytes of a str, the bytes of a bytes, ItemSize per
// item of a list, tuple, set or dict. The limit is process-wide.
func MaxSize() int {
	return int(maxSize.Load())
}

// SetMaxSize changes MaxSize for the whole process; n <= 0 restores
// DefaultMaxSize. It is safe to call while contexts run.
func SetMaxSize(n int) {
	if n <= 0 {
		n = DefaultMaxSize
	}
	maxSize.Store(int64(n))
}

// MaxIntBits returns the largest size in bits of an int produced by
// multiplication, power or left shift (the product of two ints that fit
// in 64 bits is not checked: it has at most 126 bits). The limit is
// process-wide.
func MaxIntBits() int {
	return int(maxIntBits.Load())
}

// SetMaxIntBits changes MaxIntBits for the whole process; n <= 0
// restores DefaultMaxIntBits. It is safe to call while contexts run.
func SetMaxIntBits(n int) {
	if n <= 0 {
		n = DefaultMaxIntBits
	}
	maxIntBits.Store(int64(n))
}

// CheckSize returns MemoryError when an object of n bytes would exceed
// MaxSize, nil otherwise. Go code building objects whose size the
// Python program chooses calls it before allocating.
func CheckSize(n int) error {
	if max := MaxSize(); n < 0 || n > max {
		return ExceptionNewf(MemoryError, "object of %d bytes is over the limit of %d", n, max)
	}
	return nil
}

// CheckItems is CheckSize for a container of n items.
func CheckItems(n int) error {
	if max := MaxSize() / ItemSize; n < 0 || n > max {
		return ExceptionNewf(MemoryError, "container of %d items is over the limit of %d", n, max)
	}
	return nil
}

// checkRepeat checks the size of n units of size bytes repeated count
// times (count <= 0 gives an empty object), without overflowing.
func checkRepeat(n, size int, count Int) error {
	if n == 0 || count <= 0 {
		return nil
	}
	if max := MaxSize(); Int(max/(n*size)) < count {
		return ExceptionNewf(MemoryError, "repeating %d bytes %d times is over the limit of %d", n*size, count, max)
	}
	return nil
}

// checkIntBits returns MemoryError when an int result known to need at
// least bits bits would exceed MaxIntBits.
func checkIntBits(bits *big.Int) error {
	if max := MaxIntBits(); !bits.IsInt64() || bits.Int64() > int64(max) {
		return ExceptionNewf(MemoryError, "integer result of more than %d bits is too large", max)
	}
	return nil
}

// checkPowBits checks a ** b (b >= 0, no modulus): the result has at
// least (bitlen(|a|) - 1) * b + 1 bits when |a| > 1.
func checkPowBits(a, b *big.Int) error {
	n := a.BitLen()
	if n <= 1 || b.Sign() <= 0 {
		return nil // 0, 1, -1 or an exponent of 0
	}
	bits := new(big.Int).Mul(big.NewInt(int64(n-1)), b)
	return checkIntBits(bits.Add(bits, big.NewInt(1)))
}

// checkShiftBits checks a << shift.
func checkShiftBits(a *big.Int, shift int) error {
	if a.Sign() == 0 {
		return nil
	}
	return checkIntBits(big.NewInt(int64(a.BitLen()) + int64(shift)))
}

// checkMulBits checks a * b: the product has at least
// bitlen(a) + bitlen(b) - 1 bits.
func checkMulBits(a, b *big.Int) error {
	if a.Sign() == 0 || b.Sign() == 0 {
		return nil
	}
	return checkIntBits(big.NewInt(int64(a.BitLen()) + int64(b.BitLen()) - 1))
}
