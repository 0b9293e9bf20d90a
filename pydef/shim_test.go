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
