// Package layers holds the test that keeps the package dependencies
// pointing one way: cli -> parser -> {pydef, yamldef} -> ir -> operator, and storage
// below everything that uses it.
package layers

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/aiflow-go/aiflow/"

// allowed lists, for each package, the project packages it may depend on
// (directly or not). A package missing here may import nothing of the
// project.
var allowed = map[string][]string{
	"ir":                {"internal/spell", "operator"},
	"celcond":           {"ir", "internal/spell", "operator"},
	"yamldef":           {"ir", "internal/spell", "operator"},
	"pydef/rewrite":     {},
	"pydef/pyhost":      {"pydef/rewrite"},
	"pydef":             {"ir", "internal/spell", "operator", "pydef/pyhost", "pydef/rewrite"},
	"parser":            {"celcond", "ir", "internal/spell", "operator", "pydef", "pydef/pyhost", "pydef/rewrite", "yamldef"},
	"storage":           {},
	"storage/sqlite":    {"storage"},
	"config":            {"internal/spell"},
	"engine/state":      {"celcond", "ir", "internal/spell", "operator", "storage"},
	"operator":          {"internal/spell"},
	"engine/process":    {},
	"engine/supervisor": {"api", "client", "engine/process"},
	"engine/pyrun":      {"internal/spell", "operator"},
	"engine": {"api", "celcond", "client", "operator", "engine/process", "engine/pyrun", "engine/state",
		"engine/supervisor", "internal/spell", "ir", "storage"},
	"api":    {},
	"client": {"api"},
	"server": {"api", "celcond", "client", "config", "engine", "operator", "engine/process", "engine/pyrun", "engine/state",
		"engine/supervisor", "internal/spell", "ir", "parser", "pydef", "pydef/pyhost", "pydef/rewrite", "yamldef",
		"storage", "storage/sqlite"},
	// The test harness runs the real aiflow binary rather than linking cli.
	"engine/enginetest": {"api", "celcond", "client", "config", "engine", "operator", "engine/process", "engine/pyrun",
		"engine/state", "engine/supervisor", "internal/spell", "ir", "parser", "pydef", "pydef/pyhost", "pydef/rewrite",
		"yamldef", "server", "storage", "storage/sqlite", "storage/sqlite/sqlitetest"},
}

func TestLayers(t *testing.T) {
	for pkg, ok := range allowed {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", module+pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			rel, own := strings.CutPrefix(dep, module)
			if !own || rel == pkg || slices.Contains(ok, rel) {
				continue
			}
			t.Errorf("%s depends on %s, which is not in its allowed layers %v", pkg, rel, ok)
		}
	}
}
