package celcond_test

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/aiflow-go/aiflow/celcond"
	"github.com/aiflow-go/aiflow/ir"
)

// cond builds an expression condition whose expressions are written on
// lines of their own, from column 7, as a YAML front end would record them.
func cond(when string, update map[string]string) *ir.Condition {
	c := &ir.Condition{Kind: ir.ExpressionCondition, Keys: []string{"k"}, When: when, Update: update,
		Span: ir.Span{File: "wf.yaml", Start: ir.Pos{Line: 1, Col: 1}}}
	line := 2
	field := func(name, text string) {
		end := ir.Pos{Line: line, Col: 7 + utf8.RuneCountInString(text)}
		if strings.Contains(text, "\n") {
			end = ir.Pos{} // a block scalar: its end is unknown
		}
		c.Fields.Set(name, ir.Span{File: "wf.yaml", Start: ir.Pos{Line: line, Col: 7}, End: end})
		line++
	}
	field("when", when)
	for _, k := range sortedKeys(update) {
		field("update."+k, update[k])
	}
	return c
}

func sortedKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if keys[j] < keys[i] {
				keys[i], keys[j] = keys[j], keys[i]
			}
		}
	}
	return keys
}

var rule = celcond.Env{Tasks: []string{"train", "evaluate"}, Owner: `rule of task "b" in workflow "w"`}

