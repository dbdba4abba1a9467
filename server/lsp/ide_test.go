package lsp_test

import (
	"context"
	"encoding/json"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/lsp"
	"github.com/pqcert/pqcert/server/lsp/lsptest"
)

// This file tests the M language features through the LSP connection, on
// the test connectors and on connectors written here, with positions
// found by regular expressions and given as UTF-16 offsets.

// posAt returns the LSP position of the start of the first submatch of re
// (or of the whole match) in the editor's text of uri.
func posAt(t *testing.T, e *lsptest.Editor, uri, re string) map[string]any {
	t.Helper()
	text := e.Text(uri)
	m := regexp.MustCompile(re).FindStringSubmatchIndex(text)
	if m == nil {
		t.Fatalf("%q not found", re)
	}
	off := m[0]
	if len(m) > 2 && m[2] >= 0 {
		off = m[2]
	}
	p := document.NewMapper([]byte(text)).Position(off)
	return map[string]any{"line": p.Line, "character": p.Character}
}

func at(uri string, pos map[string]any) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos}
}

type lspRange struct {
	Start, End lsptest.Position
}

// slice returns the text of a range of a document.
func slice(t *testing.T, text string, r lspRange) string {
	t.Helper()
	m := document.NewMapper([]byte(text))
	s, err := m.Span(document.Range{
		Start: document.Position{Line: r.Start.Line, Character: r.Start.Character},
		End:   document.Position{Line: r.End.Line, Character: r.End.Character},
	})
	if err != nil {
		t.Fatal(err)
	}
	return text[s.Start:s.End]
}

// openConnector copies a test connector and opens its section document.
func openConnector(t *testing.T, name, file string) (*lsptest.Editor, string, string) {
	t.Helper()
	dir := copyDir(t, filepath.Join("..", "..", "testdata", "connectors", name))
	e := lsptest.Start(t, lsptest.Options{Root: dir})
	uri := e.Open(filepath.Join(dir, file))
	e.Await(uri, "diagnostics", func([]lsptest.Diagnostic) bool { return true })
	return e, uri, dir
}

// unicodeConnector has identifiers and text with characters outside ASCII
// and outside the Basic Multilingual Plane before the positions used.
const unicodeConnector = `[Version = "1.0.0"]
section Grüße;

[DataSource.Kind = "Grüße", Publish = "Grüße.Publish"]
shared Grüße.Contents = (straße as text, optional größe as number) as table =>
    let
        gruß = "😀 日本 " & straße, wert = Text.Replace(gruß, "😀", "ü"), länge = Text.Length(wert)
    in
        #table({"a"}, {{länge}});

Grüße = [TestConnection = (p) => {"Grüße.Contents", p}, Authentication = [Anonymous = []], Label = Extension.LoadString("Label")];
Grüße.Publish = [Beta = true, Category = "Other", ButtonText = {"Grüße", "Grüße"}];
Nutzung = "😀" & Grüße.Contents("x", 1);
`

const unicodeResx = `<?xml version="1.0" encoding="utf-8"?>
<root>
  <data name="Label" xml:space="preserve"><value>Grüße-Quelle</value></data>
</root>
`

func openUnicode(t *testing.T) (*lsptest.Editor, string, string) {
	t.Helper()
	dir := writeConnector(t, map[string]string{"Grüße.pq": unicodeConnector, "resources.resx": unicodeResx})
	e := lsptest.Start(t, lsptest.Options{Root: dir})
	uri := e.Open(filepath.Join(dir, "Grüße.pq"))
	e.Await(uri, "diagnostics", func([]lsptest.Diagnostic) bool { return true })
	return e, uri, dir
}

type hoverResult struct {
	Contents struct {
		Kind, Value string
	}
	Range lspRange
}

