package ide

// This file describes callable things for hover, signature help and inlay
// hints: library functions from mlib, the connector's own functions from
// their function expressions, and data source functions from their
// documented types.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// funcInfo is what is known of a function's signature.
type funcInfo struct {
	Name    string
	Params  []paramInfo
	Returns string
	// Symbol is the library symbol, for library functions.
	Symbol *mlib.Symbol
	// DataSource is the data source function, for the connector's own.
	DataSource *facts.DataSource
	// Def is the connector's definition, for the connector's own.
	Def *scope.Def
}

type paramInfo struct {
	Name     string
	Type     string
	Optional bool
	Nullable bool
	// Doc is Markdown describing the parameter (documentation metadata,
	// option fields), or "".
	Doc string
}

// label renders the signature, `Name(a as text, optional b as number) as
// table`, with each parameter's byte span in it.
func (fi *funcInfo) label() (string, [][2]int) {
	var b strings.Builder
	b.WriteString(fi.Name)
	b.WriteByte('(')
	spans := make([][2]int, len(fi.Params))
	for i, p := range fi.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		start := b.Len()
		if p.Optional {
			b.WriteString("optional ")
		}
		b.WriteString(p.Name)
		if p.Type != "" {
			b.WriteString(" as ")
			b.WriteString(p.Type)
		}
		spans[i] = [2]int{start, b.Len()}
	}
	b.WriteByte(')')
	if fi.Returns != "" {
		b.WriteString(" as ")
		b.WriteString(fi.Returns)
	}
	return b.String(), spans
}

// libraryFunc describes a library symbol.
func libraryFunc(sym *mlib.Symbol) *funcInfo {
	fi := &funcInfo{Name: sym.Name, Returns: sym.Returns, Symbol: sym}
	for _, p := range sym.Parameters {
		pi := paramInfo{Name: p.Name, Type: p.Type, Optional: !p.Required, Nullable: p.Nullable}
		var notes []string
		if len(p.Fields) > 0 {
			var names []string
			for _, f := range p.Fields {
				names = append(names, "`"+f.Name+"`")
			}
			notes = append(notes, "fields "+strings.Join(names, ", "))
		}
		if len(p.AllowedValues) > 0 {
			vals := p.AllowedValues
			if len(p.EnumNames) == len(vals) {
				vals = p.EnumNames
			}
			notes = append(notes, "one of "+strings.Join(quoteAll(vals), ", "))
		}
		pi.Doc = strings.Join(notes, "; ")
		fi.Params = append(fi.Params, pi)
	}
	return fi
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "`" + s + "`"
	}
	return out
}

// funcOf describes what def is when it is a function: a library function,
// a data source function, or the connector's function expression. It
// returns nil for anything else.
func (s *Snapshot) funcOf(def *scope.Def) *funcInfo {
	if def == nil {
		return nil
	}
	switch def.Kind {
	case scope.Library:
		if def.Symbol != nil && def.Symbol.IsFunction() {
			return libraryFunc(def.Symbol)
		}
		return nil
	case scope.Declared, scope.EachParameter:
		return nil
	}
	if def.Kind == scope.SectionMember {
		if ds := s.dataSource(def.Name); ds != nil && len(ds.Params) > 0 {
			return s.dataSourceFunc(def, ds)
		}
	}
	var fn syntax.Node
	if mf := s.moduleFile(def); mf != nil {
		fn, _ = s.functionOf(mf, mf.Root().ChildByField(syntax.FieldExpression))
	} else if !def.Value.IsNull() {
		fn, _ = s.functionOf(def.File, def.Value)
	}
	if fn.IsNull() {
		return nil
	}
	fi := &funcInfo{Name: def.Name, Def: def}
	for p := range fn.ChildByField(syntax.FieldParameters).ChildrenByField(syntax.FieldParameter) {
		name := p.ChildByField(syntax.FieldName)
		if name.IsNull() {
			continue
		}
		pi := paramInfo{Name: scope.Name(name), Optional: !p.ChildByField(syntax.FieldOptional).IsNull()}
		if t := p.ChildByField(syntax.FieldType); !t.IsNull() {
			pi.Type = oneLine(t.Text())
			pi.Nullable = strings.HasPrefix(pi.Type, "nullable ")
		}
		fi.Params = append(fi.Params, pi)
	}
	if rt := fn.ChildByField(syntax.FieldReturnType); !rt.IsNull() {
		fi.Returns = oneLine(rt.Text())
	}
	return fi
}

// moduleFile returns the current parse of the helper module a section
// member is bound to (`X = Extension.LoadFunction("X.pqm")`), or nil.
func (s *Snapshot) moduleFile(def *scope.Def) *syntax.File {
	if mb := s.moduleBinding(def); mb != nil && mb.Path != "" {
		if f := s.File(mb.Path); f != nil {
			return f
		}
		return mb.File
	}
	return nil
}

// moduleBinding returns the model's binding of a section member to a
// helper module, by the member's name, or nil.
func (s *Snapshot) moduleBinding(def *scope.Def) *facts.ModuleBinding {
	if def == nil || def.Kind != scope.SectionMember || s.Model.Facts == nil {
		return nil
	}
	for _, mb := range s.Model.Facts.ModuleBindings {
		if mb.Member != nil && mb.Member.Name() == def.Name {
			return mb
		}
	}
	return nil
}

