package executor

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/aiflow-go/aiflow/ir"
)

// JobInfo is what a run's output said about the job it submitted; Stop needs
// it to reach the job after the client process is gone.
type JobInfo struct {
	// FlinkJobID is the hex job id flink run prints.
	FlinkJobID string `json:"flink_job_id,omitempty"`
	// YarnApplicationID is application_<cluster timestamp>_<n>.
	YarnApplicationID string `json:"yarn_application_id,omitempty"`
	// DriverPod is the Kubernetes driver pod of a spark-submit to k8s.
	DriverPod string `json:"driver_pod,omitempty"`
	// ExitCode is the driver's exit code spark-submit reports on k8s, nil
	// until reported (see Err).
	ExitCode *int `json:"exit_code,omitempty"`
}

// Err reports a failed Spark driver: spark-submit to Kubernetes can exit 0
// while the driver it waited for failed, so AIFlow also fails the run on the
// reported exit code. A run whose output named no exit code is judged by the
// spark-submit status alone (AIFlow failed it, even in client mode, where
// none is ever printed).
func (j JobInfo) Err() error {
	if j.ExitCode != nil && *j.ExitCode != 0 {
		return fmt.Errorf("the spark driver exited with code %d", *j.ExitCode)
	}
	return nil
}

var (
	flinkJobRE  = regexp.MustCompile(`^Job has been submitted with JobID ([0-9a-f]+)`)
	yarnAppRE   = regexp.MustCompile(`\bapplication_\d+_\d+\b`)
	driverPodRE = regexp.MustCompile(`pod name: (\S+-driver)\b`)
	exitCodeRE  = regexp.MustCompile(`[eE]xit code: (\d+)`)
)

// ParseOutput returns what one output line of task t's command tells, as
// AIFlow's operators read it: for flink the job id and any yarn application
// id; for spark-submit the yarn application id (yarn master, cluster mode)
// or the driver pod and its exit code (k8s master).
func ParseOutput(t *ir.Task, line string) JobInfo {
	line = strings.TrimSpace(line)
	var j JobInfo
	switch t.Operator {
	case ir.Flink:
		if m := flinkJobRE.FindStringSubmatch(line); m != nil {
			j.FlinkJobID = m[1]
		}
		j.YarnApplicationID = yarnAppRE.FindString(line)
	case ir.SparkSubmit:
		a := t.SparkSubmit
		if a == nil {
			break
		}
		switch m := classify(a.Master); {
		case m.yarn && a.DeployMode == "cluster":
			j.YarnApplicationID = yarnAppRE.FindString(line)
		case m.k8s:
			if p := driverPodRE.FindStringSubmatch(line); p != nil {
				j.DriverPod = p[1]
			}
			if c := exitCodeRE.FindStringSubmatch(line); c != nil {
				if n, err := strconv.Atoi(c[1]); err == nil {
					j.ExitCode = &n
				}
			}
		}
	}
	return j
}

// Scan folds one output line into j: the first id of each kind wins (later
// lines repeat it or name unrelated applications), the last exit code wins.
func (j *JobInfo) Scan(t *ir.Task, line string) {
	o := ParseOutput(t, line)
	if j.FlinkJobID == "" {
		j.FlinkJobID = o.FlinkJobID
	}
	if j.YarnApplicationID == "" {
		j.YarnApplicationID = o.YarnApplicationID
	}
	if j.DriverPod == "" {
		j.DriverPod = o.DriverPod
	}
	if o.ExitCode != nil {
		j.ExitCode = o.ExitCode
	}
}
