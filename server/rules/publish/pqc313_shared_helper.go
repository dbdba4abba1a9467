package publish

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc313_shared_helper.md
var sharedHelperDoc string

// SharedHelper reports shared members that are no data source functions.
var SharedHelper = &rules.Rule{
	Code:     "PQC313",
	Name:     "shared-helper",
	Severity: rules.Information,
	Doc:      sharedHelperDoc,
	Fix:      rules.FixAlways,
	Needs:    rules.NeedsFacts,
	Run:      runSharedHelper,
}

func runSharedHelper(p *rules.Pass) {
	fs := p.Model.Facts
	tested := testConnectionTargets(p)
	for _, m := range fs.Members {
		d := m.Def
		if !d.Shared || m.Attr("DataSource.Kind") != nil || tested[d.Name] {
			continue
		}
		kw := d.Node.ChildByField(syntax.FieldShared)
		if kw.IsNull() || d.NameNode.IsNull() || rules.InError(d.Node) {
			continue
		}
		f := p.ReportNode(d.NameNode, "`%s` is shared but is no data source function (no `DataSource.Kind`): helpers should not be shared", d.Name)
		f.Fixes = append(f.Fixes, rules.Fix{Title: "Remove `shared`", Safety: rules.Unsafe, Preferred: true,
			Edits: []rules.Edit{{File: p.Model.PathOf(d.File), Start: kw.Start(), End: d.NameNode.Start()}}})
	}
}

// testConnectionTargets returns the function names TestConnection handlers
// name as the first item of their list: a dedicated test function must be
// shared to be called by name.
func testConnectionTargets(p *rules.Pass) map[string]bool {
	in := p.Model.Scope
	out := map[string]bool{}
	for _, k := range p.Model.Facts.Kinds {
		if k.Record.IsNull() {
			continue
		}
		fn, _ := fieldValue(in, k.Record, "TestConnection")
		if fn.Kind() != syntax.KindFunctionExpression && fn.Kind() != syntax.KindEachExpression {
			continue
		}
		body := facts.Deref(in, fn.ChildByField(syntax.FieldBody))
		if body.Kind() != syntax.KindListExpression {
			continue
		}
		if its := items(body); len(its) > 0 {
			if lit := facts.Deref(in, its[0]); lit.Kind() == syntax.KindTextLiteral {
				out[facts.TextValue(lit)] = true
			}
		}
	}
	return out
}
