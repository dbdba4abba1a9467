package auth

import (
	_ "embed"
	"strconv"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc103_missing_test_connection.md
var missingTestConnectionDoc string

// MissingTestConnection reports a kind record without a TestConnection
// handler, or one that is not a one-parameter function.
var MissingTestConnection = &rules.Rule{
	Code:     "PQC103",
	Name:     "missing-test-connection",
	Severity: rules.Error,
	Doc:      missingTestConnectionDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts,
	Run:      runMissingTestConnection,
}

func runMissingTestConnection(p *rules.Pass) {
	in, fs := p.Model.Scope, p.Model.Facts
	for _, k := range namedKinds(fs) {
		if k.Record.IsNull() || k.Member == nil {
			continue
		}
		h := testConnection(in, k)
		if h == nil {
			f := p.ReportNode(k.Member.Def.NameNode, "kind record `%s` has no `TestConnection` handler, so refresh through a gateway cannot test the data source", k.Name)
			if fix, ok := testConnectionFix(p, k); ok {
				f.Fixes = append(f.Fixes, fix)
			}
			continue
		}
		name := fieldName(h.Field)
		if h.Fn.IsNull() {
			if v := facts.Deref(in, fieldValue(h.Field)); isLiteral(v) {
				p.ReportNode(name, "`TestConnection` of `%s` is %s, not a function of the data source path", k.Name, literalKind(v))
			}
			continue
		}
		params, required := functionParams(h.Fn)
		if required > 1 || len(params) < 1 {
			p.ReportNode(name, "`TestConnection` of `%s` takes %s; the engine calls it with one argument, the data source path", k.Name, countParams(len(params), required))
		}
	}
}

// countParams says how many parameters a function takes, for messages.
func countParams(total, required int) string {
	switch {
	case total == required && total == 1:
		return "1 parameter"
	case total == required:
		return strconv.Itoa(total) + " parameters"
	}
	return strconv.Itoa(required) + " to " + strconv.Itoa(total) + " parameters"
}

// testConnectionFix inserts a handler as the kind record's first field.
func testConnectionFix(p *rules.Pass, k *facts.Kind) (rules.Fix, bool) {
	h := handlerText(k)
	if h == "" {
		return rules.Fix{}, false
	}
	rec := k.Record
	open := rec.FirstChild()
	if open.Kind() != syntax.KindTokLBracket {
		return rules.Fix{}, false
	}
	field := "TestConnection = " + h
	var edit rules.Edit
	if first := rec.ChildByField(syntax.FieldField); !first.IsNull() {
		sep := " "
		if !rules.SameLine(rec.File(), open.End(), first.Start()) {
			sep = rules.LineEnding(rec.File()) + rules.IndentAt(rec.File(), first.Start())
		}
		edit = p.Insert(rec.File(), first.Start(), field+","+sep)
	} else {
		edit = p.Insert(rec.File(), open.End(), field)
	}
	return rules.Fix{Title: "Insert a `TestConnection` handler", Safety: rules.Safe, Preferred: true, Edits: []rules.Edit{edit}}, true
}
