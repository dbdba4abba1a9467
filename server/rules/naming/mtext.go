package naming

import (
	"github.com/pqcert/pqcert/server/syntax"
)

// This file lays out the M text fixes insert: line ends and indentation.

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
