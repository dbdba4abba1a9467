package auth

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc109_oauth_handler_arity.md
var oauthHandlerArityDoc string

// OAuthHandlerArity reports OAuth handlers that take a number of
// parameters the engine never calls them with.
var OAuthHandlerArity = &rules.Rule{
	Code:     "PQC109",
	Name:     "oauth-handler-arity",
	Severity: rules.Error,
	Doc:      oauthHandlerArityDoc,
	Needs:    rules.NeedsFacts,
	Run:      runOAuthHandlerArity,
}

// oauthSignature is the two ways the engine calls an OAuth handler: the
// original signature and the advanced one (handling-authentication).
type oauthSignature struct {
	original, advanced []string
}

var oauthSignatures = map[string]oauthSignature{
	"StartLogin":  {[]string{"dataSourcePath", "state", "display"}, []string{"clientApplication", "dataSourcePath", "state", "display"}},
	"FinishLogin": {[]string{"context", "callbackUri", "state"}, []string{"clientApplication", "dataSourcePath", "context", "callbackUri", "state"}},
	"Refresh":     {[]string{"dataSourcePath", "refreshToken"}, []string{"clientApplication", "dataSourcePath", "oldCredential"}},
	"Logout":      {[]string{"accessToken"}, []string{"clientApplication", "dataSourcePath", "accessToken"}},
}

func runOAuthHandlerArity(p *rules.Pass) {
	in, fs := p.Model.Scope, p.Model.Facts
	for _, k := range namedKinds(fs) {
		if k.AuthRecord.IsNull() {
			continue
		}
		for _, afld := range fieldsInOrder(k.AuthRecord) {
			if authAliases[fieldNameText(afld)] != "OAuth" {
				continue
			}
			rec := facts.Deref(in, fieldValue(afld))
			if rec.Kind() != syntax.KindRecordExpression {
				continue
			}
			for _, f := range fieldsInOrder(rec) {
				name := fieldNameText(f)
				sig, ok := oauthSignatures[name]
				if !ok {
					continue
				}
				fn := facts.Deref(in, fieldValue(f))
				if fn.Kind() != syntax.KindFunctionExpression {
					continue
				}
				params, required := functionParams(fn)
				if fits(len(sig.original), required, len(params)) || fits(len(sig.advanced), required, len(params)) {
					continue
				}
				p.ReportNode(fieldName(f), "`%s` takes %s; the engine calls it with %d (%s) or %d (%s)",
					name, countParams(len(params), required),
					len(sig.original), join(sig.original), len(sig.advanced), join(sig.advanced))
			}
		}
	}
}

// fits reports whether a function with required..total parameters can be
// called with n arguments.
func fits(n, required, total int) bool { return required <= n && n <= total }

func join(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += "`" + n + "`"
	}
	return out
}
