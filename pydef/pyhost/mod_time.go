package pyhost

import (
	"strings"
	"time"

	"github.com/go-python/gpython/py"

	// gpython's math module is pure computation and is served as is.
	_ "github.com/go-python/gpython/stdlib/math"
)

func init() {
	stdModules["time"] = buildTime
	stdModules["math"] = func(c *hostContext, name string) (*py.Module, error) {
		impl := py.GetModuleImpl("math")
		m, err := c.store.NewModule(c, impl)
		if err != nil {
			return nil, err
		}
		c.register(name, m)
		return m, nil
	}
}

// buildTime is time with a clock but without waiting: sleep returns at
// once, because a definition must load quickly.
func buildTime(c *hostContext, name string) (*py.Module, error) {
	now := func() time.Time { return time.Now() }
	tmArg := func(args py.Tuple, i int, utc bool) (time.Time, error) {
		if len(args) <= i || args[i] == py.None {
			t := now()
			if utc {
				t = t.UTC()
			}
			return t, nil
		}
		switch x := args[i].(type) {
		case py.Int, py.Float:
			f, err := py.FloatAsFloat64(x)
			if err != nil {
				return time.Time{}, err
			}
			t := time.Unix(0, int64(f*1e9))
			if utc {
				t = t.UTC()
			}
			return t, nil
		case py.Tuple:
			return tupleTime(x)
		}
		return time.Time{}, py.ExceptionNewf(py.TypeError, "expected a number or a time tuple, not %s", typeName(args[i]))
	}
	return c.goModule(name, py.StringDict{"timezone": py.Int(0), "altzone": py.Int(0)}, map[string]fn{
		"time": func(py.Tuple, py.StringDict) (py.Object, error) {
			return py.Float(float64(now().UnixNano()) / 1e9), nil
		},
		"time_ns": func(py.Tuple, py.StringDict) (py.Object, error) { return py.Int(now().UnixNano()), nil },
		"monotonic": func(py.Tuple, py.StringDict) (py.Object, error) {
			return py.Float(float64(time.Since(processStart)) / 1e9), nil
		},
		"perf_counter": func(py.Tuple, py.StringDict) (py.Object, error) {
			return py.Float(float64(time.Since(processStart)) / 1e9), nil
		},
		"sleep": func(args py.Tuple, kw py.StringDict) (py.Object, error) { return py.None, nil },
		"localtime": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			t, err := tmArg(args, 0, false)
			return timeTuple(t), err
		},
		"gmtime": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			t, err := tmArg(args, 0, true)
			return timeTuple(t), err
		},
		"mktime": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			t, err := tmArg(args, 0, false)
			return py.Float(float64(t.Unix())), err
		},
		"strftime": func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			f, err := strArg(args, 0, "strftime")
			if err != nil {
				return nil, err
			}
			t, err := tmArg(args, 1, false)
			if err != nil {
				return nil, err
			}
			return py.String(strftime(t, f)), nil
		},
	})
}

var processStart = time.Now()

// timeTuple is a struct_time as a plain 9-tuple.
func timeTuple(t time.Time) py.Tuple {
	return py.Tuple{py.Int(t.Year()), py.Int(t.Month()), py.Int(t.Day()), py.Int(t.Hour()), py.Int(t.Minute()),
		py.Int(t.Second()), py.Int((int(t.Weekday()) + 6) % 7), py.Int(t.YearDay()), py.Int(0)}
}

// tupleTime reads a struct_time tuple in local time.
func tupleTime(tt py.Tuple) (time.Time, error) {
	if len(tt) < 6 {
		return time.Time{}, py.ExceptionNewf(py.TypeError, "time tuple needs at least 6 items")
	}
	var v [6]int
	for i := range v {
		n, err := py.MakeGoInt(tt[i])
		if err != nil {
			return time.Time{}, err
		}
		v[i] = n
	}
	return time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], 0, time.Local), nil
}

// strftime implements the C directives CPython passes through.
func strftime(t time.Time, f string) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'Y':
			b.WriteString(t.Format("2006"))
		case 'y':
			b.WriteString(t.Format("06"))
		case 'm':
			b.WriteString(t.Format("01"))
		case 'd':
			b.WriteString(t.Format("02"))
		case 'H':
			b.WriteString(t.Format("15"))
		case 'I':
			b.WriteString(t.Format("03"))
		case 'M':
			b.WriteString(t.Format("04"))
		case 'S':
			b.WriteString(t.Format("05"))
		case 'f':
			b.WriteString(t.Format(".000000")[1:])
		case 'p':
			b.WriteString(t.Format("PM"))
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'A':
			b.WriteString(t.Format("Monday"))
		case 'b', 'h':
			b.WriteString(t.Format("Jan"))
		case 'B':
			b.WriteString(t.Format("January"))
		case 'j':
			b.WriteString(t.Format("002"))
		case 'Z':
			b.WriteString(t.Format("MST"))
		case 'z':
			b.WriteString(t.Format("-0700"))
		case 'w':
			b.WriteByte(byte('0' + t.Weekday()))
		case 'e':
			b.WriteString(t.Format("_2"))
		case 'F':
			b.WriteString(t.Format("2006-01-02"))
		case 'T':
			b.WriteString(t.Format("15:04:05"))
		case 'c':
			b.WriteString(t.Format("Mon Jan _2 15:04:05 2006"))
		case 'x':
			b.WriteString(t.Format("01/02/06"))
		case 'X':
			b.WriteString(t.Format("15:04:05"))
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return b.String()
}