func TestIDEHover(t *testing.T) {
	e, uri, _ := openConnector(t, "ContosoDesk", "ContosoDesk.pq")
	var h hoverResult
	if err := e.Call("textDocument/hover", at(uri, posAt(t, e, uri, `(Web)\.Contents\(\n`)), &h); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Web.Contents(url as text, optional options as nullable record) as binary", "(optional, nullable)",
		"category *Accessing data*", "https://learn.microsoft.com/powerquery-m/web-contents"} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("library hover lacks %q:\n%s", want, h.Contents.Value)
		}
	}
	if got := slice(t, e.Text(uri), h.Range); got != "Web.Contents" {
		t.Errorf("hover range covers %q", got)
	}
	// The connector's data source function: signature and documentation
	// metadata, read from resources.resx.
	h = hoverResult{}
	e.Call("textDocument/hover", at(uri, posAt(t, e, uri, `shared (ContosoDesk)\.Contents`)), &h)
	for _, want := range []string{"ContosoDesk.Contents(url as Uri.Type, optional pageSize as nullable number) as table",
		"**Documentation.Name**: \"Contoso Desk\"", "*FieldCaption*: \"Site address\""} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("data source hover lacks %q:\n%s", want, h.Contents.Value)
		}
	}
	// An Extension.LoadString key: the string.
	h = hoverResult{}
	e.Call("textDocument/hover", at(uri, posAt(t, e, uri, `Extension\.LoadString\(("ErrorForbidden")`)), &h)
	if !strings.Contains(h.Contents.Value, "Your Contoso Desk account may not read this") && !strings.Contains(h.Contents.Value, "String `ErrorForbidden`") {
		t.Errorf("resource hover:\n%s", h.Contents.Value)
	}
	// A let binding: where it is defined.
	h = hoverResult{}
	e.Call("textDocument/hover", at(uri, posAt(t, e, uri, `if Uri\.Parts\(url\)\[Scheme\] <> "https"`)), &h)
	h = hoverResult{}
	e.Call("textDocument/hover", at(uri, posAt(t, e, uri, `Table\.AddColumn\(\s*Entities,\s*"Data",\s*each GetEntity\((siteUrl)`)), &h)
	if !strings.Contains(h.Contents.Value, "siteUrl = ValidateSiteUrl(url)") || !strings.Contains(h.Contents.Value, "let binding, defined at line 40 of ContosoDesk.pq") {
		t.Errorf("binding hover:\n%s", h.Contents.Value)
	}
}

func TestIDEHoverCredentialFlowAndUnicode(t *testing.T) {
	dir := writeConnector(t, map[string]string{"Key.pq": `[Version = "1.0.0"]
section Key;

[DataSource.Kind = "Key", Publish = "Key.Publish"]
shared Key.Contents = (url as text) =>
    let
        schlüssel = Extension.CurrentCredential()[Key],
        response = Web.Contents("https://api.example.com/", [Headers = [#"X-Api-Key" = schlüssel], ManualCredentials = true])
    in
        Json.Document(response);

Key = [TestConnection = (p) => {"Key.Contents", p}, Authentication = [Key = []]];
Key.Publish = [Beta = true, Category = "Other"];
`})
	e := lsptest.Start(t, lsptest.Options{Root: dir})
	uri := e.Open(filepath.Join(dir, "Key.pq"))
	e.Await(uri, "diagnostics", func([]lsptest.Diagnostic) bool { return true })
	var h hoverResult
	e.Call("textDocument/hover", at(uri, posAt(t, e, uri, `#"X-Api-Key" = (schlüssel)`)), &h)
	for _, want := range []string{"**Credential-derived**", "`Web.Contents` Headers[X-Api-Key]"} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("credential hover lacks %q:\n%s", want, h.Contents.Value)
		}
	}
	if got := slice(t, e.Text(uri), h.Range); got != "schlüssel" {
		t.Errorf("hover range covers %q", got)
	}

	e, uri, _ = openUnicode(t)
	h = hoverResult{}
	e.Call("textDocument/hover", at(uri, posAt(t, e, uri, `wert = (Text)\.Replace`)), &h)
	if !strings.HasPrefix(h.Contents.Value, "```powerquery\nText.Replace(") || slice(t, e.Text(uri), h.Range) != "Text.Replace" {
		t.Errorf("hover after non-ASCII text: %q over %q", h.Contents.Value, slice(t, e.Text(uri), h.Range))
	}
	h = hoverResult{}
	e.Call("textDocument/hover", at(uri, posAt(t, e, uri, `Text\.Length\((wert)\)`)), &h)
	if !strings.Contains(h.Contents.Value, `wert = Text.Replace(gruß, "😀", "ü")`) {
		t.Errorf("binding hover:\n%s", h.Contents.Value)
	}
}

