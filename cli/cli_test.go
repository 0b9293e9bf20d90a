package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestMainExitCodes(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // substring
		stderr     string // substring
		emptyOut   bool
		emptyError bool
	}{
		{name: "help", args: []string{"--help"}, code: 0, stdout: "Usage: aiflow <command>", emptyError: true},
		{name: "command help", args: []string{"validate", "-h"}, code: 0, stdout: "Usage: aiflow validate", emptyError: true},
		{name: "version", args: []string{"version"}, code: 0, stdout: Version + "\n", emptyError: true},
		{name: "no command", args: nil, code: 2, stderr: "aiflow: error: expected one of", emptyOut: true},
		{name: "unknown command", args: []string{"valdate"}, code: 2, stderr: `did you mean "validate"?` + "\nsee 'aiflow --help'\n", emptyOut: true},
		{name: "unknown flag", args: []string{"validate", "--frmat=json"}, code: 2, stderr: "see 'aiflow validate --help'\n", emptyOut: true},
		{name: "bad format", args: []string{"validate", "-o", "xml"}, code: 2, stderr: `--format must be one of "text","json","github","sarif" but got "xml"`, emptyOut: true},
		{name: "bad color", args: []string{"--color", "maybe", "version"}, code: 2, stderr: "--color must be one of", emptyOut: true},
		{name: "missing path", args: []string{"validate", "testdata/no-such-file.yaml"}, code: 1,
			stdout: `testdata/no-such-file.yaml: error: cannot read "testdata/no-such-file.yaml": no such file or directory [file-error]`, stderr: "1 error\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main(tt.args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, &stdout, &stderr)
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout does not contain %q:\n%s", tt.stdout, &stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.stderr, &stderr)
			}
			if tt.emptyOut && stdout.Len() > 0 {
				t.Errorf("stdout not empty:\n%s", &stdout)
			}
			if tt.emptyError && stderr.Len() > 0 {
				t.Errorf("stderr not empty:\n%s", &stderr)
			}
		})
	}
}

// TestValidateRestoresGC: validate raises GOGC for its own run only; Main
// also runs in-process.
func TestValidateRestoresGC(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set")
	}
	path := filepath.Join(t.TempDir(), "w.yaml")
	if err := os.WriteFile(path, []byte("name: w\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := debug.SetGCPercent(123)
	defer debug.SetGCPercent(before)
	var stdout, stderr bytes.Buffer
	Main([]string{"validate", path}, strings.NewReader(""), &stdout, &stderr)
	if got := debug.SetGCPercent(123); got != 123 {
		t.Errorf("GC percent after validate = %d, want 123", got)
	}
}

// TestHelpGroupOrder: every group is declared, so help lists them in the
// declared order.
func TestHelpGroupOrder(t *testing.T) {
	var stdout, stderr bytes.Buffer
	Main([]string{"--help"}, strings.NewReader(""), &stdout, &stderr)
	out := stdout.String()
	last := -1
	for _, g := range []string{"\nDefinitions\n", "\nServer\n", "\nMetadata\n", "\nEvents\n", "\nOther\n"} {
		i := strings.Index(out, g)
		if i <= last {
			t.Fatalf("group %q missing or out of order in:\n%s", strings.TrimSpace(g), out)
		}
		last = i
	}
}
