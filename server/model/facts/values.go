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
// (`Config[Publish]`, also on records merged with `&`). It returns n itself
// when there is nothing to follow, and a null node for a null input. It
// does not enter function calls; [Facts.Deref] does.
func Deref(in *scope.Info, n syntax.Node) syntax.Node { return deref(in, nil, n, false, 0) }

// Deref follows an expression as the package-level [Deref] does, and also
// into the bodies of the connector's own functions it sees called
// (`MakePublish("X")` gives MakePublish's body) and into the helper module
// a member is bound to (a member `Diagnostics = Extension.LoadFunction(
// "Diagnostics.pqm")` gives the module's expression).
func (f *Facts) Deref(n syntax.Node) syntax.Node { return deref(f.in, f, n, true, 0) }

// DerefNames follows an expression as [Facts.Deref] does, but without
// entering calls: names, fields, lets and helper modules only.
func (f *Facts) DerefNames(n syntax.Node) syntax.Node { return deref(f.in, f, n, false, 0) }

// deref follows n; with f it also enters helper modules, and with calls
// the bodies of called functions. depth counts the nested follows (field
// access follows its object), so that self-referring values end.
func deref(in *scope.Info, f *Facts, n syntax.Node, calls bool, depth int) syntax.Node {
	if depth > maxDeref {
		return n
	}
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
			if ref == nil || ref.Def == nil {
				return n
			}
			if f != nil {
				if root := f.moduleRoot(ref.Def); !root.IsNull() {
					n = root
					continue
				}
			}
			if ref.Def.Value.IsNull() {
				return n
			}
			n = ref.Def.Value
			continue
		case syntax.KindFieldAccessExpression:
			sel := n.ChildByField(syntax.FieldSelector)
			if sel.IsNull() {
				return n
			}
			fields, _, ok := recordOf(in, f, n.ChildByField(syntax.FieldObject), calls, depth+1, nil)
			if !ok {
				return n
			}
			fld, ok := fields.getNamed(sel.ChildByField(syntax.FieldName))
			if !ok {
				return n
			}
			n = fld.ChildByField(syntax.FieldValue)
			continue
		case syntax.KindInvocationExpression:
			if f == nil || !calls {
				return n
			}
			fn := deref(in, f, n.ChildByField(syntax.FieldFunction), true, depth+1)
			if fn.Kind() != syntax.KindFunctionExpression && fn.Kind() != syntax.KindEachExpression {
				return n
			}
			n = fn.ChildByField(syntax.FieldBody)
			continue
		}
		return n
	}
	return n
}

// moduleRoot returns the expression of the helper module a member is bound
// to, or null.
func (f *Facts) moduleRoot(d *scope.Def) syntax.Node {
	if d == nil || d.Kind != scope.SectionMember {
		return syntax.Node{}
	}
	file := f.Modules[d]
	if file == nil {
		return syntax.Node{}
	}
	return file.Root().ChildByField(syntax.FieldExpression)
}

// RecordOf follows n to a record and returns its fields by name
// (record_field nodes) and the last record literal it is made of. Records
// merged with `&` give the fields of both, the right one winning. ok is
// false when n is not a record it can see.
func RecordOf(in *scope.Info, n syntax.Node) (fields map[string]syntax.Node, last syntax.Node, ok bool) {
	fs, last, ok := recordOf(in, nil, n, false, 0, nil)
	if !ok {
		return nil, last, false
	}
	return fs.toMap(), last, true
}

// RecordOf is the package-level [RecordOf] that follows values as
// [Facts.Deref] does.
func (f *Facts) RecordOf(n syntax.Node) (fields map[string]syntax.Node, last syntax.Node, ok bool) {
	fs, last, ok := recordOf(f.in, f, n, true, 0, nil)
	if !ok {
		return nil, last, false
	}
	return fs.toMap(), last, true
}

// FieldsOf is [Facts.RecordOf] with the fields in a list, which costs far
// less than a map for the few fields records have.
func (f *Facts) FieldsOf(n syntax.Node) (fields Fields, last syntax.Node, ok bool) {
	return recordOf(f.in, f, n, true, 0, nil)
}

// Field is a record field: its name and its record_field node.
type Field struct {
	Name string
	Node syntax.Node
}

// Fields are a record's fields, each name once, in no particular order.
type Fields []Field

// Get returns the record_field node of the field of that name.
func (fs Fields) Get(name string) (syntax.Node, bool) {
	for _, x := range fs {
		if x.Name == name {
			return x.Node, true
		}
	}
	return syntax.Node{}, false
}

// getNamed returns the field whose name the name token n stands for.
func (fs Fields) getNamed(n syntax.Node) (syntax.Node, bool) {
	if n.IsNull() {
		return syntax.Node{}, false
	}
	for _, x := range fs {
		if scope.NameIs(n, x.Name) {
			return x.Node, true
		}
	}
	return syntax.Node{}, false
}