type completionList struct {
	IsIncomplete bool
	Items        []struct {
		Label, Detail    string
		Kind             int
		InsertTextFormat int
		TextEdit         struct {
			Range   lspRange
			NewText string
		}
	}
}

func (l completionList) item(label string) (int, bool) {
	for i, it := range l.Items {
		if it.Label == label {
			return i, true
		}
	}
	return -1, false
}

func TestIDECompletionWhileTyping(t *testing.T) {
	e, uri, _ := openUnicode(t)
	// Type a dotted prefix after non-ASCII text on the same line; ask at
	// once, before the analysis of the edit can run.
	e.Edit(uri, `länge = Text\.Length\(wert\)`, "länge = Text.Length(wert), z = Table.Sel")
	var l completionList
	if err := e.Call("textDocument/completion", at(uri, posAt(t, e, uri, `z = Table\.Sel()`)), &l); err != nil {
		t.Fatal(err)
	}
	i, ok := l.item("Table.SelectRows")
	if !ok || !l.IsIncomplete {
		t.Fatalf("no Table.SelectRows (incomplete %v, %d items)", l.IsIncomplete, len(l.Items))
	}
	if got := slice(t, e.Text(uri), l.Items[i].TextEdit.Range); got != "Table.Sel" {
		t.Errorf("completion replaces %q", got)
	}
	if _, ok := l.item("Text.Select"); ok {
		t.Error("Text.Select proposed after Table.")
	}
	// Names in scope at the new position.
	e.Edit(uri, `z = Table\.Sel`, "z = wer")
	l = completionList{}
	e.Call("textDocument/completion", at(uri, posAt(t, e, uri, `z = wer()`)), &l)
	if _, ok := l.item("wert"); !ok {
		t.Errorf("wert not proposed: %d items", len(l.Items))
	}
	// Option fields of Web.Contents.
	e.Edit(uri, `z = wer`, `z = Web.Contents(straße, [])`)
	l = completionList{}
	e.Call("textDocument/completion", at(uri, posAt(t, e, uri, `Web\.Contents\(straße, \[()\]`)), &l)
	if i, ok := l.item("RelativePath"); !ok || l.Items[i].InsertTextFormat != 2 {
		t.Errorf("no RelativePath snippet: %+v", l.Items)
	}
	// Resource keys inside Extension.LoadString.
	l = completionList{}
	e.Call("textDocument/completion", at(uri, posAt(t, e, uri, `LoadString\("(L)abel"\)`)), &l)
	if i, ok := l.item("Label"); !ok || l.Items[i].Detail != "Grüße-Quelle" {
		t.Errorf("no resource key Label: %+v", l.Items)
	}
}

