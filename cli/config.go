package cli

import (
	"fmt"
	"os"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/aiflow-go/aiflow/config"
)

// configCmd is AIFlow's "aiflow config" group.
type configCmd struct {
	Init     configInitCmd     `cmd:"" help:"Write the documented aiflow_server.yaml to $AIFLOW_HOME unless it exists."`
	GetValue configGetValueCmd `cmd:"" help:"Print the effective value of one configuration key."`
	List     configListCmd     `cmd:"" help:"Print the effective configuration as YAML (a set token is masked)."`
}

type configInitCmd struct{}

// Run writes the template; an existing file is kept, with a note on
// stderr, as AIFlow warns and carries on.
func (c *configInitCmd) Run(e *env) error {
	path, created, err := config.Init(os.Getenv)
	if err != nil {
		return fmt.Errorf("config init: %w", err)
	}
	if !created {
		fmt.Fprintf(e.stderr, "aiflow: %s already exists; leaving it unchanged\n", path)
		return nil
	}
	_, err = fmt.Fprintf(e.stdout, "Wrote %s\n", path)
	return err
}

type configGetValueCmd struct {
	Key string `arg:"" help:"Configuration key, e.g. database."`
}

// Run prints one value; an unknown key exits 1 with a suggestion.
func (c *configGetValueCmd) Run(e *env) error {
	cfg, err := loadConfig(e)
	if err != nil {
		return err
	}
	v, err := cfg.Get(c.Key)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(e.stdout, v)
	return err
}

type configListCmd struct{}

// Run prints every key with its effective value, as YAML in the layout of
// aiflow_server.yaml. A set token is masked ("********"): list output tends
// to end up in logs and bug reports; get-value token prints it. So the
// output is a valid aiflow_server.yaml only without a token: saved as is,
// it would make "********" the token.
func (c *configListCmd) Run(e *env) error {
	cfg, err := loadConfig(e)
	if err != nil {
		return err
	}
	from := cfg.File
	if from == "" {
		from = "defaults; no " + config.Path(cfg.Home)
	}
	m := &yaml.Node{Kind: yaml.MappingNode, HeadComment: "effective configuration (" + from + ")"}
	for _, k := range config.Keys() {
		v, _ := cfg.Get(k)
		tag := "!!str"
		if _, err := strconv.Atoi(v); err == nil && config.IsNumber(k) {
			tag = "!!int"
		}
		if k == "token" && v != "" {
			v = "********"
		}
		m.Content = append(m.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k},
			&yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v})
	}
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{m}})
	if err != nil {
		return internalError(err)
	}
	_, err = e.stdout.Write(out)
	return err
}
