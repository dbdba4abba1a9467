package syntax

// This file turns ERROR and MISSING nodes into syntax errors with messages
// that say what was expected, one per error region.
//
// An ERROR node shows where tree-sitter gave up, but not why: it may start
// well before the mistake (the parser pops what it had built) and it does
// not record what it expected. So for each top-level ERROR node the parse is
// replayed through the grammar's tables (replay.c): the first token the
// parser cannot take is the mistake, and the tokens it could have taken say
// what was expected ("`then`", "`,` or `]`", "an expression"). A MISSING
// node already names the token the parser inserted.

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pqcert/pqcert/server/document"
)

// Error is a syntax error or warning: a span and a message saying what is
// wrong. The span is empty where a token is missing.
type Error struct {
	Span document.Span
	Msg  string
}

// collectErrors finds one error per ERROR region and per MISSING token
// outside them, and runs the checks that the grammar leaves to after
// parsing. An error on the line of an earlier one, or inside a construct
// that already has an earlier error, is dropped: after a mistake,
// tree-sitter often inserts a MISSING token or misreads a keyword further
// on, and that cascade would only repeat it.
func collectErrors(f *File, regions []region) []Error {
	root := f.Root()
	if root.IsNull() {
		return nil
	}
	var found []anchoredError
	var spans []document.Span // of the ERROR regions
	if root.HasError() {
		byNode := make(map[int32]*region, len(regions))
		for i := range regions {
			byNode[regions[i].node] = &regions[i]
		}
		var missing []Node
		nodes := f.single()
		for i := 0; i < len(nodes); {
			r := &nodes[i]
			switch {
			case r.kind == KindError:
				n := f.at(i)
				err := regionError(n, byNode[int32(i)])
				found = append(found, anchoredError{n, err})
				spans = append(spans, n.Span(), err.Span)
				i = int(r.next) // one error per region
				continue
			case r.flags&flagHasError == 0:
				i = int(r.next)
				continue
			case r.flags&flagMissing != 0:
				missing = append(missing, f.at(i))
			}
			i++
		}
		last := -1
		for _, n := range missing {
			// Tokens missing at one place, or next to an ERROR region, are
			// part of one mistake.
			if n.Start() != last && !touches(spans, n.Start()) {
				found = append(found, anchoredError{n, missingError(n)})
			}
			last = n.Start()
		}
	}
	for _, e := range checkAfterParse(f) {
		if !touches(spans, e.Span.Start) {
			found = append(found, e)
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].Span.Start < found[j].Span.Start })
	var errs []Error
	var kept []int // starts of the errors kept so far
	for _, e := range found {
		if len(kept) > 0 && sameLine(f.Doc.Text, kept[len(kept)-1], e.Span.Start) || cascade(e.node, kept) {
			continue
		}
		errs = append(errs, e.Error)
		kept = append(kept, e.Span.Start)
	}
	return errs
}

// sameLine reports whether no line break lies between offsets a <= b. As
// Go's parser does, only the first error of a line is reported: the others
// on it nearly always follow from it.
func sameLine(text []byte, a, b int) bool {
	for _, c := range text[a:b] {
		if c == '\n' || c == '\r' {
			return false
		}
	}
	return true
}

// anchoredError is an error with the node it is about.
type anchoredError struct {
	node Node
	Error
}

// cascade reports whether an earlier error lies in the construct around n,
// so that n's error likely follows from it. Section members and documents
// do not count as constructs: a mistake in one member says nothing about
// the next.
func cascade(n Node, earlier []int) bool {
	p := n.Parent()
	switch p.Kind() {
	case KindInvalid, KindSectionDocument, KindSourceFile:
		return false
	}
	for _, off := range earlier {
		if p.Start() <= off && off < n.Start() {
			return true
		}
	}
	return false
}

// touches reports whether off lies in or at either end of one of spans.
func touches(spans []document.Span, off int) bool {
	for _, s := range spans {
		if s.Start <= off && off <= s.End {
			return true
		}
	}
	return false
}

// -- ERROR regions --

