package auth

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc102_missing_kind_record.md
var missingKindRecordDoc string

// MissingKindRecord reports a data source kind without a kind record: no
// section member of the kind's name, or one whose value is no record.
var MissingKindRecord = &rules.Rule{
	Code:     "PQC102",
	Name:     "missing-kind-record",
	Severity: rules.Error,
	Doc:      missingKindRecordDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts,
	Run:      runMissingKindRecord,
}

func runMissingKindRecord(p *rules.Pass) {
	in, fs := p.Model.Scope, p.Model.Facts
	for _, k := range namedKinds(fs) {
		if len(k.DataSources) == 0 {
			continue
		}
		first := k.DataSources[0]
		if k.Member == nil {
			f := p.ReportNode(first.KindAttr.Value, "kind `%s` has no kind record: no section member is named `%s`", k.Name, k.Name)
			if fix, ok := kindRecordFix(p, k); ok {
				f.Fixes = append(f.Fixes, fix)
			}
			continue
		}
		if !k.Record.IsNull() {
			continue
		}
		// A record built at run time (`Base & [...]`, a call) may well be
		// one; only a value written out as something else is reported.
		v := facts.Deref(in, k.Member.Def.Value)
		if isLiteral(v) && v.Kind() != syntax.KindRecordExpression {
			p.ReportNode(k.Member.Def.NameNode, "the kind record `%s` is %s, not a record", k.Name, literalKind(v))
		}
	}
}

// kindRecordFix inserts a kind record skeleton after the line of the last
// data source function of the kind (so a trailing comment stays put): a TestConnection handler built from the published
// function and anonymous authentication, the one kind that needs nothing
// from the connector.
func kindRecordFix(p *rules.Pass, k *facts.Kind) (rules.Fix, bool) {
	last := k.DataSources[len(k.DataSources)-1].Member.Def
	if last.File == nil || last.Node.IsNull() {
		return rules.Fix{}, false
	}
	nl := rules.LineEnding(last.File)
	ind := rules.IndentAt(last.File, last.Node.Start())
	text := nl + nl + ind + scope.Identifier(k.Name) + " = [" + nl
	if h := handlerText(k); h != "" {
		text += ind + "    TestConnection = " + h + "," + nl
	}
	text += ind + "    Authentication = [" + nl +
		ind + "        Anonymous = []" + nl +
		ind + "    ]" + nl +
		ind + "];"
	return rules.Fix{
		Title:     "Add a kind record `" + k.Name + "`",
		Safety:    rules.Safe,
		Preferred: true,
		Edits:     []rules.Edit{p.Insert(last.File, lineEndAt(last.File, last.Node.End()), text)},
	}, true
}
