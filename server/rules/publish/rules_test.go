package publish_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/publish"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// -- helpers --

// writePNG writes a w×h PNG image.
func writePNG(t *testing.T, path string, w, h int) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeIcons writes the eight icons prefix16.png … prefix64.png into dir.
func writeIcons(t *testing.T, dir, prefix string) {
	t.Helper()
	for _, s := range []int{16, 20, 24, 32, 40, 48, 64} {
		writePNG(t, filepath.Join(dir, prefix+strconv.Itoa(s)+".png"), s, s)
	}
}

func one(r *rules.Rule) []*rules.Rule { return []*rules.Rule{r} }

// fixedText applies the first fix of the only finding of rule r in the
// connector and returns the new texts by name.
func fixedText(t *testing.T, dir string, r *rules.Rule) map[string]string {
	t.Helper()
	m, fs := ruletest.Findings(t, dir, one(r))
	if len(fs) != 1 || len(fs[0].Fixes) == 0 {
		t.Fatalf("want one finding with a fix, got %v", fs)
	}
	return ruletest.ApplyFix(t, m, fs[0].Fixes[0])
}

// kindRecord is a kind record and TestConnection for kind K.
const kindRecord = `
K = [
    TestConnection = (dataSourcePath) => {"K.Contents"},
    Authentication = [Anonymous = []],
    Label = "K"
];
`

// icons is an icons record for kind K.
const icons = `
K.Icons = [
    Icon16 = {Extension.Contents("K16.png"), Extension.Contents("K20.png"), Extension.Contents("K24.png"), Extension.Contents("K32.png")},
    Icon32 = {Extension.Contents("K32.png"), Extension.Contents("K40.png"), Extension.Contents("K48.png"), Extension.Contents("K64.png")}
];
`

// -- PQC301 --

func TestMissingPublish(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
[Version = "1.0.0"]
section K;

[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;

// A helper of the published kind without Publish is normal.
[DataSource.Kind = "K"]
shared K.Raw = () => 1;

[DataSource.Kind = "Legacy"]
shared Legacy.Feed = () => 1;

[DataSource.Kind = "Gov", Publish = "Gov.Publish"] // want PQC301 "has no member"
shared Gov.Contents = () => 1;

Legacy = [Authentication = [Anonymous = []]]; // want PQC301 "Legacy.Feed"
Gov = [Authentication = [Anonymous = []]];
K = [Authentication = [Anonymous = []]];
K.Publish = [Beta = true];
`), one(publish.MissingPublish))
}

func TestMissingPublishWithoutKindRecord(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K"] // want PQC301
shared K.Contents = () => 1;
`), one(publish.MissingPublish))
}

func TestMissingPublishFix(t *testing.T) {
	ruletest.RunWithFixes(t, `
-- K.pq --
section K;

[DataSource.Kind = "K"]
shared K.Contents = () => 1;

K = [
    Authentication = [Anonymous = []]
];

// end
-- @K.pq --
section K;

[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;

K = [
    Authentication = [Anonymous = []]
];

K.Publish = [
    Beta = true,
    Category = "Other",
    ButtonText = {"K", "Connect to K"},
    SourceImage = K.Icons,
    SourceTypeImage = K.Icons
];

K.Icons = [
    Icon16 = {Extension.Contents("K16.png"), Extension.Contents("K20.png"), Extension.Contents("K24.png"), Extension.Contents("K32.png")},
    Icon32 = {Extension.Contents("K32.png"), Extension.Contents("K40.png"), Extension.Contents("K48.png"), Extension.Contents("K64.png")}
];

// end
`, one(publish.MissingPublish))
}

// A Publish attribute naming a missing record gets the record; an icons
// record of the name the skeleton uses is reused.
func TestMissingPublishFixNamedRecord(t *testing.T) {
	ruletest.RunWithFixes(t, "-- K.pq --\r\n"+
		"section K;\r\n"+
		"[DataSource.Kind = \"K\", Publish = \"K.Publish\"]\r\n"+
		"shared K.Contents = () => 1;\r\n"+
		"K.Icons = [Icon16 = {}, Icon32 = {}];\r\n"+
		"-- @K.pq --\r\n"+
		"section K;\r\n"+
		"[DataSource.Kind = \"K\", Publish = \"K.Publish\"]\r\n"+
		"shared K.Contents = () => 1;\r\n"+
		"\r\n"+
		"K.Publish = [\r\n"+
		"    Beta = true,\r\n"+
		"    Category = \"Other\",\r\n"+
		"    ButtonText = {\"K\", \"Connect to K\"},\r\n"+
		"    SourceImage = K.Icons,\r\n"+
		"    SourceTypeImage = K.Icons\r\n"+
		"];\r\n"+
		"K.Icons = [Icon16 = {}, Icon32 = {}];\r\n",
		one(publish.MissingPublish))
}

