// Package cli is the aiflow command line: a thin kong command tree whose
// commands call parser, engine or storage and render the result.
package cli

import (
	"fmt"
	"io"
)

// Main runs the aiflow command line and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "aiflow: not implemented yet")
	return 3
}
