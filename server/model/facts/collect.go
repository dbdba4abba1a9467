package facts

import (
	"strings"

	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
	"github.com/pqcert/pqcert/server/workspace"
)

type collector struct {
	c  *workspace.Connector
	in *scope.Info
	f  *Facts

	members map[*scope.Def]*Member
	kinds   map[string]*Kind
	pubs    map[string]*Publish
}

func (col *collector) run() {
	col.members = map[*scope.Def]*Member{}
	col.kinds = map[string]*Kind{}
	col.pubs = map[string]*Publish{}
	if col.in.Section != nil {
		col.section(col.in.Section)
	}
	col.calls()
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
			if a.Name == "Version" {
				f.Version = a
			}
		}
	}
	for _, d := range s.Defs {
		if d.Kind != scope.SectionMember {
			continue
		}
		m := &Member{Def: d}
		if rec := d.Node.ChildByField(syntax.FieldAttributes); !rec.IsNull() {
			m.AttributeRecord = rec
			m.Attributes = attributes(rec)
		}
		col.members[d] = m
		f.Members = append(f.Members, m)
	}
	for _, m := range f.Members {
		ka := m.Attr("DataSource.Kind")
		if ka == nil {
			continue
		}
		ds := &DataSource{Member: m, Name: m.Def.Name, KindAttr: ka, Kind: ka.Text, PublishAttr: m.Attr("Publish")}
		col.dataSource(ds)
		f.DataSources = append(f.DataSources, ds)
		k := col.kind(ds.Kind)
		k.DataSources = append(k.DataSources, ds)
		if ds.PublishAttr != nil && ds.PublishAttr.IsText {
			ds.Publish = col.publish(ds.PublishAttr.Text)
			if ds.Publish != nil {
				ds.Publish.DataSources = append(ds.Publish.DataSources, ds)
			}
		}
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
	k := &Kind{Name: name, Fields: map[string]syntax.Node{}, Auth: map[string]syntax.Node{}}
	col.kinds[name] = k
	col.f.Kinds = append(col.f.Kinds, k)
	if d := col.in.Member(name); d != nil {
		k.Member = col.members[d]
		if rec := Deref(col.in, d.Value); rec.Kind() == syntax.KindRecordExpression {
			k.Record = rec
			k.Fields = RecordFields(rec)
			if auth, ok := k.Fields["Authentication"]; ok {
				if ar := Deref(col.in, auth.ChildByField(syntax.FieldValue)); ar.Kind() == syntax.KindRecordExpression {
					k.AuthRecord = ar
					k.Auth = RecordFields(ar)
				}
			}
		}
	}
	return k
}

func (col *collector) publish(name string) *Publish {
	if p, ok := col.pubs[name]; ok {
		return p
	}
	d := col.in.Member(name)
	if d == nil {
		col.pubs[name] = nil
		return nil
	}
	p := &Publish{Name: name, Member: col.members[d], Fields: map[string]syntax.Node{}}
	if rec := Deref(col.in, d.Value); rec.Kind() == syntax.KindRecordExpression {
		p.Record = rec
		p.Fields = RecordFields(rec)
	}
	col.pubs[name] = p
	col.f.Publishes = append(col.f.Publishes, p)
	return p
}

// dataSource finds a data source function's implementation and documented type.
func (col *collector) dataSource(ds *DataSource) {
	v := col.follow(ds.Member.Def.Value)
	if v.Kind() == syntax.KindInvocationExpression && calleeName(col.in, v) == "Value.ReplaceType" {
		ds.ReplaceType = v
		args := Args(v)
		if len(args) > 0 {
			v = col.follow(args[0])
		}
		if len(args) > 1 {
			col.documentedType(ds, args[1])
		}
	}
	if v.Kind() == syntax.KindFunctionExpression {
		ds.Function = v
	}
	if ds.Type.IsNull() && !ds.Function.IsNull() {
		// Undocumented: take parameters from the implementation.
		for p := range ds.Function.ChildByField(syntax.FieldParameters).ChildrenByField(syntax.FieldParameter) {
			ds.Params = append(ds.Params, param(p))
		}
		if rt := ds.Function.ChildByField(syntax.FieldReturnType); !rt.IsNull() {
			ds.Returns, ds.ReturnsNode = strings.TrimSpace(rt.Text()), rt
		}
	}
}

