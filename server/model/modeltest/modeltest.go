// Package modeltest generates connectors of a given size for the
// benchmarks of the model and the rules, in two shapes: [Helpers], entity
// functions sharing request, validation and tracing helpers, and
// [Requests], functions that each send their own request. Call [Load]
// for a loaded connector. [Build], [Section], [LoadDir] and [LoadTestdata]
// build the models that the tests of the model's packages assert on.
package modeltest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/workspace"
)

// Shape is a kind of generated connector.
type Shape int

const (
	// Helpers: an OAuth data source whose navigation table lists
	// entities, each read by its own (recursive, paging) function through
	// shared request, validation and tracing helpers, and a helper module.
	Helpers Shape = iota
	// Requests: an anonymous data source whose members each send a
	// request and shape its result, as [GenerateConnector] writes them
	// for the language server's benchmarks.
	Requests
)

func (s Shape) String() string {
	if s == Requests {
		return "requests"
	}
	return "helpers"
}

// Generate returns the section document and the helper module (or "") of
// a connector of the shape with about lines lines.
func Generate(shape Shape, lines int) (main string, module string) {
	if shape == Requests {
		// Counting 12 lines a member (a member has 11) leaves the document
		// about 8% short of lines; the README's model and rules numbers
		// were measured on these documents, so they stay as they were.
		return requests("Gen", members(lines, 12)), ""
	}
	return helpers(lines)
}

