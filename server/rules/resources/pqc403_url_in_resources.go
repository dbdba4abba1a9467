package resources

import (
	_ "embed"
	"regexp"
	"strings"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/resx"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc403_url_in_resources.md
var urlInResourcesDoc string

// URLInResources reports resource values the connector uses that are URLs
// or host names.
var URLInResources = &rules.Rule{
	Code:     "PQC403",
	Name:     "url-in-resources",
	Severity: rules.Warning,
	Doc:      urlInResourcesDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts | rules.NeedsFiles,
	Run:      runURLInResources,
}

var (
	urlRE = regexp.MustCompile(`^(?i:https?|ftps?|wss?)://[^\s"<>]+$`)
	// hostRE matches a lower-case host name, maybe with a port and path.
	// Its last label must be a common top-level domain, so that dotted M
	// names such as `Contoso.Contents` are not taken for hosts.
	hostRE = regexp.MustCompile(`^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|net|org|io|ai|co|dev|app|cloud|biz|info|edu|gov|[a-z]{2})(?::\d+)?(?:/[^\s]*)?$`)
)

// isAddress reports a value that is a whole URL or host name.
func isAddress(v string) bool {
	v = strings.TrimSpace(v)
	return urlRE.MatchString(v) || hostRE.MatchString(v)
}

func runURLInResources(p *rules.Pass) {
	c := p.Model.Connector
	if c.Resx == nil || c.Resx.Parsed == nil || c.Resx.Parsed.Err != nil {
		return
	}
	keys := loadedKeys(p.Model)
	for _, e := range c.Resx.Parsed.Entries {
		if e.Type != "" || !isAddress(e.Value) {
			continue
		}
		var calls []keyUse
		for _, u := range keys.uses {
			if u.Key == e.Name {
				calls = append(calls, u)
			}
		}
		if len(calls) == 0 {
			continue // unused: PQC404's business
		}
		f := p.ReportFile(c.Resx.Path, document.Span{Start: e.NameSpan.Start, End: e.NameSpan.End},
			"resource `%s` holds the address %s: URLs and host names belong in the connector code, not in resources.resx", e.Name, facts.TextLiteral(strings.TrimSpace(e.Value)))
		fix := rules.Fix{Title: "Write the address into the code and remove `" + e.Name + "`", Safety: rules.Unsafe, Preferred: true}
		for _, u := range calls {
			fix.Edits = append(fix.Edits, p.EditNode(u.Call, facts.TextLiteral(strings.TrimSpace(e.Value))))
		}
		for _, dup := range c.Resx.Parsed.Entries {
			if dup.Name == e.Name {
				ed := resx.RemoveEntryEdit(c.Resx.Text, dup)
				fix.Edits = append(fix.Edits, rules.Edit{File: c.Resx.Path, Start: ed.Start, End: ed.End, NewText: ed.NewText})
			}
		}
		f.Fixes = append(f.Fixes, fix)
	}
}
