package server_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
)

func TestSendListCount(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	sends := []api.SendEventRequest{
		{Key: "k1", Value: "v1", UUID: "u1"},
		{Key: "k2", Value: "v2", Sender: "etl", Context: `{"run": 1}`},
		{Key: "k1", Value: "v3", Namespace: "ml"},
	}
	var sent []api.Event
	for _, req := range sends {
		ev, err := c.SendEvent(ctx, req)
		if err != nil {
			t.Fatalf("SendEvent(%+v): %v", req, err)
		}
		if ev.CreateTime.IsZero() || ev.UUID == "" {
			t.Errorf("SendEvent(%+v) = %+v, want a create time and a uuid", req, ev)
		}
		if n := len(sent); n > 0 && ev.Offset <= sent[n-1].Offset {
			t.Errorf("offset %d after %d, want increasing", ev.Offset, sent[n-1].Offset)
		}
		sent = append(sent, ev)
	}
	if sent[0].Namespace != "default" {
		t.Errorf("namespace %q, want default when none is given", sent[0].Namespace)
	}

	t.Run("idempotent", func(t *testing.T) {
		again, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k9", Value: "changed", UUID: "u1"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(sent[0], again); diff != "" {
			t.Errorf("resend returned another event (-first +again):\n%s", diff)
		}
	})

	for _, tc := range []struct {
		name string
		q    api.EventQuery
		want []int // indexes into sent
	}{
		{"all", api.EventQuery{Namespace: "*"}, []int{0, 1, 2}},
		{"star key", api.EventQuery{Keys: []string{"*"}, Namespace: "*"}, []int{0, 1, 2}},
		{"key", api.EventQuery{Keys: []string{"k1"}, Namespace: "*"}, []int{0, 2}},
		{"keys", api.EventQuery{Keys: []string{"k1", "k2"}, Namespace: "default"}, []int{0, 1}},
		{"namespace", api.EventQuery{Namespace: "ml"}, []int{2}},
		{"wrong namespace", api.EventQuery{Namespace: "nowhere"}, nil},
		{"sender", api.EventQuery{Sender: "etl"}, []int{1}},
		{"after", api.EventQuery{After: sent[0].Offset}, []int{1, 2}},
		{"limit", api.EventQuery{Limit: 2}, []int{0, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.Events(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			want := []api.Event{}
			for _, i := range tc.want {
				want = append(want, sent[i])
			}
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Events(%+v) (-want +got):\n%s", tc.q, diff)
			}
			n, err := c.CountEvents(ctx, tc.q)
			if tc.q.Limit == 0 && (err != nil || n != int64(len(want))) {
				t.Errorf("CountEvents(%+v) = %d, %v, want %d", tc.q, n, err, len(want))
			}
		})
	}
	if off, err := c.EventOffset(ctx); err != nil || off != sent[2].Offset {
		t.Errorf("EventOffset = %d, %v, want %d", off, err, sent[2].Offset)
	}
}

