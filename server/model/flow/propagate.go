package flow

import (
	"sort"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
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

// edge: what reaches parameter `from` (its field sel) reaches slot to.
type edge struct {
	sel   string
	to    slot
	inner *pnode
	pass  Step
}

func (a *analyzer) propagate() {
	a.feeds = map[slot]taint{}
	a.fieldSlots = map[*scope.Def][]string{}
	a.edges = map[*scope.Def][]edge{}
	a.roots = map[*scope.Def]*facts.DataSource{}
	a.resolved = map[slot]taint{}
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
			s := src{kind: srcRoot, def: p, path: push(nil, step(p.NameNode, "parameter `"+p.Name+"` of `"+ds.Name+"`"))}
			if a.addFeed(slot{p, ""}, s) {
				enqueue(p)
			}
		}
	}
	for _, c := range a.calls {
		name := a.fnName(c.fn)
		for i, p := range c.params {
			if p == nil || i >= len(c.args) {
				continue
			}
			arg := c.args[i]
			pass := step(c.call, "passed as `"+p.Name+"` to `"+name+"`")
			if arg.fields == nil {
				for _, s := range arg.t {
					if a.edgeOrFeed(s, slot{p, ""}, pass) {
						enqueue(p)
					}
				}
				continue
			}
			for f, fv := range arg.fields {
				for _, s := range fv.t {
					if a.edgeOrFeed(s, slot{p, f}, pass) {
						enqueue(p)
					}
				}
			}
			for _, s := range arg.rest {
				if a.edgeOrFeed(s, slot{p, ""}, pass) {
					enqueue(p)
				}
			}
		}
	}
	for len(work) > 0 {
		q := work[0]
		work = work[1:]
		queued[q] = false
		for _, e := range a.edges[q] {
			for _, r := range a.resolveRaw(q, e.sel) {
				if a.hasFeed(e.to, r) {
					continue
				}
				r.path = push(concat(r.path, e.inner), e.pass)
				if a.addFeed(e.to, r) {
					enqueue(e.to.def)
				}
			}
		}
	}
}

// edgeOrFeed records that source s of an argument reaches slot to: at once
// for the credential, responses and user input, through an edge for a
// parameter of the calling function. It reports whether to's feed grew.
func (a *analyzer) edgeOrFeed(s src, to slot, pass Step) bool {
	if s.kind == srcParam {
		a.edges[s.def] = append(a.edges[s.def], edge{sel: s.sel, to: to, inner: s.path, pass: pass})
		return false
	}
	if a.hasFeed(to, s) {
		return false
	}
	s.path = push(s.path, pass)
	return a.addFeed(to, s)
}

func (a *analyzer) hasFeed(to slot, s src) bool {
	for _, o := range a.feeds[to] {
		if o.same(s) {
			return true
		}
	}
	return false
}

func (a *analyzer) addFeed(to slot, s src) bool {
	before := len(a.feeds[to])
	t := a.feeds[to].add(s)
	if len(t) == before {
		return false
	}
	if _, ok := a.feeds[to]; !ok && to.field != "" {
		a.fieldSlots[to.def] = append(a.fieldSlots[to.def], to.field)
	}
	a.feeds[to] = t
	return true
}

// resolveRaw is what reaches parameter def (its field sel, or any part of
// it for ""), during propagation.
func (a *analyzer) resolveRaw(def *scope.Def, sel string) taint {
	out := a.feeds[slot{def, ""}]
	if sel != "" {
		return union(out, a.feeds[slot{def, sel}])
	}
	for _, f := range a.fieldSlots[def] {
		out = union(out, a.feeds[slot{def, f}])
	}
	return out
}

// resolve is resolveRaw after propagation, memoised.
func (a *analyzer) resolve(def *scope.Def, sel string) taint {
	k := slot{def, sel}
	if t, ok := a.resolved[k]; ok {
		return t
	}
	t := a.resolveRaw(def, sel)
	a.resolved[k] = t
	return t
}

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
			r.path = concat(r.path, s.path)
			out = out.add(r)
		}
	}
	return out
}

// through extends resolved sources by the path from a parameter on.
func (a *analyzer) through(t taint, tail *pnode) taint {
	var out taint
	for _, r := range t {
		r.path = concat(r.path, tail)
		out = out.add(r)
	}
	return out
}

// sortedKeys returns a record's field names in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
