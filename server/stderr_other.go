//go:build !unix

package server

import "os"

// redirectStderr does nothing where descriptors cannot be duplicated.
func redirectStderr(*os.File) {}
