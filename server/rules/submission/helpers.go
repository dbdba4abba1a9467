package submission

import (
	"strings"

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
