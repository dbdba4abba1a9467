package naming

import (
	"strconv"
	"strings"

	"github.com/pqcert/pqcert/server/syntax"
)

// This file writes M text for fixes: literals, identifiers, layout.

// mText writes s as an M text literal.
func mText(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`""`)
		case r == '\r':
			b.WriteString("#(cr)")
		case r == '\n':
			b.WriteString("#(lf)")
		case r == '\t':
			b.WriteString("#(tab)")
		case r < 0x20:
			b.WriteString("#(" + strings.ToUpper(strconv.FormatInt(int64(r)+0x10000, 16)[1:]) + ")")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// keywords are M's reserved words, which a plain identifier cannot be.
var keywords = map[string]bool{
	"and": true, "as": true, "each": true, "else": true, "error": true, "false": true, "if": true, "in": true,
	"is": true, "let": true, "meta": true, "not": true, "null": true, "or": true, "otherwise": true,
	"section": true, "shared": true, "then": true, "true": true, "try": true, "type": true,
}

// plainIdentifier reports whether s can be written as a regular (possibly
// dotted) M identifier.
func plainIdentifier(s string) bool {
	if s == "" || keywords[s] {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for i, r := range part {
			letter := r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
			if !letter && (i == 0 || r < '0' || r > '9') {
				return false
			}
		}
	}
	return true
}

// mIdentifier writes a name as an M identifier, quoted when it must be.
func mIdentifier(s string) string {
	if plainIdentifier(s) {
		return s
	}
	return "#" + mText(s)
}

// lineEnding returns the file's line terminator: CRLF when it uses them.
func lineEnding(f *syntax.File) string {
	t := f.Text()
	for i := 0; i < len(t); i++ {
		if t[i] == '\n' {
			if i > 0 && t[i-1] == '\r' {
				return "\r\n"
			}
			return "\n"
		}
	}
	return "\n"
}

// indentAt returns the whitespace that opens the line holding off.
func indentAt(f *syntax.File, off int) string {
	t := f.Text()
	start := off
	for start > 0 && t[start-1] != '\n' && t[start-1] != '\r' {
		start--
	}
	end := start
	for end < len(t) && (t[end] == ' ' || t[end] == '\t') {
		end++
	}
	return string(t[start:end])
}

// sameLine reports whether two offsets of a file are on one line.
func sameLine(f *syntax.File, a, b int) bool {
	if a > b {
		a, b = b, a
	}
	for _, c := range f.Text()[a:b] {
		if c == '\n' || c == '\r' {
			return false
		}
	}
	return true
}
