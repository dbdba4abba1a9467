package security

import (
	"fmt"
	"strings"

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
