// This file defines Mapper, which converts byte offsets to and from every
// other position system pqcert meets:
//
//   - byte offsets (Span): everything inside pqcert;
//   - LSP positions (Position, Range): 0-based line, UTF-16 code units;
//   - CLI/SARIF line and column (LineCol): 1-based line, 1-based UTF-16 column;
//   - tree-sitter points (Point): rows counted by '\n', byte columns.
//
// Lines follow the LSP: "\r\n", "\n" and a lone "\r" each end a line (U+2028
// and U+2029 do not). UTF-16 columns follow the LSP too: a character outside
// the Basic Multilingual Plane counts 2 units, and each byte of invalid UTF-8
// counts 1 unit, as the U+FFFD that an editor shows in its place would.

package document

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"unicode/utf8"
)

// checkpointEvery is the distance in bytes between the column checkpoints
// kept for long non-ASCII lines, so that a lookup on a minified one-line file
// walks at most this many bytes instead of the whole line.
const checkpointEvery = 4096

// Mapper converts between byte offsets and the other position systems for
// one text. It is immutable and safe for concurrent use. Build it with
// NewMapper or take a Document's with Document.Mapper.
//
// Every method clamps out-of-range input instead of failing, because editors
// send positions past the end of the document: an offset is clamped into
// [0, len(text)], a line past the last line means the end of the text, and a
// character past the end of its line means the end of that line (as the LSP
// specifies).
type Mapper struct {
	text []byte

	// lineStarts[i] is the offset where line i starts; lineStarts[0] = 0.
	lineStarts []int
	// nonASCII has bit i set when line i holds a byte >= 0x80; other lines
	// take the fast path where UTF-16 columns equal byte columns.
	nonASCII []uint64
	// checkpoints holds, for each non-ASCII line longer than
	// checkpointEvery, column checkpoints every checkpointEvery bytes.
	checkpoints map[int][]checkpoint
	// rowStarts[i] is the offset where tree-sitter row i starts. It is the
	// same slice as lineStarts when the text has no lone '\r'.
	rowStarts []int
}

// checkpoint records that the character at byte offset off starts at UTF-16
// column units of its line.
type checkpoint struct{ off, units int }

// NewMapper builds a Mapper for text in one pass. The Mapper keeps text
// without copying it, so text must not be modified afterwards.
func NewMapper(text []byte) *Mapper {
	m := &Mapper{text: text}
	starts := make([]int, 1, len(text)/32+1)
	var rows []int // nil until the first lone '\r'
	hasCR := bytes.IndexByte(text, '\r') >= 0

	lineStart := 0
	endLine := func(contentEnd, next int, byLF bool) {
		if !isASCII(text[lineStart:contentEnd]) {
			m.markNonASCII(len(starts)-1, lineStart, contentEnd)
		}
		lineStart = next
		starts = append(starts, next)
		if rows != nil && byLF {
			rows = append(rows, next)
		}
	}

	for i := 0; ; {
		j := bytes.IndexByte(text[i:], '\n')
		segEnd := len(text)
		if j >= 0 {
			segEnd = i + j
		}
		if hasCR {
			// Each '\r' in the segment ends a line, except one right
			// before the '\n', which makes the "\r\n" terminator.
			for k := i; ; {
				c := bytes.IndexByte(text[k:segEnd], '\r')
				if c < 0 {
					break
				}
				cr := k + c
				if j >= 0 && cr+1 == segEnd {
					break
				}
				if rows == nil {
					rows = append([]int(nil), starts...)
				}
				endLine(cr, cr+1, false)
				k = cr + 1
			}
		}
		if j < 0 {
			if !isASCII(text[lineStart:]) {
				m.markNonASCII(len(starts)-1, lineStart, len(text))
			}
			break
		}
		contentEnd := segEnd
		if contentEnd > lineStart && text[contentEnd-1] == '\r' {
			contentEnd--
		}
		endLine(contentEnd, segEnd+1, true)
		i = segEnd + 1
	}

	m.lineStarts = starts
	m.rowStarts = starts
	if rows != nil {
		m.rowStarts = rows
	}
	return m
}

// markNonASCII records that line, whose content is text[start:end], holds
// non-ASCII bytes, and adds checkpoints when the line is long.
func (m *Mapper) markNonASCII(line, start, end int) {
	m.setNonASCII(line)
	if end-start <= checkpointEvery {
		return
	}
	var cps []checkpoint
	units, next := 0, start+checkpointEvery
	for i := start; i < end; {
		if i >= next {
			cps = append(cps, checkpoint{off: i, units: units})
			next = i + checkpointEvery
		}
		w, size := unitsAt(m.text[:end], i)
		units += w
		i += size
	}
	m.addCheckpoints(line, cps)
}

// isASCII reports whether b holds only bytes below 0x80. It tests eight bytes
// at a time because NewMapper runs it over the whole text.
func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// unitsAt decodes the character at text[i] and returns its width in UTF-16
// units and its size in bytes. An invalid byte is one character of width 1.
func unitsAt(text []byte, i int) (units, size int) {
	if c := text[i]; c < utf8.RuneSelf {
		return 1, 1
	}
	r, size := utf8.DecodeRune(text[i:])
	if r >= 0x10000 {
		return 2, size
	}
	return 1, size
}

// LineCount returns the number of lines. It is at least 1: an empty text has
// one empty line, and a text ending in a line terminator has an empty last
// line after it.
func (m *Mapper) LineCount() int { return len(m.lineStarts) }

