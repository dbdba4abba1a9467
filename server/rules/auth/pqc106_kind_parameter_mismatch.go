package auth

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc106_kind_parameter_mismatch.md
var kindParameterMismatchDoc string

// KindParameterMismatch reports data source functions of one kind whose
// required data source path parameters differ from those of the kind's
// first function in source order.
var KindParameterMismatch = &rules.Rule{
	Code:     "PQC106",
	Name:     "kind-parameter-mismatch",
	Severity: rules.Error,
	Doc:      kindParameterMismatchDoc,
	Needs:    rules.NeedsFacts,
	Run:      runKindParameterMismatch,
}

func runKindParameterMismatch(p *rules.Pass) {
	for _, k := range namedKinds(p.Model.Facts) {
		var ref *facts.DataSource
		for _, ds := range k.DataSources {
			if paramsKnown(ds) {
				ref = ds
				break
			}
		}
		if ref == nil {
			continue
		}
		want := ref.RequiredPath()
		for _, ds := range k.DataSources {
			if ds == ref || !paramsKnown(ds) {
				continue
			}
			got := ds.RequiredPath()
			if samePath(want, got) {
				continue
			}
			p.ReportNode(ds.Member.Def.NameNode, "`%s` has the required path parameters %s, but `%s` of the same kind `%s` has %s: the data source paths differ, so credentials and gateway settings do not carry over",
				ds.Name, paramList(got), ref.Name, k.Name, paramList(want))
		}
	}
}

// samePath reports whether two lists of path parameters have the same
// names in the same order and compatible types. The engine tells a URL
// path (one `Uri.Type` parameter) from a JSON one, so `Uri.Type` and
// `text` differ; an untyped or `any` parameter matches any type.
func samePath(a, b []*facts.Param) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name {
			return false
		}
		ta, tb := normType(a[i].Type), normType(b[i].Type)
		if ta == "" || tb == "" || ta == "any" || tb == "any" {
			continue
		}
		if ta != tb {
			return false
		}
	}
	return true
}