func TestSendRefused(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	for _, tc := range []struct {
		name   string
		req    api.SendEventRequest
		status int
		msg    string
	}{
		{"scheduling", api.SendEventRequest{Key: api.SchedulingEventKey, Value: "STOP_WORKFLOW_EXECUTION"}, http.StatusForbidden,
			`event key "AIFLOW_SCHEDULING_EVENT" is reserved: keys starting with "AIFLOW_" are reserved for the scheduler's commands`},
		{"prefix", api.SendEventRequest{Key: "AIFLOW_X"}, http.StatusForbidden, `event key "AIFLOW_X" is reserved: keys starting with "AIFLOW_" are reserved for the scheduler's commands`},
		{"task status", api.SendEventRequest{Key: "[task_status_change].default.wf.a", Value: "SUCCESS"}, http.StatusForbidden,
			`event key "[task_status_change].default.wf.a" is reserved: task status events are published only by the scheduler`},
		{"empty key", api.SendEventRequest{}, http.StatusBadRequest, "the event key is empty"},
		{"context", api.SendEventRequest{Key: "k", Context: "[1]"}, http.StatusBadRequest, `the event context must be a JSON object, got "[1]"`},
		{"star namespace", api.SendEventRequest{Key: "k", Namespace: "*"}, http.StatusBadRequest, `an event cannot be sent to namespace "*"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.SendEvent(ctx, tc.req)
			if status(err) != tc.status || err.Error() != tc.msg {
				t.Errorf("SendEvent: %d %v, want %d %s", status(err), err, tc.status, tc.msg)
			}
		})
	}
	if n, err := c.CountEvents(ctx, api.EventQuery{Namespace: "*"}); err != nil || n != 0 {
		t.Errorf("CountEvents = %d, %v, want nothing stored", n, err)
	}
}

func TestBadQuery(t *testing.T) {
	c, _ := start(t, "")
	for _, q := range []string{"after=-1", "limit=x", "wait=soon"} {
		t.Run(q, func(t *testing.T) {
			resp, err := http.Get("http://" + c.Addr() + api.PathEvents + "?" + q)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", resp.StatusCode)
			}
		})
	}
}

func TestListenWakeUp(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	if _, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k", Value: "old"}); err != nil {
		t.Fatal(err)
	}
	after, err := c.EventOffset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var got []api.Event
	var lerr error
	begin := time.Now()
	wg.Go(func() {
		got, lerr = c.Events(ctx, api.EventQuery{Keys: []string{"k"}, After: after, Wait: 20 * time.Second})
	})
	// A non-matching event wakes the poll, which goes back to waiting.
	time.Sleep(50 * time.Millisecond)
	if _, err := c.SendEvent(ctx, api.SendEventRequest{Key: "other"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if _, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k", Value: "new"}); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if lerr != nil || len(got) != 1 || got[0].Value != "new" {
		t.Fatalf("long poll = %+v, %v, want the new event", got, lerr)
	}
	if d := time.Since(begin); d > 10*time.Second {
		t.Errorf("long poll took %v, want it woken by the send", d)
	}
}

func TestListenTimeout(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	begin := time.Now()
	got, err := c.Events(ctx, api.EventQuery{Keys: []string{"k"}, Wait: 200 * time.Millisecond})
	if d := time.Since(begin); err != nil || len(got) != 0 || d < 200*time.Millisecond {
		t.Errorf("long poll = %+v, %v after %v, want nothing after 200ms", got, err, d)
	}
}

func TestEventsToken(t *testing.T) {
	ctx := context.Background()
	good, _ := start(t, "s3cret")
	bad := client.New(good.Addr(), "wrong")
	if _, err := bad.SendEvent(ctx, api.SendEventRequest{Key: "k"}); status(err) != http.StatusUnauthorized {
		t.Errorf("SendEvent with a wrong token: %v, want 401", err)
	}
	if _, err := bad.Events(ctx, api.EventQuery{}); status(err) != http.StatusUnauthorized {
		t.Errorf("Events with a wrong token: %v, want 401", err)
	}
	if _, err := good.SendEvent(ctx, api.SendEventRequest{Key: "k"}); err != nil {
		t.Errorf("SendEvent with the token: %v", err)
	}
}

// BenchmarkSendEvent measures durable event sends per second through the
// HTTP API, one client call each, from 1 and from 16 concurrent senders.
// Issue #4's target for the full engine is at least 2,000 per second.
func BenchmarkSendEvent(b *testing.B) {
	for _, par := range []int{1, 16} {
		b.Run(fmt.Sprintf("senders=%d", par), func(b *testing.B) {
			ctx := context.Background()
			c, _ := start(b, "")
			begin := time.Now()
			send := func() bool {
				_, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k", Value: "v"})
				if err != nil {
					b.Error(err)
				}
				return err == nil
			}
			if par == 1 {
				for b.Loop() {
					if !send() {
						return
					}
				}
			} else {
				// RunParallel runs par goroutines per GOMAXPROCS; divide so
				// that par is the number of senders.
				b.SetParallelism(max(1, par/runtime.GOMAXPROCS(0)))
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() && send() {
					}
				})
			}
			b.ReportMetric(float64(b.N)/time.Since(begin).Seconds(), "events/s")
		})
	}
}

// TestEventOffsetAt: the offset of the last event created by a time, over
// offsets with a gap (an idempotent resend uses one up).
func TestEventOffsetAt(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t, "")
	var sent []api.Event
	for i, uuid := range []string{"a", "a", "b", "c", "d"} {
		ev, err := c.SendEvent(ctx, api.SendEventRequest{Key: "k", UUID: uuid})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 || uuid != "a" {
			sent = append(sent, ev)
		}
		time.Sleep(5 * time.Millisecond) // distinct millisecond times
	}
	at := func(t0 time.Time) int64 {
		n, err := c.EventOffsetAt(ctx, t0)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := at(sent[0].CreateTime.Add(-time.Millisecond)); got != 0 {
		t.Errorf("before the first event: %d, want 0", got)
	}
	for _, ev := range sent {
		if got := at(ev.CreateTime); got != ev.Offset {
			t.Errorf("at %s: %d, want %d", ev.CreateTime, got, ev.Offset)
		}
	}
	if got, last := at(time.Now().Add(time.Hour)), sent[len(sent)-1].Offset; got != last {
		t.Errorf("later: %d, want %d", got, last)
	}
}
