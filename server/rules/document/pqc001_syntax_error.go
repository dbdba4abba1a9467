package document

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc001_syntax_error.md
var syntaxErrorDoc string

// SyntaxError reports the parser's syntax errors, one per error region.
var SyntaxError = &rules.Rule{
	Code:     "PQC001",
	Name:     "syntax-error",
	Severity: rules.Error,
	Doc:      syntaxErrorDoc,
	Needs:    rules.NeedsSyntax,
	Run: func(p *rules.Pass) {
		for _, f := range p.Model.Files() {
			path := p.Model.PathOf(f)
			for _, e := range f.Errors {
				p.ReportFile(path, e.Span, "%s", e.Msg)
			}
		}
	},
}
