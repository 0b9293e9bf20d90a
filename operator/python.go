package operator

import (
	"fmt"
	"strings"

	"github.com/aiflow-go/aiflow/internal/spell"
)

// Python is PythonOperator's kind.
const Python Kind = "python"

func init() {
	register(&Operator{Kind: Python, Class: "PythonOperator", Module: "ai_flow.operators.python", Field: "python",
		Doc: "Calls a module-level Python function under CPython.",
		Args: []Arg{
			{Name: "file", Type: TString, Required: true, YAMLOnly: true, Doc: "The Python file that defines python_callable, relative to this YAML file."},
			{Name: "python_callable", Type: TCallable, Required: true, Doc: "The function to call; in YAML, its name in `file`."},
			{Name: "op_args", Type: TList, Doc: "Positional arguments for the callable."},
			{Name: "op_kwargs", Type: TMap, Doc: "Keyword arguments for the callable."},
		},
		New: func() Args { return &PythonArgs{} }})
}

// PythonArgs are PythonOperator's arguments. The callable is a module-level
// function of File (relative to the definition's folder), which the task
// runner imports under CPython.
type PythonArgs struct {
	File     string         `json:"file"`
	Callable string         `json:"python_callable"`
	OpArgs   []any          `json:"op_args,omitempty"`
	OpKwargs map[string]any `json:"op_kwargs,omitempty"`
}

func (a *PythonArgs) Check(report func(Problem)) {
	switch {
	case a.Callable == "":
		report(missing("python_callable"))
	case !spell.Identifier(a.Callable):
		report(Problem{Kind: NotCallable, At: []string{"python_callable"},
			Msg: fmt.Sprintf("has python_callable %q, which is not the name of a module-level function", a.Callable)})
	}
	checkPythonFile(a.File, report)
}

// Start leaves the run to the python task runner.
func (a *PythonArgs) Start(Run, Environment) (Spec, error) { return Spec{}, ErrNeedsRunner }

func (a *PythonArgs) PythonFile() string { return a.File }

// checkPythonFile checks the file argument of a task that runs Python code.
func checkPythonFile(file string, report func(Problem)) {
	switch {
	case file == "":
		report(missing("file"))
	case !strings.HasSuffix(file, ".py"):
		report(invalid([]string{"file"}, "has file %q, which is not a .py file", file))
	}
}
