package ide

import (
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model/modeltest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run with -update and read the diff):\n%s", name, got)
	}
}

// TestHoverGolden pins the hover Markdown of the names of two test
// connectors, each marked by a text that starts at it.
func TestHoverGolden(t *testing.T) {
	for _, c := range []struct {
		connector string
		markers   []string
	}{
		{"ContosoDesk", []string{
			"Value.ReplaceType(ContosoDeskImpl", "ContosoDeskImpl, ContosoDeskType", "ContosoDesk.Contents =",
			"pageSize as nullable number) as table =>", "siteUrl = Valid", "Table.AddColumn(", "GetEntity(siteUrl, [Path]",
			"#duration(0, 0, 2, 0)", "Extension.LoadString(\"ErrorSignInAgain\")", "\"ErrorSignInAgain\"",
			"Credential.AccessDenied", "Int64.Type,", "Table.GenerateByPage = ", "Table.GenerateByPage(\n", "MaxRetries then",
		}},
		{"Litware", []string{"Litware.Contents =", "GetRows(dataset[id]", "(offset, count) =>", "PageSize);", "category] = category"}},
	} {
		s := NewSnapshot(modeltest.LoadTestdata(t, c.connector), nil)
		var b strings.Builder
		for _, m := range c.markers {
			fmt.Fprintf(&b, "=== %q\n", m)
			if h := s.Hover(s.Main(), at(t, s, m, 0)); h != nil {
				fmt.Fprintf(&b, "%s\n", h.Markdown)
			} else {
				b.WriteString("(none)\n")
			}
		}
		golden(t, "hover_"+c.connector+".golden", b.String())
	}
}

// TestSemanticTokensGolden pins the tokens of a test connector's helper
// module and of the grammar's highlight test for sections.
func TestSemanticTokensGolden(t *testing.T) {
	for _, c := range []struct{ name, path string }{
		{"tokens_ToNavigationTable.golden", filepath.Join("..", "..", "testdata", "connectors", "ContosoDesk", "Table.ToNavigationTable.pqm")},
		{"tokens_sections.golden", filepath.Join("..", "..", "grammar", "test", "highlight", "sections.pq")},
	} {
		raw, err := os.ReadFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		s := NewSnapshot(modeltest.Build(t, map[string]string{"main": string(raw)}), nil)
		f := s.Main()
		m := f.Doc.Mapper()
		var b strings.Builder
		for _, tk := range s.SemanticTokens(f, document.Span{Start: 0, End: len(f.Text())}) {
			if tk.Type == TokenComment {
				continue
			}
			p := m.Position(tk.Start)
			name := TokenTypes[tk.Type]
			for i, mod := range TokenModifiers {
				if tk.Mods&(1<<i) != 0 {
					name += "." + mod
				}
			}
			fmt.Fprintf(&b, "%d:%d %s %s\n", p.Line+1, p.Character+1, strconv.Quote(string(f.Text()[tk.Start:tk.End])), name)
		}
		golden(t, c.name, b.String())
	}
}

// TestImports pins the package's place in the layout (STYLE.md (a)): ide
// reads the model and never imports the protocol, the rules or their
// drivers.
func TestImports(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, banned := range []string{"go.lsp.dev/", "github.com/pqcert/pqcert/server/rules", "github.com/pqcert/pqcert/server/check",
				"github.com/pqcert/pqcert/server/lsp", "github.com/pqcert/pqcert/server/report", "github.com/smacker/go-tree-sitter"} {
				if strings.HasPrefix(path, banned) {
					t.Errorf("%s imports %s", name, path)
				}
			}
		}
	}
}
