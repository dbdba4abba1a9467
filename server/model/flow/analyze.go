package flow

import (
	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// maxRounds bounds the rounds over recursive functions' summaries.
const maxRounds = 4

type analyzer struct {
	in  *scope.Info
	fs  *facts.Facts
	res *Result

	files []*syntax.File
	main  *syntax.File

	// memo holds each node's value by file and node index.
	memo      map[*syntax.File][]*aval
	defVals   map[*scope.Def]*aval
	paramVals map[*scope.Def]*aval
	libVals   map[string]*aval
	// calls are the calls of the connector's own functions.
	calls []callSite
	// recursive are the functions called while their body was being
	// evaluated this round; prev their results of the round before.
	recursive map[nodeKey]syntax.Node
	prev      map[nodeKey]*aval

	// feeds: what reaches each parameter, resolved.
	feeds      map[slot]taint
	resolved   map[slot]taint
	fieldSlots map[*scope.Def][]string
	edges      map[*scope.Def][]edge
	roots      map[*scope.Def]*facts.DataSource

	https      map[nodeKey]hres
	paramHTTPS map[*scope.Def]hres

	graph *memberGraph
}

// callSite is a call of a connector function.
type callSite struct {
	call   syntax.Node
	fn     syntax.Node
	params []*scope.Def
	args   []*aval
}

func newAnalyzer(in *scope.Info, fs *facts.Facts) *analyzer {
	a := &analyzer{in: in, fs: fs, res: &Result{
		tainted:  map[nodeKey]derived{},
		response: map[nodeKey]derived{},
		params:   map[nodeKey][]paramOrigin{},
		requests: map[nodeKey]*Request{},
	}}
	seen := map[*syntax.File]bool{}
	for _, s := range in.Scopes {
		if (s.Kind == scope.SectionScope || s.Kind == scope.ModuleScope) && !seen[s.File] {
			seen[s.File] = true
			a.files = append(a.files, s.File)
		}
	}
	if in.Section != nil {
		a.main = in.Section.File
	}
	return a
}

func (a *analyzer) run() {
	for round := 0; round < maxRounds; round++ {
		a.reset()
		a.evalAll()
		if len(a.recursive) == 0 {
			break
		}
		next := make(map[nodeKey]*aval, len(a.recursive))
		changed := false
		for k, fn := range a.recursive {
			v := a.eval(fn.ChildByField(syntax.FieldBody))
			if !sameVal(v, a.prev[k]) {
				changed = true
			}
			next[k] = v
		}
		a.prev = next
		if !changed {
			break
		}
	}
	a.propagate()
	a.collect()
}

func (a *analyzer) reset() {
	a.memo = make(map[*syntax.File][]*aval, len(a.files))
	for _, f := range a.files {
		a.memo[f] = make([]*aval, f.NodeCount())
	}
	a.defVals = map[*scope.Def]*aval{}
	a.paramVals = map[*scope.Def]*aval{}
	a.libVals = map[string]*aval{}
	a.calls = a.calls[:0]
	a.recursive = map[nodeKey]syntax.Node{}
}

// evalAll evaluates every expression of every file, so that every call
// site is seen and every node has its value.
func (a *analyzer) evalAll() {
	for _, f := range a.files {
		for i, n := 0, f.NodeCount(); i < n; i++ {
			if node := f.Node(i); valueKinds[node.Kind()] {
				a.eval(node)
			}
		}
	}
}

// valueKinds are the node kinds that have values.
var valueKinds = func() map[syntax.Kind]bool {
	m := map[syntax.Kind]bool{}
	for _, k := range []syntax.Kind{
		syntax.KindAsExpression, syntax.KindBinaryExpression, syntax.KindEachExpression,
		syntax.KindErrorHandlingExpression, syntax.KindErrorRaisingExpression, syntax.KindFieldAccessExpression,
		syntax.KindFieldProjection, syntax.KindFieldSelector, syntax.KindFunctionExpression,
		syntax.KindIdentifierExpression, syntax.KindIfExpression, syntax.KindInvocationExpression,
		syntax.KindItemAccessExpression, syntax.KindLetExpression, syntax.KindListExpression,
		syntax.KindMetadataExpression, syntax.KindParenthesizedExpression, syntax.KindProjectionExpression,
		syntax.KindRecordExpression, syntax.KindSectionAccessExpression, syntax.KindUnaryExpression,
	} {
		m[k] = true
	}
	return m
}()

func (a *analyzer) eval(n syntax.Node) *aval {
	if n.IsNull() {
		return bottom
	}
	m := a.memo[n.File()]
	i := n.Index()
	if m == nil || i >= len(m) {
		return bottom
	}
	switch v := m[i]; v {
	case nil:
	case inProgress:
		return bottom
	default:
		return v
	}
	if k := n.Kind(); k == syntax.KindFunctionExpression || k == syntax.KindEachExpression {
		// A function is a value before its body is known: a recursive
		// function calls itself through it.
		v := &aval{fns: []syntax.Node{n}}
		m[i] = v
		v.t = a.closure(n)
		return v
	}
	m[i] = inProgress
	v := a.compute(n)
	if v == nil {
		v = bottom
	}
	m[i] = v
	return v
}

func (a *analyzer) evaluating(n syntax.Node) bool {
	m := a.memo[n.File()]
	return m != nil && n.Index() >= 0 && n.Index() < len(m) && m[n.Index()] == inProgress
}

func (a *analyzer) compute(n syntax.Node) *aval {
	switch n.Kind() {
	case syntax.KindParenthesizedExpression:
		return a.eval(n.ChildByField(syntax.FieldExpression))
	case syntax.KindLetExpression:
		return a.eval(n.ChildByField(syntax.FieldBody))
	case syntax.KindIdentifierExpression, syntax.KindSectionAccessExpression:
		return a.ref(n)
	case syntax.KindFieldSelector, syntax.KindFieldProjection:
		// `[a]` alone reads a field of `_`.
		ref := a.in.RefAt(n)
		if ref == nil || !ref.Implicit || ref.Def == nil {
			return bottom
		}
		v := a.paramVal(ref.Def)
		if n.Kind() == syntax.KindFieldSelector {
			return field(v, scope.Name(n.ChildByField(syntax.FieldName)))
		}
		return whole(v)
	case syntax.KindFieldAccessExpression:
		obj := a.eval(n.ChildByField(syntax.FieldObject))
		return field(obj, scope.Name(n.ChildByField(syntax.FieldSelector).ChildByField(syntax.FieldName)))
	case syntax.KindItemAccessExpression, syntax.KindProjectionExpression:
		return whole(a.eval(n.ChildByField(syntax.FieldObject)))
	case syntax.KindBinaryExpression:
		return a.binary(n)
	case syntax.KindUnaryExpression:
		if n.ChildByField(syntax.FieldOperator).Kind() == syntax.KindKwNot {
			return bottom
		}
		return a.eval(n.ChildByField(syntax.FieldOperand))
	case syntax.KindMetadataExpression, syntax.KindAsExpression:
		return a.eval(n.ChildByField(syntax.FieldLeft))
	case syntax.KindIfExpression:
		return joinVals(a.eval(n.ChildByField(syntax.FieldConsequence)), a.eval(n.ChildByField(syntax.FieldAlternative)))
	case syntax.KindErrorHandlingExpression:
		v := a.eval(n.ChildByField(syntax.FieldBody))
		switch h := n.ChildByField(syntax.FieldHandler); h.Kind() {
		case syntax.KindOtherwiseClause:
			v = joinVals(v, a.eval(h.ChildByField(syntax.FieldValue)))
		case syntax.KindCatchClause:
			v = joinVals(v, a.eval(h.ChildByField(syntax.FieldBody)))
		}
		return v
	case syntax.KindRecordExpression:
		out := &aval{fields: map[string]*aval{}}
		for fld := range n.ChildrenByField(syntax.FieldField) {
			name := fld.ChildByField(syntax.FieldName)
			if name.IsNull() {
				continue
			}
			v := a.eval(fld.ChildByField(syntax.FieldValue))
			out.fields[scope.Name(name)] = v
			out.t = union(out.t, v.t)
		}
		return out
	case syntax.KindListExpression:
		out := &aval{}
		for it := range n.ChildrenByField(syntax.FieldItem) {
			if it.Kind() == syntax.KindRangeExpression {
				out.t = union(out.t, a.eval(it.ChildByField(syntax.FieldStart)).t)
				out.t = union(out.t, a.eval(it.ChildByField(syntax.FieldEnd)).t)
				continue
			}
			out.t = union(out.t, a.eval(it).t)
		}
		return out
	case syntax.KindInvocationExpression:
		return a.invoke(n)
	case syntax.KindIntrinsicIdentifier:
		// #table, #date … build values from their arguments.
		if name := n.Text(); name != "#shared" && name != "#sections" {
			return &aval{libs: []string{name}}
		}
	}
	return bottom
}

func (a *analyzer) binary(n syntax.Node) *aval {
	switch n.ChildByField(syntax.FieldOperator).Kind() {
	case syntax.KindTokAmpersand:
		l, r := a.eval(n.ChildByField(syntax.FieldLeft)), a.eval(n.ChildByField(syntax.FieldRight))
		if l.fields == nil && r.fields == nil {
			if len(l.t) == 0 && len(r.t) == 0 {
				return bottom
			}
			return &aval{t: union(l.t, r.t)}
		}
		out := &aval{t: union(l.t, r.t), fields: map[string]*aval{}}
		switch {
		case l.fields != nil && r.fields != nil:
			for k, v := range l.fields {
				out.fields[k] = v
			}
			for k, v := range r.fields {
				out.fields[k] = v
			}
			out.open = l.open || r.open
			out.rest = union(l.rest, r.rest)
		default:
			// One side is a record the analysis cannot see: any known field
			// may come from it too.
			known, other := l, r
			if l.fields == nil {
				known, other = r, l
			}
			for k, v := range known.fields {
				out.fields[k] = joinVals(v, field(other, k))
			}
			out.open = true
			out.rest = union(known.rest, other.t)
		}
		return out
	case syntax.KindTokCoalesce, syntax.KindTokPlus, syntax.KindTokMinus, syntax.KindTokStar, syntax.KindTokSlash:
		l, r := a.eval(n.ChildByField(syntax.FieldLeft)), a.eval(n.ChildByField(syntax.FieldRight))
		if n.ChildByField(syntax.FieldOperator).Kind() == syntax.KindTokCoalesce {
			return joinVals(l, r)
		}
		if len(l.t) == 0 && len(r.t) == 0 {
			return bottom
		}
		return &aval{t: union(l.t, r.t)}
	}
	// Comparisons and logical operators give logicals.
	return bottom
}

// ref is the value of a name.
func (a *analyzer) ref(n syntax.Node) *aval {
	ref := a.in.RefAt(n)
	if ref == nil || ref.Def == nil {
		return bottom
	}
	d := ref.Def
	switch d.Kind {
	case scope.Library:
		v := a.libVals[ref.Name]
		if v == nil {
			v = &aval{libs: []string{ref.Name}}
			a.libVals[ref.Name] = v
		}
		return v
	case scope.Parameter, scope.EachParameter, scope.CatchParameter:
		return a.paramVal(d)
	case scope.SectionMember, scope.LetBinding, scope.RecordField:
		return a.defVal(d)
	}
	return bottom
}

// defVal is the value of a member, binding or field, its sources' paths
// extended by the binding.
func (a *analyzer) defVal(d *scope.Def) *aval {
	value := d.Value
	if file := a.fs.Modules[d]; file != nil {
		value = file.Root().ChildByField(syntax.FieldExpression)
	}
	switch v := a.defVals[d]; v {
	case nil:
	case inProgress:
		// A function refers to itself: its value is known before its body.
		if m := a.memo[value.File()]; m != nil && value.Index() >= 0 && value.Index() < len(m) && m[value.Index()] != nil && m[value.Index()] != inProgress {
			return m[value.Index()]
		}
		return bottom
	default:
		return v
	}
	a.defVals[d] = inProgress
	v := a.eval(value)
	if len(v.t) > 0 {
		at := d.NameNode
		if at.IsNull() {
			at = d.Node
		}
		v = extend(v, step(at, "bound to `"+d.Name+"`"), 0)
	}
	a.defVals[d] = v
	return v
}

// extend adds a step to the paths of a value's sources, its fields' too.
func extend(v *aval, s Step, depth int) *aval {
	if len(v.t) == 0 {
		return v
	}
	out := *v
	out.t = make(taint, len(v.t))
	for i, x := range v.t {
		x.path = push(x.path, s)
		out.t[i] = x
	}
	if v.fields != nil && depth < 3 {
		out.fields = make(map[string]*aval, len(v.fields))
		for k, fv := range v.fields {
			out.fields[k] = extend(fv, s, depth+1)
		}
	}
	return &out
}

func (a *analyzer) paramVal(d *scope.Def) *aval {
	if v := a.paramVals[d]; v != nil {
		return v
	}
	at := d.NameNode
	if at.IsNull() {
		at = d.Node
	}
	v := &aval{t: taint{{kind: srcParam, def: d, path: push(nil, step(at, "parameter `"+d.Name+"`"))}}}
	a.paramVals[d] = v
	return v
}

// paramDefs returns a function's parameter definitions (nil entries for
// parameters without a name).
func (a *analyzer) paramDefs(fn syntax.Node) []*scope.Def {
	if fn.Kind() == syntax.KindEachExpression {
		return []*scope.Def{a.in.DefAt(fn)}
	}
	var out []*scope.Def
	for _, p := range facts.Params(fn) {
		out = append(out, a.in.DefAt(p))
	}
	return out
}

// closure is what a function value carries: its result's sources other
// than its own parameters.
func (a *analyzer) closure(fn syntax.Node) taint {
	body := a.eval(fn.ChildByField(syntax.FieldBody))
	if len(body.t) == 0 {
		return nil
	}
	own := a.paramDefs(fn)
	var out taint
next:
	for _, s := range body.t {
		if s.kind == srcParam {
			for _, p := range own {
				if p == s.def {
					continue next
				}
			}
		}
		out = out.add(s)
	}
	return out
}

// fnName names a function for paths: the binding it is the value of.
func (a *analyzer) fnName(fn syntax.Node) string {
	if d := facts.BindingOf(a.in, fn); d != nil {
		return d.Name
	}
	if fn.Kind() == syntax.KindEachExpression {
		return "each"
	}
	return "a function"
}

func (a *analyzer) invoke(n syntax.Node) *aval {
	callee := a.eval(n.ChildByField(syntax.FieldFunction))
	argNodes := facts.Args(n)
	args := make([]*aval, len(argNodes))
	for i, arg := range argNodes {
		args[i] = a.eval(arg)
	}
	out := bottom
	for _, lib := range callee.libs {
		out = joinVals(out, a.libCall(n, lib, args, argNodes))
	}
	for _, fn := range callee.fns {
		out = joinVals(out, a.userCall(n, fn, args))
	}
	return out
}

// userCall is the result of calling a connector function: its result with
// its parameters' sources replaced by the arguments'.
func (a *analyzer) userCall(call, fn syntax.Node, args []*aval) *aval {
	body := fn.ChildByField(syntax.FieldBody)
	var res *aval
	if a.evaluating(body) {
		a.recursive[keyOf(fn)] = fn
		res = a.prev[keyOf(fn)]
		if res == nil {
			res = bottom
		}
	} else {
		res = a.eval(body)
	}
	params := a.paramDefs(fn)
	a.calls = append(a.calls, callSite{call: call, fn: fn, params: params, args: args})
	return a.subst(res, params, args, call, a.fnName(fn), 0)
}

func (a *analyzer) subst(v *aval, params []*scope.Def, args []*aval, call syntax.Node, name string, depth int) *aval {
	if v.empty() {
		return v
	}
	out := &aval{open: v.open, fns: v.fns, libs: v.libs}
	ret := step(call, "returned by `"+name+"`")
	for _, s := range v.t {
		i := -1
		if s.kind == srcParam {
			for j, p := range params {
				if p == s.def {
					i = j
				}
			}
		}
		if i < 0 {
			s.path = push(s.path, ret)
			out.t = out.t.add(s)
			continue
		}
		part := bottom
		if i < len(args) {
			part = args[i]
			if s.sel != "" {
				part = field(part, s.sel)
			}
		}
		pass := step(call, "passed as `"+s.def.Name+"` to `"+name+"`")
		for _, r := range part.t {
			r.path = push(concat(push(r.path, pass), s.path), ret)
			out.t = out.t.add(r)
		}
	}
	if v.fields != nil {
		if depth >= 3 {
			out.open = true
		} else {
			out.fields = make(map[string]*aval, len(v.fields))
			for k, fv := range v.fields {
				out.fields[k] = a.subst(fv, params, args, call, name, depth+1)
			}
			if len(v.rest) > 0 {
				out.rest = a.subst(&aval{t: v.rest}, params, args, call, name, depth+1).t
			}
		}
	}
	return out
}

// valueless are return types whose values carry nothing of their
// arguments worth following.
var valueless = map[string]bool{
	"number": true, "nullable number": true, "logical": true, "nullable logical": true,
	"type": true, "nullable none": true, "action": true,
	"date": true, "nullable date": true, "datetime": true, "nullable datetime": true,
	"datetimezone": true, "nullable datetimezone": true, "time": true, "nullable time": true,
	"duration": true, "nullable duration": true,
}

// libCall is the result of calling a library function.
func (a *analyzer) libCall(call syntax.Node, name string, args []*aval, argNodes []syntax.Node) *aval {
	arg := func(i int) *aval {
		if i < len(args) {
			return args[i]
		}
		return bottom
	}
	switch name {
	case "Extension.CurrentCredential":
		return &aval{t: taint{{kind: srcCred, path: push(nil, step(call, "`Extension.CurrentCredential()`"))}}}
	case "Value.ReplaceType", "Value.ReplaceMetadata", "Value.RemoveMetadata", "Table.Buffer", "List.Buffer", "Binary.Buffer":
		return arg(0)
	case "Diagnostics.Trace":
		v := arg(2)
		if len(v.fns) > 0 {
			out := bottom
			for _, fn := range v.fns {
				out = joinVals(out, a.userCall(call, fn, nil))
			}
			return out
		}
		return v
	case "Function.InvokeAfter":
		out := bottom
		for _, fn := range arg(0).fns {
			out = joinVals(out, a.userCall(call, fn, nil))
		}
		return out
	case "Record.Field", "Record.FieldOrDefault":
		if len(argNodes) > 1 {
			if fname, ok := facts.Text(a.in, argNodes[1]); ok {
				v := field(arg(0), fname)
				if name == "Record.FieldOrDefault" {
					v = joinVals(v, arg(2))
				}
				return v
			}
		}
	case "Expression.Evaluate", "Extension.CredentialError", "Error.Record":
		return bottom
	}
	if facts.IsRequest(name) {
		return &aval{t: taint{{kind: srcResp, req: call, path: push(nil, step(call, "response of `"+name+"`"))}}}
	}
	if sym := mlib.Lookup(name); sym != nil {
		if valueless[sym.Returns] {
			return bottom
		}
	} else if len(name) == 0 || name[0] != '#' {
		// Not a library function we know: its result derives from nothing
		// we can show.
		return bottom
	}
	out := &aval{}
	for _, v := range args {
		out.t = union(out.t, v.t)
	}
	if len(out.t) == 0 {
		return bottom
	}
	return out
}
