package ide

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model/modeltest"
	"github.com/pqcert/pqcert/server/syntax"
)

// apply applies edits to the snapshot's files and returns the new texts by
// base name.
func apply(t *testing.T, s *Snapshot, edits []Edit) map[string]string {
	t.Helper()
	byPath := map[string][]document.TextEdit{}
	for _, e := range edits {
		byPath[e.Path] = append(byPath[e.Path], document.TextEdit{Span: e.Span, NewText: e.NewText})
	}
	out := map[string]string{}
	for _, f := range s.Files() {
		p := s.Path(f)
		text, err := document.ApplyEdits(f.Text(), byPath[p])
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = string(text)
	}
	return out
}

func TestSignatureHelp(t *testing.T) {
	s, off := cursor(t, "section S;\nA = Web.Contents(\"https://x\", |);\n", nil)
	h := s.SignatureHelp(s.Main(), off)
	if h == nil {
		t.Fatal("no signature help")
	}
	if h.Label != "Web.Contents(url as text, optional options as nullable record) as binary" || h.ActiveParameter != 1 {
		t.Errorf("help %q active %d", h.Label, h.ActiveParameter)
	}
	if p := h.Params[1]; h.Label[p.Label[0]:p.Label[1]] != "optional options as nullable record" || !strings.Contains(p.Documentation, "`Headers`") {
		t.Errorf("param 1: %q %q", h.Label[p.Label[0]:p.Label[1]], p.Documentation)
	}
	// Inside a nested record, still the call's second argument.
	s, off = cursor(t, "section S;\nA = Web.Contents(\"https://x\", [Headers = [|]]);\n", nil)
	if h := s.SignatureHelp(s.Main(), off); h == nil || h.ActiveParameter != 1 {
		t.Errorf("nested: %+v", h)
	}
	// The connector's own function, while typing (unclosed).
	s, off = cursor(t, "section S;\nGet = (path as text, optional page as number) as record => [];\nA = Get(\"a\", |\n", nil)
	h = s.SignatureHelp(s.Main(), off)
	if h == nil || h.Label != "Get(path as text, optional page as number) as record" || h.ActiveParameter != 1 {
		t.Fatalf("own function: %+v", h)
	}
	if !strings.Contains(h.Documentation, "line 2 of S.pq") {
		t.Errorf("doc %q", h.Documentation)
	}
	// Outside calls, and in comments: nothing.
	s, off = cursor(t, "section S;\nA = |1;\n", nil)
	if h := s.SignatureHelp(s.Main(), off); h != nil {
		t.Errorf("outside a call: %+v", h)
	}
}

func TestDefinitionAcrossModules(t *testing.T) {
	m := modeltest.Build(t, map[string]string{
		"main": `section S;
shared S.Contents = () => Helper(1);
Helper = Extension.LoadFunction("Helper.pqm");
Base = "https://x";
Extension.LoadFunction = (name as text) => Expression.Evaluate(Text.FromBinary(Extension.Contents(name)), #shared);
`,
		"Helper.pqm": "(n as number) => let url = Base in url & Text.From(n)",
	})
	s := NewSnapshot(m, nil)
	mod := s.Files()[1]
	off := strings.Index(string(mod.Text()), "Base")
	locs := s.Definition(mod, off+1)
	if len(locs) != 1 || filepath.Base(locs[0].Path) != "S.pq" || string(s.Main().Text()[locs[0].Span.Start:locs[0].Span.End]) != "Base" {
		t.Fatalf("definition of Base: %+v", locs)
	}
	// A file name of Extension.Contents: the file.
	off = at(t, s, `"Helper.pqm"`, 2)
	if locs := s.Definition(s.Main(), off); len(locs) != 1 || filepath.Base(locs[0].Path) != "Helper.pqm" {
		t.Errorf("definition of the module name: %+v", locs)
	}
	// A let binding inside the module.
	off = strings.LastIndex(string(mod.Text()), "url")
	locs = s.Definition(mod, off)
	if len(locs) != 1 || locs[0].Span.Start != strings.Index(string(mod.Text()), "url") {
		t.Errorf("definition of url: %+v", locs)
	}
}

