package pyhost

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"

	"github.com/go-python/gpython/py"
)

func init() {
	stdModules["hashlib"] = buildHashlib
	stdModules["base64"] = buildBase64
	stdModules["uuid"] = buildUUID
	stdModules["importlib"] = buildImportlib
}

// bytesArg reads a bytes (or str, as UTF-8) argument.
func bytesArg(args py.Tuple, i int, fnName string) ([]byte, error) {
	if len(args) <= i {
		return nil, nil
	}
	switch v := args[i].(type) {
	case py.Bytes:
		return []byte(v), nil
	case py.String:
		return []byte(v), nil
	}
	return nil, py.ExceptionNewf(py.TypeError, "%s() argument must be bytes, not %s", fnName, typeName(args[i]))
}

// hashObj is a hashlib hash object.
type hashObj struct {
	name string
	h    hash.Hash
}

var hashType = py.NewType("_hashlib.HASH", "a hash object")

// Type implements py.Object.
func (h *hashObj) Type() *py.Type { return hashType }

// M__getattribute__ serves update, digest, hexdigest and name.
func (h *hashObj) M__getattribute__(name string) (py.Object, error) {
	switch name {
	case "name":
		return py.String(h.name), nil
	case "digest_size":
		return py.Int(h.h.Size()), nil
	case "update":
		return newMethod(name, func(args py.Tuple, _ py.StringDict) (py.Object, error) {
			b, err := bytesArg(args, 0, "update")
			if err != nil {
				return nil, err
			}
			h.h.Write(b)
			return py.None, nil
		}), nil
	case "digest":
		return newMethod(name, func(py.Tuple, py.StringDict) (py.Object, error) { return py.Bytes(h.h.Sum(nil)), nil }), nil
	case "hexdigest":
		return newMethod(name, func(py.Tuple, py.StringDict) (py.Object, error) {
			return py.String(hex.EncodeToString(h.h.Sum(nil))), nil
		}), nil
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'_hashlib.HASH' object has no attribute '%s'", name)
}

func buildHashlib(c *hostContext, name string) (*py.Module, error) {
	algos := map[string]func() hash.Hash{"md5": md5.New, "sha1": sha1.New, "sha256": sha256.New, "sha224": sha256.New224, "sha512": sha512.New, "sha384": sha512.New384}
	mk := func(algo string) fn {
		return func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			h := &hashObj{name: algo, h: algos[algo]()}
			b, err := bytesArg(args, 0, algo)
			if err != nil {
				return nil, err
			}
			h.h.Write(b)
			return h, nil
		}
	}
	funcs := map[string]fn{}
	for algo := range algos {
		funcs[algo] = mk(algo)
	}
	funcs["new"] = func(args py.Tuple, kw py.StringDict) (py.Object, error) {
		algo, err := strArg(args, 0, "new")
		if err != nil {
			return nil, err
		}
		if _, ok := algos[algo]; !ok {
			return nil, py.ExceptionNewf(py.ValueError, "unsupported hash type %s", algo)
		}
		return mk(algo)(args[1:], kw)
	}
	return c.goModule(name, nil, funcs)
}

func buildBase64(c *hostContext, name string) (*py.Module, error) {
	enc := func(e *base64.Encoding) fn {
		return func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			b, err := bytesArg(args, 0, "b64encode")
			if err != nil {
				return nil, err
			}
			// The encoding is a third longer than its input.
			if err := py.CheckSize(e.EncodedLen(len(b))); err != nil {
				return nil, err
			}
			return py.Bytes(e.EncodeToString(b)), nil
		}
	}
	dec := func(e *base64.Encoding) fn {
		return func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			b, err := bytesArg(args, 0, "b64decode")
			if err != nil {
				return nil, err
			}
			out, derr := e.DecodeString(string(b))
			if derr != nil {
				return nil, py.ExceptionNewf(py.ValueError, "binascii.Error: %s", derr.Error())
			}
			return py.Bytes(out), nil
		}
	}
	return c.goModule(name, nil, map[string]fn{
		"b64encode":          enc(base64.StdEncoding),
		"b64decode":          dec(base64.StdEncoding),
		"standard_b64encode": enc(base64.StdEncoding),
		"standard_b64decode": dec(base64.StdEncoding),
		"urlsafe_b64encode":  enc(base64.URLEncoding),
		"urlsafe_b64decode":  dec(base64.URLEncoding),
	})
}

// buildUUID makes uuid4() (and uuid1()) from the session's seeded random
// source, so loads stay reproducible; the values are strings with the
// usual layout wrapped in a small object.
func buildUUID(c *hostContext, name string) (*py.Module, error) {
	rnd, err := c.importChain("random", nil)
	if err != nil {
		return nil, err
	}
	randbits := func() ([]byte, error) {
		f, err := py.GetAttrString(rnd, "randint")
		if err != nil {
			return nil, err
		}
		out := make([]byte, 16)
		for i := range out {
			v, err := py.Call(f, py.Tuple{py.Int(0), py.Int(255)}, nil)
			if err != nil {
				return nil, err
			}
			out[i] = byte(v.(py.Int))
		}
		out[6] = out[6]&0x0f | 0x40
		out[8] = out[8]&0x3f | 0x80
		return out, nil
	}
	mk := func(py.Tuple, py.StringDict) (py.Object, error) {
		b, err := randbits()
		if err != nil {
			return nil, err
		}
		return &uuidObj{b: b}, nil
	}
	return c.goModule(name, nil, map[string]fn{"uuid4": mk, "uuid1": mk})
}

// uuidObj is a UUID value.
type uuidObj struct{ b []byte }

var uuidType = py.NewType("uuid.UUID", "a UUID")

// Type implements py.Object.
func (u *uuidObj) Type() *py.Type { return uuidType }

func (u *uuidObj) String() string {
	b := u.b
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// M__str__ is the canonical form.
func (u *uuidObj) M__str__() (py.Object, error) { return py.String(u.String()), nil }

// M__repr__ is UUID('...').
func (u *uuidObj) M__repr__() (py.Object, error) { return py.String("UUID('" + u.String() + "')"), nil }

// M__getattribute__ serves hex.
func (u *uuidObj) M__getattribute__(name string) (py.Object, error) {
	if name == "hex" {
		return py.String(hex.EncodeToString(u.b)), nil
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'UUID' object has no attribute '%s'", name)
}

// buildImportlib offers import_module through the session's import hook.
func buildImportlib(c *hostContext, name string) (*py.Module, error) {
	return c.goModule(name, nil, map[string]fn{
		"import_module": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			mod, err := strArg(args, 0, "import_module")
			if err != nil {
				return nil, err
			}
			level := 0
			for level < len(mod) && mod[level] == '.' {
				level++
			}
			var globals py.StringDict
			if level > 0 {
				pkg, err := strArg(args, 1, "import_module")
				if err != nil {
					return nil, py.ExceptionNewf(py.TypeError, "the 'package' argument is required to perform a relative import for '%s'", mod)
				}
				globals = py.StringDict{"__package__": py.String(pkg)}
			}
			if _, err := c.importName(mod[level:], globals, nil, level); err != nil {
				return nil, err
			}
			abs := mod
			if level > 0 {
				base, _ := resolvePackage(globals, level)
				abs = base
				if mod[level:] != "" {
					abs += "." + mod[level:]
				}
			}
			return c.mods[abs], nil
		},
	})
}
