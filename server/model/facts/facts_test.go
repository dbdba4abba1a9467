package facts_test

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/modeltest"
	"github.com/pqcert/pqcert/server/syntax"
)

func names(fields map[string]syntax.Node) string {
	var out []string
	for k := range fields {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func TestSectionAndVersion(t *testing.T) {
	m := modeltest.Section(t, `[Version = "1.2.3", Other = 1]
section Contoso;
shared Helper = 1;
Private = 2;`)
	f := m.Facts
	if f.SectionName != "Contoso" || f.SectionNameNode.Text() != "Contoso" {
		t.Errorf("section %q", f.SectionName)
	}
	if f.Version == nil || !f.Version.IsText || f.Version.Text != "1.2.3" || len(f.SectionAttributes) != 2 {
		t.Errorf("version %+v", f.Version)
	}
	if len(f.Members) != 2 || f.Member("Helper") == nil || !f.Member("Helper").Def.Shared || f.Member("Private").Def.Shared {
		t.Errorf("members %d", len(f.Members))
	}
	if m := modeltest.Section(t, "section NoVersion; a = 1;"); m.Facts.Version != nil {
		t.Errorf("version without attribute")
	}
}

// documented is a connector whose data source function is documented
// through a let and an inline type.
const documented = `[Version = "1.0.0"]
section S;
[DataSource.Kind = "S", Publish = "S.Publish"]
shared S.Contents = let
        impl = (url as text, optional top as nullable number) as table => Table.ToNavigationTable(#table({}, {}), {}, "", "", "", "", ""),
        t = type function (
            url as (Uri.Type meta [Documentation.FieldCaption = "URL", Documentation.SampleValues = {"https://x"}]),
            optional top as (type nullable number meta [DataSource.Path = false, Documentation.FieldCaption = "Top"]))
            as table meta [Documentation.Name = "S", Documentation.LongDescription = "Reads S"]
    in
        Value.ReplaceType(impl, t);
[DataSource.Kind = "S"]
shared S.Undocumented = (a as text, optional b) => a;
S = [TestConnection = (p) => {"S.Contents", p}, Authentication = [Anonymous = []]];
S.Publish = [Beta = true];
`

func TestDocumentedType(t *testing.T) {
	f := modeltest.Section(t, documented).Facts
	ds := f.DataSource("S.Contents")
	if ds == nil || ds.ReplaceType.IsNull() || ds.Type.IsNull() || ds.Function.IsNull() || !ds.Documented() {
		t.Fatalf("documented function not found: %+v", ds)
	}
	if ds.Returns != "table" || names(ds.TypeDoc) != "Documentation.LongDescription,Documentation.Name" {
		t.Errorf("returns %q doc %s", ds.Returns, names(ds.TypeDoc))
	}
	if len(ds.Params) != 2 {
		t.Fatalf("params %d", len(ds.Params))
	}
	url, top := ds.Params[0], ds.Params[1]
	if url.Name != "url" || !url.IsURI() || url.Optional || !url.DataSourcePath || names(url.Doc) != "Documentation.FieldCaption,Documentation.SampleValues" {
		t.Errorf("url %+v", url)
	}
	if top.Name != "top" || !top.Optional || top.DataSourcePath || top.Type != "type nullable number" || top.Impl.IsNull() {
		t.Errorf("top %+v", top)
	}
	if got := len(ds.RequiredPath()); got != 1 {
		t.Errorf("required path params %d", got)
	}
	u := f.DataSource("S.Undocumented")
	if u.Documented() || !u.Type.IsNull() || len(u.Params) != 2 || !u.Params[0].IsText() || u.Params[1].Type != "" || !u.Params[1].Optional {
		t.Errorf("undocumented %+v", u)
	}
	if k := f.Kind("S"); k == nil || len(k.DataSources) != 2 {
		t.Errorf("kind data sources")
	}
}

func TestKindRecord(t *testing.T) {
	f := modeltest.Section(t, `section S;
[DataSource.Kind = "S"]
shared S.Contents = (server as text, db as text) => Odbc.DataSource([Server = server], []);
[DataSource.Kind = "Dyn"]
shared Dyn.Contents = () => 1;
[DataSource.Kind = "NoRecord"]
shared NoRecord.Contents = () => 1;
Common = [Authentication = Auth, Label = Extension.LoadString("Label")];
S = Common & [TestConnection = Test];
Test = (dataSourcePath) => let json = Json.Document(dataSourcePath), server = json[server] in {"S.Contents", server, json[db]};
Auth = [
    OAuth = [StartLogin = StartLogin, FinishLogin = FinishLogin, Label = "Org"],
    Key = [KeyLabel = "Key"],
    Anonymous = []
];
StartLogin = (a, b, c) => [];
FinishLogin = (a, b, c) => [];
Dyn = [TestConnection = (p) => {"Dyn.Contents"} & {}, Authentication = [Implicit = []], SupportsEncryption = true];
NoRecord = "not a record";
`).Facts
	k := f.Kind("S")
	if k.Record.IsNull() || names(k.Fields) != "Authentication,Label,TestConnection" {
		t.Fatalf("kind fields %s", names(k.Fields))
	}
	if k.Label == nil || k.Label.Expr.Kind() != syntax.KindInvocationExpression {
		t.Errorf("label %+v", k.Label)
	}
	tc := k.TestConnection
	if tc == nil || tc.Params != 1 || !tc.IsList || tc.Dynamic || len(tc.Items) != 3 || tc.Items[1].Text() != "server" {
		t.Fatalf("test connection %+v", tc)
	}
	var auth []string
	for _, a := range k.AuthKinds {
		auth = append(auth, fmt.Sprintf("%s(%s)", a.Name, names(a.Fields)))
	}
	if got := strings.Join(auth, " "); got != "OAuth(FinishLogin,Label,StartLogin) Key(KeyLabel) Anonymous()" {
		t.Errorf("auth %s", got)
	}
	if c, known := k.Credentialed(); !c || !known {
		t.Errorf("OAuth kind not credentialed")
	}
	d := f.Kind("Dyn")
	if d.TestConnection == nil || !d.TestConnection.Dynamic || d.TestConnection.IsList {
		t.Errorf("dynamic test connection %+v", d.TestConnection)
	}
	if c, known := d.Credentialed(); c || !known {
		t.Errorf("Implicit kind credentialed")
	}
	if d.SupportsEncryption == nil || !d.SupportsEncryption.IsBool || !d.SupportsEncryption.Bool {
		t.Errorf("SupportsEncryption %+v", d.SupportsEncryption)
	}
	n := f.Kind("NoRecord")
	if n.Member == nil || !n.Record.IsNull() || n.TestConnection != nil {
		t.Errorf("kind member that is no record %+v", n)
	}
	if _, known := n.Credentialed(); known {
		t.Errorf("unknown authentication known")
	}
}

func TestPublishRecord(t *testing.T) {
	m := modeltest.Build(t, map[string]string{"main": `section S;
[DataSource.Kind = "S", Publish = "S.Publish"]
shared S.Contents = () => 1;
[DataSource.Kind = "T", Publish = "T.Publish"]
shared T.Contents = () => 1;
[DataSource.Kind = "U", Publish = "U.Publish"]
shared U.Contents = () => 1;
[DataSource.Kind = "V", Publish = "Missing.Publish"]
shared V.Contents = () => 1;
S.Publish = Shared.Publish;
T.Publish = MakePublish("T") & [Beta = false];
U.Publish = Config[Publish];
Config = [Publish = [ButtonText = Extension.LoadString("Button"), Category = 1]];
Shared.Publish = [
    Beta = true,
    Category = "Online Services",
    ButtonText = {Extension.LoadString("Title"), Extension.LoadString("Help")},
    LearnMoreUrl = "http://example.com/docs",
    SupportsDirectQuery = false,
    SourceImage = Icons,
    SourceTypeImage = [Icon16 = Icon("a16.png"), Icon32 = {Icon("a32.png"), Extension.Contents(IconName)}]
];
Icons = [
    Icon16 = {Extension.Contents("S16.png"), Extension.Contents("S20.png"), Icon("S24.png"), Extension.Contents("S32.png")},
    Icon32 = {Extension.Contents("S32.png"), Extension.Contents("S40.png"), Extension.Contents("S48.png"), Extension.Contents("S64.png")}
];
IconName = "computed.png";
Icon = (name as text) => Extension.Contents(name);
MakePublish = (name as text) => [Beta = true, ButtonText = {name}, Category = "Other"];
`})
	f := m.Facts
	s := f.DataSource("S.Contents").Publish
	if s == nil || s.Name != "S.Publish" || s.Record.IsNull() {
		t.Fatalf("publish through a member reference %+v", s)
	}
	if !s.Beta.IsBool || !s.Beta.Bool || s.Category.Text != "Online Services" || !s.ButtonText.IsList || len(s.ButtonText.Items) != 2 {
		t.Errorf("fields %+v %+v %+v", s.Beta, s.Category, s.ButtonText)
	}
	if s.LearnMoreUrl.Text != "http://example.com/docs" || s.SupportsDirectQuery.Bool || !s.SupportsDirectQuery.IsBool || s.NativeQueryProperties != nil {
		t.Errorf("url %q dq %+v", s.LearnMoreUrl.Text, s.SupportsDirectQuery)
	}
	var files []string
	for _, img := range s.SourceImage.Icon16.Images {
		files = append(files, img.File)
	}
	if got := strings.Join(files, ","); got != "S16.png,S20.png,S24.png,S32.png" || len(s.SourceImage.Icon32.Images) != 4 {
		t.Errorf("icon16 %s", got)
	}
	st := s.SourceTypeImage
	if st.Icon16 == nil || st.Icon16.Images != nil || st.Icon16.Value.IsList {
		t.Errorf("Icon16 that is no list %+v", st.Icon16)
	}
	if len(st.Icon32.Images) != 2 || st.Icon32.Images[0].File != "a32.png" || st.Icon32.Images[1].File != "computed.png" {
		t.Errorf("Icon32 %+v", st.Icon32.Images)
	}
	tp := f.DataSource("T.Contents").Publish
	if tp == nil || tp.Beta == nil || tp.Beta.Bool || tp.Category.Text != "Other" || len(tp.ButtonText.Items) != 1 {
		t.Errorf("publish built by a helper and merged: %+v", tp)
	}
	up := f.DataSource("U.Contents").Publish
	if up == nil || up.Category == nil || up.Category.IsText || up.Beta != nil {
		t.Errorf("publish from a field %+v", up)
	}
	if v := f.DataSource("V.Contents"); v.Publish != nil || v.PublishAttr == nil || v.PublishAttr.Text != "Missing.Publish" {
		t.Errorf("missing publish %+v", v.Publish)
	}
	if len(f.Publishes) != 3 {
		t.Errorf("publishes %d", len(f.Publishes))
	}
}

func TestNavigation(t *testing.T) {
	f := modeltest.Section(t, `section S;
[DataSource.Kind = "S"] shared S.Direct = () => Table.ToNavigationTable(#table({}, {}), {}, "", "", "", "", "");
[DataSource.Kind = "S"] shared S.Let = (x) => let nav = Table.ToNavigationTable(x, {}, "", "", "", "", "") in nav;
[DataSource.Kind = "S"] shared S.Helper = () => Build({"a"});
[DataSource.Kind = "S"] shared S.Meta = () => Value.ReplaceType(#table({}, {}), Value.ReplaceMetadata(type table [], [NavigationTable.NameColumn = "Name"]));
[DataSource.Kind = "S"] shared S.Own = () => MyNav(#table({}, {}));
[DataSource.Kind = "S"] shared S.Odbc = Value.ReplaceType(OdbcImpl, type function () as table);
[DataSource.Kind = "S"] shared S.Plain = () => Table.FromRecords({});
[DataSource.Kind = "S"] shared S.Branch = (x) => if x = null then error "no" else Table.ToNavigationTable(x, {}, "", "", "", "", "");
[DataSource.Kind = "S"] shared S.Param = (f) => f();
[DataSource.Kind = "S"] shared S.NotAFunction = 1;
OdbcImpl = () => Odbc.DataSource([Driver = "x"], []);
Build = (items as list) => Table.ToNavigationTable(Table.FromList(items), {}, "", "", "", "", "");
MyNav = (t as table) => Value.ReplaceType(t, Type.AddTableKey(Value.Type(t), {}, true) meta [NavigationTable.NameColumn = "Name"]);
Table.ToNavigationTable = (t, k, n, d, i, ii, l) => t;
`).Facts
	for _, c := range []struct {
		ds   string
		kind facts.NavKind
	}{
		{"S.Direct", facts.NavTable}, {"S.Let", facts.NavTable}, {"S.Helper", facts.NavTable},
		{"S.Meta", facts.NavMetadata}, {"S.Own", facts.NavMetadata}, {"S.Odbc", facts.NavSource},
		{"S.Plain", facts.NavNone}, {"S.Branch", facts.NavTable}, {"S.Param", facts.NavUnknown},
		{"S.NotAFunction", facts.NavUnknown},
	} {
		if got := f.DataSource(c.ds).Nav.Kind; got != c.kind {
			t.Errorf("%s: %v, want %v", c.ds, got, c.kind)
		}
	}
	if n := f.DataSource("S.Odbc").Nav; n.Name != "Odbc.DataSource" || !n.IsNavigation() {
		t.Errorf("odbc %+v", n)
	}
	if n := f.DataSource("S.Plain").Nav; n.Name != "Table.FromRecords" || n.IsNavigation() {
		t.Errorf("plain %+v", n)
	}
}

func TestNavigationFromModule(t *testing.T) {
	m := modeltest.Build(t, map[string]string{
		"main": `section S;
[DataSource.Kind = "S"] shared S.Contents = () => Nav(#table({}, {}));
Nav = Extension.LoadFunction("Nav.pqm");
Extension.LoadFunction = (name as text) => Expression.Evaluate(Text.FromBinary(Extension.Contents(name)), #shared);
`,
		"Nav.pqm": `(table as table) => Value.ReplaceType(table, Value.Type(table) meta [NavigationTable.NameColumn = "Name"])`,
	})
	if n := m.Facts.DataSource("S.Contents").Nav; n.Kind != facts.NavMetadata {
		t.Errorf("navigation through a module: %v", n.Kind)
	}
}

func TestLoadersAndModules(t *testing.T) {
	m := modeltest.Build(t, map[string]string{
		"main": `section S;
Extension.LoadFunction = (fileName as text) =>
    let
        binary = Extension.Contents(fileName),
        asText = Text.FromBinary(binary)
    in
        try Expression.Evaluate(asText, #shared) catch (e) => error e;
LoadModule = (name as text) => Extension.LoadFunction(name);
Table.ToNavigationTable = Extension.LoadFunction("Table.ToNavigationTable.pqm");
Helpers = LoadModule("sub/Helpers.pqm");
Direct = Expression.Evaluate(Text.FromBinary(Extension.Contents("Direct.pqm")), #shared);
Missing = Extension.LoadFunction("Missing.pqm");
Icon = (name as text) => Extension.Contents(name);
A = Icon("a.png");
B = Icon(Name);
Name = "b" & ".png";
Str = (key as text) => Extension.LoadString(key);
Label = Str("Label");
`,
		"Table.ToNavigationTable.pqm": "(t) => t",
		"sub/Helpers.pqm":             "[X = 1]",
		"Direct.pqm":                  "1",
	})
	f := m.Facts
	var bound []string
	for _, b := range f.ModuleBindings {
		bound = append(bound, fmt.Sprintf("%s=%s:%v", b.Member.Name(), b.FileName, b.File != nil))
	}
	if got := strings.Join(bound, " "); got != "Table.ToNavigationTable=Table.ToNavigationTable.pqm:true Helpers=sub/Helpers.pqm:true Direct=Direct.pqm:true Missing=Missing.pqm:false" {
		t.Errorf("bindings %s", got)
	}
	if len(f.Modules) != 3 || f.Member("Helpers").Module == nil {
		t.Errorf("modules %d", len(f.Modules))
	}
	var loaders []string
	for _, l := range f.Loaders {
		loaders = append(loaders, fmt.Sprintf("%s(%d %s eval=%v literal=%v)", l.Def.Name, l.Param, l.Target, l.Evaluates, l.AllLiteral))
	}
	sort.Strings(loaders)
	want := "Extension.LoadFunction(0 Extension.Contents eval=true literal=true) Icon(0 Extension.Contents eval=false literal=false) LoadModule(0 Extension.Contents eval=true literal=true) Str(0 Extension.LoadString eval=false literal=true)"
	if got := strings.Join(loaders, " "); got != want {
		t.Errorf("loaders\n got  %s\n want %s", got, want)
	}
	var files []string
	for _, c := range f.Contents {
		if c.IsText {
			files = append(files, c.Text)
		}
	}
	sort.Strings(files)
	if got := strings.Join(files, ","); got != "Direct.pqm,Missing.pqm,Table.ToNavigationTable.pqm,a.png,sub/Helpers.pqm" {
		t.Errorf("content files %s", got)
	}
	var keys []string
	for _, c := range f.LoadStrings {
		keys = append(keys, fmt.Sprintf("%s:%v", c.Text, c.Via != nil))
	}
	if got := strings.Join(keys, ","); got != ":false,Label:true" {
		t.Errorf("load strings %s", got)
	}
	e := f.Evaluates[0].Eval
	sort.Strings(e.Files)
	if e.Text != facts.OriginLoader || e.Env != facts.OriginShared || strings.Join(e.Files, ",") != "Missing.pqm,Table.ToNavigationTable.pqm,sub/Helpers.pqm" {
		t.Errorf("loader evaluate %v %v %v", e.Text, e.Env, e.Files)
	}
}

func TestEvaluateOrigins(t *testing.T) {
	f := modeltest.Section(t, `section S;
Lit = Expression.Evaluate("1 + 1", [x = 1]);
Contents = Expression.Evaluate(Text.FromBinary(Extension.Contents("M.pqm")), #shared & [Extra = 1]);
shared S.Run = (code as text) => Expression.Evaluate(code, #shared);
Remote = Expression.Evaluate(Text.FromBinary(Web.Contents("https://example.com/code.m")), #shared);
Built = Expression.Evaluate("let x = " & Text.From(1) & " in x", #sections);
Helper = (code) => Expression.Evaluate("(" & code & ")", Env);
Env = #shared;
UseHelper = Helper("1");
Loader = (name, env) => Expression.Evaluate(Text.FromBinary(Extension.Contents(name)), env);
L1 = Loader("A.pqm", #shared);
L2 = Loader("B.pqm", [y = 1]);
NoEnv = Expression.Evaluate("1");
`).Facts
	var got []string
	for _, c := range f.Evaluates {
		got = append(got, c.Eval.Text.String()+"/"+c.Eval.Env.String())
	}
	want := []string{"literal/record literal", "Extension.Contents literal/#shared & record", "function parameter/#shared",
		"web response/#shared", "other/other", "function parameter/#shared", "loader given literals/#shared", "literal/none"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("origins\n got  %v\n want %v", got, want)
	}
	if e := f.Evaluates[6].Eval; strings.Join(e.Files, ",") != "A.pqm,B.pqm" || e.Loader == nil {
		t.Errorf("loader files %v", e.Files)
	}
}

// guards renders each Diagnostics call's guard.
func guards(f *facts.Facts) string {
	var out []string
	for _, c := range f.Diagnostics {
		s := c.Guard.Kind.String()
		if c.Guard.Flag != nil {
			s += fmt.Sprintf("(%s false=%v literal=%v via=%d)", c.Guard.Flag.Name(), c.Guard.FlagFalse, c.Guard.FlagLiteral, len(c.Guard.Via))
		}
		if c.Reference {
			s = "ref:" + s
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestDiagnosticsGuards(t *testing.T) {
	f := modeltest.Section(t, `section S;
Trace = false;
Verbose = true;
[DataSource.Kind = "S"]
shared S.Contents = (x) => {
    if Trace then Diagnostics.Trace(TraceLevel.Information, "a", x) else x,
    if not Verbose then x else Diagnostics.Trace(TraceLevel.Information, "b", x),
    if (Trace = true) and x <> null then Diagnostics.Trace(TraceLevel.Information, "c", x) else x,
    Diagnostics.Trace(TraceLevel.Information, "unguarded", x),
    try x otherwise Diagnostics.Trace(TraceLevel.Error, "failed", () => error "failed", true),
    Log("d", x),
    Chosen("e", x)
};
Log = (p, v) => let enabled = Trace in if enabled then Diagnostics.Trace(TraceLevel.Information, p, v) else v;
Chosen = if Verbose then LogImpl else (p, v) => v;
LogImpl = (p, v) => Diagnostics.Trace(TraceLevel.Information, p, v);
Dead = () => Diagnostics.Trace(TraceLevel.Information, "dead", 1);
Ref = if Trace then Diagnostics.Trace else (l, m, v) => v;
`).Facts
	want := "guarded by a flag(Trace false=true literal=true via=0) guarded by a flag(Verbose false=false literal=true via=0) " +
		"guarded by a flag(Trace false=true literal=true via=0) unguarded on an error path " +
		"guarded by a flag(Trace false=true literal=true via=0) guarded by a flag(Verbose false=false literal=true via=1) unreached " +
		"ref:guarded by a flag(Trace false=true literal=true via=0)"
	if got := guards(f); got != want {
		t.Errorf("guards\n got  %s\n want %s", got, want)
	}
}

func TestDiagnosticsInModules(t *testing.T) {
	mod := `[
    LogValue = (prefix, value) => Diagnostics.Trace(TraceLevel.Information, prefix, value)
]`
	loader := `Extension.LoadFunction = (name as text) => Expression.Evaluate(Text.FromBinary(Extension.Contents(name)), #shared);
Diagnostics = Extension.LoadFunction("Diagnostics.pqm");
`
	for _, c := range []struct{ name, src, want string }{
		{"bound without a flag", `Diagnostics.LogValue = Diagnostics[LogValue];`, "unguarded"},
		{"bound under a flag", `Diagnostics.LogValue = if EnableTraceOutput then Diagnostics[LogValue] else (p, v) => v;`, "guarded by a flag(EnableTraceOutput false=true literal=true via=1)"},
		{"never used", `Other = 1;`, "unreached"},
	} {
		m := modeltest.Build(t, map[string]string{
			"main": `section S;
EnableTraceOutput = false;
[DataSource.Kind = "S"]
shared S.Contents = (x) => Diagnostics.LogValue("x", x);
` + loader + c.src,
			"Diagnostics.pqm": mod,
		})
		if got := guards(m.Facts); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
		if c.want != "unreached" && m.Facts.Diagnostics[0].Member != nil {
			t.Errorf("%s: a module call has a member", c.name)
		}
	}
}

func TestDerefFollows(t *testing.T) {
	m := modeltest.Section(t, `section S;
A = B;
B = let x = [f = C] in x[f];
C = (1);
D = Make(2);
Make = (n) => [v = n];
E = [a = 1] & [b = A];
`)
	f, in := m.Facts, m.Scope
	if got := facts.Deref(in, in.Member("A").Value); got.Text() != "1" {
		t.Errorf("Deref(A) = %q", got.Text())
	}
	if got := facts.Deref(in, in.Member("D").Value); got.Kind() != syntax.KindInvocationExpression {
		t.Errorf("package Deref entered a call")
	}
	if got := f.Deref(in.Member("D").Value); got.Text() != "[v = n]" {
		t.Errorf("Facts.Deref(D) = %q", got.Text())
	}
	fields, last, ok := f.RecordOf(in.Member("E").Value)
	if !ok || names(fields) != "a,b" || last.Text() != "[b = A]" {
		t.Errorf("RecordOf(E) %v %s", ok, names(fields))
	}
}

func TestTestConnectors(t *testing.T) {
	for _, c := range []struct {
		name, ds string
		nav      facts.NavKind
		auth     string
		modules  int
	}{
		{"ContosoDesk", "ContosoDesk.Contents", facts.NavTable, "OAuth", 3},
		{"Fabrikam", "Fabrikam.Database", facts.NavSource, "UsernamePassword", 0},
		{"Litware", "Litware.Contents", facts.NavTable, "Anonymous", 2},
	} {
		var m *model.Model = modeltest.LoadTestdata(t, c.name)
		f := m.Facts
		ds := f.DataSource(c.ds)
		if ds == nil || ds.Nav.Kind != c.nav || !ds.Documented() || ds.Publish == nil || ds.Publish.Beta == nil || !ds.Publish.Beta.Bool {
			t.Errorf("%s: data source %+v", c.name, ds)
			continue
		}
		k := f.Kind(ds.Kind)
		if len(k.AuthKinds) == 0 || k.AuthKinds[0].Name != c.auth || k.TestConnection == nil || !k.TestConnection.IsList {
			t.Errorf("%s: kind %+v", c.name, k)
		}
		if len(f.Modules) != c.modules {
			t.Errorf("%s: modules %d", c.name, len(f.Modules))
		}
		for _, icons := range []*facts.Icons{ds.Publish.SourceImage, ds.Publish.SourceTypeImage} {
			if icons == nil || len(icons.Icon16.Images) != 4 || len(icons.Icon32.Images) != 4 {
				t.Errorf("%s: icons", c.name)
			}
		}
		for _, d := range f.Diagnostics {
			if d.Guard.Kind != facts.ByFlag || !d.Guard.FlagFalse {
				t.Errorf("%s: trace %v", c.name, d.Guard.Kind)
			}
		}
	}
}

func TestRecordOfMerges(t *testing.T) {
	m := modeltest.Section(t, `section S;
A = [a = 1, b = 2, a = 3] & ([b = 4, c = 5] & [c = 6, #"d" = 7]);
B = ([a = 1, b = 2] & [b = 4, c = 5]) & [a = 8, c = 6];
C = [a = 1] & 2;
D = [] & [];
E = B[c];
`)
	f, in := m.Facts, m.Scope
	for _, c := range []struct{ member, want string }{
		{"A", "a=1 b=4 c=6 d=7"},
		{"B", "a=8 b=4 c=6"},
		{"D", ""},
	} {
		fields, _, ok := f.RecordOf(in.Member(c.member).Value)
		list, _, lok := f.FieldsOf(in.Member(c.member).Value)
		if !ok || !lok || fields == nil {
			t.Errorf("RecordOf(%s): not a record", c.member)
			continue
		}
		var got []string
		for _, k := range slices.Sorted(maps.Keys(fields)) {
			got = append(got, k+"="+fields[k].ChildByField(syntax.FieldValue).Text())
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("RecordOf(%s) = %s, want %s", c.member, strings.Join(got, " "), c.want)
		}
		if len(list) != len(fields) {
			t.Errorf("FieldsOf(%s) has %d fields, want %d", c.member, len(list), len(fields))
		}
		for k, v := range fields {
			if n, ok := list.Get(k); !ok || n != v {
				t.Errorf("FieldsOf(%s).Get(%s) = %q", c.member, k, n.Text())
			}
		}
	}
	if _, _, ok := f.RecordOf(in.Member("C").Value); ok {
		t.Errorf("RecordOf(C): a record")
	}
	if got := f.Deref(in.Member("E").Value); got.Text() != "6" {
		t.Errorf("Deref(E) = %q", got.Text())
	}
}
