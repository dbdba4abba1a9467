package naming_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pqcert/pqcert/server/rules/naming"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// TestConnectors runs the family over the team's test connectors: the
// compliant ones get no finding, the Bad* ones exactly their want comments.
func TestConnectors(t *testing.T) {
	dirs, err := filepath.Glob("../../../testdata/connectors/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			ruletest.Run(t, dir, withSuppressedCodes(dir, naming.Rules))
		})
	}
}
