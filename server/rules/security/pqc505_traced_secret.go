package security

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc505_traced_secret.md
var tracedSecretDoc string

// TracedSecret reports traces whose message carries the credential, or a
// whole response body.
var TracedSecret = &rules.Rule{
	Code:     "PQC505",
	Name:     "traced-secret",
	Severity: rules.Error,
	Doc:      tracedSecretDoc,
	Fix:      rules.FixNone,
	Needs:    rules.NeedsFlow,
	Run:      runTracedSecret,
}

func runTracedSecret(p *rules.Pass) {
	fs, fl := p.Model.Facts, p.Model.Flow
	if fs == nil || fl == nil {
		return
	}
	for _, c := range fs.Diagnostics {
		if !traces(c) || c.Reference || len(c.Args) < 2 {
			continue
		}
		// Only the message is written to the log; the value is returned.
		msg := c.Args[1]
		if path := fl.Tainted(msg); path != nil {
			f := p.ReportNode(c.Node, "`%s` writes a value derived from the current credential to the trace log", c.Name)
			f.Related = related(p, path)
			continue
		}
		if conv, req := wholeBody(p, msg); !conv.IsNull() {
			f := p.ReportNode(c.Node, "`%s` writes a whole response body to the trace log; trace what identifies the response (its status, its size) instead", c.Name)
			f.Severity = rules.Warning
			f.Related = append(f.Related, relatedAt(p, conv, "the whole body as text"), relatedAt(p, req, "the request"))
		}
	}
}

// bodyToText are the functions that turn a whole response into text.
var bodyToText = map[string]bool{
	"Text.FromBinary": true, "Json.FromValue": true, "Binary.ToText": true, "Lines.FromBinary": true, "Text.From": true,
}

// bodyAsIs are the functions whose result is still the whole response.
var bodyAsIs = map[string]bool{
	"Binary.Buffer": true, "Json.Document": true, "Xml.Document": true, "Csv.Document": true,
	"Json.FromValue": true, "Text.FromBinary": true, "Value.ReplaceMetadata": true,
}

// wholeBody finds in a trace message a conversion of a whole response to
// text, through the names the message reads; it returns the conversion
// and the request, or nulls.
func wholeBody(p *rules.Pass, msg syntax.Node) (conv, req syntax.Node) {
	in, fs, fl := p.Model.Scope, p.Model.Facts, p.Model.Flow
	seen := map[syntax.Node]bool{}
	budget := 512
	var isResponse func(x syntax.Node, depth int) syntax.Node
	isResponse = func(x syntax.Node, depth int) syntax.Node {
		if depth > 16 {
			return syntax.Node{}
		}
		x = fs.DerefNames(x)
		if fl.RequestAt(x) != nil {
			return x
		}
		if lib := facts.LibraryName(in, x); bodyAsIs[lib] {
			return isResponse(facts.Arg(x, 0), depth+1)
		}
		return syntax.Node{}
	}
	var visit func(n syntax.Node)
	visit = func(n syntax.Node) {
		if n.IsNull() || budget <= 0 || seen[n] || !conv.IsNull() {
			return
		}
		budget--
		seen[n] = true
		switch n.Kind() {
		case syntax.KindIdentifierExpression, syntax.KindSectionAccessExpression:
			if ref := in.RefAt(n); ref != nil && ref.Def != nil {
				switch ref.Def.Kind {
				case scope.SectionMember, scope.LetBinding, scope.RecordField:
					visit(ref.Def.Value)
				}
			}
			return
		case syntax.KindFunctionExpression, syntax.KindEachExpression:
			return
		case syntax.KindInvocationExpression:
			if bodyToText[facts.LibraryName(in, n)] {
				if r := isResponse(facts.Arg(n, 0), 0); !r.IsNull() {
					conv, req = n, r
					return
				}
			}
		}
		for c := range n.NamedChildren() {
			visit(c)
		}
	}
	visit(msg)
	return conv, req
}
