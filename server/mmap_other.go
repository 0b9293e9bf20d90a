//go:build !unix

package server

import "os"

// mapFile reads the file at path; see the unix version.
func mapFile(path string) ([]byte, func(), error) {
	data, err := os.ReadFile(path)
	return data, func() {}, err
}
