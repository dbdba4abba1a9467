package ide

// This file defines the formatter: a pretty printer over the syntax tree.
// Each construct becomes a document of text, line breaks, indentation and
// groups (after Wadler's "prettier printer"); a group is printed on one
// line when it fits in the width, else its line breaks are taken. Comments
// are attached to the tokens around them and printed with them, so every
// comment is kept. A construct whose children hold an ERROR or MISSING
// node is printed as its original text. The result depends only on the
// tokens, the comments and where the blank lines were, so a second format
// changes nothing; the style is in README.md ("Formatting").

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/syntax"
)

// FormatOptions configure the layout.
type FormatOptions struct {
	// TabSize is the width of one indentation level (default 4).
	TabSize int
	// UseTabs indents with tabs instead of spaces.
	UseTabs bool
}

// maxWidth is the line width groups must fit in.
const maxWidth = 100

// Format returns the edits that format f: the smallest replacements of
// the whitespace between tokens. It returns no edits for a formatted file.
func Format(f *syntax.File, opts FormatOptions) []Edit {
	return FormatRange(f, document.Span{Start: 0, End: len(f.Text())}, opts)
}

// FormatRange returns the edits of Format that touch span: the whitespace
// between the tokens in it, and the indentation of its first line.
func FormatRange(f *syntax.File, span document.Span, opts FormatOptions) []Edit {
	out, units := formatText(f, opts)
	text := f.Text()
	var edits []Edit
	prevOrig, prevOut := 0, 0
	emit := func(os, oe, ns, ne int) {
		if bytes.Equal(text[os:oe], out[ns:ne]) {
			return
		}
		if !(os >= span.Start && os < span.End || oe > span.Start && oe <= span.End || os <= span.Start && oe >= span.End) {
			return
		}
		edits = append(edits, Edit{Span: document.Span{Start: os, End: oe}, NewText: string(out[ns:ne])})
	}
	for _, u := range units {
		emit(prevOrig, u.orig.Start, prevOut, u.out)
		prevOrig, prevOut = u.orig.End, u.out+u.orig.Len()
	}
	emit(prevOrig, len(text), prevOut, len(out))
	return edits
}

// FormatText returns f's text formatted.
func FormatText(f *syntax.File, opts FormatOptions) string {
	out, _ := formatText(f, opts)
	return string(out)
}

// unit is a piece of the original text printed unchanged: a token, a
// comment (without trailing blanks) or a region left as written; out is
// where it starts in the output.
type unit struct {
	orig document.Span
	out  int
}

func formatText(f *syntax.File, opts FormatOptions) ([]byte, []unit) {
	if opts.TabSize <= 0 {
		opts.TabSize = 4
	}
	fm := &formatter{f: f, text: f.Text(), attached: make([]*attachment, f.NodeCount())}
	fm.attach()
	root := f.Root()
	var d *doc
	if root.IsNull() || fm.firstTok < 0 {
		d = fm.trailingDocComments()
	} else {
		d = concat(fm.node(root), fm.trailingDocComments())
	}
	p := &printer{opts: opts, eol: lineEnding(f.Text()), atStart: true,
		b: make([]byte, 0, len(f.Text())+len(f.Text())/4), units: make([]unit, 0, f.NodeCount()/2)}
	if strings.HasPrefix(string(f.Text()), "\uFEFF") {
		p.b = append(p.b, "\uFEFF"...)
	}
	p.print(d)
	// A file ends with a line break; one with syntax errors only if it
	// did (an unterminated literal at the end would take it in).
	endsWithBreak := len(f.Text()) > 0 && (f.Text()[len(f.Text())-1] == '\n' || f.Text()[len(f.Text())-1] == '\r')
	if !p.atStart && !p.lineStart && (!f.HasErrors() || endsWithBreak) {
		p.b = append(p.b, p.eol...)
	}
	return p.b, p.units
}

// lineEnding returns the text's first line ending, "\n" without one.
func lineEnding(t []byte) string {
	for i, c := range t {
		if c == '\n' {
			if i > 0 && t[i-1] == '\r' {
				return "\r\n"
			}
			return "\n"
		}
		if c == '\r' && (i+1 >= len(t) || t[i+1] != '\n') {
			return "\r"
		}
	}
	return "\n"
}

// -- documents --

type docKind uint8

