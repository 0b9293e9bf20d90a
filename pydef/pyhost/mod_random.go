package pyhost

import (
	"hash/fnv"
	"math/rand/v2"

	"github.com/go-python/gpython/py"
)

func init() { stdModules["random"] = buildRandom }

// buildRandom is random seeded from Options.Seed, so a file loads the
// same way every time. The numbers differ from CPython's Mersenne
// Twister for the same seed.
func buildRandom(c *hostContext, name string) (*py.Module, error) {
	src := rand.NewPCG(uint64(c.s.opts.Seed), 0x9e3779b97f4a7c15)
	r := rand.New(src)
	intArg := func(o py.Object) (int64, error) { return py.MakeGoInt64(o) }
	randbelow := func(n int64) (int64, error) {
		if n <= 0 {
			return 0, py.ExceptionNewf(py.ValueError, "empty range for randrange()")
		}
		return r.Int64N(n), nil
	}
	seq := func(o py.Object) ([]py.Object, error) {
		l, err := py.SequenceList(o)
		if err != nil {
			return nil, err
		}
		return l.Items, nil
	}
	return c.goModule(name, nil, map[string]fn{
		"seed": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var s uint64
			if len(args) > 0 && args[0] != py.None {
				switch x := args[0].(type) {
				case py.Int:
					s = uint64(x)
				default:
					h := fnv.New64a()
					str, err := py.ReprAsString(x)
					if err != nil {
						return nil, err
					}
					h.Write([]byte(str))
					s = h.Sum64()
				}
			}
			src.Seed(s, 0x9e3779b97f4a7c15)
			return py.None, nil
		},
		"random": func(py.Tuple, py.StringDict) (py.Object, error) { return py.Float(r.Float64()), nil },
		"uniform": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var a, b py.Object
			if err := py.UnpackTuple(args, kw, "uniform", 2, 2, &a, &b); err != nil {
				return nil, err
			}
			fa, err := py.FloatAsFloat64(a)
			if err != nil {
				return nil, err
			}
			fb, err := py.FloatAsFloat64(b)
			if err != nil {
				return nil, err
			}
			return py.Float(fa + (fb-fa)*r.Float64()), nil
		},
		"gauss": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var mu, sigma py.Object = py.Float(0), py.Float(1)
			if err := py.UnpackTuple(args, kw, "gauss", 0, 2, &mu, &sigma); err != nil {
				return nil, err
			}
			m, err := py.FloatAsFloat64(mu)
			if err != nil {
				return nil, err
			}
			s, err := py.FloatAsFloat64(sigma)
			if err != nil {
				return nil, err
			}
			return py.Float(m + s*r.NormFloat64()), nil
		},
		"randint": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var a, b py.Object
			if err := py.UnpackTuple(args, kw, "randint", 2, 2, &a, &b); err != nil {
				return nil, err
			}
			lo, err := intArg(a)
			if err != nil {
				return nil, err
			}
			hi, err := intArg(b)
			if err != nil {
				return nil, err
			}
			n, err := randbelow(hi - lo + 1)
			return py.Int(lo + n), err
		},
		"randrange": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var a, b, st py.Object = nil, py.None, py.Int(1)
			if err := py.UnpackTuple(args, kw, "randrange", 1, 3, &a, &b, &st); err != nil {
				return nil, err
			}
			start, err := intArg(a)
			if err != nil {
				return nil, err
			}
			stop := start
			if b == py.None {
				start = 0
			} else if stop, err = intArg(b); err != nil {
				return nil, err
			}
			step, err := intArg(st)
			if err != nil || step == 0 {
				return nil, py.ExceptionNewf(py.ValueError, "zero step for randrange()")
			}
			count := (stop - start + step - sign(step)) / step
			n, err := randbelow(count)
			return py.Int(start + n*step), err
		},
		"choice": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			if len(args) != 1 {
				return nil, py.ExceptionNewf(py.TypeError, "choice() takes exactly one argument")
			}
			items, err := seq(args[0])
			if err != nil {
				return nil, err
			}
			if len(items) == 0 {
				return nil, py.ExceptionNewf(py.IndexError, "Cannot choose from an empty sequence")
			}
			return items[r.IntN(len(items))], nil
		},
		"choices": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var pop, weights, cum, k py.Object = nil, py.None, py.None, py.Int(1)
			if err := py.ParseTupleAndKeywords(args, kw, "O|OOO:choices", []string{"population", "weights", "cum_weights", "k"}, &pop, &weights, &cum, &k); err != nil {
				return nil, err
			}
			items, err := seq(pop)
			if err != nil {
				return nil, err
			}
			n, err := intArg(k)
			if err != nil {
				return nil, err
			}
			if n > 0 {
				if err := py.CheckItems(int(n)); err != nil {
					return nil, err
				}
			}
			var ws []float64
			if weights != py.None {
				wl, err := seq(weights)
				if err != nil {
					return nil, err
				}
				total := 0.0
				for _, w := range wl {
					f, err := py.FloatAsFloat64(w)
					if err != nil {
						return nil, err
					}
					total += f
					ws = append(ws, total)
				}
			}
			out := py.NewList()
			for i := int64(0); i < n; i++ {
				if len(items) == 0 {
					return nil, py.ExceptionNewf(py.IndexError, "Cannot choose from an empty sequence")
				}
				idx := r.IntN(len(items))
				if ws != nil && len(ws) == len(items) {
					x := r.Float64() * ws[len(ws)-1]
					idx = 0
					for idx < len(ws)-1 && ws[idx] <= x {
						idx++
					}
				}
				out.Append(items[idx])
			}
			return out, nil
		},
		"shuffle": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			if len(args) != 1 {
				return nil, py.ExceptionNewf(py.TypeError, "shuffle() takes exactly one argument")
			}
			l, ok := args[0].(*py.List)
			if !ok {
				return nil, py.ExceptionNewf(py.TypeError, "shuffle() argument must be a list")
			}
			r.Shuffle(len(l.Items), func(i, j int) { l.Items[i], l.Items[j] = l.Items[j], l.Items[i] })
			return py.None, nil
		},
		"sample": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			var pop, k py.Object
			if err := py.UnpackTuple(args, kw, "sample", 2, 2, &pop, &k); err != nil {
				return nil, err
			}
			items, err := seq(pop)
			if err != nil {
				return nil, err
			}
			n, err := intArg(k)
			if err != nil {
				return nil, err
			}
			if n < 0 || n > int64(len(items)) {
				return nil, py.ExceptionNewf(py.ValueError, "Sample larger than population or is negative")
			}
			perm := r.Perm(len(items))
			out := py.NewListSized(int(n))
			for i := range out.Items {
				out.Items[i] = items[perm[i]]
			}
			return out, nil
		},
	})
}

func sign(n int64) int64 {
	if n < 0 {
		return -1
	}
	return 1
}
