// Package config reads the server configuration, aiflow_server.yaml in
// $AIFLOW_HOME (default ~/aiflow), as AIFlow does. Every key is optional;
// the defaults are those of the embedded, documented template that
// "aiflow config init" writes, so the two cannot disagree. Unknown keys are
// errors with the file position and a did-you-mean suggestion.
package config

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

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
}

// key describes one configuration key: its name in the file and the field
// it sets.
type key struct {
	name   string
	str    func(c *Config) *string // for string keys
	num    func(c *Config) *int    // for integer keys
	expand bool                    // string value undergoes {AIFLOW_HOME}/env/~ expansion
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
}

// aiflowKeys maps AIFlow's keys that have an equivalent here, so an AIFlow
// file gets a pointer instead of a bare "unknown key".
var aiflowKeys = map[string]string{
	"rpc_port":                   "server_address",
	"metadata_backend_uri":       "database",
	"local_executor_parallelism": "task_parallelism",
}

// Keys returns the key names in file order.
func Keys() []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.name
	}
	return out
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
	c := &Config{Home: home}
	// The template is part of the binary; a failure here is a bug.
	if err := c.parse("template", []byte(Template), getenv); err != nil {
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
		if err := c.parse(path, data, getenv); err != nil {
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

// parse applies the keys set in data to c.
func (c *Config) parse(file string, data []byte, getenv func(string) string) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))
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
	for i := 0; i+1 < len(root.Content); i += 2 {
		kn, vn := root.Content[i], root.Content[i+1]
		k, ok := lookup(kn.Value)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: %s", pos(kn), unknownKey(kn.Value)))
			continue
		}
		if vn.Tag == "!!null" {
			continue // "key:" with no value keeps the default
		}
		if vn.Kind != yaml.ScalarNode {
			errs = append(errs, fmt.Errorf("%s: %q must be a single value", pos(vn), k.name))
			continue
		}
		if k.num != nil {
			n, err := strconv.Atoi(vn.Value)
			if err != nil || vn.Tag != "!!int" {
				errs = append(errs, fmt.Errorf("%s: %q must be an integer, got %q", pos(vn), k.name, vn.Value))
				continue
			}
			*k.num(c) = n
			continue
		}
		v := vn.Value
		if k.expand {
			v = c.expand(v, getenv)
		}
		*k.str(c) = v
	}
	// Check the values too, so that one run reports every problem.
	return errors.Join(append(errs, c.check(file, root))...)
}

// check validates the values; positions point at the key in file.
func (c *Config) check(file string, root *yaml.Node) error {
	at := func(name string) string {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == name {
				return fmt.Sprintf("%s:%d:%d: ", file, root.Content[i+1].Line, root.Content[i+1].Column)
			}
		}
		return file + ": "
	}
	var errs []error
	if _, port, err := net.SplitHostPort(c.ServerAddress); err != nil || port == "" {
		errs = append(errs, fmt.Errorf("%sserver_address must be host:port, got %q", at("server_address"), c.ServerAddress))
	}
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
	for _, k := range []struct{ name, v string }{{"database", c.Database}, {"python_executable", c.PythonExecutable}, {"log_dir", c.LogDir}, {"working_dir", c.WorkingDir}} {
		if k.v == "" {
			errs = append(errs, fmt.Errorf("%s%s must not be empty", at(k.name), k.name))
		}
	}
	return errors.Join(errs...)
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
	if ours, ok := aiflowKeys[name]; ok {
		return fmt.Sprintf("unknown key %q (an AIFlow setting); use %q", name, ours)
	}
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
// did-you-mean suggestion.
func (c *Config) Get(name string) (string, error) {
	k, ok := lookup(name)
	if !ok {
		msg := fmt.Sprintf("key %q not found in config", name)
		if s := spell.Nearest(name, Keys()); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return "", errors.New(msg)
	}
	if k.num != nil {
		return strconv.Itoa(*k.num(c)), nil
	}
	return *k.str(c), nil
}
