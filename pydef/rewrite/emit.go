package rewrite

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// edit replaces src[s:e] with text; s == e inserts.
type edit struct {
	s, e int32
	text string
}

// seg starts a stretch of an output line at column out. A copied stretch
// maps column out+k to orig+k; a synthesized one maps every column to orig.
type seg struct {
	out, orig int32
	synth     bool
}

// emitter applies sorted edits and records the column map as it goes.
type emitter struct {
	src   []byte
	out   []byte
	cols  [][]seg
	line  int // 0-based current line
	oc    int // output column of the next byte (1-based, code points)
	ic    int // original column of src[pos]
	pos   int
	delta int // ic-oc of the last copied stretch
	synth bool
}

// apply builds the rewritten source. Edits are sorted by start; at equal
// starts insertions come first, in the order they were made.
func apply(src []byte, edits []edit, lines int) ([]byte, [][]seg) {
	sort.SliceStable(edits, func(i, j int) bool {
		a, b := edits[i], edits[j]
		if a.s != b.s {
			return a.s < b.s
		}
		return a.e == a.s && b.e > b.s
	})
	grow := 0
	for _, e := range edits {
		grow += len(e.text)
	}
	m := &emitter{src: src, out: make([]byte, 0, len(src)+grow), cols: make([][]seg, lines), oc: 1, ic: 1}
	for _, e := range edits {
		if int(e.s) < m.pos {
			continue // overlapping edits never happen; keep the first
		}
		m.copyTo(int(e.s))
		m.write(e.text)
		m.skip(int(e.e))
	}
	m.copyTo(len(src))
	return m.out, m.cols
}

func (m *emitter) mark(synth bool) {
	l := m.cols[m.line]
	if n := len(l); n > 0 && int(l[n-1].out) == m.oc {
		l = l[:n-1]
	}
	m.cols[m.line] = append(l, seg{out: int32(m.oc), orig: int32(m.ic), synth: synth})
	m.synth = synth
	m.delta = m.ic - m.oc
}

func (m *emitter) newlines(chunk []byte, tail []byte) {
	m.line += bytes.Count(chunk, []byte{'\n'})
	m.oc, m.ic, m.delta, m.synth = 1, 1, 0, false
	n := utf8.RuneCount(tail)
	m.oc += n
	m.ic += n
}

func (m *emitter) copyTo(end int) {
	if end <= m.pos {
		return
	}
	if m.synth || m.ic-m.oc != m.delta {
		m.mark(false)
	}
	chunk := m.src[m.pos:end]
	m.out = append(m.out, chunk...)
	m.pos = end
	if k := bytes.LastIndexByte(chunk, '\n'); k >= 0 {
		m.newlines(chunk, chunk[k+1:])
		return
	}
	n := utf8.RuneCount(chunk)
	m.oc += n
	m.ic += n
}

func (m *emitter) write(text string) {
	if text == "" {
		return
	}
	m.mark(true)
	m.out = append(m.out, text...)
	m.oc += utf8.RuneCountInString(text)
}

// skip drops src[pos:end]. Replaced ranges hold no newlines; should one
// ever do, its newlines are kept so that lines still line up.
func (m *emitter) skip(end int) {
	if end <= m.pos {
		return
	}
	chunk := m.src[m.pos:end]
	m.pos = end
	if k := bytes.LastIndexByte(chunk, '\n'); k >= 0 {
		m.out = append(m.out, bytes.Repeat([]byte{'\n'}, bytes.Count(chunk, []byte{'\n'}))...)
		m.newlines(chunk, nil)
		m.ic += utf8.RuneCount(chunk[k+1:])
		return
	}
	m.ic += utf8.RuneCount(chunk)
}
