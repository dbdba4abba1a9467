package publish

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc302_beta_not_set.md
var betaNotSetDoc string

// BetaNotSet reports publish records without `Beta = true`.
var BetaNotSet = &rules.Rule{
	Code:     "PQC302",
	Name:     "beta-not-set",
	Severity: rules.Warning,
	Doc:      betaNotSetDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts,
	Run:      runBetaNotSet,
}

func runBetaNotSet(p *rules.Pass) {
	initial := p.InitialRelease != nil && *p.InitialRelease
	if p.InitialRelease != nil && !initial {
		return // an update of a certified connector may leave beta
	}
	sev := rules.Severity(0) // the rule's (or the configured) severity
	why := "the initial release must be marked beta"
	if initial {
		sev = rules.Error
		why = "`.pqcert.json` says this is the initial release, which must be marked beta"
	}
	in := p.Model.Scope
	for _, pub := range publishes(p) {
		fld, ok := facts.RecordFields(pub.Record)["Beta"]
		if !ok {
			if !pub.whole {
				continue // merged with other records: Beta may be in another part
			}
			f := p.ReportNode(pub.Member.Def.NameNode, "`%s` has no `Beta = true`; %s", pub.Name, why)
			f.Severity = sev
			off, text := insertFirstField(pub.Record, "Beta = true")
			f.Fixes = append(f.Fixes, rules.Fix{Title: "Insert `Beta = true`", Safety: rules.Safe, Preferred: true,
				Edits: []rules.Edit{p.Insert(pub.Record.File(), off, text)}})
			continue
		}
		val := fld.ChildByField(syntax.FieldValue)
		beta, ok := logical(in, val)
		if !ok || beta || rules.InError(fld) {
			continue
		}
		f := p.ReportNode(fld, "`%s` has `Beta = false`; %s", pub.Name, why)
		f.Severity = sev
		if val.Kind() == syntax.KindLogicalLiteral {
			f.Fixes = append(f.Fixes, rules.Fix{Title: "Set `Beta = true`", Safety: rules.Safe, Preferred: true,
				Edits: []rules.Edit{p.EditNode(val, "true")}})
		}
	}
}

// publishRecord is a publish record with a record literal behind it.
type publishRecord struct {
	*facts.Publish
	// whole reports that the member's value is the record literal itself
	// (not a merge of records), so a missing field is really missing.
	whole bool
}

// publishes returns the publish records that have a record literal, each once.
func publishes(p *rules.Pass) []publishRecord {
	var out []publishRecord
	seen := map[syntax.Node]bool{}
	for _, pub := range p.Model.Facts.Publishes {
		if pub == nil || pub.Record.IsNull() || pub.Member == nil || seen[pub.Record] || rules.InError(pub.Record) {
			continue
		}
		seen[pub.Record] = true
		whole := facts.Deref(p.Model.Scope, pub.Member.Def.Value).Equal(pub.Record)
		out = append(out, publishRecord{Publish: pub, whole: whole})
	}
	return out
}