// regionError explains one ERROR node, using what the replay learned about
// it when it has (rg may be nil).
func regionError(e Node, rg *region) Error {
	f := e.f
	// Characters that start no token: error tokens, and text of the ERROR
	// node that none of its tokens covers.
	junk := junkOffsets(e)
	// A literal or comment without its end swallows the rest of the
	// document; say so whatever else went wrong around it.
	for _, off := range junk {
		if err, ok := unterminated(f, off); ok {
			return err
		}
	}
	for c := range e.Descendants() {
		if c.Kind() == KindTokSlash {
			if err, ok := unterminated(f, c.Start()); ok {
				return err
			}
		}
	}
	if !hasCode(f) {
		return Error{Span: document.Span{Start: len(f.Doc.Text), End: len(f.Doc.Text)}, Msg: "expected a section document or an expression: the document has no code"}
	}
	if rg == nil || rg.fail == -2 {
		if len(junk) > 0 {
			return badCharacter(f, junk[0], previousTokenAt(f, junk[0]))
		}
		return fallbackError(e)
	}
	var bad, prev Node
	if rg.fail >= 0 {
		bad = f.Node(int(rg.fail))
	}
	if rg.prev >= 0 {
		prev = f.Node(int(rg.prev))
	}
	if !bad.IsNull() && bad.Kind() == KindTokSlash {
		if err, ok := unterminated(f, bad.Start()); ok {
			return err
		}
	}
	// Junk before the failing token is the mistake.
	for _, off := range junk {
		if (bad.IsNull() || off <= bad.Start()) && off >= prev.End() {
			return badCharacter(f, off, prev)
		}
	}
	if bad.IsError() {
		return badCharacter(f, bad.Start(), prev)
	}
	if err, ok := keywordTaken(prev); ok {
		return err
	}
	var span document.Span
	switch {
	case !bad.IsNull():
		span = bad.Span()
	case !prev.IsNull():
		span = document.Span{Start: prev.End(), End: prev.End()}
	default:
		span = document.Span{Start: len(f.Doc.Text), End: len(f.Doc.Text)}
	}
	exp := expectedSet(rg.expected)
	if !bad.IsNull() && prev.Kind() == KindTokComma && isCloser(bad.Kind()) {
		return Error{Span: prev.Span(), Msg: "unexpected `,` before `" + bad.Kind().String() + "`: M allows no trailing comma"}
	}
	if !bad.IsNull() && isCloser(bad.Kind()) && unclosedOpener(prev, bad.Kind()).IsNull() && closerIn(exp.punctuation) == KindInvalid {
		return Error{Span: span, Msg: "unexpected `" + bad.Kind().String() + "` without a matching `" + openerOf(bad.Kind()) + "`"}
	}
	if bad.Kind() == KindTokBang && bad.End() < len(f.Doc.Text) && f.Doc.Text[bad.End()] == '=' {
		return Error{Span: document.Span{Start: bad.Start(), End: bad.End() + 1}, Msg: "M writes \"not equal\" as `<>`, not `!=`"}
	}
	if adjacent(prev, bad) {
		switch {
		case prev.Kind() == KindTokBang && bad.Kind() == KindTokEqual:
			return Error{Span: document.Span{Start: prev.Start(), End: bad.End()}, Msg: "M writes \"not equal\" as `<>`, not `!=`"}
		case prev.Kind() == KindTokEqual && bad.Kind() == KindTokEqual:
			return Error{Span: document.Span{Start: prev.Start(), End: bad.End()}, Msg: "M compares with a single `=`, not `==`"}
		}
	}
	// During recovery tree-sitter may split `=>` into `=` and `>`.
	if prev.Kind() == KindTokEqual && bad.Kind() == KindTokGreater && adjacent(prev, bad) {
		return Error{Span: document.Span{Start: prev.Start(), End: bad.End()}, Msg: "expected an expression after `=>`"}
	}
	if msg := operatorAfterType(bad, prev); msg != "" {
		return Error{Span: span, Msg: msg}
	}
	return Error{Span: span, Msg: expectedMessage(e, bad, prev, exp)}
}

// hasCode reports whether the document has any token besides comments.
func hasCode(f *File) bool {
	nodes := f.single()
	for i := range nodes {
		r := &nodes[i]
		if int(r.next) == i+1 && r.flags&(flagExtra|flagMissing) == 0 && r.start < r.end {
			return true
		}
	}
	return false
}

// adjacent reports whether token b starts right where token a ends.
func adjacent(a, b Node) bool { return !a.IsNull() && !b.IsNull() && a.End() == b.Start() }