func TestDefinitionOfResourceKeyAndAttributes(t *testing.T) {
	resx := "<root>\n  <data name=\"Label\"><value>Demo</value></data>\n</root>\n"
	m := modeltest.Build(t, map[string]string{"main": kindConnector + `Demo = [TestConnection = (p) => {"Demo.Contents", p}, Authentication = [Anonymous = []], Label = Extension.LoadString("Label")];
Demo.Publish = [Beta = true];
`, "resources.resx": resx})
	s := NewSnapshot(m, nil)
	locs := s.Definition(s.Main(), at(t, s, `"Label")`, 2))
	if len(locs) != 1 || filepath.Base(locs[0].Path) != "resources.resx" || resx[locs[0].Span.Start:locs[0].Span.End] != "Label" {
		t.Errorf("key: %+v", locs)
	}
	locs = s.Definition(s.Main(), at(t, s, `"Demo.Publish"`, 2))
	if len(locs) != 1 || locs[0].Span.Start != at(t, s, "Demo.Publish = [", 0) {
		t.Errorf("Publish attribute: %+v", locs)
	}
	locs = s.Definition(s.Main(), at(t, s, `{"Demo.Contents"`, 3))
	if len(locs) != 1 || locs[0].Span.Start != at(t, s, "Demo.Contents =", 0) {
		t.Errorf("TestConnection text: %+v", locs)
	}
}

func spans(s *Snapshot, locs []Location) []string {
	var out []string
	for _, l := range locs {
		f := s.File(l.Path)
		line := lineOf(f, l.Span.Start)
		out = append(out, fmt.Sprintf("%s:%03d:%s", filepath.Base(l.Path), line, f.Text()[l.Span.Start:l.Span.End]))
	}
	sort.Strings(out)
	return out
}

func TestReferencesAndHighlights(t *testing.T) {
	m := modeltest.Build(t, map[string]string{
		"main": kindConnector + `Demo = [TestConnection = (p) => {"Demo.Contents", p}, Authentication = [Anonymous = []]];
Demo.Publish = [Beta = true];
Use = Demo.Contents("https://a") & S!Demo.Contents;
`,
		"Helper.pqm": "Demo.Contents(\"https://b\")",
	})
	s := NewSnapshot(m, nil)
	got := spans(s, s.References(s.Main(), at(t, s, "Demo.Contents =", 1), true))
	want := []string{
		"Helper.pqm:001:Demo.Contents",
		"S.pq:005:Demo.Contents",
		"S.pq:006:\"Demo.Contents\"",
		"S.pq:008:Demo.Contents",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("references:\n got %v\nwant %v", got, want)
	}
	if got := s.References(s.Main(), at(t, s, "Demo.Contents =", 1), false); len(got) != 3 {
		t.Errorf("without the declaration: %v", spans(s, got))
	}
	hs := s.Highlights(s.Main(), at(t, s, "Demo.Contents(\"https://a", 0))
	kinds := map[OccurrenceKind]int{}
	for _, h := range hs {
		kinds[h.Kind]++
	}
	if kinds[OccursWrite] != 1 || kinds[OccursRead] != 1 || kinds[OccursText] != 1 {
		t.Errorf("highlights %+v", hs)
	}
}

func TestRenameDataSourceFunction(t *testing.T) {
	src := `[Version = "1.0.0"]
section Demo;

[DataSource.Kind = "Demo", Publish = "Demo.Contents.Publish"]
shared Demo.Contents = (url as text) => Web.Contents(url);
Demo = [TestConnection = (p) => {"Demo.Contents", p}, Authentication = [Anonymous = []]];
Demo.Contents.Publish = [Beta = true];
Use = Demo.Contents("https://a");
`
	m := modeltest.Build(t, map[string]string{"main": src, "Helper.pqm": "Demo.Contents(\"https://b\")"})
	s := NewSnapshot(m, nil)
	edits, err := s.Rename(s.Main(), at(t, s, "Demo.Contents =", 2), "Demo.Feed")
	if err != nil {
		t.Fatal(err)
	}
	got := apply(t, s, edits)
	want := strings.NewReplacer(`"Demo.Contents.Publish"`, `"Demo.Feed.Publish"`, "shared Demo.Contents", "shared Demo.Feed",
		`{"Demo.Contents"`, `{"Demo.Feed"`, "Demo.Contents.Publish =", "Demo.Feed.Publish =", `Demo.Contents("https://a")`, `Demo.Feed("https://a")`).Replace(src)
	if got["S.pq"] != want {
		t.Errorf("S.pq after rename:\n%s\nwant:\n%s", got["S.pq"], want)
	}
	if got["Helper.pqm"] != `Demo.Feed("https://b")` {
		t.Errorf("Helper.pqm after rename: %s", got["Helper.pqm"])
	}
}

