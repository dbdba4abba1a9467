package facts

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// This file collects the library calls of interest, the loaders that
// forward a parameter to Extension.Contents or Extension.LoadString, the
// members bound to helper modules, and where Expression.Evaluate's text and
// environment come from.

type loaderKey struct {
	fn     nodeKey
	param  int
	target string
}

// libraryCalls collects the calls of Extension.LoadString,
// Extension.Contents, Expression.Evaluate and the references to
// Diagnostics.* in every file.
func (col *collector) libraryCalls() {
	f := col.f
	// The library definitions hold their references: read those of the
	// names of interest, not every reference of the connector.
	var refs []*scope.Ref
	for _, d := range col.in.Global.Defs {
		if d.Kind != scope.Library {
			continue
		}
		switch {
		case strings.HasPrefix(d.Name, "Diagnostics."), d.Name == "Extension.LoadString", d.Name == "Extension.Contents", d.Name == "Expression.Evaluate":
			refs = append(refs, d.Refs...)
		}
	}
	rank := map[*syntax.File]int{}
	for i, sf := range col.c.Files() {
		rank[sf.File] = i
	}
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].File != refs[j].File {
			return rank[refs[i].File] < rank[refs[j].File]
		}
		return refs[i].Node.Index() < refs[j].Node.Index()
	})
	for _, ref := range refs {
		diag := strings.HasPrefix(ref.Name, "Diagnostics.")
		call := ref.Node.Parent()
		isCall := call.Kind() == syntax.KindInvocationExpression && ref.Node.Equal(call.ChildByField(syntax.FieldFunction))
		if !isCall && !diag {
			continue
		}
		c := &Call{File: ref.File, Name: ref.Name}
		if isCall {
			c.Node = call
			c.Args = Args(call)
		} else {
			c.Node, c.Reference = ref.Node, true
		}
		if len(c.Args) > 0 {
			c.Text, c.IsText = Text(col.in, c.Args[0])
		}
		if top := memberOf(col.in, c.Node); top != nil {
			c.Member = f.byDef[top]
		}
		switch {
		case ref.Name == "Extension.LoadString":
			f.LoadStrings = append(f.LoadStrings, c)
		case ref.Name == "Extension.Contents":
			f.Contents = append(f.Contents, c)
		case diag:
			f.Diagnostics = append(f.Diagnostics, c)
		case ref.Name == "Expression.Evaluate":
			f.Evaluates = append(f.Evaluates, c)
		}
	}
}

// forwardedParam returns the parameter an argument passes on unchanged
// (through let bindings), with its function and the definition the
// function is bound to; nil when the argument is anything else.
func (col *collector) forwardedParam(arg syntax.Node) (p *scope.Def, fn syntax.Node, binding *scope.Def, index int) {
	a := Deref(col.in, arg)
	if a.Kind() != syntax.KindIdentifierExpression {
		return nil, syntax.Node{}, nil, -1
	}
	ref := col.in.RefAt(a)
	if ref == nil || ref.Def == nil || ref.Def.Kind != scope.Parameter {
		return nil, syntax.Node{}, nil, -1
	}
	fn, index = FunctionOfParam(ref.Def)
	binding = BindingOf(col.in, fn)
	if binding == nil {
		return nil, syntax.Node{}, nil, -1
	}
	return ref.Def, fn, binding, index
}

