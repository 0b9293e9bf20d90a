package rewrite

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-python/gpython/parser"
	"github.com/go-python/gpython/py"
)

// BenchmarkRewrite rewrites an 8 KB workflow file with a dozen f-strings,
// annotations, object-keyed dicts and super(): two corpus files end to end.
func BenchmarkRewrite(b *testing.B) {
	var src []byte
	for _, name := range []string{"online_ml", "idioms"} {
		part, err := os.ReadFile(filepath.Join("..", "..", "testdata", "workflows", name+".py"))
		if err != nil {
			b.Fatal(err)
		}
		src = append(src, part...)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Rewrite(src); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzRewrite checks that Rewrite never panics, keeps the line count of
// every input it tokenizes, and keeps source gpython already parses
// parseable.
func FuzzRewrite(f *testing.F) {
	for _, s := range []string{
		"x: int = 5\n", "print(f\"a{x!r:>{w}}b\" 'c')\n", "d = {a: 1, **b}\n", "f(*a, *b, **c, k=1)\n",
		"class A(B):\n    def f(self):\n        super().f()\n", "t = f'''{x\n}'''\n", "rf\"\\{x}\"", "n = 1_0\n",
		"if (a := 1): pass\n", "x: Dict[str,\n  int]\n", "f\"{x=}\"", "[*a, b]\n", "if x:\n\ty\n        z\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := Rewrite(src)
		if err != nil {
			return
		}
		if a, b := bytes.Count(src, []byte{'\n'}), bytes.Count(res.Source, []byte{'\n'}); a != b {
			t.Fatalf("line count %d -> %d for %q:\n%q", a, b, src, res.Source)
		}
		for l := 1; l <= len(res.starts); l++ {
			for c := 1; c < 5; c++ {
				res.MapPos(l, c*7)
				res.MapOffset(l, c*5)
			}
		}
		if _, err := parser.Parse(bytes.NewReader(src), "f.py", py.ExecMode); err != nil {
			return
		}
		if _, err := parser.Parse(bytes.NewReader(res.Source), "f.py", py.ExecMode); err != nil {
			t.Fatalf("gpython parses %q but not its rewrite %q: %v", src, res.Source, err)
		}
	})
}
