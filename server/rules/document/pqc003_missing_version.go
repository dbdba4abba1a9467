package document

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc003_missing_version.md
var missingVersionDoc string

// MissingVersion reports a section document without a Version attribute.
var MissingVersion = &rules.Rule{
	Code:     "PQC003",
	Name:     "missing-version",
	Severity: rules.Error,
	Doc:      missingVersionDoc,
	Fix:      rules.FixAlways,
	Needs:    rules.NeedsFacts,
	Run: func(p *rules.Pass) {
		fs := p.Model.Facts
		if fs.Section.IsNull() || fs.Version != nil {
			return
		}
		sec := fs.Section
		kw := sec.ChildByKind(syntax.KindKwSection)
		if kw.IsNull() {
			return
		}
		name := fs.SectionName
		if name == "" {
			name = "section"
		}
		f := p.ReportNode(kw, "section `%s` has no `[Version = \"x.y.z\"]` attribute", name)
		fix := rules.Fix{Title: "Insert `[Version = \"1.0.0\"]`", Safety: rules.Safe, Preferred: true}
		if attrs := sec.ChildByField(syntax.FieldAttributes); !attrs.IsNull() {
			open := attrs.FirstChild()
			text := "Version = \"1.0.0\""
			if !attrs.ChildByField(syntax.FieldField).IsNull() {
				text += ", "
			}
			fix.Edits = append(fix.Edits, p.Insert(sec.File(), open.End(), text))
		} else {
			fix.Edits = append(fix.Edits, p.Insert(sec.File(), kw.Start(), "[Version = \"1.0.0\"]"+rules.LineEnding(sec.File())))
		}
		f.Fixes = append(f.Fixes, fix)
	},
}