// TestCompileErrors checks each compile-time diagnostic: its position
// (line:col in wf.yaml; "when" is on line 2 from column 7, updates follow
// by key), code and message.
func TestCompileErrors(t *testing.T) {
	trigger := celcond.Env{Trigger: true, Owner: `trigger of workflow "w"`}
	tests := []struct {
		name   string
		when   string
		update map[string]string
		env    celcond.Env
		want   []string // "line:col code regexp"
	}{
		{"syntax", "event.value ==", nil, rule, []string{`2:21 bad-condition-expression ^syntax error in "when" of expression condition in rule of task "b" in workflow "w": mismatched input '<EOF>'`}},
		{"syntax in update", "true", map[string]string{"n": "state.n +"}, rule, []string{`3:16 bad-condition-expression syntax error in update "n"`}},
		{"undefined field", "event.valu == 'x'", nil, rule, []string{`2:12 bad-condition-expression type error in "when" .*: undefined field 'valu'$`}},
		{"undeclared", "foo > 1", nil, rule, []string{`2:7 bad-condition-expression undeclared reference to 'foo'$`}},
		{"no overload", "1 + 'a' == 2", nil, rule, []string{`2:9 bad-condition-expression no matching overload for '_\+_' applied to '\(int, string\)'`}},
		{"when not bool", "event.value", nil, rule, []string{`2:7 bad-condition-expression "when" .* must be a bool, not string$`}},
		{"when dyn", "event.context.flag", nil, rule, []string{`2:7 bad-condition-expression must be a bool, but its type is only known when it runs; compare it`}},
		{"update dyn", "true", map[string]string{"x": "event.context.x"}, rule, []string{`3:7 bad-condition-expression update "x" .* so state.x has no type; convert it, such as double`}},
		{"update timestamp", "true", map[string]string{"t": "event.create_time"}, rule, []string{`3:7 bad-condition-expression update "t" .* has type timestamp, which the state cannot hold; convert it with int`}},
		{"update int-keyed map", "true", map[string]string{"m": "{1: 'a'}"}, rule, []string{`3:7 bad-condition-expression has type map\(int, string\), which the state cannot hold; the state holds`}},
		{"unknown state key", "state.sun > 1.0", map[string]string{"sum": "1.0"}, rule, []string{`2:13 bad-condition reads state.sun, which no update sets; did you mean "sum"\?$`}},
		{"state without update", "has(state.seen)", nil, rule, []string{`2:17 bad-condition reads state.seen, which no update sets; the condition has no update, so its state is empty$`}},
		{"state keys listed", "state.zzz == 1", map[string]string{"a": "1", "b": "2"}, rule, []string{`2:13 bad-condition the state keys are "a", "b"$`}},
		{"unknown task", "tasks.trainn.status == 'SUCCESS'", nil, rule, []string{`2:13 unknown-task "when" of expression condition in rule of task "b" in workflow "w" names unknown task "trainn"; did you mean "train"\?$`}},
		{"unknown task index", "tasks['nope'].status == ''", nil, rule, []string{`2:13 unknown-task names unknown task "nope"$`}},
		{"tasks in trigger", "tasks.train.status == 'SUCCESS'", nil, trigger, []string{`2:7 bad-condition "when" of expression condition in trigger of workflow "w" reads tasks, but a trigger belongs to no execution`}},
		{"bad update key", "true", map[string]string{"my-sum": "1"}, rule, []string{`3:7 bad-condition update key "my-sum" .* is not an identifier`}},
		{"empty when", "", nil, rule, []string{`2:7 bad-condition expression condition in rule of task "b" in workflow "w" has no when expression`}},
		{"conflicting types", "true", map[string]string{"a": "state.b + 1", "b": "state.a + 1.0"}, rule, []string{
			`3:15 bad-condition-expression type error in update "a".*'\(double, int\)'`,
			`4:15 bad-condition-expression type error in update "b".*'\(int, double\)'`,
		}},
		{"multi-line", "true &&\n  event.valu == ''", nil, rule, []string{`2:7 bad-condition-expression undefined field 'valu' \(line 2, column 8 of the expression\)$`}},
		{"guessed type", "state.n > 2", map[string]string{"n": "event.value == 'reset' ? 0 : state.n"}, rule, nil},
		{"untyped copies", "true", map[string]string{"a": "state.b", "b": "state.a"}, rule, []string{
			`3:7 bad-condition-expression update "a" .* has a type only known when it runs`,
			`4:7 bad-condition-expression update "b" .* has a type only known when it runs`,
		}},
		{"comprehension variable named tasks", "[1].exists(tasks, tasks > 0)", nil, trigger, nil},
		{"has on a task", "has(tasks.train) && tasks.evaluate.status == ''", nil, rule, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, diags := celcond.Compile(cond(tc.when, tc.update), tc.env)
			var got []string
			for _, d := range diags {
				got = append(got, fmt.Sprintf("%d:%d %s %s", d.Span.Start.Line, d.Span.Start.Col, d.Code, d.Message))
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				pos, rx, _ := strings.Cut(w, " ")
				code, rx, _ := strings.Cut(rx, " ")
				prefix := pos + " " + code + " "
				if !strings.HasPrefix(got[i], prefix) || !regexp.MustCompile(rx).MatchString(strings.TrimPrefix(got[i], prefix)) {
					t.Errorf("diagnostic %d:\n got  %s\n want %s", i, got[i], w)
				}
			}
			if (p == nil) != (len(tc.want) > 0) {
				t.Errorf("program = %v with %d diagnostics", p, len(diags))
			}
		})
	}
}

// TestPosition checks that a span that is not exactly the expression's
// text (quotes, escapes) keeps the span and names the column in the
// message.
func TestPosition(t *testing.T) {
	c := cond("foo", nil)
	c.Fields.Set("when", ir.Span{File: "wf.py", Start: ir.Pos{Line: 4, Col: 10}, End: ir.Pos{Line: 4, Col: 15}})
	_, diags := celcond.Compile(c, rule)
	if len(diags) != 1 || diags[0].Span.Start != (ir.Pos{Line: 4, Col: 10}) || !strings.HasSuffix(diags[0].Message, "(column 1 of the expression)") {
		t.Errorf("diags = %v", diags)
	}
}

func mustCompile(t testing.TB, when string, update map[string]string, env celcond.Env) *celcond.Program {
	t.Helper()
	p, diags := celcond.Compile(cond(when, update), env)
	if p == nil || diags.HasErrors() {
		t.Fatalf("compile %q: %v", when, diags)
	}
	return p
}

