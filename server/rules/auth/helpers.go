package auth

// This file defines what the rules of the family share: the kind's
// reference function, the TestConnection handler and its returned list,
// parameter counts, and the M text the fixes write.

import (
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// namedKinds returns the kinds whose DataSource.Kind is a non-empty text:
// a non-text or empty kind is a broken attribute, not a kind to check.
func namedKinds(fs *facts.Facts) []*facts.Kind {
	var out []*facts.Kind
	for _, k := range fs.Kinds {
		if k.Name != "" {
			out = append(out, k)
		}
	}
	return out
}

// paramsKnown reports whether a data source function's parameters were
// found (a documented type or an implementation).
func paramsKnown(ds *facts.DataSource) bool {
	return !ds.Type.IsNull() || !ds.Function.IsNull()
}

// reference returns the function that defines a kind's data source path:
// its first published function with known parameters, else its first
// function with known parameters, or nil. Helper functions of a kind
// without Publish share the path, so the published one is the reference.
func reference(k *facts.Kind) *facts.DataSource {
	for _, ds := range k.DataSources {
		if ds.PublishAttr != nil && paramsKnown(ds) {
			return ds
		}
	}
	for _, ds := range k.DataSources {
		if paramsKnown(ds) {
			return ds
		}
	}
	return nil
}

// normType reduces a written type to what decides a data source path:
// `type`, `nullable`, parentheses and spaces removed ("" when untyped).
func normType(t string) string {
	t = strings.TrimSpace(t)
	for {
		old := t
		t = strings.TrimSpace(t)
		if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
			t = t[1 : len(t)-1]
		}
		t = strings.TrimSpace(strings.TrimPrefix(t, "type "))
		t = strings.TrimSpace(strings.TrimPrefix(t, "nullable "))
		if t == old {
			break
		}
	}
	return strings.Join(strings.Fields(t), "")
}

// isUriType reports whether a parameter is declared `Uri.Type`, which makes
// the data source path the URL itself.
func isUriType(p *facts.Param) bool { return normType(p.Type) == "Uri.Type" }

// singleUri reports whether a path is one `Uri.Type` parameter.
func singleUri(path []*facts.Param) bool { return len(path) == 1 && isUriType(path[0]) }

// paramList renders parameters as `(a as text, b as Uri.Type)`.
func paramList(ps []*facts.Param) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Name
		if t := strings.TrimSpace(p.Type); t != "" {
			parts[i] += " as " + t
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// paramNames renders parameter names as "`a`, `b`".
func paramNames(ps []*facts.Param) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = "`" + p.Name + "`"
	}
	return strings.Join(parts, ", ")
}

// fieldValue returns a record field's value node.
func fieldValue(fld syntax.Node) syntax.Node { return fld.ChildByField(syntax.FieldValue) }

// fieldName returns a record field's name node.
func fieldName(fld syntax.Node) syntax.Node { return fld.ChildByField(syntax.FieldName) }

// functionParams returns a function expression's parameter nodes and how
// many of them are required.
func functionParams(fn syntax.Node) (params []syntax.Node, required int) {
	for p := range fn.ChildByField(syntax.FieldParameters).ChildrenByField(syntax.FieldParameter) {
		params = append(params, p)
		if p.ChildByField(syntax.FieldOptional).IsNull() {
			required++
		}
	}
	return params, required
}

// arity returns how many arguments a callable takes: the data source
// function's documented parameters, or those of the function expression
// behind a member (through Value.ReplaceType). ok is false when unknown.
func arity(in *scope.Info, fs *facts.Facts, d *scope.Def) (required, total int, ok bool) {
	for _, ds := range fs.DataSources {
		if ds.Member.Def == d && paramsKnown(ds) {
			for _, p := range ds.Params {
				if !p.Optional {
					required++
				}
			}
			return required, len(ds.Params), true
		}
	}
	v := facts.Deref(in, d.Value)
	if v.Kind() == syntax.KindInvocationExpression && facts.CalleeName(in, v) == "Value.ReplaceType" {
		if args := facts.Args(v); len(args) > 0 {
			v = facts.Deref(in, args[0])
		}
	}
	if v.Kind() != syntax.KindFunctionExpression {
		return 0, 0, false
	}
	params, req := functionParams(v)
	return req, len(params), true
}

