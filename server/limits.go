package server

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aiflow-go/aiflow/api"
)

// Limits that protect the server from clients that hold connections open,
// send slowly, send a lot or send often. docs/security.md lists each with
// its configuration key.
const (
	// DefaultMaxConnections bounds the connections open at once
	// (max_connections): each costs buffers and a goroutine, and its
	// headers up to maxHeaderBytes.
	DefaultMaxConnections = 1024
	// DefaultMaxUploads bounds the uploads in progress at once
	// (max_uploads): each holds a staging folder on disk (up to the 64 MiB
	// of its body), the work of checking its definition and, while it is
	// stored, its artifacts.
	DefaultMaxUploads = 8
	// DefaultUploadTimeout bounds one upload, from its headers to its
	// answer (upload_timeout): sending the body, checking the definition,
	// storing it.
	DefaultUploadTimeout = 5 * time.Minute
	// DefaultEventMaxBytes bounds the value and the context of an event
	// (event_max_bytes), each.
	DefaultEventMaxBytes = 1 << 20

	// Timeouts of every call, not configurable: a client that sends its
	// headers slower than readHeaderTimeout, its whole request slower than
	// readTimeout, or does not take its answer within writeTimeout (from
	// the end of its headers) is cut off; an idle keep-alive connection is
	// closed after idleTimeout (longer than the Go client's 90 s, so that
	// the client, not the server, closes idle connections and never reuses
	// one the server just closed). Long polls and uploads extend their own
	// deadlines (longPollSlack, UploadTimeout).
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 60 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	// longPollSlack is added to a long poll's wait (at most maxWait) for
	// its read and write deadlines: the time to read events and write them.
	longPollSlack = 30 * time.Second
	// maxHeaderBytes bounds the request line and headers of a call (431
	// beyond): names are at most 256 bytes and event keys 1,024, so 64 KiB
	// is far more than any call needs.
	maxHeaderBytes = 64 << 10

	// logClip bounds each client-chosen string (path, message) in a log
	// line; logRate and logBurst bound the lines about failed or refused
	// calls (per second, and at once); the others are counted and
	// summarized.
	logClip  = 200
	logRate  = 10
	logBurst = 20
)

// limits are the effective limits of a server (zero options take the
// defaults).
type limits struct {
	maxUploads    int
	uploadTimeout time.Duration
	eventMaxBytes int
}

func limitsOf(o Options) limits {
	l := limits{maxUploads: o.MaxUploads, uploadTimeout: o.UploadTimeout, eventMaxBytes: o.EventMaxBytes}
	if l.maxUploads <= 0 {
		l.maxUploads = DefaultMaxUploads
	}
	if l.uploadTimeout <= 0 {
		l.uploadTimeout = DefaultUploadTimeout
	}
	if l.eventMaxBytes <= 0 {
		l.eventMaxBytes = DefaultEventMaxBytes
	}
	return l
}

// httpServer returns the HTTP server of handler with the timeouts of o
// (zero: the defaults above) and errors of net/http itself logged through
// lines.
func httpServer(handler http.Handler, o RunOptions, lines *lineLimiter) *http.Server {
	pick := func(d, def time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return def
	}
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: pick(o.ReadHeaderTimeout, readHeaderTimeout),
		ReadTimeout:       pick(o.ReadTimeout, readTimeout),
		WriteTimeout:      pick(o.WriteTimeout, writeTimeout),
		IdleTimeout:       pick(o.IdleTimeout, idleTimeout),
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          log.New(lines.writer("http server"), "", 0),
	}
}

// extendDeadlines gives the call of w the read and write deadlines d from
// now, instead of the server's readTimeout and writeTimeout: for long polls
// and uploads, which legitimately take longer.
func extendDeadlines(w http.ResponseWriter, d time.Duration) {
	rc := http.NewResponseController(w)
	at := time.Now().Add(d)
	// Only a test's recorder lacks them; the server's own writer has both.
	_ = rc.SetReadDeadline(at)
	_ = rc.SetWriteDeadline(at)
}

// clip cuts a client-chosen string for a log line: at most logClip bytes
// (on a rune boundary), with how much was left out.
func clip(s string) string {
	if len(s) <= logClip {
		return s
	}
	n := logClip
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…(" + strconv.Itoa(len(s)-n) + " more bytes)"
}