// follow derefs through names, parentheses and lets.
func (col *collector) follow(n syntax.Node) syntax.Node { return Deref(col.in, n) }

// documentedType reads `type function (…) as T meta [...]` behind t.
func (col *collector) documentedType(ds *DataSource, t syntax.Node) {
	t = col.follow(t)
	if t.Kind() == syntax.KindMetadataExpression {
		if meta := col.follow(t.ChildByField(syntax.FieldRight)); meta.Kind() == syntax.KindRecordExpression {
			ds.TypeMeta = meta
		}
		t = col.follow(t.ChildByField(syntax.FieldLeft))
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
		ty := col.follow(ps.ChildByField(syntax.FieldType))
		if ty.Kind() == syntax.KindMetadataExpression {
			if meta := col.follow(ty.ChildByField(syntax.FieldRight)); meta.Kind() == syntax.KindRecordExpression {
				for name, fld := range RecordFields(meta) {
					p.Doc[name] = fld.ChildByField(syntax.FieldValue)
				}
				if v, ok := p.Doc["DataSource.Path"]; ok && strings.TrimSpace(v.Text()) == "false" {
					p.DataSourcePath = false
				}
			}
			ty = ty.ChildByField(syntax.FieldLeft)
		}
		p.Type = strings.TrimSpace(ty.Text())
		ds.Params = append(ds.Params, p)
	}
}

func param(p syntax.Node) *Param {
	out := &Param{Node: p, DataSourcePath: true, Doc: map[string]syntax.Node{}}
	if n := p.ChildByField(syntax.FieldName); !n.IsNull() {
		out.Name = scope.Name(n)
	}
	out.Optional = !p.ChildByField(syntax.FieldOptional).IsNull()
	if t := p.ChildByField(syntax.FieldType); !t.IsNull() {
		out.Type = strings.TrimSpace(t.Text())
	}
	return out
}

// calls collects the library calls of interest in every file.
func (col *collector) calls() {
	for _, ref := range col.in.Refs {
		if ref.Def == nil || ref.Def.Kind != scope.Library {
			continue
		}
		call := ref.Node.Parent()
		if call.Kind() != syntax.KindInvocationExpression || !ref.Node.Equal(call.ChildByField(syntax.FieldFunction)) {
			continue
		}
		c := &Call{File: ref.File, Node: call, Name: ref.Name, Args: Args(call)}
		if len(c.Args) > 0 {
			if t := Deref(col.in, c.Args[0]); t.Kind() == syntax.KindTextLiteral {
				c.Text, c.IsText = TextValue(t), true
			}
		}
		if top := memberOf(col.in, call); top != nil {
			c.Member = col.members[top]
		}
		switch {
		case ref.Name == "Extension.LoadString":
			col.f.LoadStrings = append(col.f.LoadStrings, c)
		case ref.Name == "Extension.Contents":
			col.f.Contents = append(col.f.Contents, c)
		case strings.HasPrefix(ref.Name, "Diagnostics."):
			col.f.Diagnostics = append(col.f.Diagnostics, c)
		case ref.Name == "Expression.Evaluate":
			col.f.Evaluates = append(col.f.Evaluates, c)
		}
	}
}

// memberOf returns the section member whose value contains n, or nil.
func memberOf(in *scope.Info, n syntax.Node) *scope.Def {
	m := n.Ancestor(syntax.KindSectionMember)
	if m.IsNull() {
		return nil
	}
	return in.DefAt(m)
}
