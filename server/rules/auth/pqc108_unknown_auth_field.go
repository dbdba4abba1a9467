package auth

import (
	_ "embed"
	"slices"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc108_unknown_auth_field.md
var unknownAuthFieldDoc string

// UnknownAuthField reports fields of kind records, Authentication records
// and authentication kind records that the engine does not read.
var UnknownAuthField = &rules.Rule{
	Code:     "PQC108",
	Name:     "unknown-auth-field",
	Severity: rules.Warning,
	Doc:      unknownAuthFieldDoc,
	Needs:    rules.NeedsFacts,
	Run:      runUnknownAuthField,
}

// authHints name the right place of common mistakes.
var authHints = map[string]string{
	"Basic":          "; user name and password authentication is `UsernamePassword`",
	"ApiKey":         "; API key authentication is `Key`",
	"Api":            "; API key authentication is `Key`",
	"OAuth2.0":       "; use `OAuth`",
	"AzureAD":        "; Azure Active Directory authentication is `Aad`",
	"Organizational": "; organizational accounts are `Aad`",
}

// fieldHints name the right field for common misplacements.
var fieldHints = map[string]string{
	"Scope":         " (`Scope` is a field of `Aad`; an OAuth flow sends its scopes from `StartLogin`)",
	"CompleteLogin": " (the handler that exchanges the code is `FinishLogin`)",
	"Logoff":        " (the handler is `Logout`)",
	"SignOut":       " (the handler is `Logout`)",
	"RefreshToken":  " (the handler is `Refresh`)",
}

func runUnknownAuthField(p *rules.Pass) {
	in, fs := p.Model.Scope, p.Model.Facts
	for _, k := range namedKinds(fs) {
		if k.Record.IsNull() {
			continue
		}
		for _, fld := range fieldsInOrder(k.Record) {
			name := fieldNameText(fld)
			if slices.Contains(kindRecordFields, name) || slices.Contains(advancedKindFields, name) {
				continue
			}
			hint := ""
			if slices.Contains(publishFields, name) {
				hint = " (it belongs in the publish record)"
			}
			p.ReportNode(fieldName(fld), "`%s` is not a field of a kind record (known: %s)%s", name, known(kindRecordFields), hint)
		}
		if k.AuthRecord.IsNull() {
			continue
		}
		for _, afld := range fieldsInOrder(k.AuthRecord) {
			name := fieldNameText(afld)
			canon, ok := authAliases[name]
			if !ok {
				if customAuth(in, afld) {
					continue // a custom credential kind declared with Properties
				}
				p.ReportNode(fieldName(afld), "`%s` is not an authentication kind (known: %s)%s", name, documentedKinds, authHints[name])
				continue
			}
			rec := facts.Deref(in, fieldValue(afld))
			if rec.Kind() != syntax.KindRecordExpression {
				continue
			}
			allowed := authFields[canon]
			for _, f := range fieldsInOrder(rec) {
				fname := fieldNameText(f)
				if slices.Contains(allowed, fname) || slices.Contains(advancedAuthFields, fname) {
					continue
				}
				hint := fieldHints[fname]
				if canon == "Aad" && fname == "Scope" {
					hint = ""
				}
				p.ReportNode(fieldName(f), "`%s` is not a field of `%s` authentication (known: %s)%s", fname, name, known(allowed), hint)
			}
		}
	}
}

// publishFields are the fields of a publish record, for the hint that a
// field was put in the kind record by mistake.
var publishFields = []string{"ButtonText", "Category", "Beta", "LearnMoreUrl", "SupportsDirectQuery", "SourceImage", "SourceTypeImage", "NativeQueryProperties"}
