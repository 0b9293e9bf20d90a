package ir

import (
	"errors"
	"testing"
	"time"
)

func TestParseExpressionErrors(t *testing.T) {
	for _, tc := range []struct {
		name, expr string
		code       Code
		msg        string
	}{
		{"empty", "", CodeBadExpression, "empty expression; expected " + expressionForms},
		{"no at", "0 * * * *", CodeBadExpression, "no kind before '@'; expected " + expressionForms},
		{"unknown kind", "every@5m", CodeBadExpression, `unknown kind "every"; expected ` + expressionForms},
		{"kind typo", "intervall@0 0 1 0", CodeBadExpression, `unknown kind "intervall"; did you mean "interval"?`},
		{"kind case", "CRON@* * * * *", CodeBadExpression, `unknown kind "CRON"; did you mean "cron"?`},

		{"cron empty", "cron@", CodeBadCron, "empty cron expression; expected 5 fields (minute hour day-of-month month day-of-week)"},
		{"cron 4 fields", "cron@* * * *", CodeBadCron, "expected 5 fields (minute hour day-of-month month day-of-week), found 4"},
		{"cron 7 fields", "cron@0 0 0 * * * 2024", CodeBadCron, "expected 5 fields (minute hour day-of-month month day-of-week), found 7; seconds and year fields are not supported"},
		{"minute above", "cron@61 * * * *", CodeBadCron, "minute field: value 61 above maximum 59"},
		{"hour above in range", "cron@0 20-24 * * *", CodeBadCron, "hour field: value 24 above maximum 23"},
		{"dom below", "cron@0 0 0 * *", CodeBadCron, "day-of-month field: value 0 below minimum 1"},
		{"month name", "cron@0 0 1 foo *", CodeBadCron, `month field: "foo" is not a number or month name`},
		{"dow 7", "cron@0 0 * * 7", CodeBadCron, "day-of-week field: value 7 above maximum 6 (write 0 or SUN for Sunday)"},
		{"dow L", "cron@0 0 * * 5L", CodeBadCron, `day-of-week field: "5L" is not a number or day name (L, W and # are not supported)`},
		{"backwards", "cron@0 5-3 * * *", CodeBadCron, `hour field: range "5-3" runs backwards`},
		{"step zero", "cron@*/0 * * * *", CodeBadCron, `minute field: step 0 in "*/0" must be at least 1`},
		{"step text", "cron@*/x * * * *", CodeBadCron, `minute field: step "x" in "*/x" is not a number`},
		{"two slashes", "cron@1/2/3 * * * *", CodeBadCron, `minute field: "1/2/3" has more than one '/'`},
		{"two hyphens", "cron@1-2-3 * * * *", CodeBadCron, `minute field: "1-2-3" is not a range (more than one '-')`},
		{"negative", "cron@-1 * * * *", CodeBadCron, "minute field: value -1 below minimum 0"},
		{"open range", "cron@1- * * * *", CodeBadCron, `minute field: "1-" is not a range`},
		{"only commas", "cron@, * * * *", CodeBadCron, `minute field: "," has no values`},
		{"every", "cron@@every 5m", CodeBadCron, "@every is not supported; use interval@<days> <hours> <minutes> <seconds> for a fixed period"},
		{"descriptor typo", "cron@@hourli", CodeBadCron, `unknown descriptor "@hourli"; did you mean "@hourly"?`},
		{"bad zone", "cron@CRON_TZ=Mars/Base 0 9 * * *", CodeBadCron, `unknown time zone "Mars/Base" in CRON_TZ`},
		{"zone alone", "cron@CRON_TZ=UTC", CodeBadCron, "CRON_TZ=UTC must be followed by 5 fields (minute hour day-of-month month day-of-week)"},
		{"zone empty", "cron@CRON_TZ= 0 9 * * *", CodeBadCron, "CRON_TZ= names no time zone"},
		{"TZ prefix", "cron@TZ=UTC 0 9 * * *", CodeBadCron, "write the time zone as CRON_TZ=Zone, not TZ=Zone"},
		{"feb 30", "cron@0 0 30 2 *", CodeImpossibleCron, `day-of-month "30" never occurs in month "2", so it can never fire`},
		{"feb 30 with zone", "cron@CRON_TZ=Asia/Tokyo 0 0 30 feb *", CodeImpossibleCron, `day-of-month "30" never occurs in month "feb", so it can never fire`},
		{"apr 31", "cron@0 0 31 apr,jun *", CodeImpossibleCron, `day-of-month "31" never occurs in month "apr,jun", so it can never fire`},

		{"interval 3 fields", "interval@1 2 3", CodeBadInterval, "expected 4 fields separated by single spaces (days hours minutes seconds), found 3"},
		{"interval double space", "interval@0 0  1 0", CodeBadInterval, "expected 4 fields separated by single spaces (days hours minutes seconds), found 5"},
		{"interval negative", "interval@0 -1 0 0", CodeBadInterval, "hours field: -1 is negative; every field must be 0 or more"},
		{"interval text", "interval@0 0 5m 0", CodeBadInterval, `minutes field: "5m" is not a number`},
		{"interval exponent", "interval@0 0 0 1e3", CodeBadInterval, `seconds field: "1e3" is not a number`},
		{"interval nan", "interval@0 0 0 nan", CodeBadInterval, `seconds field: "nan" is not a number`},
		{"interval huge", "interval@999999 0 0 0", CodeBadInterval, "interval is too long (the maximum is about 290 years)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseExpression(tc.expr)
			var ee *ExprError
			if !errors.As(err, &ee) {
				t.Fatalf("ParseExpression(%q) error = %v, want an *ExprError", tc.expr, err)
			}
			if ee.Code != tc.code || ee.Msg != tc.msg || ee.Expr != tc.expr {
				t.Errorf("ParseExpression(%q) = [%s] %q, want [%s] %q", tc.expr, ee.Code, ee.Msg, tc.code, tc.msg)
			}
		})
	}
}

