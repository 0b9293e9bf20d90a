package cli

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// completeArgs runs Main as the shell does for completion and returns the
// sorted candidates. It sets environment variables, so callers must not run
// in parallel.
func completeArgs(t *testing.T, line string, point int) []string {
	t.Helper()
	t.Setenv("COMP_LINE", line)
	t.Setenv("COMP_POINT", strconv.Itoa(point))
	var stdout, stderr bytes.Buffer
	// bash passes the command name, the word under the cursor and the one
	// before it: no command line for kong to parse.
	if code := Main([]string{"aiflow", "x", "aiflow"}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("exit code %d, want 0; stderr:\n%s", code, &stderr)
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr not empty:\n%s", &stderr)
	}
	var got []string // nil when there is nothing, like the test tables
	got = append(got, strings.Fields(stdout.String())...)
	sort.Strings(got)
	return got
}

func TestCompletion(t *testing.T) {
	// No server: name completion must answer nothing, and quickly.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("AIFLOW_HOME", t.TempDir())
	t.Setenv("AIFLOW_SERVER", addr)

	dir := t.TempDir()
	for _, name := range []string{"a.py", "b.yaml", "c.yml", "notes.txt", "sub/d.py"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)

	tests := []struct {
		name  string
		line  string
		point int // -1: end of line
		want  []string
	}{
		{"command prefix", "aiflow wo", -1, []string{"workflow", "workflow-execution", "workflow-schedule", "workflow-trigger"}},
		{"subcommands", "aiflow workflow ", -1, []string{"apply", "delete", "disable", "enable", "graph", "list", "show", "upload"}},
		{"format values", "aiflow validate --format ", -1, []string{"github", "json", "sarif", "text"}},
		{"format alias values", "aiflow validate --output j", -1, []string{"json"}},
		{"output values", "aiflow workflow list -o ", -1, []string{"json", "table", "yaml"}},
		{"global flag values", "aiflow --log-level w", -1, []string{"warn"}},
		{"flags", "aiflow workflow list --", -1, []string{"--color", "--help", "--log-level", "--namespace", "--output"}},
		{"shells", "aiflow completion ", -1, []string{"bash", "fish", "zsh"}},
		{"cursor inside line", "aiflow wo list", len("aiflow wo"), []string{"workflow", "workflow-execution", "workflow-schedule", "workflow-trigger"}},
		{"definition files", "aiflow validate ", -1, []string{"./", "a.py", "b.yaml", "c.yml", "sub/"}},
		{"definition files in folder", "aiflow workflow upload sub/", -1, []string{"sub/", "sub/d.py"}},
		{"artifact files", "aiflow workflow upload a.py -f n", -1, []string{"notes.txt"}},
		{"workflow names without server", "aiflow workflow show ", -1, nil},
		{"namespaces without server", "aiflow workflow list -n ", -1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			point := tt.point
			if point < 0 {
				point = len(tt.line)
			}
			got := completeArgs(t, tt.line, point)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("completions of %q (-want +got):\n%s", tt.line, diff)
			}
		})
	}
}

func TestLineNamespace(t *testing.T) {
	tests := []struct {
		name  string
		words []string
		want  string
	}{
		{"none", []string{"workflow", "show"}, "default"},
		{"short", []string{"workflow", "show", "-n", "ml"}, "ml"},
		{"short attached", []string{"workflow", "show", "-nml"}, "ml"},
		{"short equals", []string{"workflow", "show", "-n=ml"}, "ml"},
		{"long", []string{"workflow", "show", "--namespace", "ml"}, "ml"},
		{"long equals", []string{"workflow", "show", "--namespace=ml"}, "ml"},
		{"value missing", []string{"workflow", "show", "-n"}, "default"},
		{"last wins", []string{"workflow", "show", "-n", "a", "-n", "b"}, "b"},
		{"other flag", []string{"workflow", "show", "--no-color"}, "default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lineNamespace(tt.words); got != tt.want {
				t.Errorf("lineNamespace(%q) = %q, want %q", tt.words, got, tt.want)
			}
		})
	}
}

func TestShellQuote(t *testing.T) {
	tests := []struct {
		in, posix, fish string
	}{
		{"/usr/local/bin/aiflow", "/usr/local/bin/aiflow", "/usr/local/bin/aiflow"},
		{"/a b/aiflow", "'/a b/aiflow'", "'/a b/aiflow'"},
		{`/it's\bin/aiflow`, `'/it'\''s\bin/aiflow'`, `'/it\'s\\bin/aiflow'`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := posixQuote(tt.in); got != tt.posix {
				t.Errorf("posixQuote(%q) = %q, want %q", tt.in, got, tt.posix)
			}
			if got := fishQuote(tt.in); got != tt.fish {
				t.Errorf("fishQuote(%q) = %q, want %q", tt.in, got, tt.fish)
			}
		})
	}
}