func TestRenameQuotesAndRefuses(t *testing.T) {
	src := `section S;
A = let
        size = 1,
        other = 2,
        f = (x) => let inner = 3 in x + size + inner
    in
        f(size);
`
	s := snap(t, src)
	// A name that needs quotes gets them.
	edits, err := s.Rename(s.Main(), at(t, s, "size = 1", 0), "page size")
	if err != nil {
		t.Fatal(err)
	}
	if got := apply(t, s, edits)["S.pq"]; strings.Count(got, `#"page size"`) != 3 {
		t.Errorf("quoted rename:\n%s", got)
	}
	// Typed as a quoted identifier already.
	if edits, err := s.Rename(s.Main(), at(t, s, "size = 1", 0), `#"if"`); err != nil || edits[0].NewText != `#"if"` {
		t.Errorf("quoted input: %v %v", edits, err)
	}
	for _, c := range []struct{ at, to, err string }{
		{"size = 1", "other", "the same let already defines `other`"},
		{"size = 1", "inner", "would refer to the `inner` defined"},
		{"other = 2", "x", ""}, // `x` is used nowhere `other` is in scope… but a parameter named x does not clash
		{"inner = 3", "size", "`size` at line 5 of S.pq refers to the let binding at line 3 of S.pq and would then refer to the renamed `inner`"},
		{"size = 1", `#"bad`, "is not a quoted identifier"},
		{"size = 1", "", "cannot be empty"},
		{"size = 1", "a\nb", "control character"},
	} {
		_, err := s.Rename(s.Main(), at(t, s, c.at, 0), c.to)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("rename %s to %q: %v", c.at, c.to, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("rename %s to %q: got %v, want %q", c.at, c.to, err, c.err)
		}
	}
	if _, _, err := s.PrepareRename(s.Main(), at(t, s, "x + size", 0)); err != nil {
		t.Errorf("prepare on a parameter: %v", err)
	}
	s = snap(t, "section S;\nA = Table.RowCount(#table({}, {}));\nB = [a = 1][a];\n")
	if _, _, err := s.PrepareRename(s.Main(), at(t, s, "Table.RowCount", 1)); err == nil || !strings.Contains(err.Error(), "M library") {
		t.Errorf("library rename: %v", err)
	}
	if _, _, err := s.PrepareRename(s.Main(), at(t, s, "a = 1", 0)); err == nil || !strings.Contains(err.Error(), "record fields") {
		t.Errorf("field rename: %v", err)
	}
}

func TestRenameKindRecordUpdatesAttributes(t *testing.T) {
	s := snap(t, kindConnector+`Demo = [TestConnection = (p) => {"Demo.Contents", p}, Authentication = [Anonymous = []]];
Demo.Publish = [Beta = true];
`)
	edits, err := s.Rename(s.Main(), at(t, s, "Demo = [", 0), "DemoKind")
	if err != nil {
		t.Fatal(err)
	}
	got := apply(t, s, edits)["S.pq"]
	if !strings.Contains(got, `[DataSource.Kind = "DemoKind", Publish = "Demo.Publish"]`) || !strings.Contains(got, "DemoKind = [TestConnection") {
		t.Errorf("after kind rename:\n%s", got)
	}
}

// TestStaleModel checks the features on files newer than the model: what
// the user just typed is seen, the model's facts still help.
func TestStaleModel(t *testing.T) {
	m := modeltest.Build(t, map[string]string{"main": kindConnector + "Helper = (x) => x;\n"})
	path := m.Connector.Main.Path
	typed := kindConnector + "Helper = (x) => x;\nFresh = let newName = 1 in newN;\nUse = Helper(Fresh) & Helper(Fresh);\n"
	f := parse(typed)
	s := NewSnapshot(m, map[string]*syntax.File{path: f})
	if s.Current() || s.Main() != f {
		t.Fatal("the snapshot should hold the typed file and know the model is older")
	}
	off := strings.Index(typed, "in newN") + len("in newN")
	if got := labels(s.Complete(f, off)); got["newName"].Label == "" {
		t.Errorf("a binding typed after the model is not proposed")
	}
	refs := s.References(f, strings.Index(typed, "Fresh ="), true)
	if len(refs) != 3 {
		t.Errorf("references of a new member: %+v", refs)
	}
	if h := s.Hover(f, strings.Index(typed, "Demo.Contents =")); h == nil || !strings.Contains(h.Markdown, "Data source function of kind `Demo`") {
		t.Errorf("hover with the model's facts: %+v", h)
	}
}