// findLoaders finds the functions that forward a parameter to
// Extension.Contents or Extension.LoadString, directly or through another
// loader, and lists their calls as uses.
func (col *collector) findLoaders() {
	f := col.f
	var work []*Loader
	mark := func(c *Call, target string) {
		p, fn, binding, index := col.forwardedParam(Arg(c.Node, argIndex(c)))
		if p == nil {
			return
		}
		k := loaderKey{keyOf(fn), index, target}
		l := col.loaders[k]
		if l == nil {
			l = &Loader{Def: binding, Function: fn, Param: index, ParamDef: p, Target: target}
			col.loaders[k] = l
			f.Loaders = append(f.Loaders, l)
			work = append(work, l)
		}
		c.InLoader = l
		l.Inner = append(l.Inner, c)
	}
	for _, c := range f.Contents {
		if !c.Reference {
			mark(c, "Extension.Contents")
		}
	}
	for _, c := range f.LoadStrings {
		if !c.Reference {
			mark(c, "Extension.LoadString")
		}
	}
	// A loader's calls are uses; a call that forwards another function's
	// parameter makes that function a loader too.
	for len(work) > 0 {
		l := work[0]
		work = work[1:]
		for _, ref := range l.Def.Refs {
			call := ref.Node.Parent()
			if call.Kind() != syntax.KindInvocationExpression || !ref.Node.Equal(call.ChildByField(syntax.FieldFunction)) {
				continue
			}
			c := &Call{File: ref.File, Node: call, Name: ref.Name, Args: Args(call), Via: l}
			c.Text, c.IsText = Text(col.in, Arg(call, l.Param))
			if top := memberOf(col.in, call); top != nil {
				c.Member = f.byDef[top]
			}
			l.Calls = append(l.Calls, c)
			if l.Target == "Extension.Contents" {
				f.Contents = append(f.Contents, c)
			} else {
				f.LoadStrings = append(f.LoadStrings, c)
			}
			if !c.IsText {
				mark(c, l.Target)
			}
		}
	}
	for _, l := range f.Loaders {
		for _, e := range f.Evaluates {
			if l.Function.Contains(e.Node) {
				l.Evaluates = true
			}
		}
	}
	// A loader that forwards to a module loader loads modules too.
	for changed := true; changed; {
		changed = false
		for _, l := range f.Loaders {
			for _, c := range l.Inner {
				if !l.Evaluates && c.Via != nil && c.Via.Evaluates {
					l.Evaluates, changed = true, true
				}
			}
		}
	}
	for _, l := range f.Loaders {
		l.AllLiteral = col.allLiteral(l, map[*Loader]bool{})
	}
}

// argIndex is the index of a call's name argument.
func argIndex(c *Call) int {
	if c.Via != nil {
		return c.Via.Param
	}
	return 0
}

// allLiteral reports whether every use of a loader is a call with a literal
// (or a call that forwards the parameter of a loader that is).
func (col *collector) allLiteral(l *Loader, seen map[*Loader]bool) bool {
	if seen[l] {
		return true
	}
	seen[l] = true
	if l.Def.Shared {
		return false
	}
	calls := 0
	for _, ref := range l.Def.Refs {
		call := ref.Node.Parent()
		if call.Kind() != syntax.KindInvocationExpression || !ref.Node.Equal(call.ChildByField(syntax.FieldFunction)) {
			return false
		}
		calls++
	}
	for _, c := range l.Calls {
		if c.IsText {
			continue
		}
		if c.InLoader == nil || !col.allLiteral(c.InLoader, seen) {
			return false
		}
	}
	return calls == len(l.Calls)
}

// loaderCalled returns the loader an invocation calls, or nil.
func (col *collector) loaderCalled(call syntax.Node) *Loader {
	ref := col.in.RefAt(call.ChildByField(syntax.FieldFunction))
	if ref == nil || ref.Def == nil {
		return nil
	}
	for _, l := range col.f.Loaders {
		if l.Def == ref.Def {
			return l
		}
	}
	return nil
}

// moduleBindings finds the members bound to helper modules:
// `X = Loader("X.pqm")` with a module loader, `X = Extension.LoadFunction(
// "X.pqm")` even when that function is not defined, and `X =
// Expression.Evaluate(Text.FromBinary(Extension.Contents("X.pqm")), …)`.
func (col *collector) moduleBindings() {
	f := col.f
	for _, m := range f.Members {
		v := Deref(col.in, m.Def.Value)
		if v.Kind() != syntax.KindInvocationExpression {
			continue
		}
		name, ok := "", false
		switch {
		case LibraryCall(col.in, v, "Expression.Evaluate"):
			if call, _, _ := col.contentsOf(Arg(v, 0)); !call.IsNull() {
				name, ok = Text(col.in, Arg(call, 0))
			}
		default:
			if l := col.loaderCalled(v); l != nil && l.Evaluates && l.Target == "Extension.Contents" {
				name, ok = Text(col.in, Arg(v, l.Param))
			} else if ref := col.in.RefAt(v.ChildByField(syntax.FieldFunction)); ref != nil && ref.Def == nil && ref.Name == "Extension.LoadFunction" {
				name, ok = Text(col.in, Arg(v, 0))
			}
		}
		if !ok {
			continue
		}
		b := &ModuleBinding{Member: m, FileName: name, Call: v}
		for _, mod := range col.c.Modules {
			if strings.EqualFold(filepath.Base(mod.Path), baseName(name)) {
				b.File, b.Path = mod.File, mod.Path
				break
			}
		}
		m.Module = b
		f.ModuleBindings = append(f.ModuleBindings, b)
		if b.File != nil {
			f.Modules[m.Def] = b.File
			f.bindingOf[b.File] = append(f.bindingOf[b.File], b)
		}
	}
}

