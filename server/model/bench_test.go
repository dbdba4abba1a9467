package model_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/flow"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
	"github.com/pqcert/pqcert/server/workspace"
)

// generate writes a connector of about lines lines: an OAuth data source
// whose navigation table lists entities, each read by its own function
// through shared request, validation and tracing helpers, and a helper
// module.
func generate(lines int) (main string, module string) {
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

func loadGenerated(b *testing.B, lines int) (*workspace.Connector, int) {
	b.Helper()
	main, module := generate(lines)
	dir := filepath.Join(b.TempDir(), "Gen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	for name, text := range map[string]string{"Gen.pq": main, "Table.ToNavigationTable.pqm": module} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	c, err := workspace.Load(dir, workspace.Disk{})
	if err != nil || c == nil || c.Main == nil {
		b.Fatalf("load: %v", err)
	}
	if c.Main.File.HasErrors() {
		b.Fatalf("generated connector has syntax errors: %v", c.Main.File.Errors[0])
	}
	return c, len(main) + len(module)
}

// BenchmarkBuild builds the model (resolution, facts, flow) of generated
// connectors; parsing is not measured. On the team's shared 2-core machine
// (load 2-4 from other jobs) it measured, per Build: 1k lines 2.3 ms,
// 10k lines 18-23 ms (flow 9-13, scope 6-7, facts 0.1-0.2: see
// BenchmarkStages), 100k lines 256-265 ms.
func BenchmarkBuild(b *testing.B) {
	for _, lines := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("%dk", lines/1000), func(b *testing.B) {
			c, size := loadGenerated(b, lines)
			m := model.Build(c, model.Options{})
			if len(m.Facts.DataSources) != 1 || len(m.Flow.Requests) != 2 || len(m.Flow.Requests[1].Credentials) != 1 || !m.Flow.Requests[1].HTTPS {
				b.Fatalf("generated connector not understood: %d data sources, %d requests", len(m.Facts.DataSources), len(m.Flow.Requests))
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			b.ResetTimer()
			start := cpuTime()
			for i := 0; i < b.N; i++ {
				model.Build(c, model.Options{})
			}
			// CPU time of the process (GC included): wall time says little
			// on a shared machine.
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkStages splits BenchmarkBuild into name resolution, fact
// collection and value flow.
func BenchmarkStages(b *testing.B) {
	for _, lines := range []int{10000, 100000} {
		c, _ := loadGenerated(b, lines)
		var mods []*syntax.File
		for _, m := range c.Modules {
			mods = append(mods, m.File)
		}
		in := scope.Resolve(c.Main.File, mods, scope.Options{})
		fs := facts.Collect(c, in)
		for _, st := range []struct {
			name string
			run  func()
		}{
			{"scope", func() { scope.Resolve(c.Main.File, mods, scope.Options{}) }},
			{"facts", func() { facts.Collect(c, in) }},
			{"flow", func() { flow.Analyze(in, fs) }},
		} {
			b.Run(fmt.Sprintf("%dk/%s", lines/1000, st.name), func(b *testing.B) {
				b.ReportAllocs()
				start := cpuTime()
				for i := 0; i < b.N; i++ {
					st.run()
				}
				b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// cpuTime returns the process's user and system time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
