package ide

import (
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/model/modeltest"
)

// cursor builds a connector from src with `|` marking the cursor, and
// returns the snapshot and the cursor's offset. Extra files are added as
// they are.
func cursor(t *testing.T, src string, extra map[string]string) (*Snapshot, int) {
	t.Helper()
	off := strings.Index(src, "|")
	if off < 0 {
		t.Fatal("no | in source")
	}
	files := map[string]string{"main": src[:off] + src[off+1:]}
	for k, v := range extra {
		files[k] = v
	}
	return NewSnapshot(modeltest.Build(t, files), nil), off
}

func labels(l *CompletionList) map[string]CompletionItem {
	out := map[string]CompletionItem{}
	for _, it := range l.Items {
		out[it.Label] = it
	}
	return out
}

func complete(t *testing.T, src string, extra map[string]string) map[string]CompletionItem {
	t.Helper()
	s, off := cursor(t, src, extra)
	return labels(s.Complete(s.Main(), off))
}

func wantItems(t *testing.T, got map[string]CompletionItem, want ...string) {
	t.Helper()
	for _, w := range want {
		if _, ok := got[w]; !ok {
			var have []string
			for k := range got {
				have = append(have, k)
			}
			if len(have) > 30 {
				have = have[:30]
			}
			t.Errorf("missing %q; have %v", w, have)
		}
	}
}

func noItems(t *testing.T, got map[string]CompletionItem, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if _, ok := got[w]; ok {
			t.Errorf("unexpected %q", w)
		}
	}
}

func TestCompleteNamesInScope(t *testing.T) {
	got := complete(t, `section S;
Helper = (x) => x;
shared S.Contents = (url as text, optional limit as number) =>
    let
        base = url,
        rows = Table.SelectRows(base, each |)
    in
        rows;
`, nil)
	wantItems(t, got, "url", "limit", "base", "_", "Helper", "S.Contents", "Table", "#date")
	noItems(t, got, "rows") // a binding does not see itself
	if got["Helper"].Kind != CompleteFunction || got["Helper"].Detail != "Helper(x)" {
		t.Errorf("Helper: %+v", got["Helper"])
	}
	if got["base"].SortText >= got["Helper"].SortText || got["Helper"].SortText >= got["Table"].SortText {
		t.Errorf("locals should sort before members before the library: %q %q %q", got["base"].SortText, got["Helper"].SortText, got["Table"].SortText)
	}
}

func TestCompleteDottedPrefix(t *testing.T) {
	s, off := cursor(t, "section S;\nA = Table.Sel|;\n", nil)
	l := s.Complete(s.Main(), off)
	got := labels(l)
	wantItems(t, got, "Table.SelectRows", "Table.SelectColumns")
	noItems(t, got, "Text.Select", "List.Select")
	it := got["Table.SelectRows"]
	if !strings.HasPrefix(it.Detail, "Table.SelectRows(table as table, condition as function)") {
		t.Errorf("detail %q", it.Detail)
	}
	if it.Replace.Start != strings.Index(string(s.Main().Text()), "Table.Sel") || it.Replace.End != off {
		t.Errorf("replace %v", it.Replace)
	}
	if !l.Incomplete {
		t.Error("name lists depend on the prefix and must be incomplete")
	}
	// After "Table." with nothing more: every Table function, and only those.
	got = complete(t, "section S;\nA = Table.|\nB = 1;\n", nil)
	wantItems(t, got, "Table.AddColumn", "Table.ToRecords")
	for name := range got {
		if !strings.HasPrefix(name, "Table.") {
			t.Errorf("unexpected %q after Table.", name)
		}
	}
	// A segment matches too: "AddCol" finds Table.AddColumn.
	wantItems(t, complete(t, "section S;\nA = AddCol|;\n", nil), "Table.AddColumn")
}

func TestCompleteKeywordsAndNothingInComments(t *testing.T) {
	wantItems(t, complete(t, "section S;\nA = le|;\n", nil), "let")
	if got := complete(t, "section S;\n// Tab|\nA = 1;\n", nil); len(got) != 0 {
		t.Errorf("completion in a comment: %v", got)
	}
	if got := complete(t, "section S;\nA = \"Tab|\";\n", nil); len(got) != 0 {
		t.Errorf("completion in text: %v", got)
	}
}

func TestCompleteOptionFields(t *testing.T) {
	got := complete(t, "section S;\nA = Web.Contents(\"https://x\", [|]);\n", nil)
	wantItems(t, got, "Headers", "Query", "RelativePath", "ManualStatusHandling", "Timeout", "ManualCredentials")
	noItems(t, got, "Table.AddColumn")
	if it := got["Headers"]; !it.Snippet || it.InsertText != "Headers = $0" || it.Kind != CompleteField {
		t.Errorf("Headers item: %+v", it)
	}
	// Fields already there are not proposed again; the prefix filters.
	got = complete(t, "section S;\nA = Web.Contents(\"https://x\", [Headers = [], Re|]);\n", nil)
	wantItems(t, got, "RelativePath")
	noItems(t, got, "Headers", "Query")
	// While the record is still open and the call unclosed.
	wantItems(t, complete(t, "section S;\nA = Web.Contents(\"https://x\", [Headers = [], |\n", nil), "Query", "Timeout")
	// A field's value is an expression, not a field name.
	got = complete(t, "section S;\nA = Web.Contents(\"https://x\", [Timeout = #dur|]);\n", nil)
	wantItems(t, got, "#duration")
	noItems(t, got, "Query")
}

