package syntax

import (
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
)

func parseString(t *testing.T, src string) *File {
	t.Helper()
	return Parse(document.New("file:///t.pq", 1, []byte(src)), Once)
}

// sexp renders named nodes with fields, as tree-sitter does.
func sexp(n Node) string {
	var b strings.Builder
	var walk func(n Node)
	walk = func(n Node) {
		if n.IsMissing() {
			b.WriteString("(MISSING " + n.Kind().String() + ")")
			return
		}
		b.WriteString("(" + n.Kind().String())
		for c := range n.Children() {
			if !c.IsNamed() && c.Kind() != KindError {
				continue
			}
			b.WriteString(" ")
			if c.Field() != FieldNone {
				b.WriteString(c.Field().String() + ": ")
			}
			walk(c)
		}
		b.WriteString(")")
	}
	walk(n)
	return b.String()
}

func TestParseTree(t *testing.T) {
	f := parseString(t, "let a = 1 in a + 1")
	want := "(source_file expression: (let_expression binding: (let_binding name: (identifier) value: (number_literal)) body: (binary_expression left: (identifier_expression name: (identifier)) right: (number_literal))))"
	if got := sexp(f.Root()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if f.HasErrors() {
		t.Errorf("unexpected errors %v", f.Errors)
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"let if = 1 in 1", "keyword `if` cannot be a name"},
		{"[Version = 1 + 1] section S;", "literal attributes"},
		{"section S; a = \"abc;\nb = 2;", "unterminated text literal"},
	} {
		f := parseString(t, c.src)
		found := false
		for _, e := range f.Errors {
			if strings.Contains(e.Msg, c.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: errors %v, want one containing %q; tree %s", c.src, f.Errors, c.want, sexp(f.Root()))
		}
	}
}

func TestReparse(t *testing.T) {
	doc := document.New("file:///t.pq", 1, []byte("section S;\na = 1;\nb = a + 2;\n"))
	f := Parse(doc, Retain)
	r, _ := doc.Mapper().Span(document.Range{Start: document.Position{Line: 1, Character: 4}, End: document.Position{Line: 1, Character: 5}})
	_ = r
	doc2, edits, err := doc.Apply(2, []document.Change{{Range: &document.Range{Start: document.Position{Line: 1, Character: 4}, End: document.Position{Line: 1, Character: 5}}, Text: "if"}})
	if err != nil {
		t.Fatal(err)
	}
	f2 := Reparse(f, doc2, edits)
	fresh := Parse(doc2, Once)
	if sexp(f2.Root()) != sexp(fresh.Root()) {
		t.Errorf("incremental %s\nfresh %s", sexp(f2.Root()), sexp(fresh.Root()))
	}
	if len(f2.Errors) != len(fresh.Errors) {
		t.Errorf("errors differ: %v vs %v", f2.Errors, fresh.Errors)
	}
	// The old file stays readable.
	if sexp(f.Root()) == "" {
		t.Error("old file unreadable")
	}
}
