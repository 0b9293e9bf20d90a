package parser

import (
	"bytes"
	"testing"

	"github.com/go-python/gpython/py"
)

// TestSyntaxErrorOffset checks fork patch 13: a parse error points at the
// start of the offending token, as CPython does, not just past it.
func TestSyntaxErrorOffset(t *testing.T) {
	for _, tc := range []struct {
		src    string
		offset int // 0-based, as gpython stores it
	}{
		{"x = (1))\n", 7},
		{"yy = 1 +\n", 8},
		{"def f(:\n  pass\n", 6},
		{"print 'a'\n", 6},
	} {
		_, err := Parse(bytes.NewBufferString(tc.src), "f.py", py.ExecMode)
		exc, ok := err.(*py.Exception)
		if !ok {
			t.Fatalf("%q: got %v, want a SyntaxError", tc.src, err)
		}
		if got := int(exc.Dict["offset"].(py.Int)); got != tc.offset {
			t.Errorf("%q: offset %d, want %d", tc.src, got, tc.offset)
		}
	}
}
