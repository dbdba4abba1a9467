package resources

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/resx"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc404_unused_resource_key.md
var unusedResourceKeyDoc string

// UnusedResourceKey reports resources.resx keys that the connector never loads.
var UnusedResourceKey = &rules.Rule{
	Code:     "PQC404",
	Name:     "unused-resource-key",
	Severity: rules.Information,
	Doc:      unusedResourceKeyDoc,
	Fix:      rules.FixAlways,
	Needs:    rules.NeedsFacts | rules.NeedsFiles,
	Run:      runUnusedResourceKey,
}

func runUnusedResourceKey(p *rules.Pass) {
	c := p.Model.Connector
	if c.Resx == nil || c.Resx.Parsed == nil || c.Resx.Parsed.Err != nil {
		return
	}
	keys := loadedKeys(p.Model)
	if keys.dynamic {
		return // some key is computed: any entry may be the one
	}
	for _, e := range c.Resx.Parsed.Entries {
		// Non-string resources (images) are not read with Extension.LoadString.
		if e.Type != "" || e.MimeType != "" || keys.used(e.Name) {
			continue
		}
		f := p.ReportFile(c.Resx.Path, document.Span{Start: e.NameSpan.Start, End: e.NameSpan.End},
			"resource key `%s` is not loaded anywhere in the connector", e.Name)
		ed := resx.RemoveEntryEdit(c.Resx.Text, e)
		f.Fixes = append(f.Fixes, rules.Fix{Title: "Remove `" + e.Name + "` from resources.resx", Safety: rules.Unsafe, Preferred: true,
			Edits: []rules.Edit{{File: c.Resx.Path, Start: ed.Start, End: ed.End, NewText: ed.NewText}}})
	}
}
