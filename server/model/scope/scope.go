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
	"bytes"
	"math/bits"
	"slices"
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
	// nrefs counts Refs while resolving, so that all the Refs slices can
	// share one array (it sits in the bools' padding).
	nrefs int32
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
		// A scope opened with room for its definitions is indexed at
		// its final size.
		s.byName = make(map[string]*Def, max(cap(s.Defs), len(s.Defs)*2))
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
	// index holds, per file, what each node is (see fileIndex); files are
	// few, so a list beats a map.
	index []*fileIndex
}

// fileIndex says what each node of a file is, by node index: a reference,
// a definition or a scope, as a position in Info.Refs, Info.Defs or
// Info.Scopes tagged in the low bits (0: nothing). Arrays are much cheaper
// than maps keyed by node on large documents, and integers are not
// scanned by the garbage collector.
//
// Only nodes of the kinds in indexKinds have a place, a third or so of a
// file's nodes: has marks them, 64 nodes to a word, before counts the
// marked nodes ahead of each word, and a node's entry is in entries at its
// rank among them. Any other node given an entry (none that resolution
// makes today) goes to other.
//
// A node is at most one of the three, but for an each_expression: it
// opens an each scope and defines that scope's `_`, so DefAt finds the
// definition through the scope.
type fileIndex struct {
	f       *syntax.File
	n       int
	has     []uint64
	before  []int32
	entries []int32
	other   map[int]*int32
}

const (
	tagRef = iota + 1
	tagDef
	tagScope
	tagBits = 2
	tagMask = 1<<tagBits - 1
)

// indexKinds are the kinds of the nodes that references, definitions and
// scopes stand at, and of their name tokens.
var indexKinds = func() []bool {
	kinds := []syntax.Kind{
		syntax.KindSourceFile, syntax.KindSectionDocument, syntax.KindSectionMember,
		syntax.KindLetExpression, syntax.KindLetBinding, syntax.KindRecordExpression, syntax.KindRecordField,
		syntax.KindFunctionExpression, syntax.KindParameter, syntax.KindEachExpression, syntax.KindCatchClause,
		syntax.KindIdentifierExpression, syntax.KindSectionAccessExpression, syntax.KindFieldSelector,
		syntax.KindFieldProjection, syntax.KindIdentifier, syntax.KindQuotedIdentifier, syntax.KindGeneralizedIdentifier,
	}
	out := make([]bool, slices.Max(kinds)+1)
	for _, k := range kinds {
		out[k] = true
	}
	return out
}()

func newFileIndex(f *syntax.File) *fileIndex {
	x := &fileIndex{f: f, n: f.NodeCount(), has: make([]uint64, (f.NodeCount()+63)/64)}
	f.Scan(indexKinds, func(n syntax.Node) {
		i := n.Index()
		x.has[i>>6] |= 1 << (i & 63)
	})
	x.before = make([]int32, len(x.has))
	total := 0
	for w, word := range x.has {
		x.before[w] = int32(total)
		total += bits.OnesCount64(word)
	}
	x.entries = make([]int32, total)
	return x
}

// rank returns node i's place in entries, or false when it has none.
func (x *fileIndex) rank(i int) (int, bool) {
	if i < 0 || i >= x.n {
		return 0, false
	}
	w, bit := i>>6, uint64(1)<<(i&63)
	return int(x.before[w]) + bits.OnesCount64(x.has[w]&(bit-1)), x.has[w]&bit != 0
}

// get returns node i's entry (0: nothing).
func (x *fileIndex) get(i int) int32 {
	if r, ok := x.rank(i); ok {
		return x.entries[r]
	}
	if p := x.other[i]; p != nil {
		return *p
	}
	return 0
}

// at returns where node i's entry is kept, for the resolver to read and
// write it; i is a node of the file.
func (x *fileIndex) at(i int) *int32 {
	if r, ok := x.rank(i); ok {
		return &x.entries[r]
	}
	if x.other == nil {
		x.other = map[int]*int32{}
	}
	p := x.other[i]
	if p == nil {
		p = new(int32)
		x.other[i] = p
	}
	return p
}