func (fs Fields) toMap() map[string]syntax.Node {
	out := make(map[string]syntax.Node, len(fs))
	for _, x := range fs {
		out[x.Name] = x.Node
	}
	return out
}

// recordOf appends the fields of the record n follows to out; when it
// sees no record, it returns out as it was.
func recordOf(in *scope.Info, f *Facts, n syntax.Node, calls bool, depth int, out Fields) (Fields, syntax.Node, bool) {
	base := len(out)
	if depth > maxDeref {
		return out, syntax.Node{}, false
	}
	n = deref(in, f, n, calls, depth+1)
	switch n.Kind() {
	case syntax.KindRecordExpression:
		return literalFields(in, n, out), n, true
	case syntax.KindBinaryExpression:
		if n.ChildByField(syntax.FieldOperator).Kind() != syntax.KindTokAmpersand {
			break
		}
		l, _, lok := recordOf(in, f, n.ChildByField(syntax.FieldLeft), calls, depth+1, out)
		if !lok {
			break
		}
		k := len(l)
		all, last, rok := recordOf(in, f, n.ChildByField(syntax.FieldRight), calls, depth+1, l)
		if !rok {
			break
		}
		// The right record's fields, each name once, replace the left's
		// of the same name; the merged list is written over all, never
		// ahead of what is still to be read.
		merged := all[:k]
		for _, x := range all[k:] {
			replaced := false
			for i := base; i < k; i++ {
				if merged[i].Name == x.Name {
					merged[i], replaced = x, true
					break
				}
			}
			if !replaced {
				merged = append(merged, x)
			}
		}
		return merged, last, true
	}
	return out[:base], syntax.Node{}, false
}

// defOf returns the definition at n, or nil (also without an Info).
func defOf(in *scope.Info, n syntax.Node) *scope.Def {
	if in == nil {
		return nil
	}
	return in.DefAt(n)
}

// literalFields appends a record expression's fields to out, the first of
// duplicates. A field's name is its definition's when resolution made one
// (the name is then kept once, not copied again).
func literalFields(in *scope.Info, rec syntax.Node, out Fields) Fields {
	k := len(out)
	if out == nil {
		// Counting first allocates the list once, at its size.
		n := 0
		for c := rec.FirstChild(); !c.IsNull(); c = c.NextSibling() {
			if c.Field() == syntax.FieldField {
				n++
			}
		}
		out = make(Fields, 0, n)
	}
next:
	for fld := range rec.ChildrenByField(syntax.FieldField) {
		nameNode := fld.ChildByField(syntax.FieldName)
		if nameNode.IsNull() {
			continue
		}
		name := ""
		if d := defOf(in, fld); d != nil && d.Kind == scope.RecordField && d.Node == fld {
			name = d.Name
		} else {
			name = scope.Name(nameNode)
		}
		for _, x := range out[k:] {
			if x.Name == name {
				continue next
			}
		}
		out = append(out, Field{name, fld})
	}
	return out
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
		if nm := scope.Name(name); out[nm].IsNull() {
			out[nm] = fld
		}
	}
	return out
}

// Args returns an invocation's argument nodes (nil for none).
func Args(call syntax.Node) []syntax.Node {
	args := call.ChildByField(syntax.FieldArguments)
	n := countArgs(args)
	if n == 0 {
		return nil
	}
	out := make([]syntax.Node, 0, n)
	for a := args.FirstChild(); !a.IsNull(); a = a.NextSibling() {
		if a.Field() == syntax.FieldArgument {
			out = append(out, a)
		}
	}
	return out
}

// NumArgs returns the number of an invocation's arguments: len(Args(call))
// without the slice.
func NumArgs(call syntax.Node) int { return countArgs(call.ChildByField(syntax.FieldArguments)) }

func countArgs(args syntax.Node) int {
	n := 0
	for a := args.FirstChild(); !a.IsNull(); a = a.NextSibling() {
		if a.Field() == syntax.FieldArgument {
			n++
		}
	}
	return n
}

