// Package config reads the server configuration, aiflow_server.yaml in
// $AIFLOW_HOME (default ~/aiflow), as AIFlow does. Every key is optional;
// the defaults are those of the embedded, documented template that
// "aiflow config init" writes, so the two cannot disagree. Unknown keys are
// errors with the file position and a did-you-mean suggestion, except
// AIFlow's: an AIFlow file is read with each of its keys mapped to ours or
// ignored, with a warning (Config.Warnings).
//
// Commands that only call the server need its address and token, nothing
// else: Client reads just those, so that a server-side mistake in the file
// does not stop them.
package config

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/aiflow-go/aiflow/internal/spell"
)

// FileName is the server configuration file's name inside the home.
const FileName = "aiflow_server.yaml"

// Template is the documented configuration that Init writes; its values
// are the defaults.
//
//go:embed aiflow_server.yaml
var Template string

// Config is the effective server configuration.
type Config struct {
	Home string // $AIFLOW_HOME, absolute
	File string // the file read, or "" if none exists

	ServerAddress   string
	Database        string
	Token           string
	TaskParallelism int
	TaskStopGrace   int // seconds between SIGTERM and SIGKILL when a run is stopped
	// ConditionMaxSteps and ConditionTimeoutMS limit one evaluation of a
	// custom Python condition (interpreter steps, wall-time milliseconds).
	ConditionMaxSteps  int
	ConditionTimeoutMS int
	PythonExecutable   string
	LogDir             string
	WorkingDir         string

	// Limits of the HTTP server (docs/security.md): connections and
	// uploads at once, seconds one upload may take, bytes of an event's
	// value and of its context, and the rotation of the server log (MiB
	// and copies kept).
	MaxConnections int
	MaxUploads     int
	UploadTimeout  int
	EventMaxBytes  int
	// UploadCheckMaxMB and UploadCheckTimeout bound the child process
	// that loads one uploaded definition (MiB, seconds).
	UploadCheckMaxMB   int
	UploadCheckTimeout int
	ServerLogMaxMB     int
	ServerLogBackups   int

	// HistoryRetention is how long finished executions are kept: older
	// ones are deleted with their files. 0 keeps them forever.
	HistoryRetention time.Duration

	// Warnings are "file:line:col: message" lines about AIFlow keys that
	// were mapped to ours or ignored.
	Warnings []string
}

// key describes one configuration key: its name in the file and the field
// it sets.
type key struct {
	name   string
	str    func(c *Config) *string        // for string keys
	num    func(c *Config) *int           // for integer keys
	dur    func(c *Config) *time.Duration // for durations (ParseDuration)
	expand bool                           // string value undergoes {AIFLOW_HOME}/env/~ expansion
}

var keys = []key{
	{name: "server_address", str: func(c *Config) *string { return &c.ServerAddress }},
	{name: "database", str: func(c *Config) *string { return &c.Database }, expand: true},
	{name: "token", str: func(c *Config) *string { return &c.Token }},
	{name: "task_parallelism", num: func(c *Config) *int { return &c.TaskParallelism }},
	{name: "task_stop_grace", num: func(c *Config) *int { return &c.TaskStopGrace }},
	{name: "condition_max_steps", num: func(c *Config) *int { return &c.ConditionMaxSteps }},
	{name: "condition_timeout_ms", num: func(c *Config) *int { return &c.ConditionTimeoutMS }},
	{name: "python_executable", str: func(c *Config) *string { return &c.PythonExecutable }, expand: true},
	{name: "log_dir", str: func(c *Config) *string { return &c.LogDir }, expand: true},
	{name: "working_dir", str: func(c *Config) *string { return &c.WorkingDir }, expand: true},
	{name: "max_connections", num: func(c *Config) *int { return &c.MaxConnections }},
	{name: "max_uploads", num: func(c *Config) *int { return &c.MaxUploads }},
	{name: "upload_timeout", num: func(c *Config) *int { return &c.UploadTimeout }},
	{name: "event_max_bytes", num: func(c *Config) *int { return &c.EventMaxBytes }},
	{name: "upload_check_max_mb", num: func(c *Config) *int { return &c.UploadCheckMaxMB }},
	{name: "upload_check_timeout", num: func(c *Config) *int { return &c.UploadCheckTimeout }},
	{name: "server_log_max_mb", num: func(c *Config) *int { return &c.ServerLogMaxMB }},
	{name: "server_log_backups", num: func(c *Config) *int { return &c.ServerLogBackups }},
	{name: "history_retention", dur: func(c *Config) *time.Duration { return &c.HistoryRetention }},
}

