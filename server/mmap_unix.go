//go:build unix

package server

import (
	"os"
	"syscall"
)

// mapFile returns the content of the file at path mapped read-only into
// memory, and the function that unmaps it: a large artifact is then stored
// from the page cache, with no copy on the Go heap (the staging file is the
// server's own and nobody changes it while it is mapped). An empty file is
// an empty slice.
func mapFile(path string) ([]byte, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if st.Size() == 0 {
		return []byte{}, func() {}, nil
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		// Mapping is an optimization: read the file when it fails.
		data, err := os.ReadFile(path)
		return data, func() {}, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}
