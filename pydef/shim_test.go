package pydef

import (
	"testing"

	"github.com/aiflow-go/aiflow/pydef/pyhost"
)

// TestShimCompiles compiles every shim module: they are compiled lazily on
// first import, so a broken one would otherwise surface only in the load
// that first imports it.
func TestShimCompiles(t *testing.T) {
	mods, err := loadShim()
	if err != nil {
		t.Fatal(err)
	}
	if len(mods) < 30 {
		t.Fatalf("only %d shim modules", len(mods))
	}
	for name, m := range mods {
		if _, err := pyhost.Compile(m.Source, m.File); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestShimTemplate: every module of the shim and of the sandbox's
// standard library can go into a template (Templates would otherwise
// leave it out and sessions would keep executing it).
func TestShimTemplate(t *testing.T) {
	mods, err := loadShim()
	if err != nil {
		t.Fatal(err)
	}
	names := pyhost.StdlibModules()
	for name := range mods {
		names = append(names, name)
	}
	tm, err := pyhost.NewTemplate(mods, names)
	if err != nil {
		t.Fatal(err)
	}
	if tm.Len() == 0 {
		t.Error("empty template")
	}
}
