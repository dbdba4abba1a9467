package publish

// This file defines what several publish rules compute over the syntax
// tree: record fields as written, the functions an invocation calls, the
// helper modules members are bound to, and text layout for fixes.

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

// field is a record field as written.
type field struct {
	Name  string
	Node  syntax.Node // record_field
	NameN syntax.Node
	Value syntax.Node
}

// fieldsOf returns a record expression's fields in order, duplicates included.
func fieldsOf(rec syntax.Node) []field {
	var out []field
	for fld := range rec.ChildrenByField(syntax.FieldField) {
		name := fld.ChildByField(syntax.FieldName)
		if name.IsNull() {
			continue
		}
		out = append(out, field{Name: scope.Name(name), Node: fld, NameN: name, Value: fld.ChildByField(syntax.FieldValue)})
	}
	return out
}

// fieldValue returns the value of a record's field, followed with Deref,
// and the field; null nodes when the record has no such field.
func fieldValue(in *scope.Info, rec syntax.Node, name string) (syntax.Node, syntax.Node) {
	fld, ok := facts.RecordFields(rec)[name]
	if !ok {
		return syntax.Node{}, syntax.Node{}
	}
	return facts.Deref(in, fld.ChildByField(syntax.FieldValue)), fld
}

// record follows n to a record expression, or returns null.
func record(in *scope.Info, n syntax.Node) syntax.Node {
	if n = facts.Deref(in, n); n.Kind() == syntax.KindRecordExpression {
		return n
	}
	return syntax.Node{}
}

// items returns a list expression's items.
func items(list syntax.Node) []syntax.Node {
	var out []syntax.Node
	for it := range list.ChildrenByField(syntax.FieldItem) {
		out = append(out, it)
	}
	return out
}

// logical reports the value of a logical literal n follows to.
func logical(in *scope.Info, n syntax.Node) (value, ok bool) {
	return facts.Logical(facts.Deref(in, n))
}

// -- calls --

// callee is what an invocation calls.
type callee struct {
	// Name is the called name ("" when the function is not a plain name).
	Name string
	// Library reports a function of the M library.
	Library bool
	// Function is the connector's own function_expression called, or null.
	Function syntax.Node
	// Intrinsic is the keyword of `#table(…)` and the like.
	Intrinsic string
}

// calleeOf resolves the function of an invocation.
func calleeOf(m *model.Model, call syntax.Node) callee {
	fn := call.ChildByField(syntax.FieldFunction)
	if fn.Kind() == syntax.KindIntrinsicIdentifier || fn.Kind() == syntax.KindKwHashTable {
		return callee{Intrinsic: strings.TrimSpace(fn.Text())}
	}
	if fn.Kind() != syntax.KindIdentifierExpression && fn.Kind() != syntax.KindSectionAccessExpression {
		return callee{}
	}
	ref := m.Scope.RefAt(fn)
	if ref == nil {
		return callee{}
	}
	c := callee{Name: ref.Name}
	if ref.Def == nil {
		return c
	}
	switch ref.Def.Kind {
	case scope.Library:
		c.Library = true
	case scope.SectionMember, scope.LetBinding, scope.RecordField:
		c.Function = functionOf(m, ref.Def)
	}
	return c
}

// functionOf returns the function_expression a definition's value is, also
// through Value.ReplaceType and helper modules, or null.
func functionOf(m *model.Model, d *scope.Def) syntax.Node {
	if d.Kind == scope.SectionMember {
		if mod := moduleOf(m, d); mod != nil {
			return functionIn(m, moduleExpression(mod), 0)
		}
	}
	return functionIn(m, d.Value, 0)
}

func functionIn(m *model.Model, n syntax.Node, depth int) syntax.Node {
	n = facts.Deref(m.Scope, n)
	switch n.Kind() {
	case syntax.KindFunctionExpression:
		return n
	case syntax.KindInvocationExpression:
		if depth < 4 && facts.CalleeName(m.Scope, n) == "Value.ReplaceType" {
			if args := facts.Args(n); len(args) > 0 {
				return functionIn(m, args[0], depth+1)
			}
		}
	}
	return syntax.Node{}
}

// moduleOf returns the helper module a section member is bound to: the
// facts' binding, or else the module named by a `.pqm` text literal in the
// member's value (`X = Extension.LoadFunction("X.pqm")`).
func moduleOf(m *model.Model, d *scope.Def) *syntax.File {
	if f := m.Facts.Modules[d]; f != nil {
		return f
	}
	if d.Value.IsNull() {
		return nil
	}
	for n := range d.Value.Descendants() {
		if n.Kind() != syntax.KindTextLiteral {
			continue
		}
		name := facts.TextValue(n)
		if !strings.EqualFold(filepath.Ext(name), ".pqm") {
			continue
		}
		for _, mod := range m.Modules {
			if strings.EqualFold(filepath.Base(m.PathOf(mod)), filepath.Base(filepath.FromSlash(name))) {
				return mod
			}
		}
	}
	return nil
}

// moduleExpression returns the expression a helper module consists of.
func moduleExpression(f *syntax.File) syntax.Node {
	for c := range f.Root().NamedChildren() {
		if c.Kind() != syntax.KindComment {
			return c
		}
	}
	return syntax.Node{}
}

// -- text layout --

// indentUnit guesses one level of indentation from the file: the
// indentation of the first indented line. It reads the lines in place, as
// the rule runs on every analysis of a possibly large file.
func indentUnit(f *syntax.File) string {
	text := f.Text()
	for i := 0; i < len(text); {
		if text[i] == '\t' {
			return "\t"
		}
		n := 0
		for i+n < len(text) && text[i+n] == ' ' {
			n++
		}
		if n > 0 && n <= 8 {
			return strings.Repeat(" ", n)
		}
		nl := bytes.IndexByte(text[i:], '\n')
		if nl < 0 {
			break
		}
		i += nl + 1
	}
	return "    "
}

// insertField returns the text and offset that add a field (`name = value`)
// as the first field of a record expression, laid out like its fields.
func insertFirstField(rec syntax.Node, text string) (int, string) {
	f := rec.File()
	first := rec.ChildByField(syntax.FieldField)
	if first.IsNull() {
		// `[]`: put the field between the brackets.
		open := rec.FirstChild()
		return open.End(), text
	}
	if document.OnlyBlanksBefore(f.Text(), first.Start()) {
		return first.Start(), text + "," + rules.LineEnding(f) + rules.IndentAt(f, first.Start())
	}
	return first.Start(), text + ", "
}

// insertLastField returns the offset and text that add a field after a
// record's last field, laid out like its fields.
func insertLastField(rec syntax.Node, text string) (int, string) {
	f := rec.File()
	var last syntax.Node
	for fld := range rec.ChildrenByField(syntax.FieldField) {
		last = fld
	}
	if last.IsNull() {
		return insertFirstField(rec, text)
	}
	if document.OnlyBlanksBefore(f.Text(), last.Start()) {
		return last.End(), "," + rules.LineEnding(f) + rules.IndentAt(f, last.Start()) + text
	}
	return last.End(), ", " + text
}
