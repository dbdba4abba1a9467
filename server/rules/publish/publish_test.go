package publish_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/publish"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// TestConnectors runs the family over the team's test connectors: the
// compliant ones get no findings, the Bad* ones exactly their want comments.
func TestConnectors(t *testing.T) {
	dirs, err := filepath.Glob("../../../testdata/connectors/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			ruletest.Run(t, dir, withSuppressedCodes(t, dir, publish.Rules))
		})
	}
}

var (
	directiveRE   = regexp.MustCompile(`pqcert-disable-(?:next-line|file)[^\n]*`)
	catalogCodeRE = regexp.MustCompile(`\bPQC[1-7]\d\d\b`)
)

// withSuppressedCodes adds to rs a rule without a run function for each
// catalog code that a suppression comment of the connector names: the
// engine knows only the codes of the rules it runs, and would report a
// comment about another family's rule as naming an unknown code.
func withSuppressedCodes(t *testing.T, dir string, rs []*rules.Rule) []*rules.Rule {
	t.Helper()
	have := map[string]bool{}
	for _, r := range rs {
		have[r.Code] = true
	}
	out := append([]*rules.Rule(nil), rs...)
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".pq", ".pqm", ".m":
		default:
			return nil
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, line := range directiveRE.FindAllString(string(text), -1) {
			for _, code := range catalogCodeRE.FindAllString(line, -1) {
				if !have[code] {
					have[code] = true
					out = append(out, &rules.Rule{Code: code, Name: "other-family", Severity: rules.Off})
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
