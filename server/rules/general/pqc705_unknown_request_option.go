package general

import (
	_ "embed"
	"sort"
	"strings"

	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc705_unknown_request_option.md
var unknownRequestOptionDoc string

// UnknownRequestOption reports fields of Web.Contents options that the
// engine rejects.
var UnknownRequestOption = &rules.Rule{
	Code:     "PQC705",
	Name:     "unknown-request-option",
	Severity: rules.Warning,
	Doc:      unknownRequestOptionDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsScope,
	Run:      runUnknownRequestOption,
}

// webContentsOptions are the option fields Web.Contents accepts: the
// library's list plus the two options only connectors may use.
func webContentsOptions() map[string]bool {
	known := map[string]bool{"ManualCredentials": true, "CredentialQuery": true}
	if sym := mlib.Lookup("Web.Contents"); sym != nil {
		for _, prm := range sym.Parameters {
			for _, f := range prm.Fields {
				known[f.Name] = true
			}
		}
	}
	for _, n := range []string{"Query", "ApiKeyName", "Headers", "Timeout", "ExcludedFromCacheKey", "IsRetry", "ManualStatusHandling", "RelativePath", "Content"} {
		known[n] = true
	}
	return known
}

// renamedOptions are misspellings with a known right name.
var renamedOptions = map[string]string{"CredentialQueryString": "CredentialQuery"}

func runUnknownRequestOption(p *rules.Pass) {
	in := p.Model.Scope
	lib := in.Global.Own("Web.Contents")
	if lib == nil || lib.Kind != scope.Library {
		return
	}
	var known map[string]bool
	for _, ref := range lib.Refs {
		call := ref.Node.Parent()
		if call.Kind() != syntax.KindInvocationExpression {
			continue
		}
		args := facts.Args(call)
		if len(args) < 2 {
			continue
		}
		opts := facts.Deref(in, args[1])
		if opts.Kind() != syntax.KindRecordExpression {
			continue
		}
		if known == nil {
			known = webContentsOptions()
		}
		for fld := range opts.ChildrenByField(syntax.FieldField) {
			name := fld.ChildByField(syntax.FieldName)
			if name.IsNull() {
				continue
			}
			// The field's definition holds its name already; reading it
			// again from the text would copy it for every request.
			var n string
			if d := in.DefAt(fld); d != nil && d.Node == fld {
				n = d.Name
			} else {
				n = scope.Name(name)
			}
			if known[n] {
				continue
			}
			if right, ok := renamedOptions[n]; ok {
				f := p.ReportNode(name, "`%s` is not a `Web.Contents` option; the option that carries credentials in the query is `%s`", n, right)
				f.Fixes = append(f.Fixes, rules.Fix{Title: "Rename to `" + right + "`", Safety: rules.Safe, Preferred: true,
					Edits: []rules.Edit{p.EditNode(name, right)}})
				continue
			}
			list := make([]string, 0, len(known))
			for k := range known {
				list = append(list, k)
			}
			sort.Strings(list)
			p.ReportNode(name, "`%s` is not a `Web.Contents` option (known: %s); the engine rejects the request", n, strings.Join(list, ", "))
		}
	}
}
