package flow

import (
	"slices"
	"strings"

	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// This file defines the abstract values of the analysis: where a value
// comes from (its sources, each with a path), and what the analysis knows
// of its shape (record fields, the functions it may be).

// maxPath bounds a path's length; longer paths keep their first steps.
const maxPath = 64

// hopKind says what happens at a hop; the Step text is built only when a
// path is asked for.
type hopKind uint8

const (
	hopCredential hopKind = iota
	hopResponse
	hopBound
	hopParam
	hopParamOf
	hopPassed
	hopReturned
)

// hop is one step of a path, its text not yet built.
type hop struct {
	at   syntax.Node
	kind hopKind
	a, b string
}

func (h hop) step() Step {
	var what string
	switch h.kind {
	case hopCredential:
		what = "`Extension.CurrentCredential()`"
	case hopResponse:
		what = "response of `" + h.a + "`"
	case hopBound:
		what = "bound to `" + h.a + "`"
	case hopParam:
		what = "parameter `" + h.a + "`"
	case hopParamOf:
		what = "parameter `" + h.a + "` of `" + h.b + "`"
	case hopPassed:
		what = "passed as `" + h.a + "` to `" + h.b + "`"
	case hopReturned:
		what = "returned by `" + h.a + "`"
	}
	return Step{File: h.at.File(), Node: h.at, What: what}
}

// pnode is a path as an immutable list, last hop first. It holds its hop's
// fields itself rather than a hop, which packs it into 64 bytes: paths are
// the analysis's most numerous values.
type pnode struct {
	at   syntax.Node
	a, b string
	prev *pnode
	n    int32
	kind hopKind
}

func (p *pnode) hop() hop { return hop{at: p.at, kind: p.kind, a: p.a, b: p.b} }

// arena allocates path nodes in chunks: paths are many, small and live as
// long as the result.
type arena struct{ chunk []pnode }

func (ar *arena) push(p *pnode, h hop) *pnode {
	if p != nil && p.n >= maxPath {
		return p
	}
	n := int32(1)
	if p != nil {
		n = p.n + 1
	}
	if len(ar.chunk) == cap(ar.chunk) {
		ar.chunk = make([]pnode, 0, 512)
	}
	ar.chunk = append(ar.chunk, pnode{at: h.at, a: h.a, b: h.b, prev: p, n: n, kind: h.kind})
	return &ar.chunk[len(ar.chunk)-1]
}

// hops returns a path's hops, first to last.
func (p *pnode) hops() []hop {
	if p == nil {
		return nil
	}
	out := make([]hop, p.n)
	for i := int(p.n) - 1; p != nil && i >= 0; p, i = p.prev, i-1 {
		out[i] = p.hop()
	}
	return out
}

// steps returns a path's steps, first to last.
func (p *pnode) steps() []Step {
	hs := p.hops()
	if hs == nil {
		return nil
	}
	out := make([]Step, len(hs))
	for i, h := range hs {
		out[i] = h.step()
	}
	return out
}

// concat appends tail to head, dropping tail's first hop (the parameter
// that head's last hop passes the value to).
func (ar *arena) concat(head, tail *pnode) *pnode {
	if tail == nil || tail.n <= 1 {
		return head
	}
	// tail's nodes but its first, last first, gathered on the stack.
	var buf [maxPath]*pnode
	rev := buf[:0]
	for p := tail; p.prev != nil; p = p.prev {
		rev = append(rev, p)
	}
	for i := len(rev) - 1; i >= 0; i-- {
		head = ar.push(head, rev[i].hop())
	}
	return head
}

// join returns head's steps followed by tail's without its first.
func join(head, tail *pnode) []Step {
	out := head.steps()
	if ts := tail.steps(); len(ts) > 1 {
		out = append(out, ts[1:]...)
	}
	return out
}

type srcKind uint8

const (
	// srcCred: Extension.CurrentCredential().
	srcCred srcKind = iota + 1
	// srcResp: the result of a request (req), or of some request (req null).
	srcResp
	// srcParam: a parameter of a function (def), or the field sel of it;
	// resolved through the connector's call sites.
	srcParam
	// srcRoot: a parameter of a data source function (def): user input.
	srcRoot
)

// src is one source a value derives from, with the path from it.
type src struct {
	kind srcKind
	def  *scope.Def
	sel  string
	// req is the request call of a response; nil for some response.
	req  *syntax.Node
	path *pnode
}

func (s src) same(o src) bool {
	return s.kind == o.kind && s.def == o.def && s.sel == o.sel &&
		(s.req == o.req || s.req != nil && o.req != nil && *s.req == *o.req)
}

// maxSources bounds a value's sources; beyond it, responses of distinct
// requests fold into one "some response" source.
const maxSources = 24

type taint []src

// add returns t with s added unless a like source is there.
func (t taint) add(s src) taint {
	for _, o := range t {
		if o.same(s) {
			return t
		}
	}
	if len(t) >= maxSources && s.kind == srcResp && s.req != nil {
		s.req = nil
		return t.add(s)
	}
	out := make(taint, len(t), len(t)+1)
	copy(out, t)
	return append(out, s)
}

// put is add for a taint the caller is building: it appends in place.
func (t taint) put(s src) taint {
	for _, o := range t {
		if o.same(s) {
			return t
		}
	}
	if len(t) >= maxSources && s.kind == srcResp && s.req != nil {
		s.req = nil
		return t.put(s)
	}
	return append(t, s)
}

func union(a, b taint) taint {
	switch {
	case len(b) == 0:
		return a
	case len(a) == 0:
		return b
	}
	var out taint
next:
	for i, s := range b {
		for _, o := range a {
			if o.same(s) {
				continue next
			}
		}
		if out == nil {
			out = make(taint, len(a), len(a)+len(b)-i)
			copy(out, a)
		}
		if len(out) >= maxSources && s.kind == srcResp && s.req != nil {
			out = out.add(src{kind: srcResp, path: s.path})
			continue
		}
		out = append(out, s)
	}
	if out == nil {
		return a
	}
	return out
}

// aval is an abstract value: its sources, and what the analysis knows of
// its shape. Most values are neither records nor functions, so those parts
// sit behind pointers.
type aval struct {
	t taint
	// rec is set on a record the analysis can see.
	rec *record
	// fn is set on a value that may be a function.
	fn *callees
}

// record is a record's known fields. open: the record may have other
// fields, whose sources are rest.
type record struct {
	fields fields
	open   bool
	rest   taint
}

// fieldVal is a record field's name and value.
type fieldVal struct {
	name string
	v    *aval
}

// fields are a record's known fields, sorted by name, each name once.
// Records are many and mostly small: a sorted slice is a fraction of a
// map's size, and its order is the same on every run.
type fields []fieldVal

// get returns the value of the field name.
func (fs fields) get(name string) (*aval, bool) {
	if len(fs) <= 8 {
		for _, f := range fs {
			if f.name == name {
				return f.v, true
			}
		}
		return nil, false
	}
	if i, ok := slices.BinarySearchFunc(fs, name, compareField); ok {
		return fs[i].v, true
	}
	return nil, false
}

func compareField(f fieldVal, name string) int { return strings.Compare(f.name, name) }

// sortFields sorts fields gathered in document order by name, keeping the
// last of each name, as assigning them to a map in order would.
func sortFields(fs fields) fields {
	slices.SortStableFunc(fs, func(x, y fieldVal) int { return strings.Compare(x.name, y.name) })
	out := fs[:0]
	for i, f := range fs {
		if i+1 < len(fs) && fs[i+1].name == f.name {
			continue
		}
		out = append(out, f)
	}
	return out
}

// mergeFields returns the fields of x and y; on a name both have, the value
// is both(x's, y's).
func mergeFields(x, y fields, both func(xv, yv *aval) *aval) fields {
	out := make(fields, 0, len(x)+len(y))
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch c := strings.Compare(x[i].name, y[j].name); {
		case c < 0:
			out = append(out, x[i])
			i++
		case c > 0:
			out = append(out, y[j])
			j++
		default:
			out = append(out, fieldVal{x[i].name, both(x[i].v, y[j].v)})
			i++
			j++
		}
	}
	out = append(out, x[i:]...)
	return append(out, y[j:]...)
}