func TestEval(t *testing.T) {
	statuses := map[string]string{"train": "SUCCESS"}
	tasks := func(name string) (string, bool) { s, ok := statuses[name]; return s, ok }
	ev := func(value string) celcond.Event {
		return celcond.Event{Key: "k", Value: value, Namespace: "default", Sender: "s", Offset: 7,
			Context: `{"workflow_execution_id": 6, "tags": ["a"], "ratio": 0.5}`, Time: time.Unix(1_700_000_000, 0).UTC()}
	}
	tests := []struct {
		name   string
		when   string
		update map[string]string
		event  celcond.Event
		state  map[string]any
		met    bool
		next   map[string]any
		err    string
	}{
		{"met", "event.value == '5'", nil, ev("5"), nil, true, map[string]any{}, ""},
		{"not met", "event.value == '5'", nil, ev("6"), nil, false, map[string]any{}, ""},
		{"event fields", "event.key == 'k' && event.namespace == 'default' && event.sender == 's' && event.offset == 7 && event.create_time == timestamp('2023-11-14T22:13:20Z')",
			nil, ev(""), nil, true, map[string]any{}, ""},
		{"context", "event.context.workflow_execution_id == 6 && event.context.tags[0] == 'a' && event.context.ratio == 0.5", nil, ev(""), nil, true, map[string]any{}, ""},
		{"no context", "size(event.context) == 0", nil, celcond.Event{Context: "[1]"}, nil, true, map[string]any{}, ""},
		{"zero values", "state.i == 0 && state.u == 0u && state.d == 0.0 && state.s == '' && !state.b && state.l == [] && state.m == {} && !has(state.i)",
			map[string]string{"i": "1", "u": "1u", "d": "1.0", "s": "'x'", "b": "true", "l": "[1]", "m": "{'a': 1}"}, ev(""), nil, true,
			map[string]any{"i": int64(1), "u": uint64(1), "d": 1.0, "s": "x", "b": true, "l": []any{int64(1)}, "m": map[string]any{"a": int64(1)}}, ""},
		{"simultaneous", "state.a == 1", map[string]string{"a": "state.b + 0", "b": "state.a + 0"}, ev(""), map[string]any{"a": int64(1), "b": int64(2)}, true,
			map[string]any{"a": int64(2), "b": int64(1)}, ""},
		{"other keys kept", "true", map[string]string{"n": "state.n + 1"}, ev(""), map[string]any{"old": "x", "n": int64(1)}, true,
			map[string]any{"old": "x", "n": int64(2)}, ""},
		{"value of another type reads as zero", "state.n == 0", map[string]string{"n": "state.n + 1"}, ev(""), map[string]any{"n": 2.5}, true,
			map[string]any{"n": int64(1)}, ""},
		{"tasks", "tasks.train.status == 'SUCCESS' && tasks.evaluate.status == '' && 'train' in tasks && size(tasks) == 2", nil, ev(""), nil, true, map[string]any{}, ""},
		{"dynamic task", "tasks[event.value].status == 'SUCCESS'", nil, ev("nope"), nil, false, nil, "no such"},
		{"when fails", "double(event.value) > 1.0", map[string]string{"n": "state.n + 1"}, ev("x"), map[string]any{"n": int64(1)}, false, nil, "when: "},
		{"update fails", "true", map[string]string{"n": "state.n + int(event.value)"}, ev("x"), map[string]any{"n": int64(1)}, false, nil, `update "n": `},
		{"NaN", "true", map[string]string{"d": "double(event.value)"}, ev("NaN"), nil, false, nil, "NaN"},
		{"cost limit", "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, [1,2,3,4,5,6,7,8,9,10].all(f, a+b+c+d+e+f > 0))))))",
			nil, ev(""), nil, false, nil, "cost limit exceeded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mustCompile(t, tc.when, tc.update, rule)
			met, next, err := p.Eval(celcond.Input{Event: tc.event, Tasks: tasks, State: tc.state})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if met != tc.met {
				t.Errorf("met = %v, want %v", met, tc.met)
			}
			if diff := cmp.Diff(tc.next, next); diff != "" {
				t.Errorf("next state (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunningSum feeds events to the example: met once the values
// add up to 100, the sum kept from event to event through the JSON state.
func TestRunningSum(t *testing.T) {
	p := mustCompile(t, "state.sum + double(event.value) >= 100.0", map[string]string{"sum": "state.sum + double(event.value)"}, rule)
	var stored []byte
	var mets []bool
	for _, v := range []string{"40", "50", "x", "9.5", "0.5", "1"} {
		state, err := celcond.DecodeState(stored)
		if err != nil {
			t.Fatal(err)
		}
		met, next, err := p.Eval(celcond.Input{Event: celcond.Event{Value: v}, State: state})
		if err != nil {
			mets = append(mets, false)
			continue // the state is kept
		}
		if stored, err = celcond.EncodeState(next); err != nil {
			t.Fatal(err)
		}
		mets = append(mets, met)
	}
	if want := []bool{false, false, false, false, true, true}; !cmp.Equal(mets, want) {
		t.Errorf("met = %v, want %v", mets, want)
	}
	if string(stored) != `{"sum":101.0}` {
		t.Errorf("state = %s", stored)
	}
}

func TestState(t *testing.T) {
	in := map[string]any{
		"i": int64(100), "d": 100.0, "neg": -0.5, "big": 1e21, "u": uint64(math.MaxUint64), "s": "a\"b<", "b": false, "n": nil,
		"l": []any{int64(1), 2.0, "x", []any{}}, "m": map[string]any{"k": int64(1)},
		"tagged": map[string]any{"$uint": int64(5)}, "empty": map[string]any{},
	}
	b, err := celcond.EncodeState(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"b":false,"big":1e+21,"d":100.0,"empty":{},"i":100,"l":[1,2.0,"x",[]],"m":{"k":1},"n":null,"neg":-0.5,` +
		`"s":"a\"b\u003c","tagged":{"$map":{"$uint":5}},"u":{"$uint":18446744073709551615}}`
	if string(b) != want {
		t.Errorf("encoded:\n got  %s\n want %s", b, want)
	}
	out, err := celcond.DecodeState(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip (-in +out):\n%s", diff)
	}
	for _, bad := range []map[string]any{{"x": math.NaN()}, {"x": math.Inf(1)}, {"x": 1}, {"x": []string{"a"}}, {"x": time.Now()}} {
		if _, err := celcond.EncodeState(bad); err == nil {
			t.Errorf("EncodeState(%v) succeeded", bad)
		}
	}
	for _, s := range []string{"", "null", " "} {
		if m, err := celcond.DecodeState([]byte(s)); err != nil || len(m) != 0 {
			t.Errorf("DecodeState(%q) = %v, %v", s, m, err)
		}
	}
	for _, s := range []string{"[1]", "{", `{"a":1} x`, `{"a":{"$uint":-1}}`} {
		if _, err := celcond.DecodeState([]byte(s)); err == nil {
			t.Errorf("DecodeState(%q) succeeded", s)
		}
	}
}

func TestRefs(t *testing.T) {
	p := mustCompile(t, "tasks.train.status == 'SUCCESS' || tasks['evaluate'].status == '' || tasks.train.status == 'FAILED'", nil, rule)
	if diff := cmp.Diff([]string{"evaluate", "train"}, p.Refs()); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
}

// TestCheck finds expression conditions in rules, nested members and
// triggers.
func TestCheck(t *testing.T) {
	bad := func(when string) *ir.Condition {
		return &ir.Condition{Kind: ir.ExpressionCondition, Keys: []string{"k"}, When: when}
	}
	w := &ir.Workflow{Name: "w", Tasks: []*ir.Task{{Name: "a"}, {Name: "b"}},
		Rules: []*ir.Rule{
			{Task: "b", Action: ir.Start, Condition: bad("tasks.a.status == 'SUCCESS'")},
			{Task: "b", Action: ir.Stop, Condition: &ir.Condition{Kind: ir.MeetAnyCondition, Conditions: []*ir.Condition{
				{Kind: ir.EventCondition, Key: "x"}, bad("tasks.c.status == ''"),
			}}},
			{Task: "a", Action: ir.Start, Condition: bad("")}, // ir.Validate's
		},
		Triggers: []*ir.Trigger{{Condition: bad("tasks.a.status == ''")}},
	}
	var got []string
	for _, d := range celcond.Check([]*ir.Workflow{w}) {
		got = append(got, string(d.Code)+": "+d.Message)
	}
	want := []string{
		`unknown-task: "when" of expression condition in rule of task "b" in workflow "w" names unknown task "c" (column 7 of the expression); did you mean "a"?`,
		`bad-condition: "when" of expression condition in trigger of workflow "w" reads tasks, but a trigger belongs to no execution and so has no task statuses (column 1 of the expression); react to a task with a task-status condition`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

// TestConcurrent evaluates one program from several goroutines (run with
// -race).
func TestConcurrent(t *testing.T) {
	p := mustCompile(t, "event.context.n > state.max", map[string]string{"max": "event.context.n > state.max ? int(event.context.n) : state.max"}, rule)
	done := make(chan error)
	for g := range 4 {
		go func() {
			var err error
			for i := range 200 {
				var met bool
				met, _, err = p.Eval(celcond.Input{Event: celcond.Event{Context: fmt.Sprintf(`{"n": %d}`, i)}, State: map[string]any{"max": int64(g * 50)}})
				if err != nil || met != (i > g*50) {
					err = fmt.Errorf("goroutine %d, event %d: met %v, %v", g, i, met, err)
					break
				}
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// BenchmarkEval evaluates the running sum with one task-status read.
func BenchmarkEval(b *testing.B) {
	p := mustCompile(b, "state.sum + double(event.value) >= 100.0 && tasks.train.status != 'RUNNING'",
		map[string]string{"sum": "state.sum + double(event.value)"}, rule)
	tasks := func(string) (string, bool) { return "SUCCESS", true }
	in := celcond.Input{Event: celcond.Event{Key: "num_event", Value: "3"}, Tasks: tasks, State: map[string]any{"sum": 12.0}}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := p.Eval(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
}

// BenchmarkCompile measures what validating one condition costs.
func BenchmarkCompile(b *testing.B) {
	c := cond("state.sum + double(event.value) >= 100.0 && tasks.train.status != 'RUNNING'", map[string]string{"sum": "state.sum + double(event.value)"})
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := celcond.Compile(c, rule); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

// FuzzCompile compiles arbitrary expressions and evaluates those that
// compile: neither may panic, and every diagnostic has a known code.
func FuzzCompile(f *testing.F) {
	f.Add("state.sum + double(event.value) >= 100.0", "state.sum + double(event.value)", "ctx")
	f.Add("tasks.train.status == 'SUCCESS'", "[state.l, event.context]", `{"a": [1, 2.5]}`)
	f.Add("has(state.n) && state.n.exists(x, x > 1)", "event.context.items", "")
	codes := map[ir.Code]bool{}
	for _, c := range ir.Codes {
		codes[c.Code] = true
	}
	f.Fuzz(func(t *testing.T, when, update, context string) {
		p, diags := celcond.Compile(cond(when, map[string]string{"n": update}), rule)
		for _, d := range diags {
			if !codes[d.Code] || d.Code == ir.CodeInternal {
				t.Fatalf("diagnostic %v", d)
			}
		}
		if p == nil {
			return
		}
		_, next, err := p.Eval(celcond.Input{Event: celcond.Event{Value: context, Context: context}})
		if err == nil {
			if _, err := celcond.EncodeState(next); err != nil {
				t.Fatalf("next state %v: %v", next, err)
			}
		}
	})
}
