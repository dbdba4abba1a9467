package auth

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc107_test_connection_path_shape.md
var testConnectionPathShapeDoc string

// TestConnectionPathShape reports TestConnection handlers that read the
// data source path in the wrong shape: JSON for a URL path, the raw path
// for a JSON one, or JSON fields that are not path parameters.
var TestConnectionPathShape = &rules.Rule{
	Code:     "PQC107",
	Name:     "test-connection-path-shape",
	Severity: rules.Error,
	Doc:      testConnectionPathShapeDoc,
	Needs:    rules.NeedsFacts,
	Run:      runTestConnectionPathShape,
}

func runTestConnectionPathShape(p *rules.Pass) {
	in, fs := p.Model.Scope, p.Model.Facts
	for _, k := range namedKinds(fs) {
		if k.Record.IsNull() {
			continue
		}
		h := testConnection(in, k)
		ref := reference(k)
		if h == nil || h.Param == nil || ref == nil {
			continue
		}
		path := ref.RequiredPath()
		pname := h.Param.Name
		if singleUri(path) {
			for _, call := range jsonDocumentCalls(in, h.Param) {
				p.ReportNode(call, "`%s` takes one `Uri.Type` parameter, so the data source path of `%s` is the URL itself, not JSON: pass `%s` as is", ref.Name, k.Name, pname)
			}
			continue
		}
		if len(path) > 0 {
			if list := returnedList(in, h.Fn); !list.IsNull() {
				for _, it := range listItems(list) {
					if r := in.RefAt(unparen(it)); r != nil && r.Def == h.Param {
						p.ReportNode(it, "the data source path of `%s` is JSON with a field per path parameter of `%s` (%s): read them with `Json.Document(%s)` instead of passing `%s` as is",
							k.Name, ref.Name, paramNames(path), pname, pname)
					}
				}
			}
		}
		for _, call := range jsonDocumentCalls(in, h.Param) {
			for _, sel := range jsonFields(in, call) {
				name := scope.Name(sel)
				if inPath(path, name) {
					continue
				}
				switch prm := param(ref, name); {
				case prm != nil && !prm.DataSourcePath:
					p.ReportNode(sel, "`%s` is marked `DataSource.Path = false`, so it is not in the data source path of `%s`", name, k.Name)
				case prm != nil && prm.Optional:
					p.ReportNode(sel, "`%s` is optional, so it is not in the data source path of `%s` (the path holds %s)", name, k.Name, pathOrNone(path))
				default:
					p.ReportNode(sel, "`%s` is not a required parameter of `%s`, so it is not in the data source path of `%s` (the path holds %s)", name, ref.Name, k.Name, pathOrNone(path))
				}
			}
		}
	}
}

func pathOrNone(path []*facts.Param) string {
	if len(path) == 0 {
		return "no parameter"
	}
	return paramNames(path)
}

func inPath(path []*facts.Param, name string) bool {
	for _, p := range path {
		if p.Name == name {
			return true
		}
	}
	return false
}

func param(ds *facts.DataSource, name string) *facts.Param {
	for _, p := range ds.Params {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// jsonDocumentCalls returns the `Json.Document(x)` invocations whose
// argument is a reference to d.
func jsonDocumentCalls(in *scope.Info, d *scope.Def) []syntax.Node {
	var out []syntax.Node
	for _, ref := range d.Refs {
		arg := outerParen(ref.Node)
		if arg.Field() != syntax.FieldArgument {
			continue
		}
		call := arg.Parent().Parent()
		if call.Kind() != syntax.KindInvocationExpression || facts.CalleeName(in, call) != "Json.Document" {
			continue
		}
		if fn := in.RefAt(call.ChildByField(syntax.FieldFunction)); fn == nil || fn.Def == nil || fn.Def.Kind != scope.Library {
			continue
		}
		out = append(out, call)
	}
	return out
}

// jsonFields returns the field selector names read from a parsed JSON
// value: `Json.Document(p)[f]` directly, or through let bindings and
// record fields bound to it (`json = Json.Document(p), f = json[f]`).
func jsonFields(in *scope.Info, call syntax.Node) []syntax.Node {
	var out []syntax.Node
	seen := map[*scope.Def]bool{}
	var uses func(n syntax.Node, depth int)
	uses = func(n syntax.Node, depth int) {
		n = outerParen(n)
		parent := n.Parent()
		switch {
		case parent.Kind() == syntax.KindFieldAccessExpression && n.Field() == syntax.FieldObject:
			if sel := parent.ChildByField(syntax.FieldSelector); sel.Kind() == syntax.KindFieldSelector {
				if name := sel.ChildByField(syntax.FieldName); !name.IsNull() {
					out = append(out, name)
				}
			}
		case n.Field() == syntax.FieldValue && (parent.Kind() == syntax.KindLetBinding || parent.Kind() == syntax.KindRecordField):
			d := in.DefAt(parent)
			if d == nil || seen[d] || depth > 8 {
				return
			}
			seen[d] = true
			for _, r := range d.Refs {
				uses(r.Node, depth+1)
			}
		}
	}
	uses(call, 0)
	return out
}
