package pydef

import (
	"embed"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/aiflow-go/aiflow/pydef/pyhost"
)

// shimFS holds the ai_flow and notification_service packages that
// definition files import. They are written in the Python subset that both
// gpython and CPython run, so the CPython reference test uses the same files.
//
//go:embed all:shim
var shimFS embed.FS

// shimPrefix starts the file name of every shim module, so that tracebacks
// can tell shim frames from the user's.
const shimPrefix = "<aiflow-shim>/"

var (
	shimOnce    sync.Once
	shimModules map[string]*pyhost.Module
	shimErr     error
)

// loadShim lists the shim's modules once per process; each is compiled on
// its first import, so a run that loads only YAML, or a file that imports
// little of ai_flow, does not compile the whole shim.
func loadShim() (map[string]*pyhost.Module, error) {
	shimOnce.Do(func() {
		mods := map[string]*pyhost.Module{}
		err := fs.WalkDir(shimFS, "shim", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || path.Ext(p) != ".py" {
				return err
			}
			src, err := shimFS.ReadFile(p)
			if err != nil {
				return err
			}
			rel := strings.TrimPrefix(p, "shim/")
			file := shimPrefix + rel
			name := strings.ReplaceAll(strings.TrimSuffix(rel, ".py"), "/", ".")
			pkg := strings.HasSuffix(name, ".__init__")
			name = strings.TrimSuffix(name, ".__init__")
			mods[name] = &pyhost.Module{Name: name, Source: string(src), IsPackage: pkg, File: file}
			return nil
		})
		shimModules, shimErr = mods, err
	})
	return shimModules, shimErr
}

var (
	templatesOnce sync.Once
	templates     *pyhost.Templates
)

// shimTemplates is the process's cache of templates of the shim (and of
// the sandbox's standard library written in Python): after the first
// loads, sessions copy the modules they import instead of executing them
// again. Nil when the shim cannot be read (NewLoader reports that).
func shimTemplates() *pyhost.Templates {
	templatesOnce.Do(func() {
		if mods, err := loadShim(); err == nil {
			templates = pyhost.NewTemplates(mods)
		}
	})
	return templates
}

func isShimFile(file string) bool { return strings.HasPrefix(file, shimPrefix) }

// ShimFS returns the definition shim (the ai_flow and notification_service
// packages) rooted at the folder that holds them; engine/pyrun.Install lays
// the run-time modules over it, so tasks see the same Python surface.
func ShimFS() fs.FS {
	sub, err := fs.Sub(shimFS, "shim")
	if err != nil {
		panic(err) // "shim" is a directory of the embedded tree
	}
	return sub
}