const (
	dText     docKind = iota // text; with a unit, a piece of the original
	dSpace                   // one space, dropped at the start of a line
	dLine                    // a space, or a line break when the group breaks
	dSoftLine                // nothing, or a line break when the group breaks
	dHardLine                // always a line break
	dBlank                   // an empty line before what follows, at a line start
	dNest                    // the child, one level deeper
	dGroup                   // the child, flat if it fits
	dConcat
	dLead  // the comments and empty line before a token: a concat
	dTrail // the comments after a token on its line: a concat
)

type doc struct {
	kind     docKind
	text     []byte        // a slice of the original text
	orig     document.Span // for text printed from the original
	isUnit   bool
	children []*doc
	// hard reports a line break that cannot be flat: a group holding it
	// breaks.
	hard bool
	// width is the flat width, for fitting.
	width int
}

var (
	space    = &doc{kind: dSpace, width: 1}
	line     = &doc{kind: dLine, width: 1}
	softLine = &doc{kind: dSoftLine}
	hardLine = &doc{kind: dHardLine, hard: true}
	blank    = &doc{kind: dBlank}
)

func concat(parts ...*doc) *doc {
	d := &doc{kind: dConcat, children: make([]*doc, 0, len(parts))}
	for _, p := range parts {
		if p == nil {
			continue
		}
		d.children = append(d.children, p)
		d.hard = d.hard || p.hard
		d.width += p.width
	}
	return d
}

// docs collects the parts of a concatenation.
type docs []*doc

func (ds *docs) add(parts ...*doc) {
	for _, p := range parts {
		if p != nil {
			*ds = append(*ds, p)
		}
	}
}

func (ds docs) doc() *doc { return concat(ds...) }

func nest(parts ...*doc) *doc {
	c := concat(parts...)
	return &doc{kind: dNest, children: []*doc{c}, hard: c.hard, width: c.width}
}

// group makes a group of parts. Comments and an empty line before its
// first token are moved out in front of it, so that a comment on the lines
// above does not break it.
func group(parts ...*doc) *doc {
	lead, c := splitEdge(concat(parts...), dLead)
	trail, c := splitEdge(c, dTrail)
	return concat(lead, groupOf(c), trail)
}

// groupOf wraps c in a group as it is.
func groupOf(c *doc) *doc {
	return &doc{kind: dGroup, children: []*doc{c}, hard: c.hard, width: c.width}
}

// splitEdge removes the comments of kind edge at d's very edge, the leading
// ones (dLead) at its start or the trailing ones (dTrail) at its end, and
// returns them and the rest. It returns nil and d when there are none.
func splitEdge(d *doc, edge docKind) (*doc, *doc) {
	switch d.kind {
	case edge:
		return d, concat()
	case dConcat:
		if len(d.children) == 0 {
			return nil, d
		}
		i := 0
		if edge == dTrail {
			i = len(d.children) - 1
		}
		comments, rest := splitEdge(d.children[i], edge)
		if comments == nil {
			return nil, d
		}
		children := slices.Clone(d.children)
		children[i] = rest
		return comments, concat(children...)
	case dNest:
		if comments, rest := splitEdge(d.children[0], edge); comments != nil {
			return comments, nest(rest)
		}
	case dGroup:
		if comments, rest := splitEdge(d.children[0], edge); comments != nil {
			return comments, groupOf(rest)
		}
	}
	return nil, d
}

func unitDoc(b []byte, orig document.Span) *doc {
	return &doc{kind: dText, text: b, width: utf8.RuneCount(b), hard: bytes.ContainsAny(b, "\r\n"), orig: orig, isUnit: true}
}

// -- comments --

// comment is a comment attached to a token.
type comment struct {
	node syntax.Node
	// blankBefore: an empty line before it; breakAfter: a line break
	// after it (always for `//` comments).
	blankBefore, breakAfter bool
}

// attachment holds the comments printed with a token, and whether an
// empty line stood before it (or before its first leading comment).
type attachment struct {
	leading, trailing []comment
	blankBefore       bool
	// blankAfterComments: an empty line between the leading comments and
	// the token.
	blankAfterComments bool
}

type formatter struct {
	f        *syntax.File
	text     []byte
	attached []*attachment // by token node index; nil: no comments, no empty line
	// docComments are the comments after the last token.
	docComments []comment
	firstTok    int
}

