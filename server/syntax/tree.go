package syntax

/*
#include "syntax.h"
*/
import "C"

import (
	"iter"
	"sort"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pqcert/pqcert/grammar"
	"github.com/pqcert/pqcert/server/document"
)

// Kind is the type of a syntax node: a named node type of the grammar
// (KindLetExpression), an anonymous token (KindKwLet, KindTokComma), or
// KindError for an ERROR node.
type Kind uint16

// String returns the grammar's name of the kind ("let_expression", "let").
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "?"
}

// IsToken reports whether the kind is an anonymous token (keyword or punctuation).
func (k Kind) IsToken() bool { return k >= firstAnonymousKind && k < kindCount }

// Field is the field name under which a node stands in its parent.
type Field uint8

// String returns the grammar's name of the field ("name", "body").
func (f Field) String() string {
	if int(f) < len(fieldNames) {
		return fieldNames[f]
	}
	return "?"
}

// node is one entry of a File's preorder node array.
type node struct {
	kind   Kind
	field  Field
	flags  uint8
	start  uint32
	end    uint32
	parent int32
	next   int32 // index just after this node's subtree
}

// tables maps the generated parser's symbol and field ids to Kind and Field.
type tables struct {
	named, anonymous map[uint16]Kind
	fields           []Field
	symbolKinds      []Kind // by symbol id; named and anonymous resolved via flags
	symbolNamed      []Kind
}

var (
	tablesOnce sync.Once
	langTables *tables
)

func languageTables() *tables {
	tablesOnce.Do(func() {
		lang := grammar.Language()
		byName := map[string]Kind{}
		for k := Kind(2); k < kindCount; k++ {
			byName[kindNames[k]] = k
		}
		t := &tables{}
		count := int(lang.SymbolCount())
		t.symbolKinds = make([]Kind, count)
		t.symbolNamed = make([]Kind, count)
		for s := 0; s < count; s++ {
			name := lang.SymbolName(sitter.Symbol(s))
			k := byName[name]
			if lang.SymbolType(sitter.Symbol(s)) == sitter.SymbolTypeRegular {
				if k != 0 && !k.IsToken() {
					t.symbolNamed[s] = k
				}
			} else if k.IsToken() {
				t.symbolKinds[s] = k
			}
		}
		byField := map[string]Field{}
		for f := Field(1); f < fieldCount; f++ {
			byField[fieldNames[f]] = f
		}
		// Field ids start at 1; FieldName(i) takes the id.
		t.fields = make([]Field, 256)
		for id := 1; id < 256; id++ {
			name := lang.FieldName(id)
			if name == "" {
				break
			}
			t.fields[id] = byField[name]
		}
		langTables = t
	})
	return langTables
}

func (t *tables) kind(symbol uint16, named bool) Kind {
	if symbol == 0xFFFF {
		return KindError
	}
	if int(symbol) >= len(t.symbolKinds) {
		return KindInvalid
	}
	if named {
		return t.symbolNamed[symbol]
	}
	return t.symbolKinds[symbol]
}

// tokenKind returns the kind of a terminal grammar symbol, named or not,
// or KindInvalid for hidden tokens.
func (t *tables) tokenKind(symbol uint16) Kind {
	if int(symbol) >= len(t.symbolKinds) {
		return KindInvalid
	}
	if k := t.symbolNamed[symbol]; k != KindInvalid {
		return k
	}
	return t.symbolKinds[symbol]
}

func (t *tables) field(id uint16) Field {
	if int(id) >= len(t.fields) {
		return FieldNone
	}
	return t.fields[id]
}

// File is an immutable parsed document: its text and its syntax tree.
// Any number of goroutines may read a File.
//
// The nodes are stored in chunks (see split.go): an expression document is
// one chunk; a section document is a head chunk, holding source_file,
// section_document and the header, and then one chunk per member. A Node
// names a chunk and an index in it, and the methods below join the chunks
// into one tree, so that users see a single preorder sequence of nodes.
type File struct {
	Doc *document.Document
	// Errors lists the syntax errors: ERROR and MISSING nodes of the parse
	// and the checks made after parsing, in document order.
	Errors []Error
	// Warnings lists what M's parsers accept although the specification
	// does not, such as unknown `#(…)` escapes in text; the linter shows
	// them. In document order.
	Warnings []Error

	chunks []*chunk
	starts []int   // byte offset of each chunk in Doc.Text
	bases  []int32 // global index of each chunk's first node
	count  int     // nodes in all chunks

	// The head chunk's containers in a section document; sd < 0 in an
	// expression document, where the one chunk is the whole tree.
	sd     int32 // index of section_document in chunks[0]
	sdEnd  int   // byte offset where section_document ends
	sdNext int32 // global index just after section_document's subtree
	// anyError is whether some chunk has an ERROR or MISSING node: the
	// HasError of source_file and section_document.
	anyError bool
	// headEnd is where sectionHead stopped reading: an edit after it
	// cannot turn the document from a section document into an
	// expression or back.
	headEnd int

	// guards the chunks' tree fields
	mu sync.Mutex
}

