package facts

import (
	"strings"

	"github.com/pqcert/pqcert/server/syntax"
)

// navigatingSources are the library sources whose result navigates by
// itself, so a function returning it needs no navigation table of its own.
var navigatingSources = map[string]bool{
	"Odbc.DataSource": true, "OData.Feed": true, "AdoDotNet.DataSource": true,
	"OleDb.DataSource": true, "Sql.Database": true, "Sql.Databases": true,
}

// navigation decides what a data source function returns, following its
// result through lets, names, branches, the connector's own functions and
// helper modules.
func (col *collector) navigation(ds *DataSource) Navigation {
	if ds.Function.IsNull() {
		return Navigation{Kind: NavUnknown}
	}
	return col.navOf(ds.Function.ChildByField(syntax.FieldBody), map[nodeKey]bool{}, 0)
}

func (col *collector) navOf(n syntax.Node, entered map[nodeKey]bool, depth int) Navigation {
	f := col.f
	for i := 0; i < 4*maxDeref && !n.IsNull(); i++ {
		switch n.Kind() {
		case syntax.KindParenthesizedExpression:
			n = n.ChildByField(syntax.FieldExpression)
			continue
		case syntax.KindLetExpression, syntax.KindFunctionExpression, syntax.KindEachExpression:
			n = n.ChildByField(syntax.FieldBody)
			continue
		case syntax.KindErrorHandlingExpression:
			n = n.ChildByField(syntax.FieldBody)
			continue
		case syntax.KindAsExpression:
			n = n.ChildByField(syntax.FieldLeft)
			continue
		case syntax.KindIdentifierExpression, syntax.KindSectionAccessExpression, syntax.KindFieldAccessExpression:
			v := f.DerefNames(n)
			if v.Equal(n) {
				return Navigation{Kind: NavUnknown, Node: n}
			}
			n = v
			continue
		case syntax.KindIfExpression:
			if depth > maxDeref {
				return Navigation{Kind: NavUnknown, Node: n}
			}
			// A navigation table in any branch that does not raise counts:
			// the other branches are usually special cases.
			var none Navigation
			unknown := false
			for _, b := range []syntax.Node{n.ChildByField(syntax.FieldConsequence), n.ChildByField(syntax.FieldAlternative)} {
				if IsError(b) {
					continue
				}
				r := col.navOf(b, entered, depth+1)
				switch {
				case r.IsNavigation():
					return r
				case r.Kind == NavUnknown:
					unknown = true
				case none.Node.IsNull():
					none = r
				}
			}
			if unknown || none.Node.IsNull() {
				return Navigation{Kind: NavUnknown, Node: n}
			}
			return none
		case syntax.KindMetadataExpression:
			if hasNavMeta(f, n.ChildByField(syntax.FieldRight)) {
				return Navigation{Kind: NavMetadata, Node: n.ChildByField(syntax.FieldRight)}
			}
			n = n.ChildByField(syntax.FieldLeft)
			continue
		case syntax.KindInvocationExpression:
			name := CalleeName(col.in, n)
			if name == "Table.ToNavigationTable" {
				return Navigation{Kind: NavTable, Node: n, Name: name}
			}
			switch lib := LibraryName(col.in, n); {
			case navigatingSources[lib]:
				return Navigation{Kind: NavSource, Node: n, Name: lib}
			case lib == "Value.ReplaceType":
				if t := Arg(n, 1); hasNavType(f, t) {
					return Navigation{Kind: NavMetadata, Node: t, Name: lib}
				}
				n = Arg(n, 0)
				continue
			case lib == "Diagnostics.Trace":
				n = Arg(n, 2)
				continue
			case lib == "Function.InvokeAfter":
				n = Arg(n, 0)
				continue
			case lib != "":
				return Navigation{Kind: NavNone, Node: n, Name: lib}
			}
			fn := f.Deref(n.ChildByField(syntax.FieldFunction))
			if fn.Kind() != syntax.KindFunctionExpression && fn.Kind() != syntax.KindEachExpression {
				return Navigation{Kind: NavUnknown, Node: n, Name: name}
			}
			k := keyOf(fn)
			if entered[k] {
				return Navigation{Kind: NavUnknown, Node: n, Name: name}
			}
			entered[k] = true
			n = fn.ChildByField(syntax.FieldBody)
			continue
		}
		return Navigation{Kind: NavNone, Node: n}
	}
	return Navigation{Kind: NavUnknown, Node: n}
}

// hasNavType reports a table type with NavigationTable.* metadata:
// `T meta [NavigationTable.NameColumn = …]` or
// `Value.ReplaceMetadata(T, [NavigationTable.…])`.
func hasNavType(f *Facts, t syntax.Node) bool {
	t = f.Deref(t)
	switch t.Kind() {
	case syntax.KindMetadataExpression:
		return hasNavMeta(f, t.ChildByField(syntax.FieldRight))
	case syntax.KindInvocationExpression:
		switch LibraryName(f.in, t) {
		case "Value.ReplaceMetadata", "Value.AddMetadata":
			return hasNavMeta(f, Arg(t, 1))
		}
	}
	return false
}

// hasNavMeta reports a metadata record with a NavigationTable.* field.
func hasNavMeta(f *Facts, rec syntax.Node) bool {
	fields, _, ok := f.RecordOf(rec)
	if !ok {
		return false
	}
	for name := range fields {
		if strings.HasPrefix(name, "NavigationTable.") {
			return true
		}
	}
	return false
}
