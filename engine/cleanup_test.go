package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/engine"
	"github.com/aiflow-go/aiflow/engine/enginetest"
)

// Stand-ins for the cluster clients. A run prints what the real client
// prints about the job it submitted (the job id and the application id are
// its last two arguments), then runs for as many seconds as its last
// argument says; stop commands append their arguments to the record file
// and print where and for which task they ran.
const (
	fakeFlink = `#!/bin/bash
case $1 in
run)
	args=("$@")
	id=${args[-2]}
	if [ "$id" = retry ]; then
		# A first try that fails after naming a job another one than the
		# retry's.
		id=0000000000000000000000000000000$AIFLOW_TRY_NUMBER
		echo "Job has been submitted with JobID $id"
		[ "$AIFLOW_TRY_NUMBER" = 1 ] && exit 1
	fi
	if [ "$id" != - ] && [ "${args[-2]}" != retry ]; then
		echo "Job has been submitted with JobID $id"
		echo "Found Web Interface of application 'application_1700000000000_0042'."
	fi
	exec sleep "${args[-1]}"
	;;
cancel|stop)
	echo "$*" >> "$RECORD"
	echo "flink $1 ran in $PWD for $AIFLOW_TASK"
	;;
esac
`
	fakeSparkSubmit = `#!/bin/bash
echo "INFO Client: Submitted application application_1700000000000_0007"
exec sleep 30
`
	fakeYarn = `#!/bin/bash
echo "$*" >> "$RECORD"
echo "Killed application $3 in $PWD"
`
	// fakeDocker records its arguments; run prints the variables it
	// passes by name as the container would see them, then runs the
	// command in place of the image.
	fakeDocker = `#!/bin/bash
echo "$*" >> "$RECORD"
case $1 in
run)
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--rm) shift ;;
		--name|--label|--volume|--network) shift 2 ;;
		--env) echo "$2=${!2}"; shift 2 ;;
		*) break ;;
		esac
	done
	echo "image $1"
	shift
	exec "$@"
	;;
stop)
	echo "docker stop ran for $2"
	;;
esac
`
)

// cluster starts an engine whose tasks find the stand-ins on PATH and
// returns it with the record file of the stop commands.
func cluster(t *testing.T) (*enginetest.Harness, string) {
	t.Helper()
	record := filepath.Join(t.TempDir(), "record")
	h := enginetest.Start(t, engine.Options{Grace: time.Second, Environ: append(os.Environ(), "RECORD="+record)})
	// The harness puts its bin folder first on the tasks' PATH.
	bin := filepath.Join(h.Dir, "bin")
	for name, script := range map[string]string{"flink": fakeFlink, "spark-submit": fakeSparkSubmit, "yarn": fakeYarn, "docker": fakeDocker} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return h, record
}