func TestIDECompletionSnippetsAndKindRecord(t *testing.T) {
	e, uri, _ := openUnicode(t)
	e.Edit(uri, `Nutzung = "😀" & Grüße.Contents\("x", 1\);\n`, "Nutzung = \"😀\" & Grüße.Contents(\"x\", 1);\nGrüße.Icons = [];\n")
	var l completionList
	e.Call("textDocument/completion", at(uri, posAt(t, e, uri, `Grüße\.Icons = \[()\]`)), &l)
	if _, ok := l.item("Icon16"); ok {
		t.Error("Icon16 proposed in a record no publish record uses")
	}
	text := e.Text(uri)
	end := document.NewMapper([]byte(text)).Position(len(text))
	l = completionList{}
	e.Call("textDocument/completion", at(uri, map[string]any{"line": end.Line, "character": end.Character}), &l)
	i, ok := l.item("navigation table")
	if !ok || !strings.HasPrefix(l.Items[i].TextEdit.NewText, "${1:Grüße}.Navigation = () as table =>") || l.Items[i].InsertTextFormat != 2 {
		t.Errorf("navigation snippet: %+v", l.Items)
	}
	// The connector has these pieces already.
	for _, label := range []string{"publish record", "icons record", "kind record with TestConnection"} {
		if _, ok := l.item(label); ok {
			t.Errorf("%s proposed although the connector has one", label)
		}
	}
}

type signatureHelp struct {
	Signatures []struct {
		Label      string
		Parameters []struct {
			Label [2]int
		}
	}
	ActiveParameter int
}

func TestIDESignatureHelp(t *testing.T) {
	e, uri, _ := openUnicode(t)
	var h signatureHelp
	e.Call("textDocument/signatureHelp", at(uri, posAt(t, e, uri, `Text\.Replace\(gruß, ("😀")`)), &h)
	if len(h.Signatures) != 1 || h.ActiveParameter != 1 || !strings.HasPrefix(h.Signatures[0].Label, "Text.Replace(text as nullable text, old as text") {
		t.Fatalf("signature help %+v", h)
	}
	// The connector's own function, whose parameters have non-ASCII names:
	// offsets are UTF-16 units of the label.
	h = signatureHelp{}
	e.Call("textDocument/signatureHelp", at(uri, posAt(t, e, uri, `Grüße\.Contents\("x", (1)\)`)), &h)
	if len(h.Signatures) != 1 || h.ActiveParameter != 1 {
		t.Fatalf("own signature %+v", h)
	}
	sig := h.Signatures[0]
	units := []rune(sig.Label) // all in the BMP: one unit each
	p := sig.Parameters[1].Label
	if got := string(units[p[0]:p[1]]); got != "optional größe as number" {
		t.Errorf("parameter label %q in %q", got, sig.Label)
	}
}

type location struct {
	URI   string
	Range lspRange
}

func TestIDEDefinitionAcrossModules(t *testing.T) {
	e, uri, dir := openConnector(t, "Litware", "Litware.pq")
	var locs []location
	e.Call("textDocument/definition", at(uri, posAt(t, e, uri, `(Table)\.FromOffsetPages\(\n`)), &locs)
	if len(locs) != 1 || !strings.HasSuffix(locs[0].URI, "Litware.pq") || slice(t, e.Text(uri), locs[0].Range) != "Table.FromOffsetPages" {
		t.Fatalf("definition %+v", locs)
	}
	// Inside the helper module, a name resolves to its own binding.
	mod := e.Open(filepath.Join(dir, "Table.FromOffsetPages.pqm"))
	locs = nil
	e.Call("textDocument/definition", at(mod, posAt(t, e, mod, `Table\.Combine\((pages)\)`)), &locs)
	if len(locs) != 1 || locs[0].URI != mod || slice(t, e.Text(mod), locs[0].Range) != "pages" {
		t.Errorf("definition in module %+v", locs)
	}
	// A resource key goes to resources.resx.
	locs = nil
	e.Call("textDocument/definition", at(uri, posAt(t, e, uri, `LoadString\("(F)unctionName"\)`)), &locs)
	if len(locs) != 1 || !strings.HasSuffix(locs[0].URI, "resources.resx") {
		t.Errorf("definition of a key %+v", locs)
	}
}