// aiflowKeys maps AIFlow's keys that have an equivalent here (reference
// §8.1) to it.
var aiflowKeys = map[string]string{
	"rpc_port":                   "server_address",
	"metadata_backend_uri":       "database",
	"local_executor_parallelism": "task_parallelism",
}

// aiflowIgnored are AIFlow's other server keys, with why they mean nothing
// here.
var aiflowIgnored = map[string]string{
	"internal_rpc_port":                      "there is no heartbeat server",
	"rest_port":                              "the HTTP API is served on server_address",
	"state_backend_uri":                      "AIFlow did not use it either; state is kept in database",
	"sql_alchemy_pool_enabled":               "the database is SQLite",
	"sql_alchemy_pool_size":                  "the database is SQLite",
	"sql_alchemy_max_overflow":               "the database is SQLite",
	"notification_server_uri":                "the aiflow server serves the events itself",
	"task_executor":                          "tasks run as local processes",
	"k8s_executor_config":                    "tasks run as local processes",
	"task_executor_heartbeat_check_interval": "supervisors report each task's end, without heartbeats",
	"task_heartbeat_timeout":                 "supervisors report each task's end, without heartbeats; see the operators' timeout",
	"task_heartbeat_interval":                "supervisors report each task's end, without heartbeats",
	"server_worker_number":                   "the scheduler applies events in one ordered stream",
	"server_worker_queue_size":               "the scheduler applies events in one ordered stream",
	"server_start_timeout":                   "the server starts in well under a second",
	"local_registry_path":                    "supervisors keep their records under working_dir",
}

// Keys returns the key names in file order.
func Keys() []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.name
	}
	return out
}

// IsNumber reports whether key name takes an integer (and is written as
// one in the file).
func IsNumber(name string) bool {
	k, ok := lookup(name)
	return ok && k.num != nil
}

// Home returns $AIFLOW_HOME, or ~/aiflow when it is unset, as an absolute
// path.
func Home(getenv func(string) string) (string, error) {
	h := getenv("AIFLOW_HOME")
	if h == "" {
		u := getenv("HOME")
		if u == "" {
			return "", errors.New("neither AIFLOW_HOME nor HOME is set")
		}
		h = filepath.Join(u, "aiflow")
	}
	return filepath.Abs(expandTilde(h, getenv))
}

// Path returns the configuration file's path in home.
func Path(home string) string { return filepath.Join(home, FileName) }

// Load returns the effective configuration: the defaults, overridden by
// $AIFLOW_HOME/aiflow_server.yaml if it exists, then by AIFLOW_TOKEN.
// getenv is os.Getenv outside tests.
func Load(getenv func(string) string) (*Config, error) {
	home, err := Home(getenv)
	if err != nil {
		return nil, err
	}
	return load(home, getenv, false)
}

// Client returns what a command that only calls the server needs: the
// home, server_address (or AIFlow's rpc_port) and token (AIFLOW_TOKEN
// first). The other keys of the file are not read, so that neither a
// mistake in them nor an AIFlow key stops or warns such a command.
func Client(getenv func(string) string) (*Config, error) {
	home, err := Home(getenv)
	if err != nil {
		return nil, err
	}
	return load(home, getenv, true)
}

// clientKeys are the keys Client reads.
var clientKeys = []string{"server_address", "rpc_port", "token"}

func load(home string, getenv func(string) string, client bool) (*Config, error) {
	c := &Config{Home: home}
	// The template is part of the binary; a failure here is a bug.
	if err := c.parse("template", []byte(Template), getenv, false); err != nil {
		panic(err)
	}
	path := Path(home)
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("read config: %w", err)
	default:
		c.File = path
		if err := c.parse(path, data, getenv, client); err != nil {
			return nil, err
		}
	}
	if t := getenv("AIFLOW_TOKEN"); t != "" {
		c.Token = t
	}
	return c, nil
}