// attach assigns every comment to a token: to the token before it when
// on the same line (trailing), else to the token after it (leading).
func (fm *formatter) attach() {
	fm.firstTok = -1
	var pending []comment
	prevTok := -1 // index of the last token
	prevEnd := 0  // end of the last token or comment
	prevComment := false
	for i := 0; i < fm.f.NodeCount(); i++ {
		n := fm.f.Node(i)
		if !isLeaf(n) {
			continue
		}
		if n.Kind() == syntax.KindComment {
			gap := fm.text[prevEnd:n.Start()]
			c := comment{node: n, blankBefore: countLines(gap) >= 2}
			c.breakAfter = isLineComment(n) || fm.breakAfter(n)
			if prevTok >= 0 && !prevComment && countLines(gap) == 0 {
				a := fm.attachmentOf(prevTok)
				a.trailing = append(a.trailing, c)
			} else if prevTok >= 0 && prevComment && countLines(gap) == 0 && len(pending) == 0 {
				a := fm.attachmentOf(prevTok)
				a.trailing = append(a.trailing, c)
			} else {
				pending = append(pending, c)
			}
			prevEnd, prevComment = n.End(), true
			continue
		}
		if n.End() == n.Start() {
			continue // inserted by error recovery
		}
		first := fm.firstTok < 0
		if first {
			fm.firstTok = i
		}
		if len(pending) > 0 {
			a := fm.attachmentOf(i)
			a.leading = pending
			a.blankBefore = pending[0].blankBefore && !first
			a.leading[0].blankBefore = a.blankBefore
			a.blankAfterComments = countLines(fm.text[prevEnd:n.Start()]) >= 2
			pending = nil
		} else if !first && countLines(fm.text[prevEnd:n.Start()]) >= 2 {
			fm.attachmentOf(i).blankBefore = true
		}
		prevTok, prevEnd, prevComment = i, n.End(), false
	}
	fm.docComments = pending
}

func (fm *formatter) attachmentOf(i int) *attachment {
	a := fm.attached[i]
	if a == nil {
		a = &attachment{}
		fm.attached[i] = a
	}
	return a
}

// breakAfter reports whether a line break follows a comment before the
// next token or comment.
func (fm *formatter) breakAfter(n syntax.Node) bool {
	for _, c := range fm.text[n.End():] {
		switch c {
		case ' ', '\t', '\f', '\v':
			continue
		case '\n', '\r':
			return true
		}
		return false
	}
	return true
}

func isLineComment(n syntax.Node) bool { return strings.HasPrefix(n.Text(), "//") }

// countLines counts the line breaks in whitespace.
func countLines(b []byte) int {
	n := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\n':
			n++
		case '\r':
			n++
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		}
	}
	return n
}

// commentDoc prints a comment: a line comment without trailing blanks.
func (fm *formatter) commentDoc(c comment) *doc {
	t := fm.text[c.node.Start():c.node.End()]
	if isLineComment(c.node) {
		t = bytes.TrimRight(t, " \t\f\v")
	}
	return unitDoc(t, document.Span{Start: c.node.Start(), End: c.node.Start() + len(t)})
}

// leadingDoc prints the comments and empty line before a token.
func (fm *formatter) leadingDoc(a *attachment) *doc {
	if a == nil {
		return nil
	}
	if !a.blankBefore && len(a.leading) == 0 {
		return nil
	}
	var ds docs
	if a.blankBefore {
		ds.add(blank)
	}
	for i, c := range a.leading {
		if i > 0 && c.blankBefore {
			ds.add(blank)
		}
		ds.add(fm.commentDoc(c))
		if c.breakAfter {
			ds.add(hardLine)
		} else {
			ds.add(space)
		}
	}
	if a.blankAfterComments {
		ds.add(blank)
	}
	d := ds.doc()
	d.kind = dLead
	return d
}

// trailingDoc prints the comments after a token on its line.
func (fm *formatter) trailingDoc(a *attachment) *doc {
	if a == nil || len(a.trailing) == 0 {
		return nil
	}
	var ds docs
	for _, c := range a.trailing {
		ds.add(space, fm.commentDoc(c))
		if c.breakAfter {
			ds.add(hardLine)
		}
	}
	d := ds.doc()
	d.kind = dTrail
	return d
}

