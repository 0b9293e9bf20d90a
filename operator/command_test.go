package operator

import (
	"errors"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeHost is a host with the given environment variables, commands on PATH
// (name to path) and files; commands on PATH exist as files too.
type fakeHost struct {
	vars  map[string]string
	path  map[string]string
	files []string
}

func (h fakeHost) env() Environment {
	return Environment{
		Getenv: func(k string) string { return h.vars[k] },
		LookPath: func(name string) (string, error) {
			if p, ok := h.path[name]; ok {
				return p, nil
			}
			return "", exec.ErrNotFound
		},
		IsFile: func(p string) bool {
			for _, f := range h.path {
				if f == p {
					return true
				}
			}
			for _, f := range h.files {
				if f == p {
					return true
				}
			}
			return false
		},
	}
}

// cluster is a host with flink, spark-submit, yarn and kubectl on PATH and
// Spark installed under /opt/spark.
var cluster = fakeHost{
	vars: map[string]string{"SPARK_HOME": "/opt/spark", "FLINK_HOME": "/opt/flink"},
	path: map[string]string{
		"flink": "/usr/bin/flink", "spark-submit": "/usr/bin/spark-submit",
		"yarn": "/usr/bin/yarn", "kubectl": "/usr/bin/kubectl", "docker": "/usr/bin/docker", "my-flink": "/usr/local/bin/my-flink",
	},
	files: []string{"/opt/spark/bin/spark-sql", "/opt/flink/bin/flink", "/opt/spark/bin/spark-submit", "/x/flink"},
}

// bare has nothing on PATH.
var bare = fakeHost{}

var run = Run{Server: "127.0.0.1:8080", Namespace: "ns", Workflow: "wf", Execution: 7,
	Task: "t", Seq: 2, Try: 3, WorkDir: "/runs/7_t_2"}

var ctxEnv = []string{"AIFLOW_SERVER=127.0.0.1:8080", "AIFLOW_NAMESPACE=ns", "AIFLOW_WORKFLOW=wf",
	"AIFLOW_EXECUTION_ID=7", "AIFLOW_TASK=t", "AIFLOW_SEQUENCE_NUMBER=2", "AIFLOW_TRY_NUMBER=3",
	"AIFLOW_PARAMS={}"}

func withCtx(env ...string) []string { return append(env, ctxEnv...) }

// ctxNames passes the context variables into a container by name.
var ctxNames = func() []string {
	var args []string
	for _, kv := range ctxEnv {
		args = append(args, "--env", strings.Split(kv, "=")[0])
	}
	return args
}()

// op is what Start and Stop take of an IR task.
type op struct {
	kind Kind
	args Args
}

// flink, submit and sql are canonical tasks named t (see Fill).
func flink(a FlinkArgs) op {
	if a.Application == "" {
		a.Application = "app.jar"
	}
	return op{Flink, &a}
}

func submit(a SparkSubmitArgs) op {
	if a.Application == "" {
		a.Application = "app.py"
	}
	Fill(SparkSubmit, &a, "t")
	return op{SparkSubmit, &a}
}

func sql(a SparkSQLArgs) op {
	Fill(SparkSQL, &a, "t")
	return op{SparkSQL, &a}
}

func TestStart(t *testing.T) {
	tests := []struct {
		name string
		task op
		host fakeHost
		want Spec
	}{
		{"bash", op{Bash, &BashArgs{Command: "echo hi"}}, bare,
			Spec{Path: "bash", Args: []string{"-c", "echo hi"}, Env: ctxEnv, Dir: "/runs/7_t_2"}},
		{"bash env and cwd", op{Bash, &BashArgs{Command: "env",
			Env: map[string]string{"Z": "1", "A": "x=y", "AIFLOW_TASK": "forged"}, Cwd: "/data"}}, bare,
			Spec{Path: "bash", Args: []string{"-c", "env"},
				Env: withCtx("A=x=y", "AIFLOW_TASK=forged", "Z=1"), Dir: "/data"}},
		{"bash relative cwd", op{Bash, &BashArgs{Command: "ls", Cwd: "out/x"}}, bare,
			Spec{Path: "bash", Args: []string{"-c", "ls"}, Env: ctxEnv, Dir: "/runs/7_t_2/out/x"}},

		// flink run, every target
		{"flink default target", flink(FlinkArgs{ApplicationArgs: []string{"--in", "a b"}}), cluster,
			Spec{Path: "/usr/bin/flink", Args: []string{"run", "app.jar", "--in", "a b"}, Env: ctxEnv, Dir: run.WorkDir}},
		{"flink local", flink(FlinkArgs{Target: "local"}), cluster,
			Spec{Path: "/usr/bin/flink", Args: []string{"run", "--target", "local", "app.jar"}, Env: ctxEnv, Dir: run.WorkDir}},
		{"flink remote with options", flink(FlinkArgs{Target: "remote",
			CommandOptions: `-m jm:8081 -D "pipeline.name=my job" --class 'com.x.Main'`}), cluster,
			Spec{Path: "/usr/bin/flink", Args: []string{"run", "--target", "remote", "-m", "jm:8081",
				"-D", "pipeline.name=my job", "--class", "com.x.Main", "app.jar"}, Env: ctxEnv, Dir: run.WorkDir}},
		{"flink yarn-per-job", flink(FlinkArgs{Target: "yarn-per-job"}), cluster,
			Spec{Path: "/usr/bin/flink", Args: []string{"run", "--target", "yarn-per-job", "app.jar"}, Env: ctxEnv, Dir: run.WorkDir}},
		{"flink yarn-session", flink(FlinkArgs{Target: "yarn-session", CommandOptions: "-Dyarn.application.id=application_1_2"}), cluster,
			Spec{Path: "/usr/bin/flink", Args: []string{"run", "--target", "yarn-session",
				"-Dyarn.application.id=application_1_2", "app.jar"}, Env: ctxEnv, Dir: run.WorkDir}},
		{"flink kubernetes-session", flink(FlinkArgs{Target: "kubernetes-session", KubernetesClusterID: "c1",
			CommandOptions: "-p 2"}), cluster,
			Spec{Path: "/usr/bin/flink", Args: []string{"run", "--target", "kubernetes-session",
				"-Dkubernetes.cluster-id=c1", "-p", "2", "app.jar"}, Env: ctxEnv, Dir: run.WorkDir}},
		{"flink yarn-application", flink(FlinkArgs{Target: "yarn-application", ApplicationMode: true,
			ApplicationArgs: []string{"x"}}), cluster,
			Spec{Path: "/usr/bin/flink", Args: []string{"run-application", "--target", "yarn-application",
				"app.jar", "x"}, Env: ctxEnv, Dir: run.WorkDir}},
		{"flink kubernetes-application", flink(FlinkArgs{Target: "kubernetes-application", ApplicationMode: true,
			KubernetesClusterID: "c2", CommandOptions: "-Dkubernetes.container.image=img:1"}), cluster,
			Spec{Path: "/usr/bin/flink", Args: []string{"run-application", "--target", "kubernetes-application",
				"-Dexecution.shutdown-on-application-finish=false", "-Dkubernetes.cluster-id=c2",
				"-Dkubernetes.container.image=img:1", "app.jar"}, Env: ctxEnv, Dir: run.WorkDir}},

		// flink executable resolution
		{"flink explicit path", flink(FlinkArgs{ExecutablePath: "/x/flink"}), cluster,
			Spec{Path: "/x/flink", Args: []string{"run", "app.jar"}, Env: ctxEnv, Dir: run.WorkDir}},
		{"flink explicit name on PATH", flink(FlinkArgs{ExecutablePath: "my-flink"}), cluster,
			Spec{Path: "/usr/local/bin/my-flink", Args: []string{"run", "app.jar"}, Env: ctxEnv, Dir: run.WorkDir}},
		{"flink from FLINK_HOME", flink(FlinkArgs{}),
			fakeHost{vars: map[string]string{"FLINK_HOME": "/opt/flink/"}, files: []string{"/opt/flink/bin/flink"}},
			Spec{Path: "/opt/flink/bin/flink", Args: []string{"run", "app.jar"}, Env: ctxEnv, Dir: run.WorkDir}},

		// spark-submit
		{"spark-submit defaults", submit(SparkSubmitArgs{Master: "yarn", DeployMode: "client"}), cluster,
			Spec{Path: "/usr/bin/spark-submit", Args: []string{"--master", "yarn", "--deploy-mode", "client",
				"--name", "spark_submit_task_t", "app.py"}, Env: ctxEnv, Dir: run.WorkDir}},
		{"spark-submit yarn cluster env", submit(SparkSubmitArgs{Master: "yarn", DeployMode: "cluster",
			ApplicationName: "etl", EnvVars: map[string]string{"B": "2", "A": "1"},
			SubmitOptions:   "--conf 'spark.driver.extraJavaOptions=-Da=1 -Db=2' --class Main",
			ApplicationArgs: []string{"in", "out"}}), cluster,
			Spec{Path: "/usr/bin/spark-submit", Args: []string{"--master", "yarn", "--deploy-mode", "cluster",
				"--name", "etl", "--conf", "spark.yarn.appMasterEnv.A=1", "--conf", "spark.yarn.appMasterEnv.B=2",
				"--conf", "spark.driver.extraJavaOptions=-Da=1 -Db=2", "--class", "Main", "app.py", "in", "out"},
				Env: withCtx("A=1", "B=2"), Dir: run.WorkDir}},
		{"spark-submit k8s", submit(SparkSubmitArgs{Master: "k8s://https://api:6443", DeployMode: "cluster",
			K8sNamespace: "spark", EnvVars: map[string]string{"A": "1"}}), cluster,
			Spec{Path: "/usr/bin/spark-submit", Args: []string{"--master", "k8s://https://api:6443",
				"--deploy-mode", "cluster", "--name", "spark_submit_task_t",
				"--conf", "spark.kubernetes.driverEnv.A=1", "--conf", "spark.kubernetes.namespace=spark", "app.py"},
				Env: ctxEnv, Dir: run.WorkDir}},
		{"spark-submit local client env", submit(SparkSubmitArgs{Master: "local[2]", DeployMode: "client",
			EnvVars: map[string]string{"A": "1"}}), cluster,
			Spec{Path: "/usr/bin/spark-submit", Args: []string{"--master", "local[2]", "--deploy-mode", "client",
				"--name", "spark_submit_task_t", "app.py"}, Env: withCtx("A=1"), Dir: run.WorkDir}},
		{"spark-submit standalone client", submit(SparkSubmitArgs{Master: "spark://m:7077", DeployMode: "client"}), cluster,
			Spec{Path: "/usr/bin/spark-submit", Args: []string{"--master", "spark://m:7077", "--deploy-mode", "client",
				"--name", "spark_submit_task_t", "app.py"}, Env: ctxEnv, Dir: run.WorkDir}},
		{"spark-submit from SPARK_HOME", submit(SparkSubmitArgs{Master: "yarn", DeployMode: "client"}),
			fakeHost{vars: map[string]string{"SPARK_HOME": "/opt/spark"}, files: []string{"/opt/spark/bin/spark-submit"}},
			Spec{Path: "/opt/spark/bin/spark-submit", Args: []string{"--master", "yarn", "--deploy-mode", "client",
				"--name", "spark_submit_task_t", "app.py"}, Env: ctxEnv, Dir: run.WorkDir}},

		// docker
		{"docker", op{Docker, &DockerArgs{Image: "alpine:3", Command: `sh -c 'echo "$A" > /data/out'`,
			Env: map[string]string{"B": "2", "A": "x y"}, Volumes: []string{"/srv/data:/data:ro", "cache:/cache"}, Network: "host"}}, cluster,
			Spec{Path: "/usr/bin/docker", Args: slices.Concat([]string{"run", "--rm", "--name", container(run),
				"--label", "aiflow.workflow=wf", "--label", "aiflow.execution=7", "--label", "aiflow.task=t",
				"--env", "A", "--env", "B"}, ctxNames,
				[]string{"--volume", "/srv/data:/data:ro", "--volume", "cache:/cache", "--network", "host",
					"alpine:3", "sh", "-c", `echo "$A" > /data/out`}),
				Env: withCtx("A=x y", "B=2"), Dir: run.WorkDir}},
		{"docker image command", op{Docker, &DockerArgs{Image: "busybox"}}, cluster,
			Spec{Path: "/usr/bin/docker", Args: slices.Concat([]string{"run", "--rm", "--name", container(run),
				"--label", "aiflow.workflow=wf", "--label", "aiflow.execution=7", "--label", "aiflow.task=t"}, ctxNames,
				[]string{"busybox"}),
				Env: ctxEnv, Dir: run.WorkDir}},

		// spark-sql
		{"spark-sql text", sql(SparkSQLArgs{SQL: " SELECT 1; ", Master: "yarn"}), cluster,
			Spec{Path: "/opt/spark/bin/spark-sql", Args: []string{"--name", "spark_sql_task_t", "-e", "SELECT 1;"},
				Env: ctxEnv, Dir: run.WorkDir}},
		{"spark-sql file", sql(SparkSQLArgs{SQL: "q/daily.sql", ApplicationName: "daily"}), cluster,
			Spec{Path: "/opt/spark/bin/spark-sql", Args: []string{"--name", "daily", "-f", "q/daily.sql"},
				Env: ctxEnv, Dir: run.WorkDir}},
		{"spark-sql hql explicit", sql(SparkSQLArgs{SQL: "a.hql", ExecutablePath: "/x/flink"}), cluster,
			Spec{Path: "/x/flink", Args: []string{"--name", "spark_sql_task_t", "-f", "a.hql"},
				Env: ctxEnv, Dir: run.WorkDir}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Start(tc.task.kind, tc.task.args, run, tc.host.env())
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Start (-want +got):\n%s", d)
			}
		})
	}
}

