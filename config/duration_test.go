package config

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		text string // FormatDuration of want
		bad  bool
	}{
		{in: "off", text: "off"},
		{in: "", text: "off"},
		{in: "0", text: "off"},
		{in: "30d", want: 30 * Day, text: "30d"},
		{in: "12h", want: 12 * time.Hour, text: "12h"},
		{in: "1d12h", want: 36 * time.Hour, text: "1d12h"},
		{in: "90m", want: 90 * time.Minute, text: "1h30m"},
		{in: "45s", want: 45 * time.Second, text: "45s"},
		{in: "2h0m", want: 2 * time.Hour, text: "2h"},
		{in: "30", bad: true},
		{in: "-1h", bad: true},
		{in: "1d-1h", bad: true},
		{in: "30days", bad: true},
		{in: "d", bad: true},
		{in: "forever", bad: true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseDuration(tc.in)
			if tc.bad {
				if err == nil || !strings.Contains(err.Error(), "must be a duration such as 30d") {
					t.Fatalf("ParseDuration(%q) = %v, %v; want an error", tc.in, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			if s := FormatDuration(got); s != tc.text {
				t.Errorf("FormatDuration(%v) = %q, want %q", got, s, tc.text)
			}
		})
	}
}

// TestHistoryRetention: the key is read, printed back, checked with its
// position, and an AIFlow file that sets it is warned that it now applies.
func TestHistoryRetention(t *testing.T) {
	home := t.TempDir()
	getenv := env(map[string]string{"AIFLOW_HOME": home})
	c, err := Load(getenv)
	if err != nil || c.HistoryRetention != 0 {
		t.Fatalf("default: %v, %v", c.HistoryRetention, err)
	}
	write := func(s string) {
		if err := os.WriteFile(Path(home), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("history_retention: 30d\n")
	c, err = Load(getenv)
	if err != nil || c.HistoryRetention != 30*Day || len(c.Warnings) != 0 {
		t.Fatalf("30d: %v, %v, %q", c.HistoryRetention, err, c.Warnings)
	}
	if v, _ := c.Get("history_retention"); v != "30d" {
		t.Errorf("Get = %q, want 30d", v)
	}
	write("task_parallelism: 2\nhistory_retention: 30 days\n")
	_, err = Load(getenv)
	if err == nil || !strings.Contains(err.Error(), `aiflow_server.yaml:2:20: "history_retention" must be a duration such as 30d, 12h or 1d12h (or off), got "30 days"`) {
		t.Errorf("bad value: %v", err)
	}
	write("rpc_port: 50055\nhistory_retention: 30d\n")
	c, err = Load(getenv)
	if err != nil || len(c.Warnings) != 2 || !strings.Contains(c.Warnings[1], `:2:1: AIFlow setting "history_retention" applies here, unlike in AIFlow: finished executions older than 30d are deleted`) {
		t.Errorf("AIFlow file: %v, %q", err, c.Warnings)
	}
}
