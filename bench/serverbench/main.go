// Command serverbench is the Go half of bench/server.sh: what a shell script
// on a machine with only Go cannot do well by itself (pick a free port,
// write thousands of workflows quickly, time single HTTP calls without
// curl).
//
//	serverbench port                          print a free loopback port
//	serverbench gen -tasks 100 -dir D [-cmd C]
//	                                          write D/chain<N>.py and D/chain<N>.yaml
//	serverbench seed -db F -n 10000 [-ns NS] [-schedule EXPR [-paused-every K]]
//	                                          store n small workflows (server stopped), each
//	                                          with a schedule (every K-th paused)
//	serverbench list -addr A -runs N [-ns NS] time GET .../workflows
//	serverbench upload -addr A -runs N FILE   time POST /api/v1/uploads of FILE
//	serverbench wide -tasks 1000 -dir D       write D/wide<N>.yaml: independent `true` tasks
//	serverbench gaps DIR                      gaps between the tasks of a chain run (engine)
//	serverbench wall -addr A ID...            seconds from the first execution's begin to the last one's end
//	serverbench sups DIR...                   how many supervisors ran the tries in the .runs folders
//	serverbench firelat -addr A -n 100        median and max ms from a schedule's fire to its first task start
//	serverbench seqrun -addr A -wf W -n 4000 -every 250 -home H
//	                                          run n executions of W one after another; every
//	                                          so many print the disk use, file count and RSS of H's server
//
// list and upload print "mean min max" in milliseconds and the size of the
// answer; seed stores through storage/sqlite in one transaction, the same
// rows an upload writes (workflow and snapshot with its canonical IR).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
	"github.com/aiflow-go/aiflow/ir"
	"github.com/aiflow-go/aiflow/storage"
	"github.com/aiflow-go/aiflow/storage/sqlite"
	"github.com/aiflow-go/aiflow/yamldef"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: serverbench port|gen|seed|list|upload [flags]")
		os.Exit(2)
	}
	cmds := map[string]func([]string) error{"port": port, "gen": gen, "seed": seed, "list": list, "upload": upload,
		"wide": wide, "gaps": gaps, "wall": wall, "sups": sups, "firelat": firelat, "seqrun": seqrun}
	run, ok := cmds[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "serverbench: unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
	if err := run(os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "serverbench:", err)
		os.Exit(1)
	}
}

// port prints a loopback port that was free a moment ago; the server binds
// it right after, so a clash is unlikely but possible on a busy machine.
func port([]string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	return nil
}

// gen writes a chain of tasks, each started after the one before, as Python
// and as YAML: one task per line, as people write them.
func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	n := fs.Int("tasks", 100, "number of tasks")
	dir := fs.String("dir", ".", "output folder")
	cmd := fs.String("cmd", "echo step %d", "each task's bash command (%d: its number)")
	fs.Parse(args)
	var py, ym strings.Builder
	fmt.Fprintf(&py, "from ai_flow.model.workflow import Workflow\nfrom ai_flow.operators.bash import BashOperator\n\n")
	fmt.Fprintf(&py, "with Workflow(name='chain%d_py') as w:\n", *n)
	fmt.Fprintf(&ym, "name: chain%d_yaml\ntasks:\n", *n)
	for i := range *n {
		c := *cmd
		if strings.Contains(c, "%d") {
			c = fmt.Sprintf(c, i)
		}
		fmt.Fprintf(&py, "    t%03d = BashOperator(name='t%03d', bash_command='%s')\n", i, i, c)
		fmt.Fprintf(&ym, "  - {name: t%03d, operator: bash, bash_command: %q", i, c)
		if i > 0 {
			fmt.Fprintf(&py, "    t%03d.start_after([t%03d])\n", i, i-1)
			fmt.Fprintf(&ym, ", start_after: [t%03d]", i-1)
		}
		ym.WriteString("}\n")
	}
	base := filepath.Join(*dir, fmt.Sprintf("chain%d", *n))
	if err := os.WriteFile(base+".py", []byte(py.String()), 0o644); err != nil {
		return err
	}
	return os.WriteFile(base+".yaml", []byte(ym.String()), 0o644)
}

