package resx

import (
	"bytes"
	"strings"
	"testing"
)

func TestAddEntryEditAfterLastEntry(t *testing.T) {
	text := readTemplate(t)
	f := mustParse(t, text)
	edit, err := AddEntryEdit(text, f, "NewKey", `a <b> & "c"`)
	if err != nil {
		t.Fatal(err)
	}
	out := apply(text, edit)
	want := `  <data name="ButtonHelp" xml:space="preserve">
    <value>Connect to Contoso Sales</value>
  </data>
  <data name="NewKey" xml:space="preserve">
    <value>a &lt;b&gt; &amp; "c"</value>
  </data>
</root>
`
	if !bytes.HasSuffix(out, []byte(want)) {
		t.Errorf("file ends with\n%s\nwant\n%s", out[len(out)-len(want):], want)
	}
	g := mustParse(t, out)
	if e, ok := g.Lookup("NewKey"); !ok || e.Value != `a <b> & "c"` {
		t.Errorf("after the edit Lookup = %+v, %v", e, ok)
	}
	if len(g.Entries) != 4 {
		t.Errorf("entries = %v", names(g))
	}
}

func TestAddEntryEditCRLFAndTabs(t *testing.T) {
	text := []byte("<root>\r\n\t<data name=\"A\">\r\n\t\t\t<value>a</value>\r\n\t</data>\r\n</root>\r\n")
	edit, err := AddEntryEdit(text, nil, "B", "line1\nline2\r\nline3\rend")
	if err != nil {
		t.Fatal(err)
	}
	out := apply(text, edit)
	want := "<root>\r\n\t<data name=\"A\">\r\n\t\t\t<value>a</value>\r\n\t</data>\r\n" +
		"\t<data name=\"B\" xml:space=\"preserve\">\r\n\t\t\t<value>line1\r\nline2\r\nline3&#xD;end</value>\r\n\t</data>\r\n</root>\r\n"
	if string(out) != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
	if e, _ := mustParse(t, out).Lookup("B"); e.Value != "line1\nline2\nline3\rend" {
		t.Errorf("Value = %q", e.Value)
	}
}

func TestAddEntryEditNoEntries(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{
			"after headers",
			"<root>\n    <resheader name=\"version\">\n        <value>2.0</value>\n    </resheader>\n</root>\n",
			"<root>\n    <resheader name=\"version\">\n        <value>2.0</value>\n    </resheader>\n" +
				"    <data name=\"K\" xml:space=\"preserve\">\n      <value>V</value>\n    </data>\n</root>\n",
		},
		{
			"one line",
			"<root></root>",
			"<root>\r\n  <data name=\"K\" xml:space=\"preserve\">\r\n    <value>V</value>\r\n  </data>\r\n</root>",
		},
		{
			"self-closed root",
			"<root />\n",
			"<root >\n  <data name=\"K\" xml:space=\"preserve\">\n    <value>V</value>\n  </data>\n</root>\n",
		},
		{
			"empty root on lines",
			"<?xml version=\"1.0\"?>\n<root>\n</root>",
			"<?xml version=\"1.0\"?>\n<root>\n  <data name=\"K\" xml:space=\"preserve\">\n    <value>V</value>\n  </data>\n</root>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edit, err := AddEntryEdit([]byte(tt.text), nil, "K", "V")
			if err != nil {
				t.Fatal(err)
			}
			out := apply([]byte(tt.text), edit)
			if string(out) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", out, tt.want)
			}
			if e, ok := mustParse(t, out).Lookup("K"); !ok || e.Value != "V" {
				t.Errorf("Lookup(K) = %+v, %v", e, ok)
			}
		})
	}
}

func TestAddEntryEditEscapesName(t *testing.T) {
	text := []byte("<root>\n</root>\n")
	name := "a&b<c>\"d'\te\nf"
	edit, err := AddEntryEdit(text, nil, name, "v")
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := mustParse(t, apply(text, edit)).Lookup(name); !ok || e.Value != "v" {
		t.Errorf("Lookup(%q) = %+v, %v", name, e, ok)
	}
}