// chunk is one piece of a File's tree.
type chunk struct {
	// nodes in preorder, with offsets relative to the chunk's start.
	// Parent -1 marks a root: in member chunks a child of the File's
	// section_document, or from srcRoots on a child of source_file (the
	// comments after the last member).
	nodes    []node
	srcRoots int32
	length   int     // bytes of text the chunk covers
	errs     []Error // spans relative to the chunk's start
	warns    []Error
	hasError bool  // some node is or holds an ERROR or MISSING node
	last     bool  // the last chunk (or the whole document)
	sd       int32 // in a head chunk, the index of section_document
	rootsEnd int   // in a member chunk, the end of its last root under section_document; -1 if none
	// tree is the tree-sitter tree of an expression document, kept for an
	// incremental Reparse; nil once taken or when not retained.
	tree *C.struct_TSTree
}

// Text returns the document's text.
func (f *File) Text() []byte { return f.Doc.Text }

// Root returns the root node (source_file), or a null node for an empty tree.
func (f *File) Root() Node {
	if f.count == 0 {
		return Node{}
	}
	return Node{f, 0, 0}
}

// NodeCount returns the number of nodes, named and anonymous.
func (f *File) NodeCount() int { return f.count }

// Node returns the node with the given index, as returned by Node.Index.
func (f *File) Node(i int) Node {
	if i < 0 || i >= f.count {
		return Node{}
	}
	c := sort.Search(len(f.bases), func(c int) bool { return int(f.bases[c]) > i }) - 1
	for len(f.chunks[c].nodes) == 0 {
		c++ // empty chunks share their base with the next
	}
	return Node{f, int32(c), int32(i) - f.bases[c]}
}

// HasErrors reports whether the file has any syntax error.
func (f *File) HasErrors() bool { return len(f.Errors) > 0 }

// NodeAt returns the smallest node whose span contains off (start <= off <
// end), preferring named nodes; at the end of a node it returns that node
// when no other node starts there. It returns the root for offsets outside.
func (f *File) NodeAt(off int) Node {
	n := f.Root()
	if n.IsNull() {
		return n
	}
	for {
		var next Node
		for c := range n.Children() {
			s, e := c.Start(), c.End()
			if s <= off && off < e || (off == e && s < e && next.IsNull()) {
				next = c
				if s <= off && off < e {
					break
				}
			}
		}
		if next.IsNull() {
			return n
		}
		n = next
	}
}

// Node is a node of a File. The zero Node is null: every method is safe on
// it and returns zero values.
type Node struct {
	f *File
	c int32 // chunk
	i int32 // index in the chunk
}

func (n Node) raw() *node { return &n.f.chunks[n.c].nodes[n.i] }

// isSourceFile and isSectionDocument report whether n is one of the two
// nodes of a section document whose subtrees span all chunks.
func (n Node) isSourceFile() bool      { return n.c == 0 && n.i == 0 && n.f.sd >= 0 }
func (n Node) isSectionDocument() bool { return n.c == 0 && n.i == n.f.sd && n.f.sd >= 0 }

// IsNull reports whether the node is absent.
func (n Node) IsNull() bool { return n.f == nil }

// File returns the node's file.
func (n Node) File() *File { return n.f }

// Index returns the node's index in its file's preorder, a stable key
// within one File: the nodes have indexes 0 to NodeCount()-1.
func (n Node) Index() int {
	if n.f == nil {
		return -1
	}
	return int(n.f.bases[n.c] + n.i)
}

// Kind returns the node's kind.
func (n Node) Kind() Kind {
	if n.f == nil {
		return KindInvalid
	}
	return n.raw().kind
}

// Field returns the field under which the node stands in its parent.
func (n Node) Field() Field {
	if n.f == nil {
		return FieldNone
	}
	return n.raw().field
}

// Start returns the node's first byte offset.
func (n Node) Start() int {
	if n.f == nil {
		return 0
	}
	return n.f.starts[n.c] + int(n.raw().start)
}

// End returns the byte offset just after the node.
func (n Node) End() int {
	switch {
	case n.f == nil:
		return 0
	case n.isSourceFile():
		return len(n.f.Doc.Text)
	case n.isSectionDocument():
		return n.f.sdEnd
	}
	return n.f.starts[n.c] + int(n.raw().end)
}

