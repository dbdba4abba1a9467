package resx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"strings"
	"testing"
)

func readTemplate(t testing.TB) []byte {
	t.Helper()
	text, err := os.ReadFile("testdata/template.resx")
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func mustParse(t testing.TB, text []byte) *File {
	t.Helper()
	f := Parse(text)
	if f.Err != nil {
		t.Fatalf("Parse: %v", f.Err)
	}
	checkSpans(t, text, f)
	return f
}

func slice(text []byte, s Span) string { return string(text[s.Start:s.End]) }

// checkSpans checks what every entry's spans must satisfy: they lie in the
// text, nest, and decode to the entry's Name and Value. The decoding goes
// through encoding/xml on the raw slices, a reference independent of Parse.
func checkSpans(t testing.TB, text []byte, f *File) {
	t.Helper()
	for _, e := range f.Entries {
		el, n, v := e.ElementSpan, e.NameSpan, e.ValueSpan
		if !(0 <= el.Start && el.Start <= n.Start && n.Start <= n.End && n.End <= el.End && el.End <= len(text)) {
			t.Fatalf("entry %q: name span %v outside element span %v (len %d)", e.Name, n, el, len(text))
		}
		if !(el.Start <= v.Start && v.Start <= v.End && v.End <= el.End) {
			t.Fatalf("entry %q: value span %v outside element span %v", e.Name, v, el)
		}
		elem := slice(text, el)
		if !strings.HasPrefix(elem, "<data") || !strings.HasSuffix(elem, ">") {
			t.Fatalf("entry %q: element span holds %q", e.Name, elem)
		}
		quote := string(text[n.Start-1])
		if got := decodeAttr(t, quote, slice(text, n)); got != e.Name {
			t.Fatalf("name span %q decodes to %q, Name is %q", slice(text, n), got, e.Name)
		}
		if !e.HasValue {
			if v.Start != el.End || v.End != el.End || e.Value != "" {
				t.Fatalf("entry %q without <value>: value span %v, value %q", e.Name, v, e.Value)
			}
			continue
		}
		if got := decodeText(t, slice(text, v)); got != e.Value {
			t.Fatalf("value span %q decodes to %q, Value is %q", slice(text, v), got, e.Value)
		}
		if e.Line != 1+bytes.Count(text[:el.Start], []byte("\n")) {
			t.Fatalf("entry %q: Line %d is wrong", e.Name, e.Line)
		}
	}
}

func decodeAttr(t testing.TB, quote, raw string) string {
	var x struct {
		A string `xml:"a,attr"`
	}
	if err := xml.Unmarshal([]byte("<x a="+quote+raw+quote+"/>"), &x); err != nil {
		t.Fatalf("reference decoder rejects attribute %q: %v", raw, err)
	}
	return x.A
}

// decodeText returns the character data directly inside <v>raw</v>.
func decodeText(t testing.TB, raw string) string {
	d := xml.NewDecoder(strings.NewReader("<v>" + raw + "</v>"))
	var b strings.Builder
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			if depth != 0 {
				t.Fatalf("reference decoder rejects value %q: %v", raw, err)
			}
			return b.String()
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 1 {
				b.Write(tok)
			}
		}
	}
}

func apply(text []byte, e Edit) []byte {
	out := append([]byte{}, text[:e.Start]...)
	out = append(out, e.NewText...)
	return append(out, text[e.End:]...)
}

func names(f *File) []string {
	var out []string
	for _, e := range f.Entries {
		out = append(out, e.Name)
	}
	return out
}

func TestTemplateLikeFile(t *testing.T) {
	text := readTemplate(t)
	f := mustParse(t, text)
	if got, want := fmt.Sprint(names(f)), "[DataSourceLabel ButtonTitle ButtonHelp]"; got != want {
		t.Fatalf("entries = %s, want %s (commented examples must not count)", got, want)
	}
	e, ok := f.Lookup("ButtonTitle")
	if !ok || e.Value != "Contoso Sales" || e.Comment != "shown on the connect button" || !e.HasValue {
		t.Errorf("Lookup(ButtonTitle) = %+v, %v", e, ok)
	}
	if slice(text, e.NameSpan) != "ButtonTitle" || slice(text, e.ValueSpan) != "Contoso Sales" {
		t.Errorf("spans hold %q and %q", slice(text, e.NameSpan), slice(text, e.ValueSpan))
	}
	if want := 1 + bytes.Count(text[:bytes.Index(text, []byte(`<data name="ButtonTitle"`))], []byte("\n")); e.Line != want {
		t.Errorf("Line = %d, want %d", e.Line, want)
	}
	if _, ok := f.Lookup("ExampleString"); ok {
		t.Error("an entry inside a comment was found")
	}
	if _, ok := f.Lookup("buttontitle"); ok {
		t.Error("Lookup must be case-sensitive")
	}
	if d := f.Duplicates(); d != nil {
		t.Errorf("Duplicates = %v, want nil", d)
	}
}

