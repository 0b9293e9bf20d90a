package operator

import "github.com/aiflow-go/aiflow/internal/spell"

// Custom is a user subclass of AIFlowOperator, run by the python task runner
// from the definition file.
const Custom Kind = "custom"

func init() {
	register(&Operator{Kind: Custom, Class: "AIFlowOperator", Module: "ai_flow.model.operator", Field: "custom",
		Doc: "A user subclass defined in a Python file, run under CPython.",
		Args: []Arg{
			{Name: "file", Type: TString, Required: true, YAMLOnly: true, Doc: "The Python file that defines the operator class, relative to this YAML file."},
			{Name: "class", Type: TString, Required: true, YAMLOnly: true, Doc: "The name of the AIFlowOperator subclass in file."},
		},
		New: func() Args { return &CustomArgs{} }})
}

// CustomArgs name a user operator class (an AIFlowOperator subclass)
// defined in File; the task runner rebuilds it from the definition file.
type CustomArgs struct {
	File  string `json:"file"`
	Class string `json:"class"`
}

func (a *CustomArgs) Check(report func(Problem)) {
	checkPythonFile(a.File, report)
	switch {
	case a.Class == "":
		report(missing("class"))
	case !spell.Identifier(a.Class):
		report(invalid([]string{"class"}, "has class %q, which is not a Python class name", a.Class))
	}
}

// Start leaves the run to the python task runner.
func (a *CustomArgs) Start(Run, Environment) (Spec, error) { return Spec{}, ErrNeedsRunner }

func (a *CustomArgs) PythonFile() string { return a.File }
