package scope

// This file writes names as M source, the inverse of [Name]: editor
// features and rule fixes that insert or rename a name write it here.

import (
	"strings"
	"unicode"
)

// reservedWords are M's keywords, which a regular identifier (or a part of a
// dotted one) cannot be; `catch` included, which Microsoft's parser
// reserves.
var reservedWords = map[string]bool{
	"and": true, "as": true, "each": true, "else": true, "error": true, "false": true, "if": true, "in": true,
	"is": true, "let": true, "meta": true, "not": true, "null": true, "or": true, "otherwise": true,
	"section": true, "shared": true, "then": true, "true": true, "try": true, "type": true, "catch": true,
}

// IsRegularIdentifier reports whether s can be written without quotes: one
// or more dot-separated parts, each a letter or `_` followed by letters,
// digits, `_` and combining, connecting or formatting characters, and none
// a keyword.
func IsRegularIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" || reservedWords[part] {
			return false
		}
		for i, r := range part {
			start := r == '_' || unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Lm, unicode.Lo, unicode.Nl)
			if i == 0 && !start {
				return false
			}
			if !start && !unicode.In(r, unicode.Nd, unicode.Pc, unicode.Mn, unicode.Mc, unicode.Cf) {
				return false
			}
		}
	}
	return true
}

// Identifier writes a name as M source: as is when it is a regular
// identifier, else as a quoted identifier `#"…"` with `"` doubled, which
// [Name] reads back as name.
func Identifier(name string) string {
	if IsRegularIdentifier(name) {
		return name
	}
	return `#"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