func (in *Info) fileIndex(f *syntax.File) *fileIndex {
	for _, x := range in.index {
		if x.f == f {
			return x
		}
	}
	x := newFileIndex(f)
	in.index = append(in.index, x)
	return x
}

// entry returns what node n is: a tag and a position.
func (in *Info) entry(n syntax.Node) (tag, pos int32) {
	if n.IsNull() {
		return 0, 0
	}
	f := n.File()
	for _, x := range in.index {
		if x.f == f {
			v := x.get(n.Index())
			return v & tagMask, v >> tagBits
		}
	}
	return 0, 0
}

// RefAt returns the reference whose node (or name node) is n, or nil.
func (in *Info) RefAt(n syntax.Node) *Ref {
	if tag, pos := in.entry(n); tag == tagRef {
		return in.Refs[pos]
	}
	return nil
}

// DefAt returns the definition whose node (or name node) is n, or nil.
func (in *Info) DefAt(n syntax.Node) *Def {
	switch tag, pos := in.entry(n); tag {
	case tagDef:
		return in.Defs[pos]
	case tagScope:
		if s := in.Scopes[pos]; s.Kind == EachScope && len(s.Defs) > 0 {
			return s.Defs[0]
		}
	}
	return nil
}

// ScopeOf returns the scope that node n opens, or nil.
func (in *Info) ScopeOf(n syntax.Node) *Scope {
	if tag, pos := in.entry(n); tag == tagScope {
		return in.Scopes[pos]
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
		s := r.open(ModuleScope, m, root, outer, 0)
		r.expr(m, root, s)
	}
	r.linkRefs()
	return in
}

// resolver holds the state of one Resolve. Scopes, definitions and
// references are allocated in slabs: they are many and small, and live
// exactly as long as the Info.
type resolver struct {
	in *Info
	// file and nodes are the file being resolved and its index.
	file  *syntax.File
	nodes *fileIndex
	// names interns names: most are written many times.
	names  Names
	scopes slab[Scope]
	defs   slab[Def]
	refs   slab[Ref]
	// defLists is the array the scopes' Defs lists are carved from.
	defLists []*Def
}

// slab allocates values of one type in chunks that grow with use, and
// counts them.
type slab[T any] struct {
	chunks [][]T
	n      int
}

func (s *slab[T]) alloc() *T {
	last := len(s.chunks) - 1
	if last < 0 || len(s.chunks[last]) == cap(s.chunks[last]) {
		size := 16
		if last >= 0 {
			size = min(2*cap(s.chunks[last]), 256)
		}
		s.chunks = append(s.chunks, make([]T, 0, size))
		last++
	}
	c := s.chunks[last][:len(s.chunks[last])+1]
	s.chunks[last] = c
	s.n++
	return &c[len(c)-1]
}

// all returns pointers to the values in the order they were allocated, in
// a slice of exactly their number.
func (s *slab[T]) all() []*T {
	out := make([]*T, 0, s.n)
	for _, c := range s.chunks {
		for i := range c {
			out = append(out, &c[i])
		}
	}
	return out
}

// index returns the node index of file f.
func (r *resolver) index(f *syntax.File) *fileIndex {
	if f != r.file {
		r.file, r.nodes = f, r.in.fileIndex(f)
	}
	return r.nodes
}

func (r *resolver) name(n syntax.Node) string { return r.names.Of(n) }

// open opens a scope with room for ndefs definitions.
func (r *resolver) open(kind ScopeKind, f *syntax.File, n syntax.Node, parent *Scope, ndefs int) *Scope {
	s := r.scopes.alloc()
	*s = Scope{Kind: kind, File: f, Node: n, Parent: parent, Defs: r.defList(ndefs)}
	*r.index(f).at(n.Index()) = int32(r.scopes.n-1)<<tagBits | tagScope
	return s
}

