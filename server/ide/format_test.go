package ide

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/grammar/corpus"
	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/syntax"
)

func parse(text string) *syntax.File {
	return syntax.Parse(document.New("file:///x.pq", 0, []byte(text)), syntax.Once)
}

// tokens returns the tokens and comments of a text, in order, with line
// comments' trailing blanks removed.
func tokens(f *syntax.File) []string {
	var out []string
	for i := 0; i < f.NodeCount(); i++ {
		n := f.Node(i)
		if !isLeaf(n) || n.End() == n.Start() {
			continue
		}
		t := n.Text()
		if n.Kind() == syntax.KindComment && strings.HasPrefix(t, "//") {
			t = strings.TrimRight(t, " \t\f\v")
		}
		out = append(out, t)
	}
	return out
}

// checkFormat formats text twice and checks that the tokens are kept,
// that no new syntax error appears, and that the second format changes
// nothing. It returns the first format's text.
func checkFormat(t *testing.T, name, text string) string {
	t.Helper()
	f := parse(text)
	once := FormatText(f, FormatOptions{})
	f1 := parse(once)
	if got, want := tokens(f1), tokens(f); strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		for i := range want {
			if i >= len(got) || got[i] != want[i] {
				g := "<end>"
				if i < len(got) {
					g = got[i]
				}
				t.Errorf("%s: token %d changed: got %q, want %q\n%s", name, i, g, want[i], once)
				break
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d tokens, want %d", name, len(got), len(want))
		}
		return once
	}
	if len(f1.Errors) > len(f.Errors) {
		t.Errorf("%s: formatting added syntax errors: %v\n%s", name, f1.Errors[0].Msg, once)
	}
	if twice := FormatText(f1, FormatOptions{}); twice != once {
		t.Errorf("%s: not idempotent:\n--- once\n%s\n--- twice\n%s", name, once, twice)
	}
	// The edits give the same text.
	edited, err := document.ApplyEdits(f.Text(), toTextEdits(Format(f, FormatOptions{})))
	if err != nil || string(edited) != once {
		t.Errorf("%s: edits give a different text (%v)", name, err)
	}
	if len(Format(f1, FormatOptions{})) != 0 {
		t.Errorf("%s: formatted text still has edits", name)
	}
	return once
}

func toTextEdits(edits []Edit) []document.TextEdit {
	var out []document.TextEdit
	for _, e := range edits {
		out = append(out, document.TextEdit{Span: e.Span, NewText: e.NewText})
	}
	return out
}

func TestFormatTestdataIdempotent(t *testing.T) {
	var paths []string
	root := filepath.Join("..", "..", "testdata")
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && (strings.HasSuffix(p, ".pq") || strings.HasSuffix(p, ".pqm")) {
			paths = append(paths, p)
		}
		return nil
	})
	if len(paths) < 20 {
		t.Fatalf("only %d files found", len(paths))
	}
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text, _, err := document.Decode(raw)
		if err != nil {
			continue
		}
		checkFormat(t, p, string(text))
	}
}

// TestFormatCorpusIdempotent formats every input of the grammar's corpus,
// broken ones included.
func TestFormatCorpusIdempotent(t *testing.T) {
	cases, err := corpus.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		checkFormat(t, c.File+": "+c.Name, string(c.Input))
	}
	if len(cases) < 400 {
		t.Errorf("only %d corpus cases", len(cases))
	}
}

