package ide

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/modeltest"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/workspace"
)

// snap builds a one-file connector and its current snapshot.
func snap(t testing.TB, src string) *Snapshot {
	t.Helper()
	return NewSnapshot(modeltest.Build(t, map[string]string{"main": src}), nil)
}

// at returns the byte offset of the first match of marker in the main file,
// plus delta.
func at(t testing.TB, s *Snapshot, marker string, delta int) int {
	t.Helper()
	i := strings.Index(string(s.Main().Text()), marker)
	if i < 0 {
		t.Fatalf("marker %q not found", marker)
	}
	return i + delta
}

// TestResolveAgreesWithScope checks the position-based resolver against
// package scope on every reference of every test connector.
func TestResolveAgreesWithScope(t *testing.T) {
	dirs, err := os.ReadDir(filepath.Join("..", "..", "testdata", "connectors"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		c, err := workspace.Load(filepath.Join("..", "..", "testdata", "connectors", d.Name()), workspace.Disk{})
		if err != nil || c == nil {
			continue
		}
		s := NewSnapshot(model.Build(c, model.Options{}), nil)
		for _, ref := range s.Info().Refs {
			if ref.Implicit {
				continue
			}
			got := s.resolveRef(ref.File, ref.Node)
			want := ref.Def
			if want == nil && got == nil {
				continue
			}
			if want == nil || got == nil || got.Kind != want.Kind || got.Name != want.Name ||
				(want.File != nil && !got.Node.Equal(want.Node)) {
				t.Errorf("%s: %s at line %d: got %v, want %v", d.Name(), ref.Name, lineOf(ref.File, ref.Node.Start()), describe(got), describe(want))
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Errorf("only %d references checked", checked)
	}
}

func describe(d *scope.Def) string {
	if d == nil {
		return "nil"
	}
	if d.File == nil {
		return fmt.Sprintf("%s %s", d.Kind, d.Name)
	}
	return fmt.Sprintf("%s %s at line %d", d.Kind, d.Name, lineOf(d.File, d.Node.Start()))
}
