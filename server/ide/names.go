package ide

// This file writes and checks M names: which names need `#"…"`, and what a
// user may type as a new name.

import (
	"fmt"
	"strings"
	"unicode"
)

// keywords are M's reserved words: a regular identifier cannot be one
// (`catch` included, which Microsoft's parser reserves).
var keywords = map[string]bool{
	"and": true, "as": true, "each": true, "else": true, "error": true, "false": true, "if": true, "in": true,
	"is": true, "let": true, "meta": true, "not": true, "null": true, "or": true, "otherwise": true,
	"section": true, "shared": true, "then": true, "true": true, "try": true, "type": true, "catch": true,
}

// isRegularIdentifier reports whether s can be written without quotes: one
// or more dot-separated parts, each a letter or `_` followed by letters,
// digits, `_` and combining, connecting or formatting characters, and none
// a keyword.
func isRegularIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" || keywords[part] {
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

// identifier writes a name as M source: as is when it is a regular
// identifier, else as `#"…"`.
func identifier(name string) string {
	if isRegularIdentifier(name) {
		return name
	}
	return `#"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// textLiteral writes s as an M text literal.
func textLiteral(s string) string {
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
			fmt.Fprintf(&b, "#(%04X)", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// parseNewName reads a name a user typed for a rename: a plain name, or a
// quoted identifier `#"…"`. It returns the name (unquoted) or an error
// saying why it cannot be an M identifier.
func parseNewName(input string) (string, error) {
	s := strings.TrimSpace(input)
	if strings.HasPrefix(s, `#"`) {
		if len(s) < 3 || !strings.HasSuffix(s, `"`) {
			return "", fmt.Errorf("%q is not a quoted identifier: it must end with \"", input)
		}
		inner := s[2 : len(s)-1]
		if strings.Count(strings.ReplaceAll(inner, `""`, ""), `"`) > 0 {
			return "", fmt.Errorf("%q is not a quoted identifier: a \" inside must be doubled", input)
		}
		s = strings.ReplaceAll(inner, `""`, `"`)
	}
	if s == "" {
		return "", fmt.Errorf("a name cannot be empty")
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return "", fmt.Errorf("%q is not a valid M identifier: it holds a control character or line break", input)
		}
	}
	return s, nil
}
