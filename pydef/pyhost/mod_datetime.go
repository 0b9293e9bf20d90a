package pyhost

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/go-python/gpython/py"
)

func init() { stdModules["datetime"] = buildDatetime }

// The datetime module: naive and UTC-aware datetimes, dates and
// timedeltas with arithmetic and comparisons, implemented on time.Time.
var (
	datetimeType  = py.NewTypeX("datetime.datetime", "datetime(year, month, day[, hour[, minute[, second[, microsecond[, tzinfo]]]]])", newDatetime, nil)
	dateType      = py.NewTypeX("datetime.date", "date(year, month, day)", newDate, nil)
	timedeltaType = py.NewTypeX("datetime.timedelta", "timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)", newTimedelta, nil)
	tzType        = py.NewType("datetime.timezone", "fixed offset time zone")
)

// pyDatetime is a datetime or (dateOnly) a date.
type pyDatetime struct {
	t        time.Time
	aware    bool // has tzinfo (UTC)
	dateOnly bool
}

// pyTimedelta is a duration in microseconds.
type pyTimedelta struct{ us int64 }

// pyTZ is datetime.timezone.utc, the only time zone offered.
type pyTZ struct{}

// Type implements py.Object.
func (d *pyDatetime) Type() *py.Type {
	if d.dateOnly {
		return dateType
	}
	return datetimeType
}

// Type implements py.Object.
func (d *pyTimedelta) Type() *py.Type { return timedeltaType }

// Type implements py.Object.
func (pyTZ) Type() *py.Type { return tzType }

// M__repr__ names the time zone.
func (pyTZ) M__repr__() (py.Object, error) { return py.String("datetime.timezone.utc"), nil }