// LineSpan returns the span of line's content, without its terminator. A
// negative line is clamped to 0 and a line past the last to the empty span
// at the end of the text.
func (m *Mapper) LineSpan(line int) Span {
	if line < 0 {
		line = 0
	}
	if line >= len(m.lineStarts) {
		return Span{len(m.text), len(m.text)}
	}
	return Span{m.lineStarts[line], m.lineEnd(line)}
}

// lineEnd returns the offset where line's content ends: before its "\r\n",
// "\n" or "\r", or at the end of the text for the last line.
func (m *Mapper) lineEnd(line int) int {
	if line+1 >= len(m.lineStarts) {
		return len(m.text)
	}
	end := m.lineStarts[line+1] - 1 // the terminator's last byte
	if m.text[end] == '\n' && end > m.lineStarts[line] && m.text[end-1] == '\r' {
		end--
	}
	return end
}

// lineOf returns the line containing offset off, which must be in
// [0, len(text)]. An offset inside a terminator belongs to the line it ends.
func (m *Mapper) lineOf(off int) int {
	return sort.Search(len(m.lineStarts), func(i int) bool { return m.lineStarts[i] > off }) - 1
}

func (m *Mapper) isNonASCII(line int) bool {
	return line/64 < len(m.nonASCII) && m.nonASCII[line/64]&(1<<(line%64)) != 0
}

func (m *Mapper) clamp(off int) int {
	return min(max(off, 0), len(m.text))
}

// Position returns the LSP position of byte offset off. The offset is first
// clamped into [0, len(text)]; an offset inside a multi-byte character maps
// to the start of that character, and an offset inside a line terminator
// (for instance between '\r' and '\n') maps to the end of the line's content.
func (m *Mapper) Position(off int) Position {
	off = m.clamp(off)
	line := m.lineOf(off)
	start, end := m.lineStarts[line], m.lineEnd(line)
	off = min(off, end)
	if !m.isNonASCII(line) {
		return Position{Line: line, Character: off - start}
	}
	i, units := start, 0
	if cps := m.checkpoints[line]; cps != nil {
		k := sort.Search(len(cps), func(k int) bool { return cps[k].off > off }) - 1
		if k >= 0 {
			i, units = cps[k].off, cps[k].units
		}
	}
	lineText := m.text[:end]
	for i < off {
		w, size := unitsAt(lineText, i)
		if i+size > off {
			break // off is inside this character
		}
		units += w
		i += size
	}
	return Position{Line: line, Character: units}
}

// Offset returns the byte offset of LSP position p. It fails only for a
// negative line or character. A line past the last line maps to len(text);
// a character past the end of its line maps to the end of the line's
// content; a character in the middle of a surrogate pair (the second unit of
// a character outside the BMP) maps to the start of that character.
func (m *Mapper) Offset(p Position) (int, error) {
	if p.Line < 0 || p.Character < 0 {
		return 0, fmt.Errorf("invalid position %d:%d: negative line or character", p.Line, p.Character)
	}
	if p.Line >= len(m.lineStarts) {
		return len(m.text), nil
	}
	start, end := m.lineStarts[p.Line], m.lineEnd(p.Line)
	if !m.isNonASCII(p.Line) {
		return start + min(p.Character, end-start), nil
	}
	i, units := start, 0
	if cps := m.checkpoints[p.Line]; cps != nil {
		k := sort.Search(len(cps), func(k int) bool { return cps[k].units > p.Character }) - 1
		if k >= 0 {
			i, units = cps[k].off, cps[k].units
		}
	}
	lineText := m.text[:end]
	for i < end && units < p.Character {
		w, size := unitsAt(lineText, i)
		if units+w > p.Character {
			break // p points into a surrogate pair
		}
		units += w
		i += size
	}
	return i, nil
}

// Range returns the LSP range of span s; see Position for clamping.
func (m *Mapper) Range(s Span) Range {
	return Range{Start: m.Position(s.Start), End: m.Position(s.End)}
}

// errReversedRange reports a range whose end comes before its start.
var errReversedRange = errors.New("range end is before its start")

// Span returns the byte span of LSP range r; see Offset for clamping. It
// fails for a negative position or a range whose end is before its start.
func (m *Mapper) Span(r Range) (Span, error) {
	if comparePositions(r.End, r.Start) < 0 {
		return Span{}, fmt.Errorf("invalid range %d:%d-%d:%d: %w",
			r.Start.Line, r.Start.Character, r.End.Line, r.End.Character, errReversedRange)
	}
	start, err := m.Offset(r.Start)
	if err != nil {
		return Span{}, err
	}
	end, err := m.Offset(r.End)
	if err != nil {
		return Span{}, err
	}
	return Span{start, end}, nil
}

// LineCol returns the 1-based line and the 1-based column, counted in UTF-16
// units, of byte offset off, as command-line output and SARIF print them.
// It clamps like Position.
func (m *Mapper) LineCol(off int) (line, col int) {
	p := m.Position(off)
	return p.Line + 1, p.Character + 1
}

// Point returns the tree-sitter point of byte offset off, clamped into
// [0, len(text)]. Unlike lines, rows are counted by '\n' only, and the column
// is in bytes, so no character boundary applies.
func (m *Mapper) Point(off int) Point {
	off = m.clamp(off)
	row := sort.Search(len(m.rowStarts), func(i int) bool { return m.rowStarts[i] > off }) - 1
	return Point{Row: uint32(row), Column: uint32(off - m.rowStarts[row])}
}