// define adds d to scope s and indexes its node and name node; a node that
// is already something else (the each_expression, a scope) keeps that.
func (r *resolver) define(s *Scope, d *Def) {
	if prev := s.Own(d.Name); prev != nil {
		r.in.Duplicates = append(r.in.Duplicates, Duplicate{First: prev, Second: d})
	}
	s.add(d)
	// Every definition of a scope comes from the slab, allocated just
	// before it is defined: its position is the slab's count.
	v := int32(r.defs.n-1)<<tagBits | tagDef
	nodes := r.index(d.File)
	if !d.Node.IsNull() {
		if p := nodes.at(d.Node.Index()); *p == 0 {
			*p = v
		}
	}
	if !d.NameNode.IsNull() {
		if p := nodes.at(d.NameNode.Index()); *p&tagMask != tagScope && *p&tagMask != tagRef {
			*p = v
		}
	}
}

// defList returns an empty list with room for n definitions, carved from a
// shared array: scopes are many and most define a few names, each of which
// would otherwise grow a list of its own. A list that outgrows its room
// moves to an array of its own.
func (r *resolver) defList(n int) []*Def {
	switch {
	case n == 0:
		return nil
	case n > 64:
		return make([]*Def, 0, n)
	}
	if len(r.defLists)+n > cap(r.defLists) {
		r.defLists = make([]*Def, 0, 1024)
	}
	i := len(r.defLists)
	r.defLists = r.defLists[:i+n]
	return r.defLists[i : i : i+n]
}

// countChildren counts the children of n under the field.
func countChildren(n syntax.Node, field syntax.Field) int {
	k := 0
	for c := n.FirstChild(); !c.IsNull(); c = c.NextSibling() {
		if c.Field() == field {
			k++
		}
	}
	return k
}

func (r *resolver) newDef(kind DefKind, name string, f *syntax.File, n, nameNode syntax.Node) *Def {
	d := r.defs.alloc()
	*d = Def{Kind: kind, Name: name, File: f, Node: n, NameNode: nameNode}
	return d
}

func (r *resolver) sectionScope(f *syntax.File, doc syntax.Node) *Scope {
	s := r.open(SectionScope, f, doc, r.in.Global, countChildren(doc, syntax.FieldMember))
	r.in.Section = s
	var members []*Def
	named := false
	for c := doc.FirstChild(); !c.IsNull(); c = c.NextSibling() {
		switch c.Field() {
		case syntax.FieldName:
			if !named {
				r.in.SectionName, named = Name(c), true
			}
		case syntax.FieldMember:
			if d := r.member(f, c, s); d != nil {
				members = append(members, d)
			}
		}
	}
	for _, d := range members {
		if !d.Value.IsNull() {
			r.expr(f, d.Value, s)
		}
	}
	return s
}

// member defines a section member.
func (r *resolver) member(f *syntax.File, m syntax.Node, s *Scope) *Def {
	var nameNode, value syntax.Node
	shared := false
	for c := m.FirstChild(); !c.IsNull(); c = c.NextSibling() {
		switch c.Field() {
		case syntax.FieldName:
			if nameNode.IsNull() {
				nameNode = c
			}
		case syntax.FieldValue:
			if value.IsNull() {
				value = c
			}
		case syntax.FieldShared:
			shared = true
		}
	}
	if nameNode.IsNull() || nameNode.IsMissing() {
		return nil
	}
	d := r.newDef(SectionMember, r.name(nameNode), f, m, nameNode)
	d.Value, d.Shared = value, shared
	r.define(s, d)
	return d
}

