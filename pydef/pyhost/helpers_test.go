package pyhost

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runSrc runs src as module "wf" from file wf.py in dir (a temp folder when
// empty) and returns what it printed.
func runSrc(t *testing.T, dir, src string, mut ...func(*Options)) (string, error) {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	var out bytes.Buffer
	opts := Options{Dir: dir, Stdout: &out}
	for _, m := range mut {
		m(&opts)
	}
	s, err := NewSession(opts)
	if err != nil {
		t.Fatalf("NewSession: %v", err)
	}
	defer s.Close()
	file := filepath.Join(dir, "wf.py")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, err := Compile(src, file)
	if err != nil {
		return out.String(), err
	}
	_, err = s.RunModule("wf", file, code)
	return out.String(), err
}

// dedent removes the common indentation of a raw-string snippet.
func dedent(s string) string {
	lines := strings.Split(strings.TrimPrefix(s, "\n"), "\n")
	min := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if min < 0 || n < min {
			min = n
		}
	}
	for i, l := range lines {
		if len(l) >= min && min > 0 {
			lines[i] = l[min:]
		}
	}
	return strings.Join(lines, "\n")
}
