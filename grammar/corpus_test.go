package grammar

// This file runs the tree-sitter corpus in test/corpus through the Go
// binding (read by package corpus as `tree-sitter test` reads it), so that
// `go test ./...` checks the grammar without the CLI.

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pqcert/pqcert/grammar/corpus"
)

func TestCorpus(t *testing.T) {
	parser := sitter.NewParser()
	defer parser.Close()
	parser.SetLanguage(Language())

	files, err := corpus.Files()
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, file := range files {
		content, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := corpus.Parse(content)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		// A reader that silently found nothing would pass every file.
		if want := corpus.CountHeaders(content); len(cases) != want {
			t.Fatalf("%s: read %d cases, but the file has %d headers", file, len(cases), want)
		}
		total += len(cases)
		group := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(group, func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.Name, func(t *testing.T) {
					if c.Skip {
						t.Skip(":skip")
					}
					runCorpusCase(t, parser, c)
				})
			}
		})
	}
	t.Logf("%d corpus cases", total)
}

func runCorpusCase(t *testing.T, parser *sitter.Parser, c corpus.Case) {
	t.Helper()
	tree, err := parser.ParseCtx(context.Background(), nil, c.Input)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	root := tree.RootNode()
	if c.IsError {
		if !root.HasError() {
			t.Errorf("expected an ERROR or MISSING node, got %s", root.String())
		}
		return
	}
	got := root.String()
	if !c.HasField {
		got = corpus.StripFields(got)
	}
	if got != c.Expected {
		t.Errorf("input:\n%s\ngot  %s\nwant %s", c.Input, got, c.Expected)
	}
}

// -- Queries and token fields --

// TestQueries compiles every query file against the language, as
// `tree-sitter test` does, so that a renamed node type breaks `go test`.
func TestQueries(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("queries", "*.scm"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no query files in queries/")
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		q, err := sitter.NewQuery(src, Language())
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if q.PatternCount() == 0 {
			t.Errorf("%s: no patterns", file)
		}
		q.Close()
	}
}

// TestTokenFields checks the fields that hold anonymous tokens (`shared`,
// `?`, `@`, `optional`, operators). S-expressions leave them out, so the
// corpus cannot pin them.
func TestTokenFields(t *testing.T) {
	tests := []struct {
		src   string
		node  string // type of the first node (in pre-order) to look at
		field string
		want  string // type of the field's node; "" when the field is absent
	}{
		{"section S; shared x = 1;", "section_member", "shared", "shared"},
		{"section S; x = 1;", "section_member", "shared", ""},
		{"x[a]?", "field_selector", "optional", "?"},
		{"x[a] ?", "field_selector", "optional", "?"},
		{"x[a]", "field_selector", "optional", ""},
		{"[a]?", "field_selector", "optional", "?"},
		{"x[[a], [b]]?", "field_projection", "optional", "?"},
		{"x{0}?", "item_access_expression", "optional", "?"},
		{"x{0}", "item_access_expression", "optional", ""},
		{"@x", "identifier_expression", "inclusive", "@"},
		{"x", "identifier_expression", "inclusive", ""},
		{"(optional x) => x", "parameter", "optional", "optional"},
		{"(x) => x", "parameter", "optional", ""},
		{"type [optional a = number]", "field_specification", "optional", "optional"},
		{"type [optional optional]", "field_specification", "optional", "optional"},
		{"type [optional = number]", "field_specification", "optional", ""},
		{"type function (optional x as text) as any", "parameter_specification", "optional", "optional"},
		{"a ?? b", "binary_expression", "operator", "??"},
		{"a or b", "binary_expression", "operator", "or"},
		{"a and b", "binary_expression", "operator", "and"},
		{"a = b", "binary_expression", "operator", "="},
		{"a <> b", "binary_expression", "operator", "<>"},
		{"a <= b", "binary_expression", "operator", "<="},
		{"a & b", "binary_expression", "operator", "&"},
		{"a - b", "binary_expression", "operator", "-"},
		{"a / b", "binary_expression", "operator", "/"},
		{"not a", "unary_expression", "operator", "not"},
		{"-a", "unary_expression", "operator", "-"},
	}
	parser := sitter.NewParser()
	defer parser.Close()
	parser.SetLanguage(Language())
	for _, tt := range tests {
		tree, err := parser.ParseCtx(context.Background(), nil, []byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		root := tree.RootNode()
		if root.HasError() {
			t.Errorf("%q: unexpected syntax error: %s", tt.src, root.String())
			tree.Close()
			continue
		}
		n := firstOfType(root, tt.node)
		if n == nil {
			t.Errorf("%q: no %s node in %s", tt.src, tt.node, root.String())
			tree.Close()
			continue
		}
		got := ""
		if f := n.ChildByFieldName(tt.field); f != nil {
			got = f.Type()
		}
		if got != tt.want {
			t.Errorf("%q: %s.%s = %q, want %q", tt.src, tt.node, tt.field, got, tt.want)
		}
		tree.Close()
	}
}

// firstOfType returns the first node of the given type in pre-order, or nil.
func firstOfType(n *sitter.Node, typ string) *sitter.Node {
	if n.Type() == typ {
		return n
	}
	for i := 0; i < int(n.ChildCount()); i++ {
		if found := firstOfType(n.Child(i), typ); found != nil {
			return found
		}
	}
	return nil
}
