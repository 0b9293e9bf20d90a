// Copyright 2026 The go-python Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The str methods v0.2.0 lacks: the is*() predicates, case mappings,
// count/index/rindex/rfind, partition/rpartition, splitlines,
// expandtabs, removeprefix/removesuffix, rsplit, encode.

package py

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// strArg reads argument i as a str.
func strArg(args Tuple, i int, fn string) (string, error) {
	if len(args) <= i {
		return "", ExceptionNewf(TypeError, "%s() missing argument %d", fn, i+1)
	}
	s, ok := args[i].(String)
	if !ok {
		return "", ExceptionNewf(TypeError, "%s() argument must be str, not %s", fn, args[i].Type().Name)
	}
	return string(s), nil
}

// strPred builds an is*() method: true when s is non-empty and every rune
// satisfies ok.
func strPred(ok func(rune) bool) strMethodFunc {
	return func(s String, args Tuple, kw StringDict) (Object, error) {
		if len(s) == 0 {
			return False, nil
		}
		for _, r := range string(s) {
			if !ok(r) {
				return False, nil
			}
		}
		return True, nil
	}
}

// strMap builds a method that maps the whole string.
func strMap(f func(string) string) strMethodFunc {
	return func(s String, args Tuple, kw StringDict) (Object, error) {
		return String(f(string(s))), nil
	}
}

// strSearch builds count/index/rindex/rfind/find over substrings.
func strSearch(name string) strMethodFunc {
	return func(s String, args Tuple, kw StringDict) (Object, error) {
		sub, err := strArg(args, 0, name)
		if err != nil {
			return nil, err
		}
		start, hay := 0, string(s)
		if len(args) > 1 {
			// Without start and end, no rune conversion: it cost
			// 4 bytes of memory and several ns per character.
			rs := []rune(string(s))
			start, err = optIndex(args, 1, 0)
			if err != nil {
				return nil, err
			}
			end, err := optIndex(args, 2, len(rs))
			if err != nil {
				return nil, err
			}
			start, end = clampSlice(start, end, len(rs))
			if start > end {
				start = end
			}
			hay = string(rs[start:end])
		}
		byteToRune := func(b int) int { return start + utf8.RuneCountInString(hay[:b]) }
		switch name {
		case "count":
			if sub == "" {
				return Int(utf8.RuneCountInString(hay) + 1), nil
			}
			return Int(strings.Count(hay, sub)), nil
		case "find", "index":
			i := strings.Index(hay, sub)
			if i < 0 {
				if name == "index" {
					return nil, ExceptionNewf(ValueError, "substring not found")
				}
				return Int(-1), nil
			}
			return Int(byteToRune(i)), nil
		default: // rfind, rindex
			i := strings.LastIndex(hay, sub)
			if i < 0 {
				if name == "rindex" {
					return nil, ExceptionNewf(ValueError, "substring not found")
				}
				return Int(-1), nil
			}
			return Int(byteToRune(i)), nil
		}
	}
}

// optIndex reads an optional start/end index argument.
func optIndex(args Tuple, i int, def int) (int, error) {
	if len(args) <= i || args[i] == None {
		return def, nil
	}
	return IndexInt(args[i])
}

// strMethodFunc is a str method body; the receiver is a String.
type strMethodFunc func(s String, args Tuple, kw StringDict) (Object, error)

// addStrMethod installs f as str method name.
func addStrMethod(name string, f strMethodFunc) {
	StringType.Dict[name] = MustNewMethod(name, func(self Object, args Tuple, kw StringDict) (Object, error) {
		s, ok := self.(String)
		if !ok {
			return nil, ExceptionNewf(TypeError, "descriptor '%s' requires a 'str' object but received a '%s'", name, typeNameOf(self))
		}
		return f(s, args, kw)
	}, 0, "")
}

