// Package scope resolves every identifier reference of a connector to its
// definition: section members, let bindings, record fields, function and
// catch parameters, the implicit `_` of `each`, the M library and names the
// user declares. Call [Resolve] with the section document and its helper
// modules; the [Info] it returns links each reference to its definition and
// each definition to its references.
//
// The rules are those of the M specification: all bindings of one let (or
// fields of one record) see each other but not themselves, unless referenced
// with `@`; section members see all members, themselves included; inner
// scopes shadow outer ones, and the library is the outermost scope.
package scope

import (
	"strings"

	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/syntax"
)

// DefKind says what introduced a name.
type DefKind uint8

const (
	SectionMember DefKind = iota + 1
	LetBinding
	RecordField
	Parameter
	EachParameter  // the implicit `_` of `each`
	CatchParameter // the parameter of `catch (e) => …`
	Library        // a name of the M library
	Declared       // a name the user declared known (configuration)
)

var defKindNames = [...]string{
	SectionMember: "section member", LetBinding: "let binding", RecordField: "record field",
	Parameter: "parameter", EachParameter: "each parameter", CatchParameter: "catch parameter",
	Library: "library", Declared: "declared name",
}

func (k DefKind) String() string {
	if int(k) < len(defKindNames) && defKindNames[k] != "" {
		return defKindNames[k]
	}
	return "?"
}

// ScopeKind says what construct opened a scope.
type ScopeKind uint8

const (
	GlobalScope ScopeKind = iota + 1
	SectionScope
	ModuleScope // a helper module (.pqm): sees the section that loads it
	LetScope
	RecordScope
	FunctionScope
	EachScope
	CatchScope
)

// Def is a definition of a name.
type Def struct {
	Kind DefKind
	Name string
	// File and Node locate the defining construct: a section_member,
	// let_binding, record_field, parameter, each_expression or catch_clause.
	// Both are zero for Library and Declared definitions.
	File *syntax.File
	Node syntax.Node
	// NameNode is the name token, or null for the implicit `_`.
	NameNode syntax.Node
	// Value is the initializer (members, bindings, fields), or null.
	Value syntax.Node
	// Scope is the scope the definition belongs to.
	Scope *Scope
	// Shared reports a `shared` section member.
	Shared bool
	// Optional reports an `optional` parameter.
	Optional bool
	// Symbol is the library symbol of a Library definition.
	Symbol *mlib.Symbol
	// Refs are the references that resolve to this definition, in file and
	// document order.
	Refs []*Ref
}

// IsLocal reports whether the definition is in the connector's own code.
func (d *Def) IsLocal() bool { return d.File != nil }

// Ref is a reference to a name.
type Ref struct {
	File *syntax.File
	// Node is the identifier_expression, section_access_expression, or (for
	// implicit `_` references) the field_selector or field_projection.
	Node syntax.Node
	// NameNode is the name token, or null for implicit `_` references.
	NameNode syntax.Node
	Name     string
	// Inclusive reports an `@name` reference.
	Inclusive bool
	// Implicit reports the `_` that `[field]` reads inside `each`.
	Implicit bool
	// Section is the section name of a `Section!Member` reference.
	Section string
	// Scope is the innermost scope the reference stands in.
	Scope *Scope
	// Def is the definition, or nil when the name is unknown.
	Def *Def
}

// Scope is a region of code with the names it defines.
type Scope struct {
	Kind   ScopeKind
	File   *syntax.File
	Node   syntax.Node
	Parent *Scope
	Defs   []*Def
	// byName indexes Defs once a scope is large; small scopes (most lets
	// and records) are searched directly, which is faster than a map.
	byName map[string]*Def
	// excluded is the definition being initialized while resolving: a let
	// binding or record field does not see itself without `@`.
	excluded *Def
}

const indexAbove = 8

// Lookup finds the definition a name has in this scope or an outer one.
func (s *Scope) Lookup(name string) *Def {
	for ; s != nil; s = s.Parent {
		if d := s.Own(name); d != nil {
			return d
		}
	}
	return nil
}

// Own returns the (first) definition of name in this scope only.
func (s *Scope) Own(name string) *Def {
	if s.byName != nil {
		return s.byName[name]
	}
	for _, d := range s.Defs {
		if d.Name == name {
			return d
		}
	}
	return nil
}

func (s *Scope) add(d *Def) {
	d.Scope = s
	s.Defs = append(s.Defs, d)
	switch {
	case s.byName != nil:
		if _, dup := s.byName[d.Name]; !dup {
			s.byName[d.Name] = d
		}
	case len(s.Defs) > indexAbove:
		s.byName = make(map[string]*Def, len(s.Defs)*2)
		for _, x := range s.Defs {
			if _, dup := s.byName[x.Name]; !dup {
				s.byName[x.Name] = x
			}
		}
	}
}

