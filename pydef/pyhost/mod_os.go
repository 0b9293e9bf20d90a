package pyhost

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-python/gpython/py"
)

func init() {
	stdModules["os"] = buildOS
	stdModules["os.path"] = buildOSPath
	stdModules["posixpath"] = buildOSPath
}

// osForbidden are the os functions that change the machine or start
// processes.
var osForbidden = []string{
	"system", "popen", "remove", "unlink", "rmdir", "removedirs", "mkdir", "makedirs",
	"rename", "renames", "replace", "chdir", "chmod", "chown", "kill", "killpg", "fork",
	"forkpty", "execv", "execve", "execl", "execlp", "execvp", "execvpe", "spawnl", "spawnv",
	"spawnve", "putenv", "unsetenv", "symlink", "link", "truncate", "utime", "setuid",
	"setgid", "nice", "abort", "_exit", "startfile", "pipe", "open", "write", "mkfifo",
}

// buildOS is a read-only os: an environment snapshot from Options.Env,
// listing and path queries inside Options.Dir, and sandbox violations for
// everything that writes or starts processes.
func buildOS(c *hostContext, name string) (*py.Module, error) {
	environ := py.StringDict{}
	for k, v := range c.s.opts.Env {
		environ[k] = py.String(v)
	}
	path, ok := c.mods["os.path"]
	if !ok {
		var err error
		if path, err = buildOSPath(c, "os.path"); err != nil {
			return nil, err
		}
	}
	return c.goModule(name, py.StringDict{
		"environ": environ,
		"path":    path,
		"sep":     py.String("/"),
		"altsep":  py.None,
		"extsep":  py.String("."),
		"pathsep": py.String(":"),
		"linesep": py.String("\n"),
		"curdir":  py.String("."),
		"pardir":  py.String(".."),
		"devnull": py.String("/dev/null"),
		"name":    py.String("posix"),
	}, merge(map[string]fn{
		"getenv": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var key py.Object
			var def py.Object = py.None
			if err := py.UnpackTuple(args, kw, "getenv", 1, 2, &key, &def); err != nil {
				return nil, err
			}
			k, ok := key.(py.String)
			if !ok {
				return nil, py.ExceptionNewf(py.TypeError, "str expected, not %s", typeName(key))
			}
			if v, ok := environ[string(k)]; ok {
				return v, nil
			}
			return def, nil
		},
		"getcwd": func(py.Tuple, py.StringDict) (py.Object, error) { return py.String(c.cwd()), nil },
		"getpid": func(py.Tuple, py.StringDict) (py.Object, error) { return py.Int(1), nil },
		"cpu_count": func(py.Tuple, py.StringDict) (py.Object, error) {
			return py.Int(1), nil
		},
		"listdir": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var p py.Object = py.String(".")
			if err := py.UnpackTuple(args, kw, "listdir", 0, 1, &p); err != nil {
				return nil, err
			}
			s, ok := p.(py.String)
			if !ok {
				return nil, py.ExceptionNewf(py.TypeError, "listdir: path should be string")
			}
			real, err := c.readablePath(string(s))
			if err != nil {
				return nil, err
			}
			ents, rerr := os.ReadDir(real)
			if rerr != nil {
				return nil, py.ExceptionNewf(py.FileNotFoundError, "[Errno 2] No such file or directory: '%s'", string(s))
			}
			names := make([]string, len(ents))
			for i, e := range ents {
				names[i] = e.Name()
			}
			sort.Strings(names)
			return py.NewListFromStrings(names), nil
		},
	}, c.forbiddenFuncs("os", osForbidden...)))
}

// cwd is what os.getcwd() reports: the definition folder.
func (c *hostContext) cwd() string {
	if c.s.opts.Dir == "" {
		return "/"
	}
	abs, err := filepath.Abs(c.s.opts.Dir)
	if err != nil {
		return c.s.opts.Dir
	}
	return abs
}

// pathArgs reads string arguments of an os.path function.
func pathArgs(args py.Tuple, fnName string, min, max int) ([]string, error) {
	if len(args) < min || (max >= 0 && len(args) > max) {
		return nil, py.ExceptionNewf(py.TypeError, "%s() takes %d argument(s) (%d given)", fnName, min, len(args))
	}
	out := make([]string, len(args))
	for i, a := range args {
		s, ok := a.(py.String)
		if !ok {
			return nil, py.ExceptionNewf(py.TypeError, "%s: expected str, not %s", fnName, typeName(a))
		}
		out[i] = string(s)
	}
	return out, nil
}