func TestBOM(t *testing.T) {
	plain := readTemplate(t)
	text := append([]byte("\uFEFF"), plain...)
	f := mustParse(t, text)
	g := Parse(plain)
	if len(f.Entries) != 3 {
		t.Fatalf("entries = %v", names(f))
	}
	for i := range f.Entries {
		if f.Entries[i].ElementSpan.Start != g.Entries[i].ElementSpan.Start+3 {
			t.Errorf("entry %d: offsets must count the BOM's 3 bytes", i)
		}
	}
	// A BOM does not shift columns.
	bad := Parse([]byte("\uFEFF<root><data></root>"))
	if bad.Err == nil || bad.Err.Line != 1 || bad.Err.Column != 7 || bad.Err.Offset != 9 {
		t.Errorf("Err = %+v, want one at 1:7, offset 9", bad.Err)
	}
}

func TestCRLF(t *testing.T) {
	text := []byte(strings.ReplaceAll(string(readTemplate(t)), "\n", "\r\n"))
	f := mustParse(t, text)
	if len(f.Entries) != 3 {
		t.Fatalf("entries = %v", names(f))
	}
	multi := []byte("<root>\r\n  <data name=\"M\" xml:space=\"preserve\">\r\n    <value>one\r\ntwo\rthree</value>\r\n  </data>\r\n</root>\r\n")
	e, _ := mustParse(t, multi).Lookup("M")
	if e.Value != "one\ntwo\nthree" {
		t.Errorf("Value = %q: XML reads every line break as \\n", e.Value)
	}
	if e.Line != 2 {
		t.Errorf("Line = %d, want 2", e.Line)
	}
}

func TestCDATAAndEntities(t *testing.T) {
	text := []byte(`<root>
  <data name="A&amp;B" xml:space="preserve"><value>x <![CDATA[<b>bold</b> & ]]]]><![CDATA[>]]> y</value></data>
  <data name='q"uote' xml:space="preserve"><value>&lt;&gt;&amp;&quot;&apos;&#169;&#x41;</value></data>
  <data name="Empty"><value/></data>
  <data name="Empty2"><value></value></data>
  <data name="NoValue"/>
  <data name="Spaces" xml:space="preserve"><value>  two  </value></data>
  <data name="Icon" type="System.Drawing.Icon, System.Drawing" mimetype="application/x-microsoft.net.object.bytearray.base64"><value>AAAB</value></data>
</root>`)
	f := mustParse(t, text)
	want := map[string]string{
		"A&B":     "x <b>bold</b> & ]]> y",
		`q"uote`:  `<>&"'©A`,
		"Empty":   "",
		"Empty2":  "",
		"NoValue": "",
		"Spaces":  "  two  ",
		"Icon":    "AAAB",
	}
	if len(f.Entries) != len(want) {
		t.Fatalf("entries = %q", names(f))
	}
	for name, value := range want {
		e, ok := f.Lookup(name)
		if !ok || e.Value != value {
			t.Errorf("Lookup(%q) = %q, %v; want %q", name, e.Value, ok, value)
		}
	}
	if e, _ := f.Lookup("A&B"); slice(text, e.NameSpan) != "A&amp;B" {
		t.Errorf("NameSpan holds %q, want the raw attribute", slice(text, e.NameSpan))
	}
	if e, _ := f.Lookup("NoValue"); e.HasValue {
		t.Error("NoValue has HasValue set")
	}
	if e, _ := f.Lookup("Empty"); !e.HasValue || e.ValueSpan.Len() != 0 {
		t.Errorf("Empty: %+v", e)
	}
	if e, _ := f.Lookup("Icon"); e.Type != "System.Drawing.Icon, System.Drawing" || e.MimeType != "application/x-microsoft.net.object.bytearray.base64" {
		t.Errorf("Icon type %q mimetype %q", e.Type, e.MimeType)
	}
}

func TestOnlyRootChildrenCount(t *testing.T) {
	f := mustParse(t, []byte(`<root><group><data name="Nested"><value>x</value></data></group><data name="Top"><value>y<value>inner</value></value><value>second</value></data></root>`))
	if got := fmt.Sprint(names(f)); got != "[Top]" {
		t.Fatalf("entries = %s, want [Top]", got)
	}
	if e, _ := f.Lookup("Top"); e.Value != "y" {
		t.Errorf("Value = %q, want the first <value>'s own text", e.Value)
	}
}

