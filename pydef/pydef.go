// Package pydef loads AIFlow Python workflow files into ir.Workflow values by
// running them in an embedded, sandboxed gpython interpreter.
package pydef

import (
	"context"

	"github.com/aiflow-go/aiflow/ir"
)

// Options configure a Loader.
type Options struct{}

// Loader loads Python definitions; it is safe for concurrent use.
type Loader struct{ opts Options }

// NewLoader prepares a loader.
func NewLoader(opts Options) (*Loader, error) { return &Loader{opts: opts}, nil }

// Load runs one Python definition file and returns its top-level workflows.
func (l *Loader) Load(ctx context.Context, filename string, src []byte) ([]*ir.Workflow, ir.Diagnostics) {
	return nil, ir.Diagnostics{ir.Errorf(ir.CodeInternal, ir.Span{File: filename}, "python definitions are not implemented yet")}
}
