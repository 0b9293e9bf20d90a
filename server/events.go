package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/storage"
)

// maxWait bounds a long poll, so that proxies and the client's own timeout
// never cut a call that is still legitimately waiting.
const maxWait = 60 * time.Second

// maxKey bounds event keys, senders and uuids: AIFlow's columns hold 1,024.
const maxKey = 1024

// bell wakes every waiting listener when an event is appended: a channel
// that is closed and replaced on each ring, so waiting costs no polling of
// the database.
type bell struct {
	mu sync.Mutex
	ch chan struct{}
}

func newBell() *bell { return &bell{ch: make(chan struct{})} }

// wait returns a channel that is closed at the next ring.
func (b *bell) wait() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ch
}

func (b *bell) ring() {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.ch)
	b.ch = make(chan struct{})
}

// reservedKey says why a user may not send key, or "" if they may.
func reservedKey(key string) string {
	switch {
	case strings.HasPrefix(key, api.ReservedKeyPrefix):
		return "keys starting with " + strconv.Quote(api.ReservedKeyPrefix) + " are reserved for the scheduler's commands"
	case strings.HasPrefix(key, api.TaskStatusKeyPrefix):
		return "task status events are published only by the scheduler"
	}
	return ""
}

// eventBodyLimit bounds the body of an event send: a value and a context of
// max bytes each, even written entirely as \u escapes (6 bytes a byte),
// plus the other fields.
func eventBodyLimit(max int) int64 { return int64(max)*12 + 64<<10 }

func (s *Server) sendEvent(r *http.Request) (any, error) {
	max := s.limits.eventMaxBytes
	tooLarge := func(what string, n int) error {
		return errorf(http.StatusRequestEntityTooLarge, api.CodeTooLarge,
			"the event %s is %d bytes, more than the limit of %d (event_max_bytes in the server's aiflow_server.yaml)", what, n, max)
	}
	r.Body = http.MaxBytesReader(nil, r.Body, eventBodyLimit(max))
	var in api.SendEventRequest
	if err := decode(r, &in); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errorf(http.StatusRequestEntityTooLarge, api.CodeTooLarge,
				"the event is larger than the limit: its value and its context may hold %d bytes each (event_max_bytes in the server's aiflow_server.yaml)", max)
		}
		return nil, err
	}
	switch {
	case in.Key == "":
		return nil, errorf(http.StatusBadRequest, api.CodeBadRequest, "the event key is empty")
	case len(in.Key) > maxKey, len(in.Namespace) > maxKey, len(in.Sender) > maxKey, len(in.UUID) > maxKey:
		return nil, errorf(http.StatusBadRequest, api.CodeBadRequest, "event key, namespace, sender and uuid are limited to %d bytes", maxKey)
	case in.Namespace == "*":
		return nil, errorf(http.StatusBadRequest, api.CodeBadRequest, "an event cannot be sent to namespace \"*\"")
	case len(in.Value) > max:
		return nil, tooLarge("value", len(in.Value))
	case len(in.Context) > max:
		return nil, tooLarge("context", len(in.Context))
	}
	if err := checkName("event key", in.Key); err != nil {
		return nil, err
	}
	if in.Namespace != "" {
		if err := checkName("namespace", in.Namespace); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct{ what, v string }{{"sender", in.Sender}, {"uuid", in.UUID}} {
		if f.v != "" {
			if err := checkName(f.what, f.v); err != nil {
				return nil, err
			}
		}
	}
	if why := reservedKey(in.Key); why != "" {
		return nil, errorf(http.StatusForbidden, api.CodeForbidden, "event key %q is reserved: %s", in.Key, why)
	}
	if in.Context != "" {
		var obj map[string]any
		if err := json.Unmarshal([]byte(in.Context), &obj); err != nil || obj == nil {
			return nil, errorf(http.StatusBadRequest, api.CodeBadRequest, "the event context must be a JSON object, got %q", in.Context)
		}
	}
	ns := in.Namespace
	if ns == "" {
		ns = storage.DefaultNamespace
	}
	ev, err := s.store.AppendEvent(r.Context(), storage.Event{Key: in.Key, Value: in.Value, Context: in.Context,
		Namespace: ns, Sender: in.Sender, UUID: in.UUID})
	if err != nil {
		return nil, err
	}
	s.opts.Engine.Notify()
	return toEvent(ev), nil
}

func toEvent(e storage.Event) api.Event {
	return api.Event{Offset: e.Offset, Key: e.Key, Value: e.Value, Namespace: e.Namespace, Context: e.Context,
		Sender: e.Sender, UUID: e.UUID, CreateTime: e.CreateTime.UTC()}
}

