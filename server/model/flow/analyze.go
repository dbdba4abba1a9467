package flow

import (
	"math/bits"
	"slices"

	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// maxRounds bounds the re-evaluations of a recursive function's body.
const maxRounds = 4

type analyzer struct {
	in  *scope.Info
	fs  *facts.Facts
	res *Result
	st  *state

	files []*syntax.File
	main  *syntax.File

	libVals map[*scope.Def]*aval
	// stack are the functions whose bodies are being evaluated. A call of
	// one of them is recursive: heads are the functions so called, cycles
	// the functions on the stack above each head, and summary the result
	// a recursive call gets: the body's result of the round before.
	stack    []syntax.Node
	heads    map[nodeKey]bool
	cycles   map[nodeKey][]syntax.Node
	summary  map[nodeKey]*aval
	recCalls map[nodeKey][]recCall
	// params caches each function's parameter definitions.
	params map[nodeKey][]*scope.Def
	arena

	edges     chunked[edge]
	edgesFrom map[*scope.Def]edgeList
	// fed are the parameters that something reaches, in the order they
	// were first reached (with repeats).
	fed   []*scope.Def
	roots map[*scope.Def]*facts.DataSource

	https      map[int]int32
	httpsVals  chunked[hres]
	paramHTTPS map[*scope.Def]int32

	graph *memberGraph
	// names interns field names.
	names scope.Names
	// marks are the calls and field accesses, in file and document order,
	// for collect.
	marks chunked[syntax.Node]
}

// state is what the Result keeps of the analysis to answer questions about
// nodes: their values and what reaches each parameter. It is not changed
// after Analyze returns.
type state struct {
	// memo holds every node's value while analysing; values, what the
	// Result keeps of it.
	memo   []*fileMemo
	values []fileValues
	// feeds are what reaches each parameter (or field of it), resolved
	// to the credential, responses and user input.
	feeds      map[slot]taint
	fieldSlots map[*scope.Def][]string
	// whole is, per parameter, what reaches any part of it.
	whole map[*scope.Def]taint
}

// fileMemo holds a file's values by node index: of expressions, and of
// definitions at their defining node (section members, let bindings,
// record fields and parameters are no expressions, so the two never share
// an index). The implicit `_` of `each`, defined by the each_expression
// itself, is kept in each.
//
// Only those nodes have a place: a third of a file's nodes or so. has
// marks them, 64 nodes to a word, and before counts the marked nodes ahead
// of each word, so that a node's place in vals is a popcount away; a table
// of every node would be several times as large, and is made again on
// every analysis.
type fileMemo struct {
	f      *syntax.File
	n      int // the file's node count
	has    []uint64
	before []int32
	vals   []*aval
	each   map[int]*aval
}

// chunked is a list in chunks that double in size: it grows without
// copying, keeps at most as much spare room as it holds, and costs little
// when short.
type chunked[T any] struct {
	chunks [][]T
	n      int
}

const firstChunk = 16

// place returns the chunk and the offset in it of position i: chunk k
// holds firstChunk<<k elements and starts at firstChunk*(2^k-1).
func place(i int) (k, off int) {
	k = bits.Len(uint(i/firstChunk+1)) - 1
	return k, i - firstChunk*(1<<k-1)
}

// add appends v and returns its position.
func (l *chunked[T]) add(v T) int {
	k, off := place(l.n)
	if k == len(l.chunks) {
		l.chunks = append(l.chunks, make([]T, firstChunk<<k))
	}
	l.chunks[k][off] = v
	l.n++
	return l.n - 1
}

// at returns the element at position i.
func (l *chunked[T]) at(i int) *T {
	k, off := place(i)
	return &l.chunks[k][off]
}

// newFileMemo makes the memo of a file, with a place for each node of a
// value kind and each node that defines one of defs.
func newFileMemo(f *syntax.File, defs []*scope.Def) *fileMemo {
	n := f.NodeCount()
	m := &fileMemo{f: f, n: n, has: make([]uint64, (n+63)/64), each: map[int]*aval{}}
	f.Scan(valueKinds, func(node syntax.Node) {
		i := node.Index()
		m.has[i>>6] |= 1 << (i & 63)
	})
	for _, d := range defs {
		if d.File == f && !d.Node.IsNull() {
			i := d.Node.Index()
			m.has[i>>6] |= 1 << (i & 63)
		}
	}
	m.before = make([]int32, len(m.has))
	total := 0
	for w, word := range m.has {
		m.before[w] = int32(total)
		total += bits.OnesCount64(word)
	}
	m.vals = make([]*aval, total)
	return m
}

// rank returns the number of places before node index i (all of them past
// the last node), and whether i has one.
func (m *fileMemo) rank(i int) (int, bool) {
	switch {
	case i < 0:
		return 0, false
	case i >= m.n:
		return len(m.vals), false
	}
	w, bit := i>>6, uint64(1)<<(i&63)
	return int(m.before[w]) + bits.OnesCount64(m.has[w]&(bit-1)), m.has[w]&bit != 0
}

// get returns the value at node index i: nil when not computed (or when i
// has no place), else a value, bottom or inProgress.
func (m *fileMemo) get(i int) *aval {
	if r, ok := m.rank(i); ok {
		return m.vals[r]
	}
	return nil
}

// set stores the value at node index i; a node without a place keeps
// nothing (its kind is no expression: it has no value to keep).
func (m *fileMemo) set(i int, v *aval) {
	if r, ok := m.rank(i); ok {
		m.vals[r] = v
	}
}

func (st *state) fileMemo(f *syntax.File) *fileMemo {
	if len(st.memo) > 0 && st.memo[0].f == f {
		return st.memo[0]
	}
	for _, m := range st.memo {
		if m.f == f {
			return m
		}
	}
	return nil
}

// val returns the value computed for n, or nil.
func (st *state) val(n syntax.Node) *aval {
	m := st.fileMemo(n.File())
	if m == nil {
		return nil
	}
	return m.get(n.Index())
}

// fileValues are the values of a file's nodes that derive from some
// source, by node index in ascending order. The Result asks only for
// sources, and most nodes have none: this list is a fraction of the memo's
// table, whose other values the collector may then free.
type fileValues struct {
	f    *syntax.File
	at   []int32
	vals []*aval
}

// finish keeps the values with sources and drops the memo.
func (st *state) finish() {
	st.values = make([]fileValues, 0, len(st.memo))
	for _, m := range st.memo {
		n := 0
		for _, v := range m.vals {
			if v != nil && len(v.t) > 0 {
				n++
			}
		}
		fv := fileValues{f: m.f, at: make([]int32, 0, n), vals: make([]*aval, 0, n)}
		r := 0
		for w, word := range m.has {
			for ; word != 0; word &= word - 1 {
				if v := m.vals[r]; v != nil && len(v.t) > 0 {
					fv.at = append(fv.at, int32(w<<6+bits.TrailingZeros64(word)))
					fv.vals = append(fv.vals, v)
				}
				r++
			}
		}
		st.values = append(st.values, fv)
	}
	st.memo = nil
}

// sourced returns n's value if it derives from some source, or nil.
func (st *state) sourced(n syntax.Node) *aval {
	for _, fv := range st.values {
		if fv.f != n.File() {
			continue
		}
		if i, ok := slices.BinarySearch(fv.at, int32(n.Index())); ok {
			return fv.vals[i]
		}
		return nil
	}
	return nil
}

// resolve is what reaches parameter def: its field sel, or any part of it
// for "".
func (st *state) resolve(def *scope.Def, sel string) taint {
	if sel == "" {
		return st.whole[def]
	}
	if t, ok := st.feeds[slot{def, sel}]; ok {
		return union(st.feeds[slot{def, ""}], t)
	}
	return st.feeds[slot{def, ""}]
}

func newAnalyzer(in *scope.Info, fs *facts.Facts) *analyzer {
	a := &analyzer{in: in, fs: fs, st: &state{}}
	a.res = &Result{st: a.st}
	seen := map[*syntax.File]bool{}
	for _, s := range in.Scopes {
		if (s.Kind == scope.SectionScope || s.Kind == scope.ModuleScope) && !seen[s.File] {
			seen[s.File] = true
			a.files = append(a.files, s.File)
			a.st.memo = append(a.st.memo, newFileMemo(s.File, in.Defs))
		}
	}
	a.res.files = a.files
	if in.Section != nil {
		a.main = in.Section.File
	}
	a.libVals = map[*scope.Def]*aval{}
	a.heads = map[nodeKey]bool{}
	a.cycles = map[nodeKey][]syntax.Node{}
	a.summary = map[nodeKey]*aval{}
	a.recCalls = map[nodeKey][]recCall{}
	a.params = map[nodeKey][]*scope.Def{}
	a.st.feeds = map[slot]taint{}
	a.st.fieldSlots = map[*scope.Def][]string{}
	a.edgesFrom = map[*scope.Def]edgeList{}
	return a
}

func (a *analyzer) run() {
	a.evalAll()
	a.propagate()
	a.collect()
}

// evalAll evaluates every expression of every file, so that every call
// site is seen and every node has its value.
func (a *analyzer) evalAll() {
	for _, m := range a.st.memo {
		for node := range m.f.Root().Descendants() {
			k := node.Kind()
			if k == syntax.KindInvocationExpression || k == syntax.KindFieldAccessExpression {
				a.marks.add(node)
			}
			if valueKinds[k] && m.get(node.Index()) == nil {
				a.eval(node)
			}
		}
	}
}

// valueKinds are the node kinds that have values.
var valueKinds = func() []bool {
	m := make([]bool, 256)
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
	m := a.st.fileMemo(n.File())
	i := n.Index()
	if m == nil || i >= m.n {
		return bottom
	}
	switch v := m.get(i); v {
	case nil:
	case inProgress:
		return bottom
	default:
		return v
	}
	if k := n.Kind(); k == syntax.KindFunctionExpression || k == syntax.KindEachExpression {
		// A function is a value before its body is known: a recursive
		// function calls itself through it.
		// Its body is evaluated now (through body, which settles
		// recursion); what the function carries is asked for only where a
		// library function receives it (closure).
		v := &aval{fn: &callees{fns: []syntax.Node{n}}}
		m.set(i, v)
		a.body(n)
		return v
	}
	m.set(i, inProgress)
	v := a.compute(n)
	if v == nil {
		v = bottom
	}
	m.set(i, v)
	return v
}

// nodeID is a node's number among all the connector's nodes.
func (a *analyzer) nodeID(n syntax.Node) int {
	for i, m := range a.st.memo {
		if m.f == n.File() {
			return i<<32 | n.Index()
		}
	}
	return -1
}

func (a *analyzer) evaluating(n syntax.Node) bool {
	m := a.st.fileMemo(n.File())
	return m != nil && m.get(n.Index()) == inProgress
}

// body is the result of a function's body. A recursive call gets the
// result of the round before; the body of a function called recursively is
// evaluated again, with the functions of its cycle, until its result stays
// the same.
func (a *analyzer) body(fn syntax.Node) *aval {
	b := fn.ChildByField(syntax.FieldBody)
	k := keyOf(fn)
	if a.evaluating(b) {
		for i := len(a.stack) - 1; i >= 0; i-- {
			if a.stack[i].Equal(fn) {
				a.cycles[k] = unionNodes(a.cycles[k], a.stack[i:])
				break
			}
		}
		a.heads[k] = true
		if s := a.summary[k]; s != nil {
			return s
		}
		return bottom
	}
	if v := a.st.val(b); v != nil {
		return v
	}
	a.stack = append(a.stack, fn)
	v := a.eval(b)
	for round := 0; round < maxRounds && a.heads[k]; round++ {
		if a.settled(k, v) {
			break
		}
		delete(a.heads, k)
		a.recCalls[k] = nil
		a.summary[k] = v
		for _, g := range a.cycles[k] {
			a.invalidate(g)
		}
		v = a.eval(b)
	}
	delete(a.heads, k)
	delete(a.recCalls, k)
	a.stack = a.stack[:len(a.stack)-1]
	return v
}

// recCall is a recursive call, seen while its function's body was being
// evaluated.
type recCall struct {
	call   syntax.Node
	name   string
	params []*scope.Def
	args   []*aval
}

// settled reports whether what the recursive calls of a function would
// return, given its body's result v, adds no source to v: evaluating the
// body again would give nothing new.
func (a *analyzer) settled(k nodeKey, v *aval) bool {
	for _, rc := range a.recCalls[k] {
		s := a.subst(v, rc.params, rc.args, rc.call, rc.name, 0)
	next:
		for _, x := range s.t {
			for _, y := range v.t {
				if x.same(y) {
					continue next
				}
			}
			return false
		}
	}
	return true
}

// invalidate forgets the values inside a function, to evaluate it again.
func (a *analyzer) invalidate(fn syntax.Node) {
	m := a.st.fileMemo(fn.File())
	if m == nil {
		return
	}
	lo, _ := m.rank(fn.Index() + 1)
	hi, _ := m.rank(fn.SubtreeEnd())
	for r := lo; r < hi; r++ {
		if m.vals[r] != inProgress {
			m.vals[r] = nil
		}
	}
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
			return field(v, a.names.Of(n.ChildByField(syntax.FieldName)))
		}
		return whole(v)
	case syntax.KindFieldAccessExpression:
		obj := a.eval(n.ChildByField(syntax.FieldObject))
		return field(obj, a.names.Of(n.ChildByField(syntax.FieldSelector).ChildByField(syntax.FieldName)))
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
		var t taint
		var fs fields
		for fld := range n.ChildrenByField(syntax.FieldField) {
			name := fld.ChildByField(syntax.FieldName)
			if name.IsNull() {
				continue
			}
			v := a.eval(fld.ChildByField(syntax.FieldValue))
			fs = append(fs, fieldVal{a.names.Of(name), v})
			t = union(t, v.t)
		}
		return recordVal(t, sortFields(fs), false, nil)
	case syntax.KindListExpression:
		var t taint
		for it := range n.ChildrenByField(syntax.FieldItem) {
			if it.Kind() == syntax.KindRangeExpression {
				t = union(t, a.eval(it.ChildByField(syntax.FieldStart)).t)
				t = union(t, a.eval(it.ChildByField(syntax.FieldEnd)).t)
				continue
			}
			t = union(t, a.eval(it).t)
		}
		if len(t) == 0 {
			return bottom
		}
		return &aval{t: t}
	case syntax.KindInvocationExpression:
		return a.invoke(n)
	case syntax.KindIntrinsicIdentifier:
		// #table, #date … build values from their arguments.
		if name := n.Text(); name != "#shared" && name != "#sections" {
			return &aval{fn: &callees{libs: []string{name}}}
		}
	}
	return bottom
}

