package lsp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/check"
	"github.com/pqcert/pqcert/server/lsp/lsptest"
	"github.com/pqcert/pqcert/server/rules/all"
)

// TestFixAllMatchesCheckFix applies the fix-all action of each M file of a
// broken connector, one after another, until none is left, and compares the
// connector's files with what `pqcert check --fix` writes for a copy of it.
func TestFixAllMatchesCheckFix(t *testing.T) {
	for _, name := range []string{"BadVersion", "BadResources", "BadGeneral", "BadDocs"} {
		t.Run(name, func(t *testing.T) {
			src := filepath.Join("..", "..", "testdata", "connectors", name)
			if _, err := os.Stat(src); err != nil {
				t.Skip("no such test connector")
			}
			viaCheck := copyDir(t, src)
			check.RunFix([]string{viaCheck}, check.Options{Rules: all.Rules})

			viaLSP := copyDir(t, src)
			e := lsptest.Start(t, lsptest.Options{DocumentChanges: true})
			var uris []string
			entries, _ := os.ReadDir(viaLSP)
			for _, ent := range entries {
				if strings.HasSuffix(ent.Name(), ".pq") || strings.HasSuffix(ent.Name(), ".pqm") {
					uris = append(uris, e.Open(filepath.Join(viaLSP, ent.Name())))
				}
			}
			for round := 0; round < 5; round++ {
				applied := false
				for _, uri := range uris {
					for _, a := range e.CodeActions(uri, "source.fixAll.pqcert") {
						if err := e.Apply(a.Edit); err != nil {
							t.Fatal(err)
						}
						applied = true
					}
				}
				if !applied {
					break
				}
			}
			// Save what the editor holds, as a user would.
			for _, uri := range uris {
				path := strings.TrimPrefix(uri, "file://")
				if err := os.WriteFile(path, []byte(e.Text(uri)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			compareTrees(t, viaCheck, viaLSP)
			if name == "BadVersion" {
				changed := false
				filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
					if err != nil || info.IsDir() {
						return err
					}
					rel, _ := filepath.Rel(src, p)
					orig, _ := os.ReadFile(p)
					now, _ := os.ReadFile(filepath.Join(viaLSP, rel))
					changed = changed || string(orig) != string(now)
					return nil
				})
				if !changed {
					t.Error("the fix-all actions changed nothing")
				}
			}
		})
	}
}

func compareTrees(t *testing.T, a, b string) {
	t.Helper()
	filepath.Walk(a, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			t.Errorf("%s: only `check --fix` has it", rel)
			return nil
		}
		if string(got) != string(want) {
			t.Errorf("%s differs:\n--- fix-all actions\n%s\n--- check --fix\n%s", rel, got, want)
		}
		return nil
	})
}