// keywordTaken explains an error that follows a reserved word the parser
// took as a name because the keyword fits nowhere there: `let in 1`,
// `let x = 1, in x`, `a + if b then c else d`, a second `section`.
func keywordTaken(n Node) (Error, bool) {
	if n.Kind() != KindIdentifier || !reserved[n.Text()] {
		return Error{}, false
	}
	word := n.Text()
	before := previousToken(n)
	var msg string
	switch {
	case word == "section":
		msg = "a document has only one `section` declaration"
	case before.Kind() == KindTokComma && notExpressionStart[word]:
		return Error{Span: before.Span(), Msg: "unexpected `,` before `" + word + "`: M allows no trailing comma"}, true
	case operandKeyword[word] && isOperator(before.Kind()):
		msg = "`" + word + "` cannot follow " + describeToken(before) + ": put the `" + word + "` expression in parentheses"
	case !before.IsNull():
		msg = "expected a name after " + describeToken(before) + ", not the keyword `" + word + "`"
	default:
		msg = "keyword `" + word + "` cannot be a name; quote it as #\"" + word + "\""
	}
	return Error{Span: n.Span(), Msg: msg}, true
}

// operandKeyword are the keywords that start an expression which cannot be
// an operand without parentheses (`a + if …`, `a ?? error …`).
var operandKeyword = map[string]bool{"each": true, "error": true, "if": true, "let": true, "try": true}

// operatorAfterType explains an operator after an `as`, `is` or `meta`
// expression, whose right side is a type or a unary expression: `x as
// number = y`, `a is number + 1`, `a meta b meta c`.
func operatorAfterType(bad, prev Node) string {
	if bad.IsNull() || !isOperator(bad.Kind()) {
		return ""
	}
	depth := 0
	for t := prev; !t.IsNull(); t = previousToken(t) {
		switch k := t.Kind(); {
		case isCloser(k):
			depth++
		case k == KindTokLParen || k == KindTokLBracket || k == KindTokLBrace:
			if depth == 0 {
				return ""
			}
			depth--
		case depth == 0 && (k == KindKwAs || k == KindKwIs || k == KindKwMeta):
			article := "an"
			if k == KindKwMeta {
				article = "a"
			}
			return "`" + bad.Kind().String() + "` cannot follow " + article + " `" + k.String() + "` expression: put it in parentheses"
		case depth == 0 && (isOperator(k) || k == KindTokComma || k == KindTokSemicolon || k == KindTokEqual):
			return ""
		}
	}
	return ""
}

func isOperator(k Kind) bool {
	switch k {
	case KindTokPlus, KindTokMinus, KindTokStar, KindTokSlash, KindTokAmpersand, KindTokEqual, KindTokNotEqual,
		KindTokLess, KindTokLessEqual, KindTokGreater, KindTokGreaterEqual, KindTokCoalesce,
		KindKwAnd, KindKwOr, KindKwAs, KindKwIs, KindKwMeta:
		return true
	}
	return false
}

// unterminated reports an unterminated text literal, quoted identifier,
// verbatim literal or comment starting at off.
func unterminated(f *File, off int) (Error, bool) {
	text := f.Doc.Text
	rest := text[off:]
	var what string
	switch {
	case hasPrefix(rest, `#!"`):
		what = "unterminated verbatim literal: `#!\"` has no closing `\"`"
	case hasPrefix(rest, `#"`):
		what = "unterminated quoted identifier: `#\"` has no closing `\"`"
	case hasPrefix(rest, `"`):
		what = "unterminated text literal"
	case hasPrefix(rest, "/*"):
		what = "unterminated comment: `/*` has no closing `*/`"
	default:
		return Error{}, false
	}
	// Underline the opening to the end of its line: the rest of the
	// document is swallowed, but the mistake is here.
	end := off + 1
	for end < len(text) && text[end] != '\n' && text[end] != '\r' {
		end++
	}
	return Error{Span: document.Span{Start: off, End: end}, Msg: what}, true
}