func (a *analyzer) binary(n syntax.Node) *aval {
	switch n.ChildByField(syntax.FieldOperator).Kind() {
	case syntax.KindTokAmpersand:
		l, r := a.eval(n.ChildByField(syntax.FieldLeft)), a.eval(n.ChildByField(syntax.FieldRight))
		if l.rec == nil && r.rec == nil {
			if len(l.t) == 0 && len(r.t) == 0 {
				return bottom
			}
			return &aval{t: union(l.t, r.t)}
		}
		if l.rec != nil && r.rec != nil {
			fs := mergeFields(l.rec.fields, r.rec.fields, func(_, rv *aval) *aval { return rv })
			return recordVal(union(l.t, r.t), fs, l.rec.open || r.rec.open, union(l.rec.rest, r.rec.rest))
		}
		// One side is a record the analysis cannot see: any known field may
		// come from it too.
		known, other := l, r
		if l.rec == nil {
			known, other = r, l
		}
		fs := make(fields, len(known.rec.fields))
		for i, f := range known.rec.fields {
			fs[i] = fieldVal{f.name, joinVals(f.v, field(other, f.name))}
		}
		return recordVal(union(l.t, r.t), fs, true, union(known.rec.rest, other.t))
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
		v := a.libVals[d]
		if v == nil {
			v = &aval{fn: &callees{libs: []string{ref.Name}}}
			a.libVals[d] = v
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
	m := a.st.fileMemo(d.File)
	i := d.Node.Index()
	if m == nil || i < 0 || i >= m.n {
		return bottom
	}
	v := m.get(i)
	if v != nil && v != inProgress {
		return v
	}
	value := d.Value
	if file := a.fs.Modules[d]; file != nil {
		value = file.Root().ChildByField(syntax.FieldExpression)
	}
	if v == inProgress {
		// A function refers to itself: its value is known before its body.
		if v := a.st.val(value); v != nil && v != inProgress {
			return v
		}
		return bottom
	}
	m.set(i, inProgress)
	v = a.eval(value)
	if len(v.t) > 0 {
		at := d.NameNode
		if at.IsNull() {
			at = d.Node
		}
		v = a.extend(v, hop{at: at, kind: hopBound, a: d.Name}, 0)
	}
	m.set(i, v)
	return v
}

// extend adds a hop to the paths of a value's sources, its fields' too.
func (a *analyzer) extend(v *aval, s hop, depth int) *aval {
	if len(v.t) == 0 {
		return v
	}
	out := &aval{t: make(taint, len(v.t)), rec: v.rec, fn: v.fn}
	for i, x := range v.t {
		x.path = a.push(x.path, s)
		out.t[i] = x
	}
	if v.rec != nil && depth < 2 {
		fs := make(fields, len(v.rec.fields))
		for i, f := range v.rec.fields {
			fs[i] = fieldVal{f.name, a.extend(f.v, s, depth+1)}
		}
		out.rec = &record{fields: fs, open: v.rec.open, rest: v.rec.rest}
	}
	return out
}

func (a *analyzer) paramVal(d *scope.Def) *aval {
	m := a.st.fileMemo(d.File)
	i := d.Node.Index()
	if m == nil || i < 0 || i >= m.n {
		return bottom
	}
	var v *aval
	if d.Kind == scope.EachParameter {
		v = m.each[i]
	} else {
		v = m.get(i)
	}
	if v != nil && v != inProgress {
		return v
	}
	at := d.NameNode
	if at.IsNull() {
		at = d.Node
	}
	v = &aval{t: taint{{kind: srcParam, def: d, path: a.push(nil, hop{at: at, kind: hopParam, a: d.Name})}}}
	if d.Kind == scope.EachParameter {
		m.each[i] = v
	} else {
		m.set(i, v)
	}
	return v
}

// paramDefs returns a function's parameter definitions (nil entries for
// parameters without a name).
func (a *analyzer) paramDefs(fn syntax.Node) []*scope.Def {
	k := keyOf(fn)
	if ds, ok := a.params[k]; ok {
		return ds
	}
	var out []*scope.Def
	if fn.Kind() == syntax.KindEachExpression {
		out = []*scope.Def{a.in.DefAt(fn)}
	} else {
		for p := range fn.ChildByField(syntax.FieldParameters).ChildrenByField(syntax.FieldParameter) {
			out = append(out, a.in.DefAt(p))
		}
	}
	a.params[k] = out
	return out
}

// closure is what a function value carries into the library function it
// is passed to (List.Transform, Table.AddColumn …): its result's sources
// other than its own parameters.
func (a *analyzer) closure(fn syntax.Node) taint {
	body := a.body(fn)
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
	var buf [6]syntax.Node
	argNodes := buf[:0]
	for arg := range n.ChildByField(syntax.FieldArguments).ChildrenByField(syntax.FieldArgument) {
		argNodes = append(argNodes, arg)
	}
	var abuf [6]*aval
	args := abuf[:0]
	for _, arg := range argNodes {
		args = append(args, a.eval(arg))
	}
	out := bottom
	for _, lib := range callee.libs() {
		out = joinVals(out, a.libCall(n, lib, args, argNodes))
	}
	for _, fn := range callee.fns() {
		out = joinVals(out, a.userCall(n, fn, args))
	}
	return out
}

// userCall is the result of calling a connector function: its result with
// its parameters' sources replaced by the arguments'.
func (a *analyzer) userCall(call, fn syntax.Node, args []*aval) *aval {
	recursive := a.evaluating(fn.ChildByField(syntax.FieldBody))
	res := a.body(fn)
	params := a.paramDefs(fn)
	name := a.fnName(fn)
	a.link(call, params, args, name)
	if recursive {
		k := keyOf(fn)
		a.recCalls[k] = append(a.recCalls[k], recCall{call: call, name: name, params: params, args: append([]*aval(nil), args...)})
	}
	return a.subst(res, params, args, call, name, 0)
}

func (a *analyzer) subst(v *aval, params []*scope.Def, args []*aval, call syntax.Node, name string, depth int) *aval {
	if v.empty() {
		return v
	}
	out := &aval{fn: v.fn}
	// out.t is built in place, with room for as many sources as v has,
	// once the first arrives (most calls pass values without any).
	put := func(s src) {
		if out.t == nil {
			out.t = make(taint, 0, len(v.t))
		}
		out.t = out.t.put(s)
	}
	ret := hop{at: call, kind: hopReturned, a: name}
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
			s.path = a.push(s.path, ret)
			put(s)
			continue
		}
		part := bottom
		if i < len(args) {
			part = args[i]
			if s.sel != "" {
				part = field(part, s.sel)
			}
		}
		pass := hop{at: call, kind: hopPassed, a: s.def.Name, b: name}
		for _, r := range part.t {
			r.path = a.push(a.concat(a.push(r.path, pass), s.path), ret)
			put(r)
		}
	}
	if v.rec != nil {
		if depth >= 3 {
			// Too deep to follow field by field: the sources are all in t.
			out.rec = &record{open: true, rest: out.t}
		} else {
			fs := make(fields, len(v.rec.fields))
			for i, f := range v.rec.fields {
				fs[i] = fieldVal{f.name, a.subst(f.v, params, args, call, name, depth+1)}
			}
			var rest taint
			if len(v.rec.rest) > 0 {
				rest = a.subst(&aval{t: v.rec.rest}, params, args, call, name, depth+1).t
			}
			out.rec = &record{fields: fs, open: v.rec.open, rest: rest}
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
		return &aval{t: taint{{kind: srcCred, path: a.push(nil, hop{at: call, kind: hopCredential})}}}
	case "Value.ReplaceType", "Value.ReplaceMetadata", "Value.RemoveMetadata", "Table.Buffer", "List.Buffer", "Binary.Buffer":
		return arg(0)
	case "Diagnostics.Trace":
		v := arg(2)
		if len(v.fns()) > 0 {
			out := bottom
			for _, fn := range v.fns() {
				out = joinVals(out, a.userCall(call, fn, nil))
			}
			return out
		}
		return v
	case "Function.InvokeAfter":
		out := bottom
		for _, fn := range arg(0).fns() {
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
	if sym := mlib.Lookup(name); sym != nil || name == "Web.Page" {
		if name == "Web.Page" || sym.IsDataSource {
			req := call
			return &aval{t: taint{{kind: srcResp, req: &req, path: a.push(nil, hop{at: call, kind: hopResponse, a: name})}}}
		}
		if valueless[sym.Returns] {
			return bottom
		}
	} else if len(name) == 0 || name[0] != '#' {
		// Not a library function we know: its result derives from nothing
		// we can show.
		return bottom
	}
	var t taint
	for _, v := range args {
		t = union(t, v.t)
		for _, fn := range v.fns() {
			t = union(t, a.closure(fn))
		}
	}
	if len(t) == 0 {
		return bottom
	}
	return &aval{t: t}
}
