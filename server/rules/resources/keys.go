package resources

// This file defines what the resource rules compute: the keys the
// connector loads with Extension.LoadString (also through the connector's
// own wrapper functions), and the edits of resources.resx.

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/resx"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
	"github.com/pqcert/pqcert/server/workspace"
)

// keyUse is a place that loads a resource key.
type keyUse struct {
	Key string
	// Call is the invocation that names the key as a literal: the
	// Extension.LoadString call, or the call of a wrapper function.
	Call syntax.Node
}

// keyUses are the resource keys a connector loads.
type keyUses struct {
	uses []keyUse
	// prefixes are the literal starts of keys built as `"Prefix" & x`.
	prefixes []string
	// dynamic reports a key that cannot be told (computed, or a wrapper
	// called with a value that is no literal).
	dynamic bool
}

// used reports whether a key is loaded, or may be.
func (k *keyUses) used(key string) bool {
	for _, u := range k.uses {
		if u.Key == key {
			return true
		}
	}
	for _, p := range k.prefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// names returns every key loaded.
func (k *keyUses) names() map[string]bool {
	out := map[string]bool{}
	for _, u := range k.uses {
		out[u.Key] = true
	}
	return out
}

const maxWrapperDepth = 4

// loadedKeys collects the keys the connector's Extension.LoadString calls load.
func loadedKeys(m *model.Model) *keyUses {
	k := &keyUses{}
	seen := map[keyUse]bool{}
	add := func(u keyUse) {
		if !seen[u] {
			seen[u] = true
			k.uses = append(k.uses, u)
		}
	}
	for _, c := range m.Facts.LoadStrings {
		if c.IsText {
			add(keyUse{Key: c.Text, Call: c.Node})
			continue
		}
		if len(c.Args) == 0 {
			continue
		}
		k.resolve(m, c.Args[0], 0, add)
	}
	// Extension.LoadString bound to a name (`GetString = Extension.LoadString`)
	// is called through that name.
	for _, ref := range m.Scope.Refs {
		if ref.Name != "Extension.LoadString" || ref.Def == nil || ref.Def.Kind != scope.Library {
			continue
		}
		call := ref.Node.Parent()
		if call.Kind() == syntax.KindInvocationExpression && ref.Node.Equal(call.ChildByField(syntax.FieldFunction)) {
			continue
		}
		d := bindingOf(m, ref.Node)
		if d == nil {
			k.dynamic = true
			continue
		}
		k.callsOf(m, d, 0, 0, add)
	}
	return k
}

// resolve reads the key an argument gives: a literal, a literal prefix,
// or a parameter of a wrapper function whose calls pass literals.
func (k *keyUses) resolve(m *model.Model, arg syntax.Node, depth int, add func(keyUse)) {
	n := facts.Deref(m.Scope, arg)
	switch n.Kind() {
	case syntax.KindTextLiteral:
		// A literal reached through names: the call that uses it is arg's.
		if call := arg.Ancestor(syntax.KindInvocationExpression); !call.IsNull() {
			add(keyUse{Key: facts.TextValue(n), Call: call})
			return
		}
	case syntax.KindBinaryExpression:
		if left := facts.Deref(m.Scope, n.ChildByField(syntax.FieldLeft)); left.Kind() == syntax.KindTextLiteral && strings.Contains(n.Text(), "&") {
			k.prefixes = append(k.prefixes, facts.TextValue(left))
			return
		}
	case syntax.KindIdentifierExpression:
		ref := m.Scope.RefAt(n)
		if ref != nil && ref.Def != nil && ref.Def.Kind == scope.Parameter && depth < maxWrapperDepth {
			if fn, idx, def := parameterOf(m, ref.Def); def != nil && !fn.IsNull() {
				k.callsOf(m, def, idx, depth+1, add)
				return
			}
		}
	}
	k.dynamic = true
}

// callsOf resolves the keys passed as argument idx to every call of the
// function d is bound to.
func (k *keyUses) callsOf(m *model.Model, d *scope.Def, idx, depth int, add func(keyUse)) {
	if len(d.Refs) == 0 {
		return
	}
	for _, ref := range d.Refs {
		call := ref.Node.Parent()
		if call.Kind() != syntax.KindInvocationExpression || !ref.Node.Equal(call.ChildByField(syntax.FieldFunction)) {
			k.dynamic = true // passed on as a value
			continue
		}
		args := facts.Args(call)
		if idx >= len(args) {
			continue
		}
		if lit := facts.Deref(m.Scope, args[idx]); lit.Kind() == syntax.KindTextLiteral {
			add(keyUse{Key: facts.TextValue(lit), Call: call})
			continue
		}
		k.resolve(m, args[idx], depth, add)
	}
}

// parameterOf returns the function a parameter belongs to, its index, and
// the definition (member, binding or field) the function is the value of.
func parameterOf(m *model.Model, p *scope.Def) (syntax.Node, int, *scope.Def) {
	list := p.Node.Parent()
	fn := list.Parent()
	if list.Kind() != syntax.KindParameterList || fn.Kind() != syntax.KindFunctionExpression {
		return syntax.Node{}, 0, nil
	}
	idx := 0
	for prm := range list.ChildrenByField(syntax.FieldParameter) {
		if prm.Equal(p.Node) {
			break
		}
		idx++
	}
	return fn, idx, bindingOf(m, fn)
}

// bindingOf returns the member, let binding or record field whose value is
// n (through parentheses), or nil.
func bindingOf(m *model.Model, n syntax.Node) *scope.Def {
	for p := n.Parent(); !p.IsNull(); p = p.Parent() {
		switch p.Kind() {
		case syntax.KindParenthesizedExpression:
			continue
		case syntax.KindSectionMember, syntax.KindLetBinding, syntax.KindRecordField:
			if p.ChildByField(syntax.FieldValue).Contains(n) {
				return m.Scope.DefAt(p)
			}
		}
		return nil
	}
	return nil
}

// -- resx edits --

// resxPath returns the path of the connector's resources.resx, existing or to be.
func resxPath(c *workspace.Connector) string {
	if c.Resx != nil {
		return c.Resx.Path
	}
	return filepath.Join(c.Dir, "resources.resx")
}

// addEntries returns the edit that adds string entries to resources.resx,
// or creates the file with them when the connector has none.
func addEntries(c *workspace.Connector, entries []resx.NewEntry) (rules.Edit, error) {
	if c.Resx == nil {
		text, err := resx.Template(entries...)
		if err != nil {
			return rules.Edit{}, err
		}
		return rules.Edit{File: resxPath(c), NewText: string(text)}, nil
	}
	if c.Resx.Parsed == nil || c.Resx.Parsed.Err != nil {
		return rules.Edit{}, errors.New("resources.resx is not well-formed")
	}
	text, f := c.Resx.Text, c.Resx.Parsed
	for _, e := range entries {
		ed, err := resx.AddEntryEdit(text, f, e.Name, e.Value)
		if err != nil {
			return rules.Edit{}, err
		}
		next, err := document.ApplyEdits(text, []document.TextEdit{{Span: document.Span{Start: ed.Start, End: ed.End}, NewText: ed.NewText}})
		if err != nil {
			return rules.Edit{}, err
		}
		text, f = next, resx.Parse(next)
	}
	return minimalEdit(c.Resx.Path, c.Resx.Text, text), nil
}

// minimalEdit returns one edit that turns old into new, replacing only
// what lies between their common prefix and suffix.
func minimalEdit(path string, old, new []byte) rules.Edit {
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	s := 0
	for s < len(old)-p && s < len(new)-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	return rules.Edit{File: path, Start: p, End: len(old) - s, NewText: string(new[p : len(new)-s])}
}
