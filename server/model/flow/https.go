package flow

import (
	"slices"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// This file proves URLs https: an https literal, text that starts with one
// (`BaseUrl & path`, Uri.Combine, Text.Format), a value read inside the
// branch of an `if` that only runs after a scheme check of it
// (`if Uri.Parts(u)[Scheme] <> "https" then error … else u`), the result of
// a function that returns such a value (a ValidateUrlScheme helper), or a
// parameter every caller passes a proven URL. A check the request does not
// depend on (a binding nothing reads) proves nothing: M is lazy.
//
// A URL not proven https may be shown plain http instead: it can start with
// an `http://` literal along some path (a branch, a caller's argument). The
// failed proof then carries that literal as its witness.

type hstate uint8

const (
	hNo hstate = iota
	hYes
	// hDep: https when each parameter of deps is.
	hDep
)

type hres struct {
	state hstate
	deps  []*scope.Def
	why   string
	at    syntax.Node
	// http is, for hNo, an http literal the value may start with, or null;
	// deps, for hNo without one, are the parameters whose callers may
	// still show one.
	http syntax.Node
}

// httpsInProgress marks a node (or parameter) whose proof is being
// computed in analyzer.https (analyzer.paramHTTPS), which hold positions in
// analyzer.httpsVals: the maps' entries stay small. httpsNone marks one
// proven nothing.
const (
	httpsInProgress = -1
	httpsNone       = -2
)

// callersPrefix starts the explanation of a parameter proven by its callers.
const callersPrefix = "every caller passes an https URL: "

func no() hres { return hres{state: hNo} }

// plainHTTP is the failed proof of a value that starts with the http
// literal lit.
func plainHTTP(lit syntax.Node) hres { return hres{state: hNo, http: lit} }

// both is https when a and b are.
func both(a, b hres) hres {
	switch {
	case a.state == hNo || b.state == hNo:
		return eitherNo(a, b)
	case a.state == hYes && b.state == hYes:
		return a
	}
	out := hres{state: hDep, why: a.why, at: a.at}
	if a.state == hYes {
		out.why, out.at = b.why, b.at
	}
	out.deps = append(append([]*scope.Def(nil), a.deps...), b.deps...)
	return out
}

// eitherNo is the failed proof of a value that may be a or b, one of which
// failed: the first http witness of either, else the parameters of either
// whose callers may still show one.
func eitherNo(a, b hres) hres {
	for _, h := range []hres{a, b} {
		if h.state == hNo && !h.http.IsNull() {
			return h
		}
	}
	out := no()
	for _, h := range []hres{a, b} {
		if h.state != hYes {
			out.deps = append(out.deps, h.deps...)
		}
	}
	return out
}

func (a *analyzer) httpsOf(n syntax.Node) hres {
	if n.IsNull() {
		return no()
	}
	switch n.Kind() {
	case syntax.KindTextLiteral, syntax.KindParenthesizedExpression:
		return a.computeHTTPS(n)
	}
	k := a.nodeID(n)
	if k < 0 {
		return no()
	}
	if i, ok := a.https[k]; ok {
		return a.proofAt(i)
	}
	a.https[k] = httpsInProgress
	h := a.computeHTTPS(n)
	a.https[k] = a.keepProof(h)
	return h
}

// keepProof stores a proof in httpsVals and returns its position; a plain
// no, which most nodes and parameters get, takes no room.
func (a *analyzer) keepProof(h hres) int32 {
	if h.state == hNo && h.deps == nil && h.why == "" && h.at.IsNull() && h.http.IsNull() {
		return httpsNone
	}
	return int32(a.httpsVals.add(h))
}

// proofAt returns the proof kept at position i: no for httpsNone and for
// httpsInProgress (a cycle proves nothing).
func (a *analyzer) proofAt(i int32) hres {
	if i < 0 {
		return no()
	}
	return *a.httpsVals.at(int(i))
}

func (a *analyzer) computeHTTPS(n syntax.Node) hres {
	switch n.Kind() {
	case syntax.KindParenthesizedExpression:
		return a.httpsOf(n.ChildByField(syntax.FieldExpression))
	case syntax.KindLetExpression:
		return a.httpsOf(n.ChildByField(syntax.FieldBody))
	case syntax.KindMetadataExpression, syntax.KindAsExpression:
		return a.httpsOf(n.ChildByField(syntax.FieldLeft))
	case syntax.KindTextLiteral:
		switch v := facts.TextValue(n); {
		case isHTTPS(v):
			return hres{state: hYes, why: "an https literal", at: n}
		case isHTTP(v):
			return plainHTTP(n)
		}
		return no()
	case syntax.KindBinaryExpression:
		if n.ChildByField(syntax.FieldOperator).Kind() != syntax.KindTokAmpersand {
			return no()
		}
		h := a.httpsOf(n.ChildByField(syntax.FieldLeft))
		if h.state == hYes && h.why == "an https literal" {
			h.why = "starts with an https literal"
		}
		return h
	case syntax.KindIfExpression:
		return a.branches(n.ChildByField(syntax.FieldConsequence), n.ChildByField(syntax.FieldAlternative))
	case syntax.KindErrorHandlingExpression:
		h := n.ChildByField(syntax.FieldHandler)
		if h.Kind() == syntax.KindOtherwiseClause {
			return a.branches(n.ChildByField(syntax.FieldBody), h.ChildByField(syntax.FieldValue))
		}
		return no()
	case syntax.KindIdentifierExpression, syntax.KindSectionAccessExpression:
		ref := a.in.RefAt(n)
		if ref == nil || ref.Def == nil {
			return no()
		}
		d := ref.Def
		if cond := a.schemeGuard(n, d); !cond.IsNull() {
			return hres{state: hYes, why: "checked by `" + short(cond) + "`", at: cond}
		}
		switch d.Kind {
		case scope.Parameter:
			return hres{state: hDep, deps: []*scope.Def{d}, at: n}
		case scope.SectionMember, scope.LetBinding, scope.RecordField:
			return a.httpsOf(d.Value)
		}
		return no()
	case syntax.KindFieldAccessExpression:
		if v := a.fs.DerefNames(n); !v.Equal(n) {
			return a.httpsOf(v)
		}
		return no()
	case syntax.KindInvocationExpression:
		return a.httpsCall(n)
	}
	return no()
}

// branches is https when every branch that does not raise is.
func (a *analyzer) branches(bs ...syntax.Node) hres {
	out := hres{state: hYes}
	any := false
	for _, b := range bs {
		if facts.IsError(b) {
			continue
		}
		h := a.httpsOf(b)
		if !any {
			out = h
		} else {
			out = both(out, h)
		}
		any = true
	}
	if !any {
		return no()
	}
	return out
}

func (a *analyzer) httpsCall(n syntax.Node) hres {
	args := facts.Args(n)
	arg := func(i int) syntax.Node {
		if i < len(args) {
			return args[i]
		}
		return syntax.Node{}
	}
	switch lib := facts.LibraryName(a.in, n); lib {
	case "":
	case "Uri.Combine", "Text.Trim", "Text.TrimEnd", "Text.Lower", "Value.ReplaceType", "Text.From":
		h := a.httpsOf(arg(0))
		if h.state == hYes && lib == "Uri.Combine" {
			h.why = "an https base URL"
		}
		return h
	case "Diagnostics.Trace":
		return a.httpsOf(arg(2))
	case "Text.Format":
		if f, ok := facts.Text(a.in, arg(0)); ok {
			if isHTTPS(f) {
				return hres{state: hYes, why: "formatted from an https literal", at: arg(0)}
			}
			if lit := facts.Deref(a.in, arg(0)); isHTTP(f) && lit.Kind() == syntax.KindTextLiteral {
				return plainHTTP(lit)
			}
			if strings.HasPrefix(f, "#{0}") {
				if l := facts.Deref(a.in, arg(1)); l.Kind() == syntax.KindListExpression {
					for it := range l.ChildrenByField(syntax.FieldItem) {
						return a.httpsOf(it)
					}
				}
			}
		}
		return no()
	case "Text.Combine":
		if l := facts.Deref(a.in, arg(0)); l.Kind() == syntax.KindListExpression {
			for it := range l.ChildrenByField(syntax.FieldItem) {
				return a.httpsOf(it)
			}
		}
		return no()
	default:
		return no()
	}
	fn := a.fs.DerefNames(n.ChildByField(syntax.FieldFunction))
	if fn.Kind() != syntax.KindFunctionExpression {
		return no()
	}
	body := a.httpsOf(fn.ChildByField(syntax.FieldBody))
	name := a.fnName(fn)
	switch body.state {
	case hYes:
		if strings.HasPrefix(body.why, "checked by") {
			return hres{state: hYes, why: "checked by `" + name + "`", at: n}
		}
		return hres{state: hYes, why: "returned by `" + name + "`: " + body.why, at: body.at}
	}
	// The result is https when the arguments for these parameters are (or,
	// for a failed proof, may show plain http when they do).
	params := a.paramDefs(fn)
	if body.state == hNo {
		if !body.http.IsNull() || len(body.deps) == 0 {
			return body
		}
		out := no()
		for _, d := range body.deps {
			if i := slices.Index(params, d); i >= 0 {
				out = eitherNo(out, a.httpsOf(arg(i)))
			} else {
				out = eitherNo(out, hres{state: hDep, deps: []*scope.Def{d}})
			}
			if !out.http.IsNull() {
				break
			}
		}
		return out
	}
	out := hres{state: hYes, why: "returned by `" + name + "`", at: n}
	for _, d := range body.deps {
		i := slices.Index(params, d)
		if i < 0 {
			out = both(out, hres{state: hDep, deps: []*scope.Def{d}, at: n})
			continue
		}
		out = both(out, a.httpsOf(arg(i)))
	}
	return out
}

// resolveHTTPS decides a result that depends on parameters, and looks for
// the http witness of a failed proof among the callers of its parameters.
func (a *analyzer) resolveHTTPS(h hres) hres {
	if h.state == hNo && h.http.IsNull() && len(h.deps) > 0 {
		for _, d := range h.deps {
			if p := a.paramIsHTTPS(d); !p.http.IsNull() {
				return plainHTTP(p.http)
			}
		}
		return no()
	}
	if h.state != hDep {
		return h
	}
	var first hres
	for i, d := range h.deps {
		p := a.paramIsHTTPS(d)
		if p.state != hYes {
			return plainHTTP(p.http)
		}
		if i == 0 {
			first = p
		}
	}
	return first
}

// paramIsHTTPS decides whether every call of a parameter's function passes
// a proven https URL for it. Functions the engine or the user call (data
// source functions, shared members) and functions passed around as values
// have callers the analysis cannot see.
func (a *analyzer) paramIsHTTPS(d *scope.Def) hres {
	if i, ok := a.paramHTTPS[d]; ok {
		return a.proofAt(i)
	}
	a.paramHTTPS[d] = httpsInProgress
	h := a.computeParamHTTPS(d)
	a.paramHTTPS[d] = a.keepProof(h)
	return h
}

func (a *analyzer) computeParamHTTPS(d *scope.Def) hres {
	if a.roots[d] != nil {
		return no()
	}
	fn, idx := facts.FunctionOfParam(d)
	refs, ok := a.callers(fn)
	if !ok {
		return no()
	}
	// Every call must pass a proven URL; one that passes an http literal
	// shows the parameter plain http.
	var out hres
	failed := false
	var http syntax.Node
	for _, ref := range refs {
		call := ref.Node.Parent()
		if call.Kind() != syntax.KindInvocationExpression || !ref.Node.Equal(call.ChildByField(syntax.FieldFunction)) {
			failed = true // passed around as a value: callers unseen
			continue
		}
		h := a.httpsOf(facts.Arg(call, idx))
		if h.state == hDep && len(h.deps) == 1 && h.deps[0] == d {
			continue // a recursive call passing the value on
		}
		h = a.resolveHTTPS(h)
		if h.state != hYes {
			failed = true
			if http.IsNull() {
				http = h.http
			}
			continue
		}
		if out.state != hYes {
			out = h
		}
	}
	if failed || out.state != hYes {
		return plainHTTP(http)
	}
	if !strings.HasPrefix(out.why, callersPrefix) {
		out.why = callersPrefix + out.why
	}
	return out
}

// callers returns the references through which a function is called: those
// of the binding whose value it is, or of the members bound to the helper
// module it is. ok is false when the function has callers the analysis
// cannot see: shared members, functions without a name.
func (a *analyzer) callers(fn syntax.Node) (refs []*scope.Ref, ok bool) {
	if fn.Parent().Kind() == syntax.KindSourceFile {
		for _, b := range a.fs.BindingsOf(fn.File()) {
			if b.Member.Def.Shared {
				return nil, false
			}
			refs = append(refs, b.Member.Def.Refs...)
		}
		return refs, len(refs) > 0
	}
	binding := facts.BindingOf(a.in, fn)
	if binding == nil || binding.Shared || len(binding.Refs) == 0 {
		return nil, false
	}
	return binding.Refs, true
}

// schemeGuard returns the condition of an `if` around n whose branch holding
// n runs only when d is https, or null.
func (a *analyzer) schemeGuard(n syntax.Node, d *scope.Def) syntax.Node {
	// A check of d stands inside d's scope.
	var top syntax.Node
	if d.Scope != nil {
		top = d.Scope.Node
	}
	for c, p := n, n.Parent(); !p.IsNull() && !c.Equal(top); c, p = p, p.Parent() {
		if p.Kind() != syntax.KindIfExpression {
			continue
		}
		var positive bool
		switch c.Field() {
		case syntax.FieldConsequence:
			positive = true
		case syntax.FieldAlternative:
		default:
			continue
		}
		cond := p.ChildByField(syntax.FieldCondition)
		for _, x := range a.schemeFacts(cond, positive, 0) {
			if x == d {
				return cond
			}
		}
	}
	return syntax.Node{}
}

// schemeFacts returns the names known to be https where cond is true
// (positive) or false.
func (a *analyzer) schemeFacts(cond syntax.Node, positive bool, depth int) []*scope.Def {
	if depth > 8 {
		return nil
	}
	switch cond.Kind() {
	case syntax.KindParenthesizedExpression:
		return a.schemeFacts(cond.ChildByField(syntax.FieldExpression), positive, depth+1)
	case syntax.KindUnaryExpression:
		if cond.ChildByField(syntax.FieldOperator).Kind() == syntax.KindKwNot {
			return a.schemeFacts(cond.ChildByField(syntax.FieldOperand), !positive, depth+1)
		}
	case syntax.KindIdentifierExpression:
		// A binding that holds a check.
		if ref := a.in.RefAt(cond); ref != nil && ref.Def != nil && ref.Def.Kind == scope.LetBinding {
			return a.schemeFacts(ref.Def.Value, positive, depth+1)
		}
	case syntax.KindBinaryExpression:
		l, r := cond.ChildByField(syntax.FieldLeft), cond.ChildByField(syntax.FieldRight)
		switch op := cond.ChildByField(syntax.FieldOperator).Kind(); op {
		case syntax.KindKwAnd, syntax.KindKwOr:
			lf, rf := a.schemeFacts(l, positive, depth+1), a.schemeFacts(r, positive, depth+1)
			// A true `and` (a false `or`) holds both sides' facts; a true
			// `or` (a false `and`) only those common to both.
			if (op == syntax.KindKwAnd) == positive {
				return append(lf, rf...)
			}
			var out []*scope.Def
			for _, x := range lf {
				for _, y := range rf {
					if x == y {
						out = append(out, x)
					}
				}
			}
			return out
		case syntax.KindTokEqual, syntax.KindTokNotEqual:
			if (op == syntax.KindTokEqual) != positive {
				return nil
			}
			for _, side := range [][2]syntax.Node{{l, r}, {r, l}} {
				if t, ok := facts.Text(a.in, side[1]); ok && strings.EqualFold(t, "https") {
					if d := a.schemeOf(side[0]); d != nil {
						return []*scope.Def{d}
					}
				}
			}
		}
	case syntax.KindInvocationExpression:
		switch facts.LibraryName(a.in, cond) {
		case "Text.StartsWith":
			if !positive {
				return nil
			}
			t, ok := facts.Text(a.in, facts.Arg(cond, 1))
			if !ok || !isHTTPS(t) && !strings.EqualFold(t, "https:") {
				return nil
			}
			if d := a.nameOf(facts.Arg(cond, 0)); d != nil {
				return []*scope.Def{d}
			}
		case "":
			// A predicate of the connector's own: its facts about its
			// parameters are facts about the arguments.
			fn := a.fs.DerefNames(cond.ChildByField(syntax.FieldFunction))
			if fn.Kind() != syntax.KindFunctionExpression {
				return nil
			}
			params := a.paramDefs(fn)
			var out []*scope.Def
			for _, x := range a.schemeFacts(fn.ChildByField(syntax.FieldBody), positive, depth+1) {
				for i, p := range params {
					if p == x {
						if d := a.nameOf(facts.Arg(cond, i)); d != nil {
							out = append(out, d)
						}
					}
				}
			}
			return out
		}
	}
	return nil
}

// schemeOf returns the name whose scheme x reads: `Uri.Parts(u)[Scheme]`,
// also through a binding of the parts and Text.Lower.
func (a *analyzer) schemeOf(x syntax.Node) *scope.Def {
	x = facts.Deref(a.in, x)
	if lib := facts.LibraryName(a.in, x); lib == "Text.Lower" || lib == "Text.Upper" || lib == "Text.Trim" {
		return a.schemeOf(facts.Arg(x, 0))
	}
	if x.Kind() != syntax.KindFieldAccessExpression {
		return nil
	}
	if scope.Name(x.ChildByField(syntax.FieldSelector).ChildByField(syntax.FieldName)) != "Scheme" {
		return nil
	}
	parts := facts.Deref(a.in, x.ChildByField(syntax.FieldObject))
	if !facts.LibraryCall(a.in, parts, "Uri.Parts") {
		return nil
	}
	return a.nameOf(facts.Arg(parts, 0))
}

// nameOf returns the definition a plain name (or Text.Lower of one) stands
// for.
func (a *analyzer) nameOf(x syntax.Node) *scope.Def {
	for x.Kind() == syntax.KindParenthesizedExpression {
		x = x.ChildByField(syntax.FieldExpression)
	}
	if lib := facts.LibraryName(a.in, x); lib == "Text.Lower" || lib == "Text.Trim" {
		return a.nameOf(facts.Arg(x, 0))
	}
	if x.Kind() != syntax.KindIdentifierExpression {
		return nil
	}
	if ref := a.in.RefAt(x); ref != nil {
		return ref.Def
	}
	return nil
}

func isHTTPS(s string) bool {
	return len(s) >= len("https://") && strings.EqualFold(s[:len("https://")], "https://")
}

func isHTTP(s string) bool {
	return len(s) > len("http://") && strings.EqualFold(s[:len("http://")], "http://")
}

// short is a node's text on one line, cut to a readable length.
func short(n syntax.Node) string {
	t := strings.Join(strings.Fields(n.Text()), " ")
	if len(t) > 60 {
		t = t[:57] + "..."
	}
	return t
}
