package facts

import (
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// This file decides under what condition each Diagnostics call runs: inside
// `if <flag> then … else …`, inside a member every reference of which is
// under such an `if` (a member chosen by a flag, or a helper module bound
// to such a member), or on the way to an error.

func (col *collector) diagnostics() {
	for _, c := range col.f.Diagnostics {
		if col.errorPath(c) {
			c.Guard = &Guard{Kind: ErrorPath}
			continue
		}
		c.Guard = col.guardAt(c.Node, map[*scope.Def]bool{})
	}
}

// errorPath reports a TraceLevel.Error or Critical trace that goes with an
// error: inside `error …`, a `try` handler, or tracing a value that raises.
func (col *collector) errorPath(c *Call) bool {
	if c.Reference || len(c.Args) == 0 {
		return false
	}
	lvl := Deref(col.in, c.Args[0])
	ref := col.in.RefAt(lvl)
	if ref == nil || (ref.Name != "TraceLevel.Error" && ref.Name != "TraceLevel.Critical") {
		return false
	}
	for p := c.Node.Parent(); !p.IsNull() && p.Kind() != syntax.KindSectionMember; p = p.Parent() {
		switch p.Kind() {
		case syntax.KindErrorRaisingExpression, syntax.KindOtherwiseClause, syntax.KindCatchClause:
			return true
		case syntax.KindFunctionExpression, syntax.KindEachExpression:
			// The trace runs when the function is called, not on the
			// error path around its definition.
			return false
		}
	}
	for _, a := range c.Args[1:] {
		for n := range a.Descendants() {
			if n.Kind() == syntax.KindErrorRaisingExpression {
				return true
			}
		}
	}
	return false
}

// guardAt decides the guard of node n: an `if` on a flag around it within
// its member, or else the guard of every reference to that member (for
// helper modules, to the members bound to the module).
func (col *collector) guardAt(n syntax.Node, visiting map[*scope.Def]bool) *Guard {
	for c, p := n, n.Parent(); !p.IsNull(); c, p = p, p.Parent() {
		if p.Kind() == syntax.KindSectionMember {
			break
		}
		if p.Kind() != syntax.KindIfExpression {
			continue
		}
		switch c.Field() {
		case syntax.FieldConsequence:
			if g := col.flagGuard(p.ChildByField(syntax.FieldCondition), true); g != nil {
				return g
			}
		case syntax.FieldAlternative:
			if g := col.flagGuard(p.ChildByField(syntax.FieldCondition), false); g != nil {
				return g
			}
		}
	}
	if col.c.Main != nil && n.File() == col.c.Main.File {
		d := memberOf(col.in, n)
		if d == nil {
			return &Guard{Kind: Unguarded}
		}
		return col.guardDefs([]*scope.Def{d}, visiting)
	}
	var defs []*scope.Def
	for _, b := range col.f.bindingOf[n.File()] {
		defs = append(defs, b.Member.Def)
	}
	if len(defs) == 0 {
		return &Guard{Kind: Unreached}
	}
	return col.guardDefs(defs, visiting)
}

// guardDefs combines the guards of every reference to the members: guarded
// when each reference is, unguarded when one is not or the engine reaches a
// member by itself.
func (col *collector) guardDefs(defs []*scope.Def, visiting map[*scope.Def]bool) *Guard {
	var first *Guard
	var firstDef *scope.Def
	var unguarded []*scope.Ref
	for _, d := range defs {
		g := col.guardDef(d, visiting)
		switch g.Kind {
		case Unguarded:
			if len(g.Unguarded) == 0 && col.entries[d] {
				return g
			}
			unguarded = append(unguarded, g.Unguarded...)
		case ByFlag, ErrorPath:
			if first == nil {
				first, firstDef = g, d
			}
		}
	}
	if len(unguarded) > 0 {
		return &Guard{Kind: Unguarded, Unguarded: unguarded}
	}
	if first == nil {
		return &Guard{Kind: Unreached}
	}
	out := *first
	out.Via = append([]*Member{col.f.byDef[firstDef]}, first.Via...)
	out.Unguarded = nil
	return &out
}

// guardDef is the guard of every reference to one member, memoised.
func (col *collector) guardDef(d *scope.Def, visiting map[*scope.Def]bool) *Guard {
	if g := col.guards[d]; g != nil {
		return g
	}
	if col.entries[d] {
		g := &Guard{Kind: Unguarded}
		col.guards[d] = g
		return g
	}
	if visiting[d] {
		// A cycle of references reaches nothing new.
		return &Guard{Kind: Unreached}
	}
	visiting[d] = true
	defer delete(visiting, d)
	var first *Guard
	var unguarded []*scope.Ref
	for _, ref := range d.Refs {
		if d.Node.Contains(ref.Node) {
			continue // recursion
		}
		g := col.guardAt(ref.Node, visiting)
		switch g.Kind {
		case Unguarded:
			unguarded = append(unguarded, ref)
		case ByFlag, ErrorPath:
			if first == nil {
				first = g
			}
		}
	}
	var g *Guard
	switch {
	case len(unguarded) > 0:
		g = &Guard{Kind: Unguarded, Unguarded: unguarded}
	case first == nil:
		g = &Guard{Kind: Unreached}
	default:
		g = first
	}
	if len(visiting) == 1 {
		col.guards[d] = g
	}
	return g
}

// flagGuard returns a ByFlag guard when the branch of an `if` with this
// condition (the consequence when positive) runs only if a member is true.
func (col *collector) flagGuard(cond syntax.Node, positive bool) *Guard {
	orig := cond
	for cond.Kind() == syntax.KindParenthesizedExpression {
		cond = cond.ChildByField(syntax.FieldExpression)
	}
	switch cond.Kind() {
	case syntax.KindIdentifierExpression, syntax.KindSectionAccessExpression:
		if !positive {
			return nil
		}
		m := col.flagMember(cond)
		if m == nil {
			return nil
		}
		g := &Guard{Kind: ByFlag, Flag: m, Condition: orig}
		g.FlagValue = Deref(col.in, m.Def.Value)
		if b, ok := Logical(g.FlagValue); ok {
			g.FlagLiteral, g.FlagFalse = true, !b
		}
		return g
	case syntax.KindUnaryExpression:
		if cond.ChildByField(syntax.FieldOperator).Kind() == syntax.KindKwNot {
			return col.flagGuard(cond.ChildByField(syntax.FieldOperand), !positive)
		}
	case syntax.KindBinaryExpression:
		l, r := cond.ChildByField(syntax.FieldLeft), cond.ChildByField(syntax.FieldRight)
		switch cond.ChildByField(syntax.FieldOperator).Kind() {
		case syntax.KindKwAnd:
			// Both hold in the consequence.
			if positive {
				if g := col.flagGuard(l, true); g != nil {
					return g
				}
				return col.flagGuard(r, true)
			}
		case syntax.KindKwOr:
			// Both fail in the alternative.
			if !positive {
				if g := col.flagGuard(l, false); g != nil {
					return g
				}
				return col.flagGuard(r, false)
			}
		case syntax.KindTokEqual, syntax.KindTokNotEqual:
			eq := cond.ChildByField(syntax.FieldOperator).Kind() == syntax.KindTokEqual
			for _, side := range [][2]syntax.Node{{l, r}, {r, l}} {
				if b, ok := Logical(Deref(col.in, side[1])); ok {
					return col.flagGuard(side[0], positive == (eq == b))
				}
			}
		}
	}
	return nil
}

// flagMember follows a name through let bindings to the section member it
// stands for, or nil.
func (col *collector) flagMember(n syntax.Node) *Member {
	for i := 0; i < maxDeref; i++ {
		ref := col.in.RefAt(n)
		if ref == nil || ref.Def == nil {
			return nil
		}
		switch ref.Def.Kind {
		case scope.SectionMember:
			return col.f.byDef[ref.Def]
		case scope.LetBinding, scope.RecordField:
			v := ref.Def.Value
			for v.Kind() == syntax.KindParenthesizedExpression {
				v = v.ChildByField(syntax.FieldExpression)
			}
			if v.Kind() != syntax.KindIdentifierExpression && v.Kind() != syntax.KindSectionAccessExpression {
				return nil
			}
			n = v
		default:
			return nil
		}
	}
	return nil
}
