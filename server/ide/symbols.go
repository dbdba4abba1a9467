package ide

import (
	"sort"
	"strings"
	"unicode"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// SymbolKind says what a symbol is.
type SymbolKind uint8

const (
	SymbolFunction SymbolKind = iota + 1
	SymbolVariable
	SymbolConstant
	SymbolField
	SymbolRecord
	SymbolModule
	SymbolSection
)

// Symbol is a named thing of a document, with the symbols nested in it.
type Symbol struct {
	Name   string
	Detail string
	Kind   SymbolKind
	// Span covers the whole definition; NameSpan its name.
	Span, NameSpan document.Span
	Children       []Symbol
}

// maxSymbolDepth bounds how deep symbols nest (let in let in …).
const maxSymbolDepth = 12

// DocumentSymbols returns the outline of f: the section members (or a
// module's expression), and nested in them the let bindings and record
// fields of their values, through function bodies, lets and records.
func (s *Snapshot) DocumentSymbols(f *syntax.File) []Symbol {
	root := f.Root()
	if doc := root.ChildByField(syntax.FieldSection); !doc.IsNull() {
		var out []Symbol
		for m := range doc.ChildrenByField(syntax.FieldMember) {
			d := memberDef(f, m)
			if d == nil {
				continue
			}
			sym := Symbol{Name: d.Name, Span: m.Span(), NameSpan: d.NameNode.Span()}
			sym.Kind, sym.Detail = s.valueKind(f, d.Value, d)
			if d.Shared {
				sym.Detail = strings.TrimSpace("shared " + sym.Detail)
			}
			sym.Children = s.nestedSymbols(f, d.Value, 0)
			out = append(out, sym)
		}
		return out
	}
	return s.nestedSymbols(f, root.ChildByField(syntax.FieldExpression), 0)
}

// valueKind classifies a member's or binding's value.
func (s *Snapshot) valueKind(f *syntax.File, v syntax.Node, d *scope.Def) (SymbolKind, string) {
	if d != nil && d.Kind == scope.SectionMember {
		cr := s.connectorRoles()
		switch {
		case cr.kinds[d.Name]:
			return SymbolRecord, "data source kind"
		case cr.publishes[d.Name]:
			return SymbolRecord, "publish record"
		}
		if s.Model.Facts != nil {
			for _, mb := range s.Model.Facts.ModuleBindings {
				if mb.Member != nil && mb.Member.Name() == d.Name {
					return SymbolModule, "helper module " + mb.FileName
				}
			}
		}
		if ds := s.dataSource(d.Name); ds != nil {
			return SymbolFunction, "data source function"
		}
	}
	if fn, _ := s.functionOf(f, v); !fn.IsNull() && fn.File() == f && v.Contains(fn) {
		fi := &funcInfo{}
		if d != nil {
			fi = s.funcOf(d)
		}
		if fi != nil {
			label, _ := fi.label()
			return SymbolFunction, strings.TrimPrefix(label, fi.Name)
		}
		return SymbolFunction, ""
	}
	switch v.Kind() {
	case syntax.KindRecordExpression:
		return SymbolRecord, ""
	case syntax.KindNumberLiteral, syntax.KindTextLiteral, syntax.KindLogicalLiteral, syntax.KindNullLiteral:
		return SymbolConstant, truncate(oneLine(v.Text()), 40)
	case syntax.KindEachExpression:
		return SymbolFunction, "each"
	}
	return SymbolVariable, ""
}

// nestedSymbols returns the bindings and fields of a value.
func (s *Snapshot) nestedSymbols(f *syntax.File, v syntax.Node, depth int) []Symbol {
	if depth > maxSymbolDepth {
		return nil
	}
	for i := 0; i < 8 && !v.IsNull(); i++ {
		switch v.Kind() {
		case syntax.KindFunctionExpression, syntax.KindEachExpression:
			v = v.ChildByField(syntax.FieldBody)
			continue
		case syntax.KindParenthesizedExpression:
			v = v.ChildByField(syntax.FieldExpression)
			continue
		case syntax.KindMetadataExpression:
			v = v.ChildByField(syntax.FieldLeft)
			continue
		}
		break
	}
	var field syntax.Field
	var kind scope.DefKind
	switch v.Kind() {
	case syntax.KindLetExpression:
		field, kind = syntax.FieldBinding, scope.LetBinding
	case syntax.KindRecordExpression:
		field, kind = syntax.FieldField, scope.RecordField
	default:
		return nil
	}
	var out []Symbol
	for b := range v.ChildrenByField(field) {
		d := bindingDef(f, b, kind)
		if d == nil {
			continue
		}
		sym := Symbol{Name: d.Name, Span: b.Span(), NameSpan: d.NameNode.Span()}
		sym.Kind, sym.Detail = s.valueKind(f, d.Value, d)
		if kind == scope.RecordField && sym.Kind != SymbolFunction && sym.Kind != SymbolRecord {
			sym.Kind = SymbolField
		}
		sym.Children = s.nestedSymbols(f, d.Value, depth+1)
		out = append(out, sym)
	}
	if v.Kind() == syntax.KindLetExpression {
		out = append(out, s.nestedSymbols(f, v.ChildByField(syntax.FieldBody), depth+1)...)
	}
	return out
}

// WorkspaceSymbol is a symbol of the connector, for searching by name.
type WorkspaceSymbol struct {
	Name      string
	Kind      SymbolKind
	Container string
	Location  Location
}

// WorkspaceSymbols returns the connector's section members, and the
// top-level bindings of its helper modules, whose names match query: its
// characters in order, ignoring case (an empty query matches all).
func (s *Snapshot) WorkspaceSymbols(query string) []WorkspaceSymbol {
	var out []WorkspaceSymbol
	_, list, section := s.sectionMembers()
	for _, d := range list {
		if !fuzzy(d.Name, query) {
			continue
		}
		kind, _ := s.valueKind(d.File, d.Value, d)
		out = append(out, WorkspaceSymbol{Name: d.Name, Kind: kind, Container: section,
			Location: Location{Path: s.Path(d.File), Span: d.NameNode.Span()}})
	}
	for _, mod := range s.modules {
		for _, sym := range s.DocumentSymbols(mod) {
			if fuzzy(sym.Name, query) {
				out = append(out, WorkspaceSymbol{Name: sym.Name, Kind: sym.Kind, Container: baseName(s.Path(mod)),
					Location: Location{Path: s.Path(mod), Span: sym.NameSpan}})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// fuzzy reports whether the characters of query appear in name in order,
// ignoring case.
func fuzzy(name, query string) bool {
	q := []rune(query)
	i := 0
	for _, r := range name {
		if i < len(q) && unicode.ToLower(r) == unicode.ToLower(q[i]) {
			i++
		}
	}
	return i == len(q)
}