// trailingDocComments prints the comments after the last token.
func (fm *formatter) trailingDocComments() *doc {
	var d docs
	for i, c := range fm.docComments {
		if i > 0 || fm.firstTok >= 0 {
			d.add(hardLine)
		}
		if c.blankBefore && (i > 0 || fm.firstTok >= 0) {
			d.add(blank)
		}
		d.add(fm.commentDoc(c))
	}
	return d.doc()
}

// tok prints a token with its comments.
func (fm *formatter) tok(n syntax.Node) *doc {
	if n.End() == n.Start() {
		return nil
	}
	u := unitDoc(fm.text[n.Start():n.End()], n.Span())
	a := fm.attached[n.Index()]
	if a == nil {
		return u
	}
	return concat(fm.leadingDoc(a), u, fm.trailingDoc(a))
}

// -- layout --

// needsVerbatim reports whether a node is printed as written: it holds an
// ERROR or MISSING node. Where the parser recovered from an error depends
// on the blanks around it, so the whole section member (or expression
// document) around an error keeps its text, and only the blanks between
// members change.
func needsVerbatim(n syntax.Node) bool { return n.HasError() || n.IsError() || n.IsMissing() }

// verbatim prints a node as written, with the comments of its first and
// last tokens that lie outside it.
func (fm *formatter) verbatim(n syntax.Node) *doc { return fm.verbatimRange(n, n) }

// verbatimRange prints the siblings from first to last as written.
func (fm *formatter) verbatimRange(from, to syntax.Node) *doc {
	var first, last syntax.Node
	for i := from.Index(); i < to.SubtreeEnd(); i++ {
		if c := fm.f.Node(i); isLeaf(c) && significant(c) {
			if first.IsNull() {
				first = c
			}
			last = c
		}
	}
	if first.IsNull() {
		return nil
	}
	sp := document.Span{Start: first.Start(), End: last.End()}
	return concat(fm.leadingDoc(fm.attached[first.Index()]), unitDoc(fm.text[sp.Start:sp.End], sp),
		fm.trailingDoc(fm.attached[last.Index()]))
}

// parts returns a node's children without comments.
func parts(n syntax.Node) []syntax.Node {
	var out []syntax.Node
	for c := range n.Children() {
		if c.Kind() != syntax.KindComment {
			out = append(out, c)
		}
	}
	return out
}

// node prints any node.
func (fm *formatter) node(n syntax.Node) *doc {
	if n.IsNull() {
		return nil
	}
	if isLeaf(n) {
		if n.Kind() == syntax.KindComment {
			return nil
		}
		return fm.tok(n)
	}
	switch n.Kind() {
	case syntax.KindSourceFile:
		return fm.sourceFile(n)
	case syntax.KindSectionDocument:
		return fm.sectionDocument(n)
	}
	if needsVerbatim(n) {
		return fm.verbatim(n)
	}
	switch n.Kind() {
	case syntax.KindSectionMember:
		return fm.sectionMember(n)
	case syntax.KindLetExpression:
		return fm.letExpression(n)
	case syntax.KindLetBinding, syntax.KindRecordField:
		return fm.binding(n)
	case syntax.KindIfExpression:
		return group(fm.ifParts(n)...)
	case syntax.KindEachExpression, syntax.KindErrorRaisingExpression, syntax.KindTypeExpression,
		syntax.KindNullableType, syntax.KindTableType, syntax.KindMetadataExpression,
		syntax.KindAsExpression, syntax.KindIsExpression, syntax.KindParameter, syntax.KindParameterSpecification,
		syntax.KindFieldSpecification, syntax.KindPrimitiveType:
		return fm.spaced(parts(n))
	case syntax.KindFunctionExpression:
		return fm.functionExpression(n)
	case syntax.KindParameterList, syntax.KindRecordExpression, syntax.KindListExpression,
		syntax.KindRecordType:
		return fm.bracketList(parts(n))
	case syntax.KindFunctionType:
		return fm.functionType(n)
	case syntax.KindBinaryExpression:
		return fm.binary(n, true)
	case syntax.KindUnaryExpression:
		ps := parts(n)
		if len(ps) == 2 && ps[0].Kind() == syntax.KindKwNot {
			return concat(fm.node(ps[0]), space, fm.node(ps[1]))
		}
		return fm.tight(ps)
	case syntax.KindArgumentList:
		ps := parts(n)
		if len(ps) == 3 && (ps[1].Kind() == syntax.KindRecordExpression || ps[1].Kind() == syntax.KindListExpression) {
			// A sole record or list argument hugs the parentheses.
			return fm.tight(ps)
		}
		return fm.bracketList(ps)
	case syntax.KindErrorHandlingExpression:
		return fm.errorHandling(n)
	case syntax.KindCatchClause:
		return fm.catchClause(n)
	case syntax.KindOtherwiseClause:
		return fm.spaced(parts(n))
	case syntax.KindFieldProjection:
		return fm.projection(parts(n))
	}
	return fm.tight(parts(n))
}

