package auth

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc101_missing_data_source_kind.md
var missingDataSourceKindDoc string

// MissingDataSourceKind reports a section document in which no shared
// member carries a DataSource.Kind attribute.
var MissingDataSourceKind = &rules.Rule{
	Code:     "PQC101",
	Name:     "missing-data-source-kind",
	Severity: rules.Error,
	Doc:      missingDataSourceKindDoc,
	Needs:    rules.NeedsFacts,
	Run:      runMissingDataSourceKind,
}

func runMissingDataSourceKind(p *rules.Pass) {
	fs := p.Model.Facts
	if fs.Section.IsNull() {
		return // not a section document: PQC002's finding
	}
	for _, ds := range fs.DataSources {
		if ds.Member.Def.Shared {
			return
		}
	}
	at := fs.SectionNameNode
	if at.IsNull() {
		at = fs.Section.ChildByKind(syntax.KindKwSection)
	}
	if at.IsNull() {
		return
	}
	if len(fs.DataSources) > 0 {
		p.ReportNode(at, "no shared member of section `%s` carries a `DataSource.Kind` attribute: `%s` has one but is not shared, so users cannot call it",
			fs.SectionName, fs.DataSources[0].Name)
		return
	}
	p.ReportNode(at, "section `%s` has no data source function: no shared member carries a `DataSource.Kind` attribute", fs.SectionName)
}
