package security

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc503_unguarded_tracing.md
var unguardedTracingDoc string

// UnguardedTracing reports traces that run without a feature flag.
var UnguardedTracing = &rules.Rule{
	Code:     "PQC503",
	Name:     "unguarded-tracing",
	Severity: rules.Warning,
	Doc:      unguardedTracingDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts,
	Run:      runUnguardedTracing,
}

// traces reports whether a Diagnostics function writes to the trace log
// (Diagnostics.ActivityId and Diagnostics.CorrelationId only return ids).
func traces(c *facts.Call) bool { return c.Name == "Diagnostics.Trace" }

func runUnguardedTracing(p *rules.Pass) {
	fs := p.Model.Facts
	if fs == nil {
		return
	}
	flag := ""
	for _, c := range fs.Diagnostics {
		if traces(c) && c.Guard != nil && c.Guard.Kind == facts.ByFlag && c.Guard.Flag != nil {
			flag = c.Guard.Flag.Name()
			break
		}
	}
	for _, c := range fs.Diagnostics {
		if !traces(c) || c.Guard == nil || c.Guard.Kind != facts.Unguarded {
			continue
		}
		var f *rules.Finding
		if len(c.Guard.Unguarded) > 0 {
			f = p.ReportNode(c.Node, "`%s` runs without a feature flag: the code that reaches it does not test one", c.Name)
			for _, ref := range c.Guard.Unguarded {
				f.Related = append(f.Related, relatedAt(p, ref.Node, "reached here without a flag"))
			}
		} else {
			f = p.ReportNode(c.Node, "`%s` runs without a feature flag", c.Name)
		}
		if fx, ok := guardFix(p, c, flag); ok {
			f.Fixes = append(f.Fixes, fx)
		}
	}
}

// guardFix wraps a trace in `if flag then … else value`, adding a flag
// member that is off when the connector has none. Traces in helper modules
// get no fix: a module does not see the section's members.
func guardFix(p *rules.Pass, c *facts.Call, flag string) (rules.Fix, bool) {
	if p.Model.Main == nil || c.File != p.Model.Main || c.Node.HasError() {
		return rules.Fix{}, false
	}
	var edits []rules.Edit
	if flag == "" {
		flag = freshMember(p, "TraceEnabled")
		e, ok := appendMember(p, "// Tracing for development; it must be off in the submitted connector.\n"+flag+" = false;")
		if !ok {
			return rules.Fix{}, false
		}
		edits = append(edits, e)
	}
	var text string
	if c.Reference {
		text = "if " + flag + " then " + c.Node.Text() + " else (traceLevel, message, value, optional delayed) => if delayed = true then value() else value"
	} else {
		if len(c.Args) < 3 || len(c.Args) > 4 {
			return rules.Fix{}, false
		}
		value := c.Args[2].Text()
		if len(c.Args) == 4 {
			delayed, ok := facts.Logical(facts.Deref(p.Model.Scope, c.Args[3]))
			if !ok {
				return rules.Fix{}, false
			}
			if delayed {
				value = "(" + value + ")()"
			}
		}
		text = "if " + flag + " then " + c.Node.Text() + " else " + value
	}
	edits = append(edits, p.EditNode(c.Node, asOperand(c.Node, text)))
	return rules.Fix{Title: "Trace only when `" + flag + "` is true", Safety: rules.Unsafe, Edits: edits}, true
}
