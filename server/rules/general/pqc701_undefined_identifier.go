package general

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc701_undefined_identifier.md
var undefinedIdentifierDoc string

// UndefinedIdentifier reports references that resolve to nothing.
var UndefinedIdentifier = &rules.Rule{
	Code:     "PQC701",
	Name:     "undefined-identifier",
	Severity: rules.Error,
	Doc:      undefinedIdentifierDoc,
	Needs:    rules.NeedsScope,
	Run:      runUndefinedIdentifier,
}

// misspellings are names with a rule of their own.
var misspellings = map[string]bool{"Extension.CurrentCredentials": true}

func runUndefinedIdentifier(p *rules.Pass) {
	in := p.Model.Scope
	for _, ref := range in.Refs {
		if ref.Def != nil || misspellings[ref.Name] || rules.InError(ref.Node) {
			continue
		}
		switch {
		case ref.Implicit:
			p.ReportNode(ref.Node, "`%s` reads a field of `_`, but no `each` or `_` parameter is in scope", ref.Node.Text())
		case ref.Section != "":
			if ref.Section == in.SectionName {
				p.ReportNode(ref.NameNode, "section `%s` has no member `%s`", ref.Section, ref.Name)
			}
		default:
			msg := "`" + ref.Name + "` is not defined"
			if s := suggest(ref); s != "" {
				msg += "; did you mean `" + s + "`?"
			}
			p.ReportNode(ref.NameNode, "%s", msg)
		}
	}
}

// suggest finds a visible or library name close to the unknown one.
func suggest(ref *scope.Ref) string {
	best, bestD := "", 3
	if len(ref.Name) < 4 {
		bestD = 2
	}
	try := func(name string) {
		if d := editDistance(strings.ToLower(ref.Name), strings.ToLower(name), bestD-1); d < bestD {
			best, bestD = name, d
		}
	}
	for s := ref.Scope; s != nil; s = s.Parent {
		for _, d := range s.Defs {
			try(d.Name)
		}
	}
	prefix := ref.Name
	if i := strings.IndexByte(prefix, '.'); i > 0 {
		prefix = prefix[:i]
		for _, sym := range mlib.WithPrefix(prefix + ".") {
			try(sym.Name)
		}
	} else if len(prefix) > 0 {
		for _, sym := range mlib.WithPrefix(prefix[:1]) {
			try(sym.Name)
		}
	}
	return best
}
