package document

import (
	_ "embed"
	"path/filepath"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc002_not_section_document.md
var notSectionDocumentDoc string

// NotSectionDocument reports a main file that is not a section document.
var NotSectionDocument = &rules.Rule{
	Code:     "PQC002",
	Name:     "not-section-document",
	Severity: rules.Error,
	Doc:      notSectionDocumentDoc,
	Needs:    rules.NeedsSyntax,
	Run: func(p *rules.Pass) {
		c := p.Model.Connector
		if c.Main == nil {
			for _, cand := range c.MainCandidates {
				p.ReportFile(cand, document.Span{}, "no section document here: `%s` does not parse as `section Name;` followed by members", filepath.Base(cand))
			}
			return
		}
		root := c.Main.File.Root()
		if !root.ChildByKind(syntax.KindSectionDocument).IsNull() {
			return
		}
		if root.HasError() && root.ChildByField(syntax.FieldExpression).IsNull() {
			return // a broken file: the syntax errors say more
		}
		span := root.Span()
		span.End = span.Start
		if first := root.FirstChild(); !first.IsNull() {
			span = first.Span()
			if line := c.Main.File.Doc.Mapper().LineSpan(c.Main.File.Doc.Mapper().Position(span.Start).Line); line.End < span.End {
				span.End = line.End
			}
		}
		p.ReportFile(c.Main.Path, span, "`%s` is an expression, not a section document: a connector's main file starts with `section Name;` followed by its members", filepath.Base(c.Main.Path))
	},
}