func intArgs(args py.Tuple, kw py.StringDict, names []string, need int) ([]int64, error) {
	out := make([]int64, len(names))
	for i, n := range names {
		var v py.Object
		if i < len(args) {
			v = args[i]
		} else if kv, ok := kw[n]; ok {
			v = kv
		}
		if v == nil {
			if i < need {
				return nil, py.ExceptionNewf(py.TypeError, "function missing required argument '%s' (pos %d)", n, i+1)
			}
			continue
		}
		x, err := py.MakeGoInt64(v)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

func newDatetime(_ *py.Type, args py.Tuple, kw py.StringDict) (py.Object, error) {
	tz := kw["tzinfo"]
	if len(args) == 8 {
		tz, args = args[7], args[:7]
	}
	v, err := intArgs(args, kw, []string{"year", "month", "day", "hour", "minute", "second", "microsecond"}, 3)
	if err != nil {
		return nil, err
	}
	if v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 59 {
		return nil, py.ExceptionNewf(py.ValueError, "date or time value out of range")
	}
	t := time.Date(int(v[0]), time.Month(v[1]), int(v[2]), int(v[3]), int(v[4]), int(v[5]), int(v[6])*1000, time.UTC)
	if t.Day() != int(v[2]) {
		return nil, py.ExceptionNewf(py.ValueError, "day is out of range for month")
	}
	_, aware := tz.(pyTZ)
	return &pyDatetime{t: t, aware: aware}, nil
}

func newDate(_ *py.Type, args py.Tuple, kw py.StringDict) (py.Object, error) {
	v, err := intArgs(args, kw, []string{"year", "month", "day"}, 3)
	if err != nil {
		return nil, err
	}
	t := time.Date(int(v[0]), time.Month(v[1]), int(v[2]), 0, 0, 0, 0, time.UTC)
	if v[1] < 1 || v[1] > 12 || t.Day() != int(v[2]) {
		return nil, py.ExceptionNewf(py.ValueError, "day is out of range for month")
	}
	return &pyDatetime{t: t, dateOnly: true}, nil
}

func newTimedelta(_ *py.Type, args py.Tuple, kw py.StringDict) (py.Object, error) {
	names := []string{"days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"}
	scale := []float64{86400e6, 1e6, 1, 1e3, 60e6, 3600e6, 7 * 86400e6}
	total := 0.0
	for i, n := range names {
		var v py.Object
		if i < len(args) {
			v = args[i]
		} else if kv, ok := kw[n]; ok {
			v = kv
		}
		if v == nil {
			continue
		}
		f, err := py.FloatAsFloat64(v)
		if err != nil {
			return nil, err
		}
		total += f * scale[i]
	}
	return &pyTimedelta{us: int64(math.RoundToEven(total))}, nil
}

// wall keeps the local wall-clock fields of t in a UTC time.Time, the
// representation of naive datetimes.
func wall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// buildDatetime serves the shared datetime types; their class methods
// are installed once by installDatetimeClassMethods.
func buildDatetime(c *hostContext, name string) (*py.Module, error) {
	return c.goModule(name, py.StringDict{
		"datetime":  datetimeType,
		"date":      dateType,
		"timedelta": timedeltaType,
		"timezone":  tzType,
		"MINYEAR":   py.Int(1),
		"MAXYEAR":   py.Int(9999),
	}, nil)
}

// installDatetimeClassMethods puts the alternative constructors
// (datetime.now(), date.today(), ...) into the type dicts; Setup calls it
// before any session exists.
func installDatetimeClassMethods() {
	cm := func(t *py.Type, name string, f fn) { t.Dict[name] = newMethod(name, f) }
	cm(datetimeType, "now", func(args py.Tuple, kw py.StringDict) (py.Object, error) {
		tz := kw["tz"]
		if len(args) > 0 {
			tz = args[0]
		}
		if _, ok := tz.(pyTZ); ok {
			return &pyDatetime{t: time.Now().UTC(), aware: true}, nil
		}
		return &pyDatetime{t: wall(time.Now())}, nil
	})
	cm(datetimeType, "utcnow", func(py.Tuple, py.StringDict) (py.Object, error) {
		return &pyDatetime{t: time.Now().UTC()}, nil
	})
	cm(datetimeType, "today", func(py.Tuple, py.StringDict) (py.Object, error) {
		return &pyDatetime{t: wall(time.Now())}, nil
	})
	cm(dateType, "today", func(py.Tuple, py.StringDict) (py.Object, error) {
		t := wall(time.Now())
		return &pyDatetime{t: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), dateOnly: true}, nil
	})
	fromTS := func(utc bool) fn {
		return func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			if len(args) < 1 {
				return nil, py.ExceptionNewf(py.TypeError, "fromtimestamp() missing timestamp")
			}
			f, err := py.FloatAsFloat64(args[0])
			if err != nil {
				return nil, err
			}
			t := time.Unix(0, int64(f*1e9))
			tz := kw["tz"]
			if len(args) > 1 {
				tz = args[1]
			}
			if _, ok := tz.(pyTZ); ok {
				return &pyDatetime{t: t.UTC(), aware: true}, nil
			}
			if utc {
				return &pyDatetime{t: t.UTC()}, nil
			}
			return &pyDatetime{t: wall(t.Local())}, nil
		}
	}
	cm(datetimeType, "fromtimestamp", fromTS(false))
	cm(datetimeType, "utcfromtimestamp", fromTS(true))
	cm(datetimeType, "fromisoformat", func(args py.Tuple, kw py.StringDict) (py.Object, error) {
		s, err := strArg(args, 0, "fromisoformat")
		if err != nil {
			return nil, err
		}
		for _, layout := range []string{"2006-01-02T15:04:05.999999Z07:00", "2006-01-02T15:04:05.999999", "2006-01-02 15:04:05.999999Z07:00", "2006-01-02 15:04:05.999999", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
			if t, err := time.Parse(layout, s); err == nil {
				aware := strings.Contains(layout, "Z07")
				if aware {
					t = t.UTC()
				}
				return &pyDatetime{t: t, aware: aware}, nil
			}
		}
		return nil, py.ExceptionNewf(py.ValueError, "Invalid isoformat string: '%s'", s)
	})
	tzType.Dict["utc"] = pyTZ{}
	datetimeType.Dict["min"] = &pyDatetime{t: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)}
	datetimeType.Dict["max"] = &pyDatetime{t: time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)}
}