// wide writes a workflow of n independent tasks that run `true`.
func wide(args []string) error {
	fs := flag.NewFlagSet("wide", flag.ExitOnError)
	n := fs.Int("tasks", 1000, "number of tasks")
	dir := fs.String("dir", ".", "output folder")
	fs.Parse(args)
	var ym strings.Builder
	fmt.Fprintf(&ym, "name: wide%d\ntasks:\n", *n)
	for i := range *n {
		fmt.Fprintf(&ym, "  - {name: t%04d, operator: bash, bash_command: \"true\"}\n", i)
	}
	return os.WriteFile(filepath.Join(*dir, fmt.Sprintf("wide%d.yaml", *n)), []byte(ym.String()), 0o644)
}

// gaps reads the files of a chain's tries (DIR is the execution's .runs
// folder) and prints, in milliseconds, the median and 90th percentile of
// the time from one task's process end to the next one's process start, as
// the supervisors recorded them, then the median of the first tenth of the
// chain and of the last tenth (a step must not grow with the chain).
func gaps(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: serverbench gaps DIR")
	}
	paths, err := filepath.Glob(filepath.Join(args[0], "*.json"))
	if err != nil || len(paths) < 20 {
		return fmt.Errorf("too few tries in %s (%v)", args[0], err)
	}
	type times struct{ Started, Ended time.Time }
	var runs []times
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var rec struct{ Outcome times }
		if err := json.Unmarshal(b, &rec); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		runs = append(runs, rec.Outcome)
	}
	slices.SortFunc(runs, func(a, b times) int { return a.Started.Compare(b.Started) })
	var ms []float64
	for i := 1; i < len(runs); i++ {
		ms = append(ms, float64(runs[i].Started.Sub(runs[i-1].Ended))/1e6)
	}
	tenth := len(ms) / 10
	first, last := median(ms[:tenth]), median(ms[len(ms)-tenth:])
	slices.Sort(ms)
	fmt.Printf("%.2f %.2f %.2f %.2f\n", ms[len(ms)/2], ms[len(ms)*9/10], first, last)
	return nil
}

// median returns the median of v, which it leaves unchanged.
func median(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return v[len(v)/2]
}

// wall prints the seconds from the earliest begin of the executions with
// the ids given to the latest end.
func wall(args []string) error {
	fs := flag.NewFlagSet("wall", flag.ExitOnError)
	addr := fs.String("addr", "", "server host:port")
	fs.Parse(args)
	var begin, end time.Time
	for _, id := range fs.Args() {
		resp, err := http.Get("http://" + *addr + api.PathExecutions + "/" + id)
		if err != nil {
			return err
		}
		var x api.Execution
		err = json.NewDecoder(resp.Body).Decode(&x)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if x.EndTime.IsZero() {
			return fmt.Errorf("execution %s has not ended (%s)", id, x.Status)
		}
		if begin.IsZero() || x.BeginTime.Before(begin) {
			begin = x.BeginTime
		}
		if x.EndTime.After(end) {
			end = x.EndTime
		}
	}
	fmt.Printf("%.3f\n", end.Sub(begin).Seconds())
	return nil
}

// sups prints how many supervisor processes ran the tries recorded in the
// .runs folders given.
func sups(args []string) error {
	pids := map[int]bool{}
	for _, dir := range args {
		paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil {
			return err
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			var rec struct{ State struct{ Supervisor int } }
			if err := json.Unmarshal(b, &rec); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			pids[rec.State.Supervisor] = true
		}
	}
	fmt.Println(len(pids))
	return nil
}