func TestFormatStyle(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"let, one binding per line",
			"section S;\nA = let a=1,b = 2 in a+b;\n",
			"section S;\nA =\n    let\n        a = 1,\n        b = 2\n    in\n        a + b;\n"},
		{"function body let on its own lines",
			"section S;\nshared S.Contents = (optional message as text) => let message = if (message <> null) then message else \"Hello\" in message;\n",
			"section S;\nshared S.Contents = (optional message as text) =>\n    let\n        message = if (message <> null) then message else \"Hello\"\n    in\n        message;\n"},
		{"records and lists stay on one line when they fit",
			"section S;\nA = [ a = 1 , b = { 1 , 2 } ];\n",
			"section S;\nA = [a = 1, b = {1, 2}];\n"},
		{"long calls put one argument per line",
			"section S;\nA = Table.AddColumn(Source, \"A very long column name\", each [Amount] * [Price] * [Quantity], type number);\n",
			"section S;\nA = Table.AddColumn(\n    Source,\n    \"A very long column name\",\n    each [Amount] * [Price] * [Quantity],\n    type number\n);\n"},
		{"a sole record argument hugs the call",
			"section S;\nA = Web.Contents(\"https://example.com/a/very/long/address\", [Headers = [Accept = \"application/json\"], Timeout = #duration(0, 0, 1, 0)]);\nB = F([a = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", b = \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\", c = \"cccccc\"]);\n",
			"section S;\nA = Web.Contents(\n    \"https://example.com/a/very/long/address\",\n    [Headers = [Accept = \"application/json\"], Timeout = #duration(0, 0, 1, 0)]\n);\nB = F([\n    a = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\n    b = \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\n    c = \"cccccc\"\n]);\n"},
		{"if/else if chains break together",
			"section S;\nA = (x) => if x = 1 then \"one one one one one one one\" else if x = 2 then \"two two two two two\" else \"many\";\n",
			"section S;\nA = (x) =>\n    if x = 1 then\n        \"one one one one one one one\"\n    else if x = 2 then\n        \"two two two two two\"\n    else\n        \"many\";\n"},
		{"comments are kept, trailing blanks go",
			"section S; // the section   \n\n\n/* about A */\nA = 1 /* one */ + // two\n  2;\n// the end\n",
			"section S; // the section\n\n/* about A */\nA =\n    1 /* one */ + // two\n    2;\n// the end\n"},
		{"attributes on their own line, operators spaced",
			"[Version=\"1.0.0\"] section S;\n[DataSource.Kind=\"S\"] shared S.Contents=(x as number)as number=>-x*2+@S.Contents(x-1);\n",
			"[Version = \"1.0.0\"]\nsection S;\n[DataSource.Kind = \"S\"]\nshared S.Contents = (x as number) as number => -x * 2 + @S.Contents(x - 1);\n"},
		{"types, each, try, not, ranges",
			"section S;\nA = type table [a = nullable text, optional b = number, ...];\nB = each not [a] and try x otherwise {1..3};\n",
			"section S;\nA = type table [a = nullable text, optional b = number, ...];\nB = each not [a] and try x otherwise {1..3};\n"},
		{"CRLF and tabs",
			"section S;\r\nA = let a = 1 in a;\r\n",
			"section S;\r\nA =\r\n\tlet\r\n\t\ta = 1\r\n\tin\r\n\t\ta;\r\n"},
	} {
		opts := FormatOptions{}
		if strings.Contains(c.name, "tabs") {
			opts.UseTabs = true
		}
		got := FormatText(parse(c.in), opts)
		if got != c.want {
			t.Errorf("%s:\n--- got\n%s\n--- want\n%s", c.name, got, c.want)
		}
		checkFormat(t, c.name, c.in)
	}
}

func TestFormatLeavesBrokenMembers(t *testing.T) {
	in := "section S;\nA=1;\nB = let x =  1 x;\nC  =  [a=1,b=2];\n"
	want := "section S;\nA = 1;\nB = let x =  1 x;\nC = [a = 1, b = 2];\n"
	if got := FormatText(parse(in), FormatOptions{}); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// An expression document with an error stays as written.
	if got := FormatText(parse("let a =  1, in a"), FormatOptions{}); got != "let a =  1, in a" {
		t.Errorf("broken module: %q", got)
	}
}

func TestFormatRange(t *testing.T) {
	in := "section S;\nA  =  1;\nB  =  [a=1,b=2];\nC  =  2;\n"
	f := parse(in)
	start := strings.Index(in, "B")
	edits := FormatRange(f, document.Span{Start: start, End: strings.Index(in, "C")}, FormatOptions{})
	got, err := document.ApplyEdits(f.Text(), toTextEdits(edits))
	if err != nil {
		t.Fatal(err)
	}
	want := "section S;\nA  =  1;\nB = [a = 1, b = 2];\nC  =  2;\n"
	if string(got) != want {
		t.Errorf("range format:\n%s\nwant:\n%s", got, want)
	}
	for _, e := range edits {
		if strings.TrimSpace(e.NewText) != "" || strings.TrimSpace(in[e.Span.Start:e.Span.End]) != "" {
			t.Errorf("edit %+v touches more than blanks", e)
		}
	}
}
