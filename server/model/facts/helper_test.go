package facts_test

import (
	"path/filepath"
	"testing"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/modeltest"
)

// build writes the files to a temporary connector folder and builds its
// model; a file named "main" is written as S.pq.
func build(t testing.TB, files map[string]string) *model.Model {
	t.Helper()
	return modeltest.Build(t, files)
}

// section builds a connector from one section document.
func section(t testing.TB, src string) *model.Model {
	t.Helper()
	return modeltest.Build(t, map[string]string{"main": src})
}

// load builds the model of a connector of testdata/connectors.
func load(t testing.TB, name string) *model.Model {
	t.Helper()
	return modeltest.LoadDir(t, filepath.Join("..", "..", "..", "testdata", "connectors", name))
}
