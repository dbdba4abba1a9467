package naming

import (
	"strings"
	"unicode"

	"github.com/pqcert/pqcert/server/rules"
)

// lowerWords returns the words of a name in lower case.
func lowerWords(name string) []string {
	ws := rules.SplitWords(name)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToLower(w.Text)
	}
	return out
}

// caption turns a parameter name into a caption for people: its words,
// each capitalised ("pageSize" becomes "Page Size", "api_key" "Api Key").
func caption(name string) string {
	ws := rules.SplitWords(name)
	if len(ws) == 0 {
		return name
	}
	parts := make([]string, len(ws))
	for i, w := range ws {
		rs := []rune(w.Text)
		rs[0] = unicode.ToUpper(rs[0])
		parts[i] = string(rs)
	}
	return strings.Join(parts, " ")
}
