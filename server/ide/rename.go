package ide

import (
	"fmt"
	"strings"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// PrepareRename returns the span of the name at byte offset off of f and
// the name to offer for editing, or an error saying why it cannot be
// renamed.
func (s *Snapshot) PrepareRename(f *syntax.File, off int) (document.Span, string, error) {
	d, n := s.infoTarget(f, off)
	if err := renamable(d, n); err != nil {
		return document.Span{}, "", err
	}
	if n.Kind() == syntax.KindTextLiteral {
		return document.Span{Start: n.Start() + 1, End: n.End() - 1}, d.Name, nil
	}
	return n.Span(), d.Name, nil
}

func renamable(d *scope.Def, n syntax.Node) error {
	switch {
	case n.IsNull():
		return fmt.Errorf("there is no name here to rename")
	case d == nil:
		return fmt.Errorf("`%s` is not defined in the connector", n.Text())
	case d.Kind == scope.Library:
		return fmt.Errorf("`%s` is a name of the M library; only the connector's own names can be renamed", d.Name)
	case d.Kind == scope.Declared:
		return fmt.Errorf("`%s` is declared in the pqcert configuration, not defined in the connector", d.Name)
	case d.Kind == scope.EachParameter:
		return fmt.Errorf("the `_` of `each` has no name to rename")
	case d.Kind == scope.RecordField:
		return fmt.Errorf("record fields are not renamed: field accesses such as `x[%s]` are not resolved to their record", d.Name)
	}
	return nil
}

// Rename returns the edits that rename the name at byte offset off of f to
// newName, written as `#"…"` when it is no regular identifier: the
// definition, every reference in the section document and the helper
// modules, and for a section member the texts that name it in attributes
// and TestConnection handlers. Renaming a data source function whose
// publish record is named after it (`Publish = "F.Publish"`) renames that
// record too. It fails when newName is no valid M identifier, or when the
// new name would clash: defined already in the same scope, hidden by an
// inner definition at a reference, or capturing a reference to another
// definition.
func (s *Snapshot) Rename(f *syntax.File, off int, newName string) ([]Edit, error) {
	d, n := s.infoTarget(f, off)
	if err := renamable(d, n); err != nil {
		return nil, err
	}
	name, err := parseNewName(newName)
	if err != nil {
		return nil, err
	}
	if name == d.Name {
		return nil, nil
	}
	renames := []rename{{d, name}}
	if ds := s.dataSource(d.Name); ds != nil && d.Kind == scope.SectionMember && ds.PublishAttr != nil && ds.PublishAttr.IsText {
		if suffix, ok := strings.CutPrefix(ds.PublishAttr.Text, d.Name+"."); ok {
			if pub := s.Info().Member(ds.PublishAttr.Text); pub != nil {
				renames = append(renames, rename{pub, name + "." + suffix})
			}
		}
	}
	for _, r := range renames {
		if err := s.checkClash(r.def, r.to); err != nil {
			return nil, err
		}
	}
	var edits []Edit
	seen := map[Location]bool{}
	for _, r := range renames {
		for _, o := range s.occurrences(r.def) {
			if seen[o.Location] {
				continue
			}
			seen[o.Location] = true
			text := scope.Identifier(r.to)
			if o.Kind == OccursText {
				text = facts.TextLiteral(r.to)
			}
			edits = append(edits, Edit{Path: o.Path, Span: o.Span, NewText: text})
		}
	}
	return edits, nil
}

type rename struct {
	def *scope.Def
	to  string
}

// checkClash reports why d cannot be named to, or nil.
func (s *Snapshot) checkClash(d *scope.Def, to string) error {
	if other := d.Scope.Own(to); other != nil && other != d {
		return fmt.Errorf("cannot rename `%s` to `%s`: %s already defines `%s` (%s)", d.Name, to, scopeWhat(d.Scope), to, s.defWhere(other))
	}
	// A reference to d must not find another `to` first.
	for _, r := range d.Refs {
		for sc := r.Scope; sc != nil && sc != d.Scope; sc = sc.Parent {
			if other := sc.Own(to); other != nil && !(r.Inclusive && other == d) {
				return fmt.Errorf("cannot rename `%s` to `%s`: at %s the name would refer to the `%s` defined at %s",
					d.Name, to, s.where(r.File, r.Node.Start()), to, s.defWhere(other))
			}
		}
	}
	// A reference to something else named `to` must not find d instead.
	for _, r := range s.Info().Refs {
		if r.Name != to || r.Implicit || r.Def == d || r.Section != "" {
			continue
		}
		if !within(r.Scope, d.Scope) {
			continue
		}
		if r.Def != nil && r.Def.Scope != nil && within(r.Def.Scope, d.Scope) && r.Def.Scope != d.Scope {
			continue // an inner definition still hides d
		}
		what := "an undefined name"
		if r.Def != nil {
			what = "the " + s.defWhere(r.Def)
		}
		return fmt.Errorf("cannot rename `%s` to `%s`: `%s` at %s refers to %s and would then refer to the renamed `%s`",
			d.Name, to, to, s.where(r.File, r.Node.Start()), what, d.Name)
	}
	return nil
}

// within reports whether scope inner is outer or nested in it.
func within(inner, outer *scope.Scope) bool {
	for sc := inner; sc != nil; sc = sc.Parent {
		if sc == outer {
			return true
		}
	}
	return false
}

func scopeWhat(sc *scope.Scope) string {
	switch sc.Kind {
	case scope.SectionScope:
		return "the section"
	case scope.LetScope:
		return "the same let"
	case scope.RecordScope:
		return "the same record"
	case scope.FunctionScope:
		return "the same parameter list"
	}
	return "the same scope"
}

// defWhere names a definition and where it is.
func (s *Snapshot) defWhere(d *scope.Def) string {
	if d.File == nil {
		return d.Kind.String() + " `" + d.Name + "`"
	}
	return s.defKind(d) + " at " + s.where(d.File, d.Node.Start())
}
