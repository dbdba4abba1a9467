package naming

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc205_missing_parameter_documentation.md
var missingParameterDocumentationDoc string

// MissingParameterDocumentation reports parameters of a published data
// source function's documented type without Documentation.FieldCaption.
var MissingParameterDocumentation = &rules.Rule{
	Code:     "PQC205",
	Name:     "missing-parameter-documentation",
	Severity: rules.Information,
	Doc:      missingParameterDocumentationDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts,
	Run:      runMissingParameterDocumentation,
}

func runMissingParameterDocumentation(p *rules.Pass) {
	seen := map[syntax.Node]bool{} // one finding per parameter of a shared type
	for _, ds := range p.Model.Facts.DataSources {
		if ds.PublishAttr == nil || ds.Type.IsNull() {
			continue
		}
		for _, prm := range ds.Params {
			if _, ok := prm.Doc["Documentation.FieldCaption"]; ok || seen[prm.Node] || prm.Node.IsNull() {
				continue
			}
			seen[prm.Node] = true
			f := p.ReportNode(prm.Node, "parameter `%s` of `%s` has no `Documentation.FieldCaption`, so the dialog shows its raw name", prm.Name, ds.Name)
			if fix, ok := captionFix(p, prm); ok {
				f.Fixes = append(f.Fixes, fix)
			}
		}
	}
}

// captionFix adds `Documentation.FieldCaption` to a parameter of a
// function type: into its literal metadata record, or by giving a plain
// type one (`region as text` becomes `region as (type text meta [...])`).
// Metadata held elsewhere (`as RegionType`) is not edited.
func captionFix(p *rules.Pass, prm *facts.Param) (rules.Fix, bool) {
	in := p.Model.Scope
	ty := prm.Node.ChildByField(syntax.FieldType)
	if ty.IsNull() {
		return rules.Fix{}, false
	}
	field := "Documentation.FieldCaption = " + facts.TextLiteral(caption(prm.Name))
	fix := rules.Fix{Title: "Add `Documentation.FieldCaption` to `" + prm.Name + "`", Safety: rules.Safe, Preferred: true}
	inner := ty
	for inner.Kind() == syntax.KindParenthesizedExpression {
		inner = inner.ChildByField(syntax.FieldExpression)
	}
	switch inner.Kind() {
	case syntax.KindMetadataExpression:
		rec := inner.ChildByField(syntax.FieldRight)
		for rec.Kind() == syntax.KindParenthesizedExpression {
			rec = rec.ChildByField(syntax.FieldExpression)
		}
		if rec.Kind() != syntax.KindRecordExpression {
			return rules.Fix{}, false
		}
		fix.Edits = []rules.Edit{insertField(p, rec, field)}
	case syntax.KindPrimitiveType, syntax.KindNullableType, syntax.KindRecordType, syntax.KindListType, syntax.KindTableType, syntax.KindFunctionType:
		fix.Edits = []rules.Edit{p.EditNode(ty, "(type "+ty.Text()+" meta ["+field+"])")}
	case syntax.KindTypeExpression:
		fix.Edits = []rules.Edit{p.EditNode(ty, "("+inner.Text()+" meta ["+field+"])")}
	case syntax.KindIdentifierExpression:
		// Only a library type (Uri.Type) is known to carry no metadata of
		// the connector's own.
		ref := in.RefAt(inner)
		if ref == nil || ref.Def == nil || ref.Def.Kind != scope.Library {
			return rules.Fix{}, false
		}
		fix.Edits = []rules.Edit{p.EditNode(ty, "("+inner.Text()+" meta ["+field+"])")}
	default:
		return rules.Fix{}, false
	}
	return fix, true
}

// insertField inserts a field as the first of a record expression, on its
// own line when the record's fields are.
func insertField(p *rules.Pass, rec syntax.Node, field string) rules.Edit {
	f := rec.File()
	first := rec.ChildByField(syntax.FieldField)
	if first.IsNull() {
		return p.Insert(f, rec.FirstChild().End(), field)
	}
	sep := " "
	if !rules.SameLine(f, rec.FirstChild().End(), first.Start()) {
		sep = rules.LineEnding(f) + rules.IndentAt(f, first.Start())
	}
	return p.Insert(f, first.Start(), field+","+sep)
}
