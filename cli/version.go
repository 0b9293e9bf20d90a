package cli

import (
	"fmt"
	"runtime"
)

type versionCmd struct {
	Verbose bool `short:"v" help:"Also print the Go version and platform."`
}

// Run prints the version: the bare version string, as AIFlow's
// "aiflow version" does, so that scripts can compare it.
func (c *versionCmd) Run(e *env) error {
	var err error
	if c.Verbose {
		_, err = fmt.Fprintf(e.stdout, "aiflow %s %s %s/%s\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	} else {
		_, err = fmt.Fprintln(e.stdout, Version)
	}
	return err
}