// junkOffsets returns where the ERROR node e holds characters that start
// no token: its error tokens, and text that none of its tokens covers
// (tree-sitter leaves the characters it skipped out of every child).
func junkOffsets(e Node) []int {
	var offs []int
	pos := e.Start()
	for c := range e.Descendants() {
		if !c.FirstChild().IsNull() || c.Equal(e) && !c.IsError() {
			continue
		}
		if c.Start() > pos && !isSpace(e.f.Doc.Text[pos:c.Start()]) {
			offs = append(offs, pos+spaceLen(e.f.Doc.Text[pos:c.Start()]))
		}
		if c.IsError() && c.Start() < c.End() {
			offs = append(offs, c.Start())
		}
		pos = max(pos, c.End())
	}
	if e.FirstChild().IsNull() {
		return offs
	}
	if pos < e.End() && !isSpace(e.f.Doc.Text[pos:e.End()]) {
		offs = append(offs, pos+spaceLen(e.f.Doc.Text[pos:e.End()]))
	}
	sort.Ints(offs)
	return offs
}

// spaceLen returns the length of the whitespace that b starts with.
func spaceLen(b []byte) int {
	n := 0
	for n < len(b) {
		r, size := utf8.DecodeRune(b[n:])
		if !isSpaceRune(r) {
			break
		}
		n += size
	}
	return n
}

func isSpace(b []byte) bool { return spaceLen(b) == len(b) }

// isSpaceRune reports whether the grammar skips r as whitespace.
func isSpaceRune(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return 0x2000 <= r && r <= 0x200A
}

// previousTokenAt returns the last token that ends at or before off.
func previousTokenAt(f *File, off int) Node {
	nodes := f.single()
	for i := len(nodes) - 1; i >= 0; i-- {
		r := &nodes[i]
		if int(r.next) == i+1 && r.flags&(flagExtra|flagMissing) == 0 && int(r.end) <= off && r.kind != KindError {
			return f.at(i)
		}
	}
	return Node{}
}

func hasPrefix(b []byte, s string) bool { return len(b) >= len(s) && string(b[:len(s)]) == s }

// badCharacter describes characters at start that begin no token.
func badCharacter(f *File, start int, prev Node) Error {
	text := f.Doc.Text
	if start >= len(text) {
		return Error{Span: document.Span{Start: len(text), End: len(text)}, Msg: "unexpected end of input"}
	}
	r, size := utf8.DecodeRune(text[start:])
	span := document.Span{Start: start, End: start + size}
	if r == '#' {
		word := start + 1
		for word < len(text) {
			c, n := utf8.DecodeRune(text[word:])
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
				break
			}
			word += n
		}
		if word > start+1 {
			span.End = word
			return Error{Span: span, Msg: fmt.Sprintf("unknown keyword `%s`", text[start:word])}
		}
		return Error{Span: span, Msg: "unexpected `#`: it starts only keywords such as `#date`, quoted names `#\"…\"` and verbatim literals `#!\"…\"`"}
	}
	if r == '.' && prev.End() == start && !prev.IsNull() {
		switch prev.Kind() {
		case KindNumberLiteral:
			return Error{Span: span, Msg: "a number cannot end with `.`: write `" + prev.Text() + "` or `" + prev.Text() + ".0`"}
		case KindIdentifier:
			return Error{Span: span, Msg: "a name cannot end with `.`"}
		}
	}
	if r == utf8.RuneError && size <= 1 {
		return Error{Span: span, Msg: fmt.Sprintf("invalid UTF-8 byte 0x%02X", text[start])}
	}
	if unicode.IsPrint(r) {
		return Error{Span: span, Msg: fmt.Sprintf("unexpected character `%c`", r)}
	}
	return Error{Span: span, Msg: fmt.Sprintf("unexpected character U+%04X", r)}
}

// fallbackError names the first token of an ERROR node when the replay has
// nothing to say about it.
func fallbackError(e Node) Error {
	first := firstToken(e)
	msg := "unexpected " + describeToken(first)
	if ctx := construct(e.Parent()); ctx != "" {
		msg += " " + ctx
	}
	span := first.Span()
	if first.IsNull() {
		span = e.Span()
	}
	return Error{Span: span, Msg: msg}
}

// expectation classifies the tokens the parser would have taken.
type expectation struct {
	kinds       map[Kind]bool
	expression  bool // an expression could start
	name        bool // an identifier or quoted identifier
	fieldName   bool // a generalized identifier (field name)
	typ         bool // a primitive type
	end         bool // the end of input
	punctuation []Kind
}

