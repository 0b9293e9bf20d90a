package cli

import (
	"log/slog"

	"github.com/aiflow-go/aiflow/engine/supervisor"
)

// taskmanagerCmd is the internal "aiflow taskmanager" group: the engine
// starts one "taskmanager run" per try of a task run, detached in its own
// session, to supervise the task process.
type taskmanagerCmd struct {
	Run taskmanagerRunCmd `cmd:"" help:"Supervise one try of a task run, as described by a spec file the engine wrote."`
}

type taskmanagerRunCmd struct {
	Spec string `arg:"" help:"Task spec file (JSON), or - to supervise one try per spec path read from stdin, with the reports and done after each on stdout, until stdin closes (the engine keeps such supervisors ready, so a task starts without waiting for this program to start)."`
}

// Run supervises the try until its outcome is recorded and reported. The exit
// status says whether the supervisor did its job, not how the task ended:
// that is in the try's file and the report.
func (c *taskmanagerRunCmd) Run(e *env) error {
	if c.Spec == "-" {
		return supervisor.Serve(e.ctx, e.stdin, e.stdout, supervisorLog(e))
	}
	return supervisor.Run(e.ctx, c.Spec, supervisorLog(e))
}

// supervisorLog is stderr (the engine points it at
// working_dir/supervisors.log); it always gets the lifecycle lines,
// whatever --log-level says for short-lived commands.
func supervisorLog(e *env) *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
