package grammar

// This file runs the tree-sitter corpus in test/corpus through the Go
// binding, so that `go test ./...` checks the grammar without the CLI. It
// reads the files the way `tree-sitter test` (0.22) does: a header of `===`
// lines around the case name and optional attribute lines (`:error`, `:skip`),
// the input, the longest `---` line, then the expected S-expression.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

// corpusCase is one example of a corpus file.
type corpusCase struct {
	name     string
	input    []byte
	expected string // normalised S-expression; empty for :error cases
	hasField bool   // the expected tree names fields, so the actual one keeps them
	isError  bool   // :error: the input only has to produce an ERROR or MISSING node
	skip     bool   // :skip
}

var (
	// The same shapes as the CLI's header and divider expressions.
	corpusHeader  = regexp.MustCompile(`(?m)^(={3,})\r?\n((?:(?:[^=\r\n]|\s+:)[^\r\n]*\r?\n)+)={3,}\r?\n`)
	corpusDivider = regexp.MustCompile(`(?m)^-{3,}\r?\n`)
	sexpComment   = regexp.MustCompile(`(?m)^\s*;.*$`)
	whitespace    = regexp.MustCompile(`\s+`)
	sexpField     = regexp.MustCompile(` \w+: \(`)
)

// parseCorpus splits the content of one corpus file into its cases.
func parseCorpus(content []byte) ([]corpusCase, error) {
	headers := corpusHeader.FindAllSubmatchIndex(content, -1)
	var cases []corpusCase
	for i, h := range headers {
		bodyStart, bodyEnd := h[1], len(content)
		if i+1 < len(headers) {
			bodyEnd = headers[i+1][0]
		}
		body := content[bodyStart:bodyEnd]

		c := corpusCase{}
		seenMarker := false
		for _, line := range strings.SplitAfter(string(content[h[4]:h[5]]), "\n") {
			trimmed := strings.TrimSpace(line)
			switch {
			case trimmed == ":skip":
				seenMarker, c.skip = true, true
			case trimmed == ":error":
				seenMarker, c.isError = true, true
			case strings.HasPrefix(trimmed, ":language(") || strings.HasPrefix(trimmed, ":platform(") || trimmed == ":fail-fast":
				seenMarker = true
			case !seenMarker:
				c.name += line
			}
		}
		c.name = strings.TrimRight(c.name, " \t\r\n")

		// The longest divider line separates input from output, so the input
		// may itself contain shorter lines of dashes.
		divStart, divEnd := -1, -1
		for _, d := range corpusDivider.FindAllIndex(body, -1) {
			if divStart < 0 || d[1]-d[0] > divEnd-divStart {
				divStart, divEnd = d[0], d[1]
			}
		}
		if divStart < 0 {
			return nil, fmt.Errorf("case %q has no --- divider", c.name)
		}
		input := bytes.Clone(body[:divStart])
		// The newline before the divider is not part of the input.
		if n := len(input); n > 0 {
			input = input[:n-1]
			if n := len(input); n > 0 && input[n-1] == '\r' {
				input = input[:n-1]
			}
		}
		c.input = input

		out := sexpComment.ReplaceAllString(string(body[divEnd:]), "")
		out = whitespace.ReplaceAllString(strings.TrimSpace(out), " ")
		out = strings.ReplaceAll(out, " )", ")")
		c.expected = out
		c.hasField = sexpField.MatchString(out)
		cases = append(cases, c)
	}
	return cases, nil
}

// stripFields drops `name: ` prefixes, as the CLI does when the expected tree
// names no fields.
func stripFields(sexp string) string {
	return sexpField.ReplaceAllString(sexp, " (")
}

func corpusFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("test", "corpus", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no corpus files in test/corpus")
	}
	return files
}

func TestCorpus(t *testing.T) {
	parser := sitter.NewParser()
	defer parser.Close()
	parser.SetLanguage(Language())

	total := 0
	for _, file := range corpusFiles(t) {
		content, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := parseCorpus(content)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		// A reader that silently found nothing would pass every file.
		if want := countHeaders(content); len(cases) != want {
			t.Fatalf("%s: read %d cases, but the file has %d headers", file, len(cases), want)
		}
		total += len(cases)
		group := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(group, func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					if c.skip {
						t.Skip(":skip")
					}
					runCorpusCase(t, parser, c)
				})
			}
		})
	}
	t.Logf("%d corpus cases", total)
}

func runCorpusCase(t *testing.T, parser *sitter.Parser, c corpusCase) {
	t.Helper()
	tree, err := parser.ParseCtx(context.Background(), nil, c.input)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	root := tree.RootNode()
	if c.isError {
		if !root.HasError() {
			t.Errorf("expected an ERROR or MISSING node, got %s", root.String())
		}
		return
	}
	got := root.String()
	if !c.hasField {
		got = stripFields(got)
	}
	if got != c.expected {
		t.Errorf("input:\n%s\ngot  %s\nwant %s", c.input, got, c.expected)
	}
}

// countHeaders counts case headers by scanning lines: a line of at least
// three `=`, then name lines, then another such line.
func countHeaders(content []byte) int {
	lines := strings.Split(strings.ReplaceAll(string(content), "\r\n", "\n"), "\n")
	isRule := func(s string) bool { return len(s) >= 3 && strings.Trim(s, "=") == "" }
	n := 0
	for i := 0; i < len(lines); i++ {
		if !isRule(lines[i]) {
			continue
		}
		j := i + 1
		for j < len(lines) && lines[j] != "" && !isRule(lines[j]) {
			j++
		}
		if j > i+1 && j < len(lines) && isRule(lines[j]) {
			n++
			i = j
		}
	}
	return n
}

func TestParseCorpus(t *testing.T) {
	content := []byte("==========\nfirst\n:error\n==========\n\na\n---\nb\n-----\n\n(x\n  ; a comment\n  f: (y) )\n\n===\nsecond\n===\nc\r\n---\r\n(z)\n")
	cases, err := parseCorpus(content)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 {
		t.Fatalf("got %d cases, want 2", len(cases))
	}
	first, second := cases[0], cases[1]
	if first.name != "first" || !first.isError || first.skip {
		t.Errorf("first case header: %+v", first)
	}
	if got, want := string(first.input), "\na\n---\nb"; got != want {
		t.Errorf("first input %q, want %q", got, want)
	}
	if got, want := first.expected, "(x f: (y))"; got != want || !first.hasField {
		t.Errorf("first expected %q (fields %v), want %q with fields", got, first.hasField, want)
	}
	if second.name != "second" || string(second.input) != "c" || second.expected != "(z)" || second.hasField {
		t.Errorf("second case: %+v", second)
	}
	if got := stripFields("(a left: (b) right: (MISSING c))"); got != "(a (b) (MISSING c))" {
		t.Errorf("stripFields: %q", got)
	}
	if n := countHeaders(content); n != 2 {
		t.Errorf("countHeaders = %d, want 2", n)
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