// isLiteral reports whether a (dereferenced) node is a value written out,
// whose kind is known without evaluation.
func isLiteral(n syntax.Node) bool {
	switch n.Kind() {
	case syntax.KindTextLiteral, syntax.KindNumberLiteral, syntax.KindLogicalLiteral, syntax.KindNullLiteral,
		syntax.KindListExpression, syntax.KindRecordExpression, syntax.KindFunctionExpression,
		syntax.KindEachExpression, syntax.KindTypeExpression, syntax.KindVerbatimLiteral:
		return true
	}
	return false
}

// literalKind names what a literal node is, for messages.
func literalKind(n syntax.Node) string {
	switch n.Kind() {
	case syntax.KindTextLiteral:
		return "a text"
	case syntax.KindNumberLiteral:
		return "a number"
	case syntax.KindLogicalLiteral:
		return "a logical"
	case syntax.KindNullLiteral:
		return "null"
	case syntax.KindListExpression:
		return "a list"
	case syntax.KindRecordExpression:
		return "a record"
	case syntax.KindFunctionExpression, syntax.KindEachExpression:
		return "a function"
	case syntax.KindTypeExpression:
		return "a type"
	}
	return "a value"
}

// handler is a kind record's TestConnection handler.
type handler struct {
	Field syntax.Node // the record_field
	// Fn is the function expression behind the field, or null when the
	// value is not a function written out.
	Fn syntax.Node
	// Param is the definition of the handler's (first) parameter, or nil.
	Param *scope.Def
}

// testConnection returns the kind's TestConnection handler, or nil.
func testConnection(in *scope.Info, k *facts.Kind) *handler {
	fld, ok := k.Fields["TestConnection"]
	if !ok {
		return nil
	}
	h := &handler{Field: fld}
	if fn := facts.Deref(in, fieldValue(fld)); fn.Kind() == syntax.KindFunctionExpression {
		h.Fn = fn
		if params, _ := functionParams(fn); len(params) > 0 {
			h.Param = in.DefAt(params[0])
		}
	}
	return h
}

// returnedList returns the list expression a handler returns, or null when
// it is built some other way (`&`, calls, conditionals).
func returnedList(in *scope.Info, fn syntax.Node) syntax.Node {
	body := facts.Deref(in, fn.ChildByField(syntax.FieldBody))
	if body.Kind() != syntax.KindListExpression {
		return syntax.Node{}
	}
	return body
}

// listItems returns a list expression's items.
func listItems(list syntax.Node) []syntax.Node {
	var out []syntax.Node
	for it := range list.ChildrenByField(syntax.FieldItem) {
		out = append(out, it)
	}
	return out
}

// unparen strips parentheses around an expression.
func unparen(n syntax.Node) syntax.Node {
	for n.Kind() == syntax.KindParenthesizedExpression {
		n = n.ChildByField(syntax.FieldExpression)
	}
	return n
}

// outerParen climbs from n through the parentheses that enclose it.
func outerParen(n syntax.Node) syntax.Node {
	for p := n.Parent(); p.Kind() == syntax.KindParenthesizedExpression; p = n.Parent() {
		n = p
	}
	return n
}

// -- M text and fields --

// fieldSelector writes `[name]`, the field access of a name.
func fieldSelector(name string) string { return "[" + scope.Identifier(name) + "]" }

// lineEndAt returns the offset of the line terminator after off (or the
// end of the file) when only blanks and a line comment follow off there,
// so that text inserted there follows a trailing comment; otherwise off.
func lineEndAt(f *syntax.File, off int) int {
	t := f.Text()
	end := off
	for end < len(t) && t[end] != '\n' && t[end] != '\r' {
		end++
	}
	if rest := strings.TrimSpace(string(t[off:end])); rest == "" || strings.HasPrefix(rest, "//") {
		return end
	}
	return off
}

// fieldNameText returns a record field's name, unquoted.
func fieldNameText(fld syntax.Node) string { return scope.Name(fieldName(fld)) }

// fieldsInOrder returns a record expression's named fields in document
// order (facts.RecordFields is a map).
func fieldsInOrder(rec syntax.Node) []syntax.Node {
	var out []syntax.Node
	for f := range rec.ChildrenByField(syntax.FieldField) {
		if !fieldName(f).IsNull() {
			out = append(out, f)
		}
	}
	return out
}

// textValue returns a text literal's value.
func textValue(n syntax.Node) string { return facts.TextValue(n) }