// M__getattribute__ serves the fields and methods.
func (d *pyDatetime) M__getattribute__(name string) (py.Object, error) {
	t := d.t
	switch name {
	case "year":
		return py.Int(t.Year()), nil
	case "month":
		return py.Int(t.Month()), nil
	case "day":
		return py.Int(t.Day()), nil
	}
	if !d.dateOnly {
		switch name {
		case "hour":
			return py.Int(t.Hour()), nil
		case "minute":
			return py.Int(t.Minute()), nil
		case "second":
			return py.Int(t.Second()), nil
		case "microsecond":
			return py.Int(t.Nanosecond() / 1000), nil
		case "tzinfo":
			if d.aware {
				return pyTZ{}, nil
			}
			return py.None, nil
		case "timestamp":
			return newMethod(name, func(py.Tuple, py.StringDict) (py.Object, error) {
				u := t
				if !d.aware {
					u = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.Local)
				}
				return py.Float(float64(u.UnixNano()) / 1e9), nil
			}), nil
		case "date":
			return newMethod(name, func(py.Tuple, py.StringDict) (py.Object, error) {
				return &pyDatetime{t: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), dateOnly: true}, nil
			}), nil
		}
	}
	switch name {
	case "weekday":
		return newMethod(name, func(py.Tuple, py.StringDict) (py.Object, error) { return py.Int((int(t.Weekday()) + 6) % 7), nil }), nil
	case "isoweekday":
		return newMethod(name, func(py.Tuple, py.StringDict) (py.Object, error) { return py.Int((int(t.Weekday())+6)%7 + 1), nil }), nil
	case "isoformat":
		return newMethod(name, func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			sep := "T"
			if len(args) > 0 {
				s, err := strArg(args, 0, "isoformat")
				if err != nil {
					return nil, err
				}
				sep = s
			}
			return py.String(d.iso(sep)), nil
		}), nil
	case "strftime":
		return newMethod(name, func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			f, err := strArg(args, 0, "strftime")
			if err != nil {
				return nil, err
			}
			return py.String(strftime(t, f)), nil
		}), nil
	case "replace":
		return newMethod(name, func(args py.Tuple, kw py.StringDict) (py.Object, error) {
			f := map[string]int{"year": t.Year(), "month": int(t.Month()), "day": t.Day(), "hour": t.Hour(), "minute": t.Minute(), "second": t.Second(), "microsecond": t.Nanosecond() / 1000}
			for k, v := range kw {
				if k == "tzinfo" {
					continue
				}
				if _, ok := f[k]; !ok {
					return nil, py.ExceptionNewf(py.TypeError, "'%s' is an invalid keyword argument for replace()", k)
				}
				n, err := py.MakeGoInt(v)
				if err != nil {
					return nil, err
				}
				f[k] = n
			}
			aware := d.aware
			if tz, ok := kw["tzinfo"]; ok {
				_, aware = tz.(pyTZ)
			}
			return &pyDatetime{t: time.Date(f["year"], time.Month(f["month"]), f["day"], f["hour"], f["minute"], f["second"], f["microsecond"]*1000, time.UTC), aware: aware, dateOnly: d.dateOnly}, nil
		}), nil
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'%s' object has no attribute '%s'", d.Type().Name, name)
}

func (d *pyDatetime) iso(sep string) string {
	if d.dateOnly {
		return d.t.Format("2006-01-02")
	}
	s := d.t.Format("2006-01-02") + sep + d.t.Format("15:04:05")
	if us := d.t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	if d.aware {
		s += "+00:00"
	}
	return s
}

// M__str__ is isoformat(' ').
func (d *pyDatetime) M__str__() (py.Object, error) { return py.String(d.iso(" ")), nil }

// M__repr__ prints the constructor call.
func (d *pyDatetime) M__repr__() (py.Object, error) {
	t := d.t
	if d.dateOnly {
		return py.String(fmt.Sprintf("datetime.date(%d, %d, %d)", t.Year(), t.Month(), t.Day())), nil
	}
	parts := []int{t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond() / 1000}
	n := len(parts)
	for n > 5 && parts[n-1] == 0 {
		n--
	}
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprint(parts[i])
	}
	tz := ""
	if d.aware {
		tz = ", tzinfo=datetime.timezone.utc"
	}
	return py.String("datetime.datetime(" + strings.Join(s, ", ") + tz + ")"), nil
}

