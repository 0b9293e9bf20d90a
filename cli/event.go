package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/operator"
	"github.com/aiflow-go/aiflow/storage"
)

// eventCmd is AIFlow's "aiflow event" group: the durable event log of the
// server (AIFlow's notification service).
type eventCmd struct {
	Send   eventSendCmd   `cmd:"" help:"Send an event."`
	List   eventListCmd   `cmd:"" help:"List events."`
	Count  eventCountCmd  `cmd:"" help:"Count events."`
	Listen eventListenCmd `cmd:"" help:"Print matching events as they are sent, until interrupted."`
}

// taskContext is the execution context of the task the command runs in.
type taskContext struct {
	executionID int64
	namespace   string
	sender      string // "<execution id>_<task>_<sequence number>"
}

// inTask reads the task context from the environment the executor gives a
// task (decisions Fix 13): when AIFLOW_EXECUTION_ID is set, "aiflow event
// send" behaves like AIFlow's in-task client. ok is false outside a task.
func inTask() (tc taskContext, ok bool, err error) {
	id := os.Getenv(operator.EnvExecution)
	if id == "" {
		return tc, false, nil
	}
	if tc.executionID, err = strconv.ParseInt(id, 10, 64); err != nil {
		return tc, false, fmt.Errorf("%s must be an execution id, got %q", operator.EnvExecution, id)
	}
	tc.namespace = os.Getenv(operator.EnvNamespace)
	task, seq := os.Getenv(operator.EnvTask), os.Getenv(operator.EnvSeq)
	if tc.namespace == "" || task == "" || seq == "" {
		return tc, false, fmt.Errorf("%s is set, so %s, %s and %s must be set too", operator.EnvExecution, operator.EnvNamespace, operator.EnvTask, operator.EnvSeq)
	}
	tc.sender = id + "_" + task + "_" + seq
	return tc, true, nil
}

// eventNamespace resolves -n: the flag, else the task's namespace, else
// "default".
func eventNamespace(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	tc, ok, err := inTask()
	if err != nil || !ok {
		return storage.DefaultNamespace, err
	}
	return tc.namespace, nil
}

// serverURIFlag is AIFlow's -s/--server-uri of the notification commands
// (§6.2). It names the aiflow server, which serves the events itself;
// inside a task the task's server wins, as for AIFlow's in-task client
// (decisions Keep 5).
type serverURIFlag struct {
	ServerURI string `short:"s" name:"server-uri" placeholder:"HOST:PORT" help:"Server to call (AIFlow's notification server URI); default: AIFLOW_SERVER, else server_address of the configuration."`
}

// client returns a client of the server the flag names.
func (f serverURIFlag) client() (*client.Client, error) {
	if f.ServerURI == "" || os.Getenv(operator.EnvExecution) != "" && os.Getenv("AIFLOW_SERVER") != "" {
		return newClient()
	}
	return newClientAt(strings.TrimPrefix(f.ServerURI, "http://"), "--server-uri")
}

// explain adds to a server that does not run at -s that it names the
// aiflow server: AIFlow scripts name their notification server there.
func (f serverURIFlag) explain(err error) error {
	var nr *client.NotRunningError
	if f.ServerURI != "" && errors.As(err, &nr) {
		return fmt.Errorf("%w (--server-uri names the aiflow server, which serves the events itself: aiflow-go has no notification server of its own)", err)
	}
	return err
}

// beginTime parses AIFlow's --begin-time, ISO 8601: a date, or a date and
// time with an optional fraction and zone; without a zone, local time.
func beginTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999",
		"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, &exitError{code: exitUsage, err: fmt.Errorf("--begin-time must be an ISO 8601 time such as 2026-11-27T09:30:00 (local) or 2026-11-27T09:30:00Z, got %q", s)}
}

// offsetBefore returns the offset after which the events created at or
// after t come.
func offsetBefore(ctx context.Context, cl *client.Client, t time.Time) (int64, error) {
	return cl.EventOffsetAt(ctx, t.Add(-time.Nanosecond))
}

type eventSendCmd struct {
	Key       string `arg:"" help:"Event key."`
	Value     string `arg:"" optional:"" help:"Event value."`
	Namespace string `short:"n" predictor:"namespace" help:"Namespace of the event (default: the task's namespace inside a task, else default)."`
	Context   string `help:"Context as a JSON object, e.g. '{\"source\": \"etl\"}'."`
	Sender    string `help:"Sender of the event (default: <execution id>_<task>_<sequence number> inside a task)."`
	UUID      string `name:"uuid" help:"Idempotence id: resending an id that is stored returns the stored event (default: the server picks a random one)."`
	serverURIFlag
}