// eventFilter reads the query string of the events paths; "*" means any.
func eventFilter(r *http.Request) (storage.EventFilter, time.Duration, error) {
	q := r.URL.Query()
	var f storage.EventFilter
	for _, k := range q["key"] {
		if k == "*" {
			f.Keys = nil
			break
		}
		f.Keys = append(f.Keys, k)
	}
	if f.Namespace = q.Get("namespace"); f.Namespace == "*" {
		f.Namespace = ""
	}
	if f.Sender = q.Get("sender"); f.Sender == "*" {
		f.Sender = ""
	}
	num := func(name string) (int64, error) {
		v := q.Get(name)
		if v == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return 0, errorf(http.StatusBadRequest, api.CodeBadRequest, "%s must be a non-negative integer, got %q", name, v)
		}
		return n, nil
	}
	var err error
	if f.After, err = num("after"); err != nil {
		return f, 0, err
	}
	limit, err := num("limit")
	if err != nil {
		return f, 0, err
	}
	// A page is bounded, by count and by size, so that one call cannot
	// make the server hold the whole log in memory; clients page with
	// after.
	if limit == 0 || limit > api.MaxEventPage {
		limit = api.MaxEventPage
	}
	f.Limit = int(limit)
	f.MaxBytes = api.MaxEventPageBytes
	var wait time.Duration
	if v := q.Get("wait"); v != "" {
		if wait, err = time.ParseDuration(v); err != nil || wait < 0 {
			return f, 0, errorf(http.StatusBadRequest, api.CodeBadRequest, "wait must be a duration such as 30s, got %q", v)
		}
	}
	return f, min(wait, maxWait), nil
}

func (s *Server) listEvents(r *http.Request) (any, error) {
	f, wait, err := eventFilter(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	var timeout <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	for {
		// Take the bell before reading, so an event appended between the
		// read and the wait still wakes this call.
		rung := s.bell.wait()
		evs, more, err := s.store.ListEventPage(ctx, f)
		if err != nil {
			return nil, err
		}
		if len(evs) > 0 || wait == 0 {
			out := api.Events{Events: make([]api.Event, 0, len(evs))}
			for _, e := range evs {
				out.Events = append(out.Events, toEvent(e))
			}
			if more {
				out.Next = evs[len(evs)-1].Offset
			}
			return out, nil
		}
		select {
		case <-rung:
		case <-timeout:
			return api.Events{Events: []api.Event{}}, nil
		case <-s.quit:
			return api.Events{Events: []api.Event{}}, nil
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
	}
}

func (s *Server) countEvents(r *http.Request) (any, error) {
	f, _, err := eventFilter(r)
	if err != nil {
		return nil, err
	}
	n, err := s.store.CountEvents(r.Context(), f)
	return api.EventCount{Count: n}, err
}

// eventOffset answers the offset of the last event or, with the query
// parameter time, of the last event created at or before it.
func (s *Server) eventOffset(r *http.Request) (any, error) {
	v := r.URL.Query().Get("time")
	if v == "" {
		n, err := s.store.MaxEventOffset(r.Context())
		return api.EventOffset{Offset: n}, err
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return nil, errorf(http.StatusBadRequest, api.CodeBadRequest, "time must be RFC 3339, such as 2026-11-27T09:00:00Z, got %q", v)
	}
	n, err := s.offsetAt(r.Context(), t)
	return api.EventOffset{Offset: n}, err
}

// offsetAt returns the offset of the last event created at or before t, 0
// if there is none (AIFlow's timestampToEventOffset). Events get their
// offsets in the order they are stored, so their times grow with their
// offsets: a binary search finds it in a few reads of one event each.
func (s *Server) offsetAt(ctx context.Context, t time.Time) (int64, error) {
	// first returns the first event after offset k, if any.
	first := func(k int64) (storage.Event, bool, error) {
		evs, err := s.store.ListEvents(ctx, storage.EventFilter{Page: storage.Page{After: k, Limit: 1}})
		if err != nil || len(evs) == 0 {
			return storage.Event{}, false, err
		}
		return evs[0], true, nil
	}
	hi, err := s.store.MaxEventOffset(ctx)
	if err != nil {
		return 0, err
	}
	ev, ok, err := first(0)
	if err != nil || !ok || ev.CreateTime.After(t) {
		return 0, err
	}
	// The answer is an event in [lo, hi]; lo's is created by t.
	lo := ev.Offset
	for lo < hi {
		mid := lo + (hi-lo)/2
		ev, ok, err := first(mid)
		switch {
		case err != nil:
			return 0, err
		case !ok || ev.CreateTime.After(t):
			hi = mid
		default:
			lo = ev.Offset
		}
	}
	return lo, nil
}
