// This file defines how documents change: LSP content changes (Apply) and
// plain byte edits (ApplyEdits).

package document

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
)

// Change is one LSP content change. A nil Range replaces the whole text.
//
// The LSP distinguishes a full replacement from an insertion at 0:0 only by
// the absence of the range, hence the pointer.
type Change struct {
	Range *Range
	Text  string
}

// Edit describes one change in the form tree-sitter's Tree.Edit takes: the
// bytes [StartByte, OldEndByte) of the old text became [StartByte,
// NewEndByte) of the new text, with the matching points.
type Edit struct {
	StartByte, OldEndByte, NewEndByte    int
	StartPoint, OldEndPoint, NewEndPoint Point
}

// Apply applies changes in order and returns the resulting document with the
// given version, and one Edit per change, each expressed against the text as
// it was right before that change, so that feeding them in order to
// tree-sitter's Tree.Edit keeps an old tree in step. d itself is unchanged.
//
// Ranges are resolved as Mapper.Span does: positions past the end clamp to
// the end, and a position inside a surrogate pair moves to the start of its
// character, so the text is never split inside a character or a "\r\n" by an
// LSP range. A reversed or negative range fails the whole call, and then
// Apply returns no document.
//
// The first change copies the text; each change then moves the text after
// it and updates the line tables (linear in the number of lines), and scans
// only the lines it touches. Only a full replacement rescans a whole text.
func (d *Document) Apply(version int32, changes []Change) (*Document, []Edit, error) {
	text, m := d.Text, d.Mapper()
	edits := make([]Edit, 0, len(changes))
	// The first change copies d.Text into a buffer with room for every
	// insertion; later changes edit that buffer in place, which moves only
	// the tail instead of copying and allocating the whole text again.
	owned := false
	room := 0
	for _, ch := range changes {
		room += len(ch.Text)
	}
	for i, ch := range changes {
		span := Span{0, len(text)}
		if ch.Range != nil {
			var err error
			if span, err = m.Span(*ch.Range); err != nil {
				return nil, nil, fmt.Errorf("change %d of %s: %w", i, d.URI, err)
			}
		}
		startPoint := m.Point(span.Start)
		oldEndPoint := m.Point(span.End)
		var newText []byte
		switch {
		case ch.Range == nil:
			newText = append(make([]byte, 0, room), ch.Text...)
		case owned:
			newText = slices.Replace(text, span.Start, span.End, []byte(ch.Text)...)
		default:
			newText = make([]byte, 0, len(text)-span.Len()+room)
			newText = append(newText, text[:span.Start]...)
			newText = append(newText, ch.Text...)
			newText = append(newText, text[span.End:]...)
		}
		owned = true
		edits = append(edits, Edit{
			StartByte:   span.Start,
			OldEndByte:  span.End,
			NewEndByte:  span.Start + len(ch.Text),
			StartPoint:  startPoint,
			OldEndPoint: oldEndPoint,
			NewEndPoint: advance(startPoint, ch.Text),
		})
		if ch.Range == nil {
			m = NewMapper(newText)
		} else {
			// spliced never reads m's text, which the in-place case
			// above may already have overwritten.
			m = m.spliced(newText, span.Start, span.End, len(ch.Text))
		}
		text = newText
	}
	next := &Document{URI: d.URI, Version: version, Text: text}
	if len(changes) > 0 {
		next.mapper = m // already built for the last change's resolution
	}
	return next, edits, nil
}

// advance returns the point reached from p after the text s.
func advance(p Point, s string) Point {
	nl := 0
	last := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			nl++
			last = i
		}
	}
	if nl == 0 {
		return Point{Row: p.Row, Column: p.Column + uint32(len(s))}
	}
	return Point{Row: p.Row + uint32(nl), Column: uint32(len(s) - last - 1)}
}

// TextEdit replaces the bytes of Span with NewText.
type TextEdit struct {
	Span    Span
	NewText string
}

// ApplyEdits returns text with all edits applied; text itself is unchanged.
// Every span is taken against the original text; edits may come in any
// order. Insertions at the same offset keep their order in edits and go
// before a replacement starting there. It fails for a span outside the text,
// a reversed span, or two edits that overlap.
func ApplyEdits(text []byte, edits []TextEdit) ([]byte, error) {
	sorted := make([]TextEdit, len(edits))
	copy(sorted, edits)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i].Span, sorted[j].Span
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
	size := len(text)
	for i, e := range sorted {
		if e.Span.Start < 0 || e.Span.End < e.Span.Start || e.Span.End > len(text) {
			return nil, fmt.Errorf("edit span [%d, %d) is not within the text of %d bytes", e.Span.Start, e.Span.End, len(text))
		}
		if i > 0 && e.Span.Start < sorted[i-1].Span.End {
			prev := sorted[i-1].Span
			return nil, fmt.Errorf("edit spans [%d, %d) and [%d, %d) overlap", prev.Start, prev.End, e.Span.Start, e.Span.End)
		}
		size += len(e.NewText) - e.Span.Len()
	}
	var out bytes.Buffer
	out.Grow(size)
	last := 0
	for _, e := range sorted {
		out.Write(text[last:e.Span.Start])
		out.WriteString(e.NewText)
		last = e.Span.End
	}
	out.Write(text[last:])
	return out.Bytes(), nil
}
