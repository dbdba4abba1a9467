package resources_test

import (
	"os"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/resx"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/resources"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

func one(r *rules.Rule) []*rules.Rule { return []*rules.Rule{r} }

// resxOf returns a resources.resx holding the entries (name, value pairs),
// each <data> on its own line so that want comments can follow it.
func resxOf(entries ...string) string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n")
	b.WriteString("  <resheader name=\"resmimetype\">\n    <value>text/microsoft-resx</value>\n  </resheader>\n")
	for i := 0; i+1 < len(entries); i += 2 {
		b.WriteString("  <data name=\"" + entries[i] + "\" xml:space=\"preserve\">\n    <value>" + entries[i+1] + "</value>\n  </data>\n")
	}
	b.WriteString("</root>\n")
	return b.String()
}

// applyFirstFix applies the first fix of the finding of rule r that starts
// on the line holding marker, and returns the changed files by name.
func applyFirstFix(t *testing.T, dir string, r *rules.Rule, marker string) map[string]string {
	t.Helper()
	m, fs := ruletest.Findings(t, dir, one(r))
	for _, f := range fs {
		text := readText(t, m.Connector.Dir, f.File)
		lineStart := strings.LastIndexByte(text[:f.Span.Start], '\n') + 1
		lineEnd := strings.IndexByte(text[f.Span.Start:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text) - f.Span.Start
		}
		if !strings.Contains(text[lineStart:f.Span.Start+lineEnd], marker) || len(f.Fixes) == 0 {
			continue
		}
		return ruletest.ApplyFix(t, m, f.Fixes[0])
	}
	t.Fatalf("no finding with a fix on the line of %q: %v", marker, fs)
	return nil
}

// readText reads a file as the workspace decodes it (without a BOM).
func readText(t *testing.T, dir, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(string(raw), "\uFEFF")
}

// -- PQC401 --

func TestHardcodedUserString(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = Value.ReplaceType(Impl, Type);
Type = type function (
    url as (Uri.Type meta [
        Documentation.FieldCaption = "Site address", // want PQC401 "Documentation.FieldCaption"
        Documentation.FieldDescription = Extension.LoadString("UrlDescription"),
        Documentation.SampleValues = {"https://contoso.com"},
        Documentation.AllowedValues = {"a", "b"}
    ]))
    as table meta [
        Documentation.Name = "Contoso", // want PQC401 "Documentation.Name"
        Documentation.LongDescription = Extension.LoadString("FunctionDescription"),
        Documentation.Examples = {[
            Description = "Lists the tables", // want PQC401 "example"
            Code = "K.Contents(""https://contoso.com"")",
            Result = "#table({""Name""}, {})"
        ]}
    ];
Impl = (url as text) => 1;
K = [
    Authentication = [
        UsernamePassword = [
            UsernameLabel = "User", // want PQC401 "UsernameLabel"
            PasswordLabel = Extension.LoadString("PasswordLabel"),
            Label = "Basic" // want PQC401 "UsernamePassword authentication"
        ],
        Windows = []
    ],
    Label = "" // empty: nothing to translate
];
K.Publish = [
    Beta = true,
    ButtonText = {Title, "Import from Contoso"} // want PQC401 "tooltip"
];
Title = "Contoso"; // want PQC401 "name in"
-- resources.resx --
`+resxOf("UrlDescription", "x", "FunctionDescription", "x", "PasswordLabel", "x")), one(resources.HardcodedUserString))
}

// The fix moves the text into resources.resx under a new key, in one fix
// over both files.
func TestHardcodedUserStringFix(t *testing.T) {
	dir := ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K"]
shared K.Contents = () => 1;
K = [Authentication = [Anonymous = []], Label = "Contoso ""Desk"" & Co"];
-- resources.resx --
`+resxOf("DataSourceLabel", "taken"))
	fixed := applyFirstFix(t, dir, resources.HardcodedUserString, "Label =")
	if got := fixed["K.pq"]; !strings.Contains(got, `Label = Extension.LoadString("DataSourceLabel2")]`) {
		t.Errorf("K.pq after the fix:\n%s", got)
	}
	f := resx.Parse([]byte(fixed["resources.resx"]))
	if e, ok := f.Lookup("DataSourceLabel2"); f.Err != nil || !ok || e.Value != `Contoso "Desk" & Co` {
		t.Errorf("resources.resx after the fix (%v):\n%s", f.Err, fixed["resources.resx"])
	}
}