// tight prints parts with nothing between them: names, accesses, calls,
// literals.
func (fm *formatter) tight(ps []syntax.Node) *doc {
	var d docs
	for _, p := range ps {
		d.add(fm.node(p))
	}
	return d.doc()
}

// spaced prints parts separated by single spaces.
func (fm *formatter) spaced(ps []syntax.Node) *doc {
	var d docs
	for i, p := range ps {
		if i > 0 {
			d.add(space)
		}
		d.add(fm.node(p))
	}
	return d.doc()
}

// sourceFile prints a section document, and what follows it (an ERROR
// region) as written; or an expression document, as written when it holds
// an error.
func (fm *formatter) sourceFile(n syntax.Node) *doc {
	ps := parts(n)
	if len(ps) == 0 {
		return nil
	}
	if ps[0].Kind() != syntax.KindSectionDocument {
		if needsVerbatim(n) {
			return fm.verbatimRange(ps[0], ps[len(ps)-1])
		}
		return fm.tight(ps)
	}
	d := fm.node(ps[0])
	if len(ps) > 1 {
		d = concat(d, hardLine, fm.verbatimRange(ps[1], ps[len(ps)-1]))
	}
	return d
}

// sectionDocument prints the attributes, `section Name;` and each member
// on lines of their own, members keeping their empty lines. A header with
// an error is printed as written, and so is each run of ERROR regions
// between members.
func (fm *formatter) sectionDocument(n syntax.Node) *doc {
	ps := parts(n)
	header := 0
	for header < len(ps) && ps[header].Kind() != syntax.KindSectionMember && !ps[header].IsError() {
		header++
		if ps[header-1].Kind() == syntax.KindTokSemicolon {
			break
		}
	}
	var d docs
	headerBroken := false
	for _, c := range ps[:header] {
		if needsVerbatim(c) {
			headerBroken = true
		}
	}
	if headerBroken {
		d.add(fm.verbatimRange(ps[0], ps[header-1]))
	} else {
		for _, c := range ps[:header] {
			switch {
			case c.Field() == syntax.FieldAttributes:
				d.add(fm.node(c), hardLine)
			case c.Field() == syntax.FieldName:
				d.add(space, fm.tok(c))
			default:
				d.add(fm.node(c))
			}
		}
	}
	for i := header; i < len(ps); i++ {
		c := ps[i]
		if c.Kind() == syntax.KindSectionMember {
			d.add(hardLine, fm.node(c))
			continue
		}
		// A run of ERROR regions and stray tokens, as written.
		j := i
		for j+1 < len(ps) && ps[j+1].Kind() != syntax.KindSectionMember {
			j++
		}
		d.add(hardLine, fm.verbatimRange(c, ps[j]))
		i = j
	}
	return d.doc()
}

func (fm *formatter) sectionMember(n syntax.Node) *doc {
	var d docs
	ps := parts(n)
	for i := 0; i < len(ps); i++ {
		c := ps[i]
		switch {
		case c.Field() == syntax.FieldAttributes:
			d.add(fm.node(c), hardLine)
		case c.Kind() == syntax.KindKwShared:
			d.add(fm.tok(c), space)
		case c.Kind() == syntax.KindTokEqual && i+1 < len(ps):
			d.add(space, fm.assignment(c, ps[i+1]))
			i++
		default:
			d.add(fm.node(c))
		}
	}
	return d.doc()
}

// binding prints `name = value` of a let binding or record field.
func (fm *formatter) binding(n syntax.Node) *doc {
	ps := parts(n)
	if len(ps) != 3 || ps[1].Kind() != syntax.KindTokEqual {
		return fm.spaced(ps)
	}
	return concat(fm.node(ps[0]), space, fm.assignment(ps[1], ps[2]))
}

