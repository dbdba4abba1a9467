package ide

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/flow"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// Hover is the information shown for a position: Markdown over a span.
type Hover struct {
	Span     document.Span
	Markdown string
}

// Hover describes what stands at byte offset off of f: a library name (its
// signature, category and reference page), a connector function (its
// signature and documentation metadata), a let binding, parameter, field
// or member (where it is defined), the string an Extension.LoadString key
// names, and, for values derived from the credential, where they flow. It
// returns nil when there is nothing to say.
func (s *Snapshot) Hover(f *syntax.File, off int) *Hover {
	if h := s.hoverLoadString(f, off); h != nil {
		return h
	}
	if n := f.NodeAt(off); n.Kind() == syntax.KindIntrinsicIdentifier || n.Parent().Kind() == syntax.KindIntrinsicIdentifier {
		if sym := mlib.Lookup(strings.TrimSpace(n.Text())); sym != nil {
			return &Hover{Span: n.Span(), Markdown: libraryMarkdown(sym)}
		}
	}
	t := s.targetAt(f, off)
	if t == nil {
		return nil
	}
	var b strings.Builder
	if t.def == nil {
		fmt.Fprintf(&b, "`%s` is not defined in the connector, its helper modules or the M library.", scope.Name(t.name))
		return &Hover{Span: t.name.Span(), Markdown: b.String()}
	}
	switch t.def.Kind {
	case scope.Library:
		b.WriteString(libraryMarkdown(t.def.Symbol))
		if t.isRef {
			if call := t.ref.Parent(); call.Kind() == syntax.KindInvocationExpression && t.ref.Field() == syntax.FieldFunction {
				if key, ok := s.loadStringKey(call); ok {
					b.WriteString("\n\n---\n\n")
					b.WriteString(s.resxMarkdown(key))
				}
			}
		}
	case scope.Declared:
		fmt.Fprintf(&b, "```powerquery\n%s\n```\n\nDeclared known in the pqcert configuration (`knownIdentifiers`).", t.def.Name)
	default:
		b.WriteString(s.localMarkdown(t.def))
	}
	if fl := s.flowMarkdown(t); fl != "" {
		b.WriteString("\n\n---\n\n")
		b.WriteString(fl)
	}
	return &Hover{Span: t.name.Span(), Markdown: b.String()}
}

// hoverLoadString describes the key of an Extension.LoadString call under
// the cursor.
func (s *Snapshot) hoverLoadString(f *syntax.File, off int) *Hover {
	n := f.NodeAt(off)
	if n.Kind() != syntax.KindTextLiteral || n.Field() != syntax.FieldArgument {
		return nil
	}
	call := n.Parent().Parent()
	if call.Kind() != syntax.KindInvocationExpression {
		return nil
	}
	key, ok := s.loadStringKey(call)
	if !ok || facts.Arg(call, argIndex(n)).Start() != n.Start() {
		return nil
	}
	return &Hover{Span: n.Span(), Markdown: s.resxMarkdown(key)}
}

// argIndex returns the position of an argument node in its argument list.
func argIndex(arg syntax.Node) int {
	i := 0
	for a := range arg.Parent().ChildrenByField(syntax.FieldArgument) {
		if a.Equal(arg) {
			return i
		}
		i++
	}
	return -1
}

func (s *Snapshot) resxMarkdown(key string) string {
	rf, path := s.Resx()
	if rf == nil {
		return fmt.Sprintf("String `%s`: the connector has no resources.resx.", key)
	}
	e, ok := rf.Lookup(key)
	if !ok {
		return fmt.Sprintf("String `%s`: not in %s.", key, filepath.Base(path))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "String `%s` (%s, line %d):\n\n", key, filepath.Base(path), e.Line)
	for _, line := range strings.Split(e.Value, "\n") {
		b.WriteString("> " + line + "\n")
	}
	if e.Comment != "" {
		fmt.Fprintf(&b, "\nComment: %s\n", e.Comment)
	}
	return strings.TrimRight(b.String(), "\n")
}