// Span returns the node's byte span.
func (n Node) Span() document.Span { return document.Span{Start: n.Start(), End: n.End()} }

// Text returns the node's source text.
func (n Node) Text() string {
	if n.f == nil {
		return ""
	}
	return string(n.f.Doc.Text[n.Start():n.End()])
}

// IsNamed reports whether the node is a named node (not a keyword or punctuation).
func (n Node) IsNamed() bool { return n.f != nil && n.raw().flags&flagNamed != 0 }

// IsMissing reports whether the parser inserted the node to recover from an error.
func (n Node) IsMissing() bool { return n.f != nil && n.raw().flags&flagMissing != 0 }

// IsExtra reports whether the node is an extra (a comment).
func (n Node) IsExtra() bool { return n.f != nil && n.raw().flags&flagExtra != 0 }

// IsError reports whether the node is an ERROR node.
func (n Node) IsError() bool { return n.f != nil && n.raw().kind == KindError }

// HasError reports whether the node is or contains an ERROR or MISSING node.
func (n Node) HasError() bool {
	if n.isSourceFile() || n.isSectionDocument() {
		return n.f.anyError
	}
	return n.f != nil && n.raw().flags&flagHasError != 0
}

// Parent returns the node's parent, or a null node for the root.
func (n Node) Parent() Node {
	if n.f == nil {
		return Node{}
	}
	if p := n.raw().parent; p >= 0 {
		return Node{n.f, n.c, p}
	}
	if n.c == 0 {
		return Node{}
	}
	// A root of a member chunk.
	if n.i >= n.f.chunks[n.c].srcRoots {
		return Node{n.f, 0, 0}
	}
	return Node{n.f, 0, n.f.sd}
}

// FirstChild returns the node's first child, named or not.
func (n Node) FirstChild() Node {
	if n.f == nil {
		return Node{}
	}
	if c := n.i + 1; c < n.raw().next && c < int32(len(n.f.chunks[n.c].nodes)) {
		return Node{n.f, n.c, c}
	}
	if n.isSectionDocument() {
		return n.f.rootAfter(0, true)
	}
	return Node{}
}

// rootAfter returns the first root of the chunks after chunk c that is a
// child of section_document (sd) or of source_file (!sd).
func (f *File) rootAfter(c int32, sd bool) Node {
	for c++; int(c) < len(f.chunks); c++ {
		ch := f.chunks[c]
		switch {
		case sd && ch.srcRoots > 0:
			return Node{f, c, 0}
		case !sd && int(ch.srcRoots) < len(ch.nodes):
			return Node{f, c, ch.srcRoots}
		}
	}
	return Node{}
}

// NextSibling returns the next child of the node's parent.
func (n Node) NextSibling() Node {
	if n.f == nil {
		return Node{}
	}
	r := n.raw()
	nodes := n.f.chunks[n.c].nodes
	switch {
	case r.parent < 0 && n.c == 0:
		return Node{} // the root
	case n.isSectionDocument():
		return n.f.rootAfter(0, false)
	case r.parent >= 0:
		p := Node{n.f, n.c, r.parent}
		if r.next < nodes[r.parent].next && r.next < int32(len(nodes)) {
			return Node{n.f, n.c, r.next}
		}
		if p.isSectionDocument() {
			return n.f.rootAfter(0, true)
		}
		return Node{}
	}
	// A root of a member chunk.
	srcRoots := n.f.chunks[n.c].srcRoots
	if n.i < srcRoots {
		if r.next < srcRoots {
			return Node{n.f, n.c, r.next}
		}
		return n.f.rootAfter(n.c, true)
	}
	if r.next < int32(len(nodes)) {
		return Node{n.f, n.c, r.next}
	}
	return Node{}
}

// PrevSibling returns the previous child of the node's parent.
func (n Node) PrevSibling() Node {
	p := n.Parent()
	var prev Node
	for c := range p.Children() {
		if c == n {
			return prev
		}
		prev = c
	}
	return Node{}
}

// Children iterates over the node's children, named and anonymous.
func (n Node) Children() iter.Seq[Node] {
	return func(yield func(Node) bool) {
		for c := n.FirstChild(); !c.IsNull(); c = c.NextSibling() {
			if !yield(c) {
				return
			}
		}
	}
}

// NamedChildren iterates over the node's named children, comments included.
func (n Node) NamedChildren() iter.Seq[Node] {
	return func(yield func(Node) bool) {
		for c := n.FirstChild(); !c.IsNull(); c = c.NextSibling() {
			if c.IsNamed() && !yield(c) {
				return
			}
		}
	}
}

