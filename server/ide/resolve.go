package ide

// This file resolves names on the current syntax trees, walking outwards
// from a position: the features that answer while the user types use it
// instead of a whole-connector resolution. It follows package scope's rules
// (a test checks that both agree on every reference of the test
// connectors): let bindings and record fields see each other but not
// themselves unless referenced with `@`, functions see their parameters,
// `each` its `_`, a catch clause its parameter, section members all
// members, helper modules the section's members, and the library is the
// outermost scope.

import (
	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// visible calls yield with the definitions visible at n in file f,
// innermost scope first and in definition order within a scope, until
// yield returns false. With inclusive, a let binding or record field also
// sees itself (`@name`). The library is not included.
func (s *Snapshot) visible(f *syntax.File, n syntax.Node, inclusive bool, yield func(*scope.Def) bool) {
	c := n
	for p := n.Parent(); !p.IsNull(); c, p = p, p.Parent() {
		switch p.Kind() {
		case syntax.KindLetExpression, syntax.KindRecordExpression:
			field, kind := syntax.FieldBinding, scope.LetBinding
			if p.Kind() == syntax.KindRecordExpression {
				field, kind = syntax.FieldField, scope.RecordField
			}
			if p.Kind() == syntax.KindRecordExpression && isAttributeRecord(p) {
				continue
			}
			for b := range p.ChildrenByField(field) {
				if b.Equal(c) && !inclusive {
					continue
				}
				if d := bindingDef(f, b, kind); d != nil && !yield(d) {
					return
				}
			}
		case syntax.KindFunctionExpression:
			if c.Field() != syntax.FieldBody {
				continue
			}
			for prm := range p.ChildByField(syntax.FieldParameters).ChildrenByField(syntax.FieldParameter) {
				if d := paramDef(f, prm, scope.Parameter); d != nil && !yield(d) {
					return
				}
			}
		case syntax.KindEachExpression:
			if c.Field() == syntax.FieldBody && !yield(&scope.Def{Kind: scope.EachParameter, Name: "_", File: f, Node: p}) {
				return
			}
		case syntax.KindCatchClause:
			if c.Field() != syntax.FieldBody {
				continue
			}
			if prm := p.ChildByField(syntax.FieldParameter); !prm.IsNull() {
				if d := paramDef(f, prm, scope.CatchParameter); d != nil && !yield(d) {
					return
				}
			}
		case syntax.KindSectionDocument:
			_, list, _ := s.sectionMembers()
			if f != s.main {
				list = sectionMemberDefs(f, p)
			}
			for _, d := range list {
				if !yield(d) {
					return
				}
			}
			return
		}
	}
	// A helper module, or a main file that is an expression: the section's
	// members are outside it.
	if f != s.main {
		_, list, _ := s.sectionMembers()
		for _, d := range list {
			if !yield(d) {
				return
			}
		}
	}
}

// isAttributeRecord reports whether rec is the literal attribute record
// of a section or member, whose fields are no scope.
func isAttributeRecord(rec syntax.Node) bool {
	if rec.Field() != syntax.FieldAttributes {
		return false
	}
	k := rec.Parent().Kind()
	return k == syntax.KindSectionMember || k == syntax.KindSectionDocument
}

func sectionMemberDefs(f *syntax.File, doc syntax.Node) []*scope.Def {
	var out []*scope.Def
	for m := range doc.ChildrenByField(syntax.FieldMember) {
		if d := memberDef(f, m); d != nil {
			out = append(out, d)
		}
	}
	return out
}

// bindingDef returns the definition of a let binding or record field node.
func bindingDef(f *syntax.File, b syntax.Node, kind scope.DefKind) *scope.Def {
	if b.Kind() != syntax.KindLetBinding && b.Kind() != syntax.KindRecordField {
		return nil
	}
	name := b.ChildByField(syntax.FieldName)
	if name.IsNull() || name.IsMissing() {
		return nil
	}
	return &scope.Def{Kind: kind, Name: scope.Name(name), File: f, Node: b, NameNode: name, Value: b.ChildByField(syntax.FieldValue)}
}

func paramDef(f *syntax.File, p syntax.Node, kind scope.DefKind) *scope.Def {
	name := p.ChildByField(syntax.FieldName)
	if name.IsNull() || name.IsMissing() {
		return nil
	}
	return &scope.Def{Kind: kind, Name: scope.Name(name), File: f, Node: p, NameNode: name,
		Optional: !p.ChildByField(syntax.FieldOptional).IsNull()}
}

// lookup resolves name as a reference standing at n: the innermost
// definition, then the library and the declared names. It returns nil for
// an unknown name.
func (s *Snapshot) lookup(f *syntax.File, n syntax.Node, name string, inclusive bool) *scope.Def {
	var found *scope.Def
	s.visible(f, n, inclusive, func(d *scope.Def) bool {
		if d.Name == name {
			found = d
			return false
		}
		return true
	})
	if found != nil {
		return found
	}
	return s.global(name)
}

// global returns the library or declared definition of a name, or nil.
func (s *Snapshot) global(name string) *scope.Def {
	if sym := mlib.Lookup(name); sym != nil {
		return &scope.Def{Kind: scope.Library, Name: name, Symbol: sym}
	}
	for _, k := range s.known {
		if k == name || len(k) > 2 && k[len(k)-2:] == ".*" && len(name) > len(k)-1 && name[:len(k)-1] == k[:len(k)-1] {
			return &scope.Def{Kind: scope.Declared, Name: name}
		}
	}
	return nil
}

// resolveRef resolves a reference node: an identifier_expression or a
// section_access_expression. It returns nil when the name is unknown.
func (s *Snapshot) resolveRef(f *syntax.File, ref syntax.Node) *scope.Def {
	switch ref.Kind() {
	case syntax.KindIdentifierExpression:
		name := ref.ChildByField(syntax.FieldName)
		if name.IsNull() || name.IsMissing() {
			return nil
		}
		return s.lookup(f, ref, scope.Name(name), !ref.ChildByField(syntax.FieldInclusive).IsNull())
	case syntax.KindSectionAccessExpression:
		sec, mem := ref.ChildByField(syntax.FieldSection), ref.ChildByField(syntax.FieldMember)
		members, _, secName := s.sectionMembers()
		if sec.IsNull() || mem.IsNull() || scope.Name(sec) != secName {
			return nil
		}
		return members[scope.Name(mem)]
	}
	return nil
}

// sameDef reports whether two definitions are the same construct.
func sameDef(a, b *scope.Def) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || a.Name != b.Name {
		return false
	}
	if a.File == nil {
		return b.File == nil
	}
	return a.Node.Equal(b.Node)
}

