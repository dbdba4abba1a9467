// Package document holds the text of one file and converts between the
// position systems pqcert meets.
//
// Inside pqcert every position is a byte offset into [Document.Text] (a
// [Span] is a half-open byte range). Only the edges speak other systems: LSP
// clients count lines (0-based) and UTF-16 code units ([Position], [Range]),
// the command line prints 1-based lines and columns, and tree-sitter uses
// [Point]s (rows counted by '\n', columns in bytes). A [Mapper], built once
// per text, converts between all of them; [Document.Mapper] caches one.
//
// A [Document] is immutable: [Document.Apply] returns a new one together with
// the tree-sitter [Edit]s that turn the old syntax tree into the new one.
// [Decode] and [Encode] convert file bytes (UTF-8 with or without BOM,
// UTF-16 with BOM) to and from the UTF-8 text the rest of pqcert reads.
//
// The package uses only the standard library.
package document

import "sync"

// Span is a half-open range [Start, End) of byte offsets into a text.
type Span struct{ Start, End int }

// Len returns the number of bytes in s.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether off lies in s. An empty span contains nothing.
func (s Span) Contains(off int) bool { return s.Start <= off && off < s.End }

// Position is an LSP position: a 0-based line and a 0-based character offset
// counted in UTF-16 code units.
type Position struct{ Line, Character int }

// Range is an LSP range: two Positions, End exclusive.
type Range struct{ Start, End Position }

// Point is a tree-sitter point: Row counts only '\n' bytes before the offset
// (a lone '\r' does not start a row), and Column counts bytes since the last
// '\n'.
type Point struct{ Row, Column uint32 }

// Document is one version of a file's text. Documents are immutable: Text
// must not be modified after New, and Apply returns a new Document.
type Document struct {
	URI     string
	Version int32
	Text    []byte

	mapperOnce sync.Once
	mapper     *Mapper // built on first use; see Mapper
}

// New returns a Document holding text. The Document keeps text without
// copying it, so the caller must not modify text afterwards.
func New(uri string, version int32, text []byte) *Document {
	return &Document{URI: uri, Version: version, Text: text}
}

// Mapper returns the position mapper of d's text, building it on first use.
// It is safe for concurrent use.
func (d *Document) Mapper() *Mapper {
	d.mapperOnce.Do(func() {
		if d.mapper == nil {
			d.mapper = NewMapper(d.Text)
		}
	})
	return d.mapper
}

// comparePositions returns -1, 0 or +1 as p is before, equal to or after q.
func comparePositions(p, q Position) int {
	switch {
	case p.Line < q.Line:
		return -1
	case p.Line > q.Line:
		return 1
	case p.Character < q.Character:
		return -1
	case p.Character > q.Character:
		return 1
	}
	return 0
}

// OnlyBlanksBefore reports whether only spaces and tabs stand between the
// start of off's line (after LF, CR or the start of text) and off.
func OnlyBlanksBefore(text []byte, off int) bool {
	for i := off - 1; i >= 0; i-- {
		switch text[i] {
		case ' ', '\t':
			continue
		case '\n', '\r':
			return true
		}
		return false
	}
	return true
}
