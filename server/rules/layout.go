package rules

// This file reads the layout of a file that fixes insert text into, so
// that the text follows the file's line ends and indentation.

import "github.com/pqcert/pqcert/server/syntax"

// LineEnding returns the line terminator of the file's first line: "\r\n"
// when it ends with CRLF, else "\n" (also for a file of one line).
func LineEnding(f *syntax.File) string {
	t := f.Text()
	for i, c := range t {
		if c == '\n' {
			if i > 0 && t[i-1] == '\r' {
				return "\r\n"
			}
			return "\n"
		}
	}
	return "\n"
}

// IndentAt returns the blanks (spaces and tabs) that open the line holding
// byte offset off.
func IndentAt(f *syntax.File, off int) string {
	t := f.Text()
	start := min(off, len(t))
	for start > 0 && t[start-1] != '\n' && t[start-1] != '\r' {
		start--
	}
	end := start
	for end < len(t) && (t[end] == ' ' || t[end] == '\t') {
		end++
	}
	return string(t[start:end])
}

// SameLine reports whether no line break stands between byte offsets a and
// b of the file.
func SameLine(f *syntax.File, a, b int) bool {
	t := f.Text()
	if a > b {
		a, b = b, a
	}
	for i := max(a, 0); i < b && i < len(t); i++ {
		if t[i] == '\n' || t[i] == '\r' {
			return false
		}
	}
	return true
}
