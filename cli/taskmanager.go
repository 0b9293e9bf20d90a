package cli

import (
	"bufio"
	"fmt"
	"log/slog"
	"strings"

	"github.com/aiflow-go/aiflow/engine/supervisor"
)

// taskmanagerCmd is the internal "aiflow taskmanager" group: the engine
// starts one "taskmanager run" per try of a task run, detached in its own
// session, to supervise the task process.
type taskmanagerCmd struct {
	Run taskmanagerRunCmd `cmd:"" help:"Supervise one try of a task run, as described by a spec file the engine wrote."`
}

type taskmanagerRunCmd struct {
	Spec string `arg:"" help:"Task spec file (JSON), or - to supervise one try per spec path read from stdin, printing done after each, until stdin closes (the engine keeps such supervisors ready, so a task starts without waiting for this program to start)."`
}

// Run supervises the try until its outcome is recorded and reported. The exit
// status says whether the supervisor did its job, not how the task ended:
// that is in the status file and the report.
func (c *taskmanagerRunCmd) Run(e *env) error {
	if c.Spec != "-" {
		return supervise(e, c.Spec)
	}
	in := bufio.NewScanner(e.stdin)
	for in.Scan() {
		spec := strings.TrimSpace(in.Text())
		if spec == "" {
			continue
		}
		if err := supervise(e, spec); err != nil {
			fmt.Fprintf(e.stderr, "aiflow taskmanager: %v\n", err)
		}
		if _, err := fmt.Fprintln(e.stdout, "done"); err != nil {
			return nil // the engine is gone; so is the reason to wait
		}
	}
	return in.Err()
}

// supervise runs the supervisor of one spec. Its log is stderr (the engine
// points it at working_dir/supervisors.log) and always gets the lifecycle
// lines, whatever --log-level says for short-lived commands.
func supervise(e *env, spec string) error {
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	return supervisor.Run(e.ctx, spec, log)
}