// expr resolves the references in expression n, which stands in scope s.
func (r *resolver) expr(f *syntax.File, n syntax.Node, s *Scope) {
	switch n.Kind() {
	case syntax.KindIdentifierExpression:
		var name syntax.Node
		inclusive := false
		for c := n.FirstChild(); !c.IsNull(); c = c.NextSibling() {
			switch c.Field() {
			case syntax.FieldName:
				if name.IsNull() {
					name = c
				}
			case syntax.FieldInclusive:
				inclusive = true
			}
		}
		if name.IsNull() || name.IsMissing() {
			return
		}
		ref := r.newRef(f, n, name, r.name(name), s)
		ref.Inclusive = inclusive
		r.reference(ref)
		return
	case syntax.KindSectionAccessExpression:
		sec, mem := n.ChildByField(syntax.FieldSection), n.ChildByField(syntax.FieldMember)
		if sec.IsNull() || mem.IsNull() {
			return
		}
		ref := r.newRef(f, n, mem, r.name(mem), s)
		ref.Section = r.name(sec)
		if r.in.Section != nil && ref.Section == r.in.SectionName {
			ref.Def = r.in.Section.Own(ref.Name)
		}
		r.record(ref)
		return
	case syntax.KindFieldSelector, syntax.KindFieldProjection:
		if field := n.Field(); field != syntax.FieldSelector && field != syntax.FieldProjection && n.Parent().Kind() != syntax.KindFieldProjection {
			// `[a]` alone reads a field of `_`.
			ref := r.newRef(f, n, syntax.Node{}, "_", s)
			ref.Implicit = true
			r.reference(ref)
		}
		return
	case syntax.KindLetExpression:
		ls := r.open(LetScope, f, n, s, countChildren(n, syntax.FieldBinding))
		var buf [8]*Def
		binds := buf[:0]
		var body syntax.Node
		for c := n.FirstChild(); !c.IsNull(); c = c.NextSibling() {
			switch c.Field() {
			case syntax.FieldBinding:
				if d := r.binding(f, c, LetBinding, ls); d != nil {
					binds = append(binds, d)
				}
			case syntax.FieldBody:
				if body.IsNull() {
					body = c
				}
			}
		}
		r.initializers(f, ls, binds)
		if !body.IsNull() {
			r.expr(f, body, ls)
		}
		return
	case syntax.KindRecordExpression:
		rs := r.open(RecordScope, f, n, s, countChildren(n, syntax.FieldField))
		var buf [8]*Def
		fields := buf[:0]
		for c := n.FirstChild(); !c.IsNull(); c = c.NextSibling() {
			if c.Field() == syntax.FieldField {
				if d := r.binding(f, c, RecordField, rs); d != nil {
					fields = append(fields, d)
				}
			}
		}
		r.initializers(f, rs, fields)
		return
	case syntax.KindFunctionExpression:
		fs := r.open(FunctionScope, f, n, s, countChildren(n.ChildByField(syntax.FieldParameters), syntax.FieldParameter))
		var params, body syntax.Node
		for c := n.FirstChild(); !c.IsNull(); c = c.NextSibling() {
			switch c.Field() {
			case syntax.FieldParameters:
				if params.IsNull() {
					params = c
				}
			case syntax.FieldBody:
				if body.IsNull() {
					body = c
				}
			}
		}
		for p := params.FirstChild(); !p.IsNull(); p = p.NextSibling() {
			if p.Field() == syntax.FieldParameter {
				r.parameter(f, p, Parameter, fs)
			}
		}
		if !body.IsNull() {
			r.expr(f, body, fs)
		}
		return
	case syntax.KindEachExpression:
		es := r.open(EachScope, f, n, s, 1)
		r.define(es, r.newDef(EachParameter, "_", f, n, syntax.Node{}))
		if body := n.ChildByField(syntax.FieldBody); !body.IsNull() {
			r.expr(f, body, es)
		}
		return
	case syntax.KindCatchClause:
		cs := r.open(CatchScope, f, n, s, 1)
		if p := n.ChildByField(syntax.FieldParameter); !p.IsNull() {
			r.parameter(f, p, CatchParameter, cs)
		}
		if body := n.ChildByField(syntax.FieldBody); !body.IsNull() {
			r.expr(f, body, cs)
		}
		return
	case syntax.KindFieldSpecification, syntax.KindParameterSpecification:
		// The name is a field or parameter name, not a reference; only the
		// type can hold expressions.
		if t := n.ChildByField(syntax.FieldType); !t.IsNull() {
			r.expr(f, t, s)
		}
		return
	}
	for c := n.FirstChild(); !c.IsNull(); c = c.NextSibling() {
		if c.IsNamed() && !c.IsExtra() {
			r.expr(f, c, s)
		}
	}
}

