package ir

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLen bounds a workflow, task or namespace name, in bytes.
const MaxNameLen = 256

// CheckName returns what is wrong with a name, as a phrase to follow the
// name ("must not contain \"/\""), or "" when it is fine. The validator and
// the server share it so that a definition and an API call agree.
//
// kind is "workflow", "task" or "namespace" for the names of the model, or
// anything else ("event key", "sender") for the other names a client
// chooses; every kind gets the text rule:
//
//   - not empty, valid UTF-8;
//   - no NUL and no other control character (C0, DEL, C1, U+2028 and
//     U+2029): they cut or forge lines in logs and terminals;
//   - no bidirectional control (U+061C, U+200E, U+200F, U+202A-U+202E,
//     U+2066-U+2069) and no zero-width character (U+200B-U+200D, U+2060,
//     U+FEFF): they make two different names look the same, or a name look
//     like another (the "Trojan Source" attack).
//
// Names of the model also become parts of event keys, file paths (the
// working folder working_dir/<workflow>/ and the logs in
// log_dir/<workflow>/) and API paths, so they must also be at most
// MaxNameLen bytes, must not be "." or "..", contain "/" or "\\", or start
// or end with white space, and "*" is no namespace (it means any). A
// workflow name must not start with "." nor end with ".log": working_dir
// and log_dir keep the server's own files under such names (.runtime,
// .conditions, .snapshots, .uploads, supervisors.log, aiflow_server.log and
// its rotated copies aiflow_server.<n>.log), which a workflow's folder would
// collide with; one rule covers those to come.
func CheckName(kind, name string) string {
	if p := checkText(name); p != "" {
		return p
	}
	switch kind {
	case "workflow", "task", "namespace":
	default:
		return ""
	}
	switch {
	case name == "." || name == "..":
		return `must not be "." or ".."`
	case kind == "namespace" && name == "*":
		return `must not be "*", which stands for any namespace`
	case len(name) > MaxNameLen:
		return fmt.Sprintf("is longer than %d bytes", MaxNameLen)
	case strings.Contains(name, "/"):
		return `must not contain "/"`
	case strings.Contains(name, `\`):
		return `must not contain "\\"`
	case strings.TrimSpace(name) != name:
		return "must not start or end with white space"
	case kind == "workflow" && (strings.HasPrefix(name, ".") || hasSuffixFold(name, ".log")):
		return `must not start with "." nor end with ".log": working_dir and log_dir keep the server's own files ` +
			`(.runtime, .conditions, supervisors.log, aiflow_server.log) under such names`
	}
	return ""
}

// checkText is the rule every kind of name follows; see CheckName.
func checkText(name string) string {
	if name == "" {
		return "is empty"
	}
	if !utf8.ValidString(name) {
		return "is not valid UTF-8"
	}
	for _, r := range name {
		switch {
		case r == 0:
			return "must not contain NUL characters"
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			return "must not contain control characters"
		case isBidi(r):
			return fmt.Sprintf("must not contain bidirectional control characters (%U)", r)
		case isZeroWidth(r):
			return fmt.Sprintf("must not contain zero-width characters (%U)", r)
		}
	}
	return ""
}

// isBidi reports whether r changes the direction of the text around it.
func isBidi(r rune) bool {
	return r == '\u061C' || r == '\u200E' || r == '\u200F' || r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// isZeroWidth reports whether r is an invisible joiner or space.
func isZeroWidth(r rune) bool {
	return r >= '\u200B' && r <= '\u200D' || r == '\u2060' || r == '\uFEFF'
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}
