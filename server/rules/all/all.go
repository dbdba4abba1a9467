// Package all lists every rule of pqcert. It is the only package that
// imports all rule families; the engine and its callers take Rules from here.
package all

import (
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/auth"
	"github.com/pqcert/pqcert/server/rules/document"
	"github.com/pqcert/pqcert/server/rules/general"
	"github.com/pqcert/pqcert/server/rules/naming"
	"github.com/pqcert/pqcert/server/rules/publish"
	"github.com/pqcert/pqcert/server/rules/resources"
	"github.com/pqcert/pqcert/server/rules/security"
	"github.com/pqcert/pqcert/server/rules/submission"
)

// Rules are all rules, ordered by code.
var Rules = sorted(
	[]*rules.Rule{rules.InvalidSuppression},
	auth.Rules,
	document.Rules,
	general.Rules,
	naming.Rules,
	publish.Rules,
	resources.Rules,
	security.Rules,
	submission.Rules,
)

func sorted(families ...[]*rules.Rule) []*rules.Rule {
	var out []*rules.Rule
	for _, f := range families {
		out = append(out, f...)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Code < out[j-1].Code; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// ByCode returns the rule with the code, or nil.
func ByCode(code string) *rules.Rule {
	for _, r := range Rules {
		if r.Code == code {
			return r
		}
	}
	if code == rules.InternalError.Code {
		return rules.InternalError
	}
	return nil
}
