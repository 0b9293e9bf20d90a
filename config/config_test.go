package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// env returns a getenv over a fixed map.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaults(t *testing.T) {
	home := t.TempDir()
	c, err := Load(env(map[string]string{"AIFLOW_HOME": home}))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Home:               home,
		ServerAddress:      "127.0.0.1:50051",
		Database:           filepath.Join(home, "aiflow.db"),
		TaskParallelism:    10,
		TaskStopGrace:      10,
		ConditionMaxSteps:  7_500_000,
		ConditionTimeoutMS: 250,
		PythonExecutable:   "python3",
		LogDir:             filepath.Join(home, "logs"),
		WorkingDir:         filepath.Join(home, "working_dir"),
		MaxConnections:     1024,
		MaxUploads:         8,
		UploadTimeout:      300,
		EventMaxBytes:      1 << 20,
		UploadCheckMaxMB:   512,
		UploadCheckTimeout: 10,
		ServerLogMaxMB:     100,
		ServerLogBackups:   5,
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

func TestHome(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"default", map[string]string{"HOME": "/u"}, "/u/aiflow"},
		{"env", map[string]string{"HOME": "/u", "AIFLOW_HOME": "/srv/af"}, "/srv/af"},
		{"tilde", map[string]string{"HOME": "/u", "AIFLOW_HOME": "~/af"}, "/u/af"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Home(env(tc.env))
			if err != nil || got != tc.want {
				t.Errorf("Home = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if _, err := Home(env(nil)); err == nil {
		t.Error("Home without HOME and AIFLOW_HOME succeeded")
	}
}

func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		env        map[string]string
		check      func(c *Config) string // returns the bad value, or ""
		err        string
	}{
		{name: "empty", file: "", check: func(c *Config) string { return neq(c.TaskParallelism, 10) }},
		{name: "comments only", file: "# nothing\n", check: func(c *Config) string { return neq(c.ServerAddress, "127.0.0.1:50051") }},
		{name: "override", file: "server_address: 0.0.0.0:8080\ntask_parallelism: 3\n",
			check: func(c *Config) string { return neq(c.ServerAddress, "0.0.0.0:8080") + neq(c.TaskParallelism, 3) }},
		{name: "null keeps default", file: "token:\nlog_dir:\n", check: func(c *Config) string { return neq(filepath.Base(c.LogDir), "logs") }},
		{name: "expansion", file: "database: $DATA/x.db\nlog_dir: ~/logs\nworking_dir: '{AIFLOW_HOME}/w'\n",
			env: map[string]string{"DATA": "/data"},
			check: func(c *Config) string {
				return neq(c.Database, "/data/x.db") + neq(c.LogDir, "/u/logs") + neq(c.WorkingDir, c.Home+"/w")
			}},
		{name: "token not expanded", file: "token: a$b\n", check: func(c *Config) string { return neq(c.Token, "a$b") }},
		{name: "token env", file: "token: file\n", env: map[string]string{"AIFLOW_TOKEN": "env"}, check: func(c *Config) string { return neq(c.Token, "env") }},
		{name: "typo", file: "server_address: x:1\ndatabse: a.db\n", err: `aiflow_server.yaml:2:1: unknown key "databse"; did you mean "database"?`},
		{name: "unknown", file: "zzz: 1\n", err: `unknown key "zzz"; known keys: condition_max_steps, condition_timeout_ms, database, event_max_bytes, history_retention, log_dir,`},
		{name: "aiflow key", file: "metadata_backend_uri: sqlite:////x/a.db\n", check: func(c *Config) string { return neq(c.Database, "/x/a.db") }},
		{name: "aiflow and ours", file: "local_executor_parallelism: 3\ntask_parallelism: 4\n", check: func(c *Config) string { return neq(c.TaskParallelism, 4) }},
		{name: "bad rpc_port", file: "rpc_port: http\n", err: `:1:11: "rpc_port" must be a port number, got "http"`},
		{name: "not int", file: "task_parallelism: many\n", err: `:1:19: "task_parallelism" must be an integer, got "many"`},
		{name: "zero", file: "task_parallelism: 0\n", err: `:1:19: task_parallelism must be a positive integer, got 0`},
		{name: "grace", file: "task_stop_grace: 3\n", check: func(c *Config) string { return neq(c.TaskStopGrace, 3) }},
		{name: "no grace", file: "task_stop_grace: 0\n", err: `:1:18: task_stop_grace must be a positive number of seconds, got 0`},
		{name: "bad address", file: "server_address: localhost\n", err: `server_address must be host:port, got "localhost"`},
		{name: "limits", file: "max_connections: 64\nmax_uploads: 2\nupload_timeout: 30\nevent_max_bytes: 4096\nserver_log_max_mb: 10\nserver_log_backups: 0\n",
			check: func(c *Config) string {
				return neq(c.MaxConnections, 64) + neq(c.MaxUploads, 2) + neq(c.UploadTimeout, 30) + neq(c.EventMaxBytes, 4096) +
					neq(c.ServerLogMaxMB, 10) + neq(c.ServerLogBackups, 0)
			}},
		{name: "no uploads", file: "max_uploads: 0\n", err: `:1:14: max_uploads must be a positive integer, got 0`},
		{name: "no connections", file: "max_connections: -1\n", err: `max_connections must be a positive integer, got -1`},
		{name: "no upload time", file: "upload_timeout: 0\n", err: `upload_timeout must be a positive number of seconds, got 0`},
		{name: "no event bytes", file: "event_max_bytes: 0\n", err: `event_max_bytes must be a positive number of bytes, got 0`},
		{name: "no log size", file: "server_log_max_mb: 0\n", err: `server_log_max_mb must be a positive number of MiB, got 0`},
		{name: "negative backups", file: "server_log_backups: -2\n", err: `server_log_backups must be 0 or more, got -2`},
		{name: "empty path", file: "database: ''\n", err: `database must not be empty`},
		{name: "list value", file: "database: [a]\n", err: `:1:11: "database" must be a single value`},
		{name: "not a mapping", file: "- a\n", err: `:1:1: the configuration must be a mapping`},
		{name: "bad yaml", file: "a: [\n", err: `aiflow_server.yaml: `},
		{name: "two errors", file: "a: 1\nb: 2\n", err: `unknown key "a"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			if err := os.WriteFile(Path(home), []byte(tc.file), 0o644); err != nil {
				t.Fatal(err)
			}
			e := map[string]string{"AIFLOW_HOME": home, "HOME": "/u"}
			for k, v := range tc.env {
				e[k] = v
			}
			c, err := Load(env(e))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Load = %v, want an error containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.File != Path(home) {
				t.Errorf("File = %q", c.File)
			}
			if bad := tc.check(c); bad != "" {
				t.Errorf("got %s", bad)
			}
		})
	}
}

// neq describes a mismatch, or returns "" when got equals want.
func neq[T comparable](got, want T) string {
	if got != want {
		return fmt.Sprintf("%#v, want %#v; ", got, want)
	}
	return ""
}

func TestInit(t *testing.T) {
	home := filepath.Join(t.TempDir(), "new", "home")
	getenv := env(map[string]string{"AIFLOW_HOME": home})
	path, created, err := Init(getenv)
	if err != nil || !created || path != Path(home) {
		t.Fatalf("Init = %q, %v, %v", path, created, err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != Template {
		t.Fatalf("written file differs from the template: %v", err)
	}
	if err := os.WriteFile(path, []byte("task_parallelism: 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, created, err := Init(getenv); err != nil || created {
		t.Errorf("second Init = %v, %v; want not created", created, err)
	}
	c, err := Load(getenv)
	if err != nil || c.TaskParallelism != 2 {
		t.Errorf("Init overwrote the file: %+v, %v", c, err)
	}
}

// TestAIFlowFile: AIFlow's own aiflow_server.yaml, as its docs print it
// (with a "key : value" and unquoted {AIFLOW_HOME}), is read with warnings:
// each key becomes ours or is ignored.
func TestAIFlowFile(t *testing.T) {
	const file = `# directory of AIFlow logs
log_dir : {AIFLOW_HOME}/logs
rpc_port: 50055
internal_rpc_port: 50000
rest_port: 8000
metadata_backend_uri: sqlite:///{AIFLOW_HOME}/aiflow.db
history_retention: 30d
state_backend_uri: sqlite:///{AIFLOW_HOME}/aiflow.db
sql_alchemy_pool_enabled: True
sql_alchemy_pool_size: 5
sql_alchemy_max_overflow: 10
notification_server_uri: 127.0.0.1:50052
task_executor: Local
task_executor_heartbeat_check_interval: 10
task_heartbeat_timeout: 60
task_heartbeat_interval: 10
local_executor_parallelism: 4
k8s_executor_config:
  pod_template_file:
  in_cluster: False
`
	home := t.TempDir()
	if err := os.WriteFile(Path(home), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{"AIFLOW_HOME": home}))
	if err != nil {
		t.Fatal(err)
	}
	if bad := neq(c.ServerAddress, "127.0.0.1:50055") + neq(c.Database, home+"/aiflow.db") + neq(c.TaskParallelism, 4) +
		neq(c.LogDir, home+"/logs"); bad != "" {
		t.Errorf("got %s", bad)
	}
	want := []string{
		`:3:1: AIFlow setting "rpc_port" is read as server_address 127.0.0.1:50055`,
		`:4:1: AIFlow setting "internal_rpc_port" is ignored: there is no heartbeat server`,
		`:6:1: AIFlow setting "metadata_backend_uri" is read as database ` + home + `/aiflow.db`,
		`:12:1: AIFlow setting "notification_server_uri" is ignored: the aiflow server serves the events itself`,
		`:17:1: AIFlow setting "local_executor_parallelism" is read as task_parallelism 4`,
		`:18:1: AIFlow setting "k8s_executor_config" is ignored: tasks run as local processes`,
	}
	all := strings.Join(c.Warnings, "\n")
	for _, w := range want {
		if !strings.Contains(all, Path(home)+w) {
			t.Errorf("warnings lack %q:\n%s", w, all)
		}
	}
	if len(c.Warnings) != 16 || !strings.Contains(c.Warnings[0], `"rpc_port"`) {
		t.Errorf("%d warnings, want one per AIFlow key (16), in file order:\n%s", len(c.Warnings), all)
	}
	// A non-SQLite backend is not ours to use.
	if err := os.WriteFile(Path(home), []byte("metadata_backend_uri: mysql://u@db/aiflow\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = Load(env(map[string]string{"AIFLOW_HOME": home}))
	if err != nil || c.Database != home+"/aiflow.db" || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "is ignored: aiflow-go keeps its data in SQLite") {
		t.Errorf("mysql: %v, %q, %q", err, c.Database, c.Warnings)
	}
}

// TestClient: a client reads the address and token only; mistakes and
// AIFlow keys elsewhere in the file neither stop nor warn it.
func TestClient(t *testing.T) {
	home := t.TempDir()
	if err := os.WriteFile(Path(home), []byte("rpc_port: 6000\ntoken: s\ntask_parallelism: 0\ndatabse: x\ntask_heartbeat_timeout: 60\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	getenv := env(map[string]string{"AIFLOW_HOME": home})
	c, err := Client(getenv)
	if err != nil || c.ServerAddress != "127.0.0.1:6000" || c.Token != "s" || len(c.Warnings) != 1 {
		t.Errorf("Client = %+v, %v", c, err)
	}
	if _, err := Load(getenv); err == nil {
		t.Error("Load accepted task_parallelism 0 and databse")
	}
	if err := os.WriteFile(Path(home), []byte("server_address: nope\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Client(getenv); err == nil || !strings.Contains(err.Error(), `server_address must be host:port, got "nope"`) {
		t.Errorf("Client with a bad address: %v", err)
	}
}

func TestGet(t *testing.T) {
	c, err := Load(env(map[string]string{"AIFLOW_HOME": "/h"}))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Keys() {
		if _, err := c.Get(k); err != nil {
			t.Errorf("Get(%q): %v", k, err)
		}
	}
	if v, _ := c.Get("task_parallelism"); v != "10" {
		t.Errorf("task_parallelism = %q", v)
	}
	if _, err := c.Get("databse"); err == nil || err.Error() != `key "databse" not found in config; did you mean "database"?` {
		t.Errorf("Get(databse) = %v", err)
	}
	if _, err := c.Get("rpc_port"); err == nil || err.Error() != `key "rpc_port" not found in config: it is an AIFlow setting, which aiflow-go calls "server_address" (aiflow config get-value server_address)` {
		t.Errorf("Get(rpc_port) = %v", err)
	}
}

// TestTemplateAndDocs keeps the template and docs/config.md in step with the
// key table: every key is in both.
func TestTemplateAndDocs(t *testing.T) {
	doc, err := os.ReadFile("../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Keys() {
		if !strings.Contains(Template, "\n"+k+": ") {
			t.Errorf("template lacks %q", k)
		}
		if !strings.Contains(string(doc), "`"+k+"`") {
			t.Errorf("docs/config.md lacks %q", k)
		}
	}
}
