package naming

import (
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

// This file builds workspace renames: a section member with every
// reference to it (helper modules included) and the texts that name it,
// and the section name with every `Section!Member` access.

// edits collects the edits of one fix, once per span.
type edits struct {
	p    *rules.Pass
	seen map[rules.Edit]bool
	list []rules.Edit
}

func newEdits(p *rules.Pass) *edits { return &edits{p: p, seen: map[rules.Edit]bool{}} }

func (e *edits) replace(n syntax.Node, text string) {
	if n.IsNull() {
		return
	}
	ed := e.p.EditNode(n, text)
	key := rules.Edit{File: ed.File, Start: ed.Start, End: ed.End}
	if e.seen[key] {
		return
	}
	e.seen[key] = true
	e.list = append(e.list, ed)
}

// renameMember adds the edits that rename section member d to newName:
// its name, every reference, and every text literal that names it in a
// kind record's TestConnection handler or in a member's literal attributes
// (where connectors name their functions as text).
func (e *edits) renameMember(d *scope.Def, newName string) {
	id := scope.Identifier(newName)
	e.replace(d.NameNode, id)
	for _, ref := range d.Refs {
		if !ref.NameNode.IsNull() {
			e.replace(ref.NameNode, id)
		}
	}
	fs := e.p.Model.Facts
	for _, k := range fs.Kinds {
		if fld, ok := k.Fields["TestConnection"]; ok {
			e.renameTexts(fld, d.Name, newName)
		}
	}
	for _, m := range fs.Members {
		if !m.AttributeRecord.IsNull() {
			e.renameTexts(m.AttributeRecord, d.Name, newName)
		}
	}
}

// renameTexts replaces the text literals under n whose value is old.
func (e *edits) renameTexts(n syntax.Node, old, newName string) {
	for c := range n.Descendants() {
		if c.Kind() == syntax.KindTextLiteral && facts.TextValue(c) == old {
			e.replace(c, facts.TextLiteral(newName))
		}
	}
}

// renameSection adds the edits that rename the section: its name and the
// section part of every `Section!Member` access.
func (e *edits) renameSection(newName string) {
	in, fs := e.p.Model.Scope, e.p.Model.Facts
	id := scope.Identifier(newName)
	e.replace(fs.SectionNameNode, id)
	for _, ref := range in.Refs {
		if ref.Section == fs.SectionName && ref.Node.Kind() == syntax.KindSectionAccessExpression {
			e.replace(ref.Node.ChildByField(syntax.FieldSection), id)
		}
	}
}

// renameKind adds the edits that rename a data source kind: every
// DataSource.Kind attribute naming it, its kind record and references,
// and the functions named `Kind.X`, which become `NewKind.X`. It reports
// false when a new name is taken by another member.
func (e *edits) renameKind(k *facts.Kind, newKind string) bool {
	in := e.p.Model.Scope
	if d := in.Member(newKind); d != nil && (k.Member == nil || d != k.Member.Def) {
		return false
	}
	for _, ds := range k.DataSources {
		if strings.HasPrefix(ds.Name, k.Name+".") {
			if in.Member(newKind+strings.TrimPrefix(ds.Name, k.Name)) != nil {
				return false
			}
		}
	}
	for _, ds := range k.DataSources {
		e.replace(ds.KindAttr.Value, facts.TextLiteral(newKind))
		if strings.HasPrefix(ds.Name, k.Name+".") {
			e.renameMember(ds.Member.Def, newKind+strings.TrimPrefix(ds.Name, k.Name))
		}
	}
	if k.Member != nil {
		e.renameMember(k.Member.Def, newKind)
	}
	return true
}
