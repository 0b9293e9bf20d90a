package operator

import (
	"path/filepath"
	"strings"
)

// Bash is BashOperator's kind.
const Bash Kind = "bash"

func init() {
	register(&Operator{Kind: Bash, Class: "BashOperator", Module: "ai_flow.operators.bash", Field: "bash",
		Doc: "Runs a command with bash -c in its own process group.",
		Args: []Arg{
			{Name: "bash_command", Type: TString, Required: true, Doc: "The command, run with bash -c."},
			{Name: "env", Type: TStrMap, Doc: "Extra environment variables for the command."},
			{Name: "cwd", Type: TString, Doc: "Working directory; default is a fresh per-run directory that is kept."},
		},
		New: func() Args { return &BashArgs{} }})
}

// BashArgs are BashOperator's arguments.
type BashArgs struct {
	Command string            `json:"bash_command"`
	Env     map[string]string `json:"env,omitempty"`
	Cwd     string            `json:"cwd,omitempty"`
}

func (a *BashArgs) Check(report func(Problem)) {
	if strings.TrimSpace(a.Command) == "" {
		report(missing("bash_command"))
	}
}

// Start runs the command with bash -c, with the task's env and cwd.
func (a *BashArgs) Start(r Run, _ Environment) (Spec, error) {
	dir := a.Cwd
	if dir != "" && !filepath.IsAbs(dir) {
		// A relative cwd must not depend on where the runner happens to
		// be: it is taken inside the run's own directory.
		dir = filepath.Join(r.WorkDir, dir)
	}
	return Spec{Path: "bash", Args: []string{"-c", a.Command}, Env: sortedEnv(a.Env), Dir: dir}, nil
}
