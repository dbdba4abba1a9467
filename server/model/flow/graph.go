package flow

import (
	"sort"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// memberGraph links the section members and helper modules by reference:
// what a data source function reaches is what runs when it is called.
type memberGraph struct {
	main    *syntax.File
	members map[*scope.Def]int
	modules map[*syntax.File]int
	// spans are the section members' node index ranges, in order.
	spans []memberSpan
	adj   [][]int
	// dsReach holds, per data source function, what it reaches.
	ds      []*facts.DataSource
	dsReach [][]bool
}

func (a *analyzer) buildGraph() *memberGraph {
	// Sized once: a large connector has thousands of members.
	var members []*scope.Def
	if a.in.Section != nil {
		members = a.in.Section.Defs
	}
	g := &memberGraph{main: a.main, members: make(map[*scope.Def]int, len(members)), modules: map[*syntax.File]int{},
		spans: make([]memberSpan, 0, len(members)), adj: make([][]int, 0, len(members)+len(a.files))}
	for _, d := range members {
		if d.Kind == scope.SectionMember {
			g.members[d] = len(g.adj)
			g.spans = append(g.spans, memberSpan{d.Node.Index(), d.Node.SubtreeEnd(), len(g.adj)})
			g.adj = append(g.adj, nil)
		}
	}
	sort.Slice(g.spans, func(i, j int) bool { return g.spans[i].start < g.spans[j].start })
	for _, f := range a.files {
		if f != a.main {
			g.modules[f] = len(g.adj)
			g.adj = append(g.adj, nil)
		}
	}
	for d, file := range a.fs.Modules {
		if from, ok := g.members[d]; ok {
			g.adj[from] = append(g.adj[from], g.modules[file])
		}
	}
	for _, ref := range a.in.Refs {
		if ref.Def == nil || ref.Def.Kind != scope.SectionMember {
			continue
		}
		to, ok := g.members[ref.Def]
		if !ok {
			continue
		}
		if from := g.containerOf(ref.Node); from >= 0 && from != to {
			g.adj[from] = append(g.adj[from], to)
		}
	}
	for _, ds := range a.fs.DataSources {
		if id, ok := g.members[ds.Member.Def]; ok {
			g.ds = append(g.ds, ds)
			g.dsReach = append(g.dsReach, g.reach(id))
		}
	}
	return g
}

type memberSpan struct{ start, end, id int }

// containerOf returns the member or module holding n, or -1.
func (g *memberGraph) containerOf(n syntax.Node) int {
	if n.File() != g.main {
		if id, ok := g.modules[n.File()]; ok {
			return id
		}
		return -1
	}
	i := n.Index()
	j := sort.Search(len(g.spans), func(j int) bool { return g.spans[j].end > i })
	if j < len(g.spans) && g.spans[j].start <= i {
		return g.spans[j].id
	}
	return -1
}

// reach returns what from reaches, itself included.
func (g *memberGraph) reach(from int) []bool {
	seen := make([]bool, len(g.adj))
	seen[from] = true
	work := []int{from}
	for len(work) > 0 {
		c := work[len(work)-1]
		work = work[:len(work)-1]
		for _, x := range g.adj[c] {
			if !seen[x] {
				seen[x] = true
				work = append(work, x)
			}
		}
	}
	return seen
}

// owners returns the data source functions that reach n.
func (g *memberGraph) owners(n syntax.Node) []*facts.DataSource {
	c := g.containerOf(n)
	if c < 0 {
		return nil
	}
	var out []*facts.DataSource
	for i, r := range g.dsReach {
		if r[c] {
			out = append(out, g.ds[i])
		}
	}
	return out
}

// reachesAny returns, for each member and module, whether it reaches one of
// targets (itself included): one walk over the reversed graph.
func (g *memberGraph) reachesAny(targets map[int]bool) []bool {
	rev := make([][]int, len(g.adj))
	for from, tos := range g.adj {
		for _, to := range tos {
			rev[to] = append(rev[to], from)
		}
	}
	seen := make([]bool, len(g.adj))
	var work []int
	for t := range targets {
		if t >= 0 && t < len(seen) && !seen[t] {
			seen[t] = true
			work = append(work, t)
		}
	}
	for len(work) > 0 {
		c := work[len(work)-1]
		work = work[:len(work)-1]
		for _, x := range rev[c] {
			if !seen[x] {
				seen[x] = true
				work = append(work, x)
			}
		}
	}
	return seen
}
