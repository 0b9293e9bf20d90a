package operator

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Kind names an operator in the IR ("bash", "spark-submit").
type Kind string

// Operator describes one kind of operator. Each file of this package that
// defines an operator registers it from init.
type Operator struct {
	Kind   Kind
	Class  string // the ai_flow class
	Module string // the ai_flow module that defines Class
	Doc    string
	// Field is the JSON name under which the IR keeps the arguments; it
	// also prefixes their field spans ("spark_submit.master").
	Field string
	Args  []Arg
	// New returns empty arguments; nil for an operator that takes none.
	New func() Args
}

// Arg returns the argument with the given name, or nil.
func (o *Operator) Arg(name string) *Arg {
	for i := range o.Args {
		if o.Args[i].Name == name {
			return &o.Args[i]
		}
	}
	return nil
}

// ArgType is the type of an operator argument as both front ends accept it.
type ArgType string

// Argument types.
const (
	TString   ArgType = "string"
	TBool     ArgType = "boolean"
	TNumber   ArgType = "number"  // seconds, intervals
	TInt      ArgType = "integer" // counts
	TStrings  ArgType = "string-list"
	TStrMap   ArgType = "string-map"
	TList     ArgType = "list"
	TMap      ArgType = "map"
	TCallable ArgType = "callable"
)

// Arg describes one operator argument, under its AIFlow keyword name, which
// is also the JSON name of its field in the operator's Args.
type Arg struct {
	Name     string
	Type     ArgType
	Required bool
	Default  any // filled in when the argument is omitted; nil = none
	Doc      string
	// YAMLOnly marks a key that a Python definition gives by context
	// instead (the file that defines a callable or a class).
	YAMLOnly bool
}

// Common are the arguments every operator accepts; aiflow-go adds retries
// and timeouts to AIFlow's periodic_expression.
var Common = []Arg{
	{Name: "periodic_expression", Type: TString, Doc: "Restart the task on a schedule: cron@<5 fields> or interval@<days> <hours> <minutes> <seconds>."},
	{Name: "retries", Type: TInt, Doc: "How many times a failed run is tried again before the task is FAILED."},
	{Name: "retry_delay", Type: TNumber, Doc: "Seconds to wait before a retry."},
	{Name: "retry_exponential_backoff", Type: TBool, Doc: "Double the retry delay after every failed try."},
	{Name: "timeout", Type: TNumber, Doc: "Seconds after which a run is killed and FAILED; 0 means no timeout."},
}

// Args are the arguments of a task of one operator: a pointer to a struct
// whose fields carry the JSON names of the operator's Args.
type Args interface {
	// Check reports what is wrong with the arguments, as the operator
	// refuses them; report is called once per problem.
	Check(report func(Problem))
	// Start returns the command that runs one try (see Start), or
	// ErrNeedsRunner.
	Start(r Run, env Environment) (Spec, error)
}

// Stopper is implemented by the arguments of operators whose runs leave
// something running outside their process group when they are stopped.
type Stopper interface {
	// Stop returns the commands that stop it, given what the run's output
	// told (JobInfo.Scan).
	Stop(r Run, env Environment, job JobInfo) ([]Spec, error)
}

// Scanner is implemented by the arguments of operators whose output names
// the jobs that Stop needs.
type Scanner interface {
	// Parse returns what one output line tells.
	Parse(line string) JobInfo
}

// Filler is implemented by arguments with defaults that depend on the
// task, filled in after the defaults of Operator.Args.
type Filler interface {
	Fill(task string)
}

// PythonSource is implemented by the arguments of tasks that run code from
// a Python file of the definition's folder.
type PythonSource interface {
	// PythonFile returns the file, relative to the definition's folder.
	PythonFile() string
}

// ProblemKind classifies a Problem.
type ProblemKind int

// Problem kinds.
const (
	Missing     ProblemKind = iota // a required argument is absent or empty
	Invalid                        // a value the operator refuses
	NotCallable                    // python_callable names no module-level function
)