// waitFor polls the file at path until it satisfies cond.
func waitFor(t *testing.T, path, what string, cond func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, _ := os.ReadFile(path)
		if cond(string(b)) {
			return string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s not reached; it holds %q", path, what, b)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func contains(s string) func(string) bool {
	return func(b string) bool { return strings.Contains(b, s) }
}

// stopRunning waits until the tasks of execution id are running (and have
// printed their job ids), stops the execution and waits for its runs to
// become runs.
func stopRunning(t *testing.T, h *enginetest.Harness, wf string, id int64, running map[string]string, runs string) {
	t.Helper()
	h.Wait(id, timeout, "the tasks running", func(x api.ExecutionDetail) bool {
		n := 0
		for _, te := range x.TaskExecutions {
			if _, ok := running[te.Task]; ok && te.Status == "RUNNING" {
				n++
			}
		}
		return n == len(running)
	})
	for task, line := range running {
		waitFor(t, h.Engine.LogPath(wf, id, task, 1), "the job submitted", contains(line))
	}
	if _, err := h.Client.StopExecution(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	h.Wait(id, timeout, runs, func(x api.ExecutionDetail) bool { return enginetest.Runs(x) == runs })
	check(t, h.Finished(id, timeout), "STOPPED", runs)
}

func TestStopFlinkJobs(t *testing.T) {
	h, record := cluster(t)
	h.Upload("flink.yaml", `name: flink
tasks:
  - name: quick
    operator: flink
    application: job.jar
    application_args: ["00000000000000000000000000000000", "0"]
  - name: remote
    operator: flink
    application: job.jar
    target: remote
    application_args: ["0123456789abcdef0123456789abcdef", "30"]
  - name: perjob
    operator: flink
    application: job.jar
    target: yarn-per-job
    stop_with_savepoint: true
    application_args: ["fedcba9876543210fedcba9876543210", "30"]
  - name: nojob
    operator: flink
    application: job.jar
    application_args: ["-", "30"]
  - name: retried
    operator: flink
    application: job.jar
    retries: 1
    application_args: ["retry", "30"]
`)
	id := h.StartExecution("flink")
	h.Wait(id, timeout, "quick to succeed", func(x api.ExecutionDetail) bool {
		return len(x.TaskExecutions) > 0 && slices.ContainsFunc(x.TaskExecutions, func(te api.TaskExecution) bool {
			return te.Task == "quick" && te.Status == "SUCCESS"
		})
	})
	stopRunning(t, h, "flink", id, map[string]string{"remote": "JobID 0123", "perjob": "JobID fedc", "nojob": "",
		"retried": "JobID 00000000000000000000000000000002"},
		"quick:1:SUCCESS remote:1:STOPPED perjob:1:STOPPED nojob:1:STOPPED retried:1:STOPPED")

	got := waitFor(t, record, "three stop commands", func(b string) bool { return strings.Count(b, "\n") >= 3 })
	lines := strings.Split(strings.TrimSpace(got), "\n")
	slices.Sort(lines)
	want := []string{
		"cancel -t remote 0123456789abcdef0123456789abcdef",
		"cancel 00000000000000000000000000000002",
		"stop -yid application_1700000000000_0042 fedcba9876543210fedcba9876543210",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("stop commands:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	workDir := filepath.Join(h.Dir, "working_dir", "flink", "1")
	for task, cmd := range map[string]string{"remote": "cancel", "perjob": "stop"} {
		log := waitFor(t, h.Engine.LogPath("flink", id, task, 1), "the stop command's output",
			contains("flink "+cmd+" ran in "+filepath.Join(workDir, task+"_1")+" for "+task))
		if !strings.Contains(log, "aiflow: 1_"+task+"_1 try 1 was stopped; running "+filepath.Join(h.Dir, "bin", "flink")+" "+cmd+" ") {
			t.Errorf("log of %s names no stop command:\n%s", task, log)
		}
	}
	waitFor(t, h.Engine.LogPath("flink", id, "nojob", 1), "the missing job id",
		contains("aiflow: cannot stop what 1_nojob_1 try 1 left running: flink task \"nojob\": cannot stop the flink job: its job id is not known\n"))

	// quick ended by itself long before: it ran no stop command.
	if log, err := os.ReadFile(h.Engine.LogPath("flink", id, "quick", 1)); err != nil || strings.Contains(string(log), "aiflow:") {
		t.Errorf("log of quick = %q, %v", log, err)
	}
}

func TestStopSparkOnYarn(t *testing.T) {
	h, record := cluster(t)
	h.Upload("spark.yaml", `name: spark
tasks:
  - name: etl
    operator: spark-submit
    application: etl.py
    master: yarn
    deploy_mode: cluster
`)
	id := h.StartExecution("spark")
	stopRunning(t, h, "spark", id, map[string]string{"etl": "application_1700000000000_0007"}, "etl:1:STOPPED")
	waitFor(t, record, "yarn application -kill", func(b string) bool { return b == "application -kill application_1700000000000_0007\n" })
	waitFor(t, h.Engine.LogPath("spark", id, "etl", 1), "the output of yarn",
		contains("Killed application application_1700000000000_0007 in "+filepath.Join(h.Dir, "working_dir", "spark", "1", "etl_1")+"\n"))
}

// TestDockerTasks runs docker tasks from a Python and a YAML definition
// against a stand-in docker: a container that exits, one that is stopped and
// one that times out, the last two followed by docker stop.
func TestDockerTasks(t *testing.T) {
	h, record := cluster(t)
	h.Upload("greet.py", `from ai_flow.model.workflow import Workflow
from ai_flow.operators.docker import DockerOperator

with Workflow(name='greet') as w:
    DockerOperator(name='hello', image='alpine:3', command="echo 'hi there'", env={'GREETING': 'hello world'},
                   volumes=['/srv:/srv:ro'], network='none')
`)
	id := h.StartExecution("greet")
	check(t, h.Finished(id, timeout), "SUCCESS", "hello:1:SUCCESS")
	log := waitFor(t, h.Engine.LogPath("greet", id, "hello", 1), "the container's output", contains("hi there\n"))
	for _, line := range []string{"GREETING=hello world\n", "AIFLOW_TASK=hello\n", "image alpine:3\n"} {
		if !strings.Contains(log, line) {
			t.Errorf("log of hello lacks %q:\n%s", line, log)
		}
	}
	if strings.Contains(log, "docker stop") {
		t.Errorf("a container that exited was stopped:\n%s", log)
	}

	h.Upload("serve.yaml", `name: serve
tasks:
  - name: web
    operator: docker
    image: nginx
    command: sleep 30
  - name: slow
    operator: docker
    image: busybox
    command: sleep 30
    timeout: 1
`)
	id = h.StartExecution("serve")
	h.Wait(id, timeout, "slow to time out", func(x api.ExecutionDetail) bool {
		return slices.ContainsFunc(x.TaskExecutions, func(te api.TaskExecution) bool { return te.Task == "slow" && te.Status == "FAILED" })
	})
	stopRunning(t, h, "serve", id, map[string]string{"web": "image nginx"}, "web:1:STOPPED slow:1:FAILED")
	for _, task := range []string{"web", "slow"} {
		name := "aiflow-serve-" + strconv.FormatInt(id, 10) + "-" + task + "-1-1-"
		waitFor(t, record, "docker stop of "+task, contains("stop "+name))
		log := waitFor(t, h.Engine.LogPath("serve", id, task, 1), "the output of docker stop", contains("docker stop ran for "+name))
		if !strings.Contains(log, "running "+filepath.Join(h.Dir, "bin", "docker")+" stop "+name) {
			t.Errorf("log of %s names no docker stop:\n%s", task, log)
		}
	}
}