// libraryMarkdown describes a library symbol: signature, parameters with
// their marks, return type, category and reference page.
func libraryMarkdown(sym *mlib.Symbol) string {
	var b strings.Builder
	fmt.Fprintf(&b, "```powerquery\n%s\n```\n\n", sym.Signature())
	var what string
	switch {
	case sym.IsDataSource:
		what = "data source function"
	case sym.Kind == mlib.KindFunction:
		what = "function"
	case sym.Kind == mlib.KindConstructor:
		what = "constructor"
	case sym.Kind == mlib.KindConstant:
		what = "constant"
	case sym.Kind == mlib.KindType:
		what = "type"
	case sym.Kind == mlib.KindEnumType:
		what = "enumeration type"
	case sym.Kind == mlib.KindEnumMember:
		what = "enumeration member"
	default:
		what = sym.Kind
	}
	lib := "M library"
	if sym.Library == mlib.LibrarySDK {
		lib = "connector SDK"
	}
	fmt.Fprintf(&b, "%s %s", lib, what)
	if sym.Category != "" {
		fmt.Fprintf(&b, " · category *%s*", sym.Category)
	}
	b.WriteString("\n")
	if sym.IsFunction() {
		fi := libraryFunc(sym)
		if len(fi.Params) > 0 {
			b.WriteString("\nParameters:\n")
			for _, p := range fi.Params {
				b.WriteString(paramLine(p))
			}
		}
		if sym.Returns != "" {
			fmt.Fprintf(&b, "\nReturns `%s`.\n", sym.Returns)
		}
	}
	if u := sym.DocURL(); u != "" {
		fmt.Fprintf(&b, "\n[%s on learn.microsoft.com](%s)", sym.Name, u)
	}
	return strings.TrimRight(b.String(), "\n")
}

// paramLine is a Markdown list item for a parameter.
func paramLine(p paramInfo) string {
	var marks []string
	if p.Optional {
		marks = append(marks, "optional")
	}
	if p.Nullable {
		marks = append(marks, "nullable")
	}
	line := "- `" + p.Name + "`"
	if p.Type != "" {
		line += " as `" + p.Type + "`"
	}
	if len(marks) > 0 {
		line += " (" + strings.Join(marks, ", ") + ")"
	}
	if p.Doc != "" {
		line += ": " + p.Doc
	}
	return line + "\n"
}

// localMarkdown describes one of the connector's definitions.
func (s *Snapshot) localMarkdown(d *scope.Def) string {
	var b strings.Builder
	where := s.where(d.File, d.Node.Start())
	if fi := s.funcOf(d); fi != nil {
		label, _ := fi.label()
		fmt.Fprintf(&b, "```powerquery\n%s\n```\n\n", label)
		fmt.Fprintf(&b, "%s, defined at %s", s.defKind(d), where)
		if mb := s.moduleBinding(d); mb != nil {
			fmt.Fprintf(&b, "\n\nLoads the helper module `%s`.", mb.FileName)
		}
		if ds := fi.DataSource; ds != nil {
			fmt.Fprintf(&b, "\n\nData source function of kind `%s`", ds.Kind)
			if ds.PublishAttr != nil {
				fmt.Fprintf(&b, ", published by `%s`", ds.PublishAttr.Text)
			}
			b.WriteString(".")
			for _, k := range []string{"Documentation.Name", "Documentation.Caption", "Documentation.Description", "Documentation.LongDescription"} {
				if v, ok := ds.TypeDoc[k]; ok {
					fmt.Fprintf(&b, "\n\n**%s**: %s", k, s.docValue(v))
				}
			}
		}
		if len(fi.Params) > 0 {
			b.WriteString("\n\nParameters:\n")
			for _, p := range fi.Params {
				b.WriteString(paramLine(p))
			}
		}
		if ds := fi.DataSource; ds != nil {
			if v, ok := ds.TypeDoc["Documentation.Examples"]; ok {
				b.WriteString("\n**Documentation.Examples**:\n")
				b.WriteString(s.examplesMarkdown(v))
			}
		}
		return strings.TrimRight(b.String(), "\n")
	}
	switch d.Kind {
	case scope.Parameter, scope.CatchParameter:
		fmt.Fprintf(&b, "```powerquery\n%s\n```\n\n", oneLine(d.Node.Text()))
		owner := "a function"
		if fn := d.Node.Parent().Parent(); d.Kind == scope.Parameter {
			if name := bindingName(fn); name != "" {
				owner = "`" + name + "`"
			}
		} else {
			owner = "a `catch` clause"
		}
		fmt.Fprintf(&b, "parameter of %s, defined at %s", owner, where)
	case scope.EachParameter:
		fmt.Fprintf(&b, "```powerquery\n_\n```\n\nthe implicit parameter of the `each` at %s", where)
	default:
		fmt.Fprintf(&b, "```powerquery\n%s\n```\n\n%s, defined at %s", truncate(firstLine(d.Node.Text()), 200), s.defKind(d), where)
	}
	return b.String()
}