// baseName is a file name's last element, with either slash.
func baseName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// contentsOf follows n to Text.FromBinary(Extension.Contents(x)) and
// returns the Extension.Contents call and x followed.
func (col *collector) contentsOf(n syntax.Node) (call, arg syntax.Node, ok bool) {
	v := Deref(col.in, n)
	if !LibraryCall(col.in, v, "Text.FromBinary") {
		return syntax.Node{}, syntax.Node{}, false
	}
	b := Deref(col.in, Arg(v, 0))
	if !LibraryCall(col.in, b, "Extension.Contents") {
		return syntax.Node{}, syntax.Node{}, false
	}
	return b, Deref(col.in, Arg(b, 0)), true
}

// -- Expression.Evaluate --

func (col *collector) evaluates() {
	for _, c := range col.f.Evaluates {
		e := &Eval{}
		e.Text, e.TextNode, e.Loader, e.Files = col.textOrigin(Arg(c.Node, 0))
		e.Env, e.EnvNode = col.envOrigin(Arg(c.Node, 1), map[*scope.Def]bool{})
		c.Eval = e
	}
}

// textOrigin says where the text an Expression.Evaluate call evaluates
// comes from.
func (col *collector) textOrigin(n syntax.Node) (Origin, syntax.Node, *Loader, []string) {
	if n.IsNull() {
		return OriginOther, n, nil, nil
	}
	v := Deref(col.in, n)
	if v.Kind() == syntax.KindTextLiteral {
		return OriginLiteral, v, nil, nil
	}
	if call, arg, ok := col.contentsOf(n); ok {
		if arg.Kind() == syntax.KindTextLiteral {
			return OriginContents, call, nil, []string{TextValue(arg)}
		}
		if p, _, _, _ := col.forwardedParam(arg); p != nil {
			for _, l := range col.f.Loaders {
				if l.ParamDef == p && l.Target == "Extension.Contents" {
					if !l.AllLiteral {
						return OriginParameter, arg, l, nil
					}
					return OriginLoader, call, l, literalNames(l, map[*Loader]bool{})
				}
			}
		}
	}
	d := &derivation{col: col, bound: map[nodeKey]bool{}, seen: map[nodeKey]bool{}, budget: 4096}
	d.walk(n)
	switch {
	case !d.response.IsNull():
		return OriginResponse, d.response, nil, nil
	case !d.param.IsNull():
		return OriginParameter, d.param, nil, nil
	}
	return OriginOther, v, nil, nil
}

// literalNames lists the literal names a loader is called with, also
// through loaders that forward to it.
func literalNames(l *Loader, seen map[*Loader]bool) []string {
	if seen[l] {
		return nil
	}
	seen[l] = true
	var out []string
	for _, c := range l.Calls {
		if c.IsText {
			out = append(out, c.Text)
		} else if c.InLoader != nil {
			out = append(out, literalNames(c.InLoader, seen)...)
		}
	}
	return out
}

