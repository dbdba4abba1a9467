package publish

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc305_missing_navigation_table.md
var missingNavigationTableDoc string

// MissingNavigationTable reports published data source functions whose
// result is a plain table rather than a navigation table.
var MissingNavigationTable = &rules.Rule{
	Code:     "PQC305",
	Name:     "missing-navigation-table",
	Severity: rules.Warning,
	Doc:      missingNavigationTableDoc,
	Fix:      rules.FixNone,
	Needs:    rules.NeedsFacts,
	Run:      runMissingNavigationTable,
}

func runMissingNavigationTable(p *rules.Pass) {
	for _, ds := range p.Model.Facts.DataSources {
		if ds.PublishAttr == nil || ds.Function.IsNull() || !tabular(ds.Returns) || rules.InError(ds.Member.Def.Node) {
			continue
		}
		nv := &navEval{m: p.Model, memo: map[syntax.Node]navResult{}}
		res := nv.eval(ds.Function.ChildByField(syntax.FieldBody), 0)
		if res.kind != navFlat {
			continue
		}
		why := ""
		if res.from != "" {
			why = " (its result comes from `" + res.from + "`)"
		}
		p.ReportNode(ds.Member.Def.NameNode, "published `%s` does not return a navigation table%s: Get Data shows no navigator for it", ds.Name, why)
	}
}

// tabular reports a declared return type that may be a table (none, table,
// any); other types are PQC206's business.
func tabular(returns string) bool {
	switch strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(returns), "nullable")) {
	case "", "table", "any", "anynonnull":
		return true
	}
	return false
}

// navKind is what an expression's value is, as far as navigation goes.
type navKind int

const (
	// navNone: the expression gives no value (it raises an error).
	navNone navKind = iota
	// navFlat: a plain table or another value that is no navigation table.
	navFlat
	// navUnknown: it cannot be told.
	navUnknown
	// navYes: a navigation table or a source that navigates by itself.
	navYes
)

type navResult struct {
	kind navKind
	from string // the function a flat result comes from
}

func combineNav(a, b navResult) navResult {
	if a.kind < b.kind {
		return b
	}
	return a
}

// selfNavigating are the sources that return their own navigation.
var selfNavigating = map[string]bool{
	"Odbc.DataSource": true, "OData.Feed": true, "AdoDotNet.DataSource": true, "OleDb.DataSource": true,
	"Sql.Database": true, "Sql.Databases": true,
}

// flatSources are library functions whose result is never a navigation table.
var flatSources = map[string]bool{
	"Csv.Document": true, "Json.Document": true, "Xml.Document": true, "Web.Contents": true,
	"Binary.Buffer": true, "Text.FromBinary": true, "Record.ToTable": true,
}

const maxNavDepth = 12

type navEval struct {
	m *model.Model
	// memo holds the result of each function entered; a function being
	// evaluated (a recursive call) counts as unknown.
	memo map[syntax.Node]navResult
}

func (nv *navEval) eval(n syntax.Node, depth int) navResult {
	if depth > maxNavDepth {
		return navResult{kind: navUnknown}
	}
	in := nv.m.Scope
	n = facts.Deref(in, n)
	switch n.Kind() {
	case syntax.KindIfExpression:
		return combineNav(nv.eval(n.ChildByField(syntax.FieldConsequence), depth+1), nv.eval(n.ChildByField(syntax.FieldAlternative), depth+1))
	case syntax.KindErrorRaisingExpression:
		return navResult{kind: navNone}
	case syntax.KindMetadataExpression:
		if hasNavigationMeta(in, n.ChildByField(syntax.FieldRight)) {
			return navResult{kind: navYes}
		}
		return nv.eval(n.ChildByField(syntax.FieldLeft), depth+1)
	case syntax.KindRecordExpression, syntax.KindListExpression, syntax.KindTextLiteral, syntax.KindNumberLiteral,
		syntax.KindLogicalLiteral, syntax.KindNullLiteral:
		return navResult{kind: navFlat}
	case syntax.KindInvocationExpression:
		return nv.call(n, depth)
	}
	return navResult{kind: navUnknown}
}

func (nv *navEval) call(n syntax.Node, depth int) navResult {
	c := calleeOf(nv.m, n)
	args := facts.Args(n)
	switch {
	case c.Intrinsic == "#table":
		return navResult{kind: navFlat, from: "#table"}
	case strings.Contains(c.Name, "NavigationTable"):
		return navResult{kind: navYes}
	case c.Library:
		switch {
		case selfNavigating[c.Name]:
			return navResult{kind: navYes}
		case c.Name == "Value.ReplaceType" && len(args) == 2:
			if hasNavigationMeta(nv.m.Scope, args[1]) {
				return navResult{kind: navYes}
			}
			if t := facts.Deref(nv.m.Scope, args[1]); t.Kind() == syntax.KindTypeExpression {
				return nv.downgrade(nv.eval(args[0], depth+1))
			}
			return navResult{kind: navUnknown}
		case flatSources[c.Name] || strings.HasPrefix(c.Name, "Table.From"):
			return navResult{kind: navFlat, from: c.Name}
		case strings.HasPrefix(c.Name, "Table.") && c.Name != "Table.View" && len(args) > 0:
			// A transformation of a plain table is a plain table; of a
			// navigation table, it may have lost the navigation.
			return nv.downgrade(nv.eval(args[0], depth+1))
		}
		return navResult{kind: navUnknown}
	case !c.Function.IsNull():
		if r, ok := nv.memo[c.Function]; ok {
			return r // known, or being evaluated (a cycle): unknown
		}
		nv.memo[c.Function] = navResult{kind: navUnknown}
		r := nv.eval(c.Function.ChildByField(syntax.FieldBody), depth+1)
		nv.memo[c.Function] = r
		return r
	}
	return navResult{kind: navUnknown}
}

// downgrade keeps a flat result and makes any other unknown.
func (nv *navEval) downgrade(r navResult) navResult {
	if r.kind == navFlat || r.kind == navNone {
		return r
	}
	return navResult{kind: navUnknown}
}

// hasNavigationMeta reports whether an expression holds a record field
// named NavigationTable.* (the metadata that makes a table a navigation
// table), also behind the names it uses.
func hasNavigationMeta(in *scope.Info, n syntax.Node) bool {
	return navigationMeta(in, n, 0, map[syntax.Node]bool{})
}

func navigationMeta(in *scope.Info, n syntax.Node, depth int, seen map[syntax.Node]bool) bool {
	n = facts.Deref(in, n)
	if n.IsNull() || depth > 3 || seen[n] {
		return false
	}
	seen[n] = true
	for d := range n.Descendants() {
		switch d.Kind() {
		case syntax.KindRecordField:
			if name := d.ChildByField(syntax.FieldName); strings.HasPrefix(strings.TrimSpace(name.Text()), "NavigationTable.") {
				return true
			}
		case syntax.KindIdentifierExpression:
			if ref := in.RefAt(d); ref != nil && ref.Def != nil && ref.Def.IsLocal() && !n.Contains(ref.Def.Value) &&
				navigationMeta(in, ref.Def.Value, depth+1, seen) {
				return true
			}
		}
	}
	return false
}
