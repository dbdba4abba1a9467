package publish

import (
	_ "embed"
	"slices"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc312_navigation_item_kind.md
var navigationItemKindDoc string

// NavigationItemKind reports literal navigation item kinds the Navigator
// does not know.
var NavigationItemKind = &rules.Rule{
	Code:     "PQC312",
	Name:     "navigation-item-kind",
	Severity: rules.Information,
	Doc:      navigationItemKindDoc,
	Fix:      rules.FixNone,
	Needs:    rules.NeedsScope,
	Run:      runNavigationItemKind,
}

// itemKinds are the documented navigation item kinds.
var itemKinds = []string{"Feed", "Cube", "CubeDatabase", "CubeView", "CubeViewFolder", "Database", "DatabaseServer",
	"Dimension", "Table", "Folder", "Function", "View", "Sheet", "Subcube", "DefinedName", "Record"}

func runNavigationItemKind(p *rules.Pass) {
	in := p.Model.Scope
	cols := itemKindColumns(p)
	seen := map[syntax.Node]bool{}
	check := func(n syntax.Node) {
		lit := facts.Deref(in, n)
		if lit.Kind() != syntax.KindTextLiteral || seen[lit] || rules.InError(lit) {
			return
		}
		seen[lit] = true
		v := facts.TextValue(lit)
		if slices.Contains(itemKinds, v) {
			return
		}
		if right := caseVariant(itemKinds, v); right != "" {
			p.ReportNode(lit, "navigation item kind %s is spelled %s", facts.TextLiteral(v), facts.TextLiteral(right))
			return
		}
		p.ReportNode(lit, "%s is not a navigation item kind, so the Navigator shows no icon for it (kinds: %s)", facts.TextLiteral(v), strings.Join(itemKinds, ", "))
	}
	var names scope.Names
	for _, n := range p.Model.RecordFields() {
		if name := n.ChildByField(syntax.FieldName); !name.IsNull() && cols[names.Of(name)] {
			check(n.ChildByField(syntax.FieldValue))
		}
	}
	for _, n := range p.Model.Invocations() {
		switch {
		case intrinsicCall(n, "#table"):
			if args := facts.Args(n); len(args) == 2 {
				tableItemKinds(p, args[0], args[1], cols, check)
			}
		case facts.LibraryName(in, n) == "Table.AddColumn":
			if args := facts.Args(n); len(args) >= 3 {
				if col := facts.Deref(in, args[1]); col.Kind() == syntax.KindTextLiteral && cols[facts.TextValue(col)] {
					if fn := facts.Deref(in, args[2]); fn.Kind() == syntax.KindEachExpression || fn.Kind() == syntax.KindFunctionExpression {
						check(fn.ChildByField(syntax.FieldBody))
					}
				}
			}
		}
	}
}

// intrinsicCall reports whether call invokes the intrinsic name (`#table`).
func intrinsicCall(call syntax.Node, name string) bool {
	fn := call.ChildByField(syntax.FieldFunction)
	return (fn.Kind() == syntax.KindIntrinsicIdentifier || fn.Kind() == syntax.KindKwHashTable) && strings.TrimSpace(fn.Text()) == name
}

// itemKindColumns returns the names of the columns that hold item kinds:
// ItemKind, and those named to Table.ToNavigationTable (its fifth
// argument) or by NavigationTable.ItemKindColumn metadata.
func itemKindColumns(p *rules.Pass) map[string]bool {
	in := p.Model.Scope
	cols := map[string]bool{"ItemKind": true}
	for _, n := range p.Model.Invocations() {
		if name := facts.CalleeName(in, n); strings.HasSuffix(name, "ToNavigationTable") {
			if args := facts.Args(n); len(args) >= 5 {
				if lit := facts.Deref(in, args[4]); lit.Kind() == syntax.KindTextLiteral {
					cols[facts.TextValue(lit)] = true
				}
			}
		}
	}
	for _, n := range p.Model.RecordFields() {
		if name := n.ChildByField(syntax.FieldName); !name.IsNull() && scope.NameIs(name, "NavigationTable.ItemKindColumn") {
			if lit := facts.Deref(in, n.ChildByField(syntax.FieldValue)); lit.Kind() == syntax.KindTextLiteral {
				cols[facts.TextValue(lit)] = true
			}
		}
	}
	return cols
}

// tableItemKinds checks the item kind cells of `#table(columns, rows)`.
func tableItemKinds(p *rules.Pass, columns, rows syntax.Node, cols map[string]bool, check func(syntax.Node)) {
	in := p.Model.Scope
	var idx []int
	for i, name := range columnNames(in, columns) {
		if cols[name] {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return
	}
	list := facts.Deref(in, rows)
	if list.Kind() != syntax.KindListExpression {
		return
	}
	// A navigation table may have thousands of rows: walk them without
	// collecting rows or cells.
	for r := range list.ChildrenByField(syntax.FieldItem) {
		row := facts.Deref(in, r)
		if row.Kind() != syntax.KindListExpression {
			continue
		}
		i := 0
		for cell := range row.ChildrenByField(syntax.FieldItem) {
			if slices.Contains(idx, i) {
				check(cell)
			}
			i++
		}
	}
}

// columnNames reads the column names of #table's first argument: a list of
// texts or a table type.
func columnNames(in *scope.Info, columns syntax.Node) []string {
	columns = facts.Deref(in, columns)
	var out []string
	switch columns.Kind() {
	case syntax.KindListExpression:
		for _, it := range items(columns) {
			lit := facts.Deref(in, it)
			if lit.Kind() != syntax.KindTextLiteral {
				return nil
			}
			out = append(out, facts.TextValue(lit))
		}
	case syntax.KindTypeExpression:
		for n := range columns.Descendants() {
			if n.Kind() != syntax.KindRecordType {
				continue
			}
			for fs := range n.NamedChildren() {
				if fs.Kind() == syntax.KindFieldSpecification {
					if name := fs.ChildByField(syntax.FieldName); !name.IsNull() {
						out = append(out, scope.Name(name))
					}
				}
			}
			break
		}
	}
	return out
}