// Run sends the event. Inside a task it adds the execution id to the
// context, so that the event reaches only that execution, as AIFlow's
// in-task client does.
func (c *eventSendCmd) Run(e *env) error {
	var ctxObj map[string]any
	if c.Context != "" {
		if err := json.Unmarshal([]byte(c.Context), &ctxObj); err != nil || ctxObj == nil {
			return &exitError{code: exitUsage, err: fmt.Errorf("--context must be a JSON object, e.g. '{\"source\": \"etl\"}', got %q", c.Context)}
		}
	}
	req := api.SendEventRequest{Key: c.Key, Value: c.Value, Namespace: c.Namespace, Context: c.Context, Sender: c.Sender, UUID: c.UUID}
	tc, ok, err := inTask()
	if err != nil {
		return err
	}
	if ok {
		if req.Namespace == "" {
			req.Namespace = tc.namespace
		}
		if req.Sender == "" {
			req.Sender = tc.sender
		}
		if ctxObj == nil {
			ctxObj = map[string]any{}
		}
		ctxObj["workflow_execution_id"] = tc.executionID
		data, err := json.Marshal(ctxObj)
		if err != nil {
			return internalError(err)
		}
		req.Context = string(data)
	}
	if req.Namespace == "" {
		req.Namespace = storage.DefaultNamespace
	}
	cl, err := c.client()
	if err != nil {
		return err
	}
	send := cl.SendEvent
	if ok {
		send = patientSend(cl, &req)
	}
	ev, err := send(e.ctx, req)
	if err != nil {
		return c.explain(tooLarge(err, req))
	}
	_, err = fmt.Fprintf(e.stdout, "Successfully send event: %s\n", eventLine(ev))
	return err
}

// tooLarge explains a send of a large event that the server cut off
// before it could answer (it stops reading a body far over its limit):
// without an answer, the error alone would not say why.
func tooLarge(err error, req api.SendEventRequest) error {
	var answer *client.Error
	if n := max(len(req.Value), len(req.Context)); n > 1<<20 && !errors.As(err, &answer) {
		return fmt.Errorf("%w (the event's value or context is %d bytes; the server refuses more than event_max_bytes, 1 MiB by default)", err, n)
	}
	return err
}

// restartWindow is how long a send inside a task keeps trying while the
// server does not answer (down, restarting, or gone in the middle of the
// call): the engine's supervisors wait as long to report, so a task that
// sends while the server restarts still gets its event through.
const restartWindow = 60 * time.Second

// patientSend returns a send that retries while no server answers, with a
// fixed uuid (chosen here if the user gave none), so the event is stored
// once however many tries it takes. An answer of the server, even an error,
// is final, except "busy" (503: too many connections at once).
func patientSend(cl *client.Client, req *api.SendEventRequest) func(context.Context, api.SendEventRequest) (api.Event, error) {
	if req.UUID == "" {
		var b [16]byte
		rand.Read(b[:])
		req.UUID = hex.EncodeToString(b[:])
	}
	return func(ctx context.Context, r api.SendEventRequest) (api.Event, error) {
		deadline := time.Now().Add(restartWindow)
		wait := 50 * time.Millisecond
		for {
			ev, err := cl.SendEvent(ctx, r)
			var answer *client.Error
			busy := errors.As(err, &answer) && answer.Body.Code == api.CodeBusy
			if err == nil || answer != nil && !busy || time.Now().After(deadline) {
				return ev, err
			}
			select {
			case <-ctx.Done():
				return ev, err
			case <-time.After(wait):
			}
			wait = min(2*wait, time.Second)
		}
	}
}

// eventLine is AIFlow's one-line form of an event; create_time is in
// milliseconds since the epoch, as AIFlow prints it.
func eventLine(ev api.Event) string {
	return fmt.Sprintf("key:%s, value:%s, namespace:%s, sender:%s, create_time:%d, offset:%d, context: %s",
		ev.Key, ev.Value, ev.Namespace, ev.Sender, ev.CreateTime.UnixMilli(), ev.Offset, ev.Context)
}

// eventFilter is the selection shared by list, count and listen.
type eventFilter struct {
	Key       string `arg:"" optional:"" default:"*" help:"Event key, or * for any (default)."`
	Namespace string `short:"n" predictor:"namespace" help:"Namespace, or * for any (default: the task's namespace inside a task, else default)."`
	Sender    string `help:"Only events from this sender."`
	BeginTime string `name:"begin-time" placeholder:"ISO-8601" help:"Only events created at or after this time, e.g. 2026-11-27T09:30:00 (local time without a zone)."`
	serverURIFlag
}