// Init writes the template to $AIFLOW_HOME/aiflow_server.yaml unless the
// file exists; it reports the path and whether it wrote it.
func Init(getenv func(string) string) (path string, created bool, err error) {
	home, err := Home(getenv)
	if err != nil {
		return "", false, err
	}
	path = Path(home)
	if _, err := os.Stat(path); err == nil {
		return path, false, nil
	}
	if err := os.MkdirAll(home, 0o755); err != nil {
		return path, false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return path, false, nil
	}
	if err != nil {
		return path, false, err
	}
	_, err = f.WriteString(Template)
	return path, true, errors.Join(err, f.Close())
}

// parse applies the keys set in data to c; client reads only clientKeys.
func (c *Config) parse(file string, data []byte, getenv func(string) string, client bool) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// AIFlow's template writes {AIFLOW_HOME} unquoted, which YAML
		// reads as a mapping; AIFlow substitutes it in the text first.
		text := strings.ReplaceAll(string(data), "{AIFLOW_HOME}", c.Home)
		if text == string(data) || yaml.Unmarshal([]byte(text), &doc) != nil {
			return fmt.Errorf("%s: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))
		}
	}
	if len(doc.Content) == 0 {
		return nil // empty or only comments
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d:%d: the configuration must be a mapping of keys to values", file, root.Line, root.Column)
	}
	var errs []error
	pos := func(n *yaml.Node) string { return fmt.Sprintf("%s:%d:%d", file, n.Line, n.Column) }
	// Our keys that the file sets win over AIFlow's equivalents.
	set := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		set[root.Content[i].Value] = root.Content[i+1].Tag != "!!null"
	}
	var aiflow bool          // the file has AIFlow keys
	var retention *yaml.Node // the history_retention key
	for i := 0; i+1 < len(root.Content); i += 2 {
		kn, vn := root.Content[i], root.Content[i+1]
		if client && !slices.Contains(clientKeys, kn.Value) {
			continue
		}
		_, ignored := aiflowIgnored[kn.Value]
		_, mapped := aiflowKeys[kn.Value]
		aiflow = aiflow || ignored || mapped
		if kn.Value == "history_retention" {
			retention = kn
		}
		if why, ok := aiflowIgnored[kn.Value]; ok {
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s: AIFlow setting %q is ignored: %s", pos(kn), kn.Value, why))
			continue
		}
		if _, ok := aiflowKeys[kn.Value]; ok {
			if err := c.mapAIFlow(kn, vn, set[aiflowKeys[kn.Value]], pos, getenv); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		k, ok := lookup(kn.Value)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: %s", pos(kn), unknownKey(kn.Value)))
			continue
		}
		if vn.Tag == "!!null" {
			continue // "key:" with no value keeps the default
		}
		if err := c.set(k, vn, pos, getenv); err != nil {
			errs = append(errs, err)
		}
	}
	if client {
		if err := c.checkAddress(file, root); err != nil {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	}
	// AIFlow's template sets history_retention, which AIFlow never
	// applied: here it deletes history, which a migrant must hear of.
	if aiflow && retention != nil && c.HistoryRetention > 0 {
		c.Warnings = append(c.Warnings, fmt.Sprintf("%s: AIFlow setting %q applies here, unlike in AIFlow: finished executions older than %s are deleted with their files (set it to off to keep them)",
			pos(retention), "history_retention", FormatDuration(c.HistoryRetention)))
	}
	// Check the values too, so that one run reports every problem.
	return errors.Join(append(errs, c.check(file, root))...)
}

// set applies the value vn of key k.
func (c *Config) set(k key, vn *yaml.Node, pos func(*yaml.Node) string, getenv func(string) string) error {
	if vn.Kind != yaml.ScalarNode {
		return fmt.Errorf("%s: %q must be a single value", pos(vn), k.name)
	}
	if k.num != nil {
		n, err := strconv.Atoi(vn.Value)
		if err != nil || vn.Tag != "!!int" {
			return fmt.Errorf("%s: %q must be an integer, got %q", pos(vn), k.name, vn.Value)
		}
		*k.num(c) = n
		return nil
	}
	if k.dur != nil {
		d, err := ParseDuration(vn.Value)
		if err != nil {
			return fmt.Errorf("%s: %q %v", pos(vn), k.name, err)
		}
		*k.dur(c) = d
		return nil
	}
	v := vn.Value
	if k.expand {
		v = c.expand(v, getenv)
	}
	*k.str(c) = v
	return nil
}