// Two texts of one authentication record that want the same key (the
// Key kind's Label wants KeyLabel, and so does its KeyLabel field) get it in
// source order, the same on every run: the fields come from a map.
func TestHardcodedUserStringKeysInSourceOrder(t *testing.T) {
	dir := ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K"]
shared K.Contents = () => 1;
K = [Authentication = [Key = [Label = "API key", KeyLabel = "Token"]]];
-- resources.resx --
`+resxOf())
	for run := 0; run < 20; run++ {
		_, fs := ruletest.Findings(t, dir, one(resources.HardcodedUserString))
		var titles []string
		for _, f := range fs {
			for _, fx := range f.Fixes {
				titles = append(titles, fx.Title)
			}
		}
		want := "Move the text into resources.resx as `KeyLabel` Move the text into resources.resx as `KeyLabel2`"
		if got := strings.Join(titles, " "); got != want {
			t.Fatalf("run %d: fixes %q, want %q", run, got, want)
		}
	}
}

// Without resources.resx the fix creates it.
func TestHardcodedUserStringFixCreatesResx(t *testing.T) {
	dir := ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;
K.Publish = [ButtonText = {"Contoso"}];
`)
	fixed := applyFirstFix(t, dir, resources.HardcodedUserString, "ButtonText")
	if got := fixed["K.pq"]; !strings.Contains(got, `ButtonText = {Extension.LoadString("ButtonTitle")}`) {
		t.Errorf("K.pq after the fix:\n%s", got)
	}
	f := resx.Parse([]byte(fixed["resources.resx"]))
	if e, ok := f.Lookup("ButtonTitle"); f.Err != nil || !ok || e.Value != "Contoso" {
		t.Errorf("new resources.resx (%v):\n%s", f.Err, fixed["resources.resx"])
	}
}

// A resources.resx written <root/> gets its first entry.
func TestHardcodedUserStringFixEmptyRoot(t *testing.T) {
	dir := ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K"]
shared K.Contents = () => 1;
K = [Authentication = [Anonymous = []], Label = "Contoso"];
-- resources.resx --
<?xml version="1.0" encoding="utf-8"?>
<root/>
`)
	fixed := applyFirstFix(t, dir, resources.HardcodedUserString, "Label =")
	want := "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n  <data name=\"DataSourceLabel\" xml:space=\"preserve\">\n    <value>Contoso</value>\n  </data>\n</root>\n"
	if got := fixed["resources.resx"]; got != want {
		t.Errorf("resources.resx after the fix:\n%s\nwant:\n%s", got, want)
	}
}

// -- PQC402 --

func TestMissingResourceKey(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
A = Extension.LoadString("Present");
B = Extension.LoadString("Missing"); // want PQC402 "Missing"
// Only in an XML comment, as in the SDK template: not an entry.
C = Extension.LoadString("Commented"); // want PQC402 "Commented"
// Through a wrapper function called with literals.
GetString = (key as text) as text => Extension.LoadString(key);
D = GetString("Present");
E = GetString("Wrapped"); // want PQC402 "Wrapped"
// Through a name bound to the library function.
Load = Extension.LoadString;
F = Load("Aliased"); // want PQC402 "Aliased"
-- Helpers.pqm --
[x = Extension.LoadString("InModule")] // want PQC402 "InModule"
-- resources.resx --
`+"\uFEFF"+strings.ReplaceAll(resxOf("Present", "p"), "</root>", "  <!--\n  <data name=\"Commented\"><value>x</value></data>\n  -->\n</root>")), one(resources.MissingResourceKey))
}

func TestMissingResourceKeyWithoutResx(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
A = Extension.LoadString("Title"); // want PQC402 "no resources.resx"
`), one(resources.MissingResourceKey))
}

// A resources.resx that does not parse is PQC405's alone.
func TestMissingResourceKeyBrokenResx(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
A = Extension.LoadString("Title");
-- resources.resx --
<root><data name="Title"><value>a & b</value></data></root>
`), one(resources.MissingResourceKey))
}

func TestMissingResourceKeyFix(t *testing.T) {
	ruletest.RunWithFixes(t, `
-- K.pq --
section K;
A = {Extension.LoadString("One"), Extension.LoadString("Two"), Extension.LoadString("Three"), Extension.LoadString("One")};
-- resources.resx --
<?xml version="1.0" encoding="utf-8"?>
<root>
  <data name="Zero" xml:space="preserve">
    <value>0</value>
  </data>
</root>
-- @resources.resx --
<?xml version="1.0" encoding="utf-8"?>
<root>
  <data name="Zero" xml:space="preserve">
    <value>0</value>
  </data>
  <data name="One" xml:space="preserve">
    <value>One</value>
  </data>
  <data name="Two" xml:space="preserve">
    <value>Two</value>
  </data>
  <data name="Three" xml:space="preserve">
    <value>Three</value>
  </data>
</root>
`, one(resources.MissingResourceKey))
}

// Without resources.resx, the fix creates it (CRLF, as Visual Studio writes it).
func TestMissingResourceKeyFixCreatesResx(t *testing.T) {
	text, err := resx.Template(resx.NewEntry{Name: "Title", Value: "Title"})
	if err != nil {
		t.Fatal(err)
	}
	ruletest.RunWithFixes(t, `
-- K.pq --
section K;
A = Extension.LoadString("Title");
-- @resources.resx --
`+string(text), one(resources.MissingResourceKey))
}