// -- PQC302 --

func TestBetaNotSet(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;
[DataSource.Kind = "L", Publish = "L.Publish"]
shared L.Contents = () => 1;
[DataSource.Kind = "M", Publish = "M.Publish"]
shared M.Contents = () => 1;
[DataSource.Kind = "N", Publish = "N.Publish"]
shared N.Contents = () => 1;
[DataSource.Kind = "O", Publish = "O.Publish"]
shared O.Contents = () => 1;
[DataSource.Kind = "P", Publish = "P.Publish"]
shared P.Contents = () => 1;

K.Publish = [ // want PQC302 "has no"
    Category = "Other"
];
L.Publish = [
    Beta = false, // want PQC302 "Beta = false"
    Category = "Other"
];
M.Publish = [Beta = true];
// A flag member that says false is reported at the field.
IsBeta = false;
N.Publish = [Beta = IsBeta]; // want PQC302
// Computed flags and merged records are left alone.
O.Publish = [Beta = Text.Length("x") > 0];
Common = [Beta = true];
P.Publish = Common & [Category = "Other"];
`), one(publish.BetaNotSet))
}

func TestBetaNotSetInitialRelease(t *testing.T) {
	archive := `
-- K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;
K.Publish = [Beta = false]; // want PQC302
`
	dir := ruletest.Write(t, archive+"-- .pqcert.json --\n{\"initialRelease\": true}\n")
	ruletest.Run(t, dir, one(publish.BetaNotSet))
	_, fs := ruletest.Findings(t, dir, one(publish.BetaNotSet))
	if len(fs) != 1 || fs[0].Severity != rules.Error || !strings.Contains(fs[0].Message, "initial release") {
		t.Errorf("initialRelease: want one error, got %v", fs)
	}
	// Without the setting, a warning.
	_, fs = ruletest.Findings(t, ruletest.Write(t, archive), one(publish.BetaNotSet))
	if len(fs) != 1 || fs[0].Severity != rules.Warning {
		t.Errorf("default: want one warning, got %v", fs)
	}
	// An update of a certified connector may drop the flag.
	dir = ruletest.Write(t, strings.ReplaceAll(archive, "// want PQC302", "")+"-- .pqcert.json --\n{\"initialRelease\": false}\n")
	ruletest.Run(t, dir, one(publish.BetaNotSet))
}

func TestBetaNotSetFix(t *testing.T) {
	ruletest.RunWithFixes(t, `
-- K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;
[DataSource.Kind = "L", Publish = "L.Publish"]
shared L.Contents = () => 1;
[DataSource.Kind = "M", Publish = "M.Publish"]
shared M.Contents = () => 1;
[DataSource.Kind = "N", Publish = "N.Publish"]
shared N.Contents = () => 1;
K.Publish = [
    // Where it shows.
    Category = "Other",
    ButtonText = {"K"}
];
L.Publish = [Category = "Other"];
M.Publish = [];
N.Publish = [Beta = false, Category = "Other"];
-- @K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;
[DataSource.Kind = "L", Publish = "L.Publish"]
shared L.Contents = () => 1;
[DataSource.Kind = "M", Publish = "M.Publish"]
shared M.Contents = () => 1;
[DataSource.Kind = "N", Publish = "N.Publish"]
shared N.Contents = () => 1;
K.Publish = [
    // Where it shows.
    Beta = true,
    Category = "Other",
    ButtonText = {"K"}
];
L.Publish = [Beta = true, Category = "Other"];
M.Publish = [Beta = true];
N.Publish = [Beta = true, Category = "Other"];
`, one(publish.BetaNotSet))
}

// -- PQC303 --

func TestMissingIcons(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;
[DataSource.Kind = "L", Publish = "L.Publish"]
shared L.Contents = () => 1;
[DataSource.Kind = "M", Publish = "M.Publish"]
shared M.Contents = () => 1;
[DataSource.Kind = "N", Publish = "N.Publish"]
shared N.Contents = () => 1;
[DataSource.Kind = "O", Publish = "O.Publish"]
shared O.Contents = () => 1;

K.Publish = [Beta = true, SourceImage = K.Icons, SourceTypeImage = K.Icons];
L.Publish = [Beta = true, SourceImage = K.Icons]; // want PQC303 "SourceTypeImage"
M.Publish = [Beta = true]; // want PQC303 "neither"
N.Publish = [Beta = true, SourceImage = Short, SourceTypeImage = "N.png"]; // want PQC303 "not a record"
// Built by a function: left alone.
O.Publish = [Beta = true, SourceImage = MakeIcons("O"), SourceTypeImage = MakeIcons("O")];
MakeIcons = (name as text) as record => [Icon16 = {}, Icon32 = {}];
`+icons+`
Short = [ // want PQC303 "Icon32"
    Icon16 = {Extension.Contents("N16.png"), "N20.png", Extension.Contents("N24.png")} // want PQC303 "has 3 images" PQC303 "not an image"
];
`), one(publish.MissingIcons))
}