// callees are the connector functions (function_expression or
// each_expression) and library functions a value may be.
type callees struct {
	fns  []syntax.Node
	libs []string
}

var (
	bottom     = &aval{}
	inProgress = &aval{}
)

func (v *aval) fields() fields {
	if v.rec == nil {
		return nil
	}
	return v.rec.fields
}

func (v *aval) open() bool { return v.rec != nil && v.rec.open }

func (v *aval) rest() taint {
	if v.rec == nil {
		return nil
	}
	return v.rec.rest
}

func (v *aval) fns() []syntax.Node {
	if v.fn == nil {
		return nil
	}
	return v.fn.fns
}

func (v *aval) libs() []string {
	if v.fn == nil {
		return nil
	}
	return v.fn.libs
}

// recordVal makes a record value.
func recordVal(t taint, fs fields, open bool, rest taint) *aval {
	return &aval{t: t, rec: &record{fields: fs, open: open, rest: rest}}
}

func (v *aval) empty() bool {
	return v == nil || (len(v.t) == 0 && v.rec == nil && v.fn == nil)
}

// joinVals is the value that may be either.
func joinVals(x, y *aval) *aval {
	switch {
	case x.empty():
		return y
	case y.empty():
		return x
	}
	out := &aval{t: union(x.t, y.t)}
	if x.fn != nil || y.fn != nil {
		out.fn = &callees{fns: unionNodes(x.fns(), y.fns()), libs: unionNames(x.libs(), y.libs())}
	}
	switch {
	case x.rec != nil && y.rec != nil:
		out.rec = &record{fields: mergeFields(x.rec.fields, y.rec.fields, joinVals), open: x.rec.open || y.rec.open, rest: union(x.rec.rest, y.rec.rest)}
	case x.rec != nil:
		out.rec = &record{fields: x.rec.fields, open: true, rest: union(x.rec.rest, y.t)}
	case y.rec != nil:
		out.rec = &record{fields: y.rec.fields, open: true, rest: union(y.rec.rest, x.t)}
	}
	return out
}

