// Command parseonly reads and parses Python definition files and does
// nothing else: the rewrite to gpython's grammar (pydef/rewrite) and
// gpython's parser, on GOMAXPROCS goroutines, keeping nothing. Its peak
// memory is the floor that bench/load.sh compares aiflow validate's with.
//
// usage: parseonly PATH...   (files, or folders searched for *.py)
package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/go-python/gpython/parser"
	"github.com/go-python/gpython/py"

	"github.com/aiflow-go/aiflow/pydef/rewrite"
)

func main() {
	// aiflow validate runs with GOGC=400 (cli/validate.go); so does
	// this, so that the two peaks compare like with like.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	var files []string
	for _, arg := range os.Args[1:] {
		err := filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && filepath.Ext(p) == ".py" {
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return
				}
				if err := parse(files[i]); err != nil {
					fmt.Fprintf(os.Stderr, "%s: %v\n", files[i], err)
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	fmt.Println(len(files) - int(failed.Load()))
	if failed.Load() > 0 {
		os.Exit(1)
	}
}

func parse(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	rw, err := rewrite.Rewrite(src)
	if err != nil {
		return err
	}
	_, err = parser.Parse(bytes.NewReader(rw.Source), path, py.ExecMode)
	return err
}