func TestMissingIconsFix(t *testing.T) {
	ruletest.RunWithFixes(t, `
-- K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;
[DataSource.Kind = "L", Publish = "L.Publish"]
shared L.Contents = () => 1;
K.Publish = [
    Beta = true,
    SourceTypeImage = K.Icons
];
L.Publish = [Beta = true];
`+icons+`
-- @K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;
[DataSource.Kind = "L", Publish = "L.Publish"]
shared L.Contents = () => 1;
K.Publish = [
    Beta = true,
    SourceTypeImage = K.Icons,
    SourceImage = K.Icons
];
L.Publish = [Beta = true, SourceImage = L.Icons, SourceTypeImage = L.Icons];

L.Icons = [
    Icon16 = {Extension.Contents("L16.png"), Extension.Contents("L20.png"), Extension.Contents("L24.png"), Extension.Contents("L32.png")},
    Icon32 = {Extension.Contents("L32.png"), Extension.Contents("L40.png"), Extension.Contents("L48.png"), Extension.Contents("L64.png")}
];
`+icons+`
`, one(publish.MissingIcons))
}

// -- PQC304 --

func TestIconFileProblem(t *testing.T) {
	dir := ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;
K.Publish = [Beta = true, SourceImage = K.Icons, SourceTypeImage = K.Icons];
K.Icons = [
    Icon16 = {
        Extension.Contents("K16.png"), // want PQC304 "is 32x32 px"
        Extension.Contents("k20.PNG"),
        Extension.Contents("K24.png"), // want PQC304 "JPEG"
        Extension.Contents("K32.png")
    },
    Icon32 = {
        Extension.Contents("K32.png"),
        Extension.Contents("Missing40.png"), // want PQC304 "not in the connector folder"
        Extension.Contents("K48.png"), // want PQC304 "no IHDR"
        Extension.Contents("K64.png")
    }
];
-- K48.png --
`+"\x89PNG\r\n\x1a\n"+`
`)
	writePNG(t, filepath.Join(dir, "K16.png"), 32, 32)
	// Icons split over folders are found by name, in any case.
	writePNG(t, filepath.Join(dir, "icons", "small", "K20.png"), 20, 20)
	if err := os.WriteFile(filepath.Join(dir, "K24.png"), []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, 0o644); err != nil {
		t.Fatal(err)
	}
	writePNG(t, filepath.Join(dir, "icons", "K32.png"), 32, 32)
	writePNG(t, filepath.Join(dir, "K64.png"), 64, 64)
	ruletest.Run(t, dir, one(publish.IconFileProblem))
}

// Sizes are judged by place only in lists of four.
func TestIconFileProblemShortList(t *testing.T) {
	dir := ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;
K.Publish = [Beta = true, SourceImage = K.Icons, SourceTypeImage = K.Icons];
K.Icons = [Icon16 = {Extension.Contents("K32.png")}, Icon32 = {Extension.Contents("K32.png"), Extension.Contents("K64.png")}];
`)
	writeIcons(t, dir, "K")
	ruletest.Run(t, dir, one(publish.IconFileProblem))
}

