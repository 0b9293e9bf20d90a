package ir

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	// Fire times and CRON_TZ validation must not depend on whether the host
	// has a zoneinfo database; the embedded copy is used only as a fallback.
	_ "time/tzdata"

	"github.com/robfig/cron/v3"

	"github.com/aiflow-go/aiflow/internal/spell"
)

// ExpressionKind is the part of a schedule expression before the '@'.
type ExpressionKind string

// Schedule expression kinds (AIFlow §3.8).
const (
	CronExpression     ExpressionKind = "cron"
	IntervalExpression ExpressionKind = "interval"
)

// expressionForms names the accepted grammar in error messages.
const expressionForms = "cron@<minute> <hour> <day-of-month> <month> <day-of-week> or interval@<days> <hours> <minutes> <seconds>"

// Expression is a parsed schedule expression: the periodic_expression of a
// task or a workflow schedule. The zero value is not a valid expression; get
// one from ParseExpression.
//
// A cron expression without a CRON_TZ= prefix is evaluated in the location of
// the time passed to Next, so the engine decides the default zone (AIFlow used
// the server's local zone). An interval expression has no clock of its own: it
// counts from an anchor, the time the schedule was created or last fired.
type Expression struct {
	src      string
	kind     ExpressionKind
	cron     *cron.SpecSchedule
	interval time.Duration
	warning  string
}

// ExprError is a schedule expression that does not parse or can never fire.
// Code says which (bad-expression, bad-cron, impossible-cron, bad-interval);
// Msg says what is wrong in the user's terms, without repeating the
// expression.
type ExprError struct {
	Code Code
	Expr string
	Msg  string
}

// Error returns the expression and what is wrong with it.
func (e *ExprError) Error() string { return fmt.Sprintf("schedule expression %q: %s", e.Expr, e.Msg) }

