package publish

import (
	_ "embed"
	"sort"
	"strings"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc309_directquery_without_folding.md
var directQueryWithoutFoldingDoc string

// DirectQueryWithoutFolding reports `SupportsDirectQuery = true` on
// functions whose source cannot fold.
var DirectQueryWithoutFolding = &rules.Rule{
	Code:     "PQC309",
	Name:     "directquery-without-folding",
	Severity: rules.Warning,
	Doc:      directQueryWithoutFoldingDoc,
	Fix:      rules.FixNone,
	Needs:    rules.NeedsFacts,
	Run:      runDirectQueryWithoutFolding,
}

// foldingSource reports library functions whose results fold queries.
func foldingSource(name string) bool {
	for _, prefix := range []string{"Odbc.", "AdoDotNet.", "OleDb.", "Sql."} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return name == "Table.View"
}

// webSources are sources whose results cannot fold for DirectQuery.
var webSources = map[string]bool{"Web.Contents": true, "Web.Page": true, "Web.BrowserContents": true, "OData.Feed": true}

func runDirectQueryWithoutFolding(p *rules.Pass) {
	in := p.Model.Scope
	for _, pub := range publishes(p) {
		fld, ok := fieldsByName(pub.Record)["SupportsDirectQuery"]
		if !ok || rules.InError(fld) {
			continue
		}
		if dq, ok := logical(in, fld.ChildByField(syntax.FieldValue)); !ok || !dq {
			continue
		}
		for _, ds := range pub.DataSources {
			if ds.Function.IsNull() {
				continue
			}
			reach := reachedLibrary(p.Model, ds.Function)
			if reach.dynamic {
				continue
			}
			var web []string
			folds := false
			for name := range reach.names {
				folds = folds || foldingSource(name)
				if webSources[name] {
					web = append(web, "`"+name+"`")
				}
			}
			if folds || len(web) == 0 {
				continue
			}
			sort.Strings(web)
			p.ReportNode(fld, "`SupportsDirectQuery = true`, but `%s` reads %s, which cannot fold: DirectQuery needs a source that folds (`Odbc.DataSource`, `AdoDotNet`, `OleDb`, `Sql.*` or `Table.View`)", ds.Name, strings.Join(web, ", "))
			break
		}
	}
}

// fieldsByName returns a record's fields by name (the first of duplicates).
func fieldsByName(rec syntax.Node) map[string]syntax.Node {
	out := map[string]syntax.Node{}
	for _, f := range fieldsOf(rec) {
		if _, dup := out[f.Name]; !dup {
			out[f.Name] = f.Node
		}
	}
	return out
}

// reached are the library functions a function uses, directly or through
// the connector's own functions and helper modules.
type reached struct {
	names map[string]bool
	// dynamic reports code evaluated from text that is not a known helper
	// module: what it uses cannot be seen.
	dynamic bool
}

// reachedLibrary walks a function and everything of the connector it refers to.
func reachedLibrary(m *model.Model, fn syntax.Node) reached {
	r := reached{names: map[string]bool{}}
	seen := map[syntax.Node]bool{}
	var walk func(n syntax.Node)
	walk = func(n syntax.Node) {
		if n.IsNull() || seen[n] {
			return
		}
		seen[n] = true
		for d := range n.Descendants() {
			if d.Kind() != syntax.KindIdentifierExpression && d.Kind() != syntax.KindSectionAccessExpression {
				continue
			}
			ref := m.Scope.RefAt(d)
			if ref == nil || ref.Def == nil {
				continue
			}
			def := ref.Def
			switch def.Kind {
			case scope.Library:
				r.names[ref.Name] = true
			case scope.SectionMember:
				if mod := moduleOf(m, def); mod != nil {
					walk(moduleExpression(mod))
					continue
				}
				walk(def.Value)
			case scope.LetBinding, scope.RecordField:
				if !n.Contains(def.Node) {
					walk(def.Value)
				}
			}
		}
	}
	walk(fn)
	if r.names["Expression.Evaluate"] {
		// Helper modules loaded other than through a member: take them all.
		r.dynamic = len(m.Modules) == 0
		for _, mod := range m.Modules {
			walk(moduleExpression(mod))
		}
	}
	return r
}