// mapAIFlow applies AIFlow key kn (rpc_port, metadata_backend_uri,
// local_executor_parallelism) to our key, unless the file sets ours too
// (oursSet), with a warning that says what it became.
func (c *Config) mapAIFlow(kn, vn *yaml.Node, oursSet bool, pos func(*yaml.Node) string, getenv func(string) string) error {
	ours := aiflowKeys[kn.Value]
	warn := func(format string, args ...any) {
		c.Warnings = append(c.Warnings, fmt.Sprintf("%s: AIFlow setting %q ", pos(kn), kn.Value)+fmt.Sprintf(format, args...))
	}
	if oursSet {
		warn("is ignored: %s is set", ours)
		return nil
	}
	if vn.Tag == "!!null" {
		return nil
	}
	if vn.Kind != yaml.ScalarNode {
		return fmt.Errorf("%s: %q must be a single value", pos(vn), kn.Value)
	}
	switch kn.Value {
	case "rpc_port":
		port, err := strconv.Atoi(vn.Value)
		if err != nil || port <= 0 || port > 65535 {
			return fmt.Errorf("%s: %q must be a port number, got %q", pos(vn), kn.Value, vn.Value)
		}
		host, _, err := net.SplitHostPort(c.ServerAddress)
		if err != nil {
			host = "127.0.0.1"
		}
		c.ServerAddress = net.JoinHostPort(host, vn.Value)
		warn("is read as server_address %s", c.ServerAddress)
	case "metadata_backend_uri":
		// SQLAlchemy's sqlite:///relative/path and sqlite:////absolute/path.
		path, ok := strings.CutPrefix(c.expand(vn.Value, getenv), "sqlite:///")
		if !ok || path == "" {
			warn("is ignored: aiflow-go keeps its data in SQLite (database, now %s), not in %q", c.Database, vn.Value)
			return nil
		}
		c.Database = path
		warn("is read as database %s", c.Database)
	case "local_executor_parallelism":
		k, _ := lookup(ours)
		if err := c.set(k, vn, pos, getenv); err != nil {
			return err
		}
		warn("is read as task_parallelism %d", c.TaskParallelism)
	}
	return nil
}

// check validates the values; positions point at the key in file.
func (c *Config) check(file string, root *yaml.Node) error {
	at := func(name string) string { return at(file, root, name) }
	errs := []error{c.checkAddress(file, root)}
	if c.TaskParallelism <= 0 {
		errs = append(errs, fmt.Errorf("%stask_parallelism must be a positive integer, got %d", at("task_parallelism"), c.TaskParallelism))
	}
	if c.TaskStopGrace <= 0 {
		errs = append(errs, fmt.Errorf("%stask_stop_grace must be a positive number of seconds, got %d", at("task_stop_grace"), c.TaskStopGrace))
	}
	if c.ConditionMaxSteps <= 0 {
		errs = append(errs, fmt.Errorf("%scondition_max_steps must be a positive integer, got %d", at("condition_max_steps"), c.ConditionMaxSteps))
	}
	if c.ConditionTimeoutMS <= 0 {
		errs = append(errs, fmt.Errorf("%scondition_timeout_ms must be a positive number of milliseconds, got %d", at("condition_timeout_ms"), c.ConditionTimeoutMS))
	}
	for _, k := range []struct {
		name, unit string
		v          int
	}{{"max_connections", "integer", c.MaxConnections}, {"max_uploads", "integer", c.MaxUploads},
		{"upload_timeout", "number of seconds", c.UploadTimeout}, {"event_max_bytes", "number of bytes", c.EventMaxBytes},
		{"upload_check_max_mb", "number of MiB", c.UploadCheckMaxMB}, {"upload_check_timeout", "number of seconds", c.UploadCheckTimeout},
		{"server_log_max_mb", "number of MiB", c.ServerLogMaxMB}} {
		if k.v <= 0 {
			errs = append(errs, fmt.Errorf("%s%s must be a positive %s, got %d", at(k.name), k.name, k.unit, k.v))
		}
	}
	if c.ServerLogBackups < 0 {
		errs = append(errs, fmt.Errorf("%sserver_log_backups must be 0 or more, got %d", at("server_log_backups"), c.ServerLogBackups))
	}
	for _, k := range []struct{ name, v string }{{"database", c.Database}, {"python_executable", c.PythonExecutable}, {"log_dir", c.LogDir}, {"working_dir", c.WorkingDir}} {
		if k.v == "" {
			errs = append(errs, fmt.Errorf("%s%s must not be empty", at(k.name), k.name))
		}
	}
	return errors.Join(errs...)
}

