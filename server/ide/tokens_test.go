package ide

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model/modeltest"
)

// captureTypes maps the captures of grammar/queries/highlights.scm to the
// semantic token types that may stand for them. Names resolve further than
// the query can see (a reference to a function is a function), so a
// capture may have several; punctuation has no token (or an operator, for
// the `...` of open records).
var captureTypes = map[string][]string{
	"keyword": {"keyword"}, "keyword.conditional": {"keyword"}, "keyword.exception": {"keyword"},
	"keyword.function": {"keyword"}, "keyword.operator": {"keyword"}, "keyword.modifier": {"keyword"},
	"variable": {"variable", "parameter", "function", "property"}, "variable.parameter": {"parameter"},
	"variable.builtin": {"variable"}, "function": {"function"}, "function.call": {"function"},
	"function.builtin": {"function"}, "function.method.call": {"property", "function"}, "property": {"property"},
	"type.builtin": {"type"}, "string": {"string"}, "string.special": {"string"}, "number": {"number"},
	"boolean": {"keyword"}, "constant.builtin": {"keyword"}, "operator": {"operator"}, "comment": {"comment"},
	"module": {"namespace"}, "attribute": {"decorator"}, "constant": {"variable", "function"},
	"punctuation.bracket": {""}, "punctuation.delimiter": {""}, "punctuation.special": {"", "operator"},
}

var assertion = regexp.MustCompile(`^(\s*)//(\s*)(\^|<-)\s*(\S+)\s*$`)

// TestSemanticTokensFollowHighlights checks the semantic tokens of the
// grammar's highlight test files against their assertions.
func TestSemanticTokensFollowHighlights(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "grammar", "test", "highlight", "*.pq"))
	if len(files) == 0 {
		t.Fatal("no highlight tests found")
	}
	checked := 0
	for _, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s := NewSnapshot(modeltest.Build(t, map[string]string{"main": string(raw)}), nil)
		f := s.Main()
		toks := s.SemanticTokens(f, document.Span{Start: 0, End: len(f.Text())})
		m := f.Doc.Mapper()
		lines := strings.Split(string(raw), "\n")
		source := -1
		for i, line := range lines {
			a := assertion.FindStringSubmatch(line)
			if a == nil {
				source = i
				continue
			}
			col := len(a[1])
			if a[3] == "^" {
				col = strings.Index(line, "^")
			}
			if a[3] == "<-" {
				col = len(a[1])
			}
			row := source
			if row < 0 {
				continue
			}
			off, _ := m.Offset(document.Position{Line: row, Character: col})
			got := ""
			for _, tk := range toks {
				if tk.Start <= off && off < tk.End {
					got = TokenTypes[tk.Type]
				}
			}
			want, ok := captureTypes[a[4]]
			if !ok {
				t.Errorf("%s:%d: capture %s has no mapping", filepath.Base(path), i+1, a[4])
				continue
			}
			if !contains(want, got) {
				t.Errorf("%s:%d:%d: %s: got token %q, want one of %q", filepath.Base(path), row+1, col+1, a[4], got, want)
			}
			checked++
		}
	}
	if checked < 50 {
		t.Errorf("only %d assertions checked", checked)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSemanticTokensDistinguishNames(t *testing.T) {
	s := snap(t, `section S;
Helper = (x) => x;
Limit = 10;
shared S.Contents = (url as text) =>
    let
        rows = Table.FromRecords({[a = 1]}),
        n = Helper(Limit) + rows{0}[a]
    in
        n /* done */;
`)
	f := s.Main()
	toks := s.SemanticTokens(f, document.Span{Start: 0, End: len(f.Text())})
	class := func(marker string, delta int) string {
		off := at(t, s, marker, delta)
		for _, tk := range toks {
			if tk.Start <= off && off < tk.End {
				name := TokenTypes[tk.Type]
				for i, mod := range TokenModifiers {
					if tk.Mods&(1<<i) != 0 {
						name += "." + mod
					}
				}
				return name
			}
		}
		return ""
	}
	for _, c := range []struct {
		marker string
		delta  int
		want   string
	}{
		{"Table.FromRecords", 0, "function.defaultLibrary"},
		{"Helper(Limit)", 0, "function"},
		{"Limit) +", 0, "variable"},
		{"url as", 0, "parameter.declaration"},
		{"rows{0}", 0, "variable"},
		{"[a]", 1, "property"},
		{"a = 1", 0, "property.declaration"},
		{"let", 0, "keyword"},
		{"text)", 0, "type"},
		{"10;", 0, "number"},
		{"/* done", 0, "comment"},
		{"S;", 0, "namespace.declaration"},
		{"Helper =", 0, "function.declaration"},
		{"Limit =", 0, "variable.declaration"},
		{"+ rows", 0, "operator"},
		{"(x)", 0, ""},
	} {
		if got := class(c.marker, c.delta); got != c.want {
			t.Errorf("%s: got %q, want %q", c.marker, got, c.want)
		}
	}
	// A range gives the tokens in it only, and multi-line tokens are split.
	s = snap(t, "section S;\nA = \"line one\nline two\";\nB = 1;\n")
	f = s.Main()
	start := at(t, s, "line two", 0)
	toks = s.SemanticTokens(f, document.Span{Start: start, End: at(t, s, "B =", 0)})
	if len(toks) != 1 || string(f.Text()[toks[0].Start:toks[0].End]) != `line two"` || TokenTypes[toks[0].Type] != "string" {
		var got []string
		for _, tk := range toks {
			got = append(got, string(f.Text()[tk.Start:tk.End]))
		}
		t.Errorf("range tokens %q", got)
	}
}