// -- PQC305 --

func TestMissingNavigationTable(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;

[DataSource.Kind = "A", Publish = "P"]
shared A.Contents = () as table => Table.FromRecords({[a = 1]}); // want PQC305 "Table.FromRecords"

[DataSource.Kind = "B", Publish = "P"]
shared B.Contents = Value.ReplaceType(BImpl, type function () as table); // want PQC305 "#table"
BImpl = () => if Today() then #table({"a"}, {{1}}) else Table.SelectRows(Flat(), each true);
Flat = () => Csv.Document("a,b");
Today = () => true;

// A helper whose results fail or are flat.
[DataSource.Kind = "C", Publish = "P"]
shared C.Contents = (x as text) => if x = "" then error "empty" else Table.RenameColumns(Flat(), {{"a", "b"}}); // want PQC305 "Csv.Document"

// Navigation tables, in their certified shapes:
[DataSource.Kind = "D", Publish = "P"]
shared D.Contents = () => Table.ToNavigationTable(#table({"Name"}, {}), {"Name"}, "Name", "Data", "ItemKind", "ItemName", "IsLeaf");

[DataSource.Kind = "E", Publish = "P"]
shared E.Contents = () => Odbc.DataSource([Driver = "x"], []);

[DataSource.Kind = "F", Publish = "P"]
shared F.Contents = () => Value.ReplaceType(#table({"Name"}, {}), Type.AddTableKey(Value.Type(#table({"Name"}, {})), {"Name"}, true) meta [NavigationTable.NameColumn = "Name"]);

[DataSource.Kind = "G", Publish = "P"]
shared G.Contents = () => Nav.FromModule(#table({"Name"}, {}));
Nav.FromModule = Extension.LoadFunction("Nav.pqm");
Extension.LoadFunction = (name as text) => Expression.Evaluate(Text.FromBinary(Extension.Contents(name)), #shared);

[DataSource.Kind = "H", Publish = "P"]
shared H.Contents = () => if Today() then Flat() else Table.ToNavigationTable(#table({"Name"}, {}), {"Name"}, "Name", "Data", "ItemKind", "ItemName", "IsLeaf");

// What cannot be followed is not reported.
[DataSource.Kind = "I", Publish = "P"]
shared I.Contents = (f as function) => f();

[DataSource.Kind = "J", Publish = "P"]
shared J.Contents = () => Table.View(null, []);

// A level of a source's own navigation (DirectQuery samples select the database).
[DataSource.Kind = "N", Publish = "P"]
shared N.Database = (server as text, database as text) as table =>
    let
        source = Odbc.DataSource([Server = server], [HierarchicalNavigation = true]),
        db = source{[Name = database]}[Data]
    in
        db;

// Not published, and not a table (PQC206's business).
[DataSource.Kind = "L"]
shared L.Contents = () => Table.FromRecords({});

[DataSource.Kind = "M", Publish = "P"]
shared M.Contents = () as record => [a = 1];

P = [Beta = true];
-- Nav.pqm --
(table as table) as table =>
    Value.ReplaceType(table, Value.Type(table) meta [NavigationTable.NameColumn = "Name"])
`), one(publish.MissingNavigationTable))
}

// -- PQC306, PQC307, PQC308 --

func TestPublishFieldValues(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Contents = () => 1;
[DataSource.Kind = "B", Publish = "B.Publish"]
shared B.Contents = () => 1;
[DataSource.Kind = "C", Publish = "C.Publish"]
shared C.Contents = () => 1;
[DataSource.Kind = "D", Publish = "D.Publish"]
shared D.Contents = () => 1;

A.Publish = [
    LearnMoreUrl = "http://contoso.com/docs", // want PQC306
    ButtonText = Extension.LoadString("Title"), // want PQC307 "is a text"
    Category = "online services" // want PQC308 "Online Services"
];
B.Publish = [
    LearnMoreUrl = DocsUrl, // want PQC306
    ButtonText = {"a", "b", "c"}, // want PQC307 "3 items"
    Category = "Databases" // want PQC308 "Database"
];
DocsUrl = "HTTP://contoso.com";
C.Publish = [
    LearnMoreUrl = Extension.LoadString("LearnMoreUrl"),
    ButtonText = {"a", 2}, // want PQC307 "not a text"
    Category = "Marketing" // want PQC308 "not a Get Data category"
];
D.Publish = [
    LearnMoreUrl = "https://contoso.com/docs",
    ButtonText = {Extension.LoadString("Title")},
    Category = "Online Services"
];
`), []*rules.Rule{publish.InsecureLearnMoreURL, publish.ButtonText, publish.CategoryValue})
}

func TestPublishFieldValueFixes(t *testing.T) {
	ruletest.RunWithFixes(t, `
-- K.pq --
section K;
[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Contents = () => 1;
A.Publish = [
    LearnMoreUrl = "http://contoso.com/docs",
    Category = "online service",
    Other = "Marketing"
];
B.Publish = [Category = "Files"];
-- @K.pq --
section K;
[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Contents = () => 1;
A.Publish = [
    LearnMoreUrl = "https://contoso.com/docs",
    Category = "Online Services",
    Other = "Marketing"
];
B.Publish = [Category = "Files"];
`, []*rules.Rule{publish.InsecureLearnMoreURL, publish.CategoryValue})
}

// -- PQC309 --

func TestDirectQueryWithoutFolding(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Contents = () => Table.FromRecords(Json.Document(Get("x")));
Get = (path as text) => Web.Contents("https://api.contoso.com/", [RelativePath = path]);
A.Publish = [Beta = true, SupportsDirectQuery = true]; // want PQC309 "Web.Contents"

[DataSource.Kind = "B", Publish = "B.Publish"]
shared B.Contents = (server as text) => Odbc.DataSource([Server = server], []);
B.Publish = [Beta = true, SupportsDirectQuery = EnableDirectQuery];
EnableDirectQuery = true;

// Folding implemented with Table.View in a helper module.
[DataSource.Kind = "C", Publish = "C.Publish"]
shared C.Contents = () => View(Get("items"));
View = LoadModule("View.pqm");
LoadModule = (name as text) => Expression.Evaluate(Text.FromBinary(Extension.Contents(name)), #shared);
C.Publish = [Beta = true, SupportsDirectQuery = true];

[DataSource.Kind = "D", Publish = "D.Publish"]
shared D.Contents = () => Web.Contents("https://api.contoso.com/");
D.Publish = [Beta = true, SupportsDirectQuery = false];
-- View.pqm --
(source as binary) as table => Table.View(null, [GetType = () => type table [], GetRows = () => Json.Document(source)])
`), one(publish.DirectQueryWithoutFolding))
}

// -- PQC310 --

func TestNativeQueryProperties(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Database = (server as text, database as text) => Odbc.DataSource([Server = server, Database = database], []);
[DataSource.Kind = "B", Publish = "B.Publish"]
shared B.Database = (server as text, database as text) => Odbc.DataSource([Server = server, Database = database], []);
[DataSource.Kind = "C", Publish = "C.Publish"]
shared C.Database = (server as text, database as text) => Odbc.DataSource([Server = server, Database = database], []);

A.Publish = [
    NativeQueryProperties = [
        NavigationSteps = {
            [
                Indices = {
                    [FieldDisplayName = "database", IndexName = "Name"],
                    [ConstantValue = "Database", IndexName = "Kind"]
                },
                FieldAccess = "Data"
            ]
        },
        DefaultOptions = [EnableFolding = true]
    ]
];
// The SDK article's spelling (its finished sample and the DuckDb sample use it too).
B.Publish = [
    NativeQueryProperties = [
        navigationSteps = {
            [
                indices = {
                    [value = "catalog", indexName = "Name"], // want PQC310 "names no parameter"
                    [displayName = "Database"] // want PQC310 "index has no"
                },
                access = "Data"
            ]
        },
        nativeQueryOptions = [EnableFolding = true],
        Extra = 1 // want PQC310 "not a field"
    ]
];
C.Publish = [
    NativeQueryProperties = [ // want PQC310 "NavigationSteps"
        DefaultOptions = true // want PQC310 "not a record"
    ]
];
`), one(publish.NativeQueryProperties))
}

func TestNativeQueryPropertiesSpellings(t *testing.T) {
	// ´ stands for a backquote, which a Go raw string cannot hold.
	ruletest.Run(t, ruletest.Write(t, strings.ReplaceAll(`
-- K.pq --
section K;
[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Database = (server as text, catalog as text) => Odbc.DataSource([Server = server, Database = catalog], []);
[DataSource.Kind = "B", Publish = "B.Publish"]
shared B.Database = (server as text) => Odbc.DataSource([Server = server], []);
[DataSource.Kind = "C", Publish = "C.Publish"]
shared C.Database = (server as text) => Odbc.DataSource([Server = server], []);

// Either spelling reads; only letter case that matches neither is wrong.
A.Publish = [
    NativeQueryProperties = [
        navigationSteps = {[
            indices = {[value = "catalog", indexName = "Name"], [ConstantValue = "Database", IndexName = "Kind"]},
            FieldAccess = "Data"
        ]},
        DefaultOptions = [EnableFolding = true]
    ]
];
B.Publish = [
    NativeQueryProperties = [
        Navigationsteps = {[ // want PQC310 "spelled ´NavigationSteps´"
            Indices = {[ConstantValue = "Database", Indexname = "Kind"]}, // want PQC310 "spelled ´IndexName´"
            ACCESS = "Data" // want PQC310 "spelled ´access´"
        ]},
        NativeQueryOptions = [] // want PQC310 "spelled ´nativeQueryOptions´"
    ]
];
// An empty step names nothing to check.
C.Publish = [NativeQueryProperties = [navigationSteps = {[]}, nativeQueryOptions = [EnableFolding = true]]];
`, "´", "`")), one(publish.NativeQueryProperties))
}

func TestNativeQueryPropertiesSteps(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Database = (server as text) => Odbc.DataSource([Server = server], []);
A.Publish = [
    NativeQueryProperties = [
        NavigationSteps = {
            [Indices = {[IndexName = "Name"]}], // want PQC310 "FieldAccess" PQC310 "neither"
            [FieldAccess = "Data"] // want PQC310 "Indices"
        }
    ]
];
`), one(publish.NativeQueryProperties))
}

// -- PQC311 --

func TestUnknownPublishField(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;
K.Publish = [
    Beta = true,
    Category = "Other",
    ButtonText = {"K"},
    LearnMoreUrl = "https://contoso.com",
    SupportsDirectQuery = false,
    SourceImage = [],
    SourceTypeImage = [],
    NativeQueryProperties = [],
    Label = "K", // want PQC311 "kind record"
    beta = true, // want PQC311 "the field is"
    Description = "x" // want PQC311 "not a publish record field"
];
`), one(publish.UnknownPublishField))
}

