package operator

import (
	"reflect"
	"slices"
	"testing"
)

// TestArgsFitFields checks that the arguments of every operator are
// exactly the JSON fields of its Args, each of a type that holds a value
// of the argument's type, and that defaults fill in.
func TestArgsFitFields(t *testing.T) {
	sample := map[ArgType]any{
		TString: "s", TBool: true, TInt: int64(1), TNumber: 1.5, TCallable: "f",
		TStrings: []string{"a"}, TStrMap: map[string]string{"a": "b"},
		TList: []any{1}, TMap: map[string]any{"a": 1},
	}
	for _, o := range All() {
		if o.New == nil {
			if len(o.Args) != 0 || o.Field != "" {
				t.Errorf("%s takes arguments but has no New", o.Kind)
			}
			continue
		}
		a := o.New()
		var names []string
		for _, arg := range o.Args {
			names = append(names, arg.Name)
			t.Run(string(o.Kind)+"/"+arg.Name, func(t *testing.T) {
				defer func() {
					if r := recover(); r != nil {
						t.Error(r)
					}
				}()
				Set(a, arg.Name, sample[arg.Type])
				if arg.Default != nil {
					Set(a, arg.Name, reflect.Zero(field(a, arg.Name).Type()).Interface())
					Fill(o.Kind, a, "t")
					if got := field(a, arg.Name).Interface(); got != arg.Default {
						t.Errorf("after Fill %s = %v, want the default %v", arg.Name, got, arg.Default)
					}
				}
			})
		}
		tags := slices.Sorted(func(yield func(string) bool) {
			for name := range fieldIndexes(reflect.TypeOf(a).Elem()) {
				yield(name)
			}
		})
		if slices.Sort(names); !slices.Equal(names, tags) {
			t.Errorf("%s: arguments %q, fields %q", o.Kind, names, tags)
		}
	}
}

func TestRegistry(t *testing.T) {
	if Lookup("nope") != nil {
		t.Error("Lookup of an unknown kind")
	}
	want := []string{"bash", "custom", "docker", "flink", "noop", "python", "spark-sql", "spark-submit"}
	if got := Kinds(); !slices.Equal(got, want) {
		t.Errorf("Kinds() = %q, want %q", got, want)
	}
	defer func() {
		if recover() == nil {
			t.Error("registering a kind twice did not panic")
		}
	}()
	register(&Operator{Kind: Bash, Class: "Other"})
}
