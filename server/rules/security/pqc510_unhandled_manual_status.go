package security

import (
	_ "embed"
	"strconv"
	"strings"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc510_unhandled_manual_status.md
var unhandledManualStatusDoc string

// UnhandledManualStatus reports requests that take 401 or 403 over from
// the engine and then neither read the status nor raise a credential
// error.
var UnhandledManualStatus = &rules.Rule{
	Code:     "PQC510",
	Name:     "unhandled-manual-status",
	Severity: rules.Information,
	Doc:      unhandledManualStatusDoc,
	Fix:      rules.FixNone,
	Needs:    rules.NeedsFlow,
	Run:      runUnhandledManualStatus,
}

func runUnhandledManualStatus(p *rules.Pass) {
	fl := p.Model.Flow
	if fl == nil {
		return
	}
	done := map[syntax.Node]bool{}
	for _, r := range fl.Requests {
		var auth []string
		for _, code := range r.ManualStatus {
			if code == 401 || code == 403 {
				auth = append(auth, strconv.Itoa(code))
			}
		}
		if len(auth) == 0 || r.StatusRead || r.CredentialError {
			continue
		}
		at := r.ManualStatusNode
		if fld, ok := r.OptionFields.Get("ManualStatusHandling"); ok {
			at = fld.ChildByField(syntax.FieldName)
		}
		if at.IsNull() || done[at] {
			continue
		}
		done[at] = true
		f := p.ReportNode(at, "`ManualStatusHandling` takes %s over from the engine, but the response status is never read and no `Extension.CredentialError` is raised: users whose credentials fail get no sign-in prompt", strings.Join(auth, " and "))
		f.Related = append(f.Related, relatedAt(p, r.Node, "the request"))
	}
}
