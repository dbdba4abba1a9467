package syntax

// This file splits a section document into chunks that are parsed one by
// one: the head (attributes, `section Name;`) and then one chunk per
// member, each ending with the member's `;`.
//
// In M a `;` outside text, quoted names and comments only ends the section
// header or a member, so a scan that skips those finds the members without
// parsing. Parsing each member on its own keeps a mistake inside it (the
// next member is still a member, whatever tree-sitter's recovery would have
// done), lets an edit reparse only the member it touches, and lets the
// members of a large document be parsed in parallel. A valid document
// gives the same tree either way.

import (
	"unicode"
	"unicode/utf8"
)

// scanState is where a lexical scan stands: in code, or inside a text
// literal, quoted name or comment.
type scanState uint8

const (
	inCode  scanState = iota
	inQuote           // "…", #"…" or #!"…"
	inLineComment
	inBlockComment
)

// isLineBreak reports whether r ends a line comment, as in the grammar.
func isLineBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029
}

// memberEnds returns the offsets just after each `;` in code from start on,
// in order. It stops early, after at least minEnd, at the first end that
// stop accepts; that end is included.
func memberEnds(text []byte, start, minEnd int, stop func(end int) bool) []int {
	var ends []int
	for i := start; i < len(text); {
		c := text[i]
		switch {
		case c == ';':
			i++
			ends = append(ends, i)
			if i >= minEnd && stop != nil && stop(i) {
				return ends
			}
			continue
		case c == '"':
			i = skipQuote(text, i+1)
			continue
		case c == '#' && i+1 < len(text) && text[i+1] == '"':
			i = skipQuote(text, i+2)
			continue
		case c == '#' && i+2 < len(text) && text[i+1] == '!' && text[i+2] == '"':
			i = skipQuote(text, i+3)
			continue
		case c == '/' && i+1 < len(text) && text[i+1] == '/':
			i = skipLineComment(text, i+2)
			continue
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			i = skipBlockComment(text, i+2)
			continue
		}
		i++
	}
	return ends
}

// skipQuote returns the offset after the quoted token whose content starts
// at i: after its closing `"` (`""` is an escaped
// quote), or the end of the text when no closing quote follows. (The
// grammar ends an unterminated literal at the end of its line; here it runs
// on, so that where a chunk ends never depends on text after that end, and
// the chunk with the open quote, the last, is parsed again after any edit
// that could close it.)
func skipQuote(text []byte, i int) int {
	for i < len(text) {
		if text[i] == '"' {
			if i+1 < len(text) && text[i+1] == '"' {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(text)
}

func skipLineComment(text []byte, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRune(text[i:])
		if isLineBreak(r) {
			return i
		}
		i += size
	}
	return i
}

func skipBlockComment(text []byte, i int) int {
	for i+1 < len(text) {
		if text[i] == '*' && text[i+1] == '/' {
			return i + 2
		}
		i++
	}
	return len(text)
}

// sectionHead reports whether text is a section document: whether its
// first token, after comments and an attribute record, is the keyword
// `section`. It also returns the offset up to which the answer depends on
// the text (an edit after it cannot change the answer).
func sectionHead(text []byte) (bool, int) {
	i := skipTrivia(text, 0)
	if i < len(text) && text[i] == '[' {
		// A literal attribute record: skip to its closing bracket.
		depth := 0
		for i < len(text) {
			switch c := text[i]; {
			case c == '[':
				depth++
				i++
			case c == ']':
				depth--
				i++
			case c == '"':
				i = skipQuote(text, i+1)
			case c == '#' && i+1 < len(text) && text[i+1] == '"':
				i = skipQuote(text, i+2)
			case c == '/' && i+1 < len(text) && text[i+1] == '/':
				i = skipLineComment(text, i+2)
			case c == '/' && i+1 < len(text) && text[i+1] == '*':
				i = skipBlockComment(text, i+2)
			case c == ';':
				// Never inside a record: the attributes are broken.
				return false, i + 1
			default:
				i++
			}
			if depth == 0 {
				break
			}
		}
		i = skipTrivia(text, i)
	}
	const kw = "section"
	end := i + len(kw)
	if end > len(text) || string(text[i:end]) != kw {
		return false, min(end+1, len(text))
	}
	if end < len(text) {
		if r, _ := utf8.DecodeRune(text[end:]); isPartRune(r) || r == '.' {
			return false, end + 1
		}
	}
	return true, min(end+1, len(text))
}

// skipTrivia skips whitespace and comments from i.
func skipTrivia(text []byte, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRune(text[i:])
		switch {
		case isSpaceRune(r):
			i += size
		case r == '/' && i+1 < len(text) && text[i+1] == '/':
			i = skipLineComment(text, i+2)
		case r == '/' && i+1 < len(text) && text[i+1] == '*':
			i = skipBlockComment(text, i+2)
		default:
			return i
		}
	}
	return i
}

// isPartRune reports whether r may continue an identifier.
func isPartRune(r rune) bool {
	return unicode.In(r, unicode.L, unicode.Nl, unicode.Nd, unicode.Pc, unicode.Mn, unicode.Mc, unicode.Cf)
}
