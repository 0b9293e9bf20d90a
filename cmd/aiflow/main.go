// Command aiflow is the aiflow-go CLI, server and worker in one binary.
package main

import (
	"os"

	"github.com/aiflow-go/aiflow/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
