package rules

// This file splits names into words and finds the words the certification
// article rules out of connector names (PQC202 judges the section, kinds,
// functions and .mez; PQC601 the .mez), so both rules read names alike.

import (
	"strings"
	"unicode"
)

// Word is one word of a name, with its byte span in the name.
type Word struct {
	Text       string
	Start, End int
}

// SplitWords splits a name into its words: at dots, underscores, hyphens,
// spaces and other non-alphanumeric characters, between letters and
// digits, and at CamelCase boundaries. A run of capitals is one word
// ("HTTPServer" is HTTP, Server), and so is an acronym's plural ("APIs").
func SplitWords(name string) []Word {
	rs := []rune(name)
	offs := make([]int, len(rs)+1)
	o := 0
	for i, r := range rs {
		offs[i] = o
		o += len(string(r))
	}
	offs[len(rs)] = o

	var out []Word
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, Word{Text: string(rs[start:end]), Start: offs[start], End: offs[end]})
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

// ForbiddenWord is a word of a name that the certification article rules
// out: how the article spells it and the byte span of the name's words
// that spell it.
type ForbiddenWord struct {
	Word       string // "Fabric", "Power BI", "Connector" or "API"
	Start, End int
}

// ForbiddenWords returns the forbidden words of a name in order, judged by
// its words: "RapidApi" holds API, "Rapid", "Capital" and "Rapidapi" do
// not, "PowerBI" and "Power_BI" hold Power BI; plurals ("APIs",
// "Connectors") count. A word the name repeats is returned each time.
func ForbiddenWords(name string) []ForbiddenWord {
	ws := SplitWords(name)
	var out []ForbiddenWord
	for i := 0; i < len(ws); i++ {
		switch strings.ToLower(ws[i].Text) {
		case "fabric":
			out = append(out, ForbiddenWord{"Fabric", ws[i].Start, ws[i].End})
		case "connector", "connectors":
			out = append(out, ForbiddenWord{"Connector", ws[i].Start, ws[i].End})
		case "api", "apis":
			out = append(out, ForbiddenWord{"API", ws[i].Start, ws[i].End})
		case "powerbi":
			out = append(out, ForbiddenWord{"Power BI", ws[i].Start, ws[i].End})
		case "power":
			if i+1 < len(ws) && strings.ToLower(ws[i+1].Text) == "bi" {
				out = append(out, ForbiddenWord{"Power BI", ws[i].Start, ws[i+1].End})
				i++
			}
		}
	}
	return out
}

// DescribeForbiddenWords names the forbidden words found, each once, for
// messages: `the word "API"`, `the words "Fabric" and "API"`.
func DescribeForbiddenWords(hits []ForbiddenWord) string {
	var words []string
	seen := map[string]bool{}
	for _, h := range hits {
		if !seen[h.Word] {
			seen[h.Word] = true
			words = append(words, `"`+h.Word+`"`)
		}
	}
	switch len(words) {
	case 0:
		return "no forbidden word"
	case 1:
		return "the word " + words[0]
	}
	return "the words " + strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
