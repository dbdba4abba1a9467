package submission

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// TestConnectors runs the family over the team's test connectors: the
// compliant ones get no finding, the Bad* ones exactly their want comments.
func TestConnectors(t *testing.T) { ruletest.RunConnectors(t, Rules) }

// writeZip writes a zip archive with the given entries (name -> content).
func writeZip(t *testing.T, path string, entries ...string) {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		f, err := w.Create(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(entries[i+1]))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

const contoso = `
-- Contoso.pq --
[Version = "1.0.0"]
section Contoso; // want PQC605

[DataSource.Kind = "Contoso", Publish = "Contoso.Publish"]
shared Contoso.Database = (server as text) =>
    let
        icon = Extension.Contents("Contoso16.png"),
        helper = Extension.LoadFunction("Helper.pqm")
    in
        Odbc.DataSource([Driver = "Contoso", Server = server]);

Extension.LoadFunction = (fileName as text) =>
    Expression.Evaluate(Text.FromBinary(Extension.Contents(fileName)), #shared);
-- README.md --
# Contoso

1. Install the Contoso ODBC driver from the vendor's site.
2. Open the report: https://contoso.example/report.pbix

-- Contoso.pbix --
placeholder
`

func TestRules(t *testing.T) {
	dir := ruletest.Write(t, contoso)
	// The .mez lacks the module and the icon the code loads; a second
	// archive has a version in its name and a third is not a zip at all.
	writeZip(t, filepath.Join(dir, "Contoso.mez"), "Contoso.pq", "x", "Contoso16.PNG", "x")
	writeZip(t, filepath.Join(dir, "ContosoConnector-1.0.mez"), "Contoso.pq", "x", "Contoso16.png", "x", "Helper.pqm", "x")
	os.WriteFile(filepath.Join(dir, "Broken.mez"), []byte("hello"), 0o644)
	os.WriteFile(filepath.Join(dir, "want.txt"), []byte(
		"Contoso.mez:1 PQC602 \"lacks the file `Helper.pqm`\"\n"+
			"ContosoConnector-1.0.mez:1 PQC601 \"name it `Contoso.mez`\"\n"+
			"Broken.mez:1 PQC601\n"+
			"Broken.mez:1 PQC602 \"not a zip archive (it looks like a text file)\"\n"), 0o644)
	findings := ruletest.Run(t, dir, Rules)
	for _, f := range findings {
		switch f.Rule.Code {
		case "PQC601":
			if strings.HasPrefix(f.Message, "`ContosoConnector") && !strings.Contains(f.Message, `the word "Connector"`) {
				t.Errorf("PQC601 does not name the forbidden word: %s", f.Message)
			}
		case "PQC602":
			if strings.Contains(f.Message, "Helper.pqm") && (len(f.Related) != 1 || !strings.HasSuffix(f.Related[0].File, "Contoso.pq")) {
				t.Errorf("PQC602 related = %+v, want the LoadFunction call", f.Related)
			}
		case "PQC605":
			if len(f.Related) != 1 || !strings.Contains(f.Related[0].Message, "Odbc.DataSource") {
				t.Errorf("PQC605 related = %+v", f.Related)
			}
		}
	}
}

func TestNoDocumentsNoReport(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- Solo.pq --
[Version = "1.0.0"]
section Solo; // want PQC603 PQC604 PQC605 "no testing instructions"

[DataSource.Kind = "Solo"]
shared Solo.Database = () => OleDb.DataSource("Provider=Solo");
-- notes.txt --
not instructions
`), Rules)
}

func TestNotSectionDocument(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- Query.pq --
let x = Odbc.DataSource("dsn=x") in x
`), Rules)
}

func TestDriverLinked(t *testing.T) {
	for name, readme := range map[string]string{
		"same paragraph":   "- Contoso ODBC driver 2.1. Download:\n  https://downloads.contoso.example/odbc.msi\n",
		"markdown link":    "Install [the driver](https://contoso.example/dl).\n",
		"html":             "<p>Get the <a href=\"https://contoso.example/x\">ODBC driver</a></p>",
		"address names it": "See https://contoso.example/odbc-driver/latest\n",
	} {
		t.Run(name, func(t *testing.T) {
			if !linksDriver(readme) {
				t.Errorf("linksDriver(%q) = false", readme)
			}
		})
	}
	for name, readme := range map[string]string{
		"no address":             "Install the ODBC driver from the vendor's site.\n",
		"address elsewhere":      "Install the ODBC driver.\n\nSee https://contoso.example/help for help.\n",
		"address without scheme": "Install the ODBC driver from contoso.example/odbc.\n",
		"other list item":        "1. Install the ODBC driver from the vendor's site.\n2. Open the report: https://contoso.example/r.pbix\n",
	} {
		t.Run(name, func(t *testing.T) {
			if linksDriver(readme) {
				t.Errorf("linksDriver(%q) = true", readme)
			}
		})
	}
}

func TestDocx(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "TestingInstructions.docx")
	writeZip(t, path,
		"word/document.xml", `<w:document><w:body><w:p><w:r><w:t>Install the ODBC driver: </w:t></w:r><w:hyperlink r:id="rId7"><w:r><w:t>download</w:t></w:r></w:hyperlink></w:p><w:p><w:r><w:t>Then test &amp; enjoy.</w:t></w:r></w:p></w:body></w:document>`,
		"word/_rels/document.xml.rels", `<Relationships><Relationship Id="rId7" Type="hyperlink" Target="https://contoso.example/odbc?a=1&amp;b=2" TargetMode="External"/></Relationships>`)
	text, ok := docText(path)
	if !ok {
		t.Fatal("docx not read")
	}
	if !strings.Contains(text, "https://contoso.example/odbc?a=1&b=2") || !strings.Contains(text, "test & enjoy") {
		t.Errorf("docx text = %q", text)
	}
	if !linksDriver(text) {
		t.Errorf("docx link not found in %q", text)
	}
	if _, ok := docText(filepath.Join(dir, "Instructions.pdf")); ok {
		t.Error("a PDF reads as text")
	}
}

func TestDocs(t *testing.T) {
	for _, r := range Rules {
		for _, h := range []string{"What it checks", "Why", "Example", "Use instead", "Fix safety", "Options"} {
			if rules.Section(r.Doc, h) == "" {
				t.Errorf("%s: doc lacks ## %s", r.Code, h)
			}
		}
		if !strings.Contains(r.DocURL(), "/submission/"+strings.ToLower(r.Code)) {
			t.Errorf("%s: DocURL %s", r.Code, r.DocURL())
		}
	}
}
