package security

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/model/flow"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc509_https_user_url.md
var httpsUserURLDoc string

// HTTPSUserURL reports requests to URLs that users type, without an https
// check first.
var HTTPSUserURL = &rules.Rule{
	Code:     "PQC509",
	Name:     "https-user-url",
	Severity: rules.Error,
	Doc:      httpsUserURLDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFlow,
	Run:      runHTTPSUserURL,
}

func runHTTPSUserURL(p *rules.Pass) {
	fl := p.Model.Flow
	if fl == nil {
		return
	}
	// One finding per request, naming every parameter that reaches it.
	type entry struct {
		names []string
		rel   []rules.Related
	}
	byReq := map[*flow.Request]*entry{}
	var order []*flow.Request
	for _, u := range fl.UserURLs {
		if u.Checked {
			continue
		}
		for i, r := range u.Requests {
			if r.HTTPS {
				continue
			}
			e := byReq[r]
			if e == nil {
				e = &entry{}
				byReq[r] = e
				order = append(order, r)
			}
			e.names = append(e.names, "`"+u.Name+"` of `"+u.DataSource.Name+"`")
			if i < len(u.Paths) {
				e.rel = append(e.rel, related(p, u.Paths[i])...)
			}
		}
	}
	for _, r := range order {
		e := byReq[r]
		param := "the parameter "
		if len(e.names) > 1 {
			param = "the parameters "
		}
		creds := ""
		if r.Credentialed {
			creds = "; the request carries credentials"
		}
		f := p.ReportNode(r.Node, "the URL of `%s` comes from %s%s, which users type, and is not checked to be https first%s", r.Function, param, strings.Join(e.names, " and "), creds)
		f.Related = e.rel
		if fx, ok := schemeCheck(p, r, "Check the URL's scheme with `ValidateUrlScheme`"); ok {
			f.Fixes = append(f.Fixes, fx)
		}
	}
}
