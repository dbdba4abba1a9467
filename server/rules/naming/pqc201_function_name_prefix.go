package naming

import (
	_ "embed"
	"strings"

	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc201_function_name_prefix.md
var functionNamePrefixDoc string

// FunctionNamePrefix reports data source functions not named
// `Kind.FunctionName` after their kind.
var FunctionNamePrefix = &rules.Rule{
	Code:     "PQC201",
	Name:     "function-name-prefix",
	Severity: rules.Error,
	Doc:      functionNamePrefixDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFacts,
	Run:      runFunctionNamePrefix,
}

func runFunctionNamePrefix(p *rules.Pass) {
	in, fs := p.Model.Scope, p.Model.Facts
	for _, ds := range fs.DataSources {
		if ds.Kind == "" || hasKindPrefix(ds.Name, ds.Kind) {
			continue
		}
		d := ds.Member.Def
		f := p.ReportNode(d.NameNode, "`%s` has the kind `%s` but is not named `%s.<FunctionName>`", ds.Name, ds.Kind, ds.Kind)
		newName := ds.Kind + "." + functionPart(ds.Name)
		if in.Member(newName) != nil {
			continue
		}
		e := newEdits(p)
		e.renameMember(d, newName)
		f.Fixes = append(f.Fixes, rules.Fix{
			Title:  "Rename to `" + newName + "` everywhere",
			Safety: rules.Unsafe,
			Edits:  e.list,
		})
	}
}

// hasKindPrefix reports whether name is `Kind.Something`.
func hasKindPrefix(name, kind string) bool {
	return strings.HasPrefix(name, kind+".") && len(name) > len(kind)+1
}

// functionPart returns the FunctionName part of a data source function's
// name: what follows its last dot (the whole name without one).
func functionPart(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 && i+1 < len(name) {
		return name[i+1:]
	}
	return name
}