// M__add__ is datetime + timedelta.
func (d *pyDatetime) M__add__(other py.Object) (py.Object, error) {
	td, ok := other.(*pyTimedelta)
	if !ok {
		return py.NotImplemented, nil
	}
	u := d.t.Add(time.Duration(td.us) * time.Microsecond)
	if d.dateOnly {
		u = time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
	}
	return &pyDatetime{t: u, aware: d.aware, dateOnly: d.dateOnly}, nil
}

// M__radd__ is timedelta + datetime.
func (d *pyDatetime) M__radd__(other py.Object) (py.Object, error) { return d.M__add__(other) }

// M__sub__ is datetime - timedelta or datetime - datetime.
func (d *pyDatetime) M__sub__(other py.Object) (py.Object, error) {
	switch o := other.(type) {
	case *pyTimedelta:
		return d.M__add__(&pyTimedelta{us: -o.us})
	case *pyDatetime:
		if o.aware != d.aware {
			return nil, py.ExceptionNewf(py.TypeError, "can't subtract offset-naive and offset-aware datetimes")
		}
		return &pyTimedelta{us: d.t.Sub(o.t).Microseconds()}, nil
	}
	return py.NotImplemented, nil
}

func (d *pyDatetime) cmp(other py.Object) (int, bool) {
	o, ok := other.(*pyDatetime)
	if !ok || o.dateOnly != d.dateOnly {
		return 0, false
	}
	return d.t.Compare(o.t), true
}

// M__eq__ compares instants.
func (d *pyDatetime) M__eq__(other py.Object) (py.Object, error) {
	c, ok := d.cmp(other)
	return py.NewBool(ok && c == 0), nil
}

// M__ne__ compares instants.
func (d *pyDatetime) M__ne__(other py.Object) (py.Object, error) {
	c, ok := d.cmp(other)
	return py.NewBool(!ok || c != 0), nil
}

func (d *pyDatetime) order(other py.Object, ok func(int) bool) (py.Object, error) {
	c, valid := d.cmp(other)
	if !valid {
		return nil, py.ExceptionNewf(py.TypeError, "can't compare %s to %s", d.Type().Name, typeName(other))
	}
	return py.NewBool(ok(c)), nil
}

// M__lt__ orders datetimes.
func (d *pyDatetime) M__lt__(o py.Object) (py.Object, error) {
	return d.order(o, func(c int) bool { return c < 0 })
}

// M__le__ orders datetimes.
func (d *pyDatetime) M__le__(o py.Object) (py.Object, error) {
	return d.order(o, func(c int) bool { return c <= 0 })
}

// M__gt__ orders datetimes.
func (d *pyDatetime) M__gt__(o py.Object) (py.Object, error) {
	return d.order(o, func(c int) bool { return c > 0 })
}

// M__ge__ orders datetimes.
func (d *pyDatetime) M__ge__(o py.Object) (py.Object, error) {
	return d.order(o, func(c int) bool { return c >= 0 })
}

// M__hash__ hashes the instant.
func (d *pyDatetime) M__hash__() (py.Object, error) { return py.Int(d.t.UnixNano()), nil }

