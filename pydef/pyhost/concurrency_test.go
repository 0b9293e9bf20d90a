package pyhost

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// concSrc exercises the shared, patched builtin types from many sessions.
const concSrc = `
import json, random, logging
from collections import OrderedDict
class Base(object):
    kind = 'base'
    @classmethod
    def make(cls, n): return cls(n)
    def __init__(self, n): self.n = n
class Sub(Base):
    kind = 'sub'
objs = [Sub.make(i) for i in range(20)]
d = __objdict__([(o, o.n) for o in objs])
print(sum(d.values()), Sub.kind, isinstance(objs[0], Base), '{:>4}'.format(len(d)))
print(json.dumps({'k': [o.n for o in objs][:3]}), random.randint(1, 6), 'a,b'.partition(','))
try:
    list.append = None
except TypeError:
    print('guarded')
`

func TestConcurrentSessions(t *testing.T) {
	want, err := runSrc(t, "", concSrc)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				var out bytes.Buffer
				s, err := NewSession(Options{Stdout: &out})
				if err != nil {
					errs <- err
					return
				}
				code, err := Compile(concSrc, "conc.py")
				if err == nil {
					_, err = s.RunModule("conc", "conc.py", code)
				}
				s.Close()
				if err != nil {
					errs <- err
					return
				}
				if out.String() != want {
					errs <- fmt.Errorf("got %q, want %q", out.String(), want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestSessionSerialisesCalls calls one session from several goroutines;
// the mutex must keep gpython's unsynchronised state safe.
func TestSessionSerialisesCalls(t *testing.T) {
	s, err := NewSession(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	code, _ := Compile("counter = [0]\ndef bump():\n    counter[0] += 1\n    return counter[0]\n", "c.py")
	m, err := s.RunModule("c", "c.py", code)
	if err != nil {
		t.Fatal(err)
	}
	bump := m.Globals["bump"]
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				if _, err := s.Call(bump, nil, nil); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	res, err := s.Call(bump, nil, nil)
	if err != nil || fmt.Sprint(res) != "101" {
		t.Errorf("got %v %v, want 101", res, err)
	}
}

func BenchmarkSessionSmallModule(b *testing.B) {
	src := "import os, json\nclass A(object):\n    x = 1\nd = {'a': A.x}\nname = os.path.basename(__file__)\n"
	code, err := Compile(src, "bench.py")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s, err := NewSession(Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.RunModule("bench", "bench.py", code); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
