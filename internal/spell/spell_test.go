package spell

import "testing"

func TestNearest(t *testing.T) {
	cands := []string{"bash_command", "env", "cwd", "retries", "timeout"}
	for _, tc := range []struct{ in, want string }{
		{"bash_comand", "bash_command"},
		{"BashCommand", "bash_command"},
		{"retrys", "retries"},
		{"timeot", "timeout"},
		{"xyz", ""},
		{"environment", ""},
	} {
		if got := Nearest(tc.in, cands); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
