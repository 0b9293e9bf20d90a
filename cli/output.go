package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"go.yaml.in/yaml/v3"
)

// outputFlag is AIFlow's -o/--output of list and show commands.
type outputFlag struct {
	Output string `short:"o" enum:"table,json,yaml" default:"table" help:"Output format (${enum})."`
}

// field is one column of a record.
type field struct {
	key string
	val any
}

// record is one row of list output: its fields in column order, which the
// json and yaml outputs keep, so scripts see AIFlow's column order.
type record []field

// MarshalJSON writes the fields in order. Unset times are null.
func (r record) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range r {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		b.Write(k)
		b.WriteByte(':')
		v := f.val
		if t, ok := v.(time.Time); ok && t.IsZero() {
			v = nil
		}
		data, err := marshalJSON(v)
		if err != nil {
			return nil, err
		}
		b.Write(bytes.TrimRight(data, "\n"))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return b.Bytes(), err
}

// writeOutput prints v (a record, or a []record for lists) as json or yaml,
// or calls table for the table format. Output is buffered: a list of 10,000
// workflows is otherwise 140,000 writes.
func writeOutput(w io.Writer, format string, v any, table func(io.Writer) error) error {
	bw := bufio.NewWriter(w)
	var err error
	switch format {
	case "json":
		err = writeRecordsJSON(bw, v)
	case "yaml":
		err = writeYAML(bw, v)
	default:
		err = table(bw)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// writeRecordsJSON prints a record or a list of records as indented JSON in
// field order. It lays out the records itself: encoding them through
// MarshalJSON would make encoding/json validate and re-indent every record
// once more, most of the time of a long list.
func writeRecordsJSON(w io.Writer, v any) error {
	var recs []record
	switch v := v.(type) {
	case record:
		return writeRecordJSON(w, v, "")
	case []record:
		recs = v
	default:
		return encodeJSON(w, v)
	}
	if len(recs) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	io.WriteString(w, "[\n  ")
	for i, r := range recs {
		if i > 0 {
			io.WriteString(w, ",\n  ")
		}
		if err := writeRecordJSON(w, r, "  "); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n]\n")
	return err
}

// writeRecordJSON prints one record as an indented object whose first line
// continues the current one and whose lines start with prefix.
func writeRecordJSON(w io.Writer, r record, prefix string) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix+"  ", "  ")
	b.WriteString("{")
	for i, f := range r {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n" + prefix + "  ")
		k, _ := json.Marshal(f.key)
		b.Write(k)
		b.WriteString(": ")
		v := f.val
		if t, ok := v.(time.Time); ok && t.IsZero() {
			v = nil
		}
		if err := enc.Encode(v); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1) // Encode's newline
	}
	if len(r) > 0 {
		b.WriteString("\n" + prefix)
	}
	b.WriteString("}")
	if prefix == "" {
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeYAML prints v in block style with the key order of its JSON form:
// YAML reads JSON, so the JSON encoding is parsed as a YAML node tree and
// re-emitted.
func writeYAML(w io.Writer, v any) error {
	data, err := marshalJSON(v)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return err
	}
	var block func(n *yaml.Node)
	block = func(n *yaml.Node) {
		n.Style = 0
		for _, c := range n.Content {
			block(c)
		}
	}
	block(&doc)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	return enc.Close()
}

// writeTable prints records as aligned columns under a header of their keys;
// no records prints AIFlow's "No data found".
func writeTable(w io.Writer, recs []record) error {
	if len(recs) == 0 {
		_, err := fmt.Fprintln(w, "No data found")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	keys := make([]string, len(recs[0]))
	for i, f := range recs[0] {
		keys[i] = f.key
	}
	fmt.Fprintln(tw, strings.Join(keys, "\t"))
	for _, r := range recs {
		cells := make([]string, len(r))
		for i, f := range r {
			cells[i] = cell(f.val)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// writeFields prints one record as "key  value" lines.
func writeFields(w io.Writer, r record) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range r {
		fmt.Fprintf(tw, "%s\t%s\n", f.key, cell(f.val))
	}
	return tw.Flush()
}

// cell is a value as one table cell: times in local time to the second,
// unset values as "-", structures as compact JSON.
func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return "-"
	case string:
		if v == "" {
			return "-"
		}
		return oneLine(strings.ReplaceAll(v, "\t", " "))
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case time.Time:
		if v.IsZero() {
			return "-"
		}
		return v.Local().Format("2006-01-02 15:04:05")
	case *time.Time:
		if v == nil {
			return "-"
		}
		return cell(*v)
	case json.RawMessage:
		var b bytes.Buffer
		if json.Compact(&b, v) != nil {
			return string(v)
		}
		return b.String()
	}
	data, err := marshalJSON(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(string(data))
}
