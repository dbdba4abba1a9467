package publish

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc306_insecure_learn_more_url.md
var insecureLearnMoreURLDoc string

// InsecureLearnMoreURL reports an http LearnMoreUrl.
var InsecureLearnMoreURL = &rules.Rule{
	Code:     "PQC306",
	Name:     "insecure-learn-more-url",
	Severity: rules.Information,
	Doc:      insecureLearnMoreURLDoc,
	Fix:      rules.FixAlways,
	Needs:    rules.NeedsFacts,
	Run:      runInsecureLearnMoreURL,
}

func runInsecureLearnMoreURL(p *rules.Pass) {
	done := map[syntax.Node]bool{}
	for _, pub := range publishes(p) {
		lit, fld := fieldValue(p.Model.Scope, pub.Record, "LearnMoreUrl")
		if lit.Kind() != syntax.KindTextLiteral || done[lit] || rules.InError(lit) {
			continue
		}
		done[lit] = true
		url := facts.TextValue(lit)
		if len(url) < len("http://") || !strings.EqualFold(url[:len("http://")], "http://") {
			continue
		}
		f := p.ReportNode(fld, "`LearnMoreUrl` of `%s` is http: link to the https address", pub.Name)
		// The scheme is written as is right after the quote, unless escaped.
		if raw := lit.Text(); len(raw) > len(`"http://`) && strings.EqualFold(raw[1:len(`"http://`)], "http://") {
			f.Fixes = append(f.Fixes, rules.Fix{Title: "Use `https://`", Safety: rules.Safe, Preferred: true,
				Edits: []rules.Edit{{File: p.Model.PathOf(lit.File()), Start: lit.Start() + 1, End: lit.Start() + 1 + len("http"), NewText: "https"}}})
		}
	}
}