// assignment prints `= value`: a let goes on the next line, an `if`, an
// operator chain or a `try` there too when it does not fit on the line,
// and other values (calls, records, lists, functions) stay after the `=`
// and break inside.
func (fm *formatter) assignment(eq, value syntax.Node) *doc {
	v := fm.node(value)
	if needsVerbatim(value) {
		return concat(fm.tok(eq), space, v)
	}
	switch value.Kind() {
	case syntax.KindLetExpression:
		return concat(fm.tok(eq), nest(hardLine, v))
	case syntax.KindBinaryExpression:
		// Already one level deeper after the `=`: the operands line up.
		return concat(fm.tok(eq), group(nest(line, fm.binary(value, false))))
	case syntax.KindIfExpression, syntax.KindErrorHandlingExpression:
		return concat(fm.tok(eq), group(nest(line, v)))
	}
	return concat(fm.tok(eq), space, v)
}

// letExpression prints `let`, one binding per line one level deeper, `in`
// and the body one level deeper.
func (fm *formatter) letExpression(n syntax.Node) *doc {
	var d, bindings docs
	inBindings := false
	for _, c := range parts(n) {
		switch {
		case c.Kind() == syntax.KindKwLet:
			d.add(fm.tok(c))
			inBindings = true
		case c.Kind() == syntax.KindTokComma:
			bindings.add(fm.tok(c))
		case c.Kind() == syntax.KindKwIn:
			d.add(nest(bindings...), hardLine, fm.tok(c))
			bindings, inBindings = nil, false
		case c.Field() == syntax.FieldBody:
			d.add(nest(hardLine, fm.node(c)))
		default:
			bindings.add(hardLine, fm.node(c))
		}
	}
	if inBindings {
		d.add(nest(bindings...))
	}
	return d.doc()
}

// ifParts prints an if expression as the parts of one group; an `else if`
// chain continues in the same group.
func (fm *formatter) ifParts(n syntax.Node) []*doc {
	var out []*doc
	for _, c := range parts(n) {
		switch {
		case c.Kind() == syntax.KindKwIf:
			out = append(out, fm.tok(c))
		case c.Field() == syntax.FieldCondition:
			out = append(out, space, fm.node(c))
		case c.Kind() == syntax.KindKwThen:
			out = append(out, space, fm.tok(c))
		case c.Field() == syntax.FieldConsequence:
			out = append(out, nest(line, fm.node(c)))
		case c.Kind() == syntax.KindKwElse:
			out = append(out, line, fm.tok(c))
		case c.Field() == syntax.FieldAlternative:
			if c.Kind() == syntax.KindIfExpression && !needsVerbatim(c) {
				out = append(out, space)
				out = append(out, fm.ifParts(c)...)
			} else {
				out = append(out, nest(line, fm.node(c)))
			}
		default:
			out = append(out, space, fm.node(c))
		}
	}
	return out
}

// functionExpression prints `(params) as T =>` and the body: a let on the
// next line one level deeper, anything else after `=>` when it fits, else
// on the next line.
func (fm *formatter) functionExpression(n syntax.Node) *doc {
	var d docs
	for _, c := range parts(n) {
		switch {
		case c.Field() == syntax.FieldParameters:
			d.add(fm.node(c))
		case c.Kind() == syntax.KindTokArrow:
			d.add(space, fm.tok(c))
		case c.Field() == syntax.FieldBody:
			if c.Kind() == syntax.KindLetExpression && !needsVerbatim(c) {
				d.add(nest(hardLine, fm.node(c)))
			} else {
				d.add(group(nest(line, fm.node(c))))
			}
		default:
			d.add(space, fm.node(c))
		}
	}
	return d.doc()
}

// functionType prints `function (params) as T`.
func (fm *formatter) functionType(n syntax.Node) *doc {
	ps := parts(n)
	open, close := -1, -1
	for i, c := range ps {
		if c.Kind() == syntax.KindTokLParen && open < 0 {
			open = i
		}
		if c.Kind() == syntax.KindTokRParen {
			close = i
		}
	}
	if open < 0 || close < open {
		return fm.spaced(ps)
	}
	var d docs
	for i := 0; i < open; i++ {
		d.add(fm.node(ps[i]), space)
	}
	d.add(fm.bracketList(ps[open : close+1]))
	for i := close + 1; i < len(ps); i++ {
		d.add(space, fm.node(ps[i]))
	}
	return d.doc()
}