// Problem is one thing wrong with a task's arguments.
type Problem struct {
	Kind ProblemKind
	// At names the argument at fault, then others to point at when it was
	// not written.
	At []string
	// Msg completes "bash task "t" in workflow "w" ...", as in "is
	// missing bash_command".
	Msg string
}

// missing is the problem of required argument arg left out.
func missing(arg string) Problem {
	return Problem{Kind: Missing, At: []string{arg}, Msg: "is missing " + arg}
}

// invalid is the problem of a refused value of the first argument in at.
func invalid(at []string, format string, a ...any) Problem {
	return Problem{Kind: Invalid, At: at, Msg: fmt.Sprintf(format, a...)}
}

var registry = map[Kind]*Operator{}

// register adds o to the registry; every kind, class and field is unique.
func register(o *Operator) {
	for _, p := range registry {
		if p.Kind == o.Kind || p.Class == o.Class || o.Field != "" && p.Field == o.Field {
			panic(fmt.Sprintf("operator %q registered twice", o.Kind))
		}
	}
	registry[o.Kind] = o
}

// Lookup returns the operator of kind k, or nil.
func Lookup(k Kind) *Operator { return registry[k] }

// All returns every operator, by kind.
var All = sync.OnceValue(func() []*Operator {
	return slices.SortedFunc(maps.Values(registry), func(a, b *Operator) int { return strings.Compare(string(a.Kind), string(b.Kind)) })
})

// Kinds returns every operator kind, sorted.
var Kinds = sync.OnceValue(func() []string {
	var ks []string
	for _, o := range All() {
		ks = append(ks, string(o.Kind))
	}
	return ks
})

// Check reports the problems of arguments a of an operator of kind k; an
// operator that takes arguments but has none is checked as if every
// argument were left out.
func Check(k Kind, a Args, report func(Problem)) {
	if o := Lookup(k); o != nil && o.New != nil {
		if a == nil {
			a = o.New()
		}
		a.Check(report)
	}
}

// Fill sets the defaults of the arguments a of task that were left out.
func Fill(k Kind, a Args, task string) {
	o := Lookup(k)
	if o == nil || a == nil {
		return
	}
	for _, arg := range o.Args {
		if arg.Default == nil {
			continue
		}
		if f := field(a, arg.Name); f.IsZero() {
			f.Set(reflect.ValueOf(arg.Default).Convert(f.Type()))
		}
	}
	if f, ok := a.(Filler); ok {
		f.Fill(task)
	}
}

// Set sets the field of the struct ptr points to whose JSON name is name
// to v, which has the field's type (an int64 for any integer field).
// Front ends fill arguments and tasks with it.
func Set(ptr any, name string, v any) {
	f := field(ptr, name)
	if f.Kind() == reflect.Int {
		f.SetInt(v.(int64))
		return
	}
	f.Set(reflect.ValueOf(v))
}

// field returns the field of the struct ptr points to whose JSON name is
// name; a missing one is a bug of the caller.
func field(ptr any, name string) reflect.Value {
	rv := reflect.ValueOf(ptr).Elem()
	i, ok := fieldIndexes(rv.Type())[name]
	if !ok {
		panic(fmt.Sprintf("operator: %s has no field %q", rv.Type(), name))
	}
	return rv.Field(i)
}

var indexes sync.Map // reflect.Type -> map[string]int

// fieldIndexes maps the JSON names of the fields of struct type t to their
// indexes.
func fieldIndexes(t reflect.Type) map[string]int {
	if m, ok := indexes.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); tag != "" && tag != "-" {
			m[tag] = i
		}
	}
	indexes.Store(t, m)
	return m
}

// checkSeconds checks a duration argument: a finite number of seconds, 0 or
// more.
func checkSeconds(arg string, x float64, report func(Problem)) {
	if !(x >= 0) || math.IsInf(x, 0) {
		report(invalid([]string{arg}, "has %s %v; it must be a number of seconds, 0 or more", arg, x))
	}
}
