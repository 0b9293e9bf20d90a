package operator

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func code(n int) *int { return &n }

func TestScanLine(t *testing.T) {
	flinkTask := flink(FlinkArgs{Target: "yarn-per-job"})
	yarnCluster := submit(SparkSubmitArgs{Master: "yarn", DeployMode: "cluster"})
	yarnClient := submit(SparkSubmitArgs{Master: "yarn", DeployMode: "client"})
	k8s := submit(SparkSubmitArgs{Master: "k8s://https://api", DeployMode: "cluster", K8sNamespace: "n"})
	bash := op{Bash, &BashArgs{Command: "x"}}
	tests := []struct {
		name string
		task op
		line string
		want JobInfo
	}{
		{"flink job id", flinkTask, "Job has been submitted with JobID 3f1c9e0a7b2d4c5e8f9a0b1c2d3e4f50\n",
			JobInfo{FlinkJobID: "3f1c9e0a7b2d4c5e8f9a0b1c2d3e4f50"}},
		{"flink job id indented", flinkTask, "  Job has been submitted with JobID ab12",
			JobInfo{FlinkJobID: "ab12"}},
		{"flink job id mid-line ignored", flinkTask, "INFO Job has been submitted with JobID ab12", JobInfo{}},
		{"flink yarn application", flinkTask,
			"2026-11-27 INFO YarnClusterDescriptor - Submitting application master application_1700000000000_0042",
			JobInfo{YarnApplicationID: "application_1700000000000_0042"}},
		{"flink not an application id", flinkTask, "flink run-application_mode started", JobInfo{}},
		{"spark yarn cluster", yarnCluster, "INFO Client: Submitted application application_1700000000000_0007",
			JobInfo{YarnApplicationID: "application_1700000000000_0007"}},
		{"spark yarn client ignores ids", yarnClient, "Submitted application application_1_2", JobInfo{}},
		{"spark k8s driver pod", k8s, "\t pod name: spark-pi-1a2b3c4d-driver",
			JobInfo{DriverPod: "spark-pi-1a2b3c4d-driver"}},
		{"spark k8s exit code", k8s, "\t container status: Exit code: 1", JobInfo{ExitCode: code(1)}},
		{"spark k8s exit code lower", k8s, "exit code: 0", JobInfo{ExitCode: code(0)}},
		{"spark k8s other", k8s, "phase: Running", JobInfo{}},
		{"bash", bash, "Job has been submitted with JobID ab12 application_1_2", JobInfo{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got JobInfo
			got.Scan(tc.task.args, tc.line)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Scan(%q) (-want +got):\n%s", tc.line, d)
			}
		})
	}
}

func TestScan(t *testing.T) {
	k8s := submit(SparkSubmitArgs{Master: "k8s://https://api", DeployMode: "cluster", K8sNamespace: "n"})
	var j JobInfo
	for _, line := range []string{
		"pod name: a-1-driver", "Exit code: 1", "pod name: b-2-driver", "Exit code: 0", "done",
	} {
		j.Scan(k8s.args, line)
	}
	if d := cmp.Diff(JobInfo{DriverPod: "a-1-driver", ExitCode: code(0)}, j); d != "" {
		t.Errorf("k8s (-want +got):\n%s", d)
	}

	f := flink(FlinkArgs{Target: "yarn-session"})
	j = JobInfo{}
	for _, line := range []string{
		"Found application application_1_1", "Job has been submitted with JobID aa", "application_2_2",
		"Job has been submitted with JobID bb",
	} {
		j.Scan(f.args, line)
	}
	if d := cmp.Diff(JobInfo{FlinkJobID: "aa", YarnApplicationID: "application_1_1"}, j); d != "" {
		t.Errorf("flink (-want +got):\n%s", d)
	}
}

func TestJobInfoErr(t *testing.T) {
	tests := []struct {
		job  JobInfo
		want string
	}{
		{JobInfo{}, ""},
		{JobInfo{ExitCode: code(0)}, ""},
		{JobInfo{ExitCode: code(3)}, "the spark driver exited with code 3"},
	}
	for _, tc := range tests {
		err := tc.job.Err()
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("Err() = %q, want %q", got, tc.want)
		}
	}
}
