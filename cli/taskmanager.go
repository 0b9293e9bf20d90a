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
	Spec string `arg:"" type:"path" help:"Task spec file (JSON)."`
}

// Run supervises the try until its outcome is recorded and reported. The exit
// status says whether the supervisor did its job, not how the task ended:
// that is in the status file and the report.
func (c *taskmanagerRunCmd) Run(e *env) error {
	// stderr is the supervisor's log file: it always gets the lifecycle
	// lines, whatever --log-level says for the short-lived commands.
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	return supervisor.Run(e.ctx, c.Spec, log)
}
