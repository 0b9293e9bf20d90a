package rewrite

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	_ "github.com/go-python/gpython/compile" // registers py.Compile
	"github.com/go-python/gpython/parser"
	"github.com/go-python/gpython/py"
	"github.com/google/go-cmp/cmp"
)

// gparse checks that gpython's 3.4 parser and its compiler accept src.
func gparse(t *testing.T, src []byte) {
	t.Helper()
	if _, err := parser.Parse(bytes.NewReader(src), "f.py", py.ExecMode); err != nil {
		t.Errorf("gpython cannot parse the output: %v\n%s", err, src)
		return
	}
	if _, err := py.Compile(string(src), "f.py", py.ExecMode, 0, true); err != nil {
		t.Errorf("gpython cannot compile the output: %v\n%s", err, src)
	}
}

func TestRewrite(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "x = 1\nprint('{}'.format(x))\n", "x = 1\nprint('{}'.format(x))\n"},
		{"fstring", `f"a{x}b"`, `__fstr__("a", (x), '', '', "b")`},
		{"fstring upper prefix", `F'{x}'`, `__fstr__('', (x), '', '', '')`},
		{"conversion and spec", `f"{x!r:>5}"`, `__fstr__("", (x), 'r', ">5", "")`},
		{"nested spec", `f"{x:>{width}.{p}}"`, `__fstr__("", (x), '', __fstr__(">", (width), '', '', ".", (p), '', '', ""), "")`},
		{"self documenting", `f"{x=}"`, `__fstr__("" 'x=', (x), 'r', '', "")`},
		{"self documenting spaces and spec", `f"{ x = :>3}"`, `__fstr__("" ' x = ', ( x ), '', ">3", "")`},
		{"self documenting conv", `f"{x=!s}"`, `__fstr__("" 'x=', (x), 's', '', "")`},
		{"escaped braces", `f"{{a}} {b}"`, `__fstr__("{a} ", (b), '', '', "")`},
		{"no fields", `f"{{a}}"`, `"{a}"`},
		{"raw no fields", `rf"\d{{2}}"`, `r"\d{2}"`},
		{"concatenation", `"a" f"{x}" 'b'`, `__fstr__("a" "", (x), '', '', "" 'b')`},
		{"concatenation across lines", "(\"a\"\n f\"{x}\")", "(__fstr__(\"a\"\n \"\", (x), '', '', \"\"))"},
		{"nested quotes", `f"{d['k']}"`, `__fstr__("", (d['k']), '', '', "")`},
		{"nested fstring", `f"{f'{x}'}"`, `__fstr__("", (__fstr__('', (x), '', '', '')), '', '', "")`},
		{"pep701 same quotes", `f"{d["k"]}"`, `__fstr__("", (d["k"]), '', '', "")`},
		{"dict in field", `f"{ {1: 2}[1] }"`, `__fstr__("", ( __objdict__([(1, 2)])[1] ), '', '', "")`},
		{"not equal is no conversion", `f"{a!=b}"`, `__fstr__("", (a!=b), '', '', "")`},
		{"slice colon", `f"{a[1:2]}"`, `__fstr__("", (a[1:2]), '', '', "")`},
		{"tuple field", `f"{a, b}"`, `__fstr__("", (a, b), '', '', "")`},
		{"triple quoted", "f\"\"\"a {x +\n  y} b\nc {z}\"\"\"", "__fstr__(\"\"\"a \"\"\", (x +\n  y), '', '', \"\"\" b\nc \"\"\", (z), '', '', \"\"\"\"\"\")"},
		{"triple quote before field", `f"""a"{x}"""`, `__fstr__("""a\"""", (x), '', '', """""")`},
		{"raw backslash before field", `rf"C:\{x}"`, `__fstr__(r"C:" '\\' r"", (x), '', '', r"")`},
		{"raw triple quote before field", `rf"""a"{x}"""`, `__fstr__(r"""a""" '"' r"""""", (x), '', '', r"""""")`},
		{"quote ending a triple-quoted spec", `f"""{x:"}"""`, `__fstr__("""""", (x), '', """\"""", """""")`},
		{"package doc example", `f"a{x!r:>{w}}b"`, `__fstr__("a", (x), 'r', __fstr__(">", (w), '', '', ""), "b")`},
		{"backslash before field", `f"\{x}"`, `__fstr__("\\", (x), '', '', "")`},
		{"named escape", `f"\N{BULLET} {x}"`, `__fstr__("\N{BULLET} ", (x), '', '', "")`},
		{"escaped quote", `f'it\'s {x}'`, `__fstr__('it\'s ', (x), '', '', '')`},
		{"bytes untouched", `b"{x}"`, `b"{x}"`},
		{"annotation with value", "x: int = 5\n", "x      = 5\n"},
		{"bare annotation", "x: int\n", "0     \n"},
		{"attribute annotation", "self.a: List[int] = []\n", "self.a            = []\n"},
		{"class annotations", "class S(Condition):\n    state: ValueState = None\n    n: int\n", "class S(Condition):\n    state             = None\n    0     \n"},
		{"multi-line annotation", "x: Dict[str,  # c\n        int] = {}\n", "x                \\\n             = {}\n"},
		{"annotation after compound header", "if a: x: int = 1\n", "if a: x      = 1\n"},
		{"function annotations stay", "def f(a: int) -> str: pass\n", "def f(a: int) -> str: pass\n"},
		{"lambda is not an annotation", "f = lambda x: x\nlambda: 0\n", "f = lambda x: x\nlambda: 0\n"},
		{"slice is not an annotation", "a[1:2] = b\n", "a[1:2] = b\n"},
		{"object keys", "{task4: TaskStatus.SUCCESS}", "__objdict__([(task4, TaskStatus.SUCCESS)])"},
		{"int keys", "d = {1: 'a', 2: 'b',}", "d = __objdict__([(1, 'a'), (2, 'b'),])"},
		{"string keys stay", `d = {'a': 1, "b" "c": 2}`, `d = {'a': 1, "b" "c": 2}`},
		{"bytes key", `d = {b'a': 1}`, `d = __objdict__([(b'a', 1)])`},
		{"empty dict", "d = {}", "d = {}"},
		{"set stays", "s = {a, b}", "s = {a, b}"},
		{"multi-line object dict", "d = {\n    a: 1,\n    b: 2,\n}\n", "d = __objdict__([\n    (a, 1),\n    (b, 2),\n])\n"},
		{"nested object dicts", "{a: {b: 1}}", "__objdict__([(a, __objdict__([(b, 1)]))])"},
		{"lambda value", "{k: lambda x: x}", "__objdict__([(k, lambda x: x)])"},
		{"dict comprehension", "{k: v for k, v in items}", "__objdict__([(k, v) for k, v in items])"},
		{"literal key comprehension stays", "{'a': v for v in x}", "{'a': v for v in x}"},
		{"set comprehension stays", "{v for v in x}", "{v for v in x}"},
		{"dict unpacking", "{**a, 'k': 1}", "__merge_dicts__(a, {'k': 1})"},
		{"dict unpacking object keys", "{**a, x: 1, **b}", "__merge_dicts__(a, __objdict__([(x, 1)]), b)"},
		{"list unpacking", "[*a, *b, c, d]", "__unpack_list__(a, b, [c, d])"},
		{"tuple unpacking", "(*a,)", "__unpack_tuple__(a,)"},
		{"set unpacking", "{*a, b}", "__unpack_set__(a, [b])"},
		{"star target stays", "first, *rest = [1, 2]\n[a, *b] = x\nfor a, *b in x: pass\n", "first, *rest = [1, 2]\n[a, *b] = x\nfor a, *b in x: pass\n"},
		{"lambda default is no target", "x = [*a] if c else lambda b=1: b", "x = __unpack_list__(a) if c else lambda b=1: b"},
		{"augmented assignment value", "x += [*a]", "x += __unpack_list__(a)"},
		{"for iterable is no target", "for x in [*a, *b]: pass\n", "for x in __unpack_list__(a, b): pass\n"},
		{"single star call stays", "f(a, *b, k=1, **c)", "f(a, *b, k=1, **c)"},
		{"two stars", "f(*a, *b)", "f(*__unpack_list__(a, b))"},
		{"two double stars", "f(**a, **b)", "f(**__merge_kwargs__(a, b))"},
		{"mixed call", "f(x, *a, y, k=1, **b, m=2)", "f(x, *__unpack_list__(a, [y]), k=1, **__merge_kwargs__(b, {'m':2}))"},
		{"trailing comma after kwargs", "BashOperator(\n    name='x',\n    **kwargs,\n)\n", "BashOperator(\n    name='x',\n    **kwargs \n)\n"},
		{"trailing comma in def", "def f(a, *args, **kw,): pass\n", "def f(a, *args, **kw ): pass\n"},
		{"trailing comma plain call stays", "f(a, b,)", "f(a, b,)"},
		{"super", "class A(B):\n    def __init__(self, x):\n        super().__init__(x)\n", "class A(B):\n    def __init__(self, x):\n        super(__class__, self).__init__(x)\n"},
		{"super other first parameter", "class A(B):\n    @classmethod\n    def make(cls): return super().make()\n", "class A(B):\n    @classmethod\n    def make(cls): return super(__class__, cls).make()\n"},
		{"super outside class stays", "def f(self):\n    super().g()\n", "def f(self):\n    super().g()\n"},
		{"super with arguments stays", "class A:\n    def f(self):\n        super(A, self).f()\n", "class A:\n    def f(self):\n        super(A, self).f()\n"},
		{"super after method", "class A(B):\n    def f(self):\n        pass\ndef g(x):\n    super().h()\n", "class A(B):\n    def f(self):\n        pass\ndef g(x):\n    super().h()\n"},
		{"underscores", "n = 1_000_000 + 0x_ff + 1_0.5e1_0", "n = 1000000 + 0xff + 10.5e10"},
		{"comment with fstring stays", "# f'{x}' {a: 1}\n", "# f'{x}' {a: 1}\n"},
		{"string with braces stays", "s = '{a: 1}'", "s = '{a: 1}'"},
		{"quickstart print", "def func(execution_id):\n    print(f\"Workflow execution {execution_id} is running\")\n", "def func(execution_id):\n    print(__fstr__(\"Workflow execution \", (execution_id), '', '', \" is running\"))\n"},
		{"action_on_task_status", "task5.action_on_task_status(TaskAction.START, {task4: TaskStatus.SUCCESS})\n", "task5.action_on_task_status(TaskAction.START, __objdict__([(task4, TaskStatus.SUCCESS)]))\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Rewrite([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(res.Source)); diff != "" {
				t.Errorf("Rewrite(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if len(res.Unsupported) > 0 {
				t.Errorf("unexpected problems: %v", res.Unsupported)
			}
			if a, b := bytes.Count([]byte(tt.in), []byte{'\n'}), bytes.Count(res.Source, []byte{'\n'}); a != b {
				t.Errorf("line count %d -> %d", a, b)
			}
			gparse(t, res.Source)
			checkNames(t, []byte(tt.in), res)
		})
	}
}

