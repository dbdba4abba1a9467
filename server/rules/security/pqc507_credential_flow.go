package security

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/model/flow"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc507_credential_flow.md
var credentialFlowDoc string

// CredentialFlow names, for each use of the current credential, where the
// value is sent.
var CredentialFlow = &rules.Rule{
	Code:     "PQC507",
	Name:     "credential-flow",
	Severity: rules.Information,
	Doc:      credentialFlowDoc,
	Fix:      rules.FixNone,
	Needs:    rules.NeedsFlow,
	Run:      runCredentialFlow,
}

func runCredentialFlow(p *rules.Pass) {
	fs, fl := p.Model.Facts, p.Model.Flow
	if fl == nil {
		return
	}
	for _, call := range fl.Credentials {
		var dests []string
		var rel []rules.Related
		seen := map[string]bool{}
		shown := map[rules.Related]bool{}
		add := func(dest string, path []flow.Step) {
			if seen[dest] {
				return
			}
			seen[dest] = true
			dests = append(dests, dest)
			for _, r := range related(p, path) {
				if !shown[r] {
					shown[r] = true
					rel = append(rel, r)
				}
			}
		}
		for _, r := range fl.Requests {
			for _, u := range r.Credentials {
				if len(u.Path) == 0 || !u.Path[0].Node.Equal(call) {
					continue
				}
				var dest string
				if r.IsWeb {
					dest = inWords(u) + " to " + address(r) + scheme(r) + " by `" + r.Function + "`"
				} else {
					dest = inWords(u) + " of `" + r.Function + "`"
				}
				add(dest, append(append([]flow.Step(nil), u.Path...), flow.Step{File: r.File, Node: r.Node, What: "sent by `" + r.Function + "`"}))
			}
		}
		if fs != nil {
			for _, c := range fs.Diagnostics {
				if !traces(c) || c.Reference || len(c.Args) < 2 {
					continue
				}
				path := fl.Tainted(c.Args[1])
				if len(path) == 0 || !path[0].Node.Equal(call) {
					continue
				}
				add("to the trace log by `"+c.Name+"`", append(append([]flow.Step(nil), path...), flow.Step{File: c.File, Node: c.Node, What: "traced"}))
			}
		}
		var f *rules.Finding
		if len(dests) == 0 {
			what := "the current credential is"
			if acc := call.Parent(); acc.Kind() == syntax.KindFieldAccessExpression && acc.ChildByField(syntax.FieldObject).Equal(call) {
				what = "the current credential's `" + scope.Name(acc.ChildByField(syntax.FieldSelector).ChildByField(syntax.FieldName)) + "` is"
			}
			f = p.ReportNode(call, "%s read here and sent in no request the analysis sees", what)
		} else {
			f = p.ReportNode(call, "the current credential is sent %s", strings.Join(dests, "; "))
		}
		f.Related = rel
	}
}

// scheme says whether a request with a known host goes over https or
// plain http, when that is known.
func scheme(r *flow.Request) string {
	switch {
	case r.Host == "" && r.URLPrefix == "":
		return ""
	case r.HTTPS:
		return " (https)"
	case !r.HTTPNode.IsNull():
		return " (plain http)"
	}
	return ""
}
