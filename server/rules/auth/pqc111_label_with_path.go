package auth

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc111_label_with_path.md
var labelWithPathDoc string

// LabelWithPath reports a kind Label while the kind's data source function
// has required path parameters: the label replaces the path in the
// credential dialog and the data source settings.
var LabelWithPath = &rules.Rule{
	Code:     "PQC111",
	Name:     "label-with-path",
	Severity: rules.Information,
	Doc:      labelWithPathDoc,
	Needs:    rules.NeedsFacts,
	Run:      runLabelWithPath,
}

func runLabelWithPath(p *rules.Pass) {
	for _, k := range namedKinds(p.Model.Facts) {
		fld, ok := k.Fields["Label"]
		if k.Record.IsNull() || !ok {
			continue
		}
		ref := reference(k)
		if ref == nil {
			continue
		}
		if path := ref.RequiredPath(); len(path) > 0 {
			p.ReportNode(fld, "kind `%s` has a `Label`, but `%s` has required path parameters (%s): the label replaces the path in the credential dialog and data source settings, so users cannot tell their sources apart",
				k.Name, ref.Name, paramNames(path))
		}
	}
}
