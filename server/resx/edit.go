package resx

// This file defines the edits of a resx file: adding and removing entries
// and writing a new file.

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Edit replaces the bytes [Start, End) of the text with NewText.
type Edit struct {
	Start, End int
	NewText    string
}

// NewEntry is an entry to write: a name and its string value.
type NewEntry struct {
	Name, Value string
}

// AddEntryEdit returns the insertion that adds a string entry to the file
// whose text is text and whose parse is f (nil to parse text here). The new
// <data> element goes after the last entry, or before </root> when there is
// none; it is indented like its siblings and uses the text's line endings.
// Line breaks in value are written with those line endings too, and read
// back as "\n" as XML prescribes. It is an error if f is malformed, name is
// already a key, or name or value hold characters XML cannot carry.
func AddEntryEdit(text []byte, f *File, name, value string) (Edit, error) {
	if f == nil {
		f = Parse(text)
	}
	if f.size != len(text) {
		return Edit{}, errors.New("cannot add an entry: the parse does not belong to this text")
	}
	if f.Err != nil {
		return Edit{}, fmt.Errorf("cannot add %q to a malformed resx file: %w", name, f.Err)
	}
	if _, ok := f.Lookup(name); ok {
		return Edit{}, fmt.Errorf("resource key %q already exists", name)
	}
	if err := checkEntry(name, value); err != nil {
		return Edit{}, err
	}
	eol := lineEnding(text)
	if n := len(f.Entries); n > 0 {
		last := f.Entries[0]
		for _, e := range f.Entries[1:] {
			if e.ElementSpan.End > last.ElementSpan.End {
				last = e
			}
		}
		indent, ok := lineIndent(text, last.ElementSpan.Start)
		if !ok {
			indent = "  "
		}
		inner := innerIndent(text, last, indent)
		at := min(last.ElementSpan.End, len(text))
		return Edit{Start: at, End: at, NewText: eol + indent + dataElement(name, value, indent, inner, eol)}, nil
	}
	if f.rootClose < 0 || f.rootClose > len(text) {
		return Edit{}, errors.New("cannot add an entry: the root element has no closing tag")
	}
	indent := "  "
	if f.lastChild >= 0 {
		if in, ok := lineIndent(text, f.lastChild); ok {
			indent = in
		}
	}
	inner := indent + indentUnit(indent)
	element := indent + dataElement(name, value, indent, inner, eol)
	if f.rootEmpty {
		// <root/> becomes <root>, the entry, </root>.
		return Edit{Start: f.rootClose, End: f.rootClose + len("/>"), NewText: ">" + eol + element + eol + "</root>"}, nil
	}
	if _, ok := lineIndent(text, f.rootClose); ok {
		// </root> begins its line: put the entry on lines of its own above it.
		at := lineStart(text, f.rootClose)
		return Edit{Start: at, End: at, NewText: element + eol}, nil
	}
	return Edit{Start: f.rootClose, End: f.rootClose, NewText: eol + element + eol}, nil
}

// RemoveEntryEdit returns the deletion of entry e of text, which must come
// from Parse(text). When the element stands alone on its lines, the lines go
// too.
func RemoveEntryEdit(text []byte, e Entry) Edit {
	start := min(max(e.ElementSpan.Start, 0), len(text))
	end := min(max(e.ElementSpan.End, start), len(text))
	if _, ok := lineIndent(text, start); !ok {
		return Edit{Start: start, End: end}
	}
	after := end
	for after < len(text) && (text[after] == ' ' || text[after] == '\t') {
		after++
	}
	switch {
	case after == len(text):
	case bytes.HasPrefix(text[after:], []byte("\r\n")):
		after += 2
	case text[after] == '\n' || text[after] == '\r':
		after++
	default: // something else follows on the last line: keep the lines
		return Edit{Start: start, End: end}
	}
	return Edit{Start: lineStart(text, start), End: after}
}