// binding defines the name of a let binding or record field.
func (r *resolver) binding(f *syntax.File, b syntax.Node, kind DefKind, s *Scope) *Def {
	var name, value syntax.Node
	for c := b.FirstChild(); !c.IsNull(); c = c.NextSibling() {
		switch c.Field() {
		case syntax.FieldName:
			if name.IsNull() {
				name = c
			}
		case syntax.FieldValue:
			if value.IsNull() {
				value = c
			}
		}
	}
	if b.Kind() == syntax.KindError || name.IsNull() || name.IsMissing() {
		// Still resolve what an ERROR node holds.
		for c := b.FirstChild(); !c.IsNull(); c = c.NextSibling() {
			if c.IsNamed() && !c.IsExtra() && c.Field() != syntax.FieldName {
				r.expr(f, c, s)
			}
		}
		return nil
	}
	d := r.newDef(kind, r.name(name), f, b, name)
	d.Value = value
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
	var name syntax.Node
	optional := false
	for c := p.FirstChild(); !c.IsNull(); c = c.NextSibling() {
		switch c.Field() {
		case syntax.FieldName:
			if name.IsNull() {
				name = c
			}
		case syntax.FieldOptional:
			optional = true
		}
	}
	if name.IsNull() || name.IsMissing() {
		return
	}
	d := r.newDef(kind, r.name(name), f, p, name)
	d.Optional = optional
	r.define(s, d)
}

func (r *resolver) newRef(f *syntax.File, n, nameNode syntax.Node, name string, s *Scope) *Ref {
	ref := r.refs.alloc()
	*ref = Ref{File: f, Node: n, NameNode: nameNode, Name: name, Scope: s}
	return ref
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
	v := int32(r.refs.n-1)<<tagBits | tagRef
	nodes := r.index(ref.File)
	for _, n := range [2]syntax.Node{ref.Node, ref.NameNode} {
		if !n.IsNull() {
			if p := nodes.at(n.Index()); *p&tagMask == 0 || *p&tagMask == tagRef {
				*p = v
			}
		}
	}
	if ref.Def != nil {
		ref.Def.nrefs++
	}
}

// linkRefs lists the scopes, definitions and references of the Info in
// the order they were made, and fills each definition's Refs in the order
// of Info.Refs, all in one array.
func (r *resolver) linkRefs() {
	r.in.Scopes, r.in.Defs, r.in.Refs = r.scopes.all(), r.defs.all(), r.refs.all()
	all := make([]*Ref, 0, len(r.in.Refs))
	give := func(d *Def) {
		n := int(d.nrefs)
		if n == 0 {
			return
		}
		d.Refs = all[len(all) : len(all) : len(all)+n]
		all = all[:len(all)+n]
		d.nrefs = 0
	}
	for _, d := range r.in.Defs {
		give(d)
	}
	for _, d := range r.in.Global.Defs {
		give(d)
	}
	for _, ref := range r.in.Refs {
		if d := ref.Def; d != nil {
			d.Refs = append(d.Refs, ref)
		}
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

// NameIs reports whether the name token n stands for name, as Name(n) ==
// name does, without allocating.
func NameIs(n syntax.Node, name string) bool {
	if n.IsNull() || n.Kind() == syntax.KindQuotedIdentifier {
		return Name(n) == name
	}
	return string(bytes.TrimSpace(n.File().Text()[n.Start():n.End()])) == name
}

// Names interns the names of name tokens: a name written many times is
// kept once, and looking it up again allocates nothing. The zero value is
// ready for use; a Names is not safe for concurrent use.
type Names struct{ m map[string]string }

// Of returns what Name returns for the name token n.
func (ns *Names) Of(n syntax.Node) string {
	if n.Kind() == syntax.KindQuotedIdentifier || n.IsNull() {
		return Name(n)
	}
	raw := n.File().Text()[n.Start():n.End()]
	if s, ok := ns.m[string(raw)]; ok {
		return s
	}
	if ns.m == nil {
		ns.m = make(map[string]string)
	}
	s := strings.TrimSpace(string(raw))
	ns.m[string(raw)] = s
	return s
}

// Unquote turns `#"a""b"` into `a"b`; other text is returned as is.
func Unquote(t string) string {
	if len(t) >= 3 && strings.HasPrefix(t, `#"`) && strings.HasSuffix(t, `"`) {
		return strings.ReplaceAll(t[2:len(t)-1], `""`, `"`)
	}
	return t
}
