package security_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/ruletest"
	"github.com/pqcert/pqcert/server/rules/security"
)

// -- helpers --

// header is a section with a Key data source function S.Contents = Impl.
func keyConnector(body string) string {
	return `-- S.pq --
[Version = "1.0.0"]
section S;

[DataSource.Kind = "S", Publish = "S.Publish"]
shared S.Contents = Impl;

S = [TestConnection = (dataSourcePath) => {"S.Contents"}, Authentication = [Key = []]];
S.Publish = [Beta = true];
` + body
}

// findings runs the family over an archive and returns its findings.
func findings(t *testing.T, archive string) []rules.Finding {
	t.Helper()
	_, fs := ruletest.Findings(t, ruletest.Write(t, archive), security.Rules)
	return fs
}

// applyFix applies the fix titled title (prefix) of the first finding of
// code, writes the changed files and returns their texts by name.
func applyFix(t *testing.T, dir, code, title string) map[string]string {
	t.Helper()
	m, fs := ruletest.Findings(t, dir, security.Rules)
	for _, f := range fs {
		if f.Rule.Code != code {
			continue
		}
		for _, fx := range f.Fixes {
			if !strings.HasPrefix(fx.Title, title) {
				continue
			}
			out := ruletest.ApplyFix(t, m, fx)
			for name, text := range out {
				if err := os.WriteFile(filepath.Join(m.Connector.Dir, filepath.FromSlash(name)), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			return out
		}
		t.Fatalf("%s has no fix %q: %+v", code, title, f.Fixes)
	}
	t.Fatalf("no %s finding", code)
	return nil
}

// codes lists the codes of findings, sorted.
func codes(fs []rules.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule.Code)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// Messages name the concrete thing: the credential, where it goes, the
// address and the parameter.
func TestMessages(t *testing.T) {
	fs := findings(t, keyConnector(`
Impl = (optional url as text) =>
    let
        key = Extension.CurrentCredential()[Key],
        a = Web.Contents("http://api.example.com/a"),
        b = Web.Contents("https://api.example.com/b", [Query = [api_key = key]]),
        c = Web.Contents(url)
    in
        {a, b, c};
`))
	var got []string
	for _, f := range fs {
		got = append(got, f.Rule.Code+" "+f.Message)
	}
	want := []string{
		"PQC507 the current credential is sent in the query string as `api_key` to `api.example.com` (https) by `Web.Contents`",
		"PQC501 `Web.Contents` sends the credentials of `S` (Key, added by the engine) to `http://api.example.com/a` over plain http",
		"PQC502 `api_key`, derived from the current credential, goes into the `Query` of a GET request (`Web.Contents`); pass it in `CredentialQuery`, or send a POST",
		"PQC509 the URL of `Web.Contents` comes from the parameter `url` of `S.Contents`, which users type, and is not checked to be https first; the request carries credentials",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// -- PQC501 --

func TestCredentialsOverHTTP(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, keyConnector(`
BaseUrl = "http://api.example.com/v1/";

Impl = () =>
    let
        implicit = Web.Contents(BaseUrl, [RelativePath = "a"]), // want PQC501 "(Key, added by the engine)"
        key = Extension.CurrentCredential()[Key], // want PQC507
        explicit = Web.Contents("HTTP://api.example.com/b", [Headers = [#"X-Key" = key]]), // want PQC501 "X-Key"
        viaHelper = Get("http://api.example.com/c"),
        secure = Web.Contents("https://api.example.com/d"),
        checked = Web.Contents(Check(Other)),
        manual = Web.Contents("http://cdn.example.com/e", [ManualCredentials = true])
    in
        {implicit, explicit, viaHelper, secure, checked, manual};

Get = (url as text) => Web.Contents(url & "?x=1"); // want PQC501 "http://api.example.com/c"

Other = "http://api.example.com/f";
Check = (u as text) => if Uri.Parts(u)[Scheme] <> "https" then error "https only" else u;
`)), security.Rules)
}

// Requests of anonymous kinds carry no credentials, and a URL the analysis
// cannot follow (a next-page link from the server) proves nothing either way.
func TestCredentialsOverHTTPNegatives(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- A.pq --
[Version = "1.0.0"]
section A;

[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Contents = () => Web.Contents("http://open.example.com/data");

A = [TestConnection = (dataSourcePath) => {"A.Contents"}, Authentication = [Anonymous = []]];
A.Publish = [Beta = true];

[DataSource.Kind = "B", Publish = "B.Publish"]
shared B.Contents = () => GetAll("https://api.example.com/items");

B = [TestConnection = (dataSourcePath) => {"B.Contents"}, Authentication = [OAuth = [StartLogin = Start, FinishLogin = Finish]]];
B.Publish = [Beta = true];
Start = (resourceUrl, state, display) => [];
Finish = (context, callbackUri, state) => [];

GetAll = (url as text) =>
    List.Generate(
        () => GetPage(url),
        (page) => page <> null,
        (page) => if page[next] = null then null else GetPage(page[next]));

GetPage = (url as text) =>
    let
        body = Json.Document(Web.Contents(url))
    in
        [rows = body[value], next = Record.FieldOrDefault(body, "@odata.nextLink", null)];
`), security.Rules)
}

// -- PQC502 --

func TestCredentialsInGetQuery(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, keyConnector(`
Impl = () =>
    let
        key = Extension.CurrentCredential()[Key], // want PQC507 "query string"
        get = Web.Contents("https://api.example.com/", [Query = [api_key = key, limit = "5"]]), // want PQC502 "api_key"
        inUrl = Web.Contents("https://api.example.com/?key=" & key), // want PQC502 "URL"
        good = Web.Contents("https://api.example.com/", [Query = [limit = "5"], CredentialQuery = [api_key = key]]),
        post = Web.Contents("https://api.example.com/", [Query = [api_key = key], Content = Text.ToBinary("{}")]),
        engine = Web.Contents("https://api.example.com/", [ApiKeyName = "api_key"])
    in
        {get, inUrl, good, post, engine};
`)), security.Rules)
}

// -- PQC503, PQC504, PQC505 --

func TestTracing(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, keyConnector(`
TraceOn = true; // want PQC504 "TraceOn"
Quiet = false;

Impl = () =>
    let
        key = Extension.CurrentCredential()[Key], // want PQC507 "trace log"
        response = Web.Contents("https://api.example.com/", [Headers = [#"X-Key" = key]]),
        a = Diagnostics.Trace(TraceLevel.Information, "plain", 1), // want PQC503
        b = if TraceOn then Diagnostics.Trace(TraceLevel.Information, "key " & key, 2) else 2, // want PQC505 "credential"
        c = Log("token", key),
        d = if TraceOn then Diagnostics.Trace(TraceLevel.Information, Text.FromBinary(response), 4) else 4, // want PQC505 "whole response body"
        e = if TraceOn then Diagnostics.Trace(TraceLevel.Information, "value only", key) else key,
        f = if Quiet then Diagnostics.Trace(TraceLevel.Information, "quiet", 5) else 5,
        g = if key = "" then error Diagnostics.Trace(TraceLevel.Error, "no key", Error.Record("Expression.Error", "no key")) else 6,
        h = Json.Document(response)[id],
        i = if TraceOn then Diagnostics.Trace(TraceLevel.Information, "id " & Text.From(h), 7) else 7,
        j = Diagnostics.ActivityId(),
        k = LogAny(TraceLevel.Information, "x", 1),
        l = if TraceOn then Diagnostics.Trace(TraceLevel.Information, "kind " & Extension.CurrentCredential()[AuthenticationKind], 8) else 8 // want PQC507 "AuthenticationKind"
    in
        {a, b, c, d, e, f, g, i, j, k, l};

Log = (label as text, value as any) =>
    if TraceOn then Diagnostics.Trace(TraceLevel.Information, label & ": " & Text.From(value), value) else value; // want PQC505 "credential"

LogAny = Diagnostics.Trace; // want PQC503
`)), security.Rules)
}

// The Diagnostics.pqm idiom of Microsoft's samples: the module's traces are
// reached only through members chosen by the flag.
func TestTracingHelperModule(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, keyConnector(`
EnableTraceOutput = false;

Impl = () => Diagnostics.LogValue("rows", Web.Contents("https://api.example.com/"));

Extension.LoadFunction = (fileName as text) =>
    Expression.Evaluate(Text.FromBinary(Extension.Contents(fileName)), #shared);

Diagnostics = Extension.LoadFunction("Diagnostics.pqm");
Diagnostics.LogValue = if EnableTraceOutput then Diagnostics[LogValue] else (prefix, value) => value;
-- Diagnostics.pqm --
[
    LogValue = (prefix, value) => Diagnostics.Trace(TraceLevel.Information, prefix, value)
]
`)), security.Rules)
	ruletest.Run(t, ruletest.Write(t, keyConnector(`
Impl = () => Tracing[LogValue]("rows", Web.Contents("https://api.example.com/"));

Tracing = Expression.Evaluate(Text.FromBinary(Extension.Contents("Tracing.pqm")), #shared);
-- Tracing.pqm --
[
    LogValue = (prefix, value) => Diagnostics.Trace(TraceLevel.Information, prefix, value) // want PQC503 "reaches it"
]
`)), security.Rules)
}

func TestTracedSecretSeverity(t *testing.T) {
	fs := findings(t, keyConnector(`
On = true;
Impl = () =>
    let
        r = Web.Contents("https://api.example.com/"),
        a = if On then Diagnostics.Trace(TraceLevel.Information, Text.FromBinary(Binary.Buffer(r)), 1) else 1,
        b = if On then Diagnostics.Trace(TraceLevel.Information, "k" & Extension.CurrentCredential()[Key], 1) else 1
    in
        {a, b};
`))
	got := map[rules.Severity]int{}
	for _, f := range fs {
		if f.Rule.Code == "PQC505" {
			got[f.Severity]++
		}
	}
	if got[rules.Warning] != 1 || got[rules.Error] != 1 {
		t.Errorf("PQC505 severities %v, want one warning (whole body) and one error (secret)", got)
	}
}

// -- PQC506 --

func TestDynamicExpressionEvaluate(t *testing.T) {
	dir := ruletest.Write(t, `
-- E.pq --
[Version = "1.0.0"]
section E;

[DataSource.Kind = "E", Publish = "E.Publish"]
shared E.Contents = (code as text) =>
    let
        downloaded = Expression.Evaluate(Text.FromBinary(Web.Contents("https://e.example.com/x.m")), #shared), // want PQC506 "code taken from the response"
        typed = Expression.Evaluate(code, #shared), // want PQC506 "the parameter"
        built = Expression.Evaluate(Text.Combine({"1", "+", "2"}), #shared), // want PQC506 "built at run time"
        env = Expression.Evaluate("1 + 1", Record.AddField([], "a", 1)), // want PQC506 "environment"
        literal = Expression.Evaluate("1 + 1", [a = 1]),
        shared = Expression.Evaluate("List.Sum({1, 2})", #shared & [x = 1]),
        empty = Expression.Evaluate("1"),
        module = Load("Helpers.pqm", #shared)
    in
        {downloaded, typed, built, env, literal, shared, empty, module};

Load = (file as text, env as record) => Expression.Evaluate(Text.FromBinary(Extension.Contents(file)), env);
Other = LoadModule("Table.ToNavigationTable.pqm");
LoadModule = (name as text) => Expression.Evaluate(Text.FromBinary(Extension.Contents(name)), #shared);

E = [TestConnection = (dataSourcePath) => {"E.Contents"}, Authentication = [Anonymous = []]];
E.Publish = [Beta = true];
`)
	for _, f := range ruletest.Run(t, dir, security.Rules) {
		want := rules.Error
		if strings.Contains(f.Message, "built at run time") || strings.Contains(f.Message, "environment") {
			want = rules.Warning
		}
		if f.Severity != want {
			t.Errorf("%s %q: severity %s, want %s", f.Rule.Code, f.Message, f.Severity, want)
		}
	}
}

// -- PQC507 --

func TestCredentialFlow(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- D.pq --
[Version = "1.0.0"]
section D;

[DataSource.Kind = "D", Publish = "D.Publish"]
shared D.Database = (server as text) =>
    let
        credential = Extension.CurrentCredential(), // want PQC507 "CredentialConnectionString"
        kind = Extension.CurrentCredential()[AuthenticationKind] // want PQC507 "AuthenticationKind"
    in
        if kind = "UsernamePassword" then
            Odbc.DataSource([Driver = "D", Server = server], [CredentialConnectionString = [UID = credential[Username], PWD = credential[Password]]])
        else
            error "unsupported";

[DataSource.Kind = "D2", Publish = "D.Publish"]
shared D2.Contents = () =>
    Web.Contents("https://api.example.com/v1/items", [Headers = [Authorization = "Bearer " & Extension.CurrentCredential()[access_token]]]); // want PQC507 "Authorization"

D = [TestConnection = (dataSourcePath) => {"D.Database", Json.Document(dataSourcePath)[server]}, Authentication = [UsernamePassword = []]];
D2 = [TestConnection = (dataSourcePath) => {"D2.Contents"}, Authentication = [OAuth = [StartLogin = Start, FinishLogin = Finish]]];
D.Publish = [Beta = true];
Start = (resourceUrl, state, display) => [];
Finish = (context, callbackUri, state) => [];
`), security.Rules)
}

// -- PQC508 --

func TestCurrentCredentialsTypo(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, keyConnector(`
Impl = () => Extension.CurrentCredentials()[Key]; // want PQC508 "the function is"
`)), security.Rules)
	// A connector's own member of that name is no typo.
	ruletest.Run(t, ruletest.Write(t, keyConnector(`
Extension.CurrentCredentials = () => Extension.CurrentCredential(); // want PQC507
Impl = () => Extension.CurrentCredentials()[Key];
`)), security.Rules)
}

// -- PQC509 --

func TestHTTPSUserURL(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- U.pq --
[Version = "1.0.0"]
section U;

[DataSource.Kind = "U", Publish = "U.Publish"]
shared U.Contents = Value.ReplaceType(ContentsImpl, type function (url as Uri.Type) as any);
ContentsImpl = (url as text) => Json.Document(Web.Contents(url)); // want PQC509 "U.Contents"

[DataSource.Kind = "U", Publish = "U.Publish"]
shared U.Feed = (url as text) => OData.Feed(url & "/odata", null, [Implementation = "2.0"]); // want PQC509 "credentials"

[DataSource.Kind = "U", Publish = "U.Publish"]
shared U.Checked = (url as text) => Get(Validate(url), "items");

[DataSource.Kind = "U", Publish = "U.Publish"]
shared U.Prefixed = (url as text) => Web.Contents(if Text.StartsWith(url, "https://") then url else error "https only");

[DataSource.Kind = "U", Publish = "U.Publish"]
shared U.Tenant = (tenant as text) => Web.Contents("https://" & tenant & ".example.com/api");

Get = (base as text, path as text) => Web.Contents(base, [RelativePath = path]);
Validate = (url as text) => if Uri.Parts(url)[Scheme] <> "https" then error "https only" else url;

U = [TestConnection = (dataSourcePath) => {"U.Contents", dataSourcePath}, Authentication = [Key = []]];
U.Publish = [Beta = true];
`), security.Rules)
}

// -- PQC510 --

func TestUnhandledManualStatus(t *testing.T) {
	// Credential errors are looked for in the member around the request
	// and what it reaches, so each request stands in its own member.
	ruletest.Run(t, ruletest.Write(t, keyConnector(`
Impl = () => {Ignored(), Read(), NotAuth(), Raised()};

Ignored = () => Json.Document(Web.Contents("https://api.example.com/a", [ManualStatusHandling = {401, 404}])); // want PQC510 "401"
Read = () =>
    let
        response = Web.Contents("https://api.example.com/b", [ManualStatusHandling = {403}])
    in
        if Value.Metadata(response)[Response.Status] = 403 then error "forbidden" else response;
NotAuth = () => Web.Contents("https://api.example.com/c", [ManualStatusHandling = {404, 500}]);
Raised = () => Raise(Web.Contents("https://api.example.com/d", [ManualStatusHandling = {401}]));
Raise = (response as binary) => if Binary.Length(response) = 0 then error Extension.CredentialError(Credential.AccessDenied) else response;
`)), security.Rules)
}

// -- Fixes --

func TestSafeFixes(t *testing.T) {
	ruletest.RunWithFixes(t, keyConnector(`
Flag = true;

Impl = () =>
    let
        key = Extension.CurrentCredentials()[Key],
        r = Web.Contents("http://api.example.com/", [
            Query = [api_key = key, limit = "500"],
            Headers = [Accept = "application/json"]
        ]),
        only = Web.Contents("https://api.example.com/x", [Query = [api_key = key]]),
        merge = Web.Contents("https://api.example.com/y", [Query = [limit = "1", token = key, sig = key], CredentialQuery = [a = "b"]])
    in
        if Flag then Diagnostics.Trace(TraceLevel.Information, "read", r) else {r, only, merge};
`)+`-- @S.pq --
[Version = "1.0.0"]
section S;

[DataSource.Kind = "S", Publish = "S.Publish"]
shared S.Contents = Impl;

S = [TestConnection = (dataSourcePath) => {"S.Contents"}, Authentication = [Key = []]];
S.Publish = [Beta = true];

Flag = false;

Impl = () =>
    let
        key = Extension.CurrentCredential()[Key],
        r = Web.Contents("https://api.example.com/", [
            Query = [limit = "500"],
            CredentialQuery = [api_key = key],
            Headers = [Accept = "application/json"]
        ]),
        only = Web.Contents("https://api.example.com/x", [CredentialQuery = [api_key = key]]),
        merge = Web.Contents("https://api.example.com/y", [Query = [limit = "1"], CredentialQuery = [a = "b", token = key, sig = key]])
    in
        if Flag then Diagnostics.Trace(TraceLevel.Information, "read", r) else {r, only, merge};
`, security.Rules)
}

func TestUnsafeFixes(t *testing.T) {
	t.Run("tracing with the connector's flag", func(t *testing.T) {
		dir := ruletest.Write(t, keyConnector(`
On = false;
Impl = () => {if On then Diagnostics.Trace(TraceLevel.Information, "a", 1) else 1, Diagnostics.Trace(TraceLevel.Information, "b", 2) + 1, Diagnostics.Trace(TraceLevel.Information, "c", () => 3, true)};
`))
		for i := 0; i < 2; i++ {
			applyFix(t, dir, "PQC503", "Trace only when `On` is true")
		}
		got := applyFixText(t, dir)
		want := `Impl = () => {if On then Diagnostics.Trace(TraceLevel.Information, "a", 1) else 1, (if On then Diagnostics.Trace(TraceLevel.Information, "b", 2) else 2) + 1, if On then Diagnostics.Trace(TraceLevel.Information, "c", () => 3, true) else (() => 3)()};`
		if !strings.Contains(got, want) {
			t.Errorf("after fixes:\n%s\nwant a line\n%s", got, want)
		}
		if fs := findings(t, "-- S.pq --\n"+got); codes(fs) != "" {
			t.Errorf("findings left: %s", codes(fs))
		}
	})
	t.Run("tracing with a new flag", func(t *testing.T) {
		dir := ruletest.Write(t, keyConnector(`
TraceEnabled = 1;
Impl = () => Diagnostics.Trace(TraceLevel.Information, "a", TraceEnabled);
`))
		out := applyFix(t, dir, "PQC503", "Trace only when `TraceEnabled2` is true")
		got := out["S.pq"]
		for _, want := range []string{
			"Impl = () => if TraceEnabled2 then Diagnostics.Trace(TraceLevel.Information, \"a\", TraceEnabled) else TraceEnabled;",
			"\nTraceEnabled2 = false;\n",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("after the fix:\n%s\nwant %q", got, want)
			}
		}
		if fs := findings(t, "-- S.pq --\n"+got); codes(fs) != "" {
			t.Errorf("findings left: %s", codes(fs))
		}
	})
	t.Run("user URL", func(t *testing.T) {
		dir := ruletest.Write(t, `
-- U.pq --
[Version = "1.0.0"]
section U;

[DataSource.Kind = "U", Publish = "U.Publish"]
shared U.Contents = (url as text) => Json.Document(Web.Contents(url & "/api"));

U = [TestConnection = (dataSourcePath) => {"U.Contents", dataSourcePath}, Authentication = [Anonymous = []]];
U.Publish = [Beta = true];
`)
		got := applyFix(t, dir, "PQC509", "Check the URL's scheme")["U.pq"]
		for _, want := range []string{
			`Json.Document(Web.Contents(ValidateUrlScheme(url & "/api")))`,
			"\nValidateUrlScheme = (url as text) as text =>\n    if Uri.Parts(url)[Scheme] <> \"https\" then\n",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("after the fix:\n%s\nwant %q", got, want)
			}
		}
		if fs := findings(t, "-- U.pq --\n"+got); codes(fs) != "" {
			t.Errorf("findings left: %s", codes(fs))
		}
	})
	t.Run("http through a helper", func(t *testing.T) {
		dir := ruletest.Write(t, keyConnector(`
Impl = () => Get("http://api.example.com/");
Get = (url as text) => Web.Contents(url);
ValidateUrlScheme = (u as text) => if not Text.StartsWith(u, "https://") then error "no" else u;
`))
		got := applyFix(t, dir, "PQC501", "Check the URL's scheme")["S.pq"]
		if want := "Get = (url as text) => Web.Contents(ValidateUrlScheme(url));"; !strings.Contains(got, want) {
			t.Errorf("after the fix:\n%s\nwant %q", got, want)
		}
		if strings.Count(got, "ValidateUrlScheme =") != 1 {
			t.Errorf("the connector's own ValidateUrlScheme should be used:\n%s", got)
		}
		if fs := findings(t, "-- S.pq --\n"+got); codes(fs) != "" {
			t.Errorf("findings left: %s", codes(fs))
		}
	})
}

// applyFixText returns the text of S.pq in dir.
func applyFixText(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "S.pq"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
