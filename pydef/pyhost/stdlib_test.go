package pyhost

import "testing"

func TestRandomIsSeeded(t *testing.T) {
	src := dedent(`
		import random
		xs = [random.random(), random.randint(1, 100), random.choice('abcdef'), random.uniform(1, 2)]
		l = list(range(10)); random.shuffle(l)
		print(xs, l, random.sample(range(100), 3))
	`)
	a, err := runSrc(t, "", src)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := runSrc(t, "", src)
	c, _ := runSrc(t, "", src, func(o *Options) { o.Seed = 7 })
	if a != b {
		t.Errorf("same seed gave different output:\n%s\n%s", a, b)
	}
	if a == c {
		t.Errorf("different seeds gave the same output %s", a)
	}
}

func TestEnvironmentSnapshot(t *testing.T) {
	out, err := runSrc(t, "", dedent(`
		import os, json
		from collections import OrderedDict
		print(os.getenv('STAGE'), os.environ['STAGE'], os.environ.get('HOME', '-'), os.path.expanduser('~/x'))
		os.environ['STAGE'] = 'changed'
		od = OrderedDict([('z', 1), ('a', 2)])
		print(isinstance(od, dict), json.dumps(od), os.getcwd() == os.path.dirname(__file__))
	`), func(o *Options) { o.Env = map[string]string{"STAGE": "prod"} })
	if err != nil {
		t.Fatal(err)
	}
	want := "prod prod - /root/x\nTrue {\"z\": 1, \"a\": 2} True\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}
