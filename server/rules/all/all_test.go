package all

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/rules"
)

// TestRegistry checks every rule against the catalog (shared/docs/RULES.md
// when it is there): unique codes, kebab-case names, the documentation's
// sections, and code, name and severity as the catalog's row says.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	for _, r := range Rules {
		if seen[r.Code] {
			t.Errorf("%s registered twice", r.Code)
		}
		seen[r.Code] = true
		if !kebab.MatchString(r.Name) {
			t.Errorf("%s: name %q is not kebab-case", r.Code, r.Name)
		}
		for _, h := range []string{"What it checks", "Why", "Example", "Use instead", "Fix safety", "Options"} {
			if !strings.Contains(r.Doc, "## "+h) {
				t.Errorf("%s: doc lacks the section %q", r.Code, h)
			}
		}
	}
	var codes []string
	for _, r := range Rules {
		codes = append(codes, r.Code)
	}
	if got, want := strings.Join(codes, " "), strings.Join(rules.CatalogCodes(), " "); got != want {
		t.Errorf("registered rules differ from the catalog:\n got  %s\n want %s", got, want)
	}
	catalog, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "shared", "docs", "RULES.md"))
	if err != nil {
		t.Skip("shared/docs/RULES.md not found beside the repository")
	}
	row := regexp.MustCompile(`(?m)^\| (PQC\d{3}) \| ([a-z0-9-]+) \| ([a-z]+)`)
	for _, m := range row.FindAllStringSubmatch(string(catalog), -1) {
		code, name, sev := m[1], m[2], m[3]
		r := ByCode(code)
		if r == nil {
			t.Errorf("%s (%s) of the catalog is not implemented", code, name)
			continue
		}
		if r.Name != name {
			t.Errorf("%s: name %q, catalog says %q", code, r.Name, name)
		}
		if r.Severity.String() != sev {
			t.Errorf("%s: severity %s, catalog says %s", code, r.Severity, sev)
		}
	}
}