// lineLimiter rate-limits the log lines that clients can cause (failed and
// refused calls, connections over the cap, net/http's own complaints): a
// token bucket of logBurst lines refilled at logRate per second. Lines over
// the rate are counted, and one summary line says how many were left out,
// a second after the first of them.
type lineLimiter struct {
	log *slog.Logger
	now func() time.Time

	mu         sync.Mutex
	tokens     float64
	last       time.Time
	suppressed int
	pending    bool // a summary is scheduled
}

func newLineLimiter(log *slog.Logger) *lineLimiter {
	return &lineLimiter{log: log, now: time.Now, tokens: logBurst}
}

// allow reports whether a line may be logged now; if not, it is counted.
func (l *lineLimiter) allow() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if !l.last.IsZero() {
		l.tokens = min(logBurst, l.tokens+now.Sub(l.last).Seconds()*logRate)
	}
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return true
	}
	l.suppressed++
	if !l.pending {
		l.pending = true
		time.AfterFunc(time.Second, l.summarize)
	}
	return false
}

// summarize logs how many lines were left out since the last summary.
func (l *lineLimiter) summarize() {
	l.mu.Lock()
	n := l.suppressed
	l.suppressed, l.pending = 0, false
	l.mu.Unlock()
	if n > 0 {
		l.log.Warn("suppressed similar lines about failed or refused calls", "count", n, "limit_per_second", logRate)
	}
}

// logf logs one line at level if the rate allows.
func (l *lineLimiter) logf(level slog.Level, msg string, args ...any) {
	if l.allow() {
		l.log.Log(context.Background(), level, msg, args...)
	}
}

// writer adapts the limiter to a log.Logger's output (net/http's ErrorLog).
func (l *lineLimiter) writer(component string) *limitedWriter {
	return &limitedWriter{l: l, component: component}
}

type limitedWriter struct {
	l         *lineLimiter
	component string
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	w.l.logf(slog.LevelWarn, w.component, "msg", clip(strings.TrimSpace(string(p))))
	return len(p), nil
}

// limitListener bounds the connections open at once: one over the limit is
// answered 503 at once and closed, so that a flood of connections costs
// neither memory nor the service of the calls in progress. The answer
// follows the first bytes of the request, without parsing it; the
// connection is then half-closed and drained briefly, so that the client
// reads the answer rather than a reset.
type limitListener struct {
	net.Listener
	max   int
	slots chan struct{}
	// drains bounds the goroutines draining refused connections; beyond
	// it they are closed at once.
	drains chan struct{}
	lines  *lineLimiter
	busy   []byte
}

func newLimitListener(ln net.Listener, max int, lines *lineLimiter) *limitListener {
	body, _ := json.Marshal(api.Error{Code: api.CodeBusy,
		Message: fmt.Sprintf("the aiflow server has %d connections open, its limit (max_connections in aiflow_server.yaml); try again", max)})
	busy := fmt.Appendf(nil, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: %d\r\nRetry-After: 1\r\nConnection: close\r\n\r\n%s\n",
		len(body)+1, body)
	return &limitListener{Listener: ln, max: max, slots: make(chan struct{}, max), drains: make(chan struct{}, 64), lines: lines, busy: busy}
}

// Accept returns the next connection within the limit, refusing those
// over it.
func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
			return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
		default:
			l.refuse(c)
		}
	}
}

// refuse answers a connection over the limit in a goroutine of its own
// (at most cap(drains) at once; beyond, connections are closed unanswered),
// so that Accept goes on at once. It waits for the request first: a client
// answered before it asked takes the answer for garbage.
func (l *limitListener) refuse(c net.Conn) {
	l.lines.logf(slog.LevelWarn, "refused connection: too many open", "remote", c.RemoteAddr().String(), "max_connections", l.max)
	select {
	case l.drains <- struct{}{}:
	default:
		c.Close()
		return
	}
	go func() {
		defer func() { <-l.drains }()
		defer c.Close()
		c.SetDeadline(time.Now().Add(time.Second))
		buf := make([]byte, 4096)
		if _, err := c.Read(buf); err != nil {
			return
		}
		if _, err := c.Write(l.busy); err != nil {
			return
		}
		if cw, ok := c.(interface{ CloseWrite() error }); ok {
			cw.CloseWrite()
		}
		for {
			if _, err := c.Read(buf); err != nil {
				return
			}
		}
	}()
}

// limitConn gives its slot back when it is closed (once: net/http may close
// a connection twice).
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

// CloseWrite lets net/http half-close the connection before closing it,
// as it does on a plain TCP connection.
func (c *limitConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
