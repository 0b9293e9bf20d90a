package ir

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeJSONNumbers(t *testing.T) {
	w := &Workflow{Namespace: "default", Name: "wf",
		Config: map[string]any{"big": int64(1<<62 + 1), "ratio": 0.5, "none": nil},
		Triggers: []*Trigger{{Condition: &Condition{Kind: CustomCondition, File: "c.py", Class: "C",
			Args:   []any{int64(9007199254740993), -1.25, []any{int64(3), "x"}, nil},
			Kwargs: map[string]any{"n": int64(-9007199254740993), "m": map[string]any{"k": int64(7), "f": 1e300}},
		}}},
	}
	data, err := EncodeJSON([]*Workflow{w})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := DecodeJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*Workflow{w}, ws); diff != "" {
		t.Errorf("DecodeJSON (-want +got):\n%s", diff)
	}
	again, err := EncodeJSON(ws)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Errorf("re-encoded IR differs:\n%s\nwant:\n%s", again, data)
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"syntax", `[{`},
		{"trailing", `[] []`},
		{"type", `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := DecodeJSON([]byte(tc.in)); err == nil {
				t.Errorf("DecodeJSON(%q) = nil error", tc.in)
			}
		})
	}
}

func TestDecodeWorkflow(t *testing.T) {
	w, err := DecodeWorkflow([]byte(`[{"name": "a", "namespace": "default", "tasks": []}]`))
	if err != nil || w.Name != "a" {
		t.Fatalf("DecodeWorkflow = %+v, %v", w, err)
	}
	for _, in := range []string{`[]`, `[{"name": "a"}, {"name": "b"}]`, `[null]`, `[{`} {
		if _, err := DecodeWorkflow([]byte(in)); err == nil {
			t.Errorf("DecodeWorkflow(%q) = nil error", in)
		}
	}
}