func TestParseExpressionValid(t *testing.T) {
	for _, tc := range []struct {
		expr     string
		kind     ExpressionKind
		interval time.Duration
		warning  string
	}{
		{"cron@*/5 * * * *", CronExpression, 0, ""},
		{"cron@0 9 * * MON-FRI", CronExpression, 0, ""},
		{"cron@ 0  9 * * * ", CronExpression, 0, ""},
		{"cron@0 0 29 2 *", CronExpression, 0, ""},
		{"cron@0 0 30 2 sun", CronExpression, 0, ""}, // day-of-month OR day-of-week
		{"cron@@hourly", CronExpression, 0, ""},
		{"cron@CRON_TZ=Asia/Shanghai @daily", CronExpression, 0, ""},
		{"cron@0 0 * * 0-6", CronExpression, 0, ""}, // every day either way
		{"cron@0 9 * * mon-fri/2", CronExpression, 0, ""},
		{"cron@0 0 31 2,3 *", CronExpression, 0, ""},
		{"cron@CRON_TZ=UTC @weekly", CronExpression, 0, ""},
		{"cron@CRON_TZ=Europe/Berlin 30 2 * * *", CronExpression, 0, ""}, // skipped on the spring-forward day only
		{"cron@0 9 * * 1-5", CronExpression, 0, `day-of-week "1-5" means MON-FRI here (0 is Sunday, as in crontab), but AIFlow read 0 as Monday and ran it on TUE-SAT; write day names (SUN-SAT) to make the days explicit`},
		{"cron@0 9 * * 0", CronExpression, 0, `day-of-week "0" means SUN here (0 is Sunday, as in crontab), but AIFlow read 0 as Monday and ran it on MON; write day names (SUN-SAT) to make the days explicit`},
		{"cron@0 9 * * 6,sun", CronExpression, 0, `day-of-week "6,sun" means SUN,SAT here (0 is Sunday, as in crontab), but AIFlow read 0 as Monday and ran it on SUN; write day names (SUN-SAT) to make the days explicit`},
		{"cron@0 9 * * */2", CronExpression, 0, `day-of-week "*/2" means SUN,TUE,THU,SAT here (0 is Sunday, as in crontab), but AIFlow read 0 as Monday and ran it on SUN,MON,WED,FRI; write day names (SUN-SAT) to make the days explicit`},
		{"cron@0 9 * * sun-3", CronExpression, 0, `day-of-week "sun-3" means SUN-WED here (0 is Sunday, as in crontab), but AIFlow read 0 as Monday; write day names (SUN-SAT) to make the days explicit`},
		{"interval@0 1 0 0", IntervalExpression, time.Hour, ""},
		{"interval@1 0 0 0", IntervalExpression, 24 * time.Hour, ""},
		{"interval@ 1  ", IntervalExpression, time.Hour, ""},
		{"interval@0 0 1.5 .5", IntervalExpression, 90*time.Second + 500*time.Millisecond, ""},
		{"interval@0 0 0 0", IntervalExpression, time.Second, ""},
		{"interval@   ", IntervalExpression, time.Second, ""},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			e, err := ParseExpression(tc.expr)
			if err != nil {
				t.Fatalf("ParseExpression(%q): %v", tc.expr, err)
			}
			if e.Kind() != tc.kind || e.Interval() != tc.interval || e.String() != tc.expr {
				t.Errorf("got kind %s interval %v string %q", e.Kind(), e.Interval(), e.String())
			}
			if e.Warning() != tc.warning {
				t.Errorf("warning:\n got %q\nwant %q", e.Warning(), tc.warning)
			}
		})
	}
}

