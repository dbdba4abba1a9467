package ide

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// CompletionKind says what a completion item is.
type CompletionKind uint8

const (
	CompleteVariable CompletionKind = iota + 1
	CompleteFunction
	CompleteField
	CompleteModule
	CompleteKeyword
	CompleteSnippet
	CompleteConstant
	CompleteEnumMember
	CompleteType
	CompleteText // a resource string key
)

// CompletionItem is one proposal.
type CompletionItem struct {
	Label  string
	Kind   CompletionKind
	Detail string
	// Documentation is Markdown, or "".
	Documentation string
	// InsertText replaces Replace; with Snippet it is in the LSP snippet
	// syntax ($1, ${1:default}, $0).
	InsertText string
	Snippet    bool
	Replace    document.Span
	// SortText orders items; FilterText is what the typed text is
	// matched against.
	SortText, FilterText string
}

// CompletionList is the answer to a completion request. Incomplete
// reports that typing more may bring other items, so that the editor asks
// again instead of filtering this list.
type CompletionList struct {
	Incomplete bool
	Items      []CompletionItem
}

// Complete proposes what may be typed at byte offset off of f: names in
// scope and library names (filtered by the typed prefix and its dotted
// segments), record fields after `[` when the record's shape is known
// (library option records, Documentation metadata, kind, publish,
// authentication and icon records, records the connector builds), keys of
// resources.resx inside Extension.LoadString's text, and skeleton snippets
// where a section member may start. It returns an empty list where nothing
// fits (inside comments and other text).
func (s *Snapshot) Complete(f *syntax.File, off int) *CompletionList {
	text := f.Text()
	if off > len(text) {
		off = len(text)
	}
	if in, lit := inCommentOrText(f, off); in {
		if lit.IsNull() {
			return &CompletionList{}
		}
		return s.completeResourceKey(f, lit, off)
	}
	start := prefixStart(text, off)
	prefix := string(text[start:off])
	replace := document.Span{Start: start, End: off}
	chain := enclosing(f, start)
	prev := tokenBefore(f, start)

	if len(chain) > 0 && chain[0].open.Kind() == syntax.KindTokLBracket {
		open := chain[0].open
		before := prevToken(open)
		fieldPos := prev.Equal(open) || prev.Kind() == syntax.KindTokComma && chain[0].commas > 0 && prev.Start() > open.Start()
		switch {
		case isExprEnd(before) && prev.Equal(open):
			return s.fieldItems(s.accessedFields(f, before), prefix, replace, nil)
		case isExprEnd(before):
			return &CompletionList{}
		case fieldPos:
			role := s.recordRole(f, chain, 0)
			return s.fieldItems(role.fields(s), prefix, replace, s.presentFields(f, open, off))
		}
	}
	if len(chain) == 0 && atMemberStart(prev) {
		return s.memberStartItems(prefix, replace)
	}
	return s.expressionItems(f, start, prefix, replace)
}

// inCommentOrText reports whether off is inside a comment or a text
// literal (terminated or not); lit is the literal, null in a comment.
func inCommentOrText(f *syntax.File, off int) (bool, syntax.Node) {
	n := leafBefore(f, off)
	if n.IsNull() {
		return false, syntax.Node{}
	}
	t := n.Text()
	switch {
	case n.Kind() == syntax.KindComment:
		if strings.HasPrefix(t, "//") {
			return off <= n.End(), syntax.Node{}
		}
		return off < n.End() || !strings.HasSuffix(t, "*/"), syntax.Node{}
	case n.Kind() == syntax.KindTextLiteral, n.Kind() == syntax.KindVerbatimLiteral, n.IsError() && strings.HasPrefix(t, `"`):
		closed := len(t) >= 2 && strings.HasSuffix(t, `"`) && n.Kind() != syntax.KindError
		if off < n.End() || !closed {
			if n.Kind() == syntax.KindVerbatimLiteral {
				return true, syntax.Node{}
			}
			return true, n
		}
	case n.Kind() == syntax.KindQuotedIdentifier:
		return off < n.End(), syntax.Node{}
	}
	return false, syntax.Node{}
}

// prefixStart returns where the name being typed before off starts: a
// run of identifier characters and dots, with a leading `#`.
func prefixStart(text []byte, off int) int {
	i := off
	for i > 0 {
		r, size := utf8.DecodeLastRune(text[:i])
		if r == '.' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Pc, unicode.Cf) {
			i -= size
			continue
		}
		break
	}
	if i > 0 && text[i-1] == '#' {
		i--
	}
	return i
}

