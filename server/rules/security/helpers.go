package security

import (
	"fmt"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/flow"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

// This file holds what several security rules share: paths as related
// locations, words for where a credential goes, the http literal behind a
// URL, and the text helpers the fixes need.

// related turns a value's path into related locations, one per step.
func related(p *rules.Pass, steps []flow.Step) []rules.Related {
	var out []rules.Related
	for i, s := range steps {
		if s.File == nil || s.Node.IsNull() {
			continue
		}
		if i > 0 && steps[i-1].Node.Equal(s.Node) && steps[i-1].What == s.What {
			continue
		}
		out = append(out, rules.Related{File: p.Model.PathOf(s.File), Span: s.Node.Span(), Message: s.What})
	}
	return out
}

// relatedAt is one related location at a node.
func relatedAt(p *rules.Pass, n syntax.Node, msg string) rules.Related {
	return rules.Related{File: p.Model.PathOf(n.File()), Span: n.Span(), Message: msg}
}

// address names where a request goes, as well as the analysis knows it.
func address(r *flow.Request) string {
	switch {
	case r.Host != "":
		return "`" + r.Host + "`"
	case r.URLPrefix != "":
		return "`" + r.URLPrefix + "…`"
	case r.HTTPS:
		return "an https URL (" + r.HTTPSWhy + ")"
	case r.IsWeb:
		return "a computed URL"
	}
	return "`" + r.Function + "`"
}

// inWords says where in a request a credential-derived value goes.
func inWords(u *flow.CredentialUse) string {
	fieldOf := func(what string) string {
		if u.Field != "" {
			return what + " as `" + u.Field + "`"
		}
		return what
	}
	switch u.In {
	case "url":
		return "in the URL"
	case "Query":
		return fieldOf("in the query string")
	case "CredentialQuery":
		return fieldOf("in the query string through `CredentialQuery`")
	case "Headers", "headers":
		if u.Field != "" {
			return "in the `" + u.Field + "` header"
		}
		return "in the headers"
	case "Content":
		return "in the request body"
	case "options":
		return "in the request options"
	case "argument":
		return "as an argument"
	}
	return "in the `" + u.In + "` option"
}

// isHTTPLiteral reports whether a text literal's raw text starts with
// `"http://` (any case).
func isHTTPLiteral(n syntax.Node) bool {
	if n.Kind() != syntax.KindTextLiteral {
		return false
	}
	t := n.Text()
	return len(t) > len(`"http://`) && strings.EqualFold(t[:len(`"http://`)], `"http://`)
}

// httpFinder looks for an `http://` literal that a URL starts with,
// through names, concatenation, URL functions, the connector's own
// functions and the arguments their callers pass.
type httpFinder struct {
	in *scope.Info
	fs *facts.Facts
	// args binds the parameters of functions entered through a call to
	// that call's arguments.
	args   map[*scope.Def]syntax.Node
	seen   map[syntax.Node]bool
	budget int
}

func newHTTPFinder(p *rules.Pass) *httpFinder {
	return &httpFinder{in: p.Model.Scope, fs: p.Model.Facts, args: map[*scope.Def]syntax.Node{}, seen: map[syntax.Node]bool{}, budget: 2000}
}

// find returns the http literal n starts with, or null.
func (h *httpFinder) find(n syntax.Node) syntax.Node {
	if n.IsNull() || h.budget <= 0 || h.seen[n] {
		return syntax.Node{}
	}
	h.budget--
	h.seen[n] = true
	defer delete(h.seen, n)
	switch n.Kind() {
	case syntax.KindParenthesizedExpression:
		return h.find(n.ChildByField(syntax.FieldExpression))
	case syntax.KindLetExpression:
		return h.find(n.ChildByField(syntax.FieldBody))
	case syntax.KindMetadataExpression, syntax.KindAsExpression:
		return h.find(n.ChildByField(syntax.FieldLeft))
	case syntax.KindTextLiteral:
		if isHTTPLiteral(n) {
			return n
		}
	case syntax.KindBinaryExpression:
		if n.ChildByField(syntax.FieldOperator).Kind() == syntax.KindTokAmpersand {
			return h.find(n.ChildByField(syntax.FieldLeft))
		}
	case syntax.KindIfExpression:
		for _, b := range []syntax.Node{n.ChildByField(syntax.FieldConsequence), n.ChildByField(syntax.FieldAlternative)} {
			if lit := h.find(b); !lit.IsNull() {
				return lit
			}
		}
	case syntax.KindErrorHandlingExpression:
		if lit := h.find(n.ChildByField(syntax.FieldBody)); !lit.IsNull() {
			return lit
		}
		if hd := n.ChildByField(syntax.FieldHandler); hd.Kind() == syntax.KindOtherwiseClause {
			return h.find(hd.ChildByField(syntax.FieldValue))
		}
	case syntax.KindIdentifierExpression, syntax.KindSectionAccessExpression:
		ref := h.in.RefAt(n)
		if ref == nil || ref.Def == nil {
			break
		}
		d := ref.Def
		switch d.Kind {
		case scope.Parameter:
			if arg, ok := h.args[d]; ok {
				return h.find(arg)
			}
			return h.fromCallers(d)
		case scope.SectionMember, scope.LetBinding, scope.RecordField:
			return h.find(d.Value)
		}
	case syntax.KindFieldAccessExpression:
		if v := h.fs.DerefNames(n); !v.Equal(n) {
			return h.find(v)
		}
	case syntax.KindInvocationExpression:
		return h.call(n)
	}
	return syntax.Node{}
}

func (h *httpFinder) call(n syntax.Node) syntax.Node {
	switch lib := facts.LibraryName(h.in, n); lib {
	case "":
	case "Uri.Combine", "Text.Trim", "Text.TrimEnd", "Text.Lower", "Text.From", "Value.ReplaceType":
		return h.find(facts.Arg(n, 0))
	case "Diagnostics.Trace":
		return h.find(facts.Arg(n, 2))
	case "Text.Format":
		f := facts.Deref(h.in, facts.Arg(n, 0))
		if isHTTPLiteral(f) {
			return f
		}
		if t, ok := facts.Text(h.in, f); ok && strings.HasPrefix(t, "#{0}") {
			return h.firstItem(facts.Arg(n, 1))
		}
		return syntax.Node{}
	case "Text.Combine":
		return h.firstItem(facts.Arg(n, 0))
	default:
		return syntax.Node{}
	}
	fn := h.fs.DerefNames(n.ChildByField(syntax.FieldFunction))
	if fn.Kind() != syntax.KindFunctionExpression {
		return syntax.Node{}
	}
	params := facts.Params(fn)
	var bound []*scope.Def
	for i, prm := range params {
		d := h.in.DefAt(prm)
		if d == nil {
			continue
		}
		if _, ok := h.args[d]; ok {
			continue // a recursive call: keep the outer binding
		}
		h.args[d] = facts.Arg(n, i)
		bound = append(bound, d)
	}
	defer func() {
		for _, d := range bound {
			delete(h.args, d)
		}
	}()
	return h.find(fn.ChildByField(syntax.FieldBody))
}

func (h *httpFinder) firstItem(list syntax.Node) syntax.Node {
	l := facts.Deref(h.in, list)
	if l.Kind() != syntax.KindListExpression {
		return syntax.Node{}
	}
	for it := range l.ChildrenByField(syntax.FieldItem) {
		return h.find(it)
	}
	return syntax.Node{}
}

// fromCallers looks at what the callers of a parameter's function pass for
// it. Data source functions are called by users: their parameters are
// PQC509's.
func (h *httpFinder) fromCallers(d *scope.Def) syntax.Node {
	fn, idx := facts.FunctionOfParam(d)
	binding := facts.BindingOf(h.in, fn)
	if binding == nil || binding.Shared {
		return syntax.Node{}
	}
	for _, ref := range binding.Refs {
		call := ref.Node.Parent()
		if call.Kind() != syntax.KindInvocationExpression || !ref.Node.Equal(call.ChildByField(syntax.FieldFunction)) {
			continue
		}
		if lit := h.find(facts.Arg(call, idx)); !lit.IsNull() {
			return lit
		}
	}
	return syntax.Node{}
}

// -- Fix text helpers --

// ifSlots are the places where an `if` expression stands without
// parentheses: an argument, a list item, a field's or binding's value, a
// body or a branch.
var ifSlots = map[syntax.Field]bool{
	syntax.FieldArgument: true, syntax.FieldItem: true, syntax.FieldValue: true, syntax.FieldBody: true,
	syntax.FieldConsequence: true, syntax.FieldAlternative: true, syntax.FieldExpression: true,
}

// asOperand wraps an `if` expression's text in parentheses unless it
// replaces a node that stands where an `if` may.
func asOperand(n syntax.Node, ifText string) string {
	if ifSlots[n.Field()] && n.Parent().Kind() != syntax.KindMetadataExpression {
		return ifText
	}
	return "(" + ifText + ")"
}

// usesName reports whether an identifier of that name occurs in n.
func usesName(n syntax.Node, name string) bool {
	for d := range n.Descendants() {
		if (d.Kind() == syntax.KindIdentifier || d.Kind() == syntax.KindQuotedIdentifier) && scope.NameIs(d, name) {
			return true
		}
	}
	return false
}

// freshName returns base, or base followed by a number, such that no
// identifier of n uses it.
func freshName(n syntax.Node, base string) string {
	name := base
	for i := 2; usesName(n, name); i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	return name
}

// freshMember returns base, or base followed by a number, such that no
// definition of the connector and no name it references has it. It asks
// name resolution instead of walking every file's tree per finding.
func freshMember(p *rules.Pass, base string) string {
	in := p.Model.Scope
	taken := func(name string) bool {
		if in.Member(name) != nil {
			return true
		}
		for _, d := range in.Defs {
			if d.Name == name {
				return true
			}
		}
		for _, r := range in.Refs {
			if r.Name == name {
				return true
			}
		}
		return false
	}
	name := base
	for i := 2; taken(name); i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	return name
}

// appendMember returns an edit that adds a member after the last member of
// the section document, or false when there is no section.
func appendMember(p *rules.Pass, text string) (rules.Edit, bool) {
	sec := p.Model.Facts.Section
	if sec.IsNull() || p.Model.Main == nil {
		return rules.Edit{}, false
	}
	var last syntax.Node
	for m := range sec.ChildrenByField(syntax.FieldMember) {
		last = m
	}
	if last.IsNull() || last.HasError() {
		return rules.Edit{}, false
	}
	nl := rules.LineEnding(p.Model.Main)
	return p.Insert(p.Model.Main, last.End(), nl+nl+strings.ReplaceAll(text, "\n", nl)), true
}

// validateURLSchemeText is the helper PQC501's and PQC509's fixes add.
func validateURLSchemeText(name string) string {
	return "// Accepts https addresses only, so that no request goes over plain http.\n" +
		name + " = (url as text) as text =>\n" +
		"    if Uri.Parts(url)[Scheme] <> \"https\" then\n" +
		"        error Error.Record(\"Expression.Error\", \"The address must start with https://\", url)\n" +
		"    else\n" +
		"        url;"
}

// schemeCheck returns a fix that passes a request's URL through a
// ValidateUrlScheme helper of the connector, adding the helper when there
// is none. ok is false when the request is not in the section document
// (a helper module does not see the section's members).
func schemeCheck(p *rules.Pass, r *flow.Request, title string) (rules.Fix, bool) {
	if r.URL.IsNull() || r.URL.HasError() || p.Model.Main == nil || r.File != p.Model.Main {
		return rules.Fix{}, false
	}
	fx := rules.Fix{Title: title, Safety: rules.Unsafe}
	name := "ValidateUrlScheme"
	if d := p.Model.Scope.Member(name); d == nil {
		name = freshMember(p, name)
		e, ok := appendMember(p, validateURLSchemeText(name))
		if !ok {
			return rules.Fix{}, false
		}
		fx.Edits = append(fx.Edits, e)
	}
	fx.Edits = append(fx.Edits, p.EditNode(r.URL, name+"("+r.URL.Text()+")"))
	return fx, true
}
