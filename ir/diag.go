package ir

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity of a diagnostic. Stored and printed as its lower-case name.
type Severity string

// Severities, most severe first.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Diagnostic is one problem found in a definition.
type Diagnostic struct {
	Severity Severity
	Code     Code   // stable kebab-case identifier, the SARIF rule id
	Message  string // one line, lower case, no trailing period
	Detail   string // optional longer explanation
	Span     Span
	Related  []Related
}

// Related points at a second place that explains a diagnostic, such as the
// first definition of a duplicated name.
type Related struct {
	Message string
	Span    Span
}

// Error formats the diagnostic as file:line:col: severity: message [code].
func (d Diagnostic) Error() string {
	return fmt.Sprintf("%s: %s: %s [%s]", d.Span, d.Severity, d.Message, d.Code)
}

// Errorf builds an error diagnostic.
func Errorf(code Code, span Span, format string, args ...any) Diagnostic {
	return Diagnostic{Severity: Error, Code: code, Span: span, Message: fmt.Sprintf(format, args...)}
}

// Warningf builds a warning diagnostic.
func Warningf(code Code, span Span, format string, args ...any) Diagnostic {
	return Diagnostic{Severity: Warning, Code: code, Span: span, Message: fmt.Sprintf(format, args...)}
}

// Diagnostics is a list of problems; producers append and keep going so that
// one run reports everything.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == Error })
}

// Count returns the number of diagnostics of the given severity.
func (ds Diagnostics) Count(s Severity) int {
	n := 0
	for _, d := range ds {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Err returns the diagnostics as an error when any of them is an error, nil
// otherwise.
func (ds Diagnostics) Err() error {
	if !ds.HasErrors() {
		return nil
	}
	return ds
}

// Error summarises the list: the first error and how many others follow.
func (ds Diagnostics) Error() string {
	var first *Diagnostic
	for i := range ds {
		if ds[i].Severity == Error {
			first = &ds[i]
			break
		}
	}
	if first == nil && len(ds) > 0 {
		first = &ds[0]
	}
	if first == nil {
		return "no diagnostics"
	}
	if n := len(ds) - 1; n > 0 {
		return fmt.Sprintf("%s (and %d more)", first.Error(), n)
	}
	return first.Error()
}

// Sort orders diagnostics by file, line, column, code and message.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			strings.Compare(a.Span.File, b.Span.File),
			cmp.Compare(a.Span.Start.Line, b.Span.Start.Line),
			cmp.Compare(a.Span.Start.Col, b.Span.Start.Col),
			strings.Compare(string(a.Code), string(b.Code)),
			strings.Compare(a.Message, b.Message),
		)
	})
}