// -- PQC403 --

func TestURLInResources(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
A = {Extension.LoadString("Docs"), Extension.LoadString("Host"), Extension.LoadString("Example"), Extension.LoadString("Sentence"), Extension.LoadString("Function")};
-- resources.resx --
<root>
  <data name="Docs"><value>https://www.contoso.com/docs</value></data> <!-- want PQC403 "https://www.contoso.com/docs" -->
  <data name="Host"><value> api.contoso.com </value></data> <!-- want PQC403 -->
  <data name="Unused"><value>https://unused.contoso.com</value></data>
  <data name="Example"><value>K.Contents("https://contoso.com")</value></data>
  <data name="Sentence"><value>See https://contoso.com for help</value></data>
  <data name="Function"><value>Contoso.Contents</value></data>
</root>
`), one(resources.URLInResources))
}

func TestURLInResourcesFix(t *testing.T) {
	dir := ruletest.Write(t, `
-- K.pq --
section K;
P = [LearnMoreUrl = Extension.LoadString("Docs"), Other = Extension.LoadString("Docs")];
-- resources.resx --
`+resxOf("Title", "T", "Docs", "https://www.contoso.com/docs"))
	fixed := applyFirstFix(t, dir, resources.URLInResources, "Docs")
	if got := fixed["K.pq"]; !strings.Contains(got, `P = [LearnMoreUrl = "https://www.contoso.com/docs", Other = "https://www.contoso.com/docs"];`) {
		t.Errorf("K.pq after the fix:\n%s", got)
	}
	if got := fixed["resources.resx"]; got != resxOf("Title", "T") {
		t.Errorf("resources.resx after the fix:\n%s", got)
	}
}

// -- PQC404 --

func TestUnusedResourceKey(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
A = Extension.LoadString("Used");
Error = (code as text) => Extension.LoadString("Error" & code);
GetString = (key as text) => Extension.LoadString(key);
B = GetString("Wrapped");
-- resources.resx --
<root>
  <data name="Used"><value>u</value></data>
  <data name="Wrapped"><value>w</value></data>
  <data name="Error404"><value>not found</value></data>
  <data name="Unused"><value>x</value></data> <!-- want PQC404 "Unused" -->
  <data name="Logo" type="System.Drawing.Bitmap, System.Drawing" mimetype="application/x-microsoft.net.object.bytearray.base64"><value>AAAA</value></data>
  <!-- <data name="Commented"><value>x</value></data> -->
</root>
`), one(resources.UnusedResourceKey))
}

// A key that cannot be told makes every entry possibly used.
func TestUnusedResourceKeyDynamic(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
Message = (r as record) => Extension.LoadString(r[key]);
-- resources.resx --
<root>
  <data name="Anything"><value>x</value></data>
</root>
`), one(resources.UnusedResourceKey))
}

func TestUnusedResourceKeyFix(t *testing.T) {
	dir := ruletest.Write(t, `
-- K.pq --
section K;
A = Extension.LoadString("Used");
-- resources.resx --
`+resxOf("Used", "u", "Unused", "x"))
	fixed := applyFirstFix(t, dir, resources.UnusedResourceKey, "Unused")
	if got := fixed["resources.resx"]; got != resxOf("Used", "u") {
		t.Errorf("resources.resx after the fix:\n%s", got)
	}
}

// -- PQC405 --

func TestInvalidResx(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
-- resources.resx --
<root>
  <data name="A"><value>1</value></data>
  <data name="B"><value>a & b</value></data> <!-- want PQC405 "line 3, column 27" -->
</root>
`), one(resources.InvalidResx))
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
-- resources.resx --
<root>
  <data name="A"><value>1</value></data>
  <data name="A"><value>2</value></data> <!-- want PQC405 "first on line 2" -->
  <data name="NoValue"></data> <!-- want PQC405 "no <value>" -->
  <data name="Image" type="System.Byte[], mscorlib"></data>
</root>
`), one(resources.InvalidResx))
}

// A resx with a byte order mark, CRLF line ends and the SDK template's
// commented-out examples is fine.
func TestInvalidResxSDKTemplate(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, "-- K.pq --\nsection K;\n-- resources.resx --\n\uFEFF"+
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<root>\r\n  <!--\r\n    <data name=\"Name1\"><value>this is my long string</value><comment>this is a comment</comment></data>\r\n"+
		"    <data name=\"Color1\" type=\"System.Drawing.Color, System.Drawing\">Blue</data>\r\n  -->\r\n"+
		"  <data name=\"A\" xml:space=\"preserve\">\r\n    <value>1</value>\r\n  </data>\r\n</root>\r\n"), one(resources.InvalidResx))
}
