package operator

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  string
	}{
		{"", nil, ""},
		{"   \t\n ", nil, ""},
		{"-p 2  --class Main", []string{"-p", "2", "--class", "Main"}, ""},
		{`-D 'a b' -D "c d"`, []string{"-D", "a b", "-D", "c d"}, ""},
		{`-Dk='x y'z`, []string{"-Dk=x yz"}, ""},
		{`'' ""`, []string{"", ""}, ""},
		{`a''b`, []string{"ab"}, ""},
		{`'it''s'`, []string{"its"}, ""},
		{`'a\b "c"'`, []string{`a\b "c"`}, ""},
		{`"a \"b\" \\ \$x \n"`, []string{`a "b" \ $x \n`}, ""},
		{`$HOME ~ *`, []string{"$HOME", "~", "*"}, ""},
		{`a\ b c\\d \'e`, []string{"a b", `c\d`, "'e"}, ""},
		{"a\\\nb", []string{"ab"}, ""},
		{"\"a\\\nb\"", []string{"ab"}, ""},
		{"é 'ü x'", []string{"é", "ü x"}, ""},
		{`'open`, nil, "unterminated single quote"},
		{`"open`, nil, "unterminated double quote"},
		{`"open\"`, nil, "unterminated double quote"},
		{`end\`, nil, "trailing backslash"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Split(tc.in)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("Split(%q) error %v, want %q", tc.in, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Split(%q) (-want +got):\n%s", tc.in, d)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{`a 'b c' "d\"e"`, `x\ y`, `''`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, err := Split(s)
		if err != nil {
			return
		}
		// Quoting every word back and splitting again gives the same words.
		var q string
		for i, w := range words {
			if i > 0 {
				q += " "
			}
			q += quote(w)
		}
		again, err := Split(q)
		if err != nil {
			t.Fatalf("Split(%q): %v", q, err)
		}
		if d := cmp.Diff(words, again); d != "" {
			t.Errorf("round trip of %q through %q (-first +second):\n%s", s, q, d)
		}
	})
}

// quote single-quotes w the way a shell user would.
func quote(w string) string {
	out := "'"
	for _, r := range w {
		if r == '\'' {
			out += `'\''`
			continue
		}
		out += string(r)
	}
	return out + "'"
}
