// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Modular power charged to the step budget (patch 34):
// pow(3, 10**100000, 10**100000+7) is 330000 multiplications of
// 330000-bit numbers inside one instruction, which ran for minutes.

package py

import "math/big"

// powModChunk is about how many steps of work one call of big.Int.Exp
// may do before the budget is charged and Done is polled.
const powModChunk = 4096

// mulModSteps is what one multiplication modulo m counts as in steps:
// one, plus one per 64 products of machine words (schoolbook cost), so
// that a 2048-bit modulus costs 17 steps per multiplication and a
// 330000-bit one about 420000.
func mulModSteps(m *big.Int) int64 {
	w := int64(len(m.Bits()))
	return 1 + w*w/64
}

// PowBudget is Pow(a, b, c) charging the budget b for the work of a
// modular power of ints: one multiplication (mulModSteps) per bit of
// the exponent. The exponent is processed in chunks, between which the
// budget is charged, so the step limit and Done end a huge modular
// power. bud may be nil (no budget). Other operands go to Pow.
func PowBudget(bud *Budget, a, b, c Object) (Object, error) {
	if c == None {
		return Pow(a, b, c)
	}
	x, ok1 := ConvertToBigInt(a)
	e, ok2 := ConvertToBigInt(b)
	m, ok3 := ConvertToBigInt(c)
	if !ok1 || !ok2 || !ok3 {
		return Pow(a, b, c)
	}
	if (*big.Int)(e).Sign() < 0 {
		return x.pow(e, m) // the TypeError of a negative exponent
	}
	if (*big.Int)(m).Sign() == 0 {
		return nil, ExceptionNewf(ValueError, "pow() 3rd argument cannot be 0")
	}
	r, err := powMod(bud, (*big.Int)(x), (*big.Int)(e), (*big.Int)(m))
	if err != nil {
		return nil, err
	}
	return (*BigInt)(r).MaybeInt(), nil
}

// powMod returns x**e mod |m| (in [0, |m|), as big.Int.Exp) for e >= 0
// and m != 0, charging bud.
func powMod(bud *Budget, x, e, m *big.Int) (*big.Int, error) {
	per := mulModSteps(m)
	bits := e.BitLen()
	if bud == nil || !bud.Counting() || int64(bits)*per <= powModChunk {
		if err := bud.StepN(int64(bits) * per); err != nil {
			return nil, err
		}
		return new(big.Int).Exp(x, e, m), nil
	}
	// Left to right, k bits of the exponent at a time:
	// r = r**(2**k) * x**chunk (mod m). Each chunk does about 2k
	// multiplications.
	k := int(powModChunk / per / 2)
	if k < 1 {
		k = 1
	}
	r := big.NewInt(1)
	shift := new(big.Int).Lsh(big.NewInt(1), uint(k))
	chunk := new(big.Int)
	t := new(big.Int)
	for hi := bits; hi > 0; hi -= k {
		lo := hi - k
		if lo < 0 {
			lo = 0
			shift.Lsh(big.NewInt(1), uint(hi))
		}
		if err := bud.StepN(int64(2*(hi-lo)) * per); err != nil {
			return nil, err
		}
		chunk.Rsh(e, uint(lo))
		chunk.And(chunk, t.Sub(t.Lsh(big.NewInt(1), uint(hi-lo)), big.NewInt(1)))
		r.Exp(r, shift, m)
		r.Mul(r, t.Exp(x, chunk, m))
		r.Mod(r, m)
	}
	return r, nil
}
