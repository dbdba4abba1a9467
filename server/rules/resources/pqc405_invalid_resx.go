package resources

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc405_invalid_resx.md
var invalidResxDoc string

// InvalidResx reports a resources.resx that is not well-formed, and
// entries that Extension.LoadString cannot read unambiguously.
var InvalidResx = &rules.Rule{
	Code:     "PQC405",
	Name:     "invalid-resx",
	Severity: rules.Error,
	Doc:      invalidResxDoc,
	Fix:      rules.FixNone,
	Needs:    rules.NeedsFiles,
	Run:      runInvalidResx,
}

func runInvalidResx(p *rules.Pass) {
	c := p.Model.Connector
	if c.Resx == nil || c.Resx.Parsed == nil {
		return
	}
	rf := c.Resx.Parsed
	if e := rf.Err; e != nil {
		start := min(max(e.Offset, 0), len(c.Resx.Text))
		end := min(start+1, len(c.Resx.Text))
		p.ReportFile(c.Resx.Path, document.Span{Start: start, End: end}, "resources.resx is not well-formed XML: line %d, column %d: %s", e.Line, e.Column, e.Msg)
		return
	}
	for _, group := range rf.Duplicates() {
		first := group[0]
		for _, e := range group[1:] {
			p.ReportFile(c.Resx.Path, document.Span{Start: e.NameSpan.Start, End: e.NameSpan.End},
				"resource key `%s` is defined again (first on line %d): keys must be unique, and resource readers reject the file", e.Name, first.Line)
		}
	}
	for _, e := range rf.Entries {
		if !e.HasValue && e.Type == "" {
			p.ReportFile(c.Resx.Path, document.Span{Start: e.NameSpan.Start, End: e.NameSpan.End},
				"resource `%s` has no <value> element", e.Name)
		}
	}
}