// listed are the tokens a message names, in the order it names them;
// operators and postfix brackets, which fit after nearly any expression,
// are left out.
var listed = []Kind{
	KindTokComma, KindKwThen, KindKwElse, KindKwIn, KindTokSemicolon, KindTokEqual, KindTokArrow,
	KindTokRParen, KindTokRBracket, KindTokRBrace, KindKwSection,
}

func expectedSet(bits [4]uint64) expectation {
	lang := languageTables()
	x := expectation{kinds: map[Kind]bool{}}
	for sym := 0; sym < 256; sym++ {
		if bits[sym/64]&(1<<(sym%64)) == 0 {
			continue
		}
		if sym == 0 {
			x.end = true
			continue
		}
		k := lang.tokenKind(uint16(sym))
		if k != KindInvalid {
			x.kinds[k] = true
		}
	}
	x.expression = x.kinds[KindNumberLiteral] || x.kinds[KindTextLiteral]
	x.name = x.kinds[KindIdentifier] || x.kinds[KindQuotedIdentifier]
	x.fieldName = x.kinds[KindGeneralizedIdentifier]
	x.typ = x.kinds[KindKwNumber] && !x.expression
	// Where other comparisons fit, `=` is one too, not the `=` of a
	// binding or field.
	equality := x.kinds[KindTokNotEqual]
	for _, k := range listed {
		if x.kinds[k] && !(k == KindTokEqual && equality) {
			x.punctuation = append(x.punctuation, k)
		}
	}
	return x
}

// expectedMessage says what the parser expected instead of bad (null at
// the end of input), after prev (null at the start).
func expectedMessage(e, bad, prev Node, x expectation) string {
	after := ""
	if !prev.IsNull() {
		after = " after " + describeToken(prev)
	}
	closer := !bad.IsNull() && isCloser(bad.Kind())
	switch {
	case x.kinds[KindKwOptional] && !x.name && bad.Kind() == KindIdentifier:
		return "expected `optional`: a required parameter cannot follow an optional one"
	case x.expression:
		what := "an expression"
		if x.fieldName {
			what = "a field name or an expression"
		}
		return "expected " + what + after
	case x.fieldName && !x.name:
		return "expected a field name" + after
	case x.typ:
		return "expected a type" + after
	case x.name && len(x.punctuation) == 0:
		return "expected a name" + after
	}
	p := plausible(x.punctuation, prev)
	if len(p) == 0 {
		if x.end {
			return "unexpected " + describeToken(bad) + " after a complete expression"
		}
		return "unexpected " + describeToken(bad) + after
	}
	// An opening bracket whose closing one never came.
	if c := closerIn(p); c != KindInvalid && (bad.IsNull() || bad.Kind() == KindTokSemicolon || (closer && bad.Kind() != c)) {
		return "unclosed `" + openerOf(c) + "`: expected `" + c.String() + "`"
	}
	msg := "expected " + joinKinds(p)
	switch {
	case len(p) == 1 && p[0] == KindKwThen:
		msg += " after the condition"
	case len(p) == 1 && p[0] == KindKwElse:
		msg += " after the `then` branch"
	case len(p) == 1 && p[0] == KindKwIn:
		msg += " after the let bindings"
	case len(p) == 2 && p[0] == KindKwIn && p[1] == KindTokComma, len(p) == 2 && p[0] == KindTokComma && p[1] == KindKwIn:
		msg += " after the let binding"
	case len(p) == 1 && p[0] == KindTokSemicolon:
		if prev.Field() == FieldName && prev.Parent().Kind() == KindSectionDocument {
			msg += " after the section name"
		} else if name := memberName(e, prev); name != "" {
			msg += " after section member `" + name + "`"
		} else {
			msg += after
		}
	case len(p) == 1 && p[0] == KindTokEqual:
		msg += after
	case len(p) == 1 && p[0] == KindTokArrow:
		msg += " after the parameters"
	default:
		if c := closerIn(p); c != KindInvalid {
			msg += " " + bracketConstruct(prev, c)
		} else {
			msg += after
		}
	}
	return msg
}

// plausible drops from expected the keywords that the innermost open
// `let`, `if … then` or `then … else` before prev cannot take. tree-sitter
// merges parse states of different contexts, so after `if a[b]` its tables
// also accept `in`, which only an open `let` could use.
func plausible(expected []Kind, prev Node) []Kind {
	open := innermostOpen(prev)
	var out []Kind
	for _, k := range expected {
		switch {
		case k == KindKwIn && open != KindKwLet,
			k == KindKwThen && open != KindKwIf,
			k == KindKwElse && open != KindKwThen:
			continue
		}
		out = append(out, k)
	}
	return out
}