// checkNames checks that every identifier of the input that survives in
// the output maps back to its own position.
func checkNames(t *testing.T, in []byte, res *Result) {
	t.Helper()
	sc := &scanner{src: in}
	sc.run()
	starts := lineStarts(in)
	outStarts := lineStarts(res.Source)
	outLine := func(l int) []rune {
		end := len(res.Source)
		if l < len(outStarts) {
			end = outStarts[l]
		}
		return []rune(string(res.Source[outStarts[l-1]:end]))
	}
	for _, tk := range sc.toks {
		if tk.kind != kName {
			continue
		}
		name := string(in[tk.s:tk.e])
		line, col := position(in, starts, int(tk.s))
		out := outLine(line)
		found, seen := false, false
		for i := 0; i+len([]rune(name)) <= len(out); i++ {
			n := len([]rune(name))
			if string(out[i:i+n]) != name || i > 0 && isIdentRune(out[i-1]) || i+n < len(out) && (isIdentRune(out[i+n]) || out[i+n] >= '0' && out[i+n] <= '9') || i > 0 && out[i-1] >= '0' && out[i-1] <= '9' {
				continue
			}
			seen = true
			if l, c := res.MapPos(line, i+1); l == line && c == col {
				found = true
				break
			}
		}
		if seen && !found {
			t.Errorf("name %q at %d:%d does not map back", name, line, col)
		}
	}
}

