package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/aiflow-go/aiflow/api"
	"github.com/aiflow-go/aiflow/client"
)

// namespaceCmd is AIFlow's "aiflow namespace" group.
type namespaceCmd struct {
	Add    namespaceAddCmd    `cmd:"" help:"Create a namespace."`
	Delete namespaceDeleteCmd `cmd:"" help:"Delete an empty namespace."`
	List   namespaceListCmd   `cmd:"" help:"List the namespaces."`
}

type namespaceAddCmd struct {
	Name       string `arg:"" help:"Namespace name."`
	Properties string `help:"Properties as a JSON object of strings, e.g. '{\"owner\": \"ml\"}'."`
}

// Run creates the namespace; one that exists already is left as it is.
func (c *namespaceAddCmd) Run(e *env) error {
	var props map[string]string
	if c.Properties != "" {
		if err := json.Unmarshal([]byte(c.Properties), &props); err != nil {
			return &exitError{code: exitUsage, err: fmt.Errorf("--properties must be a JSON object of strings, e.g. '{\"owner\": \"ml\"}': %v", err)}
		}
	}
	cl, err := newClient()
	if err != nil {
		return err
	}
	_, err = cl.AddNamespace(e.ctx, c.Name, props)
	var ce *client.Error
	switch {
	case errors.As(err, &ce) && ce.Status == http.StatusConflict:
		// AIFlow's answer: the namespace is there, as asked.
		_, err = fmt.Fprintf(e.stdout, "Namespace: %s already exists\n", c.Name)
		return err
	case err != nil:
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "Namespace: %s, created.\n", c.Name)
	return err
}

type namespaceDeleteCmd struct {
	Name string `arg:"" predictor:"namespace" help:"Namespace name."`
	Yes  bool   `short:"y" help:"Accepted for AIFlow compatibility; delete never asks."`
}

// Run deletes the namespace; the server refuses one that holds workflows.
func (c *namespaceDeleteCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	if err := cl.DeleteNamespace(e.ctx, c.Name); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "Namespace: %s, deleted.\n", c.Name)
	return err
}

type namespaceListCmd struct {
	outputFlag
}

// Run lists the namespaces with AIFlow's columns name, properties.
func (c *namespaceListCmd) Run(e *env) error {
	cl, err := newClient()
	if err != nil {
		return err
	}
	nss, err := cl.Namespaces(e.ctx)
	if err != nil {
		return err
	}
	recs := []record{}
	for _, n := range nss {
		recs = append(recs, namespaceRecord(n))
	}
	return writeOutput(e.stdout, c.Output, recs, func(w io.Writer) error { return writeTable(w, recs) })
}

func namespaceRecord(n api.Namespace) record {
	return record{{"name", n.Name}, {"properties", n.Properties}}
}