// checkAddress checks server_address.
func (c *Config) checkAddress(file string, root *yaml.Node) error {
	if _, port, err := net.SplitHostPort(c.ServerAddress); err != nil || port == "" {
		return fmt.Errorf("%sserver_address must be host:port, got %q", at(file, root, "server_address"), c.ServerAddress)
	}
	return nil
}

// at is the position of the value of key name in file, for an error.
func at(file string, root *yaml.Node, name string) string {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == name {
			return fmt.Sprintf("%s:%d:%d: ", file, root.Content[i+1].Line, root.Content[i+1].Column)
		}
	}
	return file + ": "
}

func lookup(name string) (key, bool) {
	for _, k := range keys {
		if k.name == name {
			return k, true
		}
	}
	return key{}, false
}

// unknownKey explains a key that does not exist.
func unknownKey(name string) string {
	msg := fmt.Sprintf("unknown key %q", name)
	if s := spell.Nearest(name, Keys()); s != "" {
		return msg + fmt.Sprintf("; did you mean %q?", s)
	}
	return msg + "; known keys: " + strings.Join(sorted(Keys()), ", ")
}

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	return s
}

// expand substitutes {AIFLOW_HOME}, environment variables and a leading ~.
func (c *Config) expand(v string, getenv func(string) string) string {
	v = strings.ReplaceAll(v, "{AIFLOW_HOME}", c.Home)
	v = os.Expand(v, getenv)
	return expandTilde(v, getenv)
}

func expandTilde(v string, getenv func(string) string) string {
	if v == "~" || strings.HasPrefix(v, "~/") {
		return getenv("HOME") + v[1:]
	}
	return v
}

// Get returns the value of a key as text; unknown keys are an error with a
// did-you-mean suggestion, AIFlow's point to theirs.
func (c *Config) Get(name string) (string, error) {
	k, ok := lookup(name)
	if !ok {
		msg := fmt.Sprintf("key %q not found in config", name)
		if ours, ok := aiflowKeys[name]; ok {
			return "", fmt.Errorf("%s: it is an AIFlow setting, which aiflow-go calls %q (aiflow config get-value %s)", msg, ours, ours)
		}
		if why, ok := aiflowIgnored[name]; ok {
			return "", fmt.Errorf("%s: it is an AIFlow setting, which means nothing here: %s", msg, why)
		}
		if s := spell.Nearest(name, Keys()); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return "", errors.New(msg)
	}
	if k.num != nil {
		return strconv.Itoa(*k.num(c)), nil
	}
	if k.dur != nil {
		return FormatDuration(*k.dur(c)), nil
	}
	return *k.str(c), nil
}

// Day is the "d" unit of ParseDuration.
const Day = 24 * time.Hour

// ParseDuration reads a duration such as 30d, 12h, 90m or 1d12h: Go's
// units (h, m, s, ms, ...) plus d for 24 hours. "off", "0" and "" are 0
// (no duration); negative ones are refused.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "0", "off":
		return 0, nil
	}
	var d time.Duration
	rest := s
	if days, after, ok := strings.Cut(rest, "d"); ok {
		n, err := strconv.ParseUint(days, 10, 31)
		if err != nil {
			return 0, fmt.Errorf("must be a duration such as 30d, 12h or 1d12h (or off), got %q", s)
		}
		d, rest = time.Duration(n)*Day, after
	}
	if rest != "" {
		r, err := time.ParseDuration(rest)
		if err != nil || r < 0 || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "+") {
			return 0, fmt.Errorf("must be a duration such as 30d, 12h or 1d12h (or off), got %q", s)
		}
		d += r
	}
	return d, nil
}

// FormatDuration prints d as ParseDuration reads it: "off" for 0, whole
// days as 30d, the rest in Go's units without zero parts (1d12h, 90m).
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "off"
	}
	var b strings.Builder
	if days := d / Day; days > 0 {
		b.WriteString(strconv.FormatInt(int64(days), 10) + "d")
		d -= days * Day
	}
	if d > 0 {
		t := d.String()
		if strings.HasSuffix(t, "m0s") {
			t = strings.TrimSuffix(t, "0s")
		}
		if strings.HasSuffix(t, "h0m") {
			t = strings.TrimSuffix(t, "0m")
		}
		b.WriteString(t)
	}
	return b.String()
}
