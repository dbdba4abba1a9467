package facts

import (
	"sort"
	"strings"

	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
	"github.com/pqcert/pqcert/server/workspace"
)

type collector struct {
	c  *workspace.Connector
	in *scope.Info
	f  *Facts

	kinds map[string]*Kind
	pubs  map[string]*Publish
	// loaders by function node and target.
	loaders map[loaderKey]*Loader
	// guards memoises the guard of each member's references.
	guards map[*scope.Def]*Guard
	// entries are the members the engine reaches by itself: shared
	// members, kind records and publish records.
	entries map[*scope.Def]bool
}

type nodeKey struct {
	f *syntax.File
	i int
}

func keyOf(n syntax.Node) nodeKey { return nodeKey{n.File(), n.Index()} }

func (col *collector) run() {
	col.kinds = map[string]*Kind{}
	col.pubs = map[string]*Publish{}
	col.loaders = map[loaderKey]*Loader{}
	col.guards = map[*scope.Def]*Guard{}
	col.entries = map[*scope.Def]bool{}
	if col.in.Section != nil {
		col.section(col.in.Section)
	}
	col.libraryCalls()
	col.findLoaders()
	col.moduleBindings()
	if col.in.Section != nil {
		col.dataSources()
	}
	col.diagnostics()
	col.evaluates()
}

func (col *collector) section(s *scope.Scope) {
	f := col.f
	doc := s.Node
	f.Section = doc
	if n := doc.ChildByField(syntax.FieldName); !n.IsNull() {
		f.SectionNameNode = n
		f.SectionName = scope.Name(n)
	}
	if rec := doc.ChildByField(syntax.FieldAttributes); !rec.IsNull() {
		f.SectionAttributes = attributes(rec)
		for _, a := range f.SectionAttributes {
			if a.Name == "Version" && f.Version == nil {
				f.Version = a
			}
		}
	}
	// Members and the index are sized once: a large connector has
	// thousands of members.
	n := 0
	for _, d := range s.Defs {
		if d.Kind == scope.SectionMember {
			n++
		}
	}
	members := make([]Member, n)
	f.Members = make([]*Member, 0, n)
	f.byDef = make(map[*scope.Def]*Member, n)
	for _, d := range s.Defs {
		if d.Kind != scope.SectionMember {
			continue
		}
		m := &members[len(f.Members)]
		m.Def = d
		// Attributes come first in a member; most members have none.
		if rec := d.Node.FirstChild(); rec.Field() == syntax.FieldAttributes {
			m.AttributeRecord = rec
			m.Attributes = attributes(rec)
		}
		f.byDef[d] = m
		f.Members = append(f.Members, m)
	}
}

// dataSources collects the data source functions, their kinds and publish
// records. Helper modules are bound by now, so values are followed into them.
func (col *collector) dataSources() {
	f := col.f
	for _, m := range f.Members {
		ka := m.Attr("DataSource.Kind")
		if ka == nil {
			continue
		}
		ds := &DataSource{Member: m, Name: m.Def.Name, KindAttr: ka, Kind: ka.Text, PublishAttr: m.Attr("Publish"),
			TypeDoc: map[string]syntax.Node{}}
		col.dataSource(ds)
		f.DataSources = append(f.DataSources, ds)
		col.entries[m.Def] = true
		if !ka.IsText {
			continue
		}
		k := col.kind(ds.Kind)
		k.DataSources = append(k.DataSources, ds)
		if ds.PublishAttr != nil && ds.PublishAttr.IsText {
			ds.Publish = col.publish(ds.PublishAttr.Text)
			if ds.Publish != nil {
				ds.Publish.DataSources = append(ds.Publish.DataSources, ds)
			}
		}
	}
	for _, m := range f.Members {
		if m.Def.Shared {
			col.entries[m.Def] = true
		}
	}
	for _, ds := range f.DataSources {
		ds.Nav = col.navigation(ds)
	}
}

// attributes reads a literal attribute record.
func attributes(rec syntax.Node) []*Attribute {
	var out []*Attribute
	for fld := range rec.ChildrenByField(syntax.FieldField) {
		name := fld.ChildByField(syntax.FieldName)
		if name.IsNull() {
			continue
		}
		a := &Attribute{Name: scope.Name(name), Field: fld, NameNode: name, Value: fld.ChildByField(syntax.FieldValue)}
		if a.Value.Kind() == syntax.KindTextLiteral {
			a.Text, a.IsText = TextValue(a.Value), true
		}
		out = append(out, a)
	}
	return out
}

