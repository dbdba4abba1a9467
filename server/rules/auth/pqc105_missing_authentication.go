package auth

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc105_missing_authentication.md
var missingAuthenticationDoc string

// MissingAuthentication reports a kind record without an Authentication
// record naming at least one authentication kind, and OAuth or Aad records
// without the fields the engine requires.
var MissingAuthentication = &rules.Rule{
	Code:     "PQC105",
	Name:     "missing-authentication",
	Severity: rules.Error,
	Doc:      missingAuthenticationDoc,
	Needs:    rules.NeedsFacts,
	Run:      runMissingAuthentication,
}

func runMissingAuthentication(p *rules.Pass) {
	in, fs := p.Model.Scope, p.Model.Facts
	for _, k := range namedKinds(fs) {
		if k.Record.IsNull() || k.Member == nil {
			continue
		}
		fld, ok := k.Fields["Authentication"]
		if !ok {
			p.ReportNode(k.Member.Def.NameNode, "kind record `%s` has no `Authentication` record; it needs at least one authentication kind (%s)", k.Name, documentedKinds)
			continue
		}
		if k.AuthRecord.IsNull() {
			if v := facts.Deref(in, fieldValue(fld)); isLiteral(v) {
				p.ReportNode(fieldName(fld), "`Authentication` of `%s` is %s, not a record of authentication kinds", k.Name, literalKind(v))
			}
			continue
		}
		if len(k.Auth) == 0 {
			p.ReportNode(fieldName(fld), "`Authentication` of `%s` declares no authentication kind (%s)", k.Name, documentedKinds)
			continue
		}
		anyKnown := false
		for name := range k.Auth {
			if _, ok := authAliases[name]; ok || customAuth(in, k.Auth[name]) {
				anyKnown = true
			}
		}
		if !anyKnown {
			p.ReportNode(fieldName(fld), "`Authentication` of `%s` declares no known authentication kind (%s)", k.Name, documentedKinds)
			continue
		}
		for _, afld := range fieldsInOrder(k.AuthRecord) {
			name := fieldNameText(afld)
			canon := authAliases[name]
			if canon != "OAuth" && canon != "Aad" {
				continue
			}
			rec := facts.Deref(in, fieldValue(afld))
			if rec.Kind() != syntax.KindRecordExpression {
				if isLiteral(rec) {
					p.ReportNode(fieldName(afld), "`%s` of `%s` is %s; it must be a record of handlers", name, k.Name, literalKind(rec))
				}
				continue
			}
			fields := facts.RecordFields(rec)
			var missing []string
			if canon == "OAuth" {
				for _, req := range []string{"StartLogin", "FinishLogin"} {
					if _, ok := fields[req]; !ok {
						missing = append(missing, "`"+req+"`")
					}
				}
				if len(missing) > 0 {
					p.ReportNode(fieldName(afld), "`%s` of `%s` has no %s; the engine requires `StartLogin` and `FinishLogin`", name, k.Name, strings.Join(missing, " and "))
				}
				continue
			}
			if _, ok := fields["AuthorizationUri"]; !ok {
				p.ReportNode(fieldName(afld), "`%s` of `%s` has no `AuthorizationUri` (the Azure AD authorization endpoint, or a function of the data source path that returns it)", name, k.Name)
			}
			_, hasResource := fields["Resource"]
			_, hasScope := fields["Scope"]
			if !hasResource && !hasScope {
				if ds := reference(k); ds != nil && !singleUri(ds.RequiredPath()) {
					p.ReportNode(fieldName(afld), "`%s` of `%s` has no `Resource`; only a data source function with a single `Uri.Type` parameter can leave it out (`%s` takes %s)", name, k.Name, ds.Name, paramList(ds.RequiredPath()))
				}
			}
		}
	}
}

// customAuth reports whether an authentication entry the engine does not
// know by name declares `Properties`, which the engine accepts as a custom
// credential kind.
func customAuth(in *scope.Info, fld syntax.Node) bool {
	rec := facts.Deref(in, fieldValue(fld))
	if rec.Kind() != syntax.KindRecordExpression {
		return false
	}
	_, ok := facts.RecordFields(rec)["Properties"]
	return ok
}