func unionNodes(a, b []syntax.Node) []syntax.Node {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := append([]syntax.Node(nil), a...)
next:
	for _, n := range b {
		for _, m := range out {
			if m.Equal(n) {
				continue next
			}
		}
		out = append(out, n)
	}
	return out
}

func unionNames(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := append([]string(nil), a...)
next:
	for _, n := range b {
		for _, m := range out {
			if m == n {
				continue next
			}
		}
		out = append(out, n)
	}
	return out
}

// nonSecret are credential fields that say how to connect, not who: a
// value read from them does not carry the secret.
var nonSecret = map[string]bool{"AuthenticationKind": true, "EncryptConnection": true, "Properties": true}

// field returns v[name].
func field(v *aval, name string) *aval {
	srcs := v.t
	if v.rec != nil {
		if fv, ok := v.rec.fields.get(name); ok {
			return fv
		}
		if !v.rec.open {
			return bottom
		}
		srcs = v.rec.rest
	}
	if len(srcs) == 0 {
		return bottom
	}
	t := make(taint, 0, len(srcs))
	for _, s := range srcs {
		switch s.kind {
		case srcParam:
			if s.sel == "" {
				s.sel = name
			}
		case srcCred:
			if nonSecret[name] {
				continue
			}
		}
		t = t.put(s)
	}
	if len(t) == 0 {
		return bottom
	}
	return &aval{t: t}
}

// whole keeps only a value's sources (items of lists and tables, results
// of library functions).
func whole(v *aval) *aval {
	if len(v.t) == 0 {
		return bottom
	}
	return &aval{t: v.t}
}
