package syntax

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports pins the package's dependencies (STYLE.md (a)): besides the
// standard library, syntax imports only document, the grammar binding and
// go-tree-sitter, so that every parser in the server is built here.
func TestImports(t *testing.T) {
	allowed := map[string]bool{
		"C": true,
		"github.com/pqcert/pqcert/server/document": true,
		"github.com/pqcert/pqcert/grammar":         true,
		"github.com/smacker/go-tree-sitter":        true,
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			std := !strings.Contains(strings.Split(path, "/")[0], ".")
			if !allowed[path] && !std {
				t.Errorf("%s imports %s; syntax may import only %v and the standard library", name, path, keys(allowed))
			}
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		if k != "C" {
			out = append(out, k)
		}
	}
	return out
}

// TestOnlySyntaxParses checks that no other package of the server imports
// go-tree-sitter: parsers are built here (and in the grammar's own tools).
func TestOnlySyntaxParses(t *testing.T) {
	server := filepath.Join("..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(server, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		if rel, _ := filepath.Rel(server, p); strings.HasPrefix(filepath.ToSlash(rel), "syntax/") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return nil // someone else's file in the middle of an edit
		}
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); strings.HasPrefix(path, "github.com/smacker/go-tree-sitter") {
				t.Errorf("%s imports %s; only server/syntax may build parsers", p, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
