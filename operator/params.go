package operator

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Parameter variables: every task of an execution finds each parameter in
// ParamPrefix + ParamVar(name), and all of them, names unchanged, as a
// JSON object in EnvParams (the Python runner reads that one).
const (
	ParamPrefix = "AIFLOW_PARAM_"
	EnvParams   = "AIFLOW_PARAMS"
)

// ParamVar returns the environment variable of parameter name:
// ParamPrefix and the name upper-cased, with every character other than an
// ASCII letter, a digit or _ replaced by _, so that a shell can expand it.
func ParamVar(name string) string {
	b := []byte(ParamPrefix)
	for _, c := range strings.ToUpper(name) {
		if c < 0x80 && (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			b = append(b, byte(c))
		} else {
			b = append(b, '_')
		}
	}
	return string(b)
}

// CheckParams returns an error naming the first bad parameter, in name
// order: an empty name, two names with the same variable (ParamVar), a NUL
// byte, which no environment can hold.
func CheckParams(params map[string]string) error {
	seen := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(params)) {
		v := ParamVar(name)
		switch {
		case name == "":
			return errors.New("a parameter name is empty")
		case seen[v] != "":
			return fmt.Errorf("parameters %q and %q are both %s; rename one", seen[v], name, v)
		case strings.ContainsRune(name+params[name], 0):
			return fmt.Errorf("parameter %q holds a NUL byte", name)
		}
		seen[v] = name
	}
	return nil
}

// paramsEnv returns the variables of params, ordered by name, then
// EnvParams.
func paramsEnv(params map[string]string) []string {
	names := slices.Sorted(maps.Keys(params))
	env := make([]string, 0, len(names)+1)
	for _, name := range names {
		env = append(env, ParamVar(name)+"="+params[name])
	}
	b, _ := json.Marshal(params) // strings always marshal
	if params == nil {
		b = []byte("{}")
	}
	return append(env, EnvParams+"="+string(b))
}

// WithoutParams returns env without parameter variables, for the base
// environment of tasks: a task sees the parameters of its own execution
// only, not those of a task that started the server or the command.
func WithoutParams(env []string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		return strings.HasPrefix(kv, ParamPrefix) || strings.HasPrefix(kv, EnvParams+"=")
	})
}