func TestDuplicates(t *testing.T) {
	text := []byte(`<root>
<data name="A"><value>1</value></data>
<data name="B"><value>2</value></data>
<data name="A"><value>3</value></data>
<data name="C"><value>4</value></data>
<data name="B"><value>5</value></data>
<data name="A"><value>6</value></data>
</root>`)
	f := mustParse(t, text)
	d := f.Duplicates()
	var got []string
	for _, g := range d {
		var values []string
		for _, e := range g {
			values = append(values, e.Name+"="+e.Value)
		}
		got = append(got, strings.Join(values, ","))
	}
	if want := "[A=1,A=3,A=6 B=2,B=5]"; fmt.Sprint(got) != want {
		t.Errorf("Duplicates = %v, want %s", got, want)
	}
	if e, _ := f.Lookup("A"); e.Value != "1" {
		t.Errorf("Lookup returns %q, want the first entry", e.Value)
	}
}

func TestMalformed(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		line, col int
		msg       string
		entries   string // names read before the error
	}{
		{"empty", "", 1, 1, "file is empty", "[]"},
		{"only space", "\n\n  ", 3, 3, "file is empty", "[]"},
		{"no root", "<?xml version=\"1.0\"?>\n<!-- nothing -->\n", 3, 1, "no root element", "[]"},
		{"unclosed data", "<root>\n  <data name=\"A\"><value>a</value></data>\n  <data name=\"B\">\n    <value>b</value>\n</root>\n", 5, 1, "element <data> opened on line 3 is closed by </root>", "[A]"},
		{"unclosed root", "<root>\n  <data name=\"A\"><value>a</value></data>\n", 3, 1, "unexpected end of file: element <root> opened on line 1 is not closed", "[A]"},
		{"truncated tag", "<root>\n  <data name=\"A\"", 2, 17, "unexpected end of file: element <root> opened on line 1", "[]"},
		{"unquoted attribute", "<root>\n  <data name=A><value>a</value></data>\n</root>", 2, 14, "unquoted or missing attribute value", "[]"},
		{"attribute without value", "<root>\n  <data name><value>a</value></data>\n</root>", 2, 13, "attribute name without =", "[]"},
		{"repeated attribute", "<root>\n  <data name=\"A\" name=\"B\"><value>a</value></data>\n</root>", 2, 3, "attribute name appears twice in element <data>", "[]"},
		{"no name", "<root>\n  <data><value>a</value></data>\n  <data name=\"B\"><value>b</value></data>\n</root>", 2, 3, "element <data> has no name attribute", "[B]"},
		{"empty name", "<root><data name=\"\"><value>a</value></data></root>", 1, 19, "element <data> has an empty name", "[]"},
		{"binary junk", "<root>\n<data name=\"A\"><value>a\x00\x01\x02</value></data></root>", 2, 24, "illegal character code U+0000", "[]"},
		{"not text at all", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, 1, "invalid UTF-8", "[]"},
		{"text before root", "hello <root/>", 1, 1, "text before the root element", "[]"},
		{"invalid UTF-8", "<root><data name=\"A\"><value>\xff\xfe</value></data></root>", 1, 29, "invalid UTF-8", "[]"},
		{"unknown entity", "<root><data name=\"A\"><value>a &nbsp; b</value></data></root>", 1, 31, "invalid character entity &nbsp;", "[]"},
		{"bare ampersand", "<root><data name=\"A\"><value>Q&A</value></data></root>", 1, 30, "invalid character entity", "[]"},
		{"text after root", "<root></root>\nhello", 2, 1, "text after the root element", "[]"},
		{"second root", "<root></root><root/>", 1, 14, "second root element <root>", "[]"},
		{"stray close", "</root>", 1, 1, "closing tag </root> without an opening tag", "[]"},
		{"wrong root", "<resources><data name=\"A\"><value>a</value></data></resources>", 1, 1, "root element is <resources>", "[A]"},
		{"declaration not first", "<root/>\n<?xml version=\"1.0\"?>", 2, 1, "must come first", "[]"},
		{"unclosed comment", "<root>\n<!-- <data name=\"A\"><value>a</value></data>\n</root>", 3, 8, "unexpected end of file", "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := []byte(tt.text)
			f := Parse(text)
			if f.Err == nil {
				t.Fatalf("no error; entries %v", names(f))
			}
			if f.Err.Line != tt.line || f.Err.Column != tt.col || !strings.Contains(f.Err.Msg, tt.msg) {
				t.Errorf("Err = %d:%d %q, want %d:%d containing %q", f.Err.Line, f.Err.Column, f.Err.Msg, tt.line, tt.col, tt.msg)
			}
			if got := fmt.Sprint(names(f)); got != tt.entries {
				t.Errorf("entries = %s, want %s", got, tt.entries)
			}
			if !strings.HasPrefix(f.Err.Error(), fmt.Sprintf("line %d, column %d: ", f.Err.Line, f.Err.Column)) {
				t.Errorf("Error() = %q", f.Err.Error())
			}
			checkSpans(t, text, f)
		})
	}
}