func TestAddEntryEditErrors(t *testing.T) {
	text := readTemplate(t)
	tests := []struct {
		name, text, key, value, msg string
	}{
		{"existing key", string(text), "ButtonHelp", "x", `resource key "ButtonHelp" already exists`},
		{"malformed file", "<root><data name=\"A\"></root>", "B", "x", "malformed resx file: line 1, column 22"},
		{"empty key", string(text), "", "x", "resource key is empty"},
		{"control character", string(text), "K", "a\x01b", "U+0001"},
		{"invalid UTF-8", string(text), "K\xff", "x", "not valid UTF-8"},
		{"noncharacter", string(text), "K", "\uFFFF", "U+FFFF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := AddEntryEdit([]byte(tt.text), nil, tt.key, tt.value)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want one containing %q", err, tt.msg)
			}
		})
	}
}

func TestRemoveEntryEdit(t *testing.T) {
	text := readTemplate(t)
	f := mustParse(t, text)
	e, _ := f.Lookup("ButtonTitle")
	out := apply(text, RemoveEntryEdit(text, e))
	want := strings.Replace(string(text), `  <data name="ButtonTitle" xml:space="preserve">
    <value>Contoso Sales</value>
    <comment>shown on the connect button</comment>
  </data>
`, "", 1)
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if g := mustParse(t, out); len(g.Entries) != 2 {
		t.Errorf("entries = %v", names(g))
	}

	tests := []struct{ name, text, key, want string }{
		{"inline with siblings", `<root><data name="A"/><data name="B"><value>b</value></data><data name="C"/></root>`, "B",
			`<root><data name="A"/><data name="C"/></root>`},
		{"CRLF lines", "<root>\r\n  <data name=\"A\"/>  \r\n  <data name=\"B\"/>\r\n</root>", "A",
			"<root>\r\n  <data name=\"B\"/>\r\n</root>"},
		{"text after on the line", "<root>\n  <data name=\"A\"/> <!-- note -->\n</root>", "A",
			"<root>\n   <!-- note -->\n</root>"},
		{"text before on the line", "<root>\n  <!-- x --><data name=\"A\"/>\n</root>", "A",
			"<root>\n  <!-- x -->\n</root>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := []byte(tt.text)
			e, ok := mustParse(t, text).Lookup(tt.key)
			if !ok {
				t.Fatalf("no entry %q", tt.key)
			}
			if out := apply(text, RemoveEntryEdit(text, e)); string(out) != tt.want {
				t.Errorf("got %q, want %q", out, tt.want)
			}
		})
	}
	// A stale entry never makes it panic.
	_ = RemoveEntryEdit([]byte("<root/>"), Entry{ElementSpan: Span{5, 500}})
}

func TestTemplate(t *testing.T) {
	text, err := Template(NewEntry{"DataSourceLabel", "Contoso"}, NewEntry{"Help", "Use <this> & that\nplease"})
	if err != nil {
		t.Fatal(err)
	}
	f := mustParse(t, text)
	if got := strings.Join(names(f), ","); got != "DataSourceLabel,Help" {
		t.Errorf("entries = %s", got)
	}
	if e, _ := f.Lookup("Help"); e.Value != "Use <this> & that\nplease" {
		t.Errorf("Help = %q", e.Value)
	}
	for _, header := range []string{"resmimetype", "version", "reader", "writer"} {
		if !bytes.Contains(text, []byte(`<resheader name="`+header+`">`)) {
			t.Errorf("no %s header", header)
		}
	}
	if bytes.Count(text, []byte("\n")) != bytes.Count(text, []byte("\r\n")) {
		t.Error("Template must use CRLF throughout")
	}

	empty, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	if f := mustParse(t, empty); len(f.Entries) != 0 {
		t.Errorf("empty template has entries %v", names(f))
	}
	// The empty template takes an added entry, indented like the headers.
	edit, err := AddEntryEdit(empty, nil, "K", "V")
	if err != nil {
		t.Fatal(err)
	}
	if out := apply(empty, edit); !bytes.HasSuffix(out, []byte("  </resheader>\r\n  <data name=\"K\" xml:space=\"preserve\">\r\n    <value>V</value>\r\n  </data>\r\n</root>\r\n")) {
		t.Errorf("got\n%s", out)
	}

	for _, bad := range [][]NewEntry{{{"A", "1"}, {"A", "2"}}, {{"", "1"}}, {{"A", "\x00"}}} {
		if _, err := Template(bad...); err == nil {
			t.Errorf("Template(%q) succeeded", bad)
		}
	}
}