// bracketList prints `(a, b)`, `[a = 1, b = 2]`, `{1, 2}`: on one line when
// it fits, else one item per line one level deeper and the closing
// bracket on a line of its own.
func (fm *formatter) bracketList(ps []syntax.Node) *doc {
	if len(ps) < 2 {
		return fm.tight(ps)
	}
	open, close := ps[0], ps[len(ps)-1]
	inner := ps[1 : len(ps)-1]
	if len(inner) == 0 {
		return concat(fm.node(open), fm.node(close))
	}
	var items docs
	first := true
	for _, c := range inner {
		switch c.Kind() {
		case syntax.KindTokComma:
			items.add(fm.tok(c))
		case syntax.KindOpenRecordMarker:
			if !first {
				items.add(line)
			}
			items.add(fm.node(c))
			first = false
		default:
			if !first {
				items.add(line)
			}
			items.add(fm.node(c))
			first = false
		}
	}
	return group(fm.node(open), nest(softLine, items.doc()), softLine, fm.node(close))
}

// binary prints an operator chain: `a + b + c` on one line when it fits,
// else each operator ends a line and the operands continue one level
// deeper (with deeper), or at the first operand's level.
func (fm *formatter) binary(n syntax.Node, deeper bool) *doc {
	var operands []syntax.Node
	var ops []syntax.Node
	var walk func(x syntax.Node)
	walk = func(x syntax.Node) {
		ps := parts(x)
		if len(ps) != 3 {
			operands = append(operands, x)
			return
		}
		if l := ps[0]; l.Kind() == syntax.KindBinaryExpression && !needsVerbatim(l) {
			walk(l)
		} else {
			operands = append(operands, l)
		}
		ops = append(ops, ps[1])
		operands = append(operands, ps[2])
	}
	walk(n)
	if len(ops) == 0 || len(operands) != len(ops)+1 {
		return fm.spaced(parts(n))
	}
	var rs docs
	for i, op := range ops {
		rs.add(space, fm.node(op), line, fm.node(operands[i+1]))
	}
	rest := rs.doc()
	if !deeper {
		return group(fm.node(operands[0]), rest)
	}
	return group(fm.node(operands[0]), nest(rest))
}

// errorHandling prints `try x otherwise y` or `try x catch (e) => y`, the
// handler on the next line when it does not fit.
func (fm *formatter) errorHandling(n syntax.Node) *doc {
	var d docs
	for _, c := range parts(n) {
		switch {
		case c.Kind() == syntax.KindKwTry:
			d.add(fm.tok(c))
		case c.Field() == syntax.FieldHandler:
			d.add(nest(line, fm.node(c)))
		default:
			d.add(space, fm.node(c))
		}
	}
	return group(d...)
}

// catchClause prints `catch (e) => body`.
func (fm *formatter) catchClause(n syntax.Node) *doc {
	var d docs
	for _, c := range parts(n) {
		switch c.Kind() {
		case syntax.KindKwCatch, syntax.KindTokArrow:
			d.add(fm.tok(c), space)
		case syntax.KindTokLParen:
			d.add(fm.tok(c))
		case syntax.KindTokRParen:
			d.add(fm.tok(c), space)
		default:
			d.add(fm.node(c))
		}
	}
	return d.doc()
}

// projection prints `[[a], [b]]`.
func (fm *formatter) projection(ps []syntax.Node) *doc {
	var d docs
	for _, c := range ps {
		d.add(fm.node(c))
		if c.Kind() == syntax.KindTokComma {
			d.add(space)
		}
	}
	return d.doc()
}

// -- printer --

type mode uint8

const (
	modeBreak mode = iota
	modeFlat
)

type cmd struct {
	indent int
	mode   mode
	d      *doc
}

// printer renders a document. It never writes a space at the end of a
// line: a space waits until text follows on the same line.
type printer struct {
	opts  FormatOptions
	eol   string
	b     []byte
	units []unit
	col   int
	// lineStart: nothing printed on the current line yet; indent is the
	// indentation it gets when something is; wantBlank: an empty line
	// comes first; pendingSpace: a space comes first.
	lineStart    bool
	atStart      bool // nothing printed yet (a byte-order mark aside)
	indent       int
	wantBlank    bool
	pendingSpace bool
}