func (col *collector) kind(name string) *Kind {
	if k := col.kinds[name]; k != nil {
		return k
	}
	f := col.f
	k := &Kind{Name: name, Fields: map[string]syntax.Node{}, Auth: map[string]syntax.Node{}}
	col.kinds[name] = k
	f.Kinds = append(f.Kinds, k)
	d := col.in.Member(name)
	if d == nil {
		return k
	}
	k.Member = f.byDef[d]
	col.entries[d] = true
	fields, rec, ok := f.RecordOf(d.Value)
	if !ok {
		return k
	}
	k.Record, k.Fields = rec, fields
	k.Label = f.Field(fields, "Label")
	k.SupportsEncryption = f.Field(fields, "SupportsEncryption")
	if auth, ok := fields["Authentication"]; ok {
		if af, ar, ok := f.RecordOf(auth.ChildByField(syntax.FieldValue)); ok {
			k.AuthRecord, k.Auth = ar, af
			for _, fld := range inOrder(af) {
				a := &AuthKind{Name: scope.Name(fld.ChildByField(syntax.FieldName)), Field: fld}
				a.Value = f.Deref(fld.ChildByField(syntax.FieldValue))
				if kf, kr, ok := f.RecordOf(fld.ChildByField(syntax.FieldValue)); ok {
					a.Record, a.Fields = kr, kf
				}
				k.AuthKinds = append(k.AuthKinds, a)
			}
		}
	}
	if tc, ok := fields["TestConnection"]; ok {
		k.TestConnection = col.testConnection(tc)
	}
	return k
}

// inOrder returns record fields in document order (files, then offsets).
func inOrder(fields map[string]syntax.Node) []syntax.Node {
	out := make([]syntax.Node, 0, len(fields))
	for _, fld := range fields {
		out = append(out, fld)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File() != out[j].File() {
			return out[i].File().Doc.URI < out[j].File().Doc.URI
		}
		return out[i].Start() < out[j].Start()
	})
	return out
}

func (col *collector) testConnection(fld syntax.Node) *TestConnection {
	tc := &TestConnection{Field: fld, Value: fld.ChildByField(syntax.FieldValue), Params: -1}
	fn := col.f.Deref(tc.Value)
	switch fn.Kind() {
	case syntax.KindFunctionExpression:
		tc.Params = len(Params(fn))
	case syntax.KindEachExpression:
		tc.Params = 1
	default:
		return tc
	}
	tc.Function = fn
	tc.Body = Deref(col.in, fn.ChildByField(syntax.FieldBody))
	if tc.Body.Kind() == syntax.KindListExpression {
		tc.IsList = true
		for it := range tc.Body.ChildrenByField(syntax.FieldItem) {
			tc.Items = append(tc.Items, it)
		}
	} else if !tc.Body.IsNull() {
		tc.Dynamic = true
	}
	return tc
}

func (col *collector) publish(name string) *Publish {
	if p, ok := col.pubs[name]; ok {
		return p
	}
	f := col.f
	d := col.in.Member(name)
	if d == nil {
		col.pubs[name] = nil
		return nil
	}
	col.entries[d] = true
	p := &Publish{Name: name, Member: f.byDef[d], Fields: map[string]syntax.Node{}}
	if fields, rec, ok := f.RecordOf(d.Value); ok {
		p.Record, p.Fields = rec, fields
		p.Beta = f.Field(fields, "Beta")
		p.Category = f.Field(fields, "Category")
		p.ButtonText = f.Field(fields, "ButtonText")
		p.LearnMoreUrl = f.Field(fields, "LearnMoreUrl")
		p.SupportsDirectQuery = f.Field(fields, "SupportsDirectQuery")
		p.NativeQueryProperties = f.Field(fields, "NativeQueryProperties")
		p.SourceImage = col.icons(f.Field(fields, "SourceImage"))
		p.SourceTypeImage = col.icons(f.Field(fields, "SourceTypeImage"))
	}
	col.pubs[name] = p
	f.Publishes = append(f.Publishes, p)
	return p
}

func (col *collector) icons(v *Value) *Icons {
	if v == nil {
		return nil
	}
	ic := &Icons{Value: v}
	if v.IsRecord {
		ic.Icon16 = col.iconList(col.f.Field(v.Fields, "Icon16"))
		ic.Icon32 = col.iconList(col.f.Field(v.Fields, "Icon32"))
	}
	return ic
}

func (col *collector) iconList(v *Value) *IconList {
	if v == nil {
		return nil
	}
	l := &IconList{Value: v}
	if !v.IsList {
		return l
	}
	l.Images = []*Image{}
	for _, it := range v.Items {
		img := &Image{Node: it}
		img.Call, img.File, img.IsText = col.fileOf(it)
		l.Images = append(l.Images, img)
	}
	return l
}