func init() {
	addStrMethod("isalnum", strPred(func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }))
	addStrMethod("isalpha", strPred(unicode.IsLetter))
	addStrMethod("isdigit", strPred(unicode.IsDigit))
	addStrMethod("isdecimal", strPred(unicode.IsDigit))
	addStrMethod("isnumeric", strPred(unicode.IsNumber))
	addStrMethod("isspace", strPred(unicode.IsSpace))
	addStrMethod("isupper", func(s String, args Tuple, kw StringDict) (Object, error) {
		cased := false
		for _, r := range string(s) {
			if unicode.IsLower(r) {
				return False, nil
			}
			cased = cased || unicode.IsUpper(r)
		}
		return NewBool(cased), nil
	})
	addStrMethod("islower", func(s String, args Tuple, kw StringDict) (Object, error) {
		cased := false
		for _, r := range string(s) {
			if unicode.IsUpper(r) {
				return False, nil
			}
			cased = cased || unicode.IsLower(r)
		}
		return NewBool(cased), nil
	})
	addStrMethod("isidentifier", func(s String, args Tuple, kw StringDict) (Object, error) {
		for i, r := range string(s) {
			if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
				return False, nil
			}
		}
		return NewBool(len(s) > 0), nil
	})
	addStrMethod("lower", strMap(strings.ToLower))
	addStrMethod("upper", strMap(strings.ToUpper))
	addStrMethod("casefold", strMap(strings.ToLower))
	addStrMethod("swapcase", strMap(func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsUpper(r) {
				return unicode.ToLower(r)
			}
			return unicode.ToUpper(r)
		}, s)
	}))
	addStrMethod("capitalize", strMap(func(s string) string {
		if s == "" {
			return s
		}
		r, n := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(r)) + strings.ToLower(s[n:])
	}))
	addStrMethod("title", strMap(func(s string) string {
		prevCased := false
		return strings.Map(func(r rune) rune {
			out := r
			if prevCased {
				out = unicode.ToLower(r)
			} else {
				out = unicode.ToTitle(r)
			}
			prevCased = unicode.IsLetter(r)
			return out
		}, s)
	}))
	for _, n := range []string{"count", "index", "rindex", "rfind"} {
		addStrMethod(n, strSearch(n))
	}
	part := func(name string, last bool) strMethodFunc {
		return func(s String, args Tuple, kw StringDict) (Object, error) {
			sep, err := strArg(args, 0, name)
			if err != nil {
				return nil, err
			}
			if sep == "" {
				return nil, ExceptionNewf(ValueError, "empty separator")
			}
			str := string(s)
			i := strings.Index(str, sep)
			if last {
				i = strings.LastIndex(str, sep)
			}
			if i < 0 {
				if last {
					return Tuple{String(""), String(""), s}, nil
				}
				return Tuple{s, String(""), String("")}, nil
			}
			return Tuple{String(str[:i]), String(sep), String(str[i+len(sep):])}, nil
		}
	}
	addStrMethod("partition", part("partition", false))
	addStrMethod("rpartition", part("rpartition", true))
	addStrMethod("splitlines", func(s String, args Tuple, kw StringDict) (Object, error) {
		keep := false
		if len(args) > 0 {
			keep = args[0] == True
		}
		if v, ok := kw["keepends"]; ok {
			keep = v == True
		}
		out := NewList()
		str := string(s)
		for str != "" {
			i := strings.IndexAny(str, "\n\r")
			if i < 0 {
				out.Append(String(str))
				break
			}
			end := i + 1
			if str[i] == '\r' && end < len(str) && str[end] == '\n' {
				end++
			}
			if keep {
				out.Append(String(str[:end]))
			} else {
				out.Append(String(str[:i]))
			}
			str = str[end:]
		}
		return out, nil
	})
	addStrMethod("expandtabs", func(s String, args Tuple, kw StringDict) (Object, error) {
		size := 8
		if len(args) > 0 {
			n, err := IndexInt(args[0])
			if err != nil {
				return nil, err
			}
			size = n
		}
		var b strings.Builder
		col := 0
		for _, r := range string(s) {
			switch r {
			case '\t':
				if size > 0 {
					n := size - col%size
					// The tab size is the caller's: '\t'.expandtabs(10**10).
					if n > MaxSize() {
						return nil, CheckSize(n)
					}
					if err := CheckSize(b.Len() + n); err != nil {
						return nil, err
					}
					b.WriteString(strings.Repeat(" ", n))
					col += n
				}
			case '\n', '\r':
				b.WriteRune(r)
				col = 0
			default:
				b.WriteRune(r)
				col++
			}
		}
		return String(b.String()), nil
	})
	addStrMethod("removeprefix", func(s String, args Tuple, kw StringDict) (Object, error) {
		p, err := strArg(args, 0, "removeprefix")
		return String(strings.TrimPrefix(string(s), p)), err
	})
	addStrMethod("removesuffix", func(s String, args Tuple, kw StringDict) (Object, error) {
		p, err := strArg(args, 0, "removesuffix")
		return String(strings.TrimSuffix(string(s), p)), err
	})
	addStrMethod("rsplit", func(s String, args Tuple, kw StringDict) (Object, error) {
		var sep, maxObj Object = None, Int(-1)
		if err := ParseTupleAndKeywords(args, kw, "|OO:rsplit", []string{"sep", "maxsplit"}, &sep, &maxObj); err != nil {
			return nil, err
		}
		max, err := IndexInt(maxObj)
		if err != nil {
			return nil, err
		}
		var parts []string
		str := string(s)
		if sep == None {
			parts = strings.Fields(str)
			if max >= 0 && len(parts) > max+1 {
				cut := len(parts) - max
				head := strings.TrimRightFunc(str, unicode.IsSpace)
				for i := 0; i < max; i++ {
					head = strings.TrimRightFunc(head, unicode.IsSpace)
					j := strings.LastIndexFunc(head, unicode.IsSpace)
					head = head[:j+1]
				}
				parts = append([]string{strings.TrimSpace(head)}, parts[cut:]...)
			}
		} else {
			sp, ok := sep.(String)
			if !ok || sp == "" {
				return nil, ExceptionNewf(ValueError, "empty separator")
			}
			parts = strings.Split(str, string(sp))
			if max >= 0 && len(parts) > max+1 {
				cut := len(parts) - max
				parts = append([]string{strings.Join(parts[:cut], string(sp))}, parts[cut:]...)
			}
		}
		return NewListFromStrings(parts), nil
	})
	addStrMethod("encode", func(s String, args Tuple, kw StringDict) (Object, error) {
		return Bytes(string(s)), nil
	})
}
