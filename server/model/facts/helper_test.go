package facts_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/workspace"
)

// build writes the files to a temporary connector folder, loads it and
// builds its model. A file named "main" is written as S.pq.
func build(t testing.TB, files map[string]string) *model.Model {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if name == "main" {
			name = "S.pq"
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := workspace.Load(dir, workspace.Disk{})
	if err != nil || c == nil {
		t.Fatalf("load: %v", err)
	}
	return model.Build(c, model.Options{})
}

// section builds a connector from one section document.
func section(t testing.TB, src string) *model.Model {
	t.Helper()
	return build(t, map[string]string{"main": src})
}

// load builds the model of a connector of testdata/connectors.
func load(t testing.TB, name string) *model.Model {
	t.Helper()
	c, err := workspace.Load(filepath.Join("..", "..", "..", "testdata", "connectors", name), workspace.Disk{})
	if err != nil || c == nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return model.Build(c, model.Options{})
}