func TestIDEReferencesHighlightRename(t *testing.T) {
	e, uri, dir := openUnicode(t)
	var locs []location
	e.Call("textDocument/references", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": posAt(t, e, uri, `shared (Grüße)\.Contents`), "context": map[string]any{"includeDeclaration": true}}, &locs)
	var got []string
	for _, l := range locs {
		got = append(got, slice(t, e.Text(uri), l.Range))
	}
	if strings.Join(got, "|") != `Grüße.Contents|"Grüße.Contents"|Grüße.Contents` {
		t.Errorf("references %q", got)
	}
	var hs []struct {
		Range lspRange
		Kind  int
	}
	e.Call("textDocument/documentHighlight", at(uri, posAt(t, e, uri, `Text\.Length\((wert)\)`)), &hs)
	if len(hs) != 2 || hs[0].Kind != 3 || hs[1].Kind != 2 || slice(t, e.Text(uri), hs[1].Range) != "wert" {
		t.Errorf("highlights %+v", hs)
	}
	// Rename the data source function: references, the TestConnection
	// text; the result is applied as the editor would.
	var prep struct {
		Range       lspRange
		Placeholder string
	}
	if err := e.Call("textDocument/prepareRename", at(uri, posAt(t, e, uri, `shared (Grüße)\.Contents`)), &prep); err != nil || prep.Placeholder != "Grüße.Contents" {
		t.Fatalf("prepareRename: %+v %v", prep, err)
	}
	var edit json.RawMessage
	if err := e.Call("textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": posAt(t, e, uri, `shared (Grüße)\.Contents`), "newName": "Grüße.Feed"}, &edit); err != nil {
		t.Fatal(err)
	}
	if err := e.Apply(edit); err != nil {
		t.Fatal(err)
	}
	text := e.Text(uri)
	if strings.Contains(text, "Grüße.Contents") || strings.Count(text, "Grüße.Feed") != 3 {
		t.Errorf("after rename:\n%s", text)
	}
	// A clash is refused with a message.
	err := e.Call("textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": posAt(t, e, uri, `(wert) = Text`), "newName": "gruß"}, &edit)
	if err == nil || !strings.Contains(err.Error(), "already defines `gruß`") {
		t.Errorf("clash: %v", err)
	}
	_ = dir
}

type docSymbol struct {
	Name     string
	Kind     int
	Range    lspRange
	Children []docSymbol
}

func TestIDESymbols(t *testing.T) {
	e, uri, _ := openConnector(t, "ContosoDesk", "ContosoDesk.pq")
	var syms []docSymbol
	e.Call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri}}, &syms)
	byName := map[string]docSymbol{}
	for _, s := range syms {
		byName[s.Name] = s
	}
	if s := byName["ContosoDeskImpl"]; s.Kind != 12 || len(s.Children) != 4 || s.Children[0].Name != "siteUrl" {
		t.Errorf("ContosoDeskImpl: %+v", s)
	}
	if s := byName["ContosoDesk"]; s.Kind != 23 || len(s.Children) != 2 {
		t.Errorf("kind record: %+v", s)
	}
	if s := byName["Table.ApplySchema"]; s.Kind != 2 {
		t.Errorf("module binding: %+v", s)
	}
	var ws []struct {
		Name          string
		Kind          int
		ContainerName string
		Location      location
	}
	e.Call("workspace/symbol", map[string]any{"query": "tokreq"}, &ws)
	if len(ws) != 1 || ws[0].Name != "TokenRequest" || ws[0].ContainerName != "ContosoDesk" || slice(t, e.Text(uri), ws[0].Location.Range) != "TokenRequest" {
		t.Errorf("workspace symbols %+v", ws)
	}
}