// fileOf follows n to an Extension.Contents call or a call of a Contents
// loader, and returns it with the file name when it is a literal.
func (col *collector) fileOf(n syntax.Node) (call syntax.Node, name string, ok bool) {
	n = Deref(col.in, n)
	if n.Kind() != syntax.KindInvocationExpression {
		return syntax.Node{}, "", false
	}
	if LibraryCall(col.in, n, "Extension.Contents") {
		name, ok = Text(col.in, Arg(n, 0))
		return n, name, ok
	}
	if l := col.loaderCalled(n); l != nil && l.Target == "Extension.Contents" {
		name, ok = Text(col.in, Arg(n, l.Param))
		return n, name, ok
	}
	return syntax.Node{}, "", false
}

// dataSource finds a data source function's implementation and documented type.
func (col *collector) dataSource(ds *DataSource) {
	f := col.f
	v := f.Deref(ds.Member.Def.Value)
	if LibraryCall(col.in, v, "Value.ReplaceType") {
		ds.ReplaceType = v
		v = f.Deref(Arg(v, 0))
		if t := Arg(ds.ReplaceType, 1); !t.IsNull() {
			col.documentedType(ds, t)
		}
	}
	if v.Kind() == syntax.KindFunctionExpression {
		ds.Function = v
	}
	var impl []syntax.Node
	if !ds.Function.IsNull() {
		impl = Params(ds.Function)
	}
	if ds.Type.IsNull() {
		// Undocumented: take parameters from the implementation.
		for _, p := range impl {
			ds.Params = append(ds.Params, param(p))
		}
		if rt := ds.Function.ChildByField(syntax.FieldReturnType); !rt.IsNull() {
			ds.Returns, ds.ReturnsNode = strings.TrimSpace(rt.Text()), rt
		}
		return
	}
	for i, p := range ds.Params {
		if i < len(impl) {
			p.Impl = impl[i]
		}
	}
}

// documentedType reads `type function (…) as T meta [...]` behind t.
func (col *collector) documentedType(ds *DataSource, t syntax.Node) {
	f := col.f
	t = f.Deref(t)
	if t.Kind() == syntax.KindMetadataExpression {
		if fields, meta, ok := f.RecordOf(t.ChildByField(syntax.FieldRight)); ok {
			ds.TypeMeta = meta
			for name, fld := range fields {
				ds.TypeDoc[name] = fld.ChildByField(syntax.FieldValue)
			}
		}
		t = f.Deref(t.ChildByField(syntax.FieldLeft))
	}
	if t.Kind() == syntax.KindTypeExpression {
		t = t.ChildByField(syntax.FieldType)
	}
	if t.Kind() != syntax.KindFunctionType {
		return
	}
	ds.Type = t
	if rt := t.ChildByField(syntax.FieldReturnType); !rt.IsNull() {
		ds.Returns, ds.ReturnsNode = strings.TrimSpace(rt.Text()), rt
	}
	for ps := range t.ChildrenByField(syntax.FieldParameter) {
		p := &Param{Node: ps, DataSourcePath: true, Doc: map[string]syntax.Node{}}
		if n := ps.ChildByField(syntax.FieldName); !n.IsNull() {
			p.Name = scope.Name(n)
		}
		p.Optional = !ps.ChildByField(syntax.FieldOptional).IsNull()
		ty := f.Deref(ps.ChildByField(syntax.FieldType))
		if ty.Kind() == syntax.KindMetadataExpression {
			if fields, _, ok := f.RecordOf(ty.ChildByField(syntax.FieldRight)); ok {
				for name, fld := range fields {
					p.Doc[name] = fld.ChildByField(syntax.FieldValue)
				}
				if v, ok := p.Doc["DataSource.Path"]; ok {
					if b, ok := Logical(f.Deref(v)); ok && !b {
						p.DataSourcePath = false
					}
				}
			}
			ty = ty.ChildByField(syntax.FieldLeft)
		}
		p.Type = strings.TrimSpace(ty.Text())
		ds.Params = append(ds.Params, p)
	}
}

func param(p syntax.Node) *Param {
	out := &Param{Node: p, Impl: p, DataSourcePath: true, Doc: map[string]syntax.Node{}}
	if n := p.ChildByField(syntax.FieldName); !n.IsNull() {
		out.Name = scope.Name(n)
	}
	out.Optional = !p.ChildByField(syntax.FieldOptional).IsNull()
	if t := p.ChildByField(syntax.FieldType); !t.IsNull() {
		out.Type = strings.TrimSpace(t.Text())
	}
	return out
}

// memberOf returns the section member whose value contains n, or nil.
func memberOf(in *scope.Info, n syntax.Node) *scope.Def {
	m := n.Ancestor(syntax.KindSectionMember)
	if m.IsNull() {
		return nil
	}
	return in.DefAt(m)
}
