package document

import (
	_ "embed"
	"regexp"
	"strings"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc004_invalid_version.md
var invalidVersionDoc string

var (
	versionRE     = regexp.MustCompile(`^\d+\.\d+\.\d+$`)
	completableRE = regexp.MustCompile(`^\d+(\.\d+)?$`)
)

// InvalidVersion reports a Version attribute that is not major.minor.patch.
var InvalidVersion = &rules.Rule{
	Code:     "PQC004",
	Name:     "invalid-version",
	Severity: rules.Error,
	Doc:      invalidVersionDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts,
	Run: func(p *rules.Pass) {
		v := p.Model.Facts.Version
		if v == nil || v.Value.IsNull() {
			return
		}
		if !v.IsText {
			if v.Value.Kind() == syntax.KindNumberLiteral {
				f := p.ReportNode(v.Value, "Version is the number %s; it must be text of the form \"major.minor.patch\"", v.Value.Text())
				if completableRE.MatchString(v.Value.Text()) {
					f.Fixes = append(f.Fixes, rules.Fix{Title: "Write the version as text", Safety: rules.Safe, Preferred: true,
						Edits: []rules.Edit{p.EditNode(v.Value, `"`+complete(v.Value.Text())+`"`)}})
				}
				return
			}
			p.ReportNode(v.Value, "Version must be text of the form \"major.minor.patch\"")
			return
		}
		if versionRE.MatchString(v.Text) {
			return
		}
		f := p.ReportNode(v.Value, "Version %q is not of the form \"major.minor.patch\" (numbers only)", v.Text)
		if completableRE.MatchString(strings.TrimSpace(v.Text)) {
			c := complete(strings.TrimSpace(v.Text))
			f.Fixes = append(f.Fixes, rules.Fix{Title: "Complete the version to \"" + c + "\"", Safety: rules.Safe, Preferred: true,
				Edits: []rules.Edit{p.EditNode(v.Value, `"`+c+`"`)}})
		}
	},
}

// complete pads "1" or "1.2" to three parts.
func complete(v string) string {
	for strings.Count(v, ".") < 2 {
		v += ".0"
	}
	return v
}