func TestCompleteFieldAccess(t *testing.T) {
	got := complete(t, `section S;
Config = [BaseUrl = "https://x", PageSize = 100];
A = Config[|];
`, nil)
	wantItems(t, got, "BaseUrl", "PageSize")
	got = complete(t, "section S;\nA = Extension.CurrentCredential()[|];\n", nil)
	wantItems(t, got, "access_token", "Key", "Username", "Password")
}

const kindConnector = `[Version = "1.0.0"]
section Demo;

[DataSource.Kind = "Demo", Publish = "Demo.Publish"]
shared Demo.Contents = (url as text) => Web.Contents(url);
`

func TestCompleteConnectorRecords(t *testing.T) {
	got := complete(t, kindConnector+"Demo = [|];\n", nil)
	wantItems(t, got, "Authentication", "Label", "TestConnection", "SupportsEncryption")
	if it := got["TestConnection"]; it.InsertText != `TestConnection = (dataSourcePath) => {"Demo.Contents", dataSourcePath}$0` {
		t.Errorf("TestConnection insert %q", it.InsertText)
	}
	wantItems(t, complete(t, kindConnector+"Demo = [Authentication = [|]];\n", nil), "OAuth", "Key", "Anonymous", "UsernamePassword", "Aad")
	wantItems(t, complete(t, kindConnector+"Demo = [Authentication = [OAuth = [|]]];\n", nil), "StartLogin", "FinishLogin", "Refresh", "Logout")
	got = complete(t, kindConnector+"Demo.Publish = [Beta = true, |];\n", nil)
	wantItems(t, got, "Category", "ButtonText", "LearnMoreUrl", "SourceImage", "SourceTypeImage")
	noItems(t, got, "Beta")
	wantItems(t, complete(t, kindConnector+"Demo.Publish = [SourceImage = [|]];\n", nil), "Icon16", "Icon32")
	wantItems(t, complete(t, kindConnector+"Demo.Publish = [SourceImage = Demo.Icons];\nDemo.Icons = [|];\n", nil), "Icon16", "Icon32")
}

func TestCompleteDocumentationMetadata(t *testing.T) {
	got := complete(t, "section S;\nT = type function (url as (type text meta [|])) as table;\n", nil)
	wantItems(t, got, "Documentation.FieldCaption", "Documentation.FieldDescription", "Documentation.SampleValues", "DataSource.Path")
	noItems(t, got, "Documentation.LongDescription")
	got = complete(t, "section S;\nT = type function (url as text) as table meta [|];\n", nil)
	wantItems(t, got, "Documentation.Name", "Documentation.LongDescription", "Documentation.Examples")
	noItems(t, got, "Documentation.FieldCaption")
	wantItems(t, complete(t, "section S;\nT = type function (url as text) as table meta [Documentation.Examples = {[|]}];\n", nil), "Description", "Code", "Result")
}

func TestCompleteResourceKeys(t *testing.T) {
	resx := `<?xml version="1.0" encoding="utf-8"?>
<root>
  <data name="ButtonTitle" xml:space="preserve"><value>Démo</value></data>
  <data name="ButtonHelp" xml:space="preserve"><value>Connect to Demo</value></data>
</root>
`
	s, off := cursor(t, "section S;\nA = Extension.LoadString(\"Bu|\");\n", map[string]string{"resources.resx": resx})
	l := s.Complete(s.Main(), off)
	got := labels(l)
	wantItems(t, got, "ButtonTitle", "ButtonHelp")
	it := got["ButtonTitle"]
	if it.Detail != "Démo" || it.Replace.Start != strings.Index(string(s.Main().Text()), `"Bu`)+1 || it.Replace.End != off {
		t.Errorf("item %+v", it)
	}
	// Unterminated, as while typing.
	wantItems(t, complete(t, "section S;\nA = Extension.LoadString(\"|\nB = 1;\n", map[string]string{"resources.resx": resx}), "ButtonHelp")
	// Through the connector's own loader.
	wantItems(t, complete(t, "section S;\nStr = (key as text) => Extension.LoadString(key);\nA = Str(\"|\");\n", map[string]string{"resources.resx": resx}), "ButtonTitle")
	// Another function's text is no key.
	if got := complete(t, "section S;\nA = Text.Upper(\"|\");\n", map[string]string{"resources.resx": resx}); len(got) != 0 {
		t.Errorf("keys in Text.Upper: %v", got)
	}
}

func TestCompleteSnippetsAtMemberStart(t *testing.T) {
	got := complete(t, "section Demo;\n\n|", nil)
	wantItems(t, got, "data source function with documentation", "kind record with TestConnection", "publish record", "icons record", "navigation table", "shared")
	it := got["publish record"]
	if !it.Snippet || !strings.HasPrefix(it.InsertText, "${1:Demo}.Publish = [") {
		t.Errorf("publish snippet %q", it.InsertText)
	}
	// Pieces the connector has are not proposed again.
	got = complete(t, kindConnector+"Demo.Publish = [Beta = true];\n|", nil)
	noItems(t, got, "publish record", "data source function with documentation")
	wantItems(t, got, "icons record", "kind record with TestConnection")
}