// dataSource returns the model's data source function of that name, or nil.
func (s *Snapshot) dataSource(name string) *facts.DataSource {
	if s.Model.Facts == nil {
		return nil
	}
	return s.Model.Facts.DataSource(name)
}

// dataSourceFunc describes a data source function from its documented
// type (or implementation) as the model saw it.
func (s *Snapshot) dataSourceFunc(def *scope.Def, ds *facts.DataSource) *funcInfo {
	fi := &funcInfo{Name: def.Name, Def: def, DataSource: ds, Returns: ds.Returns}
	for _, p := range ds.Params {
		t := strings.TrimPrefix(oneLine(p.Type), "type ")
		pi := paramInfo{Name: p.Name, Type: t, Optional: p.Optional, Nullable: strings.HasPrefix(t, "nullable ")}
		var notes []string
		for _, k := range []string{"Documentation.FieldCaption", "Documentation.FieldDescription", "Documentation.SampleValues", "Documentation.AllowedValues"} {
			if v, ok := p.Doc[k]; ok {
				notes = append(notes, fmt.Sprintf("*%s*: %s", strings.TrimPrefix(k, "Documentation."), s.docValue(v)))
			}
		}
		if !p.DataSourcePath {
			notes = append(notes, "not part of the data source path")
		}
		pi.Doc = strings.Join(notes, "; ")
		fi.Params = append(fi.Params, pi)
	}
	if fi.Returns == "" && !ds.Function.IsNull() {
		if rt := ds.Function.ChildByField(syntax.FieldReturnType); !rt.IsNull() {
			fi.Returns = oneLine(rt.Text())
		}
	}
	return fi
}

// docValue renders a documentation metadata value for reading: a text
// literal's value, the string an Extension.LoadString call loads from
// resources.resx, the items of a list, else the source text.
func (s *Snapshot) docValue(n syntax.Node) string {
	switch n.Kind() {
	case syntax.KindTextLiteral:
		return quoteText(facts.TextValue(n))
	case syntax.KindListExpression:
		var items []string
		for it := range n.ChildrenByField(syntax.FieldItem) {
			items = append(items, s.docValue(it))
		}
		return "{" + strings.Join(items, ", ") + "}"
	case syntax.KindInvocationExpression:
		if key, ok := s.loadStringKey(n); ok {
			if v, found := s.resxValue(key); found {
				return quoteText(v) + " (resources.resx `" + key + "`)"
			}
			return "`" + oneLine(n.Text()) + "` (no such string in resources.resx)"
		}
	case syntax.KindRecordExpression:
		var fields []string
		names := facts.RecordFields(n)
		keys := make([]string, 0, len(names))
		for k := range names {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return names[keys[i]].Start() < names[keys[j]].Start() })
		for _, k := range keys {
			fields = append(fields, k+" = "+s.docValue(names[k].ChildByField(syntax.FieldValue)))
		}
		return "[" + strings.Join(fields, ", ") + "]"
	}
	return "`" + truncate(oneLine(n.Text()), 120) + "`"
}

// loadStringKey returns the key of an Extension.LoadString call (or of a
// call of the connector's loader that passes its argument on to it) when
// the key is a text literal.
func (s *Snapshot) loadStringKey(call syntax.Node) (string, bool) {
	name, index := s.loaderTarget(call, "Extension.LoadString")
	if name == "" {
		return "", false
	}
	arg := facts.Arg(call, index)
	if arg.Kind() != syntax.KindTextLiteral {
		return "", false
	}
	return facts.TextValue(arg), true
}

// loaderTarget reports whether call calls target (a library function
// taking a name as its first argument) directly or through one of the
// connector's loaders; it returns the called name and the index of the
// argument that names the resource, or "" when it calls something else.
func (s *Snapshot) loaderTarget(call syntax.Node, target string) (string, int) {
	callee := call.ChildByField(syntax.FieldFunction)
	if callee.Kind() != syntax.KindIdentifierExpression {
		return "", 0
	}
	nameNode := callee.ChildByField(syntax.FieldName)
	if nameNode.IsNull() {
		return "", 0
	}
	name := scope.Name(nameNode)
	if name == target {
		return name, 0
	}
	if s.Model.Facts != nil {
		for _, l := range s.Model.Facts.Loaders {
			if l.Target == target && l.Def != nil && l.Def.Name == name {
				return name, l.Param
			}
		}
	}
	return "", 0
}

// resxValue returns the value of a string of resources.resx.
func (s *Snapshot) resxValue(key string) (string, bool) {
	rf, _ := s.Resx()
	if rf == nil {
		return "", false
	}
	e, ok := rf.Lookup(key)
	return e.Value, ok
}

// oneLine collapses the blanks of source text to single spaces.
func oneLine(t string) string { return strings.Join(strings.Fields(t), " ") }

// truncate shortens s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// quoteText shows a text value in Markdown.
func quoteText(v string) string {
	return "\"" + strings.ReplaceAll(truncate(v, 300), "\n", " ") + "\""
}
