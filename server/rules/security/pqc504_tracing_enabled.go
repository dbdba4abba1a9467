package security

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc504_tracing_enabled.md
var tracingEnabledDoc string

// TracingEnabled reports tracing flags that are on.
var TracingEnabled = &rules.Rule{
	Code:     "PQC504",
	Name:     "tracing-enabled",
	Severity: rules.Error,
	Doc:      tracingEnabledDoc,
	Fix:      rules.FixAlways,
	Needs:    rules.NeedsFacts,
	Run:      runTracingEnabled,
}

func runTracingEnabled(p *rules.Pass) {
	fs := p.Model.Facts
	if fs == nil {
		return
	}
	done := map[*facts.Member]bool{}
	for _, c := range fs.Diagnostics {
		g := c.Guard
		if !traces(c) || g == nil || g.Kind != facts.ByFlag || g.Flag == nil || done[g.Flag] {
			continue
		}
		// A flag computed at run time cannot be judged from the sources.
		if !g.FlagLiteral || g.FlagFalse {
			continue
		}
		done[g.Flag] = true
		at := g.Flag.Def.NameNode
		if at.IsNull() {
			at = g.Flag.Def.Node
		}
		f := p.ReportNode(at, "the tracing flag `%s` is true; tracing must be off in the submitted connector", g.Flag.Name())
		f.Related = append(f.Related, relatedAt(p, c.Node, "a trace this flag turns on"))
		if !g.FlagValue.Equal(g.Flag.Def.Value) {
			f.Related = append(f.Related, relatedAt(p, g.FlagValue, "the flag's value"))
		}
		f.Fixes = append(f.Fixes, rules.Fix{Title: "Set `" + g.Flag.Name() + "` to false", Safety: rules.Safe, Preferred: true,
			Edits: []rules.Edit{p.EditNode(g.FlagValue, "false")}})
	}
}
