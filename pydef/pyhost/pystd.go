package pyhost

import (
	"embed"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/go-python/gpython/py"
)

// pystdFS holds the standard-library modules written in Python (typing,
// abc, enum, logging, ...). They are compiled once per process and
// executed per session.
//
//go:embed pystd
var pystdFS embed.FS

type pystdEntry struct {
	code *py.Code
	file string
	pkg  bool
}

var (
	pystdOnce sync.Once
	pystdMods map[string]pystdEntry
	pystdErr  error
)

// pystdCode returns the compiled Python stdlib module name.
func pystdCode(name string) (*py.Code, string, bool, bool) {
	pystdOnce.Do(compilePystd)
	if pystdErr != nil {
		panic("pyhost: embedded stdlib does not compile: " + pystdErr.Error())
	}
	e, ok := pystdMods[name]
	return e.code, e.file, e.pkg, ok
}

// StdlibModules returns the names of the standard-library modules
// written in Python (typing, enum, logging, ...), sorted: what a Template
// can hold besides the host's own modules.
func StdlibModules() []string {
	pystdOnce.Do(compilePystd)
	names := make([]string, 0, len(pystdMods))
	for name := range pystdMods {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// compilePystd compiles every embedded module; a failure is a bug in this
// package, found by its tests.
func compilePystd() {
	pystdMods = map[string]pystdEntry{}
	var walk func(dir string) error
	walk = func(dir string) error {
		ents, err := pystdFS.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range ents {
			p := path.Join(dir, e.Name())
			if e.IsDir() {
				if err := walk(p); err != nil {
					return err
				}
				continue
			}
			if !strings.HasSuffix(p, ".py") {
				continue
			}
			src, err := pystdFS.ReadFile(p)
			if err != nil {
				return err
			}
			file := "<pystd>/" + strings.TrimPrefix(p, "pystd/")
			code, err := py.Compile(string(src), file, py.ExecMode, 0, true)
			if err != nil {
				return err
			}
			mod := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(p, "pystd/"), ".py"), "/", ".")
			pkg := strings.HasSuffix(mod, ".__init__")
			mod = strings.TrimSuffix(mod, ".__init__")
			pystdMods[mod] = pystdEntry{code: code, file: file, pkg: pkg}
		}
		return nil
	}
	pystdErr = walk("pystd")
}
