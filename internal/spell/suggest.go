package spell

import (
	"fmt"
	"strings"
	"unicode"
)

// Suggest appends "did you mean" or the sorted list of allowed values.
func Suggest(msg, got string, allowed []string) string {
	return SuggestOr(msg, got, allowed, "expected "+OneOf(allowed))
}

// SuggestOr appends "did you mean" the allowed value nearest to got, or
// else otherwise.
func SuggestOr(msg, got string, allowed []string, otherwise string) string {
	if near := Nearest(got, allowed); near != "" {
		return fmt.Sprintf("%s; did you mean %q?", msg, near)
	}
	return msg + "; " + otherwise
}

// OneOf formats allowed values as "a", "b" or "c".
func OneOf(allowed []string) string {
	q := make([]string, len(allowed))
	for i, a := range allowed {
		q[i] = fmt.Sprintf("%q", a)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// Identifier reports whether s is a Python identifier.
func Identifier(s string) bool {
	for i, r := range s {
		if r != '_' && !unicode.IsLetter(r) && (i == 0 || !unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}
