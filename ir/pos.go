package ir

import "fmt"

// Pos is a 1-based line and column; Col counts Unicode code points. The zero
// value means unknown.
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"column"`
}

// IsValid reports whether the position is known.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Before reports whether p comes before q.
func (p Pos) Before(q Pos) bool {
	return p.Line < q.Line || p.Line == q.Line && p.Col < q.Col
}

// Span is a range of source text; End is exclusive and may be zero when only
// the start is known.
type Span struct {
	File  string `json:"file"`
	Start Pos    `json:"start"`
	End   Pos    `json:"end"`
}

// String formats the span's start as file:line:col, dropping what is unknown.
func (s Span) String() string {
	switch {
	case s.Start.Line == 0 && s.File == "":
		return "-"
	case s.Start.Line == 0:
		return s.File
	case s.Start.Col == 0:
		return fmt.Sprintf("%s:%d", s.File, s.Start.Line)
	}
	return fmt.Sprintf("%s:%d:%d", s.File, s.Start.Line, s.Start.Col)
}
