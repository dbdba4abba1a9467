package syntax

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

// File is an immutable parsed document: its text and its syntax tree as a
// flat array of nodes. Any number of goroutines may read a File.
type File struct {
	Doc *document.Document
	// Errors lists the syntax errors: ERROR and MISSING nodes of the parse
	// and the checks made after parsing, in document order.
	Errors []Error
	// Warnings lists what M's parsers accept although the specification
	// does not, such as unknown `#(…)` escapes in text; the linter shows
	// them. In document order.
	Warnings []Error

	nodes []node

	// guards tree
	mu sync.Mutex
	// tree is the tree-sitter tree, kept only so that the next Reparse can
	// reuse it; nil once a reparse has taken it, or when not retained.
	tree *sitter.Tree
}

// Text returns the document's text.
func (f *File) Text() []byte { return f.Doc.Text }

// Root returns the root node (source_file), or a null node for an empty tree.
func (f *File) Root() Node {
	if len(f.nodes) == 0 {
		return Node{}
	}
	return Node{f, 0}
}

// NodeCount returns the number of nodes, named and anonymous.
func (f *File) NodeCount() int { return len(f.nodes) }

// Node returns the node with the given index, as returned by Node.Index.
func (f *File) Node(i int) Node {
	if i < 0 || i >= len(f.nodes) {
		return Node{}
	}
	return Node{f, int32(i)}
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
	i int32
}

func (n Node) raw() *node { return &n.f.nodes[n.i] }

// IsNull reports whether the node is absent.
func (n Node) IsNull() bool { return n.f == nil }

// File returns the node's file.
func (n Node) File() *File { return n.f }

// Index returns the node's index in its file, a stable key within one File.
func (n Node) Index() int {
	if n.f == nil {
		return -1
	}
	return int(n.i)
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
	return int(n.raw().start)
}

// End returns the byte offset just after the node.
func (n Node) End() int {
	if n.f == nil {
		return 0
	}
	return int(n.raw().end)
}

// Span returns the node's byte span.
func (n Node) Span() document.Span { return document.Span{Start: n.Start(), End: n.End()} }

// Text returns the node's source text.
func (n Node) Text() string {
	if n.f == nil {
		return ""
	}
	r := n.raw()
	return string(n.f.Doc.Text[r.start:r.end])
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
func (n Node) HasError() bool { return n.f != nil && n.raw().flags&flagHasError != 0 }

// Parent returns the node's parent, or a null node for the root.
func (n Node) Parent() Node {
	if n.f == nil || n.raw().parent < 0 {
		return Node{}
	}
	return Node{n.f, n.raw().parent}
}

// FirstChild returns the node's first child, named or not.
func (n Node) FirstChild() Node {
	if n.f == nil {
		return Node{}
	}
	if c := n.i + 1; c < n.raw().next {
		return Node{n.f, c}
	}
	return Node{}
}

// NextSibling returns the next child of the node's parent.
func (n Node) NextSibling() Node {
	if n.f == nil {
		return Node{}
	}
	r := n.raw()
	if r.parent < 0 {
		return Node{}
	}
	if s := r.next; s < n.f.nodes[r.parent].next {
		return Node{n.f, s}
	}
	return Node{}
}

// PrevSibling returns the previous child of the node's parent.
func (n Node) PrevSibling() Node {
	p := n.Parent()
	var prev Node
	for c := range p.Children() {
		if c.i == n.i {
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
		end := n.raw().next
		for i := n.i; i < end; i++ {
			if !yield(Node{n.f, i}) {
				return
			}
		}
	}
}

// SubtreeEnd returns the index just after the node's subtree: the nodes with
// indexes in [n.Index(), n.SubtreeEnd()) are n and its descendants.
func (n Node) SubtreeEnd() int {
	if n.f == nil {
		return -1
	}
	return int(n.raw().next)
}

// Contains reports whether m is n or one of its descendants.
func (n Node) Contains(m Node) bool {
	return n.f != nil && n.f == m.f && n.i <= m.i && m.i < n.raw().next
}

// Equal reports whether n and m are the same node.
func (n Node) Equal(m Node) bool { return n.f == m.f && (n.f == nil || n.i == m.i) }

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

// FirstLeafAt returns the leaf (token) that starts at or after off, using
// the preorder array's sorted starts.
func (f *File) FirstLeafAt(off int) Node {
	i := sort.Search(len(f.nodes), func(i int) bool { return int(f.nodes[i].start) >= off })
	for ; i < len(f.nodes); i++ {
		if f.nodes[i].next == int32(i)+1 {
			return Node{f, int32(i)}
		}
	}
	return Node{}
}
