// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// str methods whose result size the program chooses (padding to a
// width, joining), checked against MaxSize so that 'x'.ljust(10**10)
// raises MemoryError instead of exhausting the host's memory.

package py

import (
	"strings"
	"unicode/utf8"
)

func init() {
	StringType.Dict["ljust"] = MustNewMethod("ljust", func(self Object, args Tuple) (Object, error) {
		return self.(String).justify("ljust", '<', args)
	}, 0, "ljust(width[, fillchar]) -> str left-justified in a string of length width.")
	StringType.Dict["rjust"] = MustNewMethod("rjust", func(self Object, args Tuple) (Object, error) {
		return self.(String).justify("rjust", '>', args)
	}, 0, "rjust(width[, fillchar]) -> str right-justified in a string of length width.")
	StringType.Dict["center"] = MustNewMethod("center", func(self Object, args Tuple) (Object, error) {
		return self.(String).justify("center", '^', args)
	}, 0, "center(width[, fillchar]) -> str centered in a string of length width.")
	StringType.Dict["zfill"] = MustNewMethod("zfill", func(self Object, arg Object) (Object, error) {
		return self.(String).zfill(arg)
	}, 0, "zfill(width) -> str padded with zeros on the left, after any sign.")
	StringType.Dict["join"] = MustNewMethod("join", PyCMethodBudget(func(b *Budget, self Object, args Tuple, kwargs StringDict) (Object, error) {
		var arg Object
		if err := UnpackTuple(args, kwargs, "join", 1, 1, &arg); err != nil {
			return nil, err
		}
		// One step per item joined (patch 34).
		switch x := arg.(type) {
		case *List:
			if err := b.StepN(int64(len(x.Items))); err != nil {
				return nil, err
			}
		case Tuple:
			if err := b.StepN(int64(len(x))); err != nil {
				return nil, err
			}
		}
		return self.(String).join(arg)
	}), 0, "join(iterable) -> str concatenating the strings of iterable with this separator.")
}

// padWidth reads a width argument and checks the padded size: the
// padding is width - n characters of a fill of fillLen bytes.
func padWidth(name string, arg Object, n, size, fillLen int) (int, error) {
	w, err := IndexInt(arg)
	if err != nil {
		return 0, err
	}
	if w > n {
		if err := checkRepeat(fillLen, 1, Int(w-n)); err != nil {
			return 0, err
		}
		if err := CheckSize(size + (w-n)*fillLen); err != nil {
			return 0, err
		}
	}
	return w, nil
}

// justify implements ljust, rjust and center.
func (s String) justify(name string, align byte, args Tuple) (Object, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, ExceptionNewf(TypeError, "%s expected 1 or 2 arguments, got %d", name, len(args))
	}
	fill := " "
	if len(args) == 2 {
		f, ok := args[1].(String)
		if !ok {
			return nil, ExceptionNewf(TypeError, "%s() argument 2 must be str, not %s", name, args[1].Type().Name)
		}
		if utf8.RuneCountInString(string(f)) != 1 {
			return nil, ExceptionNewf(TypeError, "The fill character must be exactly one character long")
		}
		fill = string(f)
	}
	n := utf8.RuneCountInString(string(s))
	w, err := padWidth(name, args[0], n, len(s), len(fill))
	if err != nil {
		return nil, err
	}
	if w <= n {
		return s, nil
	}
	pad := w - n
	left := 0
	switch align {
	case '>':
		left = pad
	case '^':
		// CPython puts the odd character on the left only when both
		// the padding and the width are odd.
		left = pad / 2
		if pad%2 == 1 && w%2 == 1 {
			left++
		}
	}
	return String(strings.Repeat(fill, left) + string(s) + strings.Repeat(fill, pad-left)), nil
}

// zfill pads with zeros on the left, after a leading sign.
func (s String) zfill(arg Object) (Object, error) {
	n := utf8.RuneCountInString(string(s))
	w, err := padWidth("zfill", arg, n, len(s), 1)
	if err != nil {
		return nil, err
	}
	if w <= n {
		return s, nil
	}
	str, sign := string(s), ""
	if str != "" && (str[0] == '+' || str[0] == '-') {
		sign, str = str[:1], str[1:]
	}
	return String(sign + strings.Repeat("0", w-n) + str), nil
}

// join concatenates the strings of seq with s between them.
func (s String) join(seq Object) (Object, error) {
	var parts []string
	size := 0
	var itemErr error
	err := Iterate(seq, func(item Object) bool {
		str, ok := item.(String)
		if !ok {
			itemErr = ExceptionNewf(TypeError, "sequence item %d: expected str instance, %s found", len(parts), item.Type().Name)
			return true
		}
		if len(parts) > 0 {
			size += len(s)
		}
		size += len(str)
		if itemErr = CheckSize(size); itemErr != nil {
			return true
		}
		parts = append(parts, string(str))
		return false
	})
	if err != nil {
		return nil, err
	}
	if itemErr != nil {
		return nil, itemErr
	}
	return String(strings.Join(parts, string(s))), nil
}
