package engine

import (
	"slices"
	"testing"
)

func TestWithPath(t *testing.T) {
	tests := []struct {
		env  []string
		want []string
	}{
		{[]string{"A=1", "PATH=/usr/bin:/bin"}, []string{"A=1", "PATH=/usr/bin:/bin:/opt/aiflow"}},
		{[]string{"PATH=/opt/aiflow:/bin"}, []string{"PATH=/opt/aiflow:/bin"}},
		{[]string{"A=1"}, []string{"A=1", "PATH=/opt/aiflow"}},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.env)
		if got := withPath(tt.env, "/opt/aiflow"); !slices.Equal(got, tt.want) {
			t.Errorf("withPath(%q) = %q, want %q", tt.env, got, tt.want)
		}
		if !slices.Equal(in, tt.env) {
			t.Errorf("withPath changed its argument to %q", tt.env)
		}
	}
}
