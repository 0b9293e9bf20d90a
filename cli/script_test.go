package cli

import (
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/internal/golden"
	"github.com/aiflow-go/aiflow/server"
)

// TestMain lets the test binary stand in for the aiflow command in scripts.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"aiflow": func() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script. With -update,
// failing cmp sections are rewritten with what the command printed.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       golden.Update(),
		// A script that fails after "aiflow server start -d" would leave
		// the server running in its own session; scripts keep their
		// server's home in $WORK/home.
		Setup: func(env *testscript.Env) error {
			env.Defer(func() { server.Stop(filepath.Join(env.WorkDir, "home"), 5*time.Second) })
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"exits":        cmdExits,
			"serverconfig": cmdServerConfig,
			"waitserver":   cmdWaitServer,
		},
	})
}

// cmdExits runs a program like exec and checks its exact exit status, which
// `! exec` cannot tell apart:
//
//	exits 2 aiflow validate --frmat json
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits status program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad status %q", args[0])
	}
	got := 0
	var ee *exec.ExitError
	switch err := ts.Exec(args[1], args[2:]...); {
	case err == nil:
	case errors.As(err, &ee):
		got = ee.ExitCode()
	default:
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// cmdServerConfig writes $AIFLOW_HOME/aiflow_server.yaml with a free
// loopback port as server_address, followed by the arguments as extra
// lines, and sets $ADDR to the address; -all listens on all interfaces
// (and sets $ADDR to the loopback address of the same port):
//
//	serverconfig [-all] 'token: secret'
func cmdServerConfig(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("usage: serverconfig [line...]")
	}
	host := "127.0.0.1"
	if len(args) > 0 && args[0] == "-all" {
		host, args = "0.0.0.0", args[1:]
	}
	ln, err := net.Listen("tcp", host+":0")
	ts.Check(err)
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ts.Check(ln.Close())
	home := ts.Getenv("AIFLOW_HOME")
	ts.Check(os.MkdirAll(home, 0o755))
	text := "server_address: " + net.JoinHostPort(host, port) + "\n" + strings.Join(args, "\n") + "\n"
	ts.Check(os.WriteFile(filepath.Join(home, "aiflow_server.yaml"), []byte(text), 0o644))
	ts.Setenv("ADDR", net.JoinHostPort("127.0.0.1", port))
}

// cmdWaitServer waits up to 20s until the server at $ADDR answers (any
// HTTP answer counts, 401 included); with !, until it no longer does.
func cmdWaitServer(ts *testscript.TestScript, neg bool, args []string) {
	url := "http://" + ts.Getenv("ADDR") + api.PathHealth
	hc := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		resp, err := hc.Get(url)
		if err == nil {
			resp.Body.Close()
		}
		if up := err == nil; up != neg {
			return
		}
	}
	if neg {
		ts.Fatalf("server at %s still answers", url)
	}
	ts.Fatalf("server at %s did not answer within 20s", url)
}
