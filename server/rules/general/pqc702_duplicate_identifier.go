package general

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc702_duplicate_identifier.md
var duplicateIdentifierDoc string

// DuplicateIdentifier reports names defined twice in one let, record,
// section or parameter list.
var DuplicateIdentifier = &rules.Rule{
	Code:     "PQC702",
	Name:     "duplicate-identifier",
	Severity: rules.Error,
	Doc:      duplicateIdentifierDoc,
	Needs:    rules.NeedsScope,
	Run:      runDuplicateIdentifier,
}

var duplicatePlace = map[scope.ScopeKind]string{
	scope.SectionScope:  "section",
	scope.LetScope:      "`let`",
	scope.RecordScope:   "record",
	scope.FunctionScope: "parameter list",
	scope.CatchScope:    "parameter list",
}

func runDuplicateIdentifier(p *rules.Pass) {
	for _, d := range p.Model.Scope.Duplicates {
		if d.Second.NameNode.IsNull() || rules.InError(d.Second.NameNode) {
			continue
		}
		place := duplicatePlace[d.Second.Scope.Kind]
		if place == "" {
			place = "scope"
		}
		f := p.ReportNode(d.Second.NameNode, "`%s` is defined twice in this %s", d.Second.Name, place)
		if !d.First.NameNode.IsNull() {
			f.Related = append(f.Related, rules.Related{
				File: p.Model.PathOf(d.First.File), Span: d.First.NameNode.Span(),
				Message: "first definition of `" + d.First.Name + "`",
			})
		}
	}
}