// innermostOpen returns the keyword that opens the innermost construct
// still waiting for its keyword at prev's bracket level: `let` (waiting for
// `in`), `if` (for `then`) or `then` (for `else`); KindInvalid if none. The
// scan stops at the enclosing bracket and at a `;`.
func innermostOpen(prev Node) Kind {
	depth := 0
	var pending []Kind // closing keywords seen, innermost last
	for t := prev; !t.IsNull(); t = previousToken(t) {
		k := t.Kind()
		switch {
		case isCloser(k):
			depth++
			continue
		case k == KindTokLParen || k == KindTokLBracket || k == KindTokLBrace:
			if depth == 0 {
				return KindInvalid
			}
			depth--
			continue
		case depth > 0:
			continue
		}
		top := KindInvalid
		if len(pending) > 0 {
			top = pending[len(pending)-1]
		}
		switch k {
		case KindTokSemicolon:
			return KindInvalid
		case KindKwIn, KindKwElse:
			pending = append(pending, k)
		case KindKwLet:
			if top != KindKwIn {
				return KindKwLet
			}
			pending = pending[:len(pending)-1]
		case KindKwThen:
			if top != KindKwElse {
				return KindKwThen
			}
			pending[len(pending)-1] = KindKwThen
		case KindKwIf:
			if top != KindKwThen {
				return KindKwIf
			}
			pending = pending[:len(pending)-1]
		}
	}
	return KindInvalid
}

func isCloser(k Kind) bool { return k == KindTokRParen || k == KindTokRBracket || k == KindTokRBrace }

// closerIn returns the closing bracket among ks, or KindInvalid.
func closerIn(ks []Kind) Kind {
	for _, k := range ks {
		if isCloser(k) {
			return k
		}
	}
	return KindInvalid
}

func openerOf(closer Kind) string {
	switch closer {
	case KindTokRParen:
		return "("
	case KindTokRBracket:
		return "["
	}
	return "{"
}

// bracketConstruct names the construct whose closing bracket c is
// expected, from the nearest unclosed opening bracket before prev.
func bracketConstruct(prev Node, c Kind) string {
	open := unclosedOpener(prev, c)
	if previousToken(open).Kind() == KindKwCatch {
		return "after the `catch` parameter: the handler takes at most one"
	}
	switch open.Parent().Kind() {
	case KindRecordExpression:
		return "in record"
	case KindRecordType:
		return "in record type"
	case KindFieldProjection:
		return "in field projection"
	case KindListExpression:
		return "in list"
	case KindArgumentList:
		return "in argument list"
	case KindParameterList:
		return "in parameter list"
	case KindFunctionType:
		return "in function type"
	}
	switch c {
	case KindTokRBracket:
		return "in record"
	case KindTokRBrace:
		return "in list"
	}
	return "in parentheses"
}

// unclosedOpener finds the opening bracket matching closer c that is still
// open at prev, scanning the tokens backwards.
func unclosedOpener(prev Node, c Kind) Node {
	if prev.IsNull() {
		return Node{}
	}
	open := map[Kind]Kind{KindTokRParen: KindTokLParen, KindTokRBracket: KindTokLBracket, KindTokRBrace: KindTokLBrace}[c]
	depth := 0
	f := prev.f
	nodes := f.single()
	for i := int(prev.i); i >= 0; i-- {
		r := &nodes[i]
		if int(r.next) != i+1 || r.flags&flagMissing != 0 {
			continue
		}
		switch r.kind {
		case c:
			depth++
		case open:
			if depth == 0 {
				return f.at(i)
			}
			depth--
		}
	}
	return Node{}
}

// memberName returns the name of the section member that the error
// region, or the token before it, belongs to.
func memberName(e, prev Node) string {
	for _, n := range []Node{prev, e} {
		if m := n.Ancestor(KindSectionMember); !m.IsNull() {
			return m.ChildByField(FieldName).Text()
		}
	}
	// The region may have swallowed the member itself: `name = …`.
	if e.Parent().Kind() == KindSectionDocument {
		for c := range e.Descendants() {
			if c.FirstChild().IsNull() && !c.IsExtra() {
				if c.Kind() == KindIdentifier || c.Kind() == KindQuotedIdentifier {
					return c.Text()
				}
				break
			}
		}
	}
	return ""
}

