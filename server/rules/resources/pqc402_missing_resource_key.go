package resources

import (
	_ "embed"
	"strconv"

	"github.com/pqcert/pqcert/server/resx"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc402_missing_resource_key.md
var missingResourceKeyDoc string

// MissingResourceKey reports Extension.LoadString keys that resources.resx
// does not define.
var MissingResourceKey = &rules.Rule{
	Code:     "PQC402",
	Name:     "missing-resource-key",
	Severity: rules.Error,
	Doc:      missingResourceKeyDoc,
	Fix:      rules.FixAlways,
	Needs:    rules.NeedsFacts | rules.NeedsFiles,
	Run:      runMissingResourceKey,
}

func runMissingResourceKey(p *rules.Pass) {
	c := p.Model.Connector
	if c.Resx != nil && (c.Resx.Parsed == nil || c.Resx.Parsed.Err != nil) {
		return // PQC405: no key of a broken file can be trusted
	}
	defined := func(key string) bool {
		if c.Resx == nil {
			return false
		}
		_, ok := c.Resx.Parsed.Lookup(key)
		return ok
	}
	keys := loadedKeys(p.Model)
	var missing []keyUse
	var names []string
	seen := map[string]bool{}
	for _, u := range keys.uses {
		if defined(u.Key) || rules.InError(u.Call) {
			continue
		}
		missing = append(missing, u)
		if !seen[u.Key] {
			seen[u.Key] = true
			names = append(names, u.Key)
		}
	}
	if len(missing) == 0 {
		return
	}
	// One fix that adds every missing key comes first, so that `check --fix`
	// adds them all at once: separate additions would all insert at the same
	// place of the file and be applied one per round.
	var all []resx.NewEntry
	for _, n := range names {
		all = append(all, resx.NewEntry{Name: n, Value: n})
	}
	allEdit, allErr := addEntries(c, all)
	for _, u := range missing {
		var f *rules.Finding
		if c.Resx == nil {
			f = p.ReportNode(u.Call, "`%s` is loaded, but the connector has no resources.resx", u.Key)
		} else {
			f = p.ReportNode(u.Call, "resources.resx has no key `%s`", u.Key)
		}
		if allErr == nil && len(names) > 1 {
			f.Fixes = append(f.Fixes, rules.Fix{Title: "Add the " + strconv.Itoa(len(names)) + " missing keys to resources.resx", Safety: rules.Safe, Edits: []rules.Edit{allEdit}})
		}
		if ed, err := addEntries(c, []resx.NewEntry{{Name: u.Key, Value: u.Key}}); err == nil {
			f.Fixes = append(f.Fixes, rules.Fix{Title: "Add `" + u.Key + "` to resources.resx", Safety: rules.Safe, Preferred: true, Edits: []rules.Edit{ed}})
		}
	}
}