// anchorAt returns the node whose scopes are those of a name typed at
// start: a node the parser inserted there (`each` with its body missing),
// the name being typed, or the token before.
func anchorAt(f *syntax.File, start int, typing bool) syntax.Node {
	if n := f.FirstLeafAt(start); !n.IsNull() && n.Start() == start && n.End() == start {
		return n
	}
	if typing {
		return f.NodeAt(start)
	}
	if n := leafBefore(f, start); !n.IsNull() {
		return n
	}
	return f.NodeAt(start)
}

// atMemberStart reports whether the token before a position ends a section
// member, the section header or an attribute record: a new member (or
// its attributes) starts there.
func atMemberStart(prev syntax.Node) bool {
	if prev.IsNull() {
		return true
	}
	switch prev.Kind() {
	case syntax.KindTokSemicolon, syntax.KindKwShared:
		return true
	case syntax.KindTokRBracket:
		rec := prev.Parent()
		return rec.Kind() == syntax.KindRecordExpression && isAttributeRecord(rec)
	}
	return false
}

// -- names --

// sort groups: the connector's names before the library's, keywords last.
const (
	sortLocal   = "0"
	sortMember  = "1"
	sortLibrary = "2"
	sortKeyword = "3"
	sortSnippet = "4"
)

// expressionKeywords are the keywords that may start or continue an
// expression.
var expressionKeywords = []string{"let", "in", "if", "then", "else", "each", "try", "otherwise", "catch", "error",
	"and", "or", "not", "as", "is", "meta", "type", "true", "false", "null", "optional", "nullable"}

