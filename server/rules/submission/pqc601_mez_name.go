package submission

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc601_mez_name.md
var mezNameDoc string

// MezName reports a built .mez not named after the product (the section
// name), or whose name holds a word the article rules out.
var MezName = &rules.Rule{
	Code:     "PQC601",
	Name:     "mez-name",
	Severity: rules.Error,
	Doc:      mezNameDoc,
	Needs:    rules.NeedsFacts | rules.NeedsFiles,
	Run:      runMezName,
}

func runMezName(p *rules.Pass) {
	fs := p.Model.Facts
	if sectionAnchor(p).IsNull() || fs.SectionName == "" {
		return
	}
	for _, path := range p.Model.Connector.Mez {
		file := filepath.Base(path)
		base := strings.TrimSuffix(file, filepath.Ext(file))
		var problems []string
		// Windows file names ignore case, so a case-only difference is no
		// other name.
		if !strings.EqualFold(base, fs.SectionName) {
			problems = append(problems, fmt.Sprintf("is not named after the product: name it `%s.mez`, after section `%s`", fs.SectionName, fs.SectionName))
		}
		if bad := rules.ForbiddenWords(base); len(bad) > 0 {
			problems = append(problems, fmt.Sprintf("holds %s, which the certification article rules out in connector names", rules.DescribeForbiddenWords(bad)))
		}
		if len(problems) == 0 {
			continue
		}
		p.ReportFile(path, document.Span{}, "`%s` %s", file, strings.Join(problems, "; it also "))
	}
}
