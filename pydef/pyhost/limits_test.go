package pyhost

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-python/gpython/py"

	"github.com/aiflow-go/aiflow/pydef/rewrite"
)

// TestMemoryLimits checks that the loader's own Go code refuses to build
// objects over gpython's size limit (py.MaxSize) when the Python program
// picks the size: each expression must raise MemoryError (or the named
// exception) at once instead of running the process out of memory. The
// limit is lowered to 1 MiB so that the cases that build large objects
// legitimately before crossing it stay fast; TestMemoryLimitsDefault
// runs the cases that are independent of the limit at the default.
func TestMemoryLimits(t *testing.T) {
	prev := py.MaxSize()
	py.SetMaxSize(1 << 20)
	defer py.SetMaxSize(prev)
	runMemoryCases(t, memoryCases)
}

func TestMemoryLimitsDefault(t *testing.T) {
	var huge []memoryCase
	for _, c := range memoryCases {
		if strings.Contains(c.expr, "10000000000") || strings.Contains(c.expr, "10**10") {
			huge = append(huge, c)
		}
	}
	if len(huge) < 20 {
		t.Fatalf("only %d cases independent of the limit", len(huge))
	}
	runMemoryCases(t, huge)
}

type memoryCase struct {
	name, expr string
	exc        string // "" means MemoryError
}

var memoryCases = []memoryCase{
	{"fstring width", `f"{1:>10000000000}"`, ""},
	{"fstring width of str", `f"{'x':10000000000}"`, ""},
	{"format method width", `'{:>10000000000}'.format(1)`, ""},
	{"format builtin width", `format(1, '>10000000000')`, ""},
	{"format_map width", `'{x:>10000000000}'.format_map({'x': 1})`, ""},
	{"nested width", `'{:>{}}'.format(1, 10**10)`, ""},
	{"multibyte fill", `'{:é^600000}'.format(1)`, ""},
	{"char width", `format(65, '10000000000c')`, ""},
	{"float width", `format(1.5, '10000000000')`, ""},
	{"inf width", `format(float('inf'), '10000000000')`, ""},
	{"float precision f", `'{:.10000000000f}'.format(1.5)`, ""},
	{"float precision e", `f"{1.5:.10000000000e}"`, ""},
	{"float precision g alt", `format(0.0, '#.10000000000g')`, ""},
	{"float precision percent", `format(0.5, '.10000000000%')`, ""},
	{"int as float precision", `format(1, '.10000000000f')`, ""},
	{"zero fill grouping", `format(1, '010000000000,')`, ""},
	{"zero fill grouping negative", `format(-1.5, '0=10000000000,.1f')`, ""},
	{"width overflows int", `'{:>99999999999999999999999}'.format(1)`, "ValueError"},
	{"precision overflows int", `'{:.99999999999999999999999f}'.format(1.5)`, "ValueError"},
	{"fields together", `'{:>600000}{:>600000}'.format(1, 2)`, ""},
	{"fstring fields together", `f'{1:>600000}{2:>600000}'`, ""},
	{"ascii conversion", `f"{'é' * 300000!a}"`, ""},
	{"expandtabs", `'\t'.expandtabs(10**10)`, ""},
	{"expandtabs many tabs", `('\t' * 1000).expandtabs(2000)`, ""},
	{"json indent", `json.dumps([1], indent=10**10)`, ""},
	{"json indent times depth", `json.dumps([[[[1]]]], indent=' ' * 300000)`, ""},
	{"json repeated string", `json.dumps(['x' * 400000] * 3)`, ""},
	{"json separators", `json.dumps([0] * 20, separators=(' ' * 100000, ':'))`, ""},
	{"random choices", `random.choices([1], k=10**10)`, ""},
	{"list unpacking", `[*range(10**10)]`, ""},
	{"tuple unpacking", `(*range(10**10),)`, ""},
	{"set unpacking", `{*range(10**10)}`, ""},
	{"dict fromkeys", `dict.fromkeys(range(10**10))`, ""},
	{"base64", `base64.b64encode(b'x' * 1000000)`, ""},
	{"itertools product repeat", `list(itertools.product('ab', repeat=10**10))`, ""},
	{"re sub matches", `re.sub('', '-', 'x' * 100000)`, ""},
	{"re sub repl", `re.sub('x', 'y' * 20000, 'x' * 100)`, ""},
	{"re sub template group", `re.sub('.+', r'\g<0>' * 20, 'x' * 100000)`, ""},
}

