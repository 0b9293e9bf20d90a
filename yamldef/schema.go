package yamldef

import (
	"bytes"
	"encoding/json"
	"github.com/aiflow-go/aiflow/operator"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/aiflow-go/aiflow/ir"
)

// SchemaFile is where the repository keeps the generated schema, relative to
// the module root; editors point at it with a yaml-language-server modeline.
const SchemaFile = "testdata/schema/aiflow-workflow.schema.json"

// Schema returns the JSON Schema (draft-07) of one YAML workflow document,
// generated from the key tables the parser checks keys against, so the two
// cannot disagree. The output is deterministic (sorted keys, two-space
// indent, trailing newline).
func Schema() []byte {
	return slices.Clone(schemaBytes())
}

var schemaBytes = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(buildSchema()); err != nil {
		panic("yamldef: cannot encode the schema: " + err.Error())
	}
	return buf.Bytes()
})

type obj = map[string]any

// durationPattern matches the Go duration strings time.ParseDuration takes.
const durationPattern = `^[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$`

func ref(def string) obj { return obj{"$ref": "#/definitions/" + def} }

// anyCase is the schema of a string that is one of upper in any case: an
// enum of the upper and lower case forms, for editors to complete, and a
// pattern that admits mixed case, as the parser does.
func anyCase(upper []string) obj {
	enum := slices.Clone(upper)
	var alts []string
	for _, s := range upper {
		enum = append(enum, strings.ToLower(s))
		var b strings.Builder
		for _, r := range s {
			if lr := unicode.ToLower(r); lr != r {
				b.WriteString("[" + string(r) + string(lr) + "]")
			} else {
				b.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		alts = append(alts, b.String())
	}
	return obj{"type": "string", "anyOf": []obj{{"enum": enum}, {"pattern": "^(" + strings.Join(alts, "|") + ")$"}}}
}

// kindSchema is the schema of a value of kind k, described by doc.
func kindSchema(k kind, doc string) obj {
	var s obj
	switch k {
	case kind(operator.TString):
		s = obj{"type": "string"}
	case kind(operator.TBool):
		s = obj{"type": "boolean"}
	case kind(operator.TInt):
		s = obj{"type": "integer"}
	case kNumberValue:
		s = obj{"type": []string{"number", "string"}, "pattern": durationPattern}
	case kind(operator.TStrings):
		s = obj{"type": "array", "items": obj{"type": "string"}}
	case kSchedules:
		// ir.Validate checks the expressions; the pattern helps editors.
		s = obj{"type": "array", "items": obj{"type": "string", "pattern": "^(cron|interval)@"}}
	case kind(operator.TStrMap):
		s = obj{"type": "object", "additionalProperties": obj{"type": "string"}}
	case kind(operator.TList):
		s = obj{"type": "array"}
	case kind(operator.TMap):
		s = obj{"type": "object"}
	case kOperator:
		s = obj{"type": "string", "enum": operatorNames()}
	case kAction:
		s = anyCase([]string{string(ir.Start), string(ir.Stop), string(ir.Restart)})
	case kTaskNames, kEventKeys:
		s = obj{"oneOf": []obj{{"type": "string"}, {"type": "array", "items": obj{"type": "string"}}}}
	case kTasks:
		s = obj{"type": "array", "items": ref("task")}
	case kRules:
		s = obj{"type": "array", "items": ref("rule")}
	case kConditions:
		s = obj{"type": "array", "items": ref("condition")}
	case kTaskStatusL:
		s = obj{"type": "array", "items": ref("taskStatus")}
	case kStatusMap:
		s = obj{"type": "object", "additionalProperties": ref("status")}
	case kStatus, kCondition, kTaskStatus, kMeetAll, kCustomCond, kExprCond:
		// A $ref ignores its siblings in draft-07; allOf keeps the description.
		s = obj{"allOf": []obj{ref(map[kind]string{kStatus: "status", kCondition: "condition",
			kTaskStatus: "taskStatus", kMeetAll: "meetAll", kCustomCond: "customCondition", kExprCond: "expressionCondition"}[k])}}
	default:
		panic("yamldef: no schema for kind " + string(k))
	}
	s["description"] = doc
	return s
}

// objectSchema is the schema of a mapping with exactly keys.
func objectSchema(keys []key, doc string) obj {
	props := obj{}
	var required []string
	for _, k := range keys {
		props[k.name] = kindSchema(k.kind, k.doc)
		if k.need != optional {
			required = append(required, k.name)
		}
	}
	s := obj{"type": "object", "description": doc, "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func buildSchema() obj {
	root := objectSchema(workflowKeys, "One aiflow-go workflow: its tasks, their rules, and the schedules and triggers that start executions.")
	root["$schema"] = "http://json-schema.org/draft-07/schema#"
	root["title"] = "aiflow-go workflow"

	rule := objectSchema(ruleKeys, "A rule of a task: apply action when the condition (event, task_status or condition; exactly one) is met; event with when is an expression condition.")
	var forms []obj
	for _, k := range ruleConditionKeys {
		forms = append(forms, obj{"required": []string{k}})
	}
	rule["oneOf"] = forms
	// when turns an event rule into an expression condition; update needs it.
	rule["dependencies"] = obj{"when": []string{"event"}, "update": []string{"when"}}

	cond := objectSchema(conditionKeys, "A condition: a mapping with exactly one key naming its kind.")
	cond["minProperties"] = 1
	cond["maxProperties"] = 1

	status := anyCase(ir.TaskStatuses)
	status["description"] = "A task status, upper or lower case."
	root["definitions"] = obj{
		"task":            taskSchema(),
		"rule":            rule,
		"condition":       cond,
		"taskStatus":      objectSchema(taskStatusKeys, "A task-status condition: met when a task changes to a status."),
		"meetAll":         objectSchema(meetAllKeys, "A meet-all condition: met once every sub-condition has been met."),
		"customCondition": objectSchema(customConditionKeys, "A user Condition subclass defined in a Python file."),
		"expressionCondition": objectSchema(expressionConditionKeys,
			"An expression condition (aiflow-go): met when the CEL expression when is true; update sets state keys after each evaluation."),
		"status": status,
	}
	return root
}

// taskSchema accepts the keys of every operator and narrows them with one
// if/then per operator, so that an operator's own keys are allowed only for
// that operator.
func taskSchema() obj {
	union := slices.Clone(taskKeys(""))
	for i, k := range union {
		owners := ownersOf(k.name)
		switch len(owners) {
		case 0:
			continue
		case 1:
			union[i].doc += " Only for the " + owners[0] + " operator."
		default:
			// The meaning differs a little per operator: give each.
			var docs []string
			for _, o := range owners {
				docs = append(docs, o+": "+findKey(operatorKeys(operator.Kind(o)).keys, k.name).doc)
			}
			union[i].doc = strings.Join(docs, " ")
		}
		union[i].need = optional // required in its operators' if/then clauses
	}
	s := objectSchema(union, "A task: its operator, the operator's arguments and the task's rules.")
	var clauses []obj
	for _, o := range operatorTable() {
		keys := taskKeys(o.kind)
		props := obj{}
		var required []string
		for _, k := range o.keys {
			props[k.name] = kindSchema(k.kind, k.doc)
			if k.need != optional {
				required = append(required, k.name)
			}
		}
		then := obj{"description": o.doc, "propertyNames": obj{"enum": keyNames(keys)}}
		if len(props) > 0 {
			then["properties"] = props
		}
		if len(required) > 0 {
			then["required"] = required
		}
		clauses = append(clauses, obj{
			"if":   obj{"properties": obj{"operator": obj{"const": string(o.kind)}}, "required": []string{"operator"}},
			"then": then,
		})
	}
	s["allOf"] = clauses
	return s
}
