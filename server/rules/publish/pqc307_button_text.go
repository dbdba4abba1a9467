package publish

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc307_button_text.md
var buttonTextDoc string

// ButtonText reports a ButtonText that is not a list of one or two texts.
var ButtonText = &rules.Rule{
	Code:     "PQC307",
	Name:     "button-text",
	Severity: rules.Warning,
	Doc:      buttonTextDoc,
	Fix:      rules.FixNone,
	Needs:    rules.NeedsFacts,
	Run:      runButtonText,
}

func runButtonText(p *rules.Pass) {
	in := p.Model.Scope
	for _, pub := range publishes(p) {
		val, fld := fieldValue(in, pub.Record, "ButtonText")
		if fld.IsNull() || rules.InError(fld) {
			continue
		}
		switch {
		case val.Kind() == syntax.KindListExpression:
			its := items(val)
			if len(its) < 1 || len(its) > 2 {
				p.ReportNode(fld, "`ButtonText` of `%s` has %d items; it takes one or two texts: the name and an optional tooltip", pub.Name, len(its))
			}
			for _, it := range its {
				if v := facts.Deref(in, it); isLiteral(v) && v.Kind() != syntax.KindTextLiteral {
					p.ReportNode(it, "an item of `ButtonText` is not a text")
				}
			}
		case isText(p, val):
			p.ReportNode(fld, "`ButtonText` of `%s` is a text; it takes a list of one or two texts: `{name, tooltip}`", pub.Name)
		case isLiteral(val):
			p.ReportNode(fld, "`ButtonText` of `%s` is not a list of texts; it takes `{name, tooltip}`", pub.Name)
		}
	}
}

// isText reports expressions that are certainly a text: text literals and
// calls of Extension.LoadString and of Text.* functions that return text.
func isText(p *rules.Pass, n syntax.Node) bool {
	switch n.Kind() {
	case syntax.KindTextLiteral:
		return true
	case syntax.KindInvocationExpression:
		c := calleeOf(p.Model, n)
		if !c.Library {
			return false
		}
		switch c.Name {
		case "Extension.LoadString", "Text.Combine", "Text.Format", "Text.Upper", "Text.Lower", "Text.Proper", "Text.Trim":
			return true
		}
		return strings.HasPrefix(c.Name, "Text.From")
	}
	return false
}
