package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"

	"github.com/alecthomas/kong"
)

// Version is the aiflow-go release this binary was built from.
const Version = "0.1.0-dev"

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1 // problems found, or a run failed
	exitUsage    = 2
	exitInternal = 3
)

// app is the root of the command tree: AIFlow's command groups, each a
// struct of subcommands with a group tag, plus aiflow-go's own (validate,
// schema, run).
type app struct {
	LogLevel string `name:"log-level" enum:"debug,info,warn,error" default:"warn" env:"AIFLOW_LOG_LEVEL" help:"Log level on stderr (${enum})."`
	Color    string `enum:"auto,on,off" default:"auto" help:"Color output (${enum}); auto colors a terminal unless NO_COLOR is set."`

	Validate validateCmd `cmd:"" group:"definitions" help:"Check workflow definition files (Python or YAML)."`
	Schema   schemaCmd   `cmd:"" group:"definitions" help:"Print the JSON Schema of the YAML workflow format."`
	Db       dbCmd       `cmd:"" group:"server" help:"Create, upgrade or reset the database."`
	Config   configCmd   `cmd:"" group:"server" help:"Write and read the server configuration (aiflow_server.yaml)."`
	Server   serverCmd   `cmd:"" group:"server" help:"Start or stop the aiflow server."`

	Namespace namespaceCmd `cmd:"" group:"metadata" help:"Add, delete and list namespaces."`
	Workflow  workflowCmd  `cmd:"" group:"metadata" help:"Upload, list, show, enable, disable and delete workflows."`

	WorkflowSchedule scheduleCmd `cmd:"" name:"workflow-schedule" group:"metadata" help:"Add, list, show, pause, resume and delete workflow schedules."`
	WorkflowTrigger  triggerCmd  `cmd:"" name:"workflow-trigger" group:"metadata" help:"Add, list, show, pause, resume and delete workflow triggers."`

	Task              taskCmd          `cmd:"" group:"definitions" help:"Run one task of a definition file here, now (task test)."`
	Run               runCmd           `cmd:"" group:"executions" help:"Upload a definition file and run its workflows to their end, showing progress and task output."`
	WorkflowExecution executionCmd     `cmd:"" name:"workflow-execution" group:"executions" help:"Start, stop, list, show and delete workflow executions."`
	TaskExecution     taskExecutionCmd `cmd:"" name:"task-execution" group:"executions" help:"Start, stop, restart, list and show task executions, and print their logs."`

	Event eventCmd `cmd:"" group:"events" help:"Send, list, count and listen to events."`

	Version    versionCmd    `cmd:"" group:"other" help:"Print the aiflow version."`
	Completion completionCmd `cmd:"" group:"other" help:"Print the shell lines that enable completion of aiflow (bash, zsh, fish)."`
	PythonPath pythonPathCmd `cmd:"" name:"python-path" group:"other" help:"Print a folder to put on PYTHONPATH so that python3 can import ai_flow and reach the server."`

	Taskmanager taskmanagerCmd `cmd:"" hidden:"" help:"Internal: supervise the task processes the engine starts."`
}

// env is what every command's Run method receives: the streams and settings
// that Main resolved from its arguments and the global flags.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
	color  bool // color stdout
	tty    bool // stdout is a terminal
	// errColor and errTTY are color and tty for stderr, where some
	// commands print diagnostics.
	errColor bool
	errTTY   bool
}

// exitPanic carries kong's requested exit code out of kong (help, version
// flags) to Main's recover.
type exitPanic struct{ code int }

// exitError makes a command's Run end Main with a given code. A nil err means
// the command already reported what went wrong.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// internalError marks err as a bug or environment failure (exit 3).
func internalError(err error) error { return &exitError{code: exitInternal, err: err} }

// Main runs the aiflow command line on args (without the program name) and
// returns the process exit code; it never calls os.Exit. Usage errors print
// one line and a pointer to the command's help on stderr (exit 2), panics are
// reported as internal errors (exit 3).
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		switch r := recover().(type) {
		case nil:
		case exitPanic:
			code = r.code
		default:
			fmt.Fprintf(stderr, "aiflow: internal error: %v\n%s", r, debug.Stack())
			code = exitInternal
		}
	}()

	var root app
	k, err := kong.New(&root,
		kong.Name("aiflow"),
		kong.Description("aiflow-go: an event-driven workflow scheduler compatible with AIFlow."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(exitPanic{code}) }),
		kong.ExplicitGroups([]kong.Group{
			{Key: "definitions", Title: "Definitions"},
			{Key: "server", Title: "Server"},
			{Key: "metadata", Title: "Metadata"},
			{Key: "executions", Title: "Executions"},
			{Key: "events", Title: "Events"},
			{Key: "other", Title: "Other"},
		}),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, FlagsLast: true}),
	)
	if err != nil {
		fmt.Fprintf(stderr, "aiflow: internal error: %v\n", err)
		return exitInternal
	}
	// The shell runs the binary with COMP_LINE set, and args that are not a
	// command line, to ask for completions.
	if os.Getenv("COMP_LINE") != "" {
		if err := completeLine(k); err != nil {
			fmt.Fprintf(stderr, "aiflow: internal error: complete: %v\n", err)
			return exitInternal
		}
		return exitOK
	}
	kctx, err := k.Parse(args)
	if err != nil {
		var pe *kong.ParseError
		if errors.As(err, &pe) {
			fmt.Fprintf(stderr, "aiflow: error: %v\nsee '%s --help'\n", err, commandPath(pe.Context))
			return exitUsage
		}
		fmt.Fprintf(stderr, "aiflow: internal error: %v\n", err)
		return exitInternal
	}

	tty, errTTY := isTerminal(stdout), isTerminal(stderr)
	e := &env{
		ctx:      context.Background(),
		stdin:    stdin,
		stdout:   stdout,
		stderr:   stderr,
		log:      newLogger(stderr, root.LogLevel),
		color:    useColor(root.Color, tty),
		tty:      tty,
		errColor: useColor(root.Color, errTTY),
		errTTY:   errTTY,
	}
	err = kctx.Run(e)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if !errors.As(err, &ee) {
		ee = &exitError{code: exitFindings, err: err}
	}
	switch {
	case ee.err == nil:
	case ee.code == exitInternal:
		fmt.Fprintf(stderr, "aiflow: internal error: %v\n", ee.err)
	default:
		fmt.Fprintf(stderr, "aiflow: error: %v\n", ee.err)
	}
	return ee.code
}

// commandPath names the command a usage error belongs to, for the hint that
// points at its help.
func commandPath(kctx *kong.Context) string {
	words := []string{"aiflow"}
	if kctx != nil {
		for _, p := range kctx.Path {
			if p.Command != nil {
				words = append(words, p.Command.Name)
			}
		}
	}
	return strings.Join(words, " ")
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	// The enum tag has already restricted level to names UnmarshalText knows.
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// useColor resolves --color: auto colours a terminal unless NO_COLOR
// (https://no-color.org) is set or TERM is dumb.
func useColor(mode string, tty bool) bool {
	switch mode {
	case "on":
		return true
	case "off":
		return false
	}
	return tty && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// isTerminal reports whether f, a reader or a writer, is a character device
// such as a terminal. Checking the file mode avoids a dependency on
// golang.org/x/term; the only other character device a CLI uses in practice
// is /dev/null, where decoration is harmless.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	fi, err := file.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