// joinKinds renders tokens as "`a`", "`a` or `b`", "`a`, `b` or `c`".
func joinKinds(ks []Kind) string {
	var b strings.Builder
	for i, k := range ks {
		switch {
		case i == 0:
		case i == len(ks)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString("`" + k.String() + "`")
	}
	return b.String()
}

// -- MISSING tokens --

// missingError says which token is missing where the parser inserted one.
func missingError(n Node) Error {
	span := document.Span{Start: n.Start(), End: n.Start()}
	prev := previousToken(n)
	after := ""
	if !prev.IsNull() {
		after = " after " + describeToken(prev)
	}
	k := n.Kind()
	var msg string
	switch {
	case n.IsNamed():
		switch {
		case k == KindIdentifier && n.Parent().Kind() == KindIdentifierExpression:
			// The parser made up a name to stand for a missing operand.
			msg = "expected an expression" + after
		case k == KindIdentifier, k == KindQuotedIdentifier:
			msg = "expected a name" + after
		case k == KindGeneralizedIdentifier:
			msg = "expected a field name" + after
		default:
			msg = "expected an expression" + after
		}
	case isCloser(k):
		msg = "unclosed `" + openerOf(k) + "`: expected `" + k.String() + "`"
	case k == KindKwThen:
		msg = "expected `then` after the condition"
	case k == KindKwElse:
		msg = "expected `else` after the `then` branch"
	case k == KindKwIn:
		msg = "expected `in` after the let bindings"
	case k == KindTokSemicolon:
		p := n.Parent()
		switch {
		case p.Kind() == KindSectionMember && !p.ChildByField(FieldName).IsNull():
			msg = "expected `;` after section member `" + p.ChildByField(FieldName).Text() + "`"
		case p.Kind() == KindSectionDocument:
			msg = "expected `;` after the section name"
		default:
			msg = "expected `;`" + after
		}
	case k == KindTokArrow:
		msg = "expected `=>` after the parameters"
	default:
		msg = "expected `" + k.String() + "`" + after
	}
	return Error{Span: span, Msg: msg}
}

// previousToken returns the token before n in the document, comments and
// MISSING tokens left out.
func previousToken(n Node) Node {
	if n.IsNull() {
		return Node{}
	}
	f := n.f
	nodes := f.single()
	for i := int(n.i) - 1; i >= 0; i-- {
		r := &nodes[i]
		if int(r.next) == i+1 && r.flags&(flagExtra|flagMissing) == 0 && r.end <= uint32(n.Start()) {
			return f.at(i)
		}
	}
	return Node{}
}

// -- describing tokens and constructs --

func firstToken(n Node) Node {
	for c := range n.Descendants() {
		if c.FirstChild().IsNull() && !c.IsExtra() {
			return c
		}
	}
	return Node{}
}

func describeToken(n Node) string {
	if n.IsNull() || n.Start() == n.End() {
		return "end of input"
	}
	t := n.Text()
	if utf8.RuneCountInString(t) > 30 {
		t = string([]rune(t)[:27]) + "…"
	}
	switch n.Kind() {
	case KindIdentifier, KindQuotedIdentifier, KindGeneralizedIdentifier:
		return fmt.Sprintf("name `%s`", t)
	case KindNumberLiteral:
		return fmt.Sprintf("number `%s`", t)
	case KindTextLiteral, KindVerbatimLiteral:
		return "text literal"
	case KindError:
		return "`" + t + "`"
	}
	if n.IsNamed() {
		return "`" + t + "`"
	}
	return "`" + n.Kind().String() + "`"
}

// construct names the construct the parser was in, for messages.
func construct(p Node) string {
	for ; !p.IsNull(); p = p.Parent() {
		switch p.Kind() {
		case KindLetExpression, KindLetBinding:
			return "in `let` expression"
		case KindIfExpression:
			return "in `if` expression"
		case KindRecordExpression, KindRecordField:
			return "in record"
		case KindListExpression:
			return "in list"
		case KindArgumentList:
			return "in argument list"
		case KindParameterList:
			return "in parameter list"
		case KindSectionMember:
			return "in section member"
		case KindSectionDocument, KindSourceFile:
			return ""
		}
	}
	return ""
}
