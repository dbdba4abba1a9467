package ide

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model/modeltest"
)

// outline renders symbols as indented lines: `name kind detail`.
func outline(syms []Symbol, depth int, b *strings.Builder) {
	for _, s := range syms {
		fmt.Fprintf(b, "%s%s %d %s\n", strings.Repeat("  ", depth), s.Name, s.Kind, s.Detail)
		outline(s.Children, depth+1, b)
	}
}

func TestDocumentSymbols(t *testing.T) {
	s := snap(t, kindConnector+`Demo = [TestConnection = (p) => {"Demo.Contents", p}, Authentication = [Anonymous = []]];
Demo.Publish = [Beta = true];
Limit = 10;
Impl = (url as text) as table =>
    let
        options = [Timeout = #duration(0, 0, 1, 0), Headers = [Accept = "json"]],
        fetch = (path) => Web.Contents(url & path, options)
    in
        fetch("/");
`)
	var b strings.Builder
	outline(s.DocumentSymbols(s.Main()), 0, &b)
	want := `Demo.Contents 1 shared data source function
Demo 5 data source kind
  TestConnection 1 (p)
  Authentication 5 
    Anonymous 5 
Demo.Publish 5 publish record
  Beta 4 true
Limit 3 10
Impl 1 (url as text) as table
  options 5 
    Timeout 4 
    Headers 5 
      Accept 4 "json"
  fetch 1 (path)
`
	if b.String() != want {
		t.Errorf("outline:\n%s\nwant:\n%s", b.String(), want)
	}
	syms := s.DocumentSymbols(s.Main())
	impl := syms[4]
	text := string(s.Main().Text())
	if text[impl.NameSpan.Start:impl.NameSpan.End] != "Impl" || !strings.HasSuffix(text[impl.Span.Start:impl.Span.End], `fetch("/");`) {
		t.Errorf("Impl spans %+v", impl)
	}
}

func TestWorkspaceSymbols(t *testing.T) {
	m := modeltest.Build(t, map[string]string{"main": kindConnector + "GetPage = 1;\nGetItems = 2;\n", "Helper.pqm": "let pageSize = 10, fetchPage = (p) => p in fetchPage"})
	s := NewSnapshot(m, nil)
	var got []string
	for _, ws := range s.WorkspaceSymbols("gtpg") {
		got = append(got, ws.Name+"@"+ws.Container)
	}
	if strings.Join(got, ",") != "GetPage@Demo" {
		t.Errorf("query gtpg: %v", got)
	}
	got = nil
	for _, ws := range s.WorkspaceSymbols("page") {
		got = append(got, ws.Name+"@"+ws.Container)
	}
	if strings.Join(got, ",") != "GetPage@Demo,fetchPage@Helper.pqm,pageSize@Helper.pqm" {
		t.Errorf("query page: %v", got)
	}
}

func TestFoldingRanges(t *testing.T) {
	src := `section S;

// #region Requests
// One line of a comment run
// and its second line.
A = let
        x = [
            a = 1,
            b = 2
        ],
        y = {1, 2}
    in
        x;
/* a block
   comment */
B = 1;
// #endregion
`
	s := snap(t, src)
	f := s.Main()
	m := f.Doc.Mapper()
	var got []string
	for _, r := range FoldingRanges(f) {
		got = append(got, fmt.Sprintf("%d-%d/%d", m.Position(r.Start).Line+1, m.Position(r.End).Line+1, r.Kind))
	}
	// region 3-17; comments 4-5; member A 6-13 (the let starts on its line
	// too, and the member is the larger); record 7-9 with `]` visible;
	// block comment 14-15.
	want := "3-17/2,4-5/1,6-13/0,7-9/0,14-15/1"
	if strings.Join(got, ",") != want {
		t.Errorf("folds %s, want %s", strings.Join(got, ","), want)
	}
}

func TestSelectionRanges(t *testing.T) {
	s := snap(t, "section S;\nA = f(1, [b = x + 2]);\n")
	f := s.Main()
	text := string(f.Text())
	chains := SelectionRanges(f, []int{at(t, s, "x + 2", 0)})
	var got []string
	for _, sp := range chains[0] {
		got = append(got, text[sp.Start:sp.End])
	}
	want := []string{"x", "x + 2", "b = x + 2", "[b = x + 2]", "(1, [b = x + 2])", "f(1, [b = x + 2])", "A = f(1, [b = x + 2]);", strings.TrimRight(text, "\n"), text}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("selection:\n%q\nwant\n%q", got, want)
	}
}

func TestInlayHints(t *testing.T) {
	s := snap(t, `section S;
Get = (path as text, page as number) => path;
A = Text.Replace("a-b", "-", "+") & Get("x", 2) & Text.Upper("one") & Get(path, page);
path = "p";
page = 1;
`)
	f := s.Main()
	hs := s.InlayHints(f, document.Span{Start: 0, End: len(f.Text())})
	var got []string
	for _, h := range hs {
		got = append(got, h.Label+string(f.Text()[h.Offset]))
	}
	want := `text:"|old:"|new:"|path:"|page:2`
	if strings.Join(got, "|") != want {
		t.Errorf("hints %s, want %s", strings.Join(got, "|"), want)
	}
	// Only the range's arguments.
	start := at(t, s, `Get("x"`, 0)
	hs = s.InlayHints(f, document.Span{Start: start, End: start + len(`Get("x", 2)`)})
	if len(hs) != 2 || hs[0].Label != "path:" {
		t.Errorf("range hints %+v", hs)
	}
}
