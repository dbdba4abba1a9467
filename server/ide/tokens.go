package ide

// This file classifies tokens for semantic highlighting. The classes
// follow grammar/queries/highlights.scm (a test checks them against the
// grammar's highlight assertions), refined by name resolution: a name is a
// library function, one of the connector's functions, a parameter, a
// variable or a field according to what it resolves to.

import (
	"sort"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// Token types and modifiers: indexes into TokenTypes and bits of
// TokenModifiers, the legend the server announces.
const (
	TokenNamespace uint32 = iota
	TokenType
	TokenParameter
	TokenVariable
	TokenProperty
	TokenEnumMember
	TokenFunction
	TokenKeyword
	TokenComment
	TokenString
	TokenNumber
	TokenOperator
	TokenDecorator
)

const (
	ModDeclaration uint32 = 1 << iota
	ModDefaultLibrary
	ModReadonly
)

// TokenTypes and TokenModifiers are the legend, in LSP's standard names.
var (
	TokenTypes = []string{"namespace", "type", "parameter", "variable", "property", "enumMember", "function",
		"keyword", "comment", "string", "number", "operator", "decorator"}
	TokenModifiers = []string{"declaration", "defaultLibrary", "readonly"}
)

// Token is one classified token, within one line.
type Token struct {
	Start, End int // byte offsets
	Type, Mods uint32
}

// SemanticTokens classifies the tokens of f that overlap span, in
// document order. Tokens that span lines (block comments, text with line
// breaks) are split at the line breaks; punctuation is not classified.
func (s *Snapshot) SemanticTokens(f *syntax.File, span document.Span) []Token {
	in := s.Info()
	modules := s.moduleMembers()
	text := f.Text()
	count := f.NodeCount()
	// About one token in four nodes is classified.
	out := make([]Token, 0, count/4*(span.End-span.Start+1)/(len(text)+1)+16)
	first := sort.Search(count, func(i int) bool { return f.Node(i).Start() >= span.Start })
	// A token that starts before the span may reach into it.
	if n := leafBefore(f, span.Start); !n.IsNull() && n.End() > span.Start {
		first = n.Index()
	}
	for i := first; i < count; i++ {
		n := f.Node(i)
		if n.Start() >= span.End {
			break
		}
		if !isLeaf(n) || n.End() <= span.Start || n.End() == n.Start() {
			continue
		}
		typ, mods, ok := s.classify(in, n, modules)
		if !ok {
			continue
		}
		start, end := n.Start(), n.End()
		for ls := start; ls < end; {
			le := ls
			for le < end && text[le] != '\n' && text[le] != '\r' {
				le++
			}
			if le > ls && le > span.Start && ls < span.End {
				out = append(out, Token{Start: ls, End: le, Type: typ, Mods: mods})
			}
			for le < end && (text[le] == '\n' || text[le] == '\r') {
				le++
			}
			ls = le
		}
	}
	return out
}

// moduleMembers returns the names of members bound to helper modules
// (their values are functions loaded from .pqm files).
func (s *Snapshot) moduleMembers() map[string]bool {
	out := map[string]bool{}
	if s.Model.Facts != nil {
		for _, mb := range s.Model.Facts.ModuleBindings {
			if mb.Member != nil {
				out[mb.Member.Name()] = true
			}
		}
	}
	return out
}

// operators are the tokens highlights.scm captures as @operator.
var operators = map[syntax.Kind]bool{
	syntax.KindTokPlus: true, syntax.KindTokMinus: true, syntax.KindTokStar: true, syntax.KindTokSlash: true,
	syntax.KindTokAmpersand: true, syntax.KindTokEqual: true, syntax.KindTokNotEqual: true, syntax.KindTokLess: true,
	syntax.KindTokLessEqual: true, syntax.KindTokGreater: true, syntax.KindTokGreaterEqual: true,
	syntax.KindTokCoalesce: true, syntax.KindTokArrow: true, syntax.KindTokDotDot: true, syntax.KindTokBang: true,
	syntax.KindTokAt: true, syntax.KindTokQuestion: true, syntax.KindTokEllipsis: true,
}

// classify returns a leaf's token type and modifiers; ok is false for
// punctuation and what is not highlighted.
func (s *Snapshot) classify(in *scope.Info, n syntax.Node, modules map[string]bool) (typ, mods uint32, ok bool) {
	k := n.Kind()
	p := n.Parent()
	switch {
	case k == syntax.KindComment:
		return TokenComment, 0, true
	case k == syntax.KindTextLiteral, k == syntax.KindVerbatimLiteral:
		return TokenString, 0, true
	case k == syntax.KindNumberLiteral:
		return TokenNumber, 0, true
	case k == syntax.KindIntrinsicIdentifier || p.Kind() == syntax.KindIntrinsicIdentifier:
		x := n
		if p.Kind() == syntax.KindIntrinsicIdentifier {
			x = p
		}
		if x.Field() == syntax.FieldFunction && x.Parent().Kind() == syntax.KindInvocationExpression {
			return TokenFunction, ModDefaultLibrary, true
		}
		return TokenVariable, ModDefaultLibrary | ModReadonly, true
	case p.Kind() == syntax.KindPrimitiveType:
		return TokenType, 0, true
	case k == syntax.KindKwFunction && p.Kind() == syntax.KindFunctionType, k == syntax.KindKwTable && p.Kind() == syntax.KindTableType:
		return TokenType, 0, true
	case k == syntax.KindNotImplementedExpression || operators[k]:
		return TokenOperator, 0, true
	case isNameKind(k):
		return s.classifyName(in, n, p, modules)
	case k.IsToken():
		switch k {
		case syntax.KindTokLParen, syntax.KindTokRParen, syntax.KindTokLBracket, syntax.KindTokRBracket,
			syntax.KindTokLBrace, syntax.KindTokRBrace, syntax.KindTokComma, syntax.KindTokSemicolon:
			return 0, 0, false
		}
		if k >= syntax.KindKwHashBinary && k <= syntax.KindKwHashTime {
			return TokenVariable, ModDefaultLibrary | ModReadonly, true
		}
		return TokenKeyword, 0, true
	}
	return 0, 0, false
}

func (s *Snapshot) classifyName(in *scope.Info, n, p syntax.Node, modules map[string]bool) (uint32, uint32, bool) {
	switch p.Kind() {
	case syntax.KindSectionDocument:
		return TokenNamespace, ModDeclaration, true
	case syntax.KindSectionAccessExpression:
		if n.Field() == syntax.FieldSection {
			return TokenNamespace, 0, true
		}
		if r := in.RefAt(p); r != nil {
			t, m := defClass(r.Def, modules)
			return t, m, true
		}
		return TokenVariable, 0, true
	case syntax.KindIdentifierExpression:
		if r := in.RefAt(n); r != nil {
			t, m := defClass(r.Def, modules)
			return t, m, true
		}
		return TokenVariable, 0, true
	case syntax.KindLetBinding, syntax.KindSectionMember:
		if d := in.DefAt(n); d != nil {
			t, m := defClass(d, modules)
			return t, m | ModDeclaration, true
		}
		return TokenVariable, ModDeclaration, true
	case syntax.KindRecordField:
		if isAttributeRecord(p.Parent()) {
			return TokenDecorator, 0, true
		}
		return TokenProperty, ModDeclaration, true
	case syntax.KindParameter, syntax.KindParameterSpecification:
		return TokenParameter, ModDeclaration, true
	case syntax.KindFieldSelector, syntax.KindFieldSpecification, syntax.KindFieldProjection:
		return TokenProperty, 0, true
	}
	return TokenVariable, 0, true
}

// defClass is the token class of a name that resolves to d.
func defClass(d *scope.Def, modules map[string]bool) (uint32, uint32) {
	if d == nil {
		return TokenVariable, 0
	}
	switch d.Kind {
	case scope.Library:
		switch d.Symbol.Kind {
		case mlib.KindFunction, mlib.KindConstructor:
			return TokenFunction, ModDefaultLibrary
		case mlib.KindEnumMember:
			return TokenEnumMember, ModDefaultLibrary
		case mlib.KindType, mlib.KindEnumType:
			return TokenType, ModDefaultLibrary
		}
		return TokenVariable, ModDefaultLibrary | ModReadonly
	case scope.Parameter, scope.CatchParameter, scope.EachParameter:
		return TokenParameter, 0
	case scope.RecordField:
		return TokenProperty, 0
	case scope.SectionMember:
		if modules[d.Name] || isFunctionValue(d.Value) {
			return TokenFunction, 0
		}
	case scope.LetBinding:
		if isFunctionValue(d.Value) {
			return TokenFunction, 0
		}
	}
	return TokenVariable, 0
}

// isFunctionValue reports whether a value is written as a function: a
// function expression, `each`, or Value.ReplaceType of one.
func isFunctionValue(v syntax.Node) bool {
	for v.Kind() == syntax.KindParenthesizedExpression {
		v = v.ChildByField(syntax.FieldExpression)
	}
	switch v.Kind() {
	case syntax.KindFunctionExpression, syntax.KindEachExpression:
		return true
	case syntax.KindInvocationExpression:
		callee := v.ChildByField(syntax.FieldFunction).ChildByField(syntax.FieldName)
		return !callee.IsNull() && callee.Text() == "Value.ReplaceType"
	}
	return false
}
