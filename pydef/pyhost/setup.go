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
// Afterwards the builtin types are only read (the metatype guard refuses
// writes from Python), so sessions in different goroutines do not race.
func patchTypes() {
	// Types made with Type.NewType after package py's init (this
	// package's Go types among them) are only queued; readying them fills
	// in their base and MRO, which isinstance relies on.
	if err := py.TypeMakeReady(); err != nil {
		panic("pyhost: " + err.Error())
	}
	// gpython's builtin types have object, not type, as their metatype,
	// so the hooks go on both.
	for _, t := range []*py.Type{py.TypeType, py.ObjectType} {
		t.Dict["__getattribute__"] = py.MustNewMethod("__getattribute__", typeGetattribute, 0, "type.__getattribute__(name)")
		t.Dict["__setattr__"] = py.MustNewMethod("__setattr__", typeSetattr, 0, "type.__setattr__(name, value)")
		t.Dict["__delattr__"] = py.MustNewMethod("__delattr__", typeDelattr, 0, "type.__delattr__(name)")
	}
	installEnumHooks()
	patchGenericTypes()
	patchDict()
	installDatetimeClassMethods()
	pystdOnce.Do(compilePystd)
}
