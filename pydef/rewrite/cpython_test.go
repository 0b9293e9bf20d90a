package rewrite

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// helpersPy is a reference implementation of the runtime helper contract
// in the package documentation, used to check the rewrite under CPython.
const helpersPy = `
import builtins, sys

def __fstr__(*a):
    assert len(a) % 4 == 1, a
    out = [a[0]]
    for i in range(1, len(a), 4):
        v, conv, spec, lit = a[i:i + 4]
        assert conv in ('', 'r', 's', 'a') and isinstance(spec, str) and isinstance(lit, str)
        v = {'': lambda v: v, 'r': repr, 's': str, 'a': ascii}[conv](v)
        out += [format(v, spec), lit]
    return ''.join(out)

def __objdict__(pairs):
    return dict(pairs)

def __merge_dicts__(*ms):
    d = {}
    for m in ms:
        for k in m.keys():
            d[k] = m[k]
    return d

def __merge_kwargs__(*ms):
    d = {}
    for m in ms:
        for k in m.keys():
            if not isinstance(k, str):
                raise TypeError("keywords must be strings")
            if k in d:
                raise TypeError("got multiple values for keyword argument '%s'" % k)
            d[k] = m[k]
    return d

def __unpack_list__(*its):
    return [x for it in its for x in it]

def __unpack_tuple__(*its):
    return tuple(__unpack_list__(*its))

def __unpack_set__(*its):
    return set(__unpack_list__(*its))

for f in (__fstr__, __objdict__, __merge_dicts__, __merge_kwargs__, __unpack_list__, __unpack_tuple__, __unpack_set__):
    setattr(builtins, f.__name__, f)
src = open(sys.argv[1], encoding='utf-8').read()
exec(compile(src, sys.argv[1], 'exec'), {'__name__': '__main__'})
`

// TestCPythonSemantics runs testdata/semantics.py under CPython as written
// and rewritten (with helpersPy) and compares what they print.
func TestCPythonSemantics(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not available")
	}
	src, err := os.ReadFile("testdata/semantics.py")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Rewrite(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unsupported) > 0 {
		t.Fatalf("unexpected problems: %v", res.Unsupported)
	}
	gparse(t, res.Source)
	dir := t.TempDir()
	runner := filepath.Join(dir, "run.py")
	rewritten := filepath.Join(dir, "rewritten.py")
	if err := os.WriteFile(runner, []byte(helpersPy), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rewritten, res.Source, 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := exec.Command(py, "-W", "ignore", runner, "testdata/semantics.py").CombinedOutput()
	if err != nil {
		t.Fatalf("original: %v\n%s", err, want)
	}
	got, err := exec.Command(py, "-W", "ignore", runner, rewritten).CombinedOutput()
	if err != nil {
		t.Fatalf("rewritten: %v\n%s\n%s", err, got, res.Source)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("output differs (-original +rewritten):\n%s", diff)
	}
}