// buildOSPath is posixpath over strings; queries about files only see
// inside Options.Dir (anything else does not exist).
func buildOSPath(c *hostContext, name string) (*py.Module, error) {
	str1 := func(fnName string, f func(string) py.Object) fn {
		return func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			a, err := pathArgs(args, fnName, 1, 1)
			if err != nil {
				return nil, err
			}
			return f(a[0]), nil
		}
	}
	abs := func(p string) string {
		if !filepath.IsAbs(p) {
			p = filepath.Join(c.cwd(), p)
		}
		return filepath.Clean(p)
	}
	stat := func(p string) (os.FileInfo, bool) {
		real, err := c.quietReadablePath(p)
		if err != nil {
			return nil, false
		}
		fi, err := os.Stat(real)
		return fi, err == nil
	}
	home := "/root"
	if h, ok := c.s.opts.Env["HOME"]; ok {
		home = h
	}
	m, err := c.goModule(name, py.StringDict{"sep": py.String("/")}, map[string]fn{
		"join": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			a, err := pathArgs(args, "join", 1, -1)
			if err != nil {
				return nil, err
			}
			out := a[0]
			for _, p := range a[1:] {
				switch {
				case strings.HasPrefix(p, "/"):
					out = p
				case out == "" || strings.HasSuffix(out, "/"):
					out += p
				default:
					out += "/" + p
				}
			}
			return py.String(out), nil
		},
		"dirname": str1("dirname", func(p string) py.Object {
			i := strings.LastIndexByte(p, '/') + 1
			head := p[:i]
			if head != "" && strings.Trim(head, "/") != "" {
				head = strings.TrimRight(head, "/")
			}
			return py.String(head)
		}),
		"basename": str1("basename", func(p string) py.Object {
			return py.String(p[strings.LastIndexByte(p, '/')+1:])
		}),
		"split": str1("split", func(p string) py.Object {
			i := strings.LastIndexByte(p, '/') + 1
			head, tail := p[:i], p[i:]
			if head != "" && strings.Trim(head, "/") != "" {
				head = strings.TrimRight(head, "/")
			}
			return py.Tuple{py.String(head), py.String(tail)}
		}),
		"splitext": str1("splitext", func(p string) py.Object {
			base := p[strings.LastIndexByte(p, '/')+1:]
			i := strings.LastIndexByte(base, '.')
			if i <= 0 || strings.Trim(base[:i], ".") == "" {
				return py.Tuple{py.String(p), py.String("")}
			}
			cut := len(p) - len(base) + i
			return py.Tuple{py.String(p[:cut]), py.String(p[cut:])}
		}),
		"abspath":  str1("abspath", func(p string) py.Object { return py.String(abs(p)) }),
		"realpath": str1("realpath", func(p string) py.Object { return py.String(abs(p)) }),
		"normpath": str1("normpath", func(p string) py.Object {
			if p == "" {
				return py.String(".")
			}
			out := filepath.Clean(p)
			if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
				out = "/" + out
			}
			return py.String(out)
		}),
		"isabs": str1("isabs", func(p string) py.Object { return py.NewBool(strings.HasPrefix(p, "/")) }),
		"expanduser": str1("expanduser", func(p string) py.Object {
			if p == "~" || strings.HasPrefix(p, "~/") {
				return py.String(home + p[1:])
			}
			return py.String(p)
		}),
		"exists": str1("exists", func(p string) py.Object { _, ok := stat(p); return py.NewBool(ok) }),
		"isfile": str1("isfile", func(p string) py.Object {
			fi, ok := stat(p)
			return py.NewBool(ok && fi.Mode().IsRegular())
		}),
		"isdir": str1("isdir", func(p string) py.Object {
			fi, ok := stat(p)
			return py.NewBool(ok && fi.IsDir())
		}),
		"relpath": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			a, err := pathArgs(args, "relpath", 1, 2)
			if err != nil {
				return nil, err
			}
			start := c.cwd()
			if len(a) == 2 {
				start = abs(a[1])
			}
			rel, rerr := filepath.Rel(start, abs(a[0]))
			if rerr != nil {
				return nil, py.ExceptionNewf(py.ValueError, "%s", rerr.Error())
			}
			return py.String(rel), nil
		},
		"getsize": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			a, err := pathArgs(args, "getsize", 1, 1)
			if err != nil {
				return nil, err
			}
			fi, ok := stat(a[0])
			if !ok {
				return nil, py.ExceptionNewf(py.FileNotFoundError, "[Errno 2] No such file or directory: '%s'", a[0])
			}
			return py.Int(fi.Size()), nil
		},
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// quietReadablePath is readablePath without recording a violation: path
// queries outside the folder just see nothing.
func (c *hostContext) quietReadablePath(name string) (string, error) {
	saved := c.s.sandbox
	p, err := c.readablePath(name)
	c.s.sandbox = saved
	return p, err
}
