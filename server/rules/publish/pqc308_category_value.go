package publish

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc308_category_value.md
var categoryValueDoc string

// CategoryValue reports a Category that is not one of the Get Data
// categories as spelled.
var CategoryValue = &rules.Rule{
	Code:     "PQC308",
	Name:     "category-value",
	Severity: rules.Information,
	Doc:      categoryValueDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts,
	Run:      runCategoryValue,
}

// categories are the Get Data categories a publish record can name.
var categories = []string{"Azure", "Database", "File", "Online Services", "Other", "Power Platform", "Microsoft Fabric", "Fabric"}

// categoryKey folds a category for comparison: case, spaces, hyphens and a
// plural s do not matter.
func categoryKey(s string) string {
	s = strings.ToLower(strings.NewReplacer(" ", "", "-", "", "_", "", "\t", "").Replace(s))
	return strings.TrimSuffix(s, "s")
}

func runCategoryValue(p *rules.Pass) {
	done := map[syntax.Node]bool{}
	for _, pub := range publishes(p) {
		lit, fld := fieldValue(p.Model.Scope, pub.Record, "Category")
		if lit.Kind() != syntax.KindTextLiteral || done[lit] || rules.InError(lit) {
			continue
		}
		done[lit] = true
		val := facts.TextValue(lit)
		documented, right := canonicalCategory(val)
		if documented {
			continue
		}
		if right != "" {
			f := p.ReportNode(fld, "`Category = %s` is not spelled as documented: Get Data shows it under Other, not under `%s`", facts.TextLiteral(val), right)
			f.Fixes = append(f.Fixes, rules.Fix{Title: "Write `" + facts.TextLiteral(right) + "`", Safety: rules.Safe, Preferred: true,
				Edits: []rules.Edit{p.EditNode(lit, facts.TextLiteral(right))}})
			continue
		}
		p.ReportNode(fld, "`Category = %s` is not a Get Data category (%s); Get Data shows it under Other", facts.TextLiteral(val), strings.Join(categories[:6], ", "))
	}
}

// canonicalCategory reports whether val is a documented category, and
// otherwise the documented category it misspells ("" when none).
func canonicalCategory(val string) (documented bool, right string) {
	for _, c := range categories {
		if c == val {
			return true, ""
		}
		if categoryKey(c) == categoryKey(val) {
			right = c
		}
	}
	return false, right
}
