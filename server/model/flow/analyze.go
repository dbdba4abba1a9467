package flow

import (
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

type analyzer struct {
	in    *scope.Info
	facts *facts.Facts
	res   *Result
}

func (a *analyzer) run() {
	for _, ref := range a.in.Refs {
		if ref.Def == nil || ref.Def.Kind != scope.Library {
			continue
		}
		call := ref.Node.Parent()
		if call.Kind() != syntax.KindInvocationExpression || !ref.Node.Equal(call.ChildByField(syntax.FieldFunction)) {
			continue
		}
		switch {
		case ref.Name == "Extension.CurrentCredential":
			a.res.Credentials = append(a.res.Credentials, call)
		case ref.Def.Symbol != nil && ref.Def.Symbol.IsDataSource:
			args := facts.Args(call)
			req := &Request{File: ref.File, Node: call, Function: ref.Name}
			if len(args) > 0 {
				req.URL = args[0]
			}
			if len(args) > 1 {
				req.Options = args[1]
			}
			req.HTTPS, req.HTTPSWhy = a.https(req.URL)
			a.res.Requests = append(a.res.Requests, req)
		}
	}
}

// https reports whether a URL expression is provably https.
func (a *analyzer) https(url syntax.Node) (bool, string) {
	v := facts.Deref(a.in, url)
	if v.Kind() == syntax.KindTextLiteral {
		if strings.HasPrefix(strings.ToLower(facts.TextValue(v)), "https://") {
			return true, "an https literal"
		}
	}
	return false, ""
}