// envOrigin says what environment an Expression.Evaluate call passes.
func (col *collector) envOrigin(n syntax.Node, seen map[*scope.Def]bool) (Origin, syntax.Node) {
	if n.IsNull() {
		return OriginNone, n
	}
	v := Deref(col.in, n)
	switch v.Kind() {
	case syntax.KindIntrinsicIdentifier:
		if strings.TrimSpace(v.Text()) == "#shared" {
			return OriginShared, v
		}
	case syntax.KindRecordExpression:
		return OriginRecord, v
	case syntax.KindBinaryExpression:
		if v.ChildByField(syntax.FieldOperator).Kind() == syntax.KindTokAmpersand {
			l := Deref(col.in, v.ChildByField(syntax.FieldLeft))
			if l.Kind() == syntax.KindIntrinsicIdentifier && strings.TrimSpace(l.Text()) == "#shared" {
				if _, _, ok := RecordOf(col.in, v.ChildByField(syntax.FieldRight)); ok {
					return OriginSharedConcat, v
				}
			}
		}
	case syntax.KindIdentifierExpression:
		// A loader's parameter: judge what every caller passes.
		p, _, binding, index := col.forwardedParam(v)
		if p == nil || seen[binding] || binding.Shared {
			break
		}
		seen[binding] = true
		// Every caller must pass an acceptable environment; the first
		// caller's stands for them.
		first, firstNode := OriginOther, syntax.Node{}
		for i, ref := range binding.Refs {
			call := ref.Node.Parent()
			if call.Kind() != syntax.KindInvocationExpression || !ref.Node.Equal(call.ChildByField(syntax.FieldFunction)) {
				return OriginOther, ref.Node
			}
			o, on := col.envOrigin(Arg(call, index), seen)
			if o == OriginOther {
				return OriginOther, on
			}
			if i == 0 {
				first, firstNode = o, on
			}
		}
		if len(binding.Refs) > 0 {
			return first, firstNode
		}
	}
	return OriginOther, v
}

// derivation walks what an expression's value is computed from, looking for
// web responses and function parameters.
type derivation struct {
	col *collector
	// bound are the functions whose parameters stand for arguments already
	// walked (functions entered through a call).
	bound    map[nodeKey]bool
	seen     map[nodeKey]bool
	budget   int
	response syntax.Node
	param    syntax.Node
}

func (d *derivation) walk(n syntax.Node) {
	if n.IsNull() || d.budget <= 0 || !d.response.IsNull() {
		return
	}
	d.budget--
	in := d.col.in
	switch n.Kind() {
	case syntax.KindIdentifierExpression, syntax.KindSectionAccessExpression:
		ref := in.RefAt(n)
		if ref == nil || ref.Def == nil {
			return
		}
		switch ref.Def.Kind {
		case scope.Parameter, scope.EachParameter, scope.CatchParameter:
			fn, _ := FunctionOfParam(ref.Def)
			if !d.bound[keyOf(fn)] && d.param.IsNull() {
				d.param = n
			}
		case scope.SectionMember, scope.LetBinding, scope.RecordField:
			if k := keyOf(ref.Def.Node); !d.seen[k] {
				d.seen[k] = true
				d.walk(ref.Def.Value)
			}
		}
		return
	case syntax.KindInvocationExpression:
		if name := LibraryName(in, n); name != "" {
			if IsRequest(name) {
				d.response = n
				return
			}
		} else {
			fn := d.col.f.Deref(n.ChildByField(syntax.FieldFunction))
			if fn.Kind() == syntax.KindFunctionExpression || fn.Kind() == syntax.KindEachExpression {
				if k := keyOf(fn); !d.seen[k] {
					d.seen[k] = true
					d.bound[k] = true
					d.walk(fn.ChildByField(syntax.FieldBody))
				}
			}
		}
		for _, a := range Args(n) {
			d.walk(a)
		}
		return
	case syntax.KindFunctionExpression, syntax.KindEachExpression, syntax.KindTypeExpression:
		return
	case syntax.KindIfExpression:
		d.walk(n.ChildByField(syntax.FieldConsequence))
		d.walk(n.ChildByField(syntax.FieldAlternative))
		return
	}
	for c := range n.NamedChildren() {
		if !c.IsExtra() {
			d.walk(c)
		}
	}
}

// IsRequest reports library functions that fetch data: the data source
// functions of the library and Web.Page.
func IsRequest(name string) bool {
	if name == "Web.Page" {
		return true
	}
	s := mlib.Lookup(name)
	return s != nil && s.IsDataSource
}
