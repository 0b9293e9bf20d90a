package server_test

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/engine/enginetest"
	"github.com/aiflow-go/aiflow/server"
	"github.com/aiflow-go/aiflow/storage/sqlite"
)

func TestCheckAddress(t *testing.T) {
	for _, tc := range []struct {
		addr, token, want string
	}{
		{"127.0.0.1:50051", "", ""},
		{"localhost:1", "", ""},
		{"[::1]:1", "", ""},
		{"0.0.0.0:50051", "t", ""},
		{"0.0.0.0:50051", "", "is not a loopback address"},
		{":50051", "", "is not a loopback address"},
		{"10.0.0.1:1", "", "is not a loopback address"},
		{"nohost", "", "is not host:port"},
	} {
		t.Run(tc.addr+"/"+tc.token, func(t *testing.T) {
			err := server.CheckAddress(tc.addr, tc.token)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("CheckAddress(%q, %q) = %v, want %q", tc.addr, tc.token, err, tc.want)
			}
		})
	}
}

// TestRun starts a server, checks that a second one is refused, and stops
// it by cancelling its context: the pid file is gone afterwards.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	home, db := initHome(t)
	opts := server.RunOptions{Home: home, Address: "127.0.0.1:0", Database: db, Executable: enginetest.Binary(t)}
	ready := make(chan net.Addr, 1)
	opts.Ready = func(a net.Addr) { ready <- a }
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, opts) }()
	var addr net.Addr
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("server not ready")
	}
	pid, err := server.ReadPID(home)
	if err != nil || pid != os.Getpid() {
		t.Fatalf("pid file: %d, %v", pid, err)
	}
	if err := server.Run(ctx, server.RunOptions{Home: home, Address: "127.0.0.1:0", Database: db}); !errors.Is(err, server.ErrRunning) {
		t.Fatalf("second Run: %v, want ErrRunning", err)
	}
	c := client.New(addr.String(), "")
	if h, err := c.Health(ctx); err != nil || h.Status != "ok" {
		t.Fatalf("health: %+v, %v", h, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run after cancel: %v", err)
	}
	if _, err := os.Stat(filepath.Join(home, server.PIDFile)); !os.IsNotExist(err) {
		t.Errorf("pid file after stop: %v", err)
	}
	var nr *client.NotRunningError
	if _, err := c.Health(context.Background()); !errors.As(err, &nr) {
		t.Errorf("health after stop: %v, want NotRunningError", err)
	}
}

func TestStaleAndStop(t *testing.T) {
	home := t.TempDir()
	// No pid file: nothing to stop.
	if pid, err := server.Stop(home, time.Second); pid != 0 || err != nil {
		t.Fatalf("Stop without server: %d, %v", pid, err)
	}
	// A pid file naming no process is stale and removed.
	path := filepath.Join(home, server.PIDFile)
	if err := os.WriteFile(path, []byte(strconv.Itoa(1<<30)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if pid, err := server.Stop(home, time.Second); pid != 0 || err != nil {
		t.Fatalf("Stop with stale pid file: %d, %v", pid, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("stale pid file kept: %v", err)
	}
}

// TestShutdownWakesLongPoll stops a server while a long poll waits: the poll
// answers at once with no events and Run returns well before the grace
// period.
func TestShutdownWakesLongPoll(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	home, db := initHome(t)
	exe := enginetest.Binary(t)
	ready := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- server.Run(ctx, server.RunOptions{Home: home, Address: "127.0.0.1:0", Database: db, Executable: exe,
			Ready: func(a net.Addr) { ready <- a }})
	}()
	var addr net.Addr
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("Run: %v", err)
	}
	type result struct {
		n   int
		err error
	}
	polled := make(chan result, 1)
	go func() {
		evs, err := client.New(addr.String(), "").Events(context.Background(), api.EventQuery{Keys: []string{"k"}, Wait: time.Minute})
		polled <- result{len(evs), err}
	}()
	time.Sleep(200 * time.Millisecond) // let the poll start waiting
	begin := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run still waiting for the long poll")
	}
	if d := time.Since(begin); d > 3*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	if r := <-polled; r.err != nil || r.n != 0 {
		t.Errorf("long poll = %d events, %v; want none", r.n, r.err)
	}
}

// TestPIDLock: a pid file whose process is gone is reused, and one locked by
// a live server is refused even when it names a dead pid.
func TestPIDLock(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	home, db := initHome(t)
	exe := enginetest.Binary(t)
	path := filepath.Join(home, server.PIDFile)
	if err := os.WriteFile(path, []byte(strconv.Itoa(1<<30)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ready := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- server.Run(ctx, server.RunOptions{Home: home, Address: "127.0.0.1:0", Database: db, Executable: exe,
			Ready: func(a net.Addr) { ready <- a }})
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("Run over a stale pid file: %v", err)
	}
	// Someone overwrites the pid: the lock still says a server runs.
	if err := os.WriteFile(path, []byte(strconv.Itoa(1<<30)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := server.Run(ctx, server.RunOptions{Home: home, Address: "127.0.0.1:0", Database: db}); !errors.Is(err, server.ErrRunning) {
		t.Errorf("second Run: %v, want ErrRunning", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("refused Run removed the pid file: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestRunningPIDZombie: a zombie child counts as gone.
func TestRunningPIDZombie(t *testing.T) {
	home := t.TempDir()
	cmd := exec.Command("true")
	if err := cmd.Start(); err != nil {
		t.Skip(err)
	}
	defer cmd.Wait()
	time.Sleep(100 * time.Millisecond) // exited, not reaped: a zombie
	if err := os.WriteFile(filepath.Join(home, server.PIDFile), []byte(strconv.Itoa(cmd.Process.Pid)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if pid := server.RunningPID(home); pid != 0 {
		t.Errorf("RunningPID = %d for a zombie, want 0", pid)
	}
	if err := os.WriteFile(filepath.Join(home, server.PIDFile), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if pid := server.RunningPID(home); pid != os.Getpid() {
		t.Errorf("RunningPID = %d, want %d", pid, os.Getpid())
	}
}

// initHome is a temporary AIFLOW_HOME with an initialized database.
func initHome(t *testing.T) (home, db string) {
	t.Helper()
	home = t.TempDir()
	db = filepath.Join(home, "aiflow.db")
	if _, _, err := sqlite.Init(context.Background(), db, sqlite.Options{}); err != nil {
		t.Fatal(err)
	}
	return home, db
}
