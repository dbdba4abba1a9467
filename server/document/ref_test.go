package document

import "unicode/utf8"

// This file defines a deliberately naive model of a text as a flat sequence
// of UTF-16 units, against which the tests check Mapper and Apply.

// refUnit is one UTF-16 unit of the model. A character outside the BMP is
// two units: the first carries its bytes, the second (low) carries none.
// Line terminators are units too, with term set.
type refUnit struct {
	bytes []byte
	off   int  // offset of the character the unit belongs to
	end   int  // offset just after that character
	low   bool // the second unit of a surrogate pair
	term  bool // part of a line terminator
}

type refText struct {
	text  []byte
	units []refUnit
	lines [][2]int // for each line: index of its first unit, number of content units
}

func newRef(text []byte) *refText {
	r := &refText{text: text}
	lineStart := 0
	for i := 0; i < len(text); {
		if text[i] == '\r' || text[i] == '\n' {
			n := 1
			if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				n = 2
			}
			r.lines = append(r.lines, [2]int{lineStart, len(r.units) - lineStart})
			for k := 0; k < n; k++ {
				r.units = append(r.units, refUnit{bytes: text[i+k : i+k+1], off: i + k, end: i + k + 1, term: true})
			}
			i += n
			lineStart = len(r.units)
			continue
		}
		c, size := utf8.DecodeRune(text[i:])
		r.units = append(r.units, refUnit{bytes: text[i : i+size], off: i, end: i + size})
		if c >= 0x10000 {
			r.units = append(r.units, refUnit{off: i, end: i + size, low: true})
		}
		i += size
	}
	r.lines = append(r.lines, [2]int{lineStart, len(r.units) - lineStart})
	return r
}

// index returns the unit index position p designates, clamped like Offset.
func (r *refText) index(p Position) int {
	if p.Line >= len(r.lines) {
		return len(r.units)
	}
	first, n := r.lines[p.Line][0], r.lines[p.Line][1]
	idx := first + min(p.Character, n)
	if idx < len(r.units) && r.units[idx].low {
		idx--
	}
	return idx
}

func (r *refText) offset(p Position) int {
	idx := r.index(p)
	if idx == len(r.units) {
		return len(r.text)
	}
	return r.units[idx].off
}

func (r *refText) position(off int) Position {
	off = min(max(off, 0), len(r.text))
	line := 0
	for l := range r.lines {
		if r.startOffset(l) <= off {
			line = l
		}
	}
	first, n := r.lines[line][0], r.lines[line][1]
	char := 0
	for k := first; k < first+n; k++ {
		if r.units[k].end <= off {
			char++
		}
	}
	return Position{Line: line, Character: char}
}

func (r *refText) startOffset(line int) int {
	if idx := r.lines[line][0]; idx < len(r.units) {
		return r.units[idx].off
	}
	return len(r.text)
}

// splice replaces the units between positions a and b with s.
func (r *refText) splice(a, b Position, s string) []byte {
	i, j := r.index(a), r.index(b)
	var out []byte
	for _, u := range r.units[:i] {
		out = append(out, u.bytes...)
	}
	out = append(out, s...)
	for _, u := range r.units[j:] {
		out = append(out, u.bytes...)
	}
	return out
}

// refPoint counts '\n' the naive way.
func refPoint(text []byte, off int) Point {
	row, col := 0, 0
	for _, c := range text[:off] {
		if c == '\n' {
			row++
			col = 0
		} else {
			col++
		}
	}
	return Point{Row: uint32(row), Column: uint32(col)}
}
