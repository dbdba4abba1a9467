package security

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/flow"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc501_credentials_over_http.md
var credentialsOverHTTPDoc string

// CredentialsOverHTTP reports requests that carry credentials to an http
// address.
var CredentialsOverHTTP = &rules.Rule{
	Code:     "PQC501",
	Name:     "credentials-over-http",
	Severity: rules.Error,
	Doc:      credentialsOverHTTPDoc,
	Fix:      rules.FixAlways,
	Needs:    rules.NeedsFlow,
	Run:      runCredentialsOverHTTP,
}

func runCredentialsOverHTTP(p *rules.Pass) {
	fl := p.Model.Flow
	if fl == nil {
		return
	}
	// A user URL without a check is PQC509's, credentials or not.
	userURL := map[*flow.Request]bool{}
	for _, u := range fl.UserURLs {
		for _, r := range u.Requests {
			if !r.HTTPS {
				userURL[r] = true
			}
		}
	}
	for _, r := range fl.Requests {
		if !r.IsWeb || !r.Credentialed || r.HTTPS || r.URL.IsNull() || userURL[r] {
			continue
		}
		// Only an address shown to be http is reported: one the analysis
		// cannot follow (a next-page link the server returned) is not.
		lit := r.HTTPNode
		if lit.IsNull() {
			continue
		}
		url := facts.TextValue(lit)
		f := p.ReportNode(r.Node, "`%s` sends %s to `%s` over plain http", r.Function, whatCredentials(p, r), url)
		for _, u := range r.Credentials {
			f.Related = append(f.Related, related(p, u.Path)...)
		}
		if !lit.Equal(r.URL) {
			f.Related = append(f.Related, relatedAt(p, lit, "the http address"))
		}
		f.Fixes = append(f.Fixes, rules.Fix{Title: "Use `https://`", Safety: rules.Safe, Preferred: true,
			Edits: []rules.Edit{{File: p.Model.PathOf(lit.File()), Start: lit.Start() + 1, End: lit.Start() + 1 + len("http://"),
				NewText: "https://"}}})
		if fx, ok := schemeCheck(p, r, "Check the URL's scheme before the request"); ok {
			f.Fixes = append(f.Fixes, fx)
		}
	}
}

// whatCredentials says which credentials a request carries: the values
// derived from the current credential, or the ones the engine adds.
func whatCredentials(p *rules.Pass, r *flow.Request) string {
	if len(r.Credentials) > 0 {
		var where []string
		seen := map[string]bool{}
		for _, u := range r.Credentials {
			w := inWords(u)
			if !seen[w] {
				seen[w] = true
				where = append(where, w)
			}
		}
		return "the current credential (" + strings.Join(where, ", ") + ")"
	}
	kind := ""
	if r.DataSource != nil {
		kind = r.DataSource.Kind
	}
	var auth []string
	if k := p.Model.Facts.Kind(kind); k != nil {
		for _, a := range k.AuthKinds {
			if a.Name != "Anonymous" && a.Name != "Implicit" {
				auth = append(auth, a.Name)
			}
		}
	}
	if kind == "" {
		return "the data source's credentials (added by the engine)"
	}
	return "the credentials of `" + kind + "` (" + strings.Join(append(auth, "added by the engine"), ", ") + ")"
}
