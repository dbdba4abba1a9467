package grammar

import (
	"context"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

func TestLanguage(t *testing.T) {
	src := []byte("let a = 1 in a + 1")
	root, err := sitter.ParseCtx(context.Background(), src, Language())
	if err != nil {
		t.Fatal(err)
	}
	want := "(source_file expression: (let_expression binding: (let_binding name: (identifier) value: (number_literal)) body: (binary_expression left: (identifier_expression name: (identifier)) right: (number_literal))))"
	if got := root.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