// Arg returns an invocation's i-th argument, or null.
func Arg(call syntax.Node, i int) syntax.Node {
	for a := range call.ChildByField(syntax.FieldArguments).ChildrenByField(syntax.FieldArgument) {
		if i == 0 {
			return a
		}
		i--
	}
	return syntax.Node{}
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

// LibraryCall reports whether n is a call of the library function name
// (resolved to the library, not shadowed by the connector).
func LibraryCall(in *scope.Info, n syntax.Node, name string) bool {
	if n.Kind() != syntax.KindInvocationExpression {
		return false
	}
	ref := in.RefAt(n.ChildByField(syntax.FieldFunction))
	return ref != nil && ref.Name == name && ref.Def != nil && ref.Def.Kind == scope.Library
}

// LibraryName returns the library function an invocation calls, or "".
func LibraryName(in *scope.Info, call syntax.Node) string {
	if call.Kind() != syntax.KindInvocationExpression {
		return ""
	}
	ref := in.RefAt(call.ChildByField(syntax.FieldFunction))
	if ref == nil || ref.Def == nil || ref.Def.Kind != scope.Library {
		return ""
	}
	return ref.Name
}

// FunctionOfParam returns the function_expression (or each_expression)
// that defines a parameter, and the parameter's position.
func FunctionOfParam(d *scope.Def) (fn syntax.Node, index int) {
	switch d.Kind {
	case scope.EachParameter:
		return d.Node, 0
	case scope.Parameter:
		list := d.Node.Parent()
		i := 0
		for p := range list.ChildrenByField(syntax.FieldParameter) {
			if p.Equal(d.Node) {
				return list.Parent(), i
			}
			i++
		}
	}
	return syntax.Node{}, -1
}

// Params returns the parameter nodes of a function_expression; nil for an
// each_expression, whose one parameter is implicit.
func Params(fn syntax.Node) []syntax.Node {
	var out []syntax.Node
	for p := range fn.ChildByField(syntax.FieldParameters).ChildrenByField(syntax.FieldParameter) {
		out = append(out, p)
	}
	return out
}

// BindingOf returns the definition (member, let binding or record field)
// whose value is n as written, or nil.
func BindingOf(in *scope.Info, n syntax.Node) *scope.Def {
	if n.Field() != syntax.FieldValue {
		return nil
	}
	p := n.Parent()
	switch p.Kind() {
	case syntax.KindSectionMember, syntax.KindLetBinding, syntax.KindRecordField:
		return in.DefAt(p)
	}
	return nil
}

// IsError reports whether n (followed through parentheses and lets) raises
// an error: `error …`.
func IsError(n syntax.Node) bool {
	for {
		switch n.Kind() {
		case syntax.KindParenthesizedExpression:
			n = n.ChildByField(syntax.FieldExpression)
			continue
		case syntax.KindLetExpression:
			n = n.ChildByField(syntax.FieldBody)
			continue
		case syntax.KindErrorRaisingExpression:
			return true
		}
		return false
	}
}

// Logical returns the value of a logical literal.
func Logical(n syntax.Node) (value, ok bool) {
	if n.Kind() != syntax.KindLogicalLiteral {
		return false, false
	}
	return strings.TrimSpace(n.Text()) == "true", true
}

// TextValue returns the value of a text literal node: quotes removed, `""`
// unescaped and the `#(…)` escapes of the specification applied.
func TextValue(n syntax.Node) string {
	t := n.Text()
	if len(t) < 2 || t[0] != '"' || t[len(t)-1] != '"' {
		return t
	}
	return unescape(t[1 : len(t)-1])
}

// Text follows n (as the package-level [Deref] does) to a text literal and
// returns its value.
func Text(in *scope.Info, n syntax.Node) (string, bool) {
	n = Deref(in, n)
	if n.Kind() != syntax.KindTextLiteral {
		return "", false
	}
	return TextValue(n), true
}

// baseType strips `type`, `nullable`, parentheses and metadata from a type
// as written: "type nullable text" -> "text".
func baseType(t string) string {
	t = strings.TrimSpace(t)
	for {
		switch {
		case strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")"):
			t = strings.TrimSpace(t[1 : len(t)-1])
		case strings.HasPrefix(t, "type "):
			t = strings.TrimSpace(t[len("type "):])
		case strings.HasPrefix(t, "nullable "):
			t = strings.TrimSpace(t[len("nullable "):])
		default:
			if i := strings.Index(t, " meta "); i >= 0 {
				t = strings.TrimSpace(t[:i])
				continue
			}
			return t
		}
	}
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

// value reads a record field's value, followed.
func (f *Facts) value(name string, fld syntax.Node) *Value {
	if fld.IsNull() {
		return nil
	}
	v := &Value{Name: name, Field: fld, Node: fld.ChildByField(syntax.FieldValue)}
	v.Expr = f.Deref(v.Node)
	switch v.Expr.Kind() {
	case syntax.KindTextLiteral:
		v.Text, v.IsText = TextValue(v.Expr), true
	case syntax.KindLogicalLiteral:
		v.Bool, v.IsBool = Logical(v.Expr)
	case syntax.KindListExpression:
		v.IsList = true
		for it := range v.Expr.ChildrenByField(syntax.FieldItem) {
			v.Items = append(v.Items, it)
		}
	}
	if fields, _, ok := f.RecordOf(v.Node); ok {
		v.IsRecord, v.Fields = true, fields
	}
	return v
}

// Field returns the field of that name of a record value, followed, or nil.
func (f *Facts) Field(fields map[string]syntax.Node, name string) *Value {
	fld, ok := fields[name]
	if !ok {
		return nil
	}
	return f.value(name, fld)
}