// ParseExpression parses cron@<5 fields> (standard crontab: day-of-week 0 is
// Sunday, an optional CRON_TZ=Zone prefix, descriptors such as @hourly) or
// interval@<days> <hours> <minutes> <seconds> (exactly four fields separated
// by single spaces; an empty field is 0; non-negative integers or decimals; an
// all-zero interval fires every second, as in AIFlow). The error, if any, is
// an *ExprError.
func ParseExpression(s string) (Expression, error) {
	kind, body, ok := strings.Cut(s, "@")
	fail := func(code Code, format string, args ...any) (Expression, error) {
		return Expression{}, &ExprError{Code: code, Expr: s, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case s == "":
		return fail(CodeBadExpression, "empty expression; expected %s", expressionForms)
	case !ok:
		return fail(CodeBadExpression, "no kind before '@'; expected %s", expressionForms)
	}
	switch ExpressionKind(kind) {
	case CronExpression:
		sched, warning, msg, code := parseCron(body)
		if msg != "" {
			return fail(code, "%s", msg)
		}
		return Expression{src: s, kind: CronExpression, cron: sched, warning: warning}, nil
	case IntervalExpression:
		d, msg := parseInterval(body)
		if msg != "" {
			return fail(CodeBadInterval, "%s", msg)
		}
		return Expression{src: s, kind: IntervalExpression, interval: d}, nil
	}
	msg := fmt.Sprintf("unknown kind %q", kind)
	if near := spell.Nearest(kind, []string{string(CronExpression), string(IntervalExpression)}); near != "" {
		msg += fmt.Sprintf("; did you mean %q?", near)
	} else {
		msg += "; expected " + expressionForms
	}
	return fail(CodeBadExpression, "%s", msg)
}

// Kind returns cron or interval.
func (e Expression) Kind() ExpressionKind { return e.kind }

// String returns the expression as written.
func (e Expression) String() string { return e.src }

// Interval returns the period of an interval expression, 0 for cron.
func (e Expression) Interval() time.Duration { return e.interval }

// Warning returns a note about an expression that is valid but probably not
// what an AIFlow user meant (a numeric day-of-week), or "".
func (e Expression) Warning() string { return e.warning }

// Next returns the first fire time strictly after after. A cron expression
// fires on the clock; an interval expression fires one interval after after,
// which is how AIFlow computes the first fire (one interval after the
// schedule is created or resumed). The zero time means never: a cron
// expression with no fire time within five years.
func (e Expression) Next(after time.Time) time.Time {
	if e.kind == IntervalExpression {
		return after.Add(e.interval)
	}
	return e.NextAfter(after, after)
}

// NextAfter returns the first fire time strictly after after for a schedule
// anchored at anchor (created, resumed or last fired then). Interval
// expressions fire at anchor + k·interval, k ≥ 1, so computing from a stored
// anchor keeps the grid without drift however late the engine wakes up. Cron
// expressions ignore the anchor.
func (e Expression) NextAfter(anchor, after time.Time) time.Time {
	switch e.kind {
	case IntervalExpression:
		first := anchor.Add(e.interval)
		if after.Before(first) {
			return first
		}
		// Time.Sub saturates after 292 years; move a far anchor closer first,
		// by whole intervals so the grid stays the same.
		jump := math.MaxInt64 / 2 / e.interval * e.interval
		for after.Sub(anchor) > jump {
			anchor = anchor.Add(jump)
		}
		k := after.Sub(anchor)/e.interval + 1
		return anchor.Add(k * e.interval)
	case CronExpression:
		return e.cron.Next(after)
	}
	return time.Time{}
}

// parseInterval parses the four fields of interval@ into a duration, or
// explains what is wrong.
func parseInterval(body string) (time.Duration, string) {
	names := [4]string{"days", "hours", "minutes", "seconds"}
	unit := [4]float64{24 * 3600, 3600, 60, 1}
	fields := strings.Split(body, " ")
	if len(fields) != 4 {
		return 0, fmt.Sprintf("expected 4 fields separated by single spaces (days hours minutes seconds), found %d", len(fields))
	}
	total := 0.0
	for i, f := range fields {
		if f == "" {
			continue
		}
		if strings.HasPrefix(f, "-") && isDecimal(f[1:]) {
			return 0, fmt.Sprintf("%s field: %s is negative; every field must be 0 or more", names[i], f)
		}
		if !isDecimal(f) {
			return 0, fmt.Sprintf("%s field: %q is not a number", names[i], f)
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return 0, fmt.Sprintf("%s field: %q is not a number", names[i], f)
		}
		total += v * unit[i]
	}
	if total == 0 {
		// AIFlow's IntervalTrigger turns an all-zero interval into one second.
		return time.Second, ""
	}
	if total >= float64(math.MaxInt64)/float64(time.Second) {
		return 0, "interval is too long (the maximum is about 290 years)"
	}
	d := time.Duration(math.Round(total * float64(time.Second)))
	if d <= 0 {
		return 0, "interval is shorter than a nanosecond"
	}
	return d, ""
}

// isDecimal reports whether s is digits with an optional fraction (1, 1.5,
// .5, 2.); signs, exponents, inf and nan are not numbers here.
func isDecimal(s string) bool {
	digits, dot := 0, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// cronField describes one crontab field for error messages and checks.
type cronField struct {
	name     string
	min, max int
	names    []string // lower-case names for values min.., or nil
	what     string   // "month name" or "day name"
}

var cronFields = [5]cronField{
	{name: "minute", min: 0, max: 59},
	{name: "hour", min: 0, max: 23},
	{name: "day-of-month", min: 1, max: 31},
	{name: "month", min: 1, max: 12, what: "month name",
		names: []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
	{name: "day-of-week", min: 0, max: 6, what: "day name",
		names: []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
}

var cronDescriptors = []string{"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}

// parseCron parses the body of cron@. On failure msg explains the problem and
// code is bad-cron or impossible-cron.
func parseCron(body string) (sched *cron.SpecSchedule, warning, msg string, code Code) {
	code = CodeBadCron
	spec := strings.TrimSpace(body)
	var loc *time.Location
	if strings.HasPrefix(spec, "TZ=") {
		return nil, "", "write the time zone as CRON_TZ=Zone, not TZ=Zone", code
	}
	if rest, ok := strings.CutPrefix(spec, "CRON_TZ="); ok {
		zone, after, _ := strings.Cut(rest, " ")
		if zone == "" {
			return nil, "", "CRON_TZ= names no time zone", code
		}
		l, err := time.LoadLocation(zone)
		if err != nil {
			return nil, "", fmt.Sprintf("unknown time zone %q in CRON_TZ", zone), code
		}
		loc = l
		spec = strings.TrimSpace(after)
		if spec == "" {
			return nil, "", fmt.Sprintf("CRON_TZ=%s must be followed by 5 fields (minute hour day-of-month month day-of-week)", zone), code
		}
	}
	if spec == "" {
		return nil, "", "empty cron expression; expected 5 fields (minute hour day-of-month month day-of-week)", code
	}
	if strings.HasPrefix(spec, "@") {
		if strings.HasPrefix(spec, "@every") {
			return nil, "", "@every is not supported; use interval@<days> <hours> <minutes> <seconds> for a fixed period", code
		}
		if !slices.Contains(cronDescriptors, spec) {
			m := fmt.Sprintf("unknown descriptor %q", spec)
			if near := spell.Nearest(spec, cronDescriptors); near != "" {
				return nil, "", m + fmt.Sprintf("; did you mean %q?", near), code
			}
			return nil, "", m + "; expected one of " + strings.Join(cronDescriptors, ", "), code
		}
	} else {
		fields := strings.Fields(spec)
		if len(fields) != 5 {
			m := fmt.Sprintf("expected 5 fields (minute hour day-of-month month day-of-week), found %d", len(fields))
			if len(fields) > 5 {
				m += "; seconds and year fields are not supported"
			}
			return nil, "", m, code
		}
		for i, f := range fields {
			if m := cronFields[i].check(f); m != "" {
				return nil, "", m, code
			}
		}
		warning = weekdayWarning(fields[4])
	}
	s, err := cron.ParseStandard(spec)
	if err != nil {
		// check mirrors robfig's grammar; this is only reached if they differ.
		return nil, "", err.Error(), code
	}
	ss, ok := s.(*cron.SpecSchedule)
	if !ok {
		return nil, "", fmt.Sprintf("%q is not a crontab schedule", spec), code
	}
	if loc != nil {
		ss.Location = loc
	}
	// robfig searches five years ahead and returns the zero time when nothing
	// matches; only a day-of-month that a month never has can cause that. A
	// fixed reference keeps the verdict independent of today's date.
	ref := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	if ss.Next(ref).IsZero() {
		f := strings.Fields(spec)
		if len(f) == 5 {
			return nil, "", fmt.Sprintf("day-of-month %q never occurs in month %q, so it can never fire", f[2], f[3]), CodeImpossibleCron
		}
		return nil, "", "it can never fire", CodeImpossibleCron
	}
	return ss, warning, "", ""
}

// check validates one field the way robfig's parser reads it (comma-separated
// items of *, ?, N, N-M with an optional /step) and returns a message naming
// the field, or "".
func (f cronField) check(field string) string {
	if strings.Trim(field, ",") == "" {
		return fmt.Sprintf("%s field: %q has no values", f.name, field)
	}
	for _, item := range strings.Split(field, ",") {
		if item == "" {
			continue
		}
		rng, step, hasStep := strings.Cut(item, "/")
		if hasStep {
			if strings.Contains(step, "/") {
				return fmt.Sprintf("%s field: %q has more than one '/'", f.name, item)
			}
			n, ok := atoi(step)
			if !ok {
				return fmt.Sprintf("%s field: step %q in %q is not a number", f.name, step, item)
			}
			if n == 0 {
				return fmt.Sprintf("%s field: step 0 in %q must be at least 1", f.name, item)
			}
		}
		if rng == "*" || rng == "?" {
			continue
		}
		lo, hi, isRange := strings.Cut(rng, "-")
		if isRange && strings.Contains(hi, "-") {
			return fmt.Sprintf("%s field: %q is not a range (more than one '-')", f.name, item)
		}
		if isRange && lo == "" {
			if _, ok := atoi(hi); ok {
				return fmt.Sprintf("%s field: value -%s below minimum %d", f.name, hi, f.min)
			}
		}
		if isRange && (lo == "" || hi == "") {
			return fmt.Sprintf("%s field: %q is not a range", f.name, item)
		}
		a, m := f.value(lo)
		if m != "" {
			return m
		}
		b := a
		if isRange {
			if b, m = f.value(hi); m != "" {
				return m
			}
			if a > b {
				return fmt.Sprintf("%s field: range %q runs backwards", f.name, rng)
			}
		}
	}
	return ""
}

// value reads one number or name of a field and checks its bounds.
func (f cronField) value(s string) (int, string) {
	for i, n := range f.names {
		if strings.EqualFold(s, n) {
			return f.min + i, ""
		}
	}
	n, ok := atoi(s)
	if !ok {
		m := fmt.Sprintf("%s field: %q is not a number", f.name, s)
		if f.what != "" {
			m = fmt.Sprintf("%s field: %q is not a number or %s", f.name, s, f.what)
		}
		if strings.ContainsAny(s, "LW#") {
			m += " (L, W and # are not supported)"
		}
		return 0, m
	}
	switch {
	case n < f.min:
		return 0, fmt.Sprintf("%s field: value %d below minimum %d", f.name, n, f.min)
	case n > f.max && f.name == "day-of-week" && n == 7:
		return 0, fmt.Sprintf("%s field: value 7 above maximum 6 (write 0 or SUN for Sunday)", f.name)
	case n > f.max:
		return 0, fmt.Sprintf("%s field: value %d above maximum %d", f.name, n, f.max)
	}
	return n, ""
}

// atoi reads a non-negative decimal integer without sign.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// weekdayWarning explains how a day-of-week field with numbers differs from
// AIFlow, which parsed crontabs with APScheduler 3 (0 = Monday), or returns ""
// when the field has no number or means the same days either way.
func weekdayWarning(field string) string {
	if !strings.ContainsAny(field, "0123456789") {
		return ""
	}
	dow := cronFields[4]
	var ours, theirs uint8
	known := true
	for _, item := range strings.Split(field, ",") {
		if item == "" {
			continue
		}
		rng, stepText, hasStep := strings.Cut(item, "/")
		step := 1
		if hasStep {
			step, _ = atoi(stepText)
		}
		lo, hi, isRange := strings.Cut(rng, "-")
		var a, b int
		numeric := false
		// In APScheduler's numbering, names keep their day and numbers shift.
		aps := func(s string) int {
			v, _ := dow.value(s)
			if _, isNum := atoi(s); isNum {
				numeric = true
				return v
			}
			return (v + 6) % 7
		}
		switch {
		case rng == "*" || rng == "?":
			a, b = 0, 6
			numeric = hasStep
		default:
			a = aps(lo)
			b = a
			if isRange {
				b = aps(hi)
			} else if hasStep {
				b = 6
			}
		}
		ours |= daySet(rng, lo, hi, isRange, hasStep, step)
		if !numeric {
			theirs |= daySet(rng, lo, hi, isRange, hasStep, step)
			continue
		}
		if a > b {
			known = false
			continue
		}
		for x := a; x <= b; x += step {
			theirs |= 1 << ((x + 1) % 7)
		}
	}
	if known && ours == theirs {
		return ""
	}
	m := fmt.Sprintf("day-of-week %q means %s here (0 is Sunday, as in crontab)", field, dayNames(ours))
	if known {
		m += fmt.Sprintf(", but AIFlow read 0 as Monday and ran it on %s", dayNames(theirs))
	} else {
		m += ", but AIFlow read 0 as Monday"
	}
	return m + "; write day names (SUN-SAT) to make the days explicit"
}

// daySet is the set of days (bit 0 = Sunday) one day-of-week item means in
// standard crontab numbering. The item has passed cronField.check.
func daySet(rng, lo, hi string, isRange, hasStep bool, step int) uint8 {
	dow := cronFields[4]
	a, b := 0, 6
	if rng != "*" && rng != "?" {
		a, _ = dow.value(lo)
		b = a
		if isRange {
			b, _ = dow.value(hi)
		} else if hasStep {
			b = 6
		}
	}
	var set uint8
	for x := a; x <= b; x += max(step, 1) {
		set |= 1 << x
	}
	return set
}

// dayNames formats a set of days as crontab names, runs of three or more
// days as ranges: MON-FRI, SUN,SAT.
func dayNames(set uint8) string {
	if bits.OnesCount8(set&0x7f) == 7 {
		return "every day"
	}
	names := [7]string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}
	var parts []string
	for i := 0; i < 7; {
		if set&(1<<i) == 0 {
			i++
			continue
		}
		j := i
		for j+1 < 7 && set&(1<<(j+1)) != 0 {
			j++
		}
		switch {
		case j-i >= 2:
			parts = append(parts, names[i]+"-"+names[j])
		case j == i+1:
			parts = append(parts, names[i], names[j])
		default:
			parts = append(parts, names[i])
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}