// Duplicate is a second definition of a name in one scope.
type Duplicate struct{ First, Second *Def }

// Info is the result of resolution over a connector's files.
type Info struct {
	// Section is the section document's scope; nil without one.
	Section *Scope
	// SectionName is the section's name ("" without one).
	SectionName string
	// Global is the outermost scope: library and declared names, created
	// on demand.
	Global *Scope
	// Scopes are all scopes, in file and document order.
	Scopes []*Scope
	// Defs are the connector's own definitions, in file and document order.
	Defs []*Def
	// Refs are all references, in file and document order.
	Refs []*Ref
	// Duplicates are names defined twice in one let, record, section or
	// parameter list.
	Duplicates []Duplicate

	library  map[string]*Def
	declared map[string]bool
	// index holds, per file, what each node is, by node index: arrays are
	// much cheaper than maps keyed by node on large documents.
	index map[*syntax.File]*fileIndex
}

// fileIndex maps node indexes to positions in Info.Refs, Info.Defs and
// Info.Scopes, plus one (0: none). Integers, not pointers, so that the
// garbage collector does not scan them.
type fileIndex struct {
	refs   []int32
	defs   []int32
	scopes []int32
}

func (in *Info) fileIndex(f *syntax.File) *fileIndex {
	if x := in.index[f]; x != nil {
		return x
	}
	n := f.NodeCount()
	x := &fileIndex{refs: make([]int32, n), defs: make([]int32, n), scopes: make([]int32, n)}
	in.index[f] = x
	return x
}

func (in *Info) lookupIndex(n syntax.Node) (*fileIndex, int) {
	if n.IsNull() {
		return nil, -1
	}
	x := in.index[n.File()]
	if x == nil || n.Index() >= len(x.refs) {
		return nil, -1
	}
	return x, n.Index()
}

// RefAt returns the reference whose node (or name node) is n, or nil.
func (in *Info) RefAt(n syntax.Node) *Ref {
	if x, i := in.lookupIndex(n); x != nil && x.refs[i] > 0 {
		return in.Refs[x.refs[i]-1]
	}
	return nil
}

// DefAt returns the definition whose node (or name node) is n, or nil.
func (in *Info) DefAt(n syntax.Node) *Def {
	if x, i := in.lookupIndex(n); x != nil && x.defs[i] > 0 {
		return in.Defs[x.defs[i]-1]
	}
	return nil
}

// ScopeOf returns the scope that node n opens, or nil.
func (in *Info) ScopeOf(n syntax.Node) *Scope {
	if x, i := in.lookupIndex(n); x != nil && x.scopes[i] > 0 {
		return in.Scopes[x.scopes[i]-1]
	}
	return nil
}

// ScopeAt returns the innermost scope containing byte offset off of f.
func (in *Info) ScopeAt(f *syntax.File, off int) *Scope {
	for n := f.NodeAt(off); !n.IsNull(); n = n.Parent() {
		if s := in.ScopeOf(n); s != nil {
			return s
		}
	}
	return in.Global
}

// Member returns the section member of that name, or nil.
func (in *Info) Member(name string) *Def {
	if in.Section == nil {
		return nil
	}
	return in.Section.Own(name)
}

// Options configure resolution.
type Options struct {
	// Known are extra names to accept as defined (configuration).
	Known []string
}

// Resolve resolves the references of a section document (or nil) and its
// helper modules. Modules see the section's members.
func Resolve(section *syntax.File, modules []*syntax.File, opts Options) *Info {
	in := &Info{
		library:  make(map[string]*Def),
		declared: make(map[string]bool),
		index:    make(map[*syntax.File]*fileIndex),
	}
	for _, k := range opts.Known {
		in.declared[k] = true
	}
	in.Global = &Scope{Kind: GlobalScope}
	r := &resolver{in: in}
	outer := in.Global
	if section != nil {
		if doc := section.Root().ChildByKind(syntax.KindSectionDocument); !doc.IsNull() {
			in.Section = r.sectionScope(section, doc)
			outer = in.Section
		} else {
			// A main file that is a plain expression: resolve it as a module.
			modules = append([]*syntax.File{section}, modules...)
		}
	}
	for _, m := range modules {
		root := m.Root()
		s := r.open(ModuleScope, m, root, outer)
		r.expr(m, root, s)
	}
	return in
}

type resolver struct {
	in *Info
}

func (r *resolver) open(kind ScopeKind, f *syntax.File, n syntax.Node, parent *Scope) *Scope {
	s := &Scope{Kind: kind, File: f, Node: n, Parent: parent}
	r.in.Scopes = append(r.in.Scopes, s)
	r.in.fileIndex(f).scopes[n.Index()] = int32(len(r.in.Scopes))
	return s
}