// seed stores n workflows of three tasks in namespace ns, all in one
// transaction, which takes about a second where n uploads would take
// minutes.
func seed(args []string) error {
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	db := fs.String("db", "", "SQLite database (initialized)")
	n := fs.Int("n", 10000, "number of workflows")
	ns := fs.String("ns", storage.DefaultNamespace, "namespace")
	sched := fs.String("schedule", "", "give every workflow a schedule with this expression")
	pausedEvery := fs.Int("paused-every", 0, "pause every n-th schedule (0: none)")
	fs.Parse(args)
	var expr ir.Expression
	if *sched != "" {
		var err error
		if expr, err = ir.ParseExpression(*sched); err != nil {
			return err
		}
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, *db, sqlite.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	err = st.Update(ctx, func(tx storage.Tx) error {
		for i := range *n {
			name := fmt.Sprintf("seeded_%05d", i)
			src := []byte("name: " + name + `
tasks:
  - {name: extract, operator: bash, bash_command: echo extract}
  - {name: transform, operator: bash, bash_command: echo transform, start_after: [extract]}
  - {name: load, operator: bash, bash_command: echo load, start_after: [transform]}
`)
			ws, diags := yamldef.Parse(name+".yaml", src)
			if diags.HasErrors() || len(ws) != 1 {
				return fmt.Errorf("seed workflow %s: %v", name, diags)
			}
			ws[0].Canonicalize()
			ws[0].Namespace = *ns
			data, err := ir.EncodeJSON(ws)
			if err != nil {
				return err
			}
			w, _, err := tx.UploadWorkflow(ctx, storage.Upload{Namespace: *ns, Name: name,
				Snapshot: storage.Snapshot{SourceName: name + ".yaml", Source: src, IR: data}})
			if err != nil {
				return err
			}
			if *sched == "" {
				continue
			}
			sc := storage.Schedule{WorkflowID: w.ID, Expression: *sched, NextFireTime: expr.Next(time.Now())}
			if *pausedEvery > 0 && i%*pausedEvery == 0 {
				sc.Paused, sc.NextFireTime = true, time.Time{}
			}
			if _, err := tx.CreateSchedule(ctx, sc); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// firelat waits until each of the first n seeded workflows has a PERIODIC
// execution whose first task started, and prints the median and maximum
// latency in milliseconds from the schedule's fire time (its minute: the
// schedules fire every minute) to that start.
func firelat(args []string) error {
	fs := flag.NewFlagSet("firelat", flag.ExitOnError)
	addr := fs.String("addr", "", "server host:port")
	n := fs.Int("n", 100, "workflows")
	timeout := fs.Duration("timeout", 3*time.Minute, "how long to wait for the executions")
	fs.Parse(args)
	deadline := time.Now().Add(*timeout)
	var lat, began []float64
	for i := range *n {
		for {
			d, b, err := firstStart(*addr, fmt.Sprintf("seeded_%05d", i))
			if err != nil {
				return err
			}
			if d >= 0 {
				lat, began = append(lat, d), append(began, b)
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("seeded_%05d: no periodic execution started within %s", i, *timeout)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	slices.Sort(lat)
	slices.Sort(began)
	fmt.Printf("%.1f %.1f %.1f %.1f\n", lat[len(lat)/2], lat[len(lat)-1], began[len(began)/2], began[len(began)-1])
	return nil
}

// firstStart returns the milliseconds from the fire time of the first
// PERIODIC execution of workflow name to the start of its first task run
// (-1 while there is none yet) and to the execution's begin.
func firstStart(addr, name string) (float64, float64, error) {
	var xs api.Executions
	if err := getJSON("http://"+addr+api.WorkflowExecutionsPath(storage.DefaultNamespace, name), &xs); err != nil {
		return 0, 0, err
	}
	for _, x := range xs.Executions {
		if x.RunType != string(storage.RunPeriodic) {
			continue
		}
		var d api.ExecutionDetail
		if err := getJSON("http://"+addr+api.ExecutionPath(x.ID), &d); err != nil {
			return 0, 0, err
		}
		// A run's begin time is its creation time until its process
		// starts (AIFlow's begin_date); then it is the start.
		if len(d.TaskExecutions) == 0 || d.TaskExecutions[0].Status == string(storage.TaskQueued) {
			return -1, 0, nil
		}
		fire := x.BeginTime.Truncate(time.Minute)
		ms := func(t time.Time) float64 { return float64(t.Sub(fire).Microseconds()) / 1000 }
		return ms(d.TaskExecutions[0].BeginTime), ms(x.BeginTime), nil
	}
	return -1, 0, nil
}

func getJSON(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("GET %s: %s: %s", url, resp.Status, b)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// list times the raw API call: GET and read the whole answer, no decoding.
func list(args []string) error {
	fs := flag.NewFlagSet("list", flag.ExitOnError)
	addr := fs.String("addr", "", "server host:port")
	runs := fs.Int("runs", 10, "timed calls (after one warm-up)")
	ns := fs.String("ns", storage.DefaultNamespace, "namespace")
	fs.Parse(args)
	url := "http://" + *addr + api.WorkflowsPath(*ns)
	return timeCalls(*runs, func() (int, error) {
		resp, err := http.Get(url)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("GET %s: %s: %s", url, resp.Status, data)
		}
		return len(data), err
	})
}

// upload times the raw API call that `aiflow workflow upload FILE` makes.
func upload(args []string) error {
	fs := flag.NewFlagSet("upload", flag.ExitOnError)
	addr := fs.String("addr", "", "server host:port")
	runs := fs.Int("runs", 10, "timed calls (after one warm-up)")
	fs.Parse(args)
	if fs.NArg() != 1 {
		return fmt.Errorf("upload wants one file")
	}
	src, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	body, err := json.Marshal(api.UploadRequest{Path: fs.Arg(0), Source: src})
	if err != nil {
		return err
	}
	url := "http://" + *addr + api.PathUploads
	return timeCalls(*runs, func() (int, error) {
		resp, err := http.Post(url, "application/json", bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode != http.StatusCreated {
			err = fmt.Errorf("POST %s: %s: %s", url, resp.Status, data)
		}
		return len(data), err
	})
}

// timeCalls runs call once to warm up, then runs times, and prints the mean,
// min and max in milliseconds and the answer's size in bytes.
func timeCalls(runs int, call func() (int, error)) error {
	if _, err := call(); err != nil {
		return err
	}
	var ds []time.Duration
	var size int
	for range max(runs, 1) {
		t := time.Now()
		n, err := call()
		if err != nil {
			return err
		}
		ds = append(ds, time.Since(t))
		size = n
	}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	msf := func(d time.Duration) float64 { return float64(d) / 1e6 }
	fmt.Printf("%.2f %.2f %.2f %d\n", msf(sum)/float64(len(ds)), msf(slices.Min(ds)), msf(slices.Max(ds)), size)
	return nil
}

// seqrun runs executions of one workflow one after another and samples
// what the server of home keeps: the bytes and files under home (database,
// snapshots, run folders, logs) and its resident memory.
func seqrun(args []string) error {
	fs := flag.NewFlagSet("seqrun", flag.ExitOnError)
	addr := fs.String("addr", "", "server host:port")
	wf := fs.String("wf", "", "workflow name")
	n := fs.Int("n", 4000, "executions")
	every := fs.Int("every", 250, "print a sample after this many executions")
	home := fs.String("home", "", "the server's AIFLOW_HOME")
	fs.Parse(args)
	c := client.New(*addr, "")
	ctx := context.Background()
	start := time.Now()
	fmt.Println("executions seconds disk_MB files rss_MB")
	for i := 1; i <= *n; i++ {
		x, err := c.StartExecution(ctx, storage.DefaultNamespace, *wf, api.StartExecutionRequest{})
		if err != nil {
			return err
		}
		for {
			d, err := c.Execution(ctx, x.ID)
			if err != nil {
				return err
			}
			if !storage.ExecutionStatus(d.Status).Alive() {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		if i%*every == 0 {
			bytes, files, err := du(*home)
			if err != nil {
				return err
			}
			fmt.Printf("%d %.0f %.1f %d %s\n", i, time.Since(start).Seconds(), float64(bytes)/(1<<20), files, serverRSS(*home))
		}
	}
	return nil
}

// du returns the bytes allocated to the files under dir and their number.
func du(dir string) (int64, int, error) {
	var bytes int64
	files := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil // removed by retention while walking
			}
			return err
		}
		if fi, err := d.Info(); err == nil {
			if st, ok := fi.Sys().(*syscall.Stat_t); ok {
				bytes += st.Blocks * 512
			}
		}
		files++
		return nil
	})
	return bytes, files, err
}

// serverRSS is the VmRSS of the server of home in MB, "?" when unknown.
func serverRSS(home string) string {
	pid, err := os.ReadFile(filepath.Join(home, "aiflow_server.pid"))
	if err != nil {
		return "?"
	}
	status, err := os.ReadFile("/proc/" + strings.TrimSpace(string(pid)) + "/status")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmRSS:" {
			var kb float64
			fmt.Sscan(f[1], &kb)
			return fmt.Sprintf("%.1f", kb/1024)
		}
	}
	return "?"
}
