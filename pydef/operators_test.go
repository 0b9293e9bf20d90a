package pydef

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aiflow-go/aiflow/operator"
)

// TestOperatorShims builds a task of every registered operator that has an
// ai_flow class of its own from a Python definition, passing every argument
// by keyword, and checks that the shim's class records the operator's kind
// and that each argument reaches its field in the IR.
func TestOperatorShims(t *testing.T) {
	sample := map[operator.ArgType][2]any{ // Python literal, Go value
		operator.TString: {"'s'", "s"}, operator.TBool: {"True", true}, operator.TNumber: {"2.5", 2.5},
		operator.TInt: {"3", int64(3)}, operator.TStrings: {"['a', 'b']", []string{"a", "b"}},
		operator.TStrMap: {"{'k': 'v'}", map[string]string{"k": "v"}},
		operator.TList:   {"[1, 'x']", []any{int64(1), "x"}}, operator.TMap: {"{'k': 1}", map[string]any{"k": int64(1)}},
		operator.TCallable: {"job", "job"},
	}
	l := newTestLoader(t)
	for _, o := range operator.All() {
		if o.New == nil || o.Kind == operator.Custom {
			continue // plain Operator and AIFlowOperator: no arguments of their own
		}
		t.Run(string(o.Kind), func(t *testing.T) {
			var kw []string
			for _, a := range o.Args {
				if !a.YAMLOnly {
					kw = append(kw, a.Name+"="+sample[a.Type][0].(string))
				}
			}
			src := fmt.Sprintf("from ai_flow.model.workflow import Workflow\nfrom %s import %s\n\n"+
				"def job():\n    pass\n\nwith Workflow(name='w') as w:\n    %s(name='t', %s)\n",
				o.Module, o.Class, o.Class, strings.Join(kw, ", "))
			ws, _, diags := l.Load(context.Background(), "/defs/w.py", []byte(src))
			if len(ws) != 1 || len(ws[0].Tasks) != 1 {
				t.Fatalf("loaded %v, %v", ws, diags)
			}
			task := ws[0].Tasks[0]
			if task.Operator != o.Kind || task.Args == nil {
				t.Fatalf("task has operator %q and args %v, want %q: %v", task.Operator, task.Args, o.Kind, diags)
			}
			got := reflect.ValueOf(task.Args).Elem()
			for _, a := range o.Args {
				if a.YAMLOnly {
					continue
				}
				f := got.FieldByNameFunc(func(name string) bool {
					sf, _ := got.Type().FieldByName(name)
					return strings.Split(sf.Tag.Get("json"), ",")[0] == a.Name
				})
				if !reflect.DeepEqual(f.Interface(), sample[a.Type][1]) {
					t.Errorf("%s = %#v, want %#v", a.Name, f.Interface(), sample[a.Type][1])
				}
			}
		})
	}
}
