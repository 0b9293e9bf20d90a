//go:build unix

package process

import (
	"context"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

// BenchmarkStartWaitTrue measures the per-run overhead of the package:
// start `true` and wait for it, with a fresh log file per run (as a task run
// has) and without one; compare with BenchmarkExecTrue.
func BenchmarkStartWaitTrue(b *testing.B) {
	path, err := exec.LookPath("true")
	if err != nil {
		b.Skip("no true command")
	}
	for _, withLog := range []bool{true, false} {
		b.Run("log="+strconv.FormatBool(withLog), func(b *testing.B) {
			dir := b.TempDir()
			i := 0
			for b.Loop() {
				var opts Options
				if withLog {
					opts.LogPath = filepath.Join(dir, strconv.Itoa(i)+".log")
				}
				p, err := Start(context.Background(), Spec{Path: path}, opts)
				if err != nil {
					b.Fatal(err)
				}
				if r := p.Wait(); r.Err != nil {
					b.Fatal(r.Err)
				}
				i++
			}
		})
	}
}

// BenchmarkExecTrue is the baseline for BenchmarkStartWaitTrue: os/exec
// alone, without process group, log file or result bookkeeping.
func BenchmarkExecTrue(b *testing.B) {
	path, err := exec.LookPath("true")
	if err != nil {
		b.Skip("no true command")
	}
	for b.Loop() {
		if err := exec.Command(path).Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParallel16BashTrue runs `bash -c true` 16 at a time; ns/op is the
// wall time per run.
func BenchmarkParallel16BashTrue(b *testing.B) {
	dir := b.TempDir()
	var next atomic.Int64
	n := int64(b.N)
	b.ResetTimer()
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > n {
					return
				}
				p, err := Start(context.Background(), bash("true"), Options{LogPath: filepath.Join(dir, strconv.FormatInt(i, 10)+".log")})
				if err != nil {
					b.Error(err)
					return
				}
				if r := p.Wait(); r.Err != nil {
					b.Error(r.Err)
					return
				}
			}
		})
	}
	wg.Wait()
}
