package auth

import (
	_ "embed"
	"strconv"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc104_invalid_test_connection.md
var invalidTestConnectionDoc string

// InvalidTestConnection reports a TestConnection handler whose list does
// not name a shared function of the connector, or passes it a wrong number
// of arguments.
var InvalidTestConnection = &rules.Rule{
	Code:     "PQC104",
	Name:     "invalid-test-connection",
	Severity: rules.Error,
	Doc:      invalidTestConnectionDoc,
	Needs:    rules.NeedsFacts,
	Run:      runInvalidTestConnection,
}

func runInvalidTestConnection(p *rules.Pass) {
	in, fs := p.Model.Scope, p.Model.Facts
	for _, k := range namedKinds(fs) {
		if k.Record.IsNull() {
			continue
		}
		h := testConnection(in, k)
		if h == nil || h.Fn.IsNull() {
			continue
		}
		list := returnedList(in, h.Fn)
		if list.IsNull() {
			continue // built at run time: nothing to judge
		}
		items := listItems(list)
		if len(items) == 0 {
			p.ReportNode(list, "`TestConnection` of `%s` returns an empty list; its first item must name the function to call", k.Name)
			continue
		}
		first := facts.Deref(in, items[0])
		if first.Kind() != syntax.KindTextLiteral {
			if isLiteral(first) {
				p.ReportNode(items[0], "the first item of the list `TestConnection` of `%s` returns is %s; it must be the name of a shared function as text", k.Name, literalKind(first))
			}
			continue
		}
		name := facts.TextValue(first)
		d := in.Member(name)
		switch {
		case d == nil:
			p.ReportNode(items[0], "`TestConnection` of `%s` calls `%s`, which is not a function of this connector%s", k.Name, name, suggestFunction(k))
			continue
		case !d.Shared:
			p.ReportNode(items[0], "`TestConnection` of `%s` calls `%s`, which is not shared; the engine can only call shared functions", k.Name, name)
			continue
		}
		required, total, ok := arity(in, fs, d)
		if !ok {
			continue
		}
		for _, it := range items[1:] {
			if unparen(it).Kind() == syntax.KindRangeExpression {
				ok = false // `a..b` adds a run-time number of items
			}
		}
		if args := len(items) - 1; ok && (args < required || args > total) {
			p.ReportNode(list, "`TestConnection` of `%s` calls `%s` with %s; it takes %s", k.Name, name, countArgs(args), expected(required, total))
		}
	}
}

func countArgs(n int) string {
	if n == 1 {
		return "1 argument"
	}
	return strconv.Itoa(n) + " arguments"
}

func expected(required, total int) string {
	switch {
	case required == total && total == 1:
		return "1"
	case required == total:
		return strconv.Itoa(total)
	}
	return "between " + strconv.Itoa(required) + " and " + strconv.Itoa(total)
}

// suggestFunction names the kind's published function, the usual target.
func suggestFunction(k *facts.Kind) string {
	if ds := reference(k); ds != nil {
		return " (the kind's function is `" + ds.Name + "`)"
	}
	return ""
}