func TestStartErrors(t *testing.T) {
	tests := []struct {
		name string
		task op
		host fakeHost
		is   error
		want string
	}{
		{"noop", op{Noop, nil}, bare, ErrNoProcess, ""},
		{"python", op{Python, &PythonArgs{File: "a.py", Callable: "f"}}, bare,
			ErrNeedsRunner, `python task "t": python tasks need the python task runner`},
		{"custom", op{Custom, &CustomArgs{File: "ops.py", Class: "Op"}}, bare, ErrNeedsRunner, `custom task "t"`},
		{"custom without class", op{Custom, nil}, bare, nil, `custom task "t" is missing file`},
		{"unknown operator", op{"shell", nil}, bare, nil, `task "t" has unknown operator "shell"`},
		{"bash empty", op{Bash, &BashArgs{Command: " "}}, bare, nil,
			`bash task "t" is missing bash_command`},
		{"flink no args", op{Flink, nil}, cluster, nil, `flink task "t" is missing application`},
		{"flink k8s session without cluster id", flink(FlinkArgs{Target: "kubernetes-session"}), cluster, nil,
			`flink task "t" has target "kubernetes-session", which needs kubernetes_cluster_id`},
		{"flink k8s application without cluster id", flink(FlinkArgs{Target: "kubernetes-application", ApplicationMode: true}), cluster, nil,
			`has target "kubernetes-application", which needs kubernetes_cluster_id`},
		{"flink application mode non-application target", flink(FlinkArgs{Target: "yarn-session", ApplicationMode: true}), cluster, nil,
			`runs in application mode, which needs target "yarn-application" or "kubernetes-application", not "yarn-session"`},
		{"flink application mode no target", flink(FlinkArgs{ApplicationMode: true}), cluster, nil,
			`flink task "t" runs in application mode, which needs target "yarn-application" or "kubernetes-application"`},
		{"flink application target without mode", flink(FlinkArgs{Target: "yarn-application"}), cluster, nil,
			`has target "yarn-application", which needs application_mode`},
		{"flink unknown target", flink(FlinkArgs{Target: "mesos"}), cluster, nil, `flink task "t" has unknown target "mesos"; expected "local", "remote"`},
		{"flink misspelt target", flink(FlinkArgs{Target: "yarn-sesion"}), cluster, nil,
			`has unknown target "yarn-sesion"; did you mean "yarn-session"?`},
		{"flink yarn-application without yarn", flink(FlinkArgs{Target: "yarn-application", ApplicationMode: true}),
			fakeHost{path: map[string]string{"flink": "/usr/bin/flink"}}, nil,
			`tracking a yarn-application job needs "yarn" on PATH`},
		{"flink kubernetes-application without kubectl", flink(FlinkArgs{Target: "kubernetes-application",
			ApplicationMode: true, KubernetesClusterID: "c"}),
			fakeHost{path: map[string]string{"flink": "/usr/bin/flink"}}, nil,
			`tracking a kubernetes-application job needs "kubectl" on PATH`},
		{"flink bad options", flink(FlinkArgs{CommandOptions: `-D "x`}), cluster, nil,
			`flink task "t": command_options: unterminated double quote`},
		{"flink not found, no FLINK_HOME", flink(FlinkArgs{}), bare, nil,
			`flink task "t": cannot find flink on PATH or in $FLINK_HOME/bin: FLINK_HOME is not set (or set executable_path)`},
		{"flink not found in FLINK_HOME", flink(FlinkArgs{}), fakeHost{vars: map[string]string{"FLINK_HOME": "/f"}}, nil,
			`cannot find flink on PATH or at "/f/bin/flink" (or set executable_path)`},
		{"flink explicit path missing", flink(FlinkArgs{ExecutablePath: "/nope/flink"}), cluster, nil,
			`executable_path "/nope/flink" does not exist`},
		{"flink explicit name not on PATH", flink(FlinkArgs{ExecutablePath: "flink2"}), cluster, nil,
			`executable_path "flink2" is not on PATH`},
		{"spark-submit cluster on standalone", submit(SparkSubmitArgs{Master: "spark://m:7077", DeployMode: "cluster"}), cluster, nil,
			`spark-submit task "t" uses deploy_mode "cluster" with master "spark://m:7077"; standalone and Mesos masters support only client mode`},
		{"spark-submit cluster on mesos", submit(SparkSubmitArgs{Master: "mesos://m:5050", DeployMode: "cluster"}), cluster, nil,
			`with master "mesos://m:5050"`},
		{"spark-submit k8s without namespace", submit(SparkSubmitArgs{Master: "k8s://https://api", DeployMode: "cluster"}), cluster, nil,
			`has master "k8s://https://api", which needs k8s_namespace`},
		{"spark-submit bad deploy mode", submit(SparkSubmitArgs{Master: "yarn", DeployMode: "server"}), cluster, nil,
			`has unknown deploy_mode "server"; expected "client" or "cluster"`},
		{"spark-submit bad options", submit(SparkSubmitArgs{Master: "yarn", SubmitOptions: `x\`}), cluster, nil,
			`submit_options: trailing backslash`},
		{"spark-submit not found", submit(SparkSubmitArgs{Master: "yarn"}), bare, nil,
			`cannot find spark-submit on PATH or in $SPARK_HOME/bin: SPARK_HOME is not set (or set executable_path)`},
		{"docker without image", op{Docker, &DockerArgs{Command: "true"}}, cluster, nil, `docker task "t" is missing image`},
		{"docker bad command", op{Docker, &DockerArgs{Image: "a", Command: `echo "x`}}, cluster, nil,
			`docker task "t" has command "echo \"x", which cannot be split into words: unterminated double quote`},
		{"docker bad volume", op{Docker, &DockerArgs{Image: "a", Volumes: []string{"data"}}}, cluster, nil,
			`has volume "data"; expected SOURCE:/container/path[:options]`},
		{"docker option as image", op{Docker, &DockerArgs{Image: "--privileged"}}, cluster, nil,
			`has image "--privileged", which is not an image reference`},
		{"docker option as network", op{Docker, &DockerArgs{Image: "a", Network: "--privileged"}}, cluster, nil,
			`has network "--privileged", which is not a network name`},
		{"docker bad env name", op{Docker, &DockerArgs{Image: "a", Env: map[string]string{"A=B": "1"}}}, cluster, nil,
			`has env variable "A=B", which is not a variable name`},
		{"docker not on PATH", op{Docker, &DockerArgs{Image: "a"}}, bare, nil, `docker task "t": the docker operator needs "docker" on PATH`},
		{"spark-sql empty", sql(SparkSQLArgs{SQL: ""}), cluster, nil, `spark-sql task "t" is missing sql`},
		{"spark-sql ignores PATH", sql(SparkSQLArgs{SQL: "x"}),
			fakeHost{path: map[string]string{"spark-sql": "/usr/bin/spark-sql"}}, nil,
			`cannot find spark-sql in $SPARK_HOME/bin: SPARK_HOME is not set (or set executable_path)`},
		{"spark-sql missing in SPARK_HOME", sql(SparkSQLArgs{SQL: "x"}), fakeHost{vars: map[string]string{"SPARK_HOME": "/s"}}, nil,
			`cannot find spark-sql at "/s/bin/spark-sql" (or set executable_path)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Start(tc.task.kind, tc.task.args, run, tc.host.env())
			if err == nil {
				t.Fatal("Start succeeded")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestStop(t *testing.T) {
	job := JobInfo{FlinkJobID: "abc123", YarnApplicationID: "application_1_2"}
	bash := op{Bash, &BashArgs{Command: "sleep 9"}}
	dir := run.WorkDir
	tests := []struct {
		name string
		task op
		job  JobInfo
		want []Spec
	}{
		{"bash", bash, JobInfo{}, nil},
		{"spark-sql", sql(SparkSQLArgs{SQL: "x"}), JobInfo{}, nil},
		{"flink default", flink(FlinkArgs{}), job,
			[]Spec{{Path: "/usr/bin/flink", Args: []string{"cancel", "abc123"}, Dir: dir}}},
		{"flink local savepoint", flink(FlinkArgs{Target: "local", StopWithSavepoint: true}), job,
			[]Spec{{Path: "/usr/bin/flink", Args: []string{"stop", "abc123"}, Dir: dir}}},
		{"flink remote", flink(FlinkArgs{Target: "remote"}), job,
			[]Spec{{Path: "/usr/bin/flink", Args: []string{"cancel", "-t", "remote", "abc123"}, Dir: dir}}},
		{"flink yarn-per-job", flink(FlinkArgs{Target: "yarn-per-job"}), job,
			[]Spec{{Path: "/usr/bin/flink", Args: []string{"cancel", "-yid", "application_1_2", "abc123"}, Dir: dir}}},
		{"flink yarn-session savepoint", flink(FlinkArgs{Target: "yarn-session", StopWithSavepoint: true}), job,
			[]Spec{{Path: "/usr/bin/flink", Args: []string{"stop", "-yid", "application_1_2", "abc123"}, Dir: dir}}},
		{"flink kubernetes-session", flink(FlinkArgs{Target: "kubernetes-session", KubernetesClusterID: "c1"}), job,
			[]Spec{{Path: "/usr/bin/flink", Args: []string{"cancel", "-t", "kubernetes-session",
				"-Dkubernetes.cluster-id=c1", "abc123"}, Dir: dir}}},
		{"flink yarn-application", flink(FlinkArgs{Target: "yarn-application", ApplicationMode: true}), job,
			[]Spec{{Path: "/usr/bin/flink", Args: []string{"cancel", "-t", "yarn-application",
				"-Dyarn.application.id=application_1_2", "abc123"}, Dir: dir}}},
		{"flink kubernetes-application", flink(FlinkArgs{Target: "kubernetes-application", ApplicationMode: true,
			KubernetesClusterID: "c2", ExecutablePath: "/x/flink"}), job,
			[]Spec{
				{Path: "/x/flink", Args: []string{"cancel", "-t", "kubernetes-application",
					"-Dkubernetes.cluster-id=c2", "abc123"}, Dir: dir},
				{Path: "/usr/bin/kubectl", Args: []string{"delete", "deployments/c2"}, Dir: dir},
			}},
		{"docker", op{Docker, &DockerArgs{Image: "a"}}, JobInfo{},
			[]Spec{{Path: "/usr/bin/docker", Args: []string{"stop", container(run)}, Dir: dir}}},
		{"spark-submit nothing known", submit(SparkSubmitArgs{Master: "yarn", DeployMode: "client"}), JobInfo{}, nil},
		{"spark-submit yarn", submit(SparkSubmitArgs{Master: "yarn", DeployMode: "cluster"}),
			JobInfo{YarnApplicationID: "application_9_1"},
			[]Spec{{Path: "/usr/bin/yarn", Args: []string{"application", "-kill", "application_9_1"}, Dir: dir}}},
		{"spark-submit k8s", submit(SparkSubmitArgs{Master: "k8s://https://api", DeployMode: "cluster", K8sNamespace: "spark"}),
			JobInfo{DriverPod: "etl-1a2b-driver"},
			[]Spec{{Path: "/usr/bin/kubectl", Args: []string{"delete", "pod", "etl-1a2b-driver", "-n", "spark"}, Dir: dir}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Stop(tc.task.kind, tc.task.args, run, cluster.env(), tc.job)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Stop (-want +got):\n%s", d)
			}
		})
	}
}

func TestStopErrors(t *testing.T) {
	tests := []struct {
		name string
		task op
		host fakeHost
		job  JobInfo
		want string
	}{
		{"flink no job id", flink(FlinkArgs{}), cluster, JobInfo{},
			`flink task "t": cannot stop the flink job: its job id is not known`},
		{"flink yarn-session no application id", flink(FlinkArgs{Target: "yarn-session"}), cluster, JobInfo{FlinkJobID: "ab"},
			`flink task "t": cannot stop flink job ab: the yarn application id is not known`},
		{"flink yarn-application no application id", flink(FlinkArgs{Target: "yarn-application", ApplicationMode: true}),
			cluster, JobInfo{FlinkJobID: "ab"}, `the yarn application id is not known`},
		{"flink bad target", flink(FlinkArgs{Target: "kubernetes-session"}), cluster, JobInfo{FlinkJobID: "ab"},
			`needs kubernetes_cluster_id`},
		{"flink kubernetes-application without kubectl", flink(FlinkArgs{Target: "kubernetes-application",
			ApplicationMode: true, KubernetesClusterID: "c"}), fakeHost{path: map[string]string{"flink": "/f"}},
			JobInfo{FlinkJobID: "ab"}, `deleting kubernetes deployment c needs "kubectl" on PATH`},
		{"docker without docker", op{Docker, &DockerArgs{Image: "a"}}, bare, JobInfo{},
			`docker task "t": stopping container aiflow-wf-7-t-2-3-`},
		{"spark yarn without yarn", submit(SparkSubmitArgs{Master: "yarn", DeployMode: "cluster"}), bare,
			JobInfo{YarnApplicationID: "application_1_1"},
			`spark-submit task "t": killing yarn application application_1_1 needs "yarn" on PATH`},
		{"spark k8s without kubectl", submit(SparkSubmitArgs{Master: "k8s://h", K8sNamespace: "n"}), bare,
			JobInfo{DriverPod: "p-driver"}, `deleting driver pod p-driver needs "kubectl" on PATH`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Stop(tc.task.kind, tc.task.args, run, tc.host.env(), tc.job)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Stop error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestArgv(t *testing.T) {
	s := Spec{Path: "bash", Args: []string{"-c", "true"}}
	if d := cmp.Diff([]string{"bash", "-c", "true"}, s.Argv()); d != "" {
		t.Error(d)
	}
}

func TestSnapshotPaths(t *testing.T) {
	r := run
	r.SnapshotDir = "/snap/3"
	host := cluster
	host.files = append([]string{"/snap/3/app.jar", "/snap/3/jobs/etl.py", "/snap/3/q/daily.sql"}, cluster.files...)
	tests := []struct {
		name string
		task op
		want []string
	}{
		{"flink jar in snapshot", flink(FlinkArgs{Application: "app.jar"}),
			[]string{"/usr/bin/flink", "run", "/snap/3/app.jar"}},
		{"flink jar elsewhere", flink(FlinkArgs{Application: "other.jar"}),
			[]string{"/usr/bin/flink", "run", "other.jar"}},
		{"flink absolute", flink(FlinkArgs{Application: "/opt/app.jar"}),
			[]string{"/usr/bin/flink", "run", "/opt/app.jar"}},
		{"flink uri", flink(FlinkArgs{Application: "local:///app.jar"}),
			[]string{"/usr/bin/flink", "run", "local:///app.jar"}},
		{"spark-submit", submit(SparkSubmitArgs{Application: "jobs/etl.py", Master: "local"}),
			[]string{"/usr/bin/spark-submit", "--master", "local", "--deploy-mode", "client", "--name", "spark_submit_task_t", "/snap/3/jobs/etl.py"}},
		{"spark-sql file", sql(SparkSQLArgs{SQL: "q/daily.sql"}),
			[]string{"/opt/spark/bin/spark-sql", "--name", "spark_sql_task_t", "-f", "/snap/3/q/daily.sql"}},
		{"spark-sql text", sql(SparkSQLArgs{SQL: "app.jar"}),
			[]string{"/opt/spark/bin/spark-sql", "--name", "spark_sql_task_t", "-e", "app.jar"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Start(tc.task.kind, tc.task.args, r, host.env())
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got.Argv()); d != "" {
				t.Errorf("argv (-want +got):\n%s", d)
			}
			if got.Dir != r.WorkDir {
				t.Errorf("Dir = %q, want the work dir %q", got.Dir, r.WorkDir)
			}
		})
	}
}

func TestEnviron(t *testing.T) {
	s := Spec{Env: []string{"B=2", "AIFLOW_TASK=x", "A=3", "AIFLOW_TASK=t"}}
	got := s.Environ([]string{"PATH=/bin", "A=1", "HOME=/h"})
	want := []string{"PATH=/bin", "A=3", "HOME=/h", "B=2", "AIFLOW_TASK=t"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Environ (-want +got):\n%s", d)
	}
	if got := (Spec{}).Environ(nil); len(got) != 0 {
		t.Errorf("empty Environ = %q", got)
	}
}

func TestHost(t *testing.T) {
	h := Host()
	dir := t.TempDir()
	file := dir + "/f"
	if err := os.WriteFile(file, nil, 0o755); err != nil {
		t.Fatal(err)
	}
	if !h.IsFile(file) || h.IsFile(dir) || h.IsFile(dir+"/none") {
		t.Error("IsFile does not tell files from directories and missing paths")
	}
	t.Setenv("FLINK_HOME", dir)
	t.Setenv("PATH", dir)
	if h.Getenv("FLINK_HOME") != dir {
		t.Error("Getenv does not read the environment")
	}
	if p, err := h.LookPath("f"); err != nil || p != file {
		t.Errorf("LookPath = %q, %v; want %q", p, err, file)
	}
}

func TestContainer(t *testing.T) {
	if got := container(run); !regexp.MustCompile(`^aiflow-wf-7-t-2-3-[0-9a-f]{8}$`).MatchString(got) {
		t.Errorf("container(run) = %q", got)
	}
	r := run
	r.Workflow, r.Task = "daily etl", strings.Repeat("é", 80)
	got := container(r)
	if !regexp.MustCompile(`^aiflow-daily_etl-7-_+-[0-9a-f]{8}$`).MatchString(got) || len(got) > 109 {
		t.Errorf("container of an unusual task = %q", got)
	}
	next := run
	next.Try++
	other := run
	other.WorkDir = "/other/runs/7_t_2"
	if container(next) == container(run) || container(other) == container(run) {
		t.Error("two tries, or two installs, share a container name")
	}
}
