package ide

import (
	"sort"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// Definition returns where the name at byte offset off of f is defined:
// a let binding, parameter, field or member, also in a helper module. On
// the key of an Extension.LoadString call it returns the string's entry in
// resources.resx, on the name of an Extension.Contents call the file, and
// on a text naming a member (a Publish or DataSource.Kind attribute, a
// TestConnection handler) that member. It returns nil for library names
// and what it cannot resolve.
func (s *Snapshot) Definition(f *syntax.File, off int) []Location {
	if t := s.targetAt(f, off); t != nil {
		if t.def == nil || t.def.File == nil {
			return nil
		}
		return []Location{{Path: s.Path(t.def.File), Span: defNameSpan(t.def)}}
	}
	lit := f.NodeAt(off)
	if lit.Kind() != syntax.KindTextLiteral {
		return nil
	}
	if lit.Field() == syntax.FieldArgument {
		call := lit.Parent().Parent()
		if key, ok := s.loadStringKey(call); ok {
			if rf, path := s.Resx(); rf != nil {
				if e, ok := rf.Lookup(key); ok {
					return []Location{{Path: path, Span: document.Span{Start: e.NameSpan.Start, End: e.NameSpan.End}}}
				}
			}
			return nil
		}
		if name, index := s.loaderTarget(call, "Extension.Contents"); name != "" && argIndex(lit) == index && s.Model.Connector != nil {
			if p := s.Model.Connector.FindFile(facts.TextValue(lit)); p != "" {
				return []Location{{Path: p}}
			}
			return nil
		}
	}
	if d := s.memberNamedBy(lit); d != nil {
		return []Location{{Path: s.Path(d.File), Span: d.NameNode.Span()}}
	}
	return nil
}

// defNameSpan is the span to show for a definition: its name, or the
// `each` keyword for the implicit `_`.
func defNameSpan(d *scope.Def) document.Span {
	if !d.NameNode.IsNull() {
		return d.NameNode.Span()
	}
	return document.Span{Start: d.Node.Start(), End: d.Node.Start() + len("each")}
}

// memberNamedBy returns the section member a text literal names where
// connectors name members in text: attribute records and TestConnection
// handlers. It returns nil otherwise.
func (s *Snapshot) memberNamedBy(lit syntax.Node) *scope.Def {
	if lit.Kind() != syntax.KindTextLiteral || lit.File() != s.main {
		return nil
	}
	members, _, _ := s.sectionMembers()
	d := members[facts.TextValue(lit)]
	if d == nil {
		return nil
	}
	for _, n := range s.memberTexts(d.Name) {
		if n.Equal(lit) {
			return d
		}
	}
	return nil
}

// memberTexts returns the text literals of the section document that name
// a member: values in member attribute records, and texts in the
// TestConnection handlers of kind records.
func (s *Snapshot) memberTexts(name string) []syntax.Node {
	var out []syntax.Node
	members, list, _ := s.sectionMembers()
	collect := func(n syntax.Node) {
		for c := range n.Descendants() {
			if c.Kind() == syntax.KindTextLiteral && facts.TextValue(c) == name {
				out = append(out, c)
			}
		}
	}
	for _, d := range list {
		if attrs := d.Node.ChildByField(syntax.FieldAttributes); !attrs.IsNull() {
			collect(attrs)
		}
	}
	for kind := range s.connectorRoles().kinds {
		d := members[kind]
		if d == nil {
			continue
		}
		rec := s.recordOf(d.File, d.Value)
		if fld, ok := facts.RecordFields(rec)["TestConnection"]; ok {
			collect(fld)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start() < out[j].Start() })
	return out
}

// infoTarget returns the definition (in the snapshot's resolution) that
// the name at off defines or refers to, and the name token; nil when there
// is none. A text naming a member counts as that member.
func (s *Snapshot) infoTarget(f *syntax.File, off int) (*scope.Def, syntax.Node) {
	in := s.Info()
	if n := nameAt(f, off); !n.IsNull() {
		if d := in.DefAt(n); d != nil && d.NameNode.Equal(n) {
			return d, n
		}
		if r := in.RefAt(n); r != nil && r.NameNode.Equal(n) {
			return r.Def, n
		}
		return nil, syntax.Node{}
	}
	if lit := f.NodeAt(off); lit.Kind() == syntax.KindTextLiteral {
		if d := s.memberNamedBy(lit); d != nil {
			return in.Member(d.Name), lit
		}
	}
	if n := f.NodeAt(off); n.Kind() == syntax.KindKwEach || n.Kind() == syntax.KindEachExpression {
		each := n
		if n.Kind() == syntax.KindKwEach {
			each = n.Parent()
		}
		if d := in.DefAt(each); d != nil && d.Kind == scope.EachParameter {
			return d, n
		}
	}
	return nil, syntax.Node{}
}

// Occurrence is one place a name occurs.
type Occurrence struct {
	Location
	// Kind says how: the definition, a reference, or a text naming a
	// member.
	Kind OccurrenceKind
}

// OccurrenceKind says how a name occurs.
type OccurrenceKind uint8

const (
	OccursRead OccurrenceKind = iota + 1
	OccursWrite
	OccursText
)

// occurrences lists where a definition occurs: its name, each reference
// (helper modules included) and, for section members, the texts that name
// it; in file and document order.
func (s *Snapshot) occurrences(d *scope.Def) []Occurrence {
	var out []Occurrence
	if d.File != nil {
		out = append(out, Occurrence{Location{s.Path(d.File), defNameSpan(d)}, OccursWrite})
	}
	for _, r := range d.Refs {
		if r.Implicit || r.NameNode.IsNull() {
			continue
		}
		out = append(out, Occurrence{Location{s.Path(r.File), r.NameNode.Span()}, OccursRead})
	}
	if d.Kind == scope.SectionMember {
		for _, lit := range s.memberTexts(d.Name) {
			out = append(out, Occurrence{Location{s.Path(lit.File()), lit.Span()}, OccursText})
		}
	}
	order := map[string]int{}
	for i, f := range s.Files() {
		order[s.Path(f)] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return order[out[i].Path] < order[out[j].Path]
		}
		return out[i].Span.Start < out[j].Span.Start
	})
	return out
}

// References returns where the name at byte offset off of f occurs in the
// connector: its definition (with includeDecl), its references in the
// section document and the helper modules, and, for section members, the
// texts that name it. It returns nil when nothing is there.
func (s *Snapshot) References(f *syntax.File, off int, includeDecl bool) []Location {
	d, _ := s.infoTarget(f, off)
	if d == nil {
		return nil
	}
	var out []Location
	for _, o := range s.occurrences(d) {
		if o.Kind == OccursWrite && !includeDecl {
			continue
		}
		out = append(out, o.Location)
	}
	return out
}

// Highlights returns the occurrences, in f only, of the name at byte
// offset off of f.
func (s *Snapshot) Highlights(f *syntax.File, off int) []Occurrence {
	d, _ := s.infoTarget(f, off)
	if d == nil {
		return nil
	}
	path := s.Path(f)
	var out []Occurrence
	for _, o := range s.occurrences(d) {
		if o.Path == path {
			out = append(out, o)
		}
	}
	return out
}
