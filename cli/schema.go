package cli

import (
	"bytes"

	"github.com/aiflow-go/aiflow/yamldef"
)

type schemaCmd struct{}

// Help is the long help of aiflow schema.
func (c *schemaCmd) Help() string {
	return `Prints the JSON Schema (draft-07) of the YAML workflow format. Point an
editor at it for completion and checks, for example with a modeline at the
top of a definition:

  # yaml-language-server: $schema=aiflow-workflow.schema.json`
}

// Run prints the schema.
func (c *schemaCmd) Run(e *env) error {
	s := yamldef.Schema()
	if !bytes.HasSuffix(s, []byte("\n")) {
		s = append(s[:len(s):len(s)], '\n')
	}
	_, err := e.stdout.Write(s)
	return err
}