func (r *resolver) define(s *Scope, d *Def) {
	if prev := s.Own(d.Name); prev != nil {
		r.in.Duplicates = append(r.in.Duplicates, Duplicate{First: prev, Second: d})
	}
	s.add(d)
	r.in.Defs = append(r.in.Defs, d)
	x := r.in.fileIndex(d.File)
	pos := int32(len(r.in.Defs))
	if !d.Node.IsNull() && x.defs[d.Node.Index()] == 0 {
		x.defs[d.Node.Index()] = pos
	}
	if !d.NameNode.IsNull() {
		x.defs[d.NameNode.Index()] = pos
	}
}

func (r *resolver) sectionScope(f *syntax.File, doc syntax.Node) *Scope {
	s := r.open(SectionScope, f, doc, r.in.Global)
	r.in.Section = s
	if name := doc.ChildByField(syntax.FieldName); !name.IsNull() {
		r.in.SectionName = Name(name)
	}
	members := make([]*Def, 0)
	for m := range doc.ChildrenByField(syntax.FieldMember) {
		nameNode := m.ChildByField(syntax.FieldName)
		if nameNode.IsNull() || nameNode.IsMissing() {
			continue
		}
		d := &Def{
			Kind: SectionMember, Name: Name(nameNode), File: f, Node: m, NameNode: nameNode,
			Value:  m.ChildByField(syntax.FieldValue),
			Shared: !m.ChildByField(syntax.FieldShared).IsNull(),
		}
		r.define(s, d)
		members = append(members, d)
	}
	for _, d := range members {
		if !d.Value.IsNull() {
			r.expr(f, d.Value, s)
		}
	}
	return s
}

// expr resolves the references in expression n, which stands in scope s.
func (r *resolver) expr(f *syntax.File, n syntax.Node, s *Scope) {
	switch n.Kind() {
	case syntax.KindIdentifierExpression:
		name := n.ChildByField(syntax.FieldName)
		if name.IsNull() || name.IsMissing() {
			return
		}
		r.reference(&Ref{File: f, Node: n, NameNode: name, Name: Name(name),
			Inclusive: !n.ChildByField(syntax.FieldInclusive).IsNull(), Scope: s})
		return
	case syntax.KindSectionAccessExpression:
		sec, mem := n.ChildByField(syntax.FieldSection), n.ChildByField(syntax.FieldMember)
		if sec.IsNull() || mem.IsNull() {
			return
		}
		ref := &Ref{File: f, Node: n, NameNode: mem, Name: Name(mem), Section: Name(sec), Scope: s}
		if r.in.Section != nil && ref.Section == r.in.SectionName {
			ref.Def = r.in.Section.Own(ref.Name)
		}
		r.record(ref)
		return
	case syntax.KindFieldSelector, syntax.KindFieldProjection:
		if p := n.Parent(); n.Field() != syntax.FieldSelector && n.Field() != syntax.FieldProjection && p.Kind() != syntax.KindFieldProjection {
			// `[a]` alone reads a field of `_`.
			r.reference(&Ref{File: f, Node: n, Name: "_", Implicit: true, Scope: s})
		}
		return
	case syntax.KindLetExpression:
		ls := r.open(LetScope, f, n, s)
		var binds []*Def
		for b := range n.ChildrenByField(syntax.FieldBinding) {
			if d := r.binding(f, b, LetBinding, ls); d != nil {
				binds = append(binds, d)
			}
		}
		r.initializers(f, ls, binds)
		if body := n.ChildByField(syntax.FieldBody); !body.IsNull() {
			r.expr(f, body, ls)
		}
		return
	case syntax.KindRecordExpression:
		rs := r.open(RecordScope, f, n, s)
		var fields []*Def
		for fld := range n.ChildrenByField(syntax.FieldField) {
			if d := r.binding(f, fld, RecordField, rs); d != nil {
				fields = append(fields, d)
			}
		}
		r.initializers(f, rs, fields)
		return
	case syntax.KindFunctionExpression:
		fs := r.open(FunctionScope, f, n, s)
		if params := n.ChildByField(syntax.FieldParameters); !params.IsNull() {
			for p := range params.ChildrenByField(syntax.FieldParameter) {
				r.parameter(f, p, Parameter, fs)
			}
		}
		if body := n.ChildByField(syntax.FieldBody); !body.IsNull() {
			r.expr(f, body, fs)
		}
		return
	case syntax.KindEachExpression:
		es := r.open(EachScope, f, n, s)
		r.define(es, &Def{Kind: EachParameter, Name: "_", File: f, Node: n})
		if body := n.ChildByField(syntax.FieldBody); !body.IsNull() {
			r.expr(f, body, es)
		}
		return
	case syntax.KindCatchClause:
		cs := r.open(CatchScope, f, n, s)
		if p := n.ChildByField(syntax.FieldParameter); !p.IsNull() {
			r.parameter(f, p, CatchParameter, cs)
		}
		if body := n.ChildByField(syntax.FieldBody); !body.IsNull() {
			r.expr(f, body, cs)
		}
		return
	case syntax.KindFieldSpecification:
		// The name is a field name, not a reference; only the type can hold
		// expressions.
		if t := n.ChildByField(syntax.FieldType); !t.IsNull() {
			r.expr(f, t, s)
		}
		return
	case syntax.KindParameterSpecification:
		if t := n.ChildByField(syntax.FieldType); !t.IsNull() {
			r.expr(f, t, s)
		}
		return
	}
	for c := range n.Children() {
		if c.IsNamed() && !c.IsExtra() {
			r.expr(f, c, s)
		}
	}
}