// isNameKind reports whether k is a name token.
func isNameKind(k syntax.Kind) bool {
	return k == syntax.KindIdentifier || k == syntax.KindQuotedIdentifier || k == syntax.KindGeneralizedIdentifier
}

// nameAt returns the name token at off, or the one ending at off.
func nameAt(f *syntax.File, off int) syntax.Node {
	if n := f.NodeAt(off); isNameKind(n.Kind()) && n.Start() <= off && off <= n.End() {
		return n
	}
	if off > 0 {
		if n := f.NodeAt(off - 1); isNameKind(n.Kind()) && n.End() >= off {
			return n
		}
	}
	return syntax.Node{}
}

// target is what a name token at a position stands for.
type target struct {
	file *syntax.File
	name syntax.Node // the name token
	// def is the definition the name refers to or defines; nil when unknown.
	def *scope.Def
	// isRef reports a reference (else the name of a definition).
	isRef bool
	// ref is the reference node (identifier_expression …) when isRef.
	ref syntax.Node
}

// targetAt returns what the name token at off stands for, or nil.
func (s *Snapshot) targetAt(f *syntax.File, off int) *target {
	n := nameAt(f, off)
	if n.IsNull() || n.IsMissing() {
		return nil
	}
	t := &target{file: f, name: n}
	p := n.Parent()
	switch p.Kind() {
	case syntax.KindIdentifierExpression:
		t.isRef, t.ref = true, p
		t.def = s.resolveRef(f, p)
	case syntax.KindSectionAccessExpression:
		if n.Field() != syntax.FieldMember {
			return nil
		}
		t.isRef, t.ref = true, p
		t.def = s.resolveRef(f, p)
	case syntax.KindLetBinding:
		t.def = bindingDef(f, p, scope.LetBinding)
	case syntax.KindRecordField:
		if isAttributeRecord(p.Parent()) {
			return nil
		}
		t.def = bindingDef(f, p, scope.RecordField)
	case syntax.KindSectionMember:
		t.def = memberDef(f, p)
	case syntax.KindParameter:
		kind := scope.Parameter
		if p.Parent().Kind() == syntax.KindCatchClause {
			kind = scope.CatchParameter
		}
		t.def = paramDef(f, p, kind)
	default:
		return nil
	}
	if t.def == nil || n.Field() != syntax.FieldName && p.Kind() != syntax.KindSectionAccessExpression {
		return nil
	}
	return t
}

// functionOf follows a value to the function_expression it is, through
// parentheses, lets, names and Value.ReplaceType, on the current trees. It
// returns a null node when the value is no function it can see.
func (s *Snapshot) functionOf(f *syntax.File, n syntax.Node) (syntax.Node, *syntax.File) {
	return s.follow(f, n, syntax.KindFunctionExpression, true)
}

// follow follows an expression on the current trees through parentheses,
// let bodies and names (and, when throughReplaceType, calls of the library's
// Value.ReplaceType, which keep their first argument's value) to a node of
// kind want, and returns it with its file. It returns a null node and a nil
// file when the value is something else or the chain is too long.
func (s *Snapshot) follow(f *syntax.File, n syntax.Node, want syntax.Kind, throughReplaceType bool) (syntax.Node, *syntax.File) {
	for i := 0; i < 16 && !n.IsNull(); i++ {
		switch n.Kind() {
		case want:
			return n, f
		case syntax.KindParenthesizedExpression:
			n = n.ChildByField(syntax.FieldExpression)
		case syntax.KindLetExpression:
			n = n.ChildByField(syntax.FieldBody)
		case syntax.KindIdentifierExpression, syntax.KindSectionAccessExpression:
			d := s.resolveRef(f, n)
			if d == nil || d.File == nil || d.Value.IsNull() {
				return syntax.Node{}, nil
			}
			f, n = d.File, d.Value
		case syntax.KindInvocationExpression:
			if !throughReplaceType {
				return syntax.Node{}, nil
			}
			callee := n.ChildByField(syntax.FieldFunction)
			if callee.Kind() != syntax.KindIdentifierExpression {
				return syntax.Node{}, nil
			}
			d := s.resolveRef(f, callee)
			if d == nil || d.Kind != scope.Library || d.Name != "Value.ReplaceType" {
				return syntax.Node{}, nil
			}
			n = facts.Arg(n, 0)
		default:
			return syntax.Node{}, nil
		}
	}
	return syntax.Node{}, nil
}
