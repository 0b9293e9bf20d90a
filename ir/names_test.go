package ir

import (
	"github.com/aiflow-go/aiflow/operator"
	"strings"
	"testing"
)

func TestCheckNameText(t *testing.T) {
	for _, tc := range []struct {
		kind, name, want string
	}{
		{"namespace", "a\x00b", "must not contain NUL characters"},
		{"event key", "k\x00", "must not contain NUL characters"},
		{"task", "a\nb", "must not contain control characters"},
		{"task", "a\u0085b", "must not contain control characters"},
		{"event key", "a\u2028b", "must not contain control characters"},
		{"workflow", "a\xffb", "is not valid UTF-8"},
		{"event key", "\xc3", "is not valid UTF-8"},
		{"workflow", "admin\u202Egpj.exe", "must not contain bidirectional control characters (U+202E)"},
		{"task", "a\u2066b", "must not contain bidirectional control characters (U+2066)"},
		{"event key", "a\u200Fb", "must not contain bidirectional control characters (U+200F)"},
		{"namespace", "pro\u200Bd", "must not contain zero-width characters (U+200B)"},
		{"task", "a\u200Db", "must not contain zero-width characters (U+200D)"},
		{"event key", "\uFEFFk", "must not contain zero-width characters (U+FEFF)"},
		{"event key", "", "is empty"},
		// Event keys and senders follow the text rule only.
		{"event key", "[task_status_change].ns.wf.t", ""},
		{"event key", "a/b", ""},
		{"sender", strings.Repeat("s", 1000), ""},
		// Names of the model may be in any script, without the invisible.
		{"workflow", "名前", ""},
		{"task", "é-ü_1", ""},
	} {
		t.Run(tc.kind+"/"+tc.name, func(t *testing.T) {
			if got := CheckName(tc.kind, tc.name); got != tc.want {
				t.Errorf("CheckName(%q, %q) = %q, want %q", tc.kind, tc.name, got, tc.want)
			}
		})
	}
}

// TestCheckNameServerFiles: a workflow cannot take the name of a file or
// folder the server keeps in working_dir or log_dir.
func TestCheckNameServerFiles(t *testing.T) {
	for _, name := range []string{".runtime", ".conditions", ".x", "supervisors.log", "aiflow_server.log", "aiflow_server.1.log", "X.LOG"} {
		if got := CheckName("workflow", name); !strings.Contains(got, `must not start with "." nor end with ".log"`) {
			t.Errorf("CheckName(workflow, %q) = %q, want the server files rule", name, got)
		}
	}
	// Tasks and namespaces do not name folders of working_dir or log_dir.
	for _, kind := range []string{"task", "namespace"} {
		if got := CheckName(kind, "supervisors.log"); got != "" {
			t.Errorf("CheckName(%s, supervisors.log) = %q, want \"\"", kind, got)
		}
	}
	for _, name := range []string{"logs", "etl.logger", "aiflow_server", "a.b"} {
		if got := CheckName("workflow", name); got != "" {
			t.Errorf("CheckName(workflow, %q) = %q, want \"\"", name, got)
		}
	}
}

// TestValidateNameRule: the validator reports the rule at the name.
func TestValidateNameRule(t *testing.T) {
	w := &Workflow{Name: "wf", Namespace: "default", Tasks: []*Task{
		{Name: "ok", Operator: "bash", Args: &operator.BashArgs{Command: "true"}},
		{Name: "e\u202Evil", Operator: "bash", Args: &operator.BashArgs{Command: "true"}},
	}}
	ds := Validate([]*Workflow{w})
	var found bool
	for _, d := range ds {
		if d.Code == CodeBadName && strings.Contains(d.Message, `task name "e\u202evil" in workflow "wf" must not contain bidirectional control characters (U+202E)`) {
			found = true
		}
	}
	if !found {
		t.Errorf("diagnostics %v lack the bidirectional rule", ds)
	}
	w = &Workflow{Name: ".runtime", Namespace: "default", Tasks: []*Task{{Name: "a", Operator: "bash", Args: &operator.BashArgs{Command: "true"}}}}
	ds = Validate([]*Workflow{w})
	if !ds.HasErrors() || !strings.Contains(ds[0].Message, `workflow name ".runtime" must not start with "."`) {
		t.Errorf("Validate(.runtime) = %v", ds)
	}
}
