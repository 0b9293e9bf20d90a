//go:build unix

package supervisor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/aiflow-go/aiflow/api"
)

// The pipe protocol of a pooled supervisor (`aiflow taskmanager run -`,
// see Pool). The engine writes one spec path per line to the supervisor's
// stdin. The supervisor supervises that try and answers on its stdout
// with a line per report ("report " and a Message in JSON), then "done"
// when it is ready for the next spec. Reports on the pipe spare the engine
// an HTTP request and the supervisor a connection per report; a supervisor
// whose pipe broke (the server went away) reports over HTTP instead, which
// a restarted server answers.

// Message is a report of a supervisor on its pipe.
type Message struct {
	TaskExecutionID int64          `json:"task_execution_id"`
	Report          api.TaskReport `json:"report"`
}

const (
	reportPrefix = "report "
	doneLine     = "done"
)

// Serve supervises one try per spec path read from in, until in closes,
// sending the reports and "done" after each on out. An error of one try
// is logged; the next spec is served all the same.
func Serve(ctx context.Context, in io.Reader, out io.Writer, log *slog.Logger) error {
	// A write to a broken pipe then fails with EPIPE instead of killing
	// the supervisor, which reports over HTTP instead. Caught, not
	// ignored: the task gets SIGPIPE's default action back.
	sigpipe := make(chan os.Signal, 1)
	signal.Notify(sigpipe, syscall.SIGPIPE)
	defer signal.Stop(sigpipe)
	p := &pipe{w: out}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		spec := strings.TrimSpace(sc.Text())
		if spec == "" {
			continue
		}
		if err := one(ctx, spec, log, p); err != nil {
			log.Error("supervisor failed", "error", err)
		}
		if p.write([]byte(doneLine+"\n")) != nil {
			return nil // the engine is gone; so is the reason to wait
		}
	}
	return sc.Err()
}

// pipe is the supervisor's end of the pipe to the engine.
type pipe struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *pipe) write(b []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, err := p.w.Write(b)
	return err
}

// send writes m as a report line.
func (p *pipe) send(m Message) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return p.write(append(append([]byte(reportPrefix), b...), '\n'))
}

// parseLine reads a line a supervisor wrote on its pipe: a report, or
// done (m is nil).
func parseLine(line []byte) (m *Message, done bool, err error) {
	if string(line) == doneLine {
		return nil, true, nil
	}
	b, ok := bytes.CutPrefix(line, []byte(reportPrefix))
	if !ok {
		return nil, false, fmt.Errorf("unexpected line from a supervisor: %q", line)
	}
	m = new(Message)
	if err := json.Unmarshal(b, m); err != nil {
		return nil, false, fmt.Errorf("bad report from a supervisor: %w", err)
	}
	return m, false, nil
}
