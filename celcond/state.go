package celcond

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// JSON has one number type; the state keeps CEL's three apart. A double is
// always written with a fraction or an exponent, a uint as {"$uint": N},
// and a map whose only key starts with "$" as {"$map": {...}}, so that no
// stored map reads back as a tag.
const (
	uintTag = "$uint"
	mapTag  = "$map"
)

// EncodeState writes a state as JSON that DecodeState reads back with the
// same CEL types: int64 as an integer, float64 with a fraction or an
// exponent (100.0, not 100), uint64 tagged, string, bool, nil, []any and
// map[string]any; keys are sorted. NaN, infinities and values of any other
// Go type are an error.
func EncodeState(m map[string]any) ([]byte, error) {
	var b bytes.Buffer
	if m == nil {
		m = map[string]any{}
	}
	if err := encode(&b, m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func encode(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case uint64:
		fmt.Fprintf(b, `{"%s":%d}`, uintTag, v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("cannot store %v: JSON has no NaN or infinity", v)
		}
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		b.WriteString(s)
	case string:
		q, _ := json.Marshal(v)
		b.Write(q)
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encode(b, x); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		wrap := len(keys) == 1 && strings.HasPrefix(keys[0], "$")
		if wrap {
			fmt.Fprintf(b, `{"%s":`, mapTag)
		}
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			q, _ := json.Marshal(k)
			b.Write(q)
			b.WriteByte(':')
			if err := encode(b, v[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
		if wrap {
			b.WriteByte('}')
		}
	default:
		return fmt.Errorf("cannot store a value of Go type %T", v)
	}
	return nil
}

// DecodeState reads a state that EncodeState wrote; empty input or null is
// the empty state.
func DecodeState(b []byte) (map[string]any, error) {
	return decodeJSON(b, true)
}

// decodeJSON reads a JSON object: integers as int64, other numbers as
// float64. With tags, the uint and map tags of EncodeState are read as
// such; without, every object is a plain map (an event's context).
func decodeJSON(b []byte, tags bool) (map[string]any, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data after the JSON value")
	}
	if raw == nil {
		return map[string]any{}, nil
	}
	v, err := fromJSON(raw, tags)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the state is not a JSON object")
	}
	return m, nil
}

func fromJSON(v any, tags bool) (any, error) {
	switch v := v.(type) {
	case json.Number:
		s := v.String()
		if !strings.ContainsAny(s, ".eE") {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				return i, nil
			}
		}
		return strconv.ParseFloat(s, 64)
	case []any:
		for i, x := range v {
			y, err := fromJSON(x, tags)
			if err != nil {
				return nil, err
			}
			v[i] = y
		}
		return v, nil
	case map[string]any:
		if tags && len(v) == 1 {
			if n, ok := v[uintTag].(json.Number); ok {
				return strconv.ParseUint(n.String(), 10, 64)
			}
			if inner, ok := v[mapTag].(map[string]any); ok {
				v = inner
			}
		}
		for k, x := range v {
			y, err := fromJSON(x, tags)
			if err != nil {
				return nil, err
			}
			v[k] = y
		}
		return v, nil
	}
	return v, nil
}
