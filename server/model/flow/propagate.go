package flow

import (
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// This file propagates what reaches each parameter of the connector's
// functions over its call sites: the credential, web responses and the
// parameters of data source functions (user input). A value that derives
// from a parameter then derives from whatever some call passes to it.

// slot is a parameter, or one field of a record passed to it.
type slot struct {
	def   *scope.Def
	field string
}

// edge: what reaches parameter `from` (its field sel) reaches the field
// of parameter to, passed at call to fn (the hop of the path). The edges
// from one parameter form a list through next (a position in
// analyzer.edges, 0: none), in the order they were found.
type edge struct {
	sel, field string
	to         *scope.Def
	inner      *pnode
	call       syntax.Node
	fn         string
	next       int32
}

func (e *edge) slot() slot { return slot{e.to, e.field} }

func (e *edge) pass() hop { return hop{at: e.call, kind: hopPassed, a: e.to.Name, b: e.fn} }

// edgeList is the first and last edge from a parameter.
type edgeList struct{ first, last int32 }

func (a *analyzer) addEdge(from *scope.Def, e edge) {
	if a.edges.n == 0 {
		a.edges.add(edge{}) // position 0 means none
	}
	i := int32(a.edges.add(e))
	l := a.edgesFrom[from]
	if l.first == 0 {
		l.first = i
	} else {
		a.edges.at(int(l.last)).next = i
	}
	l.last = i
	a.edgesFrom[from] = l
}

func (a *analyzer) propagate() {
	a.roots = map[*scope.Def]*facts.DataSource{}
	queued := map[*scope.Def]bool{}
	var work []*scope.Def
	enqueue := func(d *scope.Def) {
		if !queued[d] {
			queued[d] = true
			work = append(work, d)
		}
	}
	for _, ds := range a.fs.DataSources {
		if ds.Function.IsNull() {
			continue
		}
		for _, p := range a.paramDefs(ds.Function) {
			if p == nil || a.roots[p] != nil {
				continue
			}
			a.roots[p] = ds
			s := src{kind: srcRoot, def: p, path: a.push(nil, hop{at: p.NameNode, kind: hopParamOf, a: p.Name, b: ds.Name})}
			if a.addFeed(slot{p, ""}, s) {
				enqueue(p)
			}
		}
	}
	// Call sites were linked as they were evaluated: start from every
	// parameter something reaches, in the order they were reached, so that
	// each run finds the same paths first.
	for _, d := range a.fed {
		enqueue(d)
	}
	for len(work) > 0 {
		q := work[0]
		work = work[1:]
		queued[q] = false
		for i := a.edgesFrom[q].first; i != 0; i = a.edges.at(int(i)).next {
			e := a.edges.at(int(i))
			to := e.slot()
			for _, r := range a.resolveRaw(q, e.sel) {
				if a.hasFeed(to, r) {
					continue
				}
				r.path = a.push(a.concat(r.path, e.inner), e.pass())
				if a.addFeed(to, r) {
					enqueue(to.def)
				}
			}
		}
	}
	a.st.whole = map[*scope.Def]taint{}
	for k := range a.st.feeds {
		if _, ok := a.st.whole[k.def]; !ok {
			a.st.whole[k.def] = a.resolveRaw(k.def, "")
		}
	}
}

// link records what the arguments of a call of a connector function pass
// to its parameters.
func (a *analyzer) link(call syntax.Node, params []*scope.Def, args []*aval, name string) {
	for i, p := range params {
		if p == nil || i >= len(args) {
			continue
		}
		arg := args[i]
		if len(arg.t) == 0 && len(arg.rest()) == 0 {
			continue
		}
		if arg.rec == nil {
			for _, s := range arg.t {
				a.edgeOrFeed(s, slot{p, ""}, call, name)
			}
			continue
		}
		for _, f := range arg.rec.fields {
			for _, s := range f.v.t {
				a.edgeOrFeed(s, slot{p, f.name}, call, name)
			}
		}
		for _, s := range arg.rec.rest {
			a.edgeOrFeed(s, slot{p, ""}, call, name)
		}
	}
}

// edgeOrFeed records that source s of an argument, passed at call to the
// function fn, reaches slot to: at once for the credential, responses and
// user input, through an edge for a parameter of the calling function. It
// reports whether to's feed grew.
func (a *analyzer) edgeOrFeed(s src, to slot, call syntax.Node, fn string) bool {
	e := edge{sel: s.sel, field: to.field, to: to.def, inner: s.path, call: call, fn: fn}
	if s.kind == srcParam {
		a.addEdge(s.def, e)
		return false
	}
	if a.hasFeed(to, s) {
		return false
	}
	s.path = a.push(s.path, e.pass())
	return a.addFeed(to, s)
}

func (a *analyzer) hasFeed(to slot, s src) bool {
	for _, o := range a.st.feeds[to] {
		if o.same(s) {
			return true
		}
	}
	return false
}

func (a *analyzer) addFeed(to slot, s src) bool {
	before := len(a.st.feeds[to])
	t := a.st.feeds[to].add(s)
	if len(t) == before {
		return false
	}
	if _, ok := a.st.feeds[to]; !ok {
		a.fed = append(a.fed, to.def)
		if to.field != "" {
			a.st.fieldSlots[to.def] = append(a.st.fieldSlots[to.def], to.field)
		}
	}
	a.st.feeds[to] = t
	return true
}

// resolveRaw is what reaches parameter def (its field sel, or any part of
// it for ""), during propagation.
func (a *analyzer) resolveRaw(def *scope.Def, sel string) taint {
	out := a.st.feeds[slot{def, ""}]
	if sel != "" {
		return union(out, a.st.feeds[slot{def, sel}])
	}
	for _, f := range a.st.fieldSlots[def] {
		out = union(out, a.st.feeds[slot{def, f}])
	}
	return out
}

// resolve is what reaches a parameter after propagation.
func (a *analyzer) resolve(def *scope.Def, sel string) taint { return a.st.resolve(def, sel) }

// concrete replaces parameters in t by what reaches them: the result holds
// only the credential, responses and user input, with whole paths.
func (a *analyzer) concrete(t taint) taint {
	var out taint
	for _, s := range t {
		if s.kind != srcParam {
			out = out.add(s)
			continue
		}
		for _, r := range a.resolve(s.def, s.sel) {
			r.path = a.concat(r.path, s.path)
			out = out.add(r)
		}
	}
	return out
}

// through extends resolved sources by the path from a parameter on.
func (a *analyzer) through(t taint, tail *pnode) taint {
	var out taint
	for _, r := range t {
		r.path = a.concat(r.path, tail)
		out = out.add(r)
	}
	return out
}