func TestExpressionNext(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		name, expr    string
		anchor, after time.Time
		want          time.Time
	}{
		{"cron every 5 minutes", "cron@*/5 * * * *", time.Time{}, utc("2025-03-09T10:02:30Z"), utc("2025-03-09T10:05:00Z")},
		{"cron strictly after", "cron@*/5 * * * *", time.Time{}, utc("2025-03-09T10:05:00Z"), utc("2025-03-09T10:10:00Z")},
		{"cron sunday is 0", "cron@0 9 * * 0", time.Time{}, utc("2025-03-10T00:00:00Z"), utc("2025-03-16T09:00:00Z")},
		{"cron leap day", "cron@0 0 29 2 *", time.Time{}, utc("2025-03-01T00:00:00Z"), utc("2028-02-29T00:00:00Z")},
		{"cron in after's zone", "cron@@hourly", time.Time{}, time.Date(2025, 3, 9, 1, 30, 0, 0, la), utc("2025-03-09T10:00:00Z")},
		{"cron tz", "cron@CRON_TZ=Asia/Shanghai 0 9 * * *", time.Time{}, time.Date(2025, 3, 9, 1, 30, 0, 0, la), utc("2025-03-10T01:00:00Z")},
		{"cron ignores anchor", "cron@0 * * * *", utc("2020-01-01T00:17:00Z"), utc("2025-01-01T00:30:00Z"), utc("2025-01-01T01:00:00Z")},
		{"interval first fire", "interval@0 1 0 0", utc("2025-01-01T00:00:00Z"), utc("2024-12-31T00:00:00Z"), utc("2025-01-01T01:00:00Z")},
		{"interval on grid", "interval@0 1 0 0", utc("2025-01-01T00:00:00Z"), utc("2025-01-01T01:00:00Z"), utc("2025-01-01T02:00:00Z")},
		{"interval late wake-up", "interval@0 1 0 0", utc("2025-01-01T00:00:00Z"), utc("2025-01-01T05:59:59Z"), utc("2025-01-01T06:00:00Z")},
		{"interval far anchor", "interval@0 0 0 7", time.Time{}, utc("2025-01-01T00:00:00Z"), utc("2025-01-01T00:00:02Z")}, // 63871286400 s = 7k + 5
		{"interval decimals", "interval@0 0 0 1.5", utc("2025-01-01T00:00:00Z"), utc("2025-01-01T00:00:02Z"), utc("2025-01-01T00:00:03Z")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := ParseExpression(tc.expr)
			if err != nil {
				t.Fatal(err)
			}
			got := e.NextAfter(tc.anchor, tc.after)
			if !got.Equal(tc.want) {
				t.Errorf("NextAfter(%v, %v) = %v, want %v", tc.anchor, tc.after, got, tc.want)
			}
		})
	}
}

func TestExpressionNextInterval(t *testing.T) {
	e, err := ParseExpression("interval@0 0 30 0")
	if err != nil {
		t.Fatal(err)
	}
	after := time.Date(2025, 1, 1, 12, 0, 7, 0, time.UTC)
	if got, want := e.Next(after), after.Add(30*time.Minute); !got.Equal(want) {
		t.Errorf("Next = %v, want %v", got, want)
	}
	cronExpr, _ := ParseExpression("cron@0 * * * *")
	if got, want := cronExpr.Next(after), time.Date(2025, 1, 1, 13, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("cron Next = %v, want %v", got, want)
	}
	var zero Expression
	if !zero.Next(after).IsZero() {
		t.Errorf("zero Expression fired")
	}
}

func TestExprErrorString(t *testing.T) {
	_, err := ParseExpression("cron@61 * * * *")
	want := `schedule expression "cron@61 * * * *": minute field: value 61 above maximum 59`
	if err == nil || err.Error() != want {
		t.Errorf("Error() = %v, want %s", err, want)
	}
}

// FuzzParseExpression checks that any text parses or fails with an
// *ExprError, and that parsed expressions give fire times after the input.
func FuzzParseExpression(f *testing.F) {
	for _, s := range []string{"cron@*/5 * * * *", "cron@CRON_TZ=UTC 0 9 * * 1-5", "cron@@daily", "interval@1 2 3 4.5",
		"interval@   ", "cron@0 0 30 2 *", "cron@CRON_TZ=", "cron@1-2/3,jan * * * *"} {
		f.Add(s)
	}
	after := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseExpression(s)
		if err != nil {
			var ee *ExprError
			if !errors.As(err, &ee) || ee.Msg == "" {
				t.Fatalf("ParseExpression(%q) = %v", s, err)
			}
			return
		}
		if next := e.Next(after); !next.After(after) {
			t.Fatalf("%q: Next(%v) = %v", s, after, next)
		}
	})
}
