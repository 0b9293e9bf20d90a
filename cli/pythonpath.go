package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aiflow-go/aiflow/config"
	"github.com/aiflow-go/aiflow/engine/pyrun"
	"github.com/aiflow-go/aiflow/pydef"
)

type pythonPathCmd struct{}

// Help is the long help of aiflow python-path.
func (c *pythonPathCmd) Help() string {
	return `Prints a folder to put on PYTHONPATH so that your own CPython (3.8 or later)
can import ai_flow: the package Python tasks get, whose ai_flow.ops talks
to the aiflow server of AIFLOW_SERVER, else of server_address in
$AIFLOW_HOME/aiflow_server.yaml, with AIFLOW_TOKEN or its token. The folder
is written once per aiflow version, under the user cache folder.

  PYTHONPATH=$(aiflow python-path) python3 my_workflow.py`
}

// Run installs the runtime folder, once per content, and prints it.
func (c *pythonPathCmd) Run(e *env) error {
	dir, err := os.UserCacheDir()
	if err == nil {
		dir = filepath.Join(dir, "aiflow")
	} else if dir, err = config.Home(os.Getenv); err != nil {
		return err
	}
	root, err := pyrun.Install(dir, pydef.ShimFS())
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(e.stdout, root)
	return err
}