// binding defines the name of a let binding or record field.
func (r *resolver) binding(f *syntax.File, b syntax.Node, kind DefKind, s *Scope) *Def {
	name := b.ChildByField(syntax.FieldName)
	if b.Kind() == syntax.KindError || name.IsNull() || name.IsMissing() {
		// Still resolve what an ERROR node holds.
		for c := range b.Children() {
			if c.IsNamed() && !c.IsExtra() && c.Field() != syntax.FieldName {
				r.expr(f, c, s)
			}
		}
		return nil
	}
	d := &Def{Kind: kind, Name: Name(name), File: f, Node: b, NameNode: name, Value: b.ChildByField(syntax.FieldValue)}
	r.define(s, d)
	return d
}

// initializers resolves each binding's value with the binding itself
// excluded, as the specification demands for lets and records.
func (r *resolver) initializers(f *syntax.File, s *Scope, defs []*Def) {
	for _, d := range defs {
		if d.Value.IsNull() {
			continue
		}
		s.excluded = d
		r.expr(f, d.Value, s)
	}
	s.excluded = nil
}

func (r *resolver) parameter(f *syntax.File, p syntax.Node, kind DefKind, s *Scope) {
	name := p.ChildByField(syntax.FieldName)
	if name.IsNull() || name.IsMissing() {
		return
	}
	r.define(s, &Def{Kind: kind, Name: Name(name), File: f, Node: p, NameNode: name,
		Optional: !p.ChildByField(syntax.FieldOptional).IsNull()})
}

// reference resolves ref from its scope outwards and records it.
func (r *resolver) reference(ref *Ref) {
	for s := ref.Scope; s != nil; s = s.Parent {
		d := s.Own(ref.Name)
		if d == nil {
			continue
		}
		if !ref.Inclusive && s.excluded == d {
			continue
		}
		ref.Def = d
		break
	}
	if ref.Def == nil && !ref.Implicit {
		ref.Def = r.global(ref.Name)
	}
	r.record(ref)
}

func (r *resolver) record(ref *Ref) {
	r.in.Refs = append(r.in.Refs, ref)
	x := r.in.fileIndex(ref.File)
	pos := int32(len(r.in.Refs))
	x.refs[ref.Node.Index()] = pos
	if !ref.NameNode.IsNull() {
		x.refs[ref.NameNode.Index()] = pos
	}
	if ref.Def != nil {
		ref.Def.Refs = append(ref.Def.Refs, ref)
	}
}

// global finds a library or declared name, creating its definition once.
func (r *resolver) global(name string) *Def {
	if d := r.in.library[name]; d != nil {
		return d
	}
	var d *Def
	if sym := mlib.Lookup(name); sym != nil {
		d = &Def{Kind: Library, Name: name, Symbol: sym}
	} else if r.in.declared[name] || declaredByPrefix(r.in.declared, name) {
		d = &Def{Kind: Declared, Name: name}
	} else {
		return nil
	}
	r.in.Global.add(d)
	r.in.library[name] = d
	return d
}

// declaredByPrefix accepts `Other.*` entries: a declared `Other.*` makes
// every `Other.X` known.
func declaredByPrefix(declared map[string]bool, name string) bool {
	for i := strings.LastIndexByte(name, '.'); i > 0; i = strings.LastIndexByte(name[:i], '.') {
		if declared[name[:i]+".*"] {
			return true
		}
	}
	return false
}

// Name returns the name a name token stands for: a quoted identifier
// without its `#"…"` and with `""` unescaped; any other name as written.
func Name(n syntax.Node) string {
	t := n.Text()
	if n.Kind() == syntax.KindQuotedIdentifier {
		return Unquote(t)
	}
	return strings.TrimSpace(t)
}

// Unquote turns `#"a""b"` into `a"b`; other text is returned as is.
func Unquote(t string) string {
	if len(t) >= 3 && strings.HasPrefix(t, `#"`) && strings.HasSuffix(t, `"`) {
		return strings.ReplaceAll(t[2:len(t)-1], `""`, `"`)
	}
	return t
}