// Template returns a new, minimal resources.resx holding entries: the XML
// declaration, <root>, the four <resheader> entries that readers check
// (resmimetype, version, reader, writer) and a <data> element per entry. It
// uses CRLF line endings, as Visual Studio does. It is an error if a name is
// empty or repeated, or a name or value holds characters XML cannot carry.
func Template(entries ...NewEntry) ([]byte, error) {
	const eol = "\r\n"
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + eol)
	b.WriteString("<root>" + eol)
	for _, h := range [][2]string{
		{"resmimetype", "text/microsoft-resx"},
		{"version", "2.0"},
		{"reader", "System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"},
		{"writer", "System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"},
	} {
		fmt.Fprintf(&b, `  <resheader name="%s">%s    <value>%s</value>%s  </resheader>%s`, h[0], eol, h[1], eol, eol)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if err := checkEntry(e.Name, e.Value); err != nil {
			return nil, err
		}
		if seen[e.Name] {
			return nil, fmt.Errorf("resource key %q given twice", e.Name)
		}
		seen[e.Name] = true
		b.WriteString("  " + dataElement(e.Name, e.Value, "  ", "    ", eol) + eol)
	}
	b.WriteString("</root>" + eol)
	return []byte(b.String()), nil
}

// -- writing helpers --

// dataElement writes <data> for a string, from its "<" to its "</data>":
// the first line carries no indentation, the caller places it.
func dataElement(name, value, indent, inner, eol string) string {
	return `<data name="` + escapeAttr(name) + `" xml:space="preserve">` + eol +
		inner + "<value>" + escapeText(value, eol) + "</value>" + eol +
		indent + "</data>"
}

func checkEntry(name, value string) error {
	if name == "" {
		return errors.New("resource key is empty")
	}
	if err := checkXMLChars("resource key", name); err != nil {
		return err
	}
	return checkXMLChars(fmt.Sprintf("value of %q", name), value)
}

// checkXMLChars rejects text XML 1.0 cannot hold, even escaped: invalid
// UTF-8 and control characters other than tab, line feed and carriage return.
func checkXMLChars(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8", what)
	}
	for _, r := range s {
		if !isXMLChar(r) {
			return fmt.Errorf("%s holds the character %U, which XML cannot carry", what, r)
		}
	}
	return nil
}

func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// markupEntity returns the entity reference for the characters that both
// element text and attribute values escape, or "" for any other character.
func markupEntity(r rune) string {
	switch r {
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	}
	return ""
}

// escapeAttr escapes an attribute value in double quotes. White space other
// than spaces is written as references, which attribute normalisation would
// otherwise turn into spaces.
func escapeAttr(s string) string {
	var b strings.Builder
	for _, r := range s {
		if e := markupEntity(r); e != "" {
			b.WriteString(e)
			continue
		}
		switch r {
		case '"':
			b.WriteString("&quot;")
		case '\t':
			b.WriteString("&#x9;")
		case '\n':
			b.WriteString("&#xA;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeText escapes element text. Line breaks become eol; a carriage
// return that is not part of CRLF is a reference, so that it survives.
func escapeText(s, eol string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if e := markupEntity(rune(c)); e != "" {
			b.WriteString(e)
			continue
		}
		switch c {
		case '\n':
			b.WriteString(eol)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				b.WriteString(eol)
				i++
			} else {
				b.WriteString("&#xD;")
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// lineEnding returns the text's first line ending, or CRLF when it has none.
func lineEnding(text []byte) string {
	i := bytes.IndexAny(text, "\r\n")
	switch {
	case i < 0:
		return "\r\n"
	case text[i] == '\n':
		return "\n"
	case i+1 < len(text) && text[i+1] == '\n':
		return "\r\n"
	}
	return "\r"
}

// lineStart returns the offset of the first byte of the line holding off.
func lineStart(text []byte, off int) int {
	return bytes.LastIndexAny(text[:off], "\r\n") + 1
}

// lineIndent returns the white space between the start of off's line and
// off, and reports whether only white space precedes off on its line.
func lineIndent(text []byte, off int) (string, bool) {
	prefix := text[lineStart(text, off):off]
	if len(bytes.Trim(prefix, " \t")) != 0 {
		return "", false
	}
	return string(prefix), true
}

// innerIndent returns the indentation of <value> inside entry e: the one e
// uses when its <value> begins a line, else one level deeper than indent.
func innerIndent(text []byte, e Entry, indent string) string {
	if e.HasValue && e.ElementSpan.Start < e.ValueSpan.Start && e.ValueSpan.Start <= len(text) {
		if lt := bytes.LastIndexByte(text[e.ElementSpan.Start:e.ValueSpan.Start], '<'); lt > 0 {
			if in, ok := lineIndent(text, e.ElementSpan.Start+lt); ok && len(in) > len(indent) {
				return in
			}
		}
	}
	return indent + indentUnit(indent)
}

// indentUnit guesses one level of indentation from a line's indentation.
func indentUnit(indent string) string {
	if strings.HasPrefix(indent, "\t") {
		return "\t"
	}
	return "  "
}
