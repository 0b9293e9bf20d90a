package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestOutput(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 600e6, time.UTC)
	recs := []record{
		{{"id", int64(1)}, {"workflow_name", "a"}, {"create_time", at}, {"is_enabled", true}, {"props", map[string]string{"k": "v"}}},
		{{"id", int64(10)}, {"workflow_name", "longer_name"}, {"create_time", time.Time{}}, {"is_enabled", false}, {"props", json.RawMessage(`{ "x": 1 }`)}},
	}
	local := at.Local().Format("2006-01-02 15:04:05")
	for _, tc := range []struct {
		format string
		recs   []record
		want   string
	}{
		{"table", recs, "" +
			"id  workflow_name  create_time          is_enabled  props\n" +
			"1   a              " + local + "  true        {\"k\":\"v\"}\n" +
			"10  longer_name    -                    false       {\"x\":1}\n"},
		{"table", nil, "No data found\n"},
		{"json", recs, `[
  {
    "id": 1,
    "workflow_name": "a",
    "create_time": "2026-01-02T03:04:05.6Z",
    "is_enabled": true,
    "props": {
      "k": "v"
    }
  },
  {
    "id": 10,
    "workflow_name": "longer_name",
    "create_time": null,
    "is_enabled": false,
    "props": {
      "x": 1
    }
  }
]
`},
		{"json", []record{}, "[]\n"},
		{"yaml", recs, `- id: 1
  workflow_name: a
  create_time: "2026-01-02T03:04:05.6Z"
  is_enabled: true
  props:
    k: v
- id: 10
  workflow_name: longer_name
  create_time: null
  is_enabled: false
  props:
    x: 1
`},
	} {
		t.Run(tc.format, func(t *testing.T) {
			var b bytes.Buffer
			err := writeOutput(&b, tc.format, tc.recs, func(w io.Writer) error { return writeTable(w, tc.recs) })
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, b.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestRecordsJSONLayout checks that the hand-laid JSON of records is exactly
// what encoding/json prints for them through MarshalJSON.
func TestRecordsJSONLayout(t *testing.T) {
	when := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	recs := []record{
		{{"id", int64(1)}, {"name", "a<b>&c"}, {"begin", when}, {"end", time.Time{}}, {"ok", true},
			{"tasks", []any{map[string]any{"name": "t", "args": []string{}}, map[string]any{}}}, {"config", nil}},
		{{"id", int64(2)}, {"name", "é\n"}, {"props", map[string]string{"k": "v"}}},
		{},
	}
	for _, v := range []any{recs, recs[0], recs[2], []record{}} {
		var want, got bytes.Buffer
		if err := encodeJSON(&want, v); err != nil {
			t.Fatal(err)
		}
		if err := writeRecordsJSON(&got, v); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.String(), got.String()); diff != "" {
			t.Errorf("layout differs (-encoding/json +hand-laid):\n%s", diff)
		}
	}
}