func (p *printer) print(d *doc) {
	p.lineStart = true
	stack := []cmd{{0, modeBreak, d}}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch c.d.kind {
		case dText:
			p.write(c.d)
		case dSpace:
			p.space()
		case dLine:
			if c.mode == modeFlat {
				p.space()
			} else {
				p.newline(c.indent)
			}
		case dSoftLine:
			if c.mode == modeBreak {
				p.newline(c.indent)
			}
		case dHardLine:
			p.newline(c.indent)
		case dBlank:
			if p.lineStart && !p.atStart {
				p.wantBlank = true
			}
		case dNest:
			stack = append(stack, cmd{c.indent + 1, c.mode, c.d.children[0]})
		case dGroup:
			m := modeBreak
			if c.mode == modeFlat || !c.d.hard && p.fits(c.d.children[0], stack) {
				m = modeFlat
			}
			stack = append(stack, cmd{c.indent, m, c.d.children[0]})
		case dConcat, dLead, dTrail:
			for i := len(c.d.children) - 1; i >= 0; i-- {
				stack = append(stack, cmd{c.indent, c.mode, c.d.children[i]})
			}
		}
	}
}

// fits reports whether d printed flat, and what follows it up to the next
// line break, fit in the rest of the line.
func (p *printer) fits(d *doc, rest []cmd) bool {
	room := maxWidth - p.col
	if p.lineStart {
		room = maxWidth - p.indentWidth(p.indent)
	} else if p.pendingSpace {
		room--
	}
	if d.width > room {
		return false
	}
	room -= d.width
	for i := len(rest) - 1; i >= 0 && room >= 0; i-- {
		done, w := restWidth(rest[i].d, rest[i].mode)
		room -= w
		if done {
			return room >= 0
		}
	}
	return room >= 0
}

// restWidth measures a document up to its first line break, printed in
// mode m (as Prettier does, groups that follow take the mode they stand
// in); done reports that a line break was found.
func restWidth(d *doc, m mode) (bool, int) {
	switch d.kind {
	case dText:
		if i := bytes.IndexAny(d.text, "\r\n"); i >= 0 {
			return true, utf8.RuneCount(d.text[:i])
		}
		return false, d.width
	case dSpace:
		return false, 1
	case dLine:
		if m == modeBreak {
			return true, 0
		}
		return false, 1
	case dSoftLine:
		return m == modeBreak, 0
	case dHardLine:
		return true, 0
	case dNest, dGroup:
		if d.hard {
			m = modeBreak
		}
		return restWidth(d.children[0], m)
	case dConcat, dLead, dTrail:
		total := 0
		for _, c := range d.children {
			done, w := restWidth(c, m)
			total += w
			if done {
				return true, total
			}
		}
		return false, total
	}
	return false, 0
}

func (p *printer) indentWidth(levels int) int { return levels * p.opts.TabSize }

func (p *printer) space() {
	if !p.lineStart {
		p.pendingSpace = true
	}
}

func (p *printer) newline(indent int) {
	p.indent = indent
	p.pendingSpace = false
	if p.lineStart {
		return
	}
	p.b = append(p.b, p.eol...)
	p.lineStart = true
	p.col = 0
}

func (p *printer) write(d *doc) {
	if len(d.text) == 0 {
		return
	}
	switch {
	case p.lineStart:
		if p.wantBlank && !p.atStart {
			p.b = append(p.b, p.eol...)
		}
		for i := 0; i < p.indent; i++ {
			if p.opts.UseTabs {
				p.b = append(p.b, '\t')
			} else {
				for j := 0; j < p.opts.TabSize; j++ {
					p.b = append(p.b, ' ')
				}
			}
		}
		p.col = p.indentWidth(p.indent)
		p.lineStart = false
	case p.pendingSpace:
		p.b = append(p.b, ' ')
		p.col++
	}
	p.pendingSpace, p.wantBlank, p.atStart = false, false, false
	if d.isUnit {
		p.units = append(p.units, unit{orig: d.orig, out: len(p.b)})
	}
	p.b = append(p.b, d.text...)
	if i := bytes.LastIndexAny(d.text, "\r\n"); i >= 0 {
		p.col = utf8.RuneCount(d.text[i+1:])
	} else {
		p.col += d.width
	}
}
