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
			ruletest.Run(t, dir, naming.Rules)
		})
	}
}

// TestBrokenCode runs the family over every prefix (in steps) of the test
// connectors' section documents: code cut anywhere gives findings or none,
// never a failing rule.
func TestBrokenCode(t *testing.T) {
	files, err := filepath.Glob("../../../testdata/connectors/*/*.pq")
	if err != nil {
		t.Fatal(err)
	}
	step := 127
	if testing.Short() {
		step = 499
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for cut := 0; cut < len(data); cut += step {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, filepath.Base(path)), data[:cut], 0o644); err != nil {
				t.Fatal(err)
			}
			_, findings := ruletest.Findings(t, dir, naming.Rules)
			for _, f := range findings {
				if f.Rule.Code == "PQC999" {
					t.Fatalf("%s cut at %d: %s", filepath.Base(path), cut, f.Message)
				}
			}
		}
	}
}