// examplesMarkdown renders a Documentation.Examples list.
func (s *Snapshot) examplesMarkdown(v syntax.Node) string {
	v = facts.Deref(s.Model.Scope, v)
	if v.Kind() != syntax.KindListExpression {
		return s.docValue(v) + "\n"
	}
	var b strings.Builder
	for it := range v.ChildrenByField(syntax.FieldItem) {
		if it.Kind() != syntax.KindRecordExpression {
			continue
		}
		fields := facts.RecordFields(it)
		b.WriteString("- ")
		if d, ok := fields["Description"]; ok {
			b.WriteString(s.docValue(d.ChildByField(syntax.FieldValue)))
		}
		for _, k := range []string{"Code", "Result"} {
			if fld, ok := fields[k]; ok {
				fmt.Fprintf(&b, "\n  - %s: %s", k, s.docValue(fld.ChildByField(syntax.FieldValue)))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// defKind names what kind of definition d is.
func (s *Snapshot) defKind(d *scope.Def) string {
	switch d.Kind {
	case scope.SectionMember:
		if d.Shared {
			return "shared section member"
		}
		return "section member"
	case scope.LetBinding:
		return "let binding"
	case scope.RecordField:
		return "record field"
	}
	return d.Kind.String()
}

// where names a position as `line N of File.pq`.
func (s *Snapshot) where(f *syntax.File, off int) string {
	name := filepath.Base(s.Path(f))
	if name == "." || name == "" {
		name = filepath.Base(f.Doc.URI)
	}
	return fmt.Sprintf("line %d of %s", lineOf(f, off), name)
}

// bindingName returns the name of the member, binding or field whose value
// is n, or "".
func bindingName(n syntax.Node) string {
	for n.Kind() == syntax.KindParenthesizedExpression && n.Field() == syntax.FieldExpression {
		n = n.Parent()
	}
	if n.Field() != syntax.FieldValue {
		return ""
	}
	switch p := n.Parent(); p.Kind() {
	case syntax.KindSectionMember, syntax.KindLetBinding, syntax.KindRecordField:
		if name := p.ChildByField(syntax.FieldName); !name.IsNull() {
			return scope.Name(name)
		}
	}
	return ""
}

func firstLine(t string) string {
	if i := strings.IndexAny(t, "\r\n"); i >= 0 {
		return strings.TrimRight(t[:i], " \t") + " …"
	}
	return t
}

// flowMarkdown says where a credential-derived value comes from and goes,
// when the model is current (its flow is keyed by the current trees).
func (s *Snapshot) flowMarkdown(t *target) string {
	if !s.current || s.Model.Flow == nil || t.def == nil || t.def.File == nil {
		return ""
	}
	var expr syntax.Node
	switch {
	case t.isRef:
		expr = t.ref
	case !t.def.Value.IsNull():
		expr = t.def.Value
	default:
		return ""
	}
	steps := s.Model.Flow.Tainted(expr)
	if steps == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("**Credential-derived**: this value comes from `Extension.CurrentCredential()`:\n")
	for _, st := range steps {
		fmt.Fprintf(&b, "- %s (%s)\n", st.What, s.where(st.File, st.Node.Start()))
	}
	uses := s.credentialUses(t.def)
	if len(uses) > 0 {
		b.WriteString("\nIt reaches:\n")
		for _, u := range uses {
			b.WriteString(u)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// credentialUses lists the requests whose credential paths pass through a
// definition.
func (s *Snapshot) credentialUses(d *scope.Def) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range s.Model.Flow.Requests {
		for _, u := range r.Credentials {
			if !pathThrough(u.Path, d) {
				continue
			}
			in := u.In
			if u.Field != "" {
				in += "[" + u.Field + "]"
			}
			line := fmt.Sprintf("- `%s` %s (%s)\n", r.Function, in, s.where(r.File, r.Node.Start()))
			if !seen[line] {
				seen[line] = true
				out = append(out, line)
			}
		}
	}
	return out
}

func pathThrough(path []flow.Step, d *scope.Def) bool {
	for _, st := range path {
		if st.File == d.File && (d.Node.Contains(st.Node) || st.Node.Contains(d.NameNode)) {
			return true
		}
	}
	return false
}
