package naming

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc204_missing_function_documentation.md
var missingFunctionDocumentationDoc string

// MissingFunctionDocumentation reports published data source functions
// with parameters that have no documented type carrying Documentation.*
// metadata.
var MissingFunctionDocumentation = &rules.Rule{
	Code:     "PQC204",
	Name:     "missing-function-documentation",
	Severity: rules.Error,
	Doc:      missingFunctionDocumentationDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts,
	Run:      runMissingFunctionDocumentation,
}

func runMissingFunctionDocumentation(p *rules.Pass) {
	for _, ds := range p.Model.Facts.DataSources {
		if ds.PublishAttr == nil || len(ds.Params) == 0 {
			continue
		}
		name := ds.Member.Def.NameNode
		switch {
		case !ds.Type.IsNull():
			if !documented(ds) {
				p.ReportNode(name, "the documented type of published `%s` carries no `Documentation.*` metadata (`Documentation.Name`, `Documentation.LongDescription`, field captions …)", ds.Name)
			}
		case ds.ReplaceType.IsNull() && !ds.Function.IsNull():
			f := p.ReportNode(name, "published `%s` has no documented type: wrap it in `Value.ReplaceType` with a `type function` carrying `Documentation.*` metadata", ds.Name)
			if fix, ok := documentFix(p, ds); ok {
				f.Fixes = append(f.Fixes, fix)
			}
		}
		// A Value.ReplaceType whose type pqcert cannot follow is left alone.
	}
}

// documented reports whether a documented type carries Documentation.*
// metadata on the function type or on a parameter.
func documented(ds *facts.DataSource) bool {
	if !ds.TypeMeta.IsNull() {
		for name := range facts.RecordFields(ds.TypeMeta) {
			if strings.HasPrefix(name, "Documentation.") {
				return true
			}
		}
	}
	for _, prm := range ds.Params {
		for name := range prm.Doc {
			if strings.HasPrefix(name, "Documentation.") {
				return true
			}
		}
	}
	return false
}

// documentFix wraps the member's value in Value.ReplaceType with a type
// built from the implementation's parameters: the same types (so calls
// behave as before), a caption per parameter from its name, and
// Documentation.Name from the function's name.
func documentFix(p *rules.Pass, ds *facts.DataSource) (rules.Fix, bool) {
	d := ds.Member.Def
	v := d.Value
	if v.IsNull() || d.File == nil {
		return rules.Fix{}, false
	}
	f := d.File
	nl := rules.LineEnding(f)
	ind := rules.IndentAt(f, d.Node.Start())
	var params []string
	for _, prm := range ds.Params {
		nameNode := prm.Node.ChildByField(syntax.FieldName)
		if nameNode.IsNull() {
			return rules.Fix{}, false
		}
		t := strings.TrimSpace(prm.Type)
		if t == "" {
			t = "any"
		}
		s := ind + "        "
		if prm.Optional {
			s += "optional "
		}
		s += nameNode.Text() + " as (type " + t + " meta [Documentation.FieldCaption = " + facts.TextLiteral(caption(prm.Name)) + "])"
		params = append(params, s)
	}
	returns := strings.TrimSpace(ds.Returns)
	if returns == "" {
		returns = "any"
	}
	suffix := "," + nl +
		ind + "    type function (" + nl +
		strings.Join(params, ","+nl) + ")" + nl +
		ind + "        as " + returns + " meta [Documentation.Name = " + facts.TextLiteral(ds.Name) + "])"
	return rules.Fix{
		Title:     "Wrap `" + ds.Name + "` in `Value.ReplaceType` with a documented type",
		Safety:    rules.Safe,
		Preferred: true,
		Edits: []rules.Edit{
			p.Insert(f, v.Start(), "Value.ReplaceType("),
			p.Insert(f, v.End(), suffix),
		},
	}, true
}
