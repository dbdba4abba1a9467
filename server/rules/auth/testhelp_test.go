package auth_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pqcert/pqcert/server/rules"
)

var (
	disableRE = regexp.MustCompile(`pqcert-disable-(?:next-line|file)\b[^\n]*`)
	wantRE    = regexp.MustCompile(`want\b[^\n]*`)
	codeRE    = regexp.MustCompile(`PQC\d{3}`)
)

// withSuppressedCodes returns rs plus an inert rule (no Run function) for
// each code that a suppression comment of the connector in dir names and
// that no want comment expects: the engine knows only the codes of the
// rules it is given, so without them a comment that suppresses another
// family's finding would be reported as naming an unknown code. PQC999 is
// left out: the test connectors use it as a code no comment may name.
func withSuppressedCodes(dir string, rs []*rules.Rule) []*rules.Rule {
	own := map[string]bool{"PQC999": true}
	for _, r := range rs {
		own[r.Code] = true
	}
	suppressed := map[string]bool{}
	wanted := map[string]bool{}
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".pq", ".pqm", ".m", ".resx", ".txt":
		default:
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		for _, m := range disableRE.FindAllString(string(data), -1) {
			for _, c := range codeRE.FindAllString(m, -1) {
				suppressed[c] = true
			}
		}
		for _, m := range wantRE.FindAllString(string(data), -1) {
			for _, c := range codeRE.FindAllString(m, -1) {
				wanted[c] = true
			}
		}
		if filepath.Base(path) == "want.txt" {
			for _, c := range codeRE.FindAllString(string(data), -1) {
				wanted[c] = true
			}
		}
		return nil
	})
	out := append([]*rules.Rule(nil), rs...)
	for c := range suppressed {
		if !own[c] && !wanted[c] {
			out = append(out, &rules.Rule{Code: c, Name: "other-family", Severity: rules.Warning})
		}
	}
	return out
}