func TestIDEFoldingAndSelection(t *testing.T) {
	e, uri, _ := openUnicode(t)
	var folds []struct {
		StartLine, EndLine int
		Kind               string
	}
	e.Call("textDocument/foldingRange", map[string]any{"textDocument": map[string]any{"uri": uri}}, &folds)
	member := posAt(t, e, uri, `shared Grüße`)["line"].(int)
	found := false
	for _, f := range folds {
		if f.StartLine == member-1 && f.EndLine == member+4 { // from the attributes
			found = true
		}
	}
	if !found {
		t.Errorf("no fold for the data source function at line %d: %+v", member, folds)
	}
	type sel struct {
		Range  lspRange
		Parent *sel
	}
	var sels []sel
	e.Call("textDocument/selectionRange", map[string]any{"textDocument": map[string]any{"uri": uri},
		"positions": []any{posAt(t, e, uri, `Text\.Replace\((gruß)`)}}, &sels)
	if len(sels) != 1 {
		t.Fatalf("selection ranges %+v", sels)
	}
	var got []string
	for s := &sels[0]; s != nil && len(got) < 3; s = s.Parent {
		got = append(got, slice(t, e.Text(uri), s.Range))
	}
	if strings.Join(got, "|") != `gruß|(gruß, "😀", "ü")|Text.Replace(gruß, "😀", "ü")` {
		t.Errorf("selection %q", got)
	}
}

// decodeTokens turns LSP's relative semantic token data into absolute
// positions.
func decodeTokens(data []int) [][5]int {
	var out [][5]int
	line, char := 0, 0
	for i := 0; i+4 < len(data); i += 5 {
		if data[i] > 0 {
			char = 0
		}
		line += data[i]
		char += data[i+1]
		out = append(out, [5]int{line, char, data[i+2], data[i+3], data[i+4]})
	}
	return out
}

func TestIDESemanticTokens(t *testing.T) {
	e, uri, _ := openUnicode(t)
	var res struct{ Data []int }
	if err := e.Call("textDocument/semanticTokens/full", map[string]any{"textDocument": map[string]any{"uri": uri}}, &res); err != nil {
		t.Fatal(err)
	}
	toks := decodeTokens(res.Data)
	text := e.Text(uri)
	typeAt := func(re string) (string, string) {
		p := posAt(t, e, uri, re)
		for _, tk := range toks {
			if tk[0] == p["line"] && tk[1] == p["character"] {
				return []string{"namespace", "type", "parameter", "variable", "property", "enumMember", "function",
						"keyword", "comment", "string", "number", "operator", "decorator"}[tk[3]], slice(t, text, lspRange{
						Start: lsptest.Position{Line: tk[0], Character: tk[1]}, End: lsptest.Position{Line: tk[0], Character: tk[1] + tk[2]}})
			}
		}
		return "", ""
	}
	for _, c := range []struct{ re, typ, text string }{
		{`wert = (Text)\.Replace`, "function", "Text.Replace"},
		{`Text\.Replace\((gruß)`, "variable", "gruß"},
		{`"😀 日本 " & (straße)`, "parameter", "straße"},
		{`(\"😀 日本 \")`, "string", `"😀 日本 "`},
		{`Grüße\.Contents\("x", (1)\)`, "number", "1"},
		{`& (Grüße\.Contents)\("x"`, "function", "Grüße.Contents"},
		{`(let)\n`, "keyword", "let"},
	} {
		if typ, txt := typeAt(c.re); typ != c.typ || txt != c.text {
			t.Errorf("%s: got %s %q, want %s %q", c.re, typ, txt, c.typ, c.text)
		}
	}
	// A range asks for fewer tokens, all inside it.
	line := posAt(t, e, uri, `gruß = `)["line"].(int)
	res.Data = nil
	e.Call("textDocument/semanticTokens/range", map[string]any{"textDocument": map[string]any{"uri": uri},
		"range": map[string]any{"start": map[string]any{"line": line, "character": 0}, "end": map[string]any{"line": line + 1, "character": 0}}}, &res)
	ranged := decodeTokens(res.Data)
	if len(ranged) == 0 || len(ranged) >= len(toks) {
		t.Errorf("range: %d tokens of %d", len(ranged), len(toks))
	}
	for _, tk := range ranged {
		if tk[0] != line {
			t.Errorf("range token on line %d", tk[0])
		}
	}
}

