package pyhost

import (
	"sync"

	"github.com/go-python/gpython/py"
)

var setupOnce sync.Once

// Setup patches gpython's process-wide builtin types once. NewSession and
// Compile call it; call it yourself before starting goroutines that use
// gpython outside this package.
func Setup() {
	setupOnce.Do(patchTypes)
}

// patchTypes installs the type patches; it runs before any session exists.
// Afterwards the builtin types are only read (the fork refuses writes
// to them from Python, patch 36), so sessions in different goroutines do
// not race.
func patchTypes() {
	// Types made with Type.NewType after package py's init (this
	// package's Go types among them) are only queued; readying them fills
	// in their base and MRO, which isinstance relies on.
	if err := py.TypeMakeReady(); err != nil {
		panic("pyhost: " + err.Error())
	}
	installEnumHooks()
	patchDict()
	installDatetimeClassMethods()
	pystdOnce.Do(compilePystd)
}
