package naming

import (
	"strings"
	"unicode"
)

// word is one word of a name, with its byte span in the name.
type word struct {
	Text       string
	Start, End int
}

// splitWords splits a name into its words: at dots, underscores, hyphens,
// spaces and other non-alphanumeric characters, between letters and
// digits, and at CamelCase boundaries. A run of capitals is one word
// ("HTTPServer" is HTTP, Server), and so is an acronym's plural ("APIs").
func splitWords(name string) []word {
	rs := []rune(name)
	offs := make([]int, len(rs)+1)
	o := 0
	for i, r := range rs {
		offs[i] = o
		o += len(string(r))
	}
	offs[len(rs)] = o

	var out []word
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, word{Text: string(rs[start:end]), Start: offs[start], End: offs[end]})
		}
		start = -1
	}
	isAlnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i, r := range rs {
		if !isAlnum(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsDigit(r) != unicode.IsDigit(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && !pluralS(rs, i+1):
			// "HTTPServer": the last capital of a run opens the next word.
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return out
}

// pluralS reports whether rs[i] is a lone lowercase "s" that ends a word,
// as in "APIs".
func pluralS(rs []rune, i int) bool {
	if rs[i] != 's' {
		return false
	}
	return i+1 == len(rs) || !unicode.IsLower(rs[i+1])
}

// lowerWords returns the words of a name in lower case.
func lowerWords(name string) []string {
	ws := splitWords(name)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToLower(w.Text)
	}
	return out
}

// caption turns a parameter name into a caption for people: its words,
// each capitalised ("pageSize" becomes "Page Size", "api_key" "Api Key").
func caption(name string) string {
	ws := splitWords(name)
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
