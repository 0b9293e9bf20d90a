package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/parser"
	"github.com/aiflow-go/aiflow/pydef"
)

// An uploaded definition is code from whoever can reach the API. The
// interpreter bounds it (steps, object sizes), but a bug there or a load
// that allocates its way past the bounds must not take the server down, so
// the server loads uploads in a child process of its own binary ("aiflow
// server check-upload") that limits its own memory and CPU before it reads
// the definition, and is killed on its deadline or when the client goes
// away. Its answer is the IR and the diagnostics, as JSON on stdout.

// Defaults of CheckLimits.
const (
	DefaultCheckMaxMB   = 512
	DefaultCheckTimeout = 10 * time.Second
)

// CheckLimits bound one load of an upload in its child process.
type CheckLimits struct {
	// MaxMB is the memory of the process in MiB (the Go heap, the
	// interpreter and the definition's objects); zero is DefaultCheckMaxMB.
	MaxMB int
	// Timeout is the wall time of the load; zero is DefaultCheckTimeout.
	Timeout time.Duration
}

func (l CheckLimits) orDefaults() CheckLimits {
	if l.MaxMB <= 0 {
		l.MaxMB = DefaultCheckMaxMB
	}
	if l.Timeout <= 0 {
		l.Timeout = DefaultCheckTimeout
	}
	return l
}

// Check loads the definition at path, inside its snapshot folder, as an
// upload into namespace ("" for the definition's own) is loaded: parsed,
// placed in the namespace, validated.
func Check(ctx context.Context, p *parser.Parser, path string, src []byte, namespace string) ([]*ir.Workflow, ir.Diagnostics) {
	file, diags := p.ParseFile(ctx, path, src)
	ws := file.Workflows
	if namespace != "" {
		diags = append(diags, placeIn(ws, namespace)...)
	}
	return ws, append(diags, parser.Validate(ws)...)
}

// checked is what the child writes on stdout.
type checked struct {
	IR          json.RawMessage `json:"ir"`
	Diagnostics ir.Diagnostics  `json:"diagnostics"`
}

// RunCheck is the child: it limits its own memory to lim.MaxMB and its CPU
// time to a little more than lim.Timeout, loads the definition at path
// into namespace and writes the result to stdout.
func RunCheck(ctx context.Context, path, namespace string, lim CheckLimits, stdout io.Writer) error {
	lim = lim.orDefaults()
	max := uint64(lim.MaxMB) << 20
	// The collector works harder near the limit, so that garbage does not
	// make the hard limit fail the load.
	debug.SetMemoryLimit(int64(max) * 3 / 4)
	cpu := uint64(lim.Timeout/time.Second) + 5
	for _, l := range []struct {
		res int
		v   uint64
	}{{syscall.RLIMIT_DATA, max}, {syscall.RLIMIT_CPU, cpu}} {
		if err := syscall.Setrlimit(l.res, &syscall.Rlimit{Cur: l.v, Max: l.v}); err != nil {
			return fmt.Errorf("limit the load: %w", err)
		}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	// The interpreter's memory budget is a quarter of the process's: what
	// it counts is the objects a load builds, not the garbage and the
	// runtime around them.
	p, err := parser.New(pydef.Options{MaxAlloc: int64(lim.MaxMB) << 20 / 4})
	if err != nil {
		return fmt.Errorf("prepare the definition loader: %w", err)
	}
	ws, diags := Check(ctx, p, path, src, namespace)
	b, err := ir.EncodeJSON(ws)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(checked{IR: b, Diagnostics: diags})
}

// checkInChild runs RunCheck in a child process of exe ("aiflow server
// check-upload"). A child that runs out of its memory or time ends the
// load with a load-budget-exceeded diagnostic at the file.
func checkInChild(ctx context.Context, exe, path, namespace string, lim CheckLimits) ([]*ir.Workflow, ir.Diagnostics, error) {
	lim = lim.orDefaults()
	cctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	cmd := exec.CommandContext(cctx, exe, "server", "check-upload", "--namespace", namespace,
		"--max-mb", strconv.Itoa(lim.MaxMB), "--timeout", lim.Timeout.String(), "--", path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// The child dies with the server; it starts no process of its own.
	cmd.SysProcAttr = childAttr()
	cmd.Env = []string{}
	err := cmd.Run()
	budget := func(format string, a ...any) ([]*ir.Workflow, ir.Diagnostics, error) {
		return nil, ir.Diagnostics{ir.Errorf(ir.CodeLoadBudget, ir.Span{File: path}, format, a...)}, nil
	}
	switch {
	case ctx.Err() != nil:
		return nil, nil, ctx.Err() // the client went away, or the upload's own deadline passed
	case cctx.Err() != nil:
		return budget("loading was stopped: it did not finish within %v (upload_check_timeout)", lim.Timeout)
	case err != nil && outOfMemory(stderr.String()):
		return budget("loading was stopped: it needed more than %d MiB of memory (upload_check_max_mb)", lim.MaxMB)
	case err != nil:
		return nil, nil, fmt.Errorf("check the definition in a child process: %v: %s", err, lastLine(stderr.String()))
	}
	var out checked
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, nil, fmt.Errorf("check the definition in a child process: its answer: %w", err)
	}
	ws, err := ir.DecodeJSON(out.IR)
	if err != nil {
		return nil, nil, fmt.Errorf("check the definition in a child process: its IR: %w", err)
	}
	return ws, out.Diagnostics, nil
}

// outOfMemory reports whether a child's stderr tells that the Go runtime
// could not get memory under its limit.
func outOfMemory(stderr string) bool {
	return strings.Contains(stderr, "out of memory") || strings.Contains(stderr, "cannot allocate memory")
}

// lastLine is the last non-empty line of s, for an error message.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