func TestIDEInlayHints(t *testing.T) {
	e, uri, _ := openUnicode(t)
	var hs []struct {
		Position     lsptest.Position
		Label        string
		Kind         int
		PaddingRight bool
	}
	text := e.Text(uri)
	end := document.NewMapper([]byte(text)).Position(len(text))
	e.Call("textDocument/inlayHint", map[string]any{"textDocument": map[string]any{"uri": uri},
		"range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": end.Line, "character": end.Character}}}, &hs)
	var got []string
	for _, h := range hs {
		got = append(got, h.Label+"@"+slice(t, text, lspRange{Start: h.Position, End: lsptest.Position{Line: h.Position.Line, Character: h.Position.Character + 3}}))
	}
	want := `text:@gru|old:@"😀|new:@"ü"|columns:@{"a|rows:@{{l|straße:@"x"|größe:@1);`
	if strings.Join(got, "|") != want {
		t.Errorf("hints %s\nwant  %s", strings.Join(got, "|"), want)
	}
	if len(hs) > 0 && (hs[0].Kind != 2 || !hs[0].PaddingRight) {
		t.Errorf("hint %+v", hs[0])
	}
}

func TestIDEFormatting(t *testing.T) {
	dir := writeConnector(t, map[string]string{"F.pq": "section F;\n// Grüße 😀\nA  =  let x=1 ,y=\"日本\" in x;\nB=[a=1,b=2];\n"})
	e := lsptest.Start(t, lsptest.Options{Root: dir})
	uri := e.Open(filepath.Join(dir, "F.pq"))
	var edits json.RawMessage
	if err := e.Call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": uri},
		"options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits); err != nil {
		t.Fatal(err)
	}
	apply := func(edits json.RawMessage) {
		t.Helper()
		if err := e.Apply(json.RawMessage(`{"changes":{"` + uri + `":` + string(edits) + `}}`)); err != nil {
			t.Fatal(err)
		}
	}
	apply(edits)
	want := "section F;\n// Grüße 😀\nA =\n  let\n    x = 1,\n    y = \"日本\"\n  in\n    x;\nB = [a = 1, b = 2];\n"
	if got := e.Text(uri); got != want {
		t.Fatalf("formatted:\n%s\nwant:\n%s", got, want)
	}
	// Formatting again changes nothing.
	var again []json.RawMessage
	e.Call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": uri},
		"options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &again)
	if len(again) != 0 {
		t.Errorf("second format: %d edits", len(again))
	}
	// A range: only the member in it.
	e.Edit(uri, `B = \[a = 1, b = 2\];`, "B=[a=1,b=2];\nC  =  1;")
	line := posAt(t, e, uri, `B=`)["line"].(int)
	if err := e.Call("textDocument/rangeFormatting", map[string]any{"textDocument": map[string]any{"uri": uri},
		"range":   map[string]any{"start": map[string]any{"line": line, "character": 0}, "end": map[string]any{"line": line, "character": 12}},
		"options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits); err != nil {
		t.Fatal(err)
	}
	apply(edits)
	if got := e.Text(uri); !strings.HasSuffix(got, "B = [a = 1, b = 2];\nC  =  1;\n") {
		t.Errorf("range formatted:\n%s", got)
	}
}

// TestIDECapabilities checks what initialize announces, over a raw
// connection.
func TestIDECapabilities(t *testing.T) {
	serverEnd, clientEnd := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- lsp.Serve(ctx, serverEnd, lsp.Options{}) }()
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd))
	conn.Go(ctx, jsonrpc2.MethodNotFoundHandler)
	defer func() {
		conn.Close()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("server did not stop")
		}
	}()
	var res struct {
		Capabilities map[string]json.RawMessage
	}
	if _, err := conn.Call(ctx, "initialize", map[string]any{"processId": nil, "capabilities": map[string]any{}}, &res); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"hoverProvider", "completionProvider", "signatureHelpProvider", "definitionProvider",
		"referencesProvider", "documentHighlightProvider", "renameProvider", "documentSymbolProvider",
		"workspaceSymbolProvider", "foldingRangeProvider", "selectionRangeProvider", "semanticTokensProvider",
		"inlayHintProvider", "documentFormattingProvider", "documentRangeFormattingProvider"} {
		if _, ok := res.Capabilities[k]; !ok {
			t.Errorf("capability %s missing", k)
		}
	}
	var st struct {
		Legend struct {
			TokenTypes, TokenModifiers []string
		}
		Full, Range bool
	}
	json.Unmarshal(res.Capabilities["semanticTokensProvider"], &st)
	if len(st.Legend.TokenTypes) != 13 || st.Legend.TokenModifiers[1] != "defaultLibrary" || !st.Full || !st.Range {
		t.Errorf("semantic tokens provider %+v", st)
	}
}

