// Package resx reads and edits resources.resx, the .NET resource file in
// which a Power Query connector keeps the strings it loads with
// Extension.LoadString.
//
// A resx file is XML: a <root> element holding an optional xsd:schema,
// <resheader> entries and one <data name="Key"><value>Text</value></data>
// element per string. Call [Parse] to read the entries, [AddEntryEdit] and
// [RemoveEntryEdit] to compute edits, and [Template] to write a new file.
//
// Positions are byte offsets into the text given to [Parse], which is the
// file decoded to UTF-8. The caller should strip a byte order mark first; a
// leading UTF-8 BOM left in place is skipped, and offsets then count it.
// Entries inside XML comments (<!-- -->), such as the examples of the Power
// Query SDK template, are not entries.
package resx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Span is a half-open range of byte offsets [Start, End) into the text.
type Span struct {
	Start, End int
}

// Len returns the number of bytes in the span.
func (s Span) Len() int { return s.End - s.Start }

// Entry is one <data> element directly under the root.
type Entry struct {
	Name    string // the name attribute, entities decoded
	Value   string // the text of <value>, entities and CDATA decoded, line breaks as "\n"
	Comment string // the text of <comment>, decoded; "" when absent
	// Type and MimeType are the attributes of non-string resources (such as
	// embedded images); both are "" for plain strings.
	Type, MimeType string

	NameSpan Span // the name attribute's value as written, inside the quotes
	// ValueSpan is the raw content of <value>, between its tags. When the
	// element has no <value>, HasValue is false and ValueSpan is empty at the
	// end of ElementSpan.
	ValueSpan   Span
	ElementSpan Span // from "<data" through "</data>" (or "/>")
	HasValue    bool
	Line        int // 1-based line of "<data"
}

