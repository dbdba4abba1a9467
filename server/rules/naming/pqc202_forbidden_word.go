package naming

import (
	_ "embed"
	"path/filepath"
	"strings"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc202_forbidden_word.md
var forbiddenWordDoc string

// ForbiddenWord reports section, kind, data source function and .mez names
// that contain a word the certification article forbids: Fabric, Power BI,
// Connector or API.
var ForbiddenWord = &rules.Rule{
	Code:     "PQC202",
	Name:     "forbidden-word",
	Severity: rules.Warning,
	Doc:      forbiddenWordDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts | rules.NeedsFiles,
	Run:      runForbiddenWord,
}

// withoutWords removes the forbidden words from a name and tidies the
// separators left behind ("FourthCoffeePowerBI" becomes "FourthCoffee",
// "My_API_Data" "My_Data"). It returns "" when nothing sensible is left:
// an empty name or an empty dotted part ("Api.Contents").
func withoutWords(name string, hits []rules.ForbiddenWord) string {
	var b strings.Builder
	last := 0
	for _, h := range hits {
		b.WriteString(name[last:h.Start])
		last = h.End
	}
	b.WriteString(name[last:])
	parts := strings.Split(b.String(), ".")
	for i, part := range parts {
		for strings.Contains(part, "__") {
			part = strings.ReplaceAll(part, "__", "_")
		}
		for strings.Contains(part, "--") {
			part = strings.ReplaceAll(part, "--", "-")
		}
		part = strings.Trim(part, "_- ")
		if part == "" {
			return ""
		}
		parts[i] = part
	}
	return strings.Join(parts, ".")
}

const forbiddenWhy = "; names of certified connectors must not contain Fabric, Power BI, Connector or API"

func runForbiddenWord(p *rules.Pass) {
	in, fs := p.Model.Scope, p.Model.Facts
	checked := map[string]bool{}

	// The section name is the product's name.
	if !fs.SectionNameNode.IsNull() {
		checked[fs.SectionName] = true
		if hits := rules.ForbiddenWords(fs.SectionName); len(hits) > 0 {
			f := p.ReportNode(fs.SectionNameNode, "the section name `%s` contains %s%s", fs.SectionName, rules.DescribeForbiddenWords(hits), forbiddenWhy)
			if n := withoutWords(fs.SectionName, hits); n != "" {
				e := newEdits(p)
				e.renameSection(n)
				f.Fixes = append(f.Fixes, rules.Fix{Title: "Rename the section to `" + n + "`", Safety: rules.Unsafe, Edits: e.list})
			}
		}
	}

	// Kinds, once each; a kind named like the section was judged with it.
	for _, k := range fs.Kinds {
		if k.Name == "" || checked[k.Name] || len(k.DataSources) == 0 {
			continue
		}
		checked[k.Name] = true
		hits := rules.ForbiddenWords(k.Name)
		if len(hits) == 0 {
			continue
		}
		f := p.ReportNode(k.DataSources[0].KindAttr.Value, "the data source kind `%s` contains %s%s", k.Name, rules.DescribeForbiddenWords(hits), forbiddenWhy)
		if n := withoutWords(k.Name, hits); n != "" {
			e := newEdits(p)
			if e.renameKind(k, n) {
				f.Fixes = append(f.Fixes, rules.Fix{Title: "Rename the kind to `" + n + "` everywhere", Safety: rules.Unsafe, Edits: e.list})
			}
		}
	}

	// Function names: only the part after `Kind.`, whose prefix was judged
	// with the kind.
	for _, ds := range fs.DataSources {
		name, prefix := ds.Name, ""
		if ds.Kind != "" && hasKindPrefix(name, ds.Kind) {
			prefix, name = ds.Kind+".", strings.TrimPrefix(name, ds.Kind+".")
		}
		hits := rules.ForbiddenWords(name)
		if len(hits) == 0 {
			continue
		}
		f := p.ReportNode(ds.Member.Def.NameNode, "the data source function name `%s` contains %s%s", ds.Name, rules.DescribeForbiddenWords(hits), forbiddenWhy)
		if n := withoutWords(name, hits); n != "" && in.Member(prefix+n) == nil {
			e := newEdits(p)
			e.renameMember(ds.Member.Def, prefix+n)
			f.Fixes = append(f.Fixes, rules.Fix{Title: "Rename to `" + prefix + n + "` everywhere", Safety: rules.Unsafe, Edits: e.list})
		}
	}

	// The built .mez is named after the product; one named like the
	// section or a kind was judged with it.
	for _, mez := range p.Model.Connector.Mez {
		base := strings.TrimSuffix(filepath.Base(mez), filepath.Ext(mez))
		if checked[base] {
			continue
		}
		checked[base] = true
		if hits := rules.ForbiddenWords(base); len(hits) > 0 {
			p.ReportFile(mez, document.Span{}, "the package name `%s` contains %s%s", filepath.Base(mez), rules.DescribeForbiddenWords(hits), forbiddenWhy)
		}
	}
}
