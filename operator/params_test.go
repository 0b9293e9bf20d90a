package operator

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParamVar(t *testing.T) {
	for name, want := range map[string]string{
		"date":       "AIFLOW_PARAM_DATE",
		"model_v2":   "AIFLOW_PARAM_MODEL_V2",
		"Model-Name": "AIFLOW_PARAM_MODEL_NAME",
		"a.b c":      "AIFLOW_PARAM_A_B_C",
		"été":        "AIFLOW_PARAM__T_",
		"1st":        "AIFLOW_PARAM_1ST",
	} {
		if got := ParamVar(name); got != want {
			t.Errorf("ParamVar(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestCheckParams(t *testing.T) {
	tests := []struct {
		name   string
		params map[string]string
		want   string // "" for ok
	}{
		{"none", nil, ""},
		{"ok", map[string]string{"date": "2026-11-27", "model-name": "", "x": "a=b,c"}, ""},
		{"empty name", map[string]string{"": "v", "a": "b"}, "a parameter name is empty"},
		{"case", map[string]string{"date": "1", "DATE": "2"}, `parameters "DATE" and "date" are both AIFLOW_PARAM_DATE; rename one`},
		{"punctuation", map[string]string{"a-b": "1", "a_b": "2", "a.b": "3"}, `parameters "a-b" and "a.b" are both AIFLOW_PARAM_A_B; rename one`},
		{"nul", map[string]string{"a": "x\x00y"}, `parameter "a" holds a NUL byte`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckParams(tc.params)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("CheckParams = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestContextEnvParams(t *testing.T) {
	r := run
	r.Params = map[string]string{"model-name": "v2", "date": "2026-11-27", "q": `a "b" <c>`}
	want := append(ctxEnv[:len(ctxEnv)-1:len(ctxEnv)-1], "AIFLOW_PARAM_DATE=2026-11-27", "AIFLOW_PARAM_MODEL_NAME=v2", `AIFLOW_PARAM_Q=a "b" <c>`,
		`AIFLOW_PARAMS={"date":"2026-11-27","model-name":"v2","q":"a \"b\" \u003cc\u003e"}`)
	if diff := cmp.Diff(want, r.ContextEnv()); diff != "" {
		t.Errorf("ContextEnv (-want +got):\n%s", diff)
	}
}

func TestWithoutParams(t *testing.T) {
	base := []string{"PATH=/bin", "AIFLOW_PARAM_DATE=1", "AIFLOW_PARAMS={}", "AIFLOW_PARAMSX=kept", "AIFLOW_TASK=t"}
	if diff := cmp.Diff([]string{"PATH=/bin", "AIFLOW_PARAMSX=kept", "AIFLOW_TASK=t"}, WithoutParams(base)); diff != "" {
		t.Errorf("WithoutParams (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(base[1], ParamPrefix) {
		t.Error("WithoutParams changed its argument")
	}
}
