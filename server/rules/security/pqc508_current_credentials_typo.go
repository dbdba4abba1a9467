package security

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc508_current_credentials_typo.md
var currentCredentialsTypoDoc string

// CurrentCredentialsTypo reports the article's misspelling
// `Extension.CurrentCredentials`, a function that does not exist.
var CurrentCredentialsTypo = &rules.Rule{
	Code:     "PQC508",
	Name:     "current-credentials-typo",
	Severity: rules.Error,
	Doc:      currentCredentialsTypoDoc,
	Fix:      rules.FixAlways,
	Needs:    rules.NeedsScope,
	Run:      runCurrentCredentialsTypo,
}

const (
	misspeltCredential = "Extension.CurrentCredentials"
	currentCredential  = "Extension.CurrentCredential"
)

func runCurrentCredentialsTypo(p *rules.Pass) {
	in := p.Model.Scope
	if in == nil {
		return
	}
	for _, ref := range in.Refs {
		// A connector may define the name itself; then it is no typo.
		if ref.Name != misspeltCredential || ref.Def != nil && ref.Def.IsLocal() {
			continue
		}
		at := ref.NameNode
		if at.IsNull() {
			at = ref.Node
		}
		f := p.ReportNode(at, "`%s` does not exist (the certification article misspells it); the function is `%s`", misspeltCredential, currentCredential)
		f.Fixes = append(f.Fixes, rules.Fix{Title: "Rename to `" + currentCredential + "`", Safety: rules.Safe, Preferred: true,
			Edits: []rules.Edit{p.EditNode(at, currentCredential)}})
	}
}
