package syntax

import (
	"context"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pqcert/pqcert/grammar"
	"github.com/pqcert/pqcert/server/document"
)

// Parsers are not safe for concurrent use; each parse borrows one.
var parsers = sync.Pool{New: func() any {
	p := sitter.NewParser()
	p.SetLanguage(grammar.Language())
	return p
}}

// Mode says whether a File keeps its tree-sitter tree for a later Reparse.
type Mode int

const (
	// Once frees the tree-sitter tree right after conversion: for files that
	// are read once (the command line).
	Once Mode = iota
	// Retain keeps the tree so that Reparse can parse incrementally: for
	// documents open in an editor.
	Retain
)

// Parse parses a document. It never fails: syntax errors are in File.Errors.
func Parse(doc *document.Document, mode Mode) *File {
	return parse(doc, nil, mode)
}

// Reparse parses doc, the result of applying edits to old's document,
// reusing old's tree where it can. The edits are in the order they were
// applied, each against the text before it (as document.Apply returns
// them). old stays valid for readers, but gives its tree to the new File,
// so a second Reparse from old parses from scratch.
func Reparse(old *File, doc *document.Document, edits []document.Edit) *File {
	var tree *sitter.Tree
	if old != nil {
		old.mu.Lock()
		tree, old.tree = old.tree, nil
		old.mu.Unlock()
	}
	if tree != nil {
		for _, e := range edits {
			tree.Edit(editInput(e))
		}
	}
	return parse(doc, tree, Retain)
}

// editInput converts a document edit to tree-sitter's form.
func editInput(e document.Edit) sitter.EditInput {
	return sitter.EditInput{
		StartIndex:  uint32(e.StartByte),
		OldEndIndex: uint32(e.OldEndByte),
		NewEndIndex: uint32(e.NewEndByte),
		StartPoint:  sitter.Point{Row: e.StartPoint.Row, Column: e.StartPoint.Column},
		OldEndPoint: sitter.Point{Row: e.OldEndPoint.Row, Column: e.OldEndPoint.Column},
		NewEndPoint: sitter.Point{Row: e.NewEndPoint.Row, Column: e.NewEndPoint.Column},
	}
}

func parse(doc *document.Document, old *sitter.Tree, mode Mode) *File {
	p := parsers.Get().(*sitter.Parser)
	tree, err := p.ParseCtx(context.Background(), old, doc.Text)
	parsers.Put(p)
	if old != nil {
		// The old tree was edited for this parse and is of no further use.
		old.Close()
	}
	f := &File{Doc: doc}
	if err != nil || tree == nil {
		// Only cancellation makes tree-sitter give up, and we never cancel.
		f.Errors = []Error{{Span: document.Span{Start: 0, End: len(doc.Text)}, Msg: "the parser gave up on this document"}}
		return f
	}
	var regions []region
	f.nodes, regions = flatten(tree)
	if mode == Retain {
		f.tree = tree
	} else {
		tree.Close()
	}
	f.Errors = collectErrors(f, regions)
	f.Warnings = checkEscapes(f)
	return f
}

// Close frees the File's tree-sitter tree early. The File stays readable.
func (f *File) Close() {
	f.mu.Lock()
	t := f.tree
	f.tree = nil
	f.mu.Unlock()
	if t != nil {
		t.Close()
	}
}