// runMemoryCases runs each case's expression and expects its exception.
func runMemoryCases(t *testing.T, cases []memoryCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.exc
			if want == "" {
				want = "MemoryError"
			}
			src := "import base64, itertools, json, random, re\ntry:\n    x = " + tc.expr +
				"\n    print('no error', len(x))\nexcept " + want + ":\n    print('raised')\n"
			res, err := rewrite.Rewrite([]byte(src))
			if err != nil {
				t.Fatalf("rewrite: %v", err)
			}
			start := time.Now()
			out, err := runSrc(t, "", string(res.Source))
			if err != nil {
				t.Fatalf("%s: %v", tc.expr, err)
			}
			if strings.TrimSpace(out) != "raised" {
				t.Errorf("%s printed %q, want %s", tc.expr, out, want)
			}
			// A generous bound: the point is not to allocate gigabytes.
			if d := time.Since(start); d > 5*time.Second && !raceEnabled {
				t.Errorf("%s took %v", tc.expr, d)
			}
		})
	}
}

// TestGoWorkBounded checks the loader's side of fork patches 34 and 35:
// work done in Go inside one Python operation ends with the default step
// budget or with CPython's exception, and the loader's own int
// formatting keeps CPython's limit of 4300 digits.
func TestGoWorkBounded(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"modular pow", "pow(3, 10**100000, 10**100000+7)", "budget"},
		{"list repeat", "[len([0]*(3<<20)) for i in range(2000)]", "budget"},
		{"count", "s = 'ab'*(30<<20)\nfor i in range(100000):\n    s.count('b')", "budget"},
		{"in", "s = 'ab'*(30<<20)\nfor i in range(100000):\n    'c' in s", "budget"},
		{"int of str", "int('9'*10**7)", "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 10000000 digits; use sys.set_int_max_str_digits() to increase the limit"},
		{"deep repr", "d = {}\nx = d\nfor i in range(200000):\n    x['a'] = {}\n    x = x['a']\nstr(d)", "RecursionError: maximum recursion depth exceeded while getting the repr of an object"},
		{"fstring", "f'{10**5000}'", "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"},
		{"format d", "'{:,d}'.format(-10**5000)", "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"},
		{"json", "import json\njson.dumps([10**5000])", "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := rewrite.Rewrite([]byte(tc.src + "\n"))
			if err != nil {
				t.Fatalf("rewrite: %v", err)
			}
			_, err = runSrc(t, "", string(res.Source))
			var be *BudgetError
			var pe *PythonError
			switch {
			case tc.want == "budget":
				if !errors.As(err, &be) {
					t.Errorf("got %v, want a BudgetError", err)
				}
			case !errors.As(err, &pe) || pe.Type+": "+pe.Message != tc.want:
				t.Errorf("got %v, want %s", err, tc.want)
			}
		})
	}
	// Just inside the limits.
	res, err := rewrite.Rewrite([]byte("print(len(f'{10**4299}'), len(str(int('9'*4300))), len(format(10**5000, 'x')), pow(3, 10**30, 10**30+7))\n"))
	if err != nil {
		t.Fatalf("rewrite: %v", err)
	}
	out, err := runSrc(t, "", string(res.Source))
	if err != nil || out != "4300 4300 4153 378952878050297599609198321092\n" {
		t.Errorf("got %q, %v", out, err)
	}
}