func helpers(lines int) (main string, module string) {
	var b strings.Builder
	b.WriteString(`[Version = "1.0.0"]
section Gen;

[DataSource.Kind = "Gen", Publish = "Gen.Publish"]
shared Gen.Contents = Value.ReplaceType(Impl, ImplType);

ImplType = type function (url as (Uri.Type meta [Documentation.FieldCaption = "URL"])) as table meta [Documentation.Name = "Gen"];

Gen = [
    TestConnection = (dataSourcePath) => {"Gen.Contents", dataSourcePath},
    Authentication = [OAuth = [StartLogin = StartLogin, FinishLogin = FinishLogin]]
];

Gen.Publish = [Beta = true, Category = "Other", ButtonText = {"Gen", "Gen"}, SourceImage = Icons, SourceTypeImage = Icons];
Icons = [Icon16 = {Extension.Contents("G16.png")}, Icon32 = {Extension.Contents("G32.png")}];

StartLogin = (resourceUrl, state, display) => [LoginUri = "https://login.gen.example/", CallbackUri = "https://x/", WindowHeight = 1, WindowWidth = 1, Context = null];
FinishLogin = (context, callbackUri, state) => Json.Document(Web.Contents("https://login.gen.example/token", [Content = Text.ToBinary(callbackUri)]));

TraceEnabled = false;
TraceValue = (message as text, value as any) => if TraceEnabled then Diagnostics.Trace(TraceLevel.Information, message, value) else value;

ValidateUrl = (url as text) as text => if Uri.Parts(url)[Scheme] <> "https" then error "https only" else url;
Token = () => Extension.CurrentCredential()[access_token];

Request = (baseUrl as text, path as text, query as record) as record =>
    let
        response = Web.Contents(baseUrl, [RelativePath = path, Query = query, Headers = [Authorization = "Bearer " & Token()], ManualStatusHandling = {401}]),
        status = Value.Metadata(response)[Response.Status]
    in
        if status = 401 then error Extension.CredentialError(Credential.AccessDenied) else Json.Document(response);

Extension.LoadFunction = (name as text) => Expression.Evaluate(Text.FromBinary(Extension.Contents(name)), #shared);
Table.ToNavigationTable = Extension.LoadFunction("Table.ToNavigationTable.pqm");

`)
	const perEntity = 14
	n := (lines - 40) / perEntity
	if n < 1 {
		n = 1
	}
	b.WriteString("Impl = (url as text) as table =>\n    let\n        base = ValidateUrl(url),\n        rows = {\n")
	for i := 0; i < n; i++ {
		sep := ","
		if i == n-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "            {\"Entity%d\", \"e%d\", GetEntity%d(base, null), \"Table\", \"Table\", true}%s\n", i, i, i, sep)
	}
	b.WriteString("        }\n    in\n        Table.ToNavigationTable(#table({\"Name\", \"Key\", \"Data\", \"ItemKind\", \"ItemName\", \"IsLeaf\"}, rows), {\"Key\"}, \"Name\", \"Data\", \"ItemKind\", \"ItemName\", \"IsLeaf\");\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `Entity%[1]dType = type table [id = Int64.Type, name = text, updated = datetimezone];
GetEntity%[1]d = (baseUrl as text, optional page as nullable number) as table =>
    let
        query = [page = Text.From(page ?? 1), size = "100", entity = "%[1]d"],
        body = Request(baseUrl, "v1/entity%[1]d", query),
        rows = Table.FromRecords(body[items], null, MissingField.UseNull),
        typed = Value.ReplaceType(rows, Entity%[1]dType),
        next = Record.FieldOrDefault(body, "next", null),
        more = if next = null then typed else Table.Combine({typed, GetEntity%[1]d(baseUrl, (page ?? 1) + 1)})
    in
        TraceValue("entity%[1]d", more);

`, i)
	}
	module = `(table as table, keyColumns as list, nameColumn as text, dataColumn as text, itemKindColumn as text, itemNameColumn as text, isLeafColumn as text) as table =>
    let
        tableType = Value.Type(table),
        newTableType = Type.AddTableKey(tableType, keyColumns, true) meta [
            NavigationTable.NameColumn = nameColumn,
            NavigationTable.DataColumn = dataColumn,
            NavigationTable.ItemKindColumn = itemKindColumn,
            Preview.DelayColumn = itemNameColumn,
            NavigationTable.IsLeafColumn = isLeafColumn
        ]
    in
        Value.ReplaceType(table, newTableType)
`
	return b.String(), module
}

// The Requests shape's header is requestsHeaderLines lines long and each
// member (its blank line included) requestsMemberLines.
const (
	requestsHeaderLines = 10
	requestsMemberLines = 11
)

// GenerateConnector returns a section document named name of the Requests
// shape with the fewest members that make it at least lines lines long:
// a documented data source function, then members with lets, requests,
// records, `each` and library calls, as real connectors are written. The
// language server's tests and benchmarks read it (through
// lsptest.GenerateConnector), and so does the ide package's benchmark.
func GenerateConnector(name string, lines int) string {
	return requests(name, members(lines, requestsMemberLines))
}

// members returns how many members follow the header so that the document
// reaches lines lines, counting perMember lines a member.
func members(lines, perMember int) int {
	if lines <= requestsHeaderLines {
		return 0
	}
	return (lines - requestsHeaderLines + perMember - 1) / perMember
}

// requests writes the header and n members of the Requests shape.
func requests(name string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `[Version = "1.0.0"]
section %[1]s;

[DataSource.Kind = "%[1]s", Publish = "%[1]s.Publish"]
shared %[1]s.Contents = (url as text) => Member0(url);

%[1]s = [TestConnection = (dataSourcePath) => {"%[1]s.Contents", dataSourcePath}, Authentication = [Anonymous = []], Label = "%[1]s"];

%[1]s.Publish = [Beta = true, Category = "Other", ButtonText = {"%[1]s", "%[1]s"}];

`, name)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `Member%[1]d = (url as text, optional options as record) as table =>
    let
        source = Web.Contents(url, [Headers = [Accept = "application/json"], Query = [page = Text.From(%[1]d)]]),
        json = Json.Document(source),
        items = json[items]?,
        table = Table.FromRecords(items),
        renamed = Table.RenameColumns(table, {{"a", "b"}}),
        filtered = Table.SelectRows(renamed, each [b] <> null and [b] > %[1]d)
    in
        filtered;

`, i)
	}
	return b.String()
}

// Load writes the connector Generate returns into a temporary folder and
// loads it; it also returns the size of its M sources in bytes.
func Load(tb testing.TB, shape Shape, lines int) (*workspace.Connector, int) {
	tb.Helper()
	main, module := Generate(shape, lines)
	dir := filepath.Join(tb.TempDir(), "Gen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	for name, text := range map[string]string{"Gen.pq": main, "Table.ToNavigationTable.pqm": module} {
		if text == "" {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	c, err := workspace.Load(dir, workspace.Disk{})
	if err != nil || c == nil || c.Main == nil {
		tb.Fatalf("load: %v", err)
	}
	if c.Main.File.HasErrors() {
		tb.Fatalf("generated connector has syntax errors: %v", c.Main.File.Errors[0])
	}
	return c, len(main) + len(module)
}

// CPUTime returns the process's user and system time in nanoseconds: on a
// shared machine, CPU time per operation (GC included) says more than wall
// time.
func CPUTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// Build writes files to a temporary connector folder, loads it and builds
// its model. A file named "main" is written as S.pq.
func Build(t testing.TB, files map[string]string) *model.Model {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if name == "main" {
			name = "S.pq"
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := workspace.Load(dir, workspace.Disk{})
	if err != nil || c == nil {
		t.Fatalf("load: %v", err)
	}
	return model.Build(c, model.Options{})
}

// LoadDir builds the model of a connector folder (e.g. under testdata/connectors).
func LoadDir(t testing.TB, dir string) *model.Model {
	t.Helper()
	c, err := workspace.Load(dir, workspace.Disk{})
	if err != nil || c == nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	return model.Build(c, model.Options{})
}

// Section builds the model of a connector whose only file is the section
// document src.
func Section(t testing.TB, src string) *model.Model {
	t.Helper()
	return Build(t, map[string]string{"main": src})
}

// LoadTestdata builds the model of the connector folder
// testdata/connectors/name of the module, found from the test's working
// directory so that every package's tests name it the same way.
func LoadTestdata(t testing.TB, name string) *model.Model {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return LoadDir(t, filepath.Join(root, "testdata", "connectors", name))
}

// moduleRoot returns the nearest directory at or above the working
// directory that holds a go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod at or above the working directory")
		}
		dir = parent
	}
}
