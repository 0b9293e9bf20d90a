package pyhost

import (
	"errors"
	"strings"
	"testing"

	"github.com/go-python/gpython/py"
)

func TestCompileSyntaxError(t *testing.T) {
	_, err := Compile("x = 1\ny = (2 +\n", "bad.py")
	var pe *PythonError
	if !errors.As(err, &pe) || pe.Type != "SyntaxError" || pe.Syntax == nil {
		t.Fatalf("got %#v, want a SyntaxError", err)
	}
	if pe.Syntax.File != "bad.py" || pe.Syntax.Line < 2 {
		t.Errorf("location %+v", pe.Syntax)
	}
	// The cache returns the same result.
	_, err2 := Compile("x = 1\ny = (2 +\n", "bad.py")
	if err2 == nil || err2.Error() != err.Error() {
		t.Errorf("cached compile gave %v, want %v", err2, err)
	}
}

func TestPanicsAreInternalErrors(t *testing.T) {
	s, err := NewSession(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	boom := newMethod("boom", func(py.Tuple, py.StringDict) (py.Object, error) { panic("interpreter bug") })
	_, err = s.Call(boom, nil, nil)
	var ie *InternalError
	if !errors.As(err, &ie) || !strings.Contains(ie.Message, "interpreter bug") {
		t.Fatalf("got %v, want an InternalError", err)
	}
	// The session is still usable afterwards.
	code, _ := Compile("x = 1\n", "after.py")
	if _, err := s.RunModule("after", "after.py", code); err != nil {
		t.Errorf("after a panic: %v", err)
	}
}

func TestPythonErrorTraceback(t *testing.T) {
	_, err := runSrc(t, "", "def f():\n    return {}['missing']\n\nf()\n")
	var pe *PythonError
	if !errors.As(err, &pe) || pe.Type != "KeyError" {
		t.Fatalf("got %v, want a KeyError", err)
	}
	var lines []int
	for _, f := range pe.Traceback {
		lines = append(lines, f.Line)
	}
	if len(lines) != 2 || lines[0] != 4 || lines[1] != 2 || pe.Traceback[1].Func != "f" {
		t.Errorf("traceback %+v", pe.Traceback)
	}
}

func TestClosedSession(t *testing.T) {
	s, err := NewSession(Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s.Close()
	if _, err := s.Import("json"); err == nil {
		t.Error("import on a closed session succeeded")
	}
}