// SyntaxError describes why a file is not a well-formed resx file.
type SyntaxError struct {
	Offset int // byte offset of the offending text
	Line   int // 1-based
	Column int // 1-based, counted in characters (runes)
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// File is the result of [Parse].
type File struct {
	// Entries are the <data> elements in file order, duplicates included.
	Entries []Entry
	// Err is nil when the file is a well-formed resx file. Otherwise it is
	// the first mistake, and Entries holds the entries read before it.
	Err *SyntaxError

	index map[string]int // name -> index of its first entry
	// Where an insertion goes: the start of "</root>" and of the root's last
	// child element (-1 when absent), and whether the root is written <root/>
	// (then rootClose is the offset of its "/>").
	rootClose, lastChild int
	rootEmpty            bool
	size                 int // length of the parsed text, to catch a mismatched text
}

// Lookup returns the first entry named name. Names are case-sensitive.
func (f *File) Lookup(name string) (Entry, bool) {
	if i, ok := f.index[name]; ok {
		return f.Entries[i], true
	}
	return Entry{}, false
}

// Duplicates returns the groups of entries sharing a name, each group in
// file order and the groups ordered by their first entry. It returns nil
// when every name is unique.
func (f *File) Duplicates() [][]Entry {
	var groups [][]Entry
	seen := map[string]int{} // name -> index in groups, once a duplicate is seen
	for i, e := range f.Entries {
		first := f.index[e.Name]
		if first == i {
			continue
		}
		g, ok := seen[e.Name]
		if !ok {
			g = len(groups)
			seen[e.Name] = g
			groups = append(groups, []Entry{f.Entries[first]})
		}
		groups[g] = append(groups[g], e)
	}
	return groups
}

// Parse reads a resx file. It never fails: a malformed file yields a File
// whose Err says what is wrong and where.
func Parse(text []byte) *File {
	p := &parser{text: text, lines: lineIndex{text: text}}
	p.file = &File{index: map[string]int{}, rootClose: -1, lastChild: -1, size: len(text)}
	p.run()
	return p.file
}

// -- parsing --

// element is an open element on the parser's stack.
type element struct {
	name  xml.Name
	start int // offset of '<'
	entry *Entry
	// for <value> and <comment> inside a <data>: where the text goes
	text   *strings.Builder
	isData bool
	named  bool // a <data> with a name attribute, which makes it an entry
}

type parser struct {
	text  []byte
	lines lineIndex
	file  *File
	dec   *xml.Decoder
	base  int // offset of the decoder's first byte in text (after a BOM)
	stack []element
	root  bool // a root element was seen
}

func (p *parser) fail(off int, format string, args ...any) {
	if p.file.Err != nil {
		return
	}
	line, col := p.lines.lineCol(off)
	p.file.Err = &SyntaxError{Offset: off, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) run() {
	if bytes.HasPrefix(p.text, []byte("\uFEFF")) {
		p.base = 3
	}
	if len(bytes.TrimSpace(p.text[p.base:])) == 0 {
		p.fail(len(p.text), "file is empty: a resx file needs a <root> element")
		return
	}
	p.dec = xml.NewDecoder(bytes.NewReader(p.text[p.base:]))
	p.dec.Strict = true
	// The text is already decoded; the declaration's encoding is history.
	p.dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		start := p.base + int(p.dec.InputOffset())
		tok, err := p.dec.RawToken()
		end := p.base + int(p.dec.InputOffset())
		if err == io.EOF {
			p.finish()
			return
		}
		if err != nil {
			p.decodeError(err, start, end)
			return
		}
		if !p.token(tok, start, end) {
			return
		}
	}
}

// decodeError turns an encoding/xml error into a SyntaxError at the right
// place with a clearer message.
func (p *parser) decodeError(err error, start, end int) {
	var se *xml.SyntaxError
	if !errors.As(err, &se) {
		p.fail(start, "%v", err)
		return
	}
	msg := se.Msg
	off := max(start, end-1) // the decoder stops just past the offending byte
	switch {
	case msg == "unexpected EOF":
		off = len(p.text)
		msg = "unexpected end of file"
		if n := len(p.stack); n > 0 {
			top := p.stack[n-1]
			msg += fmt.Sprintf(": element <%s> opened on line %d is not closed", qname(top.name), p.lines.line(top.start))
		}
	case strings.HasPrefix(msg, "invalid character entity"):
		if amp := bytes.LastIndexByte(p.text[start:end], '&'); amp >= 0 {
			off = start + amp
		}
		msg += " (XML knows only &amp; &lt; &gt; &quot; &apos; and numeric references such as &#169;)"
	case msg == "invalid UTF-8" || strings.HasPrefix(msg, "illegal character code"):
		// The decoder checks a run of text after reading all of it.
		if bad := firstBadChar(p.text[start:min(end, len(p.text))]); bad >= 0 {
			off = start + bad
		}
		if msg == "invalid UTF-8" {
			msg = "invalid UTF-8: the file is not UTF-8 text"
		} else {
			msg += ": XML does not allow this control character"
		}
	}
	p.fail(off, "%s", msg)
}

// token handles one token; it reports whether to go on.
func (p *parser) token(tok xml.Token, start, end int) bool {
	switch t := tok.(type) {
	case xml.StartElement:
		return p.startElement(t, start, end)
	case xml.EndElement:
		return p.endElement(t, start, end)
	case xml.CharData:
		if len(p.stack) == 0 {
			if len(bytes.TrimSpace(t)) > 0 {
				where := "before"
				if p.root {
					where = "after"
				}
				p.fail(start+firstNonSpace(t), "text %s the root element", where)
				return false
			}
			return true
		}
		if top := &p.stack[len(p.stack)-1]; top.text != nil {
			top.text.Write(t)
		}
	case xml.ProcInst:
		if t.Target == "xml" && start != p.base {
			p.fail(start, "the XML declaration <?xml ...?> must come first in the file")
			return false
		}
	case xml.Directive:
		if len(p.stack) > 0 || p.root {
			p.fail(start, "<!%s> is allowed only before the root element", firstWord(t))
			return false
		}
	}
	return true
}

func (p *parser) startElement(t xml.StartElement, start, end int) bool {
	if dup, ok := duplicateAttr(t.Attr); ok {
		p.fail(start, "attribute %s appears twice in element <%s>", qname(dup), qname(t.Name))
		return false
	}
	el := element{name: t.Name, start: start}
	switch depth := len(p.stack); {
	case depth == 0:
		if p.root {
			p.fail(start, "second root element <%s>: a resx file has one <root>", qname(t.Name))
			return false
		}
		p.root = true
		if t.Name.Space != "" || t.Name.Local != "root" {
			p.fail(start, "root element is <%s>; a resx file's root element is <root>", qname(t.Name))
		}
	case depth == 1:
		p.file.lastChild = start
		if t.Name.Space == "" && t.Name.Local == "data" {
			el.isData = true
			el.entry, el.named = p.newEntry(t, start, end)
		}
	case p.stack[depth-1].isData && t.Name.Space == "":
		parent := p.stack[depth-1].entry
		switch t.Name.Local {
		case "value":
			if !parent.HasValue {
				parent.HasValue = true
				parent.ValueSpan = Span{end, end}
				el.entry = parent
				el.text = &strings.Builder{}
			}
		case "comment":
			el.entry = parent
			el.text = &strings.Builder{}
		}
	}
	p.stack = append(p.stack, el)
	return true
}

// newEntry starts the entry of a <data> start tag and reports whether the
// tag has a name attribute.
func (p *parser) newEntry(t xml.StartElement, start, end int) (*Entry, bool) {
	e := &Entry{ElementSpan: Span{start, end}, Line: p.lines.line(start)}
	hasName := false
	for _, a := range t.Attr {
		if a.Name.Space != "" {
			continue
		}
		switch a.Name.Local {
		case "name":
			hasName = true
			e.Name = a.Value
			e.NameSpan = attrValueSpan(p.text, start, end, "name")
		case "type":
			e.Type = a.Value
		case "mimetype":
			e.MimeType = a.Value
		}
	}
	if !hasName {
		p.fail(start, "element <data> has no name attribute")
	} else if e.Name == "" {
		p.fail(e.NameSpan.Start, "element <data> has an empty name")
	}
	return e, hasName
}

func (p *parser) endElement(t xml.EndElement, start, end int) bool {
	n := len(p.stack)
	if n == 0 {
		p.fail(start, "closing tag </%s> without an opening tag", qname(t.Name))
		return false
	}
	top := p.stack[n-1]
	if top.name != t.Name {
		p.fail(start, "element <%s> opened on line %d is closed by </%s>", qname(top.name), p.lines.line(top.start), qname(t.Name))
		return false
	}
	p.stack = p.stack[:n-1]
	switch {
	case n == 1 && start == end: // <root/>: the decoder made up the end tag
		p.file.rootClose = start - len("/>")
		p.file.rootEmpty = true
	case n == 1:
		p.file.rootClose = start
	case top.isData:
		e := top.entry
		e.ElementSpan.End = end
		if !e.HasValue {
			e.ValueSpan = Span{end, end}
		}
		if top.named {
			p.addEntry(*e)
		}
	case top.text != nil && top.name.Local == "value":
		top.entry.Value = top.text.String()
		top.entry.ValueSpan.End = start
		if start == end { // <value/>: the decoder made up the end tag
			top.entry.ValueSpan.Start = start
		}
	case top.text != nil && top.name.Local == "comment":
		top.entry.Comment = top.text.String()
	}
	return true
}

func (p *parser) addEntry(e Entry) {
	if _, ok := p.file.index[e.Name]; !ok {
		p.file.index[e.Name] = len(p.file.Entries)
	}
	p.file.Entries = append(p.file.Entries, e)
}

func (p *parser) finish() {
	if n := len(p.stack); n > 0 {
		top := p.stack[n-1]
		p.fail(len(p.text), "unexpected end of file: element <%s> opened on line %d is not closed", qname(top.name), p.lines.line(top.start))
		return
	}
	if !p.root {
		p.fail(len(p.text), "no root element: a resx file needs a <root> element")
	}
}

// -- helpers --

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func duplicateAttr(attrs []xml.Attr) (xml.Name, bool) {
	if len(attrs) < 2 {
		return xml.Name{}, false
	}
	seen := make(map[xml.Name]bool, len(attrs))
	for _, a := range attrs {
		if seen[a.Name] {
			return a.Name, true
		}
		seen[a.Name] = true
	}
	return xml.Name{}, false
}

func firstNonSpace(b []byte) int {
	return len(b) - len(bytes.TrimLeft(b, " \t\r\n"))
}

func firstWord(b []byte) string {
	f := bytes.Fields(b)
	if len(f) == 0 {
		return ""
	}
	return string(f[0])
}

// attrValueSpan finds the raw value of attribute want (no namespace prefix)
// in the start tag text[start:end], which the decoder has already checked.
// It returns the span inside the quotes.
func attrValueSpan(text []byte, start, end int, want string) Span {
	i := start + 1
	skipName := func() int {
		s := i
		for i < end && !isSpace(text[i]) && text[i] != '=' && text[i] != '>' && text[i] != '/' {
			i++
		}
		return s
	}
	skipSpace := func() {
		for i < end && isSpace(text[i]) {
			i++
		}
	}
	skipName() // the element name
	for i < end {
		skipSpace()
		if i >= end || text[i] == '>' || text[i] == '/' {
			break
		}
		nameStart := skipName()
		name := string(text[nameStart:i])
		skipSpace()
		if i >= end || text[i] != '=' {
			break
		}
		i++
		skipSpace()
		if i >= end || (text[i] != '"' && text[i] != '\'') {
			break
		}
		quote := text[i]
		i++
		valStart := i
		for i < end && text[i] != quote {
			i++
		}
		if name == want {
			return Span{valStart, i}
		}
		i++
	}
	return Span{start, start}
}

// firstBadChar returns the offset of the first byte of b that is not valid
// UTF-8 or starts a character XML does not allow, or -1.
func firstBadChar(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if (r == utf8.RuneError && size == 1) || !isXMLChar(r) {
			return i
		}
		i += size
	}
	return -1
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// lineIndex converts byte offsets into positions. It is built on first use,
// so many lookups cost one pass over the text.
type lineIndex struct {
	text   []byte
	starts []int // byte offset of each line's first byte
}

func (x *lineIndex) index(off int) int {
	if x.starts == nil {
		x.starts = []int{0}
		for i, c := range x.text {
			if c == '\n' {
				x.starts = append(x.starts, i+1)
			}
		}
	}
	i, found := slices.BinarySearch(x.starts, off)
	if !found {
		i--
	}
	return i
}

// line returns the 1-based line of a byte offset.
func (x *lineIndex) line(off int) int {
	return x.index(min(max(off, 0), len(x.text))) + 1
}

// lineCol returns the 1-based line and the 1-based column, counted in runes,
// of a byte offset. A byte order mark at the start is not counted.
func (x *lineIndex) lineCol(off int) (line, col int) {
	off = min(max(off, 0), len(x.text))
	i := x.index(off)
	lineStart := x.starts[i]
	if i == 0 && off >= 3 && bytes.HasPrefix(x.text, []byte("\uFEFF")) {
		lineStart = 3
	}
	return i + 1, 1 + utf8.RuneCount(x.text[lineStart:off])
}
