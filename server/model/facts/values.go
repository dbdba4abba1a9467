package facts

import (
	"strings"

	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// maxDeref bounds how many indirections Deref follows (cycles, deep chains).
const maxDeref = 32

// Deref follows an expression to the expression that gives its value:
// through names (let bindings, record fields, section members), parentheses,
// the bodies of lets, and field access on records it can see
// (`Config[Publish]`). It returns n itself when there is nothing to follow,
// and a null node for a null input.
func Deref(in *scope.Info, n syntax.Node) syntax.Node {
	for i := 0; i < maxDeref && !n.IsNull(); i++ {
		switch n.Kind() {
		case syntax.KindParenthesizedExpression:
			n = n.ChildByField(syntax.FieldExpression)
			continue
		case syntax.KindLetExpression:
			n = n.ChildByField(syntax.FieldBody)
			continue
		case syntax.KindIdentifierExpression, syntax.KindSectionAccessExpression:
			ref := in.RefAt(n)
			if ref == nil || ref.Def == nil || ref.Def.Value.IsNull() {
				return n
			}
			n = ref.Def.Value
			continue
		case syntax.KindFieldAccessExpression:
			obj := Deref(in, n.ChildByField(syntax.FieldObject))
			sel := n.ChildByField(syntax.FieldSelector)
			if obj.Kind() != syntax.KindRecordExpression || sel.IsNull() {
				return n
			}
			name := sel.ChildByField(syntax.FieldName)
			fld, ok := RecordFields(obj)[scope.Name(name)]
			if !ok {
				return n
			}
			n = fld.ChildByField(syntax.FieldValue)
			continue
		}
		return n
	}
	return n
}

// RecordFields returns a record expression's fields by name (record_field
// nodes; the first of duplicates).
func RecordFields(rec syntax.Node) map[string]syntax.Node {
	out := map[string]syntax.Node{}
	for fld := range rec.ChildrenByField(syntax.FieldField) {
		name := fld.ChildByField(syntax.FieldName)
		if name.IsNull() {
			continue
		}
		if _, dup := out[scope.Name(name)]; !dup {
			out[scope.Name(name)] = fld
		}
	}
	return out
}

// Args returns an invocation's argument nodes.
func Args(call syntax.Node) []syntax.Node {
	var out []syntax.Node
	for a := range call.ChildByField(syntax.FieldArguments).ChildrenByField(syntax.FieldArgument) {
		out = append(out, a)
	}
	return out
}

// calleeName returns the name of the function an invocation calls, when it
// is a plain name.
func calleeName(in *scope.Info, call syntax.Node) string {
	fn := call.ChildByField(syntax.FieldFunction)
	if fn.Kind() != syntax.KindIdentifierExpression {
		return ""
	}
	if ref := in.RefAt(fn); ref != nil {
		return ref.Name
	}
	return ""
}

// CalleeName returns the name an invocation calls by ("" when it is not a
// plain name).
func CalleeName(in *scope.Info, call syntax.Node) string { return calleeName(in, call) }

// TextValue returns the value of a text literal node: quotes removed, `""`
// unescaped and the `#(…)` escapes of the specification applied.
func TextValue(n syntax.Node) string {
	t := n.Text()
	if len(t) < 2 || t[0] != '"' || t[len(t)-1] != '"' {
		return t
	}
	return unescape(t[1 : len(t)-1])
}

func unescape(s string) string {
	if !strings.ContainsAny(s, "\"#") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' && i+1 < len(s) && s[i+1] == '"' {
			b.WriteByte('"')
			i++
			continue
		}
		if c == '#' && i+1 < len(s) && s[i+1] == '(' {
			if end := strings.IndexByte(s[i:], ')'); end > 0 {
				if out, ok := escapes(s[i+2 : i+end]); ok {
					b.WriteString(out)
					i += end
					continue
				}
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// escapes decodes the inside of a `#(…)` escape: cr, lf, tab, #, or hex
// code points, comma-separated.
func escapes(s string) (string, bool) {
	var b strings.Builder
	for _, part := range strings.Split(s, ",") {
		switch p := strings.TrimSpace(part); p {
		case "cr":
			b.WriteByte('\r')
		case "lf":
			b.WriteByte('\n')
		case "tab":
			b.WriteByte('\t')
		case "#":
			b.WriteByte('#')
		default:
			if len(p) != 4 && len(p) != 8 {
				return "", false
			}
			var r rune
			for _, h := range p {
				switch {
				case h >= '0' && h <= '9':
					r = r*16 + h - '0'
				case h >= 'a' && h <= 'f':
					r = r*16 + h - 'a' + 10
				case h >= 'A' && h <= 'F':
					r = r*16 + h - 'A' + 10
				default:
					return "", false
				}
			}
			b.WriteRune(r)
		}
	}
	return b.String(), true
}