// -- PQC312 --

func TestNavigationItemKind(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- K.pq --
section K;
Rows = #table(
    {"Name", "Key", "Data", "ItemKind", "ItemName", "IsLeaf"},
    {
        {"A", "a", 1, "Table", "Report", true},
        {"B", "b", 1, "Report", "Table", true}, // want PQC312 "not a navigation item kind"
        {"C", "c", 1, "table", "Table", true} // want PQC312 "spelled \"Table\""
    });
Typed = #table(type table [Name = text, Kind = text], {{"A", "Sheets"}}); // want PQC312
Nav = Table.ToNavigationTable(Typed, {"Name"}, "Name", "Data", "Kind", "ItemName", "IsLeaf");
Records = Table.FromRecords({[Name = "x", ItemKind = "Folder"], [Name = "y", ItemKind = "Folders"]}); // want PQC312
Added = Table.AddColumn(Rows, "ItemKind", each "Tables"); // want PQC312
Other = [IndexName = "Kind", Kind2 = "Report"];
`), one(publish.NavigationItemKind))
}

// -- PQC313 --

func TestSharedHelper(t *testing.T) {
	dir := ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => 1;
shared K.Request = (path as text) => path; // want PQC313 "K.Request"
Helper = 1;
// A dedicated test function is called by name.
shared K.Test = () => 1;
K = [TestConnection = (dataSourcePath) => {"K.Test"}, Authentication = [Anonymous = []]];
`)
	ruletest.Run(t, dir, one(publish.SharedHelper))
	fixed := fixedText(t, dir, publish.SharedHelper)
	if got := fixed["K.pq"]; !strings.Contains(got, "\nK.Request = (path as text)") {
		t.Errorf("remove shared:\n%s", got)
	}
}