// query returns the selection after offset after (--begin-offset) or, when
// that is 0, after the last event before --begin-time, with the client of
// the server to ask.
func (f eventFilter) query(ctx context.Context, after int64) (api.EventQuery, *client.Client, error) {
	ns, err := eventNamespace(f.Namespace)
	if err != nil {
		return api.EventQuery{}, nil, err
	}
	cl, err := f.client()
	if err != nil {
		return api.EventQuery{}, nil, err
	}
	if after == 0 && f.BeginTime != "" {
		t, err := beginTime(f.BeginTime)
		if err != nil {
			return api.EventQuery{}, nil, err
		}
		if after, err = offsetBefore(ctx, cl, t); err != nil {
			return api.EventQuery{}, nil, f.explain(err)
		}
	}
	return api.EventQuery{Keys: []string{f.Key}, Namespace: ns, Sender: f.Sender, After: after}, cl, nil
}

type eventListCmd struct {
	eventFilter
	BeginOffset int64 `name:"begin-offset" help:"Only events after this offset (0: from --begin-time, else from the start)."`
	outputFlag
}

// Run lists the events with AIFlow's columns.
func (c *eventListCmd) Run(e *env) error {
	q, cl, err := c.query(e.ctx, c.BeginOffset)
	if err != nil {
		return err
	}
	// The server answers at most a page per call (bounded by count and by
	// size): ask for the next one until a page says there is no more.
	q.Limit = api.MaxEventPage
	var recs []record
	for {
		page, err := cl.EventPage(e.ctx, q)
		if err != nil {
			return c.explain(err)
		}
		for _, ev := range page.Events {
			recs = append(recs, eventRecord(ev))
		}
		if page.Next == 0 {
			break
		}
		q.After = page.Next
	}
	if recs == nil {
		recs = []record{}
	}
	return writeOutput(e.stdout, c.Output, recs, func(w io.Writer) error { return writeTable(w, recs) })
}

func eventRecord(ev api.Event) record {
	return record{{"namespace", ev.Namespace}, {"key", ev.Key}, {"value", ev.Value}, {"sender", ev.Sender},
		{"create_time", ev.CreateTime}, {"context", ev.Context}, {"offset", ev.Offset}}
}

type eventCountCmd struct {
	eventFilter
	BeginOffset int64 `name:"begin-offset" help:"Only events after this offset (0: from --begin-time, else from the start)."`
}

// Run prints the number of matching events.
func (c *eventCountCmd) Run(e *env) error {
	q, cl, err := c.query(e.ctx, c.BeginOffset)
	if err != nil {
		return err
	}
	n, err := cl.CountEvents(e.ctx, q)
	if err != nil {
		return c.explain(err)
	}
	_, err = fmt.Fprintln(e.stdout, n)
	return err
}

type eventListenCmd struct {
	eventFilter
	BeginOffset int64  `name:"begin-offset" default:"-1" help:"Print events after this offset; -1 (the default) means those created from --begin-time on, else only events sent from now on."`
	Output      string `short:"o" enum:"table,json" default:"table" help:"Output format (${enum}): one line per event, or one JSON object per line."`
}

// listenPoll is how long one long poll of listen waits on the server.
const listenPoll = 30 * time.Second

// Run long-polls the server and prints each matching event until SIGINT or
// SIGTERM, which end it with status 0.
func (c *eventListenCmd) Run(e *env) error {
	ctx, stop := signal.NotifyContext(e.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	after := c.BeginOffset
	if after < 0 && c.BeginTime != "" {
		after = 0 // query starts at --begin-time
	}
	q, cl, err := c.query(ctx, after)
	if err != nil {
		return interrupted(ctx, err)
	}
	if after < 0 {
		if q.After, err = cl.EventOffset(ctx); err != nil {
			return interrupted(ctx, c.explain(err))
		}
	}
	q.Limit, q.Wait = 1000, listenPoll
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	for {
		evs, err := cl.Events(ctx, q)
		if err != nil {
			return interrupted(ctx, c.explain(err))
		}
		for _, ev := range evs {
			if c.Output == "json" {
				err = enc.Encode(ev)
			} else {
				_, err = fmt.Fprintln(e.stdout, eventLine(ev))
			}
			if err != nil {
				return err
			}
			q.After = ev.Offset
		}
	}
}

// interrupted turns the error of a call cut by a signal into a clean end.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