func TestUnsupported(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Problem
	}{
		{"walrus", "if (n := len(a)) > 10:\n    pass\n", []Problem{{1, 7, 1, 9, "assignment expressions (:=) are not supported by the definition loader; assign on a separate line"}}},
		{"walrus in fstring field", "f'{(x:=1)}'", []Problem{{1, 6, 1, 8, "assignment expressions (:=) are not supported by the definition loader; assign on a separate line"}}},
		{"fstring spec is not walrus", "f'{x:=5}'", nil},
		{"match", "match cmd:\n    case 1:\n        pass\n", []Problem{{1, 1, 1, 6, "match statements are not supported by the definition loader; use if/elif"}}},
		{"match as name", "match = re.match(a)\nmatch(x)\n", nil},
		{"async def", "async def f():\n    await g()\n", []Problem{
			{1, 1, 1, 10, "async def is not supported by the definition loader"},
			{2, 5, 2, 10, "await is not supported by the definition loader"}}},
		{"async for", "async def f():\n    async for x in y: pass\n", []Problem{
			{1, 1, 1, 10, "async def is not supported by the definition loader"},
			{2, 5, 2, 14, "async for is not supported by the definition loader"}}},
		{"positional only", "def f(a, /, b):\n    pass\n", []Problem{{1, 10, 1, 11, "positional-only parameters (/) are not supported by the definition loader; remove the '/'"}}},
		{"positional only lambda", "g = lambda a, /: a\n", []Problem{{1, 15, 1, 16, "positional-only parameters (/) are not supported by the definition loader; remove the '/'"}}},
		{"division stays", "def f(a=1/2): return a / 2\n", nil},
		{"tab error", "if x:\n        a = 1\n\tb = 2\n", []Problem{{3, 1, 3, 2, "inconsistent use of tabs and spaces in indentation"}}},
		{"tabs alone are fine", "if x:\n\ta = 1\n\tif y:\n\t\tb = 2\n", nil},
		{"keyword between stars", "f(*a, k=1, *b)", []Problem{{1, 2, 1, 15, "a keyword argument between *iterable arguments is not supported by the definition loader; build the argument list first"}}},
		{"matrix multiplication", "c = a @ b\nc @= b\n", []Problem{
			{1, 7, 1, 8, "the matrix multiplication operator (@) is not supported by the definition loader"},
			{2, 3, 2, 5, "the matrix multiplication operator (@) is not supported by the definition loader"}}},
		{"decorators", "@dec\n@a.b(1)\nclass C:\n    @property\n    def f(self): pass\n", nil},
		{"decorator expression", "@buttons[0].connect\ndef f(): pass\n", []Problem{{1, 1, 1, 20, "this decorator expression is not supported by the definition loader; use a name, optionally with a call"}}},
		{"unicode columns", "s = 'é'; (n := 1)", []Problem{{1, 13, 1, 15, "assignment expressions (:=) are not supported by the definition loader; assign on a separate line"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Rewrite([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, res.Unsupported); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTokenizeErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     Problem
	}{
		{"unterminated string", "x = 1\ny = 'abc\n", Problem{2, 5, 2, 6, "unterminated string literal (detected at line 2)"}},
		{"unterminated triple", "x = '''abc\n\n", Problem{1, 5, 1, 6, "unterminated triple-quoted string literal (detected at line 3)"}},
		{"unterminated fstring", "x = f'{a}\n", Problem{1, 5, 1, 6, "unterminated string literal (detected at line 1)"}},
		{"single brace", "x = f'a}'", Problem{1, 8, 1, 9, "f-string: single '}' is not allowed"}},
		{"open field", "x = f'{a", Problem{1, 7, 1, 8, "f-string: expecting '}'"}},
		{"continuation", "x = 1 \\ 2", Problem{1, 7, 1, 8, "unexpected character after line continuation character"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Rewrite([]byte(tt.in))
			var p Problem
			if !errors.As(err, &p) {
				t.Fatalf("Rewrite(%q) = %v, %v; want a Problem", tt.in, res, err)
			}
			if diff := cmp.Diff(tt.want, p); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMapPos(t *testing.T) {
	in := "x = 1\ns = f\"é {a} and {b!r}\"  # c\n"
	res, err := Rewrite([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Split(string(res.Source), "\n")[1]
	col := func(s, sub string) int { return len([]rune(s[:strings.Index(s, sub)])) + 1 }
	tests := []struct {
		name          string
		line, col     int
		wLine, wCol   int
		useByteOffset bool
	}{
		{"unchanged line", 1, 3, 1, 3, false},
		{"before edits", 2, 1, 2, 1, false},
		{"name a", 2, col(out, "a)"), 2, 10, false},
		{"name b", 2, col(out, "b)"), 2, 18, false},
		{"comment", 2, col(out, "#"), 2, col(strings.Split(in, "\n")[1], "#"), false},
		{"inserted text maps to its source", 2, col(out, "'r'"), 2, 19, false},
		{"byte offset of b", 2, strings.Index(out, "b)"), 2, 18, true},
		{"line out of range", 9, 4, 9, 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l, c int
			if tt.useByteOffset {
				l, c = res.MapOffset(tt.line, tt.col)
			} else {
				l, c = res.MapPos(tt.line, tt.col)
			}
			if l != tt.wLine || c != tt.wCol {
				t.Errorf("got %d:%d, want %d:%d (output %q)", l, c, tt.wLine, tt.wCol, out)
			}
		})
	}
}

// Normalize reads source as CPython does: no byte order mark, universal
// newlines.
func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a\nb\n", "a\nb\n"},
		{"\xef\xbb\xbfa\n", "a\n"},
		{"a\r\nb\r\n", "a\nb\n"},
		{"a\rb\r", "a\nb\n"},
		{"a\r\r\nb", "a\n\nb"},
		{"s = 'x\r\ny'\r", "s = 'x\ny'\n"},
		{"a\xef\xbb\xbf", "a\xef\xbb\xbf"}, // only a leading mark goes
	} {
		if got := string(Normalize([]byte(tc.in))); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
