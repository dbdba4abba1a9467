package ide

import (
	"sync"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/resx"
	"github.com/pqcert/pqcert/server/syntax"
)

// Snapshot is what the editor features of one connector read: its M files
// as the editor has them now, and the last model built, which may be older.
// It is safe for concurrent use; what it computes on demand it computes once.
type Snapshot struct {
	// Model is the last model built for the connector. Its facts (data
	// source functions, kind and publish records, loaders) are used by
	// name, so they stay useful while the files change.
	Model *model.Model

	main    *syntax.File
	modules []*syntax.File
	paths   map[*syntax.File]string
	byPath  map[string]*syntax.File
	current bool
	known   []string

	infoOnce sync.Once
	info     *scope.Info

	membersOnce sync.Once
	members     map[string]*scope.Def
	memberList  []*scope.Def
	sectionName string

	rolesOnce sync.Once
	roles     *connectorRoles
}

// NewSnapshot returns the snapshot of m's connector with the files in open
// (current parses by path) replacing the model's parses of those paths.
func NewSnapshot(m *model.Model, open map[string]*syntax.File) *Snapshot {
	s := &Snapshot{Model: m, paths: map[*syntax.File]string{}, byPath: map[string]*syntax.File{}, current: true}
	if m.Connector != nil && m.Connector.Config != nil {
		s.known = m.Connector.Config.KnownIdentifiers
	}
	pick := func(path string, f *syntax.File) *syntax.File {
		if cur := open[path]; cur != nil && cur != f {
			s.current = false
			f = cur
		}
		if f != nil {
			s.paths[f] = path
			s.byPath[path] = f
		}
		return f
	}
	if m.Connector != nil {
		if c := m.Connector.Main; c != nil {
			s.main = pick(c.Path, c.File)
		}
		for _, mod := range m.Connector.Modules {
			if f := pick(mod.Path, mod.File); f != nil {
				s.modules = append(s.modules, f)
			}
		}
	}
	return s
}

// Current reports whether the model was built from the snapshot's files.
func (s *Snapshot) Current() bool { return s.current }

// File returns the current parse of the connector's M file at path, or nil.
func (s *Snapshot) File(path string) *syntax.File { return s.byPath[path] }

// Path returns the path of one of the snapshot's files, or "".
func (s *Snapshot) Path(f *syntax.File) string { return s.paths[f] }

// Main returns the section document's current parse, or nil.
func (s *Snapshot) Main() *syntax.File { return s.main }

// Files returns every current M file: the section document first.
func (s *Snapshot) Files() []*syntax.File {
	var out []*syntax.File
	if s.main != nil {
		out = append(out, s.main)
	}
	return append(out, s.modules...)
}

// Info returns the name resolution of the current files: the model's when
// it is current, else one computed once for this snapshot.
func (s *Snapshot) Info() *scope.Info {
	s.infoOnce.Do(func() {
		if s.current && s.Model.Scope != nil {
			s.info = s.Model.Scope
			return
		}
		s.info = scope.Resolve(s.main, s.modules, scope.Options{Known: s.known})
	})
	return s.info
}

// Resx returns the connector's parsed resources.resx and its path, or nil.
func (s *Snapshot) Resx() (*resx.File, string) {
	if c := s.Model.Connector; c != nil && c.Resx != nil && c.Resx.Parsed != nil {
		return c.Resx.Parsed, c.Resx.Path
	}
	return nil, ""
}

// sectionMembers indexes the section document's members by name (the
// first of duplicates), from the current parse.
func (s *Snapshot) sectionMembers() (map[string]*scope.Def, []*scope.Def, string) {
	s.membersOnce.Do(func() {
		s.members = map[string]*scope.Def{}
		if s.main == nil {
			return
		}
		doc := s.main.Root().ChildByKind(syntax.KindSectionDocument)
		if doc.IsNull() {
			return
		}
		if name := doc.ChildByField(syntax.FieldName); !name.IsNull() {
			s.sectionName = scope.Name(name)
		}
		for m := range doc.ChildrenByField(syntax.FieldMember) {
			d := memberDef(s.main, m)
			if d == nil {
				continue
			}
			s.memberList = append(s.memberList, d)
			if s.members[d.Name] == nil {
				s.members[d.Name] = d
			}
		}
	})
	return s.members, s.memberList, s.sectionName
}

// memberDef returns the definition of a section member node, or nil when
// it has no name.
func memberDef(f *syntax.File, m syntax.Node) *scope.Def {
	name := m.ChildByField(syntax.FieldName)
	if name.IsNull() || name.IsMissing() {
		return nil
	}
	return &scope.Def{Kind: scope.SectionMember, Name: scope.Name(name), File: f, Node: m, NameNode: name,
		Value: m.ChildByField(syntax.FieldValue), Shared: !m.ChildByField(syntax.FieldShared).IsNull()}
}

// lineOf returns the 1-based line of a byte offset of f.
func lineOf(f *syntax.File, off int) int {
	line, _ := f.Doc.Mapper().LineCol(off)
	return line
}

// Location is a span of one of the connector's files (M files, or
// resources.resx).
type Location struct {
	Path string
	Span document.Span
}

// Edit replaces a span of a file with new text.
type Edit struct {
	Path    string
	Span    document.Span
	NewText string
}