// ChildByField returns the first child under the field, or a null node.
func (n Node) ChildByField(f Field) Node {
	for c := n.FirstChild(); !c.IsNull(); c = c.NextSibling() {
		if c.raw().field == f {
			return c
		}
	}
	return Node{}
}

// ChildrenByField iterates over the children under the field.
func (n Node) ChildrenByField(f Field) iter.Seq[Node] {
	return func(yield func(Node) bool) {
		for c := n.FirstChild(); !c.IsNull(); c = c.NextSibling() {
			if c.raw().field == f && !yield(c) {
				return
			}
		}
	}
}

// ChildByKind returns the first child of the kind, or a null node.
func (n Node) ChildByKind(k Kind) Node {
	for c := n.FirstChild(); !c.IsNull(); c = c.NextSibling() {
		if c.raw().kind == k {
			return c
		}
	}
	return Node{}
}

// Descendants iterates over the node's subtree in preorder, the node first.
func (n Node) Descendants() iter.Seq[Node] {
	return func(yield func(Node) bool) {
		if n.f == nil {
			return
		}
		f := n.f
		if !n.isSourceFile() && !n.isSectionDocument() {
			end := n.raw().next
			for i := n.i; i < end; i++ {
				if !yield(Node{f, n.c, i}) {
					return
				}
			}
			return
		}
		for i := n.i; i < int32(len(f.chunks[0].nodes)); i++ {
			if !yield(Node{f, 0, i}) {
				return
			}
		}
		for c := 1; c < len(f.chunks); c++ {
			ch := f.chunks[c]
			end := int32(len(ch.nodes))
			if n.isSectionDocument() {
				end = ch.srcRoots
			}
			for i := int32(0); i < end; i++ {
				if !yield(Node{f, int32(c), i}) {
					return
				}
			}
		}
	}
}

// Scan calls fn with each node of the file whose kind is marked in kinds
// (indexed by Kind; kinds past its end are unmarked), in index order: the
// order of Root().Descendants(). It reads the node arrays directly, several
// times faster than filtering Descendants, for passes over a whole large
// file that look for a few kinds.
func (f *File) Scan(kinds []bool, fn func(Node)) {
	for c, ch := range f.chunks {
		for i := range ch.nodes {
			if k := int(ch.nodes[i].kind); k < len(kinds) && kinds[k] {
				fn(Node{f, int32(c), int32(i)})
			}
		}
	}
}

// SubtreeEnd returns the index just after the node's subtree: the nodes with
// indexes in [n.Index(), n.SubtreeEnd()) are n and its descendants.
func (n Node) SubtreeEnd() int {
	switch {
	case n.f == nil:
		return -1
	case n.isSourceFile():
		return n.f.count
	case n.isSectionDocument():
		return int(n.f.sdNext)
	}
	return int(n.f.bases[n.c] + n.raw().next)
}

// Contains reports whether m is n or one of its descendants.
func (n Node) Contains(m Node) bool {
	return n.f != nil && n.f == m.f && n.Index() <= m.Index() && m.Index() < n.SubtreeEnd()
}

// Equal reports whether n and m are the same node.
func (n Node) Equal(m Node) bool { return n == m }

// Ancestor returns the nearest proper ancestor of one of the kinds.
func (n Node) Ancestor(kinds ...Kind) Node {
	for p := n.Parent(); !p.IsNull(); p = p.Parent() {
		for _, k := range kinds {
			if p.Kind() == k {
				return p
			}
		}
	}
	return Node{}
}

// FirstLeafAt returns the leaf (token) that starts at or after off.
func (f *File) FirstLeafAt(off int) Node {
	if f.count == 0 {
		return Node{}
	}
	c := sort.Search(len(f.starts), func(c int) bool { return f.starts[c] > off }) - 1
	for c = max(c, 0); c < len(f.chunks); c++ {
		nodes := f.chunks[c].nodes
		rel := off - f.starts[c]
		i := sort.Search(len(nodes), func(i int) bool { return int(nodes[i].start) >= rel })
		for ; i < len(nodes); i++ {
			if nodes[i].next == int32(i)+1 {
				return Node{f, int32(c), int32(i)}
			}
		}
	}
	return Node{}
}

// single returns the nodes of a File that has one chunk, the form in which
// each chunk is first parsed and checked.
func (f *File) single() []node { return f.chunks[0].nodes }

// at returns node i of a File that has one chunk.
func (f *File) at(i int) Node { return Node{f, 0, int32(i)} }