// TestIDEOnTestConnectors runs completion, signature help, semantic tokens,
// rename and formatting on copies of the team's test connectors.
func TestIDEOnTestConnectors(t *testing.T) {
	e, uri, _ := openConnector(t, "Litware", "Litware.pq")
	// Complete an option field in the open options record of a request.
	e.Edit(uri, `ManualStatusHandling = \{404\}`, "ManualStatusHandling = {404},\n                Time")
	var l completionList
	e.Call("textDocument/completion", at(uri, posAt(t, e, uri, `\n                Time()`)), &l)
	if _, ok := l.item("Timeout"); !ok {
		t.Errorf("Timeout not proposed in Web.Contents' options: %d items", len(l.Items))
	}
	if _, ok := l.item("RelativePath"); ok {
		t.Error("RelativePath proposed although the record has it")
	}
	var h signatureHelp
	e.Call("textDocument/signatureHelp", at(uri, posAt(t, e, uri, `Web\.Contents\(\s*(BaseUrl)`)), &h)
	if len(h.Signatures) != 1 || h.ActiveParameter != 0 || !strings.HasPrefix(h.Signatures[0].Label, "Web.Contents(") {
		t.Errorf("signature help %+v", h)
	}

	e, uri, _ = openConnector(t, "ContosoDesk", "ContosoDesk.pq")
	var res struct{ Data []int }
	e.Call("textDocument/semanticTokens/full", map[string]any{"textDocument": map[string]any{"uri": uri}}, &res)
	toks := decodeTokens(res.Data)
	p := posAt(t, e, uri, `RelativePath = (TraceValue)\(`)
	found := false
	for _, tk := range toks {
		if tk[0] == p["line"] && tk[1] == p["character"] {
			found = tk[3] == 6 && tk[4]&2 == 0 // a function, not the library's
		}
	}
	if !found {
		t.Error("TraceValue is not a connector function token")
	}
	// Rename a member used across the section document.
	var edit json.RawMessage
	if err := e.Call("textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": uri},
		"position": posAt(t, e, uri, `(TraceValue) = \(`), "newName": "Trace"}, &edit); err != nil {
		t.Fatal(err)
	}
	if err := e.Apply(edit); err != nil {
		t.Fatal(err)
	}
	if text := e.Text(uri); strings.Contains(text, "TraceValue") || !strings.Contains(text, "\nTrace = (") || !strings.Contains(text, `RelativePath = Trace("ContosoDesk: GET"`) {
		t.Errorf("rename of TraceValue:\n%s", text)
	}
	// Format: comments stay, a second format changes nothing.
	opts := map[string]any{"textDocument": map[string]any{"uri": uri}, "options": map[string]any{"tabSize": 4, "insertSpaces": true}}
	var edits json.RawMessage
	if err := e.Call("textDocument/formatting", opts, &edits); err != nil {
		t.Fatal(err)
	}
	before := e.Text(uri)
	if err := e.Apply(json.RawMessage(`{"changes":{"` + uri + `":` + string(edits) + `}}`)); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Count(e.Text(uri), "//"), strings.Count(before, "//"); got != want {
		t.Errorf("formatting kept %d of %d comments", got, want)
	}
	var again []json.RawMessage
	e.Call("textDocument/formatting", opts, &again)
	if len(again) != 0 {
		t.Errorf("second format: %d edits", len(again))
	}
}