func TestEncodingDeclaration(t *testing.T) {
	// The caller decoded the file already, whatever the declaration says.
	f := mustParse(t, []byte(`<?xml version="1.0" encoding="utf-16"?><root><data name="A"><value>é</value></data></root>`))
	if e, _ := f.Lookup("A"); e.Value != "é" {
		t.Errorf("Value = %q", e.Value)
	}
}

// bigResx returns a well-formed resx file of about size bytes.
func bigResx(size int) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "  <data name=\"Key%d\" xml:space=\"preserve\">\n    <value>Value number %d &amp; some text to fill the line</value>\n  </data>\n", i, i)
	}
	b.WriteString("</root>\n")
	return b.Bytes()
}

func TestLargeFile(t *testing.T) {
	text := bigResx(5 << 20)
	f := mustParse(t, text)
	if len(f.Entries) < 40000 {
		t.Fatalf("only %d entries", len(f.Entries))
	}
	last := f.Entries[len(f.Entries)-1]
	if e, ok := f.Lookup(last.Name); !ok || e != last {
		t.Errorf("Lookup(%q) failed", last.Name)
	}
	// The same file broken near its end: the position must still be exact.
	broken := bytes.Replace(text, []byte("</root>"), []byte("<data name=\"X\">\n</root>"), 1)
	g := Parse(broken)
	lines := bytes.Count(broken, []byte("\n"))
	if g.Err == nil || g.Err.Line != lines || g.Err.Column != 1 || len(g.Entries) != len(f.Entries) {
		t.Errorf("Err = %v with %d entries, want one at line %d, column 1 with %d entries", g.Err, len(g.Entries), lines, len(f.Entries))
	}
}

func BenchmarkParse(b *testing.B) {
	for _, size := range []int{64 << 10, 1 << 20, 5 << 20} {
		text := bigResx(size)
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if f := Parse(text); f.Err != nil {
					b.Fatal(f.Err)
				}
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(readTemplate(f))
	for _, s := range []string{
		"",
		"\uFEFF<root><data name=\"A\"><value>a</value></data></root>",
		"<root>\r\n<data name='a&amp;b'><value><![CDATA[x]]>&lt;y</value><comment>c</comment></data>\r\n</root>",
		"<root><data name=\"A\"/><data name=\"A\"><value/></data></root>",
		"<root><data name=\"A\"></root>",
		"<root><!-- <data name=\"X\"> --></root>",
		"<root/>",
		"<?xml version=\"1.0\"?><!DOCTYPE root><root><x:data xmlns:x='u' name='n'/></root>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		file := Parse(text)
		if err := file.Err; err != nil {
			if err.Offset < 0 || err.Offset > len(text) || err.Line < 1 || err.Column < 1 || err.Msg == "" {
				t.Fatalf("bad error %+v", err)
			}
		}
		checkSpans(t, text, file)
		for _, g := range file.Duplicates() {
			if len(g) < 2 {
				t.Fatalf("duplicate group of %d", len(g))
			}
		}
		if file.Err != nil {
			if _, err := AddEntryEdit(text, file, "FuzzKey", "v"); err == nil {
				t.Fatal("AddEntryEdit accepted a malformed file")
			}
			return
		}
		// Adding an entry keeps the file well-formed and every entry in place.
		const value = "a<b>&c\n]]>d"
		edit, err := AddEntryEdit(text, file, "FuzzKey", value)
		if _, exists := file.Lookup("FuzzKey"); exists != (err != nil) {
			t.Fatalf("AddEntryEdit: %v (key exists: %v)", err, exists)
		}
		if err == nil {
			out := apply(text, edit)
			g := Parse(out)
			if g.Err != nil {
				t.Fatalf("after AddEntryEdit: %v\n%q", g.Err, out)
			}
			if e, ok := g.Lookup("FuzzKey"); !ok || e.Value != value || len(g.Entries) != len(file.Entries)+1 {
				t.Fatalf("after AddEntryEdit: %+v, %v, %d entries", e, ok, len(g.Entries))
			}
		}
		// Removing an entry keeps the file well-formed and drops only it.
		if len(file.Entries) > 0 {
			out := apply(text, RemoveEntryEdit(text, file.Entries[0]))
			g := Parse(out)
			if g.Err != nil || len(g.Entries) != len(file.Entries)-1 {
				t.Fatalf("after RemoveEntryEdit: %v, %d entries\n%q", g.Err, len(g.Entries), out)
			}
		}
	})
}
