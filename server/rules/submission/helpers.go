package submission

import (
	"strings"
	"unicode"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

// sectionAnchor returns the node findings about the whole submission point
// at: the section's name (on the `section Name;` line), or null when the
// main file is no section document (then PQC002 is the only finding).
func sectionAnchor(p *rules.Pass) syntax.Node {
	fs := p.Model.Facts
	if fs == nil || fs.Section.IsNull() {
		return syntax.Node{}
	}
	if !fs.SectionNameNode.IsNull() {
		return fs.SectionNameNode
	}
	return fs.Section.ChildByKind(syntax.KindKwSection)
}

// words splits a name into its words: at dots, underscores, hyphens,
// spaces and digits, and at CamelCase boundaries ("RapidAPIClient" ->
// Rapid, API, Client).
func words(name string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(name, func(r rune) bool {
		return !unicode.IsLetter(r)
	}) {
		rs := []rune(part)
		start := 0
		for i := 1; i < len(rs); i++ {
			lowerToUpper := unicode.IsLower(rs[i-1]) && unicode.IsUpper(rs[i])
			// The last capital of a run starts the next word: "APIClient".
			acronymEnd := unicode.IsUpper(rs[i-1]) && unicode.IsUpper(rs[i]) && i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if lowerToUpper || acronymEnd {
				out = append(out, string(rs[start:i]))
				start = i
			}
		}
		out = append(out, string(rs[start:]))
	}
	return out
}

// forbiddenWords returns the words of name the certification article
// rules out ("Fabric", "Power BI", "Connector", "API"), as the article
// spells them, in order of appearance.
func forbiddenWords(name string) []string {
	ws := words(name)
	var out []string
	add := func(w string) {
		for _, o := range out {
			if o == w {
				return
			}
		}
		out = append(out, w)
	}
	for i, w := range ws {
		switch strings.ToLower(w) {
		case "fabric":
			add("Fabric")
		case "connector", "connectors":
			add("Connector")
		case "api", "apis":
			add("API")
		case "powerbi":
			add("Power BI")
		case "power":
			if i+1 < len(ws) && strings.EqualFold(ws[i+1], "bi") {
				add("Power BI")
			}
		}
	}
	return out
}

// quoteList renders items as "`a`", "`a` and `b`", "`a`, `b` and `c`".
func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = "`" + s + "`"
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
