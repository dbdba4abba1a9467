package naming

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc206_non_tabular_result.md
var nonTabularResultDoc string

// NonTabularResult reports data source functions whose declared return
// type is explicitly something other than a table.
var NonTabularResult = &rules.Rule{
	Code:     "PQC206",
	Name:     "non-tabular-result",
	Severity: rules.Warning,
	Doc:      nonTabularResultDoc,
	Needs:    rules.NeedsFacts,
	Run:      runNonTabularResult,
}

func runNonTabularResult(p *rules.Pass) {
	seen := map[syntax.Node]bool{} // a return type shared by several functions: once
	for _, ds := range p.Model.Facts.DataSources {
		rt := ds.ReturnsNode
		if rt.IsNull() || seen[rt] {
			continue
		}
		seen[rt] = true
		if t, ok := explicitNonTable(rt); ok {
			p.ReportNode(rt, "`%s` is declared to return `%s`; a data source function must return a table (a navigation table or a plain table)", ds.Name, t)
		}
	}
}

// explicitNonTable returns a return type's text when it is written as a
// type other than a table: a primitive type such as record, list or text
// (nullable or not), or a record, list or function type. `table`, table
// types, `any`, `anynonnull` and named types (which pqcert does not
// follow) are not reported.
func explicitNonTable(rt syntax.Node) (string, bool) {
	n := rt
	for {
		switch n.Kind() {
		case syntax.KindParenthesizedExpression:
			n = n.ChildByField(syntax.FieldExpression)
			continue
		case syntax.KindTypeExpression, syntax.KindNullableType:
			n = n.ChildByField(syntax.FieldType)
			continue
		case syntax.KindMetadataExpression:
			n = n.ChildByField(syntax.FieldLeft)
			continue
		}
		break
	}
	switch n.Kind() {
	case syntax.KindPrimitiveType:
		switch t := strings.TrimSpace(n.Text()); t {
		case "table", "any", "anynonnull", "none":
			return "", false
		default:
			return strings.TrimSpace(rt.Text()), true
		}
	case syntax.KindRecordType, syntax.KindListType, syntax.KindFunctionType:
		return strings.TrimSpace(rt.Text()), true
	}
	return "", false
}
