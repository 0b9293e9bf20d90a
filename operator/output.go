package operator

import (
	"fmt"
	"regexp"
	"strings"
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

// yarnAppRE matches a yarn application id, which flink and spark-submit
// both print.
var yarnAppRE = regexp.MustCompile(`\bapplication_\d+_\d+\b`)

// Scan folds what one output line of a task with arguments a tells into j
// (see Scanner): the first id of each kind wins (later lines repeat it or
// name unrelated applications), the last exit code wins.
func (j *JobInfo) Scan(a Args, line string) {
	sc, ok := a.(Scanner)
	if !ok {
		return
	}
	o := sc.Parse(strings.TrimSpace(line))
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