// M__getattribute__ serves days, seconds, microseconds and total_seconds.
func (td *pyTimedelta) M__getattribute__(name string) (py.Object, error) {
	days := floorDiv(td.us, 86400e6)
	rest := td.us - days*86400e6
	switch name {
	case "days":
		return py.Int(days), nil
	case "seconds":
		return py.Int(rest / 1e6), nil
	case "microseconds":
		return py.Int(rest % 1e6), nil
	case "total_seconds":
		return newMethod(name, func(py.Tuple, py.StringDict) (py.Object, error) { return py.Float(float64(td.us) / 1e6), nil }), nil
	}
	return nil, py.ExceptionNewf(py.AttributeError, "'datetime.timedelta' object has no attribute '%s'", name)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// M__str__ prints "[D day[s], ]H:MM:SS[.ffffff]".
func (td *pyTimedelta) M__str__() (py.Object, error) {
	days := floorDiv(td.us, 86400e6)
	rest := td.us - days*86400e6
	s := fmt.Sprintf("%d:%02d:%02d", rest/3600e6, rest/60e6%60, rest/1e6%60)
	if us := rest % 1e6; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	if days != 0 {
		plural := "s"
		if days == 1 || days == -1 {
			plural = ""
		}
		s = fmt.Sprintf("%d day%s, %s", days, plural, s)
	}
	return py.String(s), nil
}

// M__repr__ prints the normalised constructor call.
func (td *pyTimedelta) M__repr__() (py.Object, error) {
	days := floorDiv(td.us, 86400e6)
	rest := td.us - days*86400e6
	var parts []string
	if days != 0 {
		parts = append(parts, fmt.Sprintf("days=%d", days))
	}
	if s := rest / 1e6; s != 0 {
		parts = append(parts, fmt.Sprintf("seconds=%d", s))
	}
	if us := rest % 1e6; us != 0 {
		parts = append(parts, fmt.Sprintf("microseconds=%d", us))
	}
	if len(parts) == 0 {
		parts = []string{"0"}
	}
	return py.String("datetime.timedelta(" + strings.Join(parts, ", ") + ")"), nil
}

// M__add__ adds durations (datetime + timedelta is the datetime's).
func (td *pyTimedelta) M__add__(other py.Object) (py.Object, error) {
	switch o := other.(type) {
	case *pyTimedelta:
		return &pyTimedelta{us: td.us + o.us}, nil
	case *pyDatetime:
		return o.M__add__(td)
	}
	return py.NotImplemented, nil
}

// M__sub__ subtracts durations.
func (td *pyTimedelta) M__sub__(other py.Object) (py.Object, error) {
	if o, ok := other.(*pyTimedelta); ok {
		return &pyTimedelta{us: td.us - o.us}, nil
	}
	return py.NotImplemented, nil
}

// M__mul__ scales by a number.
func (td *pyTimedelta) M__mul__(other py.Object) (py.Object, error) {
	f, err := py.FloatAsFloat64(other)
	if err != nil {
		return py.NotImplemented, nil
	}
	return &pyTimedelta{us: int64(math.RoundToEven(float64(td.us) * f))}, nil
}

// M__rmul__ scales by a number.
func (td *pyTimedelta) M__rmul__(other py.Object) (py.Object, error) { return td.M__mul__(other) }

// M__neg__ negates.
func (td *pyTimedelta) M__neg__() (py.Object, error) { return &pyTimedelta{us: -td.us}, nil }

func (td *pyTimedelta) order(other py.Object, ok func(a, b int64) bool) (py.Object, error) {
	o, valid := other.(*pyTimedelta)
	if !valid {
		return nil, py.ExceptionNewf(py.TypeError, "can't compare timedelta to %s", typeName(other))
	}
	return py.NewBool(ok(td.us, o.us)), nil
}

// M__eq__ compares durations.
func (td *pyTimedelta) M__eq__(other py.Object) (py.Object, error) {
	o, ok := other.(*pyTimedelta)
	return py.NewBool(ok && o.us == td.us), nil
}

// M__lt__ orders durations.
func (td *pyTimedelta) M__lt__(o py.Object) (py.Object, error) {
	return td.order(o, func(a, b int64) bool { return a < b })
}

// M__le__ orders durations.
func (td *pyTimedelta) M__le__(o py.Object) (py.Object, error) {
	return td.order(o, func(a, b int64) bool { return a <= b })
}

// M__gt__ orders durations.
func (td *pyTimedelta) M__gt__(o py.Object) (py.Object, error) {
	return td.order(o, func(a, b int64) bool { return a > b })
}

// M__ge__ orders durations.
func (td *pyTimedelta) M__ge__(o py.Object) (py.Object, error) {
	return td.order(o, func(a, b int64) bool { return a >= b })
}

// M__bool__ is false for a zero duration.
func (td *pyTimedelta) M__bool__() (py.Object, error) { return py.NewBool(td.us != 0), nil }