// matches reports whether name fits the typed prefix: it starts with the
// prefix (ignoring case), or, for a prefix without a dot, one of its dotted
// segments does.
func matches(name, prefix string) bool {
	if prefix == "" {
		return true
	}
	if hasPrefixFold(name, prefix) {
		return true
	}
	if strings.Contains(prefix, ".") {
		return false
	}
	for i := 0; i < len(name); i++ {
		if name[i] == '.' && hasPrefixFold(name[i+1:], prefix) {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func (s *Snapshot) expressionItems(f *syntax.File, start int, prefix string, replace document.Span) *CompletionList {
	list := &CompletionList{Incomplete: true}
	seen := map[string]bool{}
	s.visible(f, anchorAt(f, start, prefix != ""), false, func(d *scope.Def) bool {
		if seen[d.Name] || !matches(d.Name, prefix) {
			return true
		}
		seen[d.Name] = true
		list.Items = append(list.Items, s.defItem(d, replace))
		return true
	})
	// Library names: with a prefix, those that match; without one, the
	// namespaces and the names without a dot.
	if prefix == "" {
		for _, ns := range mlib.Namespaces() {
			if !seen[ns] {
				list.Items = append(list.Items, CompletionItem{Label: ns, Kind: CompleteModule, Detail: "M library namespace",
					InsertText: ns, Replace: replace, SortText: sortLibrary + ns, FilterText: ns})
			}
		}
		for _, sym := range mlib.All() {
			if !strings.Contains(sym.Name, ".") && !seen[sym.Name] {
				list.Items = append(list.Items, libraryItem(sym, replace))
			}
		}
	} else {
		for _, sym := range libraryMatches(prefix) {
			if !seen[sym.Name] {
				list.Items = append(list.Items, libraryItem(sym, replace))
			}
		}
		if !strings.Contains(prefix, ".") {
			for _, ns := range mlib.Namespaces() {
				if !strings.Contains(ns, ".") && hasPrefixFold(ns, prefix) && !seen[ns] {
					list.Items = append(list.Items, CompletionItem{Label: ns, Kind: CompleteModule, Detail: "M library namespace",
						InsertText: ns, Replace: replace, SortText: sortLibrary + ns, FilterText: ns})
				}
			}
		}
		for _, kw := range expressionKeywords {
			if strings.HasPrefix(kw, prefix) && kw != prefix {
				list.Items = append(list.Items, CompletionItem{Label: kw, Kind: CompleteKeyword, InsertText: kw,
					Replace: replace, SortText: sortKeyword + kw, FilterText: kw})
			}
		}
	}
	return list
}

// libraryMatches returns the library symbols that match a non-empty prefix.
func libraryMatches(prefix string) []*mlib.Symbol {
	var out []*mlib.Symbol
	if strings.Contains(prefix, ".") {
		// A dotted prefix names its namespace: search from there, in
		// both letter cases of its first letter.
		for _, p := range caseVariants(prefix) {
			for _, sym := range mlib.WithPrefix(p) {
				if hasPrefixFold(sym.Name, prefix) {
					out = append(out, sym)
				}
			}
		}
		return dedupe(out)
	}
	for _, sym := range mlib.All() {
		if matches(sym.Name, prefix) {
			out = append(out, sym)
		}
	}
	return out
}

// caseVariants returns the namespace part of a dotted prefix in the letter
// cases the library uses, for its sorted search.
func caseVariants(prefix string) []string {
	i := strings.IndexByte(prefix, '.')
	ns := prefix[:i]
	var out []string
	for _, known := range mlib.Namespaces() {
		if strings.EqualFold(known, ns) {
			out = append(out, known+".")
		}
	}
	if len(out) == 0 {
		out = append(out, prefix)
	}
	return out
}

func dedupe(syms []*mlib.Symbol) []*mlib.Symbol {
	sort.Slice(syms, func(i, j int) bool { return syms[i].Name < syms[j].Name })
	out := syms[:0]
	for i, s := range syms {
		if i == 0 || syms[i-1].Name != s.Name {
			out = append(out, s)
		}
	}
	return out
}

func libraryItem(sym *mlib.Symbol, replace document.Span) CompletionItem {
	kind := CompleteFunction
	switch sym.Kind {
	case mlib.KindConstant:
		kind = CompleteConstant
	case mlib.KindEnumMember:
		kind = CompleteEnumMember
	case mlib.KindType, mlib.KindEnumType:
		kind = CompleteType
	}
	doc := ""
	if sym.Category != "" {
		doc = "Category *" + sym.Category + "*"
	}
	if u := sym.DocURL(); u != "" {
		if doc != "" {
			doc += " · "
		}
		doc += "[reference](" + u + ")"
	}
	return CompletionItem{Label: sym.Name, Kind: kind, Detail: sym.Signature(), Documentation: doc,
		InsertText: sym.Name, Replace: replace, SortText: sortLibrary + sym.Name, FilterText: sym.Name}
}

// defItem proposes one of the connector's definitions.
func (s *Snapshot) defItem(d *scope.Def, replace document.Span) CompletionItem {
	it := CompletionItem{Label: d.Name, InsertText: scope.Identifier(d.Name), Replace: replace, FilterText: d.Name}
	group := sortLocal
	switch d.Kind {
	case scope.SectionMember:
		group = sortMember
		it.Kind = CompleteVariable
	case scope.RecordField:
		it.Kind = CompleteField
	default:
		it.Kind = CompleteVariable
	}
	if fi := s.funcOf(d); fi != nil {
		it.Kind = CompleteFunction
		it.Detail, _ = fi.label()
	} else {
		it.Detail = s.defKind(d)
	}
	it.SortText = group + d.Name
	return it
}

// -- resource keys --

// completeResourceKey proposes the keys of resources.resx inside the text
// literal lit when it is an Extension.LoadString key.
func (s *Snapshot) completeResourceKey(f *syntax.File, lit syntax.Node, off int) *CompletionList {
	if !s.isLoadStringArg(f, lit) {
		return &CompletionList{}
	}
	rf, _ := s.Resx()
	if rf == nil {
		return &CompletionList{}
	}
	replace := document.Span{Start: lit.Start() + 1, End: off}
	list := &CompletionList{}
	seen := map[string]bool{}
	for _, e := range rf.Entries {
		if seen[e.Name] || e.Type != "" {
			continue
		}
		seen[e.Name] = true
		list.Items = append(list.Items, CompletionItem{Label: e.Name, Kind: CompleteText, Detail: truncate(oneLine(e.Value), 80),
			Documentation: e.Value, InsertText: strings.ReplaceAll(e.Name, `"`, `""`), Replace: replace,
			SortText: e.Name, FilterText: e.Name})
	}
	return list
}

// isLoadStringArg reports whether a text literal (or an unterminated one)
// stands where Extension.LoadString, or a loader of the connector that
// passes its argument on to it, takes the key.
func (s *Snapshot) isLoadStringArg(f *syntax.File, lit syntax.Node) bool {
	chain := enclosing(f, lit.Start())
	if len(chain) == 0 || chain[0].open.Kind() != syntax.KindTokLParen {
		return false
	}
	prev := tokenBefore(f, lit.Start())
	if !prev.Equal(chain[0].open) && prev.Kind() != syntax.KindTokComma {
		return false
	}
	callee := prevToken(chain[0].open)
	if callee.Kind() != syntax.KindIdentifier {
		return false
	}
	name := callee.Text()
	if name == "Extension.LoadString" {
		return chain[0].commas == 0
	}
	if s.Model.Facts != nil {
		for _, l := range s.Model.Facts.Loaders {
			if l.Target == "Extension.LoadString" && l.Def != nil && l.Def.Name == name && l.Param == chain[0].commas {
				return true
			}
		}
	}
	return false
}
