package flow_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/flow"
	"github.com/pqcert/pqcert/server/model/modeltest"
	"github.com/pqcert/pqcert/server/syntax"
)

// request returns the request whose call text contains s.
func request(t *testing.T, m *model.Model, s string) *flow.Request {
	t.Helper()
	for _, r := range m.Flow.Requests {
		if strings.Contains(r.Node.Text(), s) {
			return r
		}
	}
	t.Fatalf("no request containing %q; have %d requests", s, len(m.Flow.Requests))
	return nil
}

// node returns the first node of f whose text is s, preferring the
// outermost.
func node(t *testing.T, f *syntax.File, s string) syntax.Node {
	t.Helper()
	for i := 0; i < f.NodeCount(); i++ {
		if n := f.Node(i); n.IsNamed() && n.Text() == s {
			return n
		}
	}
	t.Fatalf("no node %q", s)
	return syntax.Node{}
}

func whats(steps []flow.Step) string {
	var out []string
	for _, s := range steps {
		out = append(out, s.What)
	}
	return strings.Join(out, " | ")
}

// kinds returns a kind record and a data source function of that kind
// around body, a member list.
func connector(auth, body string) string {
	return `[Version = "1.0.0"]
section S;
[DataSource.Kind = "S", Publish = "S.Publish"]
shared S.Contents = Impl;
S = [TestConnection = (p) => {"S.Contents"}, Authentication = [` + auth + `]];
S.Publish = [Beta = true];
` + body
}

func TestCredentialReachesHeaderThroughBindings(t *testing.T) {
	m := modeltest.Section(t, connector("Key = []", `
Impl = () =>
    let
        key = Extension.CurrentCredential()[Key],
        auth = "Bearer " & key,
        headers = [Authorization = auth, Accept = "application/json"]
    in
        Json.Document(Web.Contents("https://api.example.com/v1", [Headers = headers, ManualCredentials = true]));
`))
	r := request(t, m, "api.example.com")
	if !r.Credentialed || r.Implicit {
		t.Fatalf("credentialed %v implicit %v", r.Credentialed, r.Implicit)
	}
	if len(r.Credentials) != 1 || r.Credentials[0].In != "Headers" || r.Credentials[0].Field != "Authorization" {
		t.Fatalf("uses %+v", r.Credentials)
	}
	want := "`Extension.CurrentCredential()` | bound to `key` | bound to `auth` | bound to `headers`"
	if got := whats(r.Credentials[0].Path); got != want {
		t.Errorf("path\n got  %s\n want %s", got, want)
	}
	if strings.Join(r.CredentialIn, ",") != "Headers" || !r.ManualCredentials || !r.HTTPS {
		t.Errorf("in %v manual %v https %v", r.CredentialIn, r.ManualCredentials, r.HTTPS)
	}
	if len(m.Flow.Credentials) != 1 {
		t.Errorf("credential calls %d", len(m.Flow.Credentials))
	}
	if p := m.Flow.Tainted(node(t, m.Main, `"Bearer " & key`)); p == nil {
		t.Errorf("concatenation not tainted")
	}
	if p := m.Flow.Tainted(node(t, m.Main, `"application/json"`)); p != nil {
		t.Errorf("literal tainted: %s", whats(p))
	}
}

func TestCredentialThroughHelperFunctions(t *testing.T) {
	m := modeltest.Section(t, connector("OAuth = []", `
Impl = () => GetData("items", Token());
Token = () => Extension.CurrentCredential()[access_token];
AuthHeaders = (token as text) => [Authorization = Text.Format("Bearer #{0}", {token})];
GetData = (path as text, token as text) =>
    Web.Contents("https://api.example.com/", [RelativePath = path, Headers = AuthHeaders(token), ManualCredentials = true]);
`))
	r := request(t, m, "api.example.com")
	if len(r.Credentials) != 1 {
		t.Fatalf("uses %+v", r.Credentials)
	}
	u := r.Credentials[0]
	if u.In != "Headers" || u.Field != "Authorization" {
		t.Errorf("use %s[%s]", u.In, u.Field)
	}
	got := whats(u.Path)
	for _, w := range []string{"`Extension.CurrentCredential()`", "returned by `Token`", "passed as `token` to `GetData`", "passed as `token` to `AuthHeaders`", "returned by `AuthHeaders`"} {
		if !strings.Contains(got, w) {
			t.Errorf("path lacks %q: %s", w, got)
		}
	}
	// Inside the helper, the parameter is tainted because a caller passes
	// the credential.
	if p := m.Flow.Tainted(node(t, m.Main, `Text.Format("Bearer #{0}", {token})`)); p == nil {
		t.Errorf("helper body not tainted")
	}
}

func TestCredentialLocations(t *testing.T) {
	m := modeltest.Section(t, connector("Key = []", `
Impl = () =>
    let
        key = Extension.CurrentCredential()[Key],
        a = Web.Contents("https://a.example.com/?key=" & key, [ManualCredentials = true]),
        b = Web.Contents("https://b.example.com/", [Query = [key = key, n = "1"], ManualCredentials = true]),
        c = Web.Contents("https://c.example.com/", [CredentialQuery = [key = key], ManualCredentials = true]),
        d = Web.Contents("https://d.example.com/", [Content = Json.FromValue([key = key]), ManualCredentials = true]),
        e = Web.Contents("https://e.example.com/", [ApiKeyName = "api_key"])
    in
        {a, b, c, d, e};
`))
	for _, c := range []struct{ host, in, field string }{
		{"a.example", "url", ""}, {"b.example", "Query", "key"}, {"c.example", "CredentialQuery", "key"}, {"d.example", "Content", ""},
	} {
		r := request(t, m, c.host)
		if len(r.Credentials) != 1 || r.Credentials[0].In != c.in || r.Credentials[0].Field != c.field {
			t.Errorf("%s: uses %+v", c.host, r.Credentials)
		}
	}
	if r := request(t, m, "d.example"); !r.HasContent {
		t.Errorf("POST not seen")
	}
	e := request(t, m, "e.example")
	if !e.Implicit || len(e.Credentials) != 0 || strings.Join(e.CredentialIn, ",") != "ApiKeyName" {
		t.Errorf("ApiKeyName request: implicit %v uses %v in %v", e.Implicit, e.Credentials, e.CredentialIn)
	}
}

func TestCredentialThatNeverReachesARequest(t *testing.T) {
	m := modeltest.Section(t, connector("UsernamePassword = []", `
Impl = () =>
    let
        credential = Extension.CurrentCredential(),
        kind = credential[AuthenticationKind],
        isBasic = credential[Username] <> null,
        size = Text.Length(credential[Password]),
        typo = Extension.CurrentCredentials()[Password],
        response = Web.Contents("https://api.example.com/", [
            Headers = [Kind = kind, Basic = Text.From(isBasic), Size = Text.From(size), Typo = typo],
            ManualCredentials = true])
    in
        response;
`))
	r := request(t, m, "api.example.com")
	if r.Credentialed || len(r.Credentials) != 0 {
		t.Errorf("credentialed %v uses %+v", r.Credentialed, r.Credentials)
	}
	if len(m.Flow.Credentials) != 1 {
		t.Errorf("the misspelt call counts as a credential source: %d calls", len(m.Flow.Credentials))
	}
	if p := m.Flow.Tainted(node(t, m.Main, "credential[AuthenticationKind]")); p != nil {
		t.Errorf("AuthenticationKind tainted")
	}
	if p := m.Flow.Tainted(node(t, m.Main, "credential[Username]")); p == nil {
		t.Errorf("Username not tainted")
	}
}

func TestImplicitCredentials(t *testing.T) {
	src := `[Version = "1.0.0"]
section S;
[DataSource.Kind = "Keyed", Publish = "P"]
shared Keyed.Contents = () => Fetch("https://keyed.example.com/");
[DataSource.Kind = "Open", Publish = "P"]
shared Open.Contents = () => Web.Contents("http://open.example.com/");
Keyed = [TestConnection = (p) => {"Keyed.Contents"}, Authentication = [Key = [], Anonymous = []]];
Open = [TestConnection = (p) => {"Open.Contents"}, Authentication = [Anonymous = [], Implicit = []]];
P = [Beta = true];
Fetch = (url as text) => Json.Document(Web.Contents(url, [Headers = [Accept = "application/json"]]));
Manual = () => Web.Contents("https://manual.example.com/", [ManualCredentials = true]);
[DataSource.Kind = "Keyed"]
shared Keyed.Manual = () => Manual();
FinishLogin = (context, callbackUri, state) => Web.Contents("https://login.example.com/token", [Content = Text.ToBinary("x")]);
`
	m := modeltest.Section(t, src)
	keyed := request(t, m, "Web.Contents(url")
	if !keyed.Implicit || !keyed.Credentialed || keyed.DataSource == nil || keyed.DataSource.Name != "Keyed.Contents" {
		t.Errorf("helper request of a Key function: implicit %v owner %v", keyed.Implicit, keyed.DataSource)
	}
	if !keyed.HTTPS || !strings.Contains(keyed.HTTPSWhy, "every caller") {
		t.Errorf("https %v %q", keyed.HTTPS, keyed.HTTPSWhy)
	}
	open := request(t, m, "open.example.com")
	if open.Credentialed || open.HTTPS {
		t.Errorf("anonymous http request: credentialed %v https %v", open.Credentialed, open.HTTPS)
	}
	if open.URLPrefix != "http://open.example.com/" || open.Host != "open.example.com" {
		t.Errorf("prefix %q host %q", open.URLPrefix, open.Host)
	}
	if r := request(t, m, "manual.example.com"); r.Implicit || r.Credentialed {
		t.Errorf("ManualCredentials = true still implicit")
	}
	if r := request(t, m, "login.example.com"); r.Implicit || len(r.DataSources) != 0 {
		t.Errorf("a request no data source function reaches is implicit")
	}
}

func TestHTTPSProofs(t *testing.T) {
	m := modeltest.Section(t, connector("Anonymous = []", `
BaseUrl = "https://api.example.com/";
Impl = () => {
    Web.Contents(BaseUrl, [RelativePath = "v1/items"]),
    Web.Contents(BaseUrl & "v1/concat"),
    Web.Contents(Uri.Combine(BaseUrl, "v1/combined")),
    Web.Contents(Text.Format("https://#{0}.example.com/format", {"tenant"})),
    Web.Contents("HTTP://plain.example.com/upper"),
    Checked("http" & "://x/checked"),
    Validated(Extension.LoadString("Url"))
};
Checked = (url as text) =>
    if Uri.Parts(url)[Scheme] <> "https" then error "https only" else Web.Contents(url, [Headers = [Check = "inline"]]);
ValidateUrlScheme = (url as text) as text =>
    if (Uri.Parts(url)[Scheme] <> "https") then error "Url scheme must be HTTPS" else url;
Validated = (url as text) =>
    let
        _url = ValidateUrlScheme(url)
    in
        Web.Contents(_url, [Headers = [Check = "helper"]]);
`))
	for _, c := range []struct {
		s     string
		https bool
		why   string
	}{
		{`v1/items`, true, "an https literal"},
		{`v1/concat`, true, "starts with an https literal"},
		{`v1/combined`, true, "an https base URL"},
		{`/format`, true, "formatted from an https literal"},
		{`HTTP://plain`, false, ""},
		{`"inline"`, true, "checked by `Uri.Parts(url)[Scheme] <> \"https\"`"},
		{`"helper"`, true, "checked by `ValidateUrlScheme`"},
	} {
		r := request(t, m, c.s)
		if r.HTTPS != c.https || r.HTTPSWhy != c.why {
			t.Errorf("%s: https %v %q, want %v %q", c.s, r.HTTPS, r.HTTPSWhy, c.https, c.why)
		}
	}
}

func TestSchemeCheckThatDoesNotDominate(t *testing.T) {
	m := modeltest.Section(t, connector("Key = []", `
ValidateUrlScheme = (url as text) as text =>
    if Uri.Parts(url)[Scheme] <> "https" then error "Url scheme must be HTTPS" else url;
Impl = (url as text) =>
    let
        checked = ValidateUrlScheme(url),
        response = Web.Contents(url, [Headers = [Case = "lazy"]])
    in
        response;
Other = (url as text, other as text) =>
    if Uri.Parts(other)[Scheme] <> "https" then error "no" else Web.Contents(url, [Headers = [Case = "other"]]);
Either = (url as text) =>
    if Uri.Parts(url)[Scheme] = "https" or url = "" then Web.Contents(url, [Headers = [Case = "or"]]) else error "no";
Both = (url as text) =>
    if Text.StartsWith(url, "https://") and url <> "" then Web.Contents(url, [Headers = [Case = "and"]]) else error "no";
`))
	for _, c := range []struct {
		s     string
		https bool
	}{{`"lazy"`, false}, {`"other"`, false}, {`"or"`, false}, {`"and"`, true}} {
		if r := request(t, m, c.s); r.HTTPS != c.https {
			t.Errorf("%s: https %v (%s)", c.s, r.HTTPS, r.HTTPSWhy)
		}
	}
	lazy := request(t, m, `"lazy"`)
	if !lazy.Credentialed || !lazy.Implicit {
		t.Errorf("Key data source request not implicitly credentialed")
	}
	if len(m.Flow.UserURLs) != 1 || m.Flow.UserURLs[0].Name != "url" || m.Flow.UserURLs[0].Checked {
		t.Fatalf("user URLs %+v", m.Flow.UserURLs)
	}
}

func TestHTTPSFromCallers(t *testing.T) {
	m := modeltest.Section(t, connector("Anonymous = []", `
Impl = () => {Get("https://a.example.com/"), Get("https://b.example.com/"), Pages("https://c.example.com/", 3), Mixed("https://d.example.com/"), Mixed("http://d.example.com/")};
Get = (url as text) => Web.Contents(url, [Headers = [Case = "all https"]]);
Pages = (url as text, n as number) => if n = 0 then {} else {Web.Contents(url, [Headers = [Case = "recursive"]])} & @Pages(url, n - 1);
Mixed = (url as text) => Web.Contents(url, [Headers = [Case = "mixed"]]);
shared Exported = (url as text) => Web.Contents(url, [Headers = [Case = "shared"]]);
Passed = (url as text) => Web.Contents(url, [Headers = [Case = "passed"]]);
Use = List.Transform({"https://e.example.com/"}, Passed);
`))
	for _, c := range []struct {
		s     string
		https bool
	}{{`"all https"`, true}, {`"recursive"`, true}, {`"mixed"`, false}, {`"shared"`, false}, {`"passed"`, false}} {
		if r := request(t, m, c.s); r.HTTPS != c.https {
			t.Errorf("%s: https %v (%s)", c.s, r.HTTPS, r.HTTPSWhy)
		}
	}
}

func TestUserURLs(t *testing.T) {
	m := modeltest.Section(t, `[Version = "1.0.0"]
section S;
[DataSource.Kind = "S", Publish = "S.Publish"]
shared S.Contents = Value.ReplaceType(Impl, type function (url as Uri.Type, path as text, optional top as number) as table);
S = [TestConnection = (p) => {"S.Contents", p}, Authentication = [Anonymous = []]];
S.Publish = [Beta = true];
Impl = (url as text, path as text, optional top as number) =>
    let
        page = Web.Contents(url, [RelativePath = path, Query = [top = Text.From(top)]]),
        fixed = Web.Contents("https://fixed.example.com/", [RelativePath = path])
    in
        {page, fixed};
[DataSource.Kind = "S"]
shared S.Checked = (url as text) => Web.Contents(Validate(url));
Validate = (u as text) => if not Text.StartsWith(u, "https://") then error "https only" else u;
`)
	if len(m.Flow.UserURLs) != 2 {
		t.Fatalf("user URLs: %d", len(m.Flow.UserURLs))
	}
	u := m.Flow.UserURLs[0]
	if u.DataSource.Name != "S.Contents" || u.Name != "url" || u.Param == nil || !u.Param.IsURI() || u.Checked || len(u.Requests) != 1 {
		t.Errorf("first user URL %+v", u)
	}
	if got := whats(u.Paths[0]); got != "parameter `url` of `S.Contents`" {
		t.Errorf("path %s", got)
	}
	c := m.Flow.UserURLs[1]
	if c.DataSource.Name != "S.Checked" || !c.Checked {
		t.Errorf("checked user URL %+v", c)
	}
	// path reaches only RelativePath, not the URL.
	params := m.Flow.FromParams(node(t, m.Main, `[RelativePath = path, Query = [top = Text.From(top)]]`))
	if len(params) != 2 {
		t.Errorf("options derive from %d parameters", len(params))
	}
}

func TestStatusHandling(t *testing.T) {
	m := modeltest.Section(t, connector("OAuth = []", `
Impl = () => {Read(), Helper(), Ignored()};
Read = () =>
    let
        response = Web.Contents("https://a.example.com/", [ManualStatusHandling = {401, 403}]),
        status = Value.Metadata(response)[Response.Status]
    in
        if status = 401 then error Extension.CredentialError(Credential.AccessDenied) else Json.Document(response);
Helper = () =>
    let
        response = Web.Contents("https://b.example.com/", [ManualStatusHandling = {401}])
    in
        if IsDenied(response) then Fail() else response;
IsDenied = (r as binary) as logical => Record.FieldOrDefault(Value.Metadata(r), "Response.Status", 0) = 401;
Fail = () => error Extension.CredentialError(Credential.AccessDenied);
Ignored = () => Web.Contents("https://c.example.com/", [ManualStatusHandling = {401, 403, 404}]);
`))
	a := request(t, m, "a.example.com")
	if fmt.Sprint(a.ManualStatus) != "[401 403]" || a.ManualStatusNode.Text() != "{401, 403}" || !a.StatusRead || !a.CredentialError {
		t.Errorf("a: status %v read %v credential error %v", a.ManualStatus, a.StatusRead, a.CredentialError)
	}
	b := request(t, m, "b.example.com")
	if !b.StatusRead || !b.CredentialError {
		t.Errorf("b: read %v credential error %v", b.StatusRead, b.CredentialError)
	}
	c := request(t, m, "c.example.com")
	if len(c.ManualStatus) != 3 || c.StatusRead || c.CredentialError {
		t.Errorf("c: status %v read %v credential error %v", c.ManualStatus, c.StatusRead, c.CredentialError)
	}
	if p := m.Flow.FromResponse(node(t, m.Main, "Json.Document(response)")); p == nil {
		t.Errorf("parsed response not from a response")
	}
}

func TestOptionsPassedToWrapper(t *testing.T) {
	m := modeltest.Section(t, connector("Key = []", `
Impl = () => Send("https://api.example.com/", [Headers = [#"x-api-key" = Extension.CurrentCredential()[Key]], Query = [n = "1"], ManualCredentials = true]);
Send = (url as text, options as record) => Web.Contents(url, options);
`))
	r := request(t, m, "Web.Contents(url, options)")
	if len(r.Credentials) != 1 || r.Credentials[0].In != "Headers" {
		t.Fatalf("uses %+v", r.Credentials)
	}
	if !strings.Contains(whats(r.Credentials[0].Path), "passed as `options` to `Send`") {
		t.Errorf("path %s", whats(r.Credentials[0].Path))
	}
}

func TestRecursiveSummaries(t *testing.T) {
	m := modeltest.Section(t, connector("Anonymous = []", `
Swap = (a, b, n as number) => if n = 0 then a else @Swap(b, a, n - 1);
Impl = () => Web.Contents("https://api.example.com/", [Headers = [X = Swap("x", Extension.CurrentCredential()[Key], 3)]]);
Loop = (x) => Loop(x);
Spin = Web.Contents("https://spin.example.com/", [Headers = [Y = Loop(Extension.CurrentCredential()[Key])]]);
`))
	if r := request(t, m, "api.example.com"); len(r.Credentials) != 1 {
		t.Errorf("credential through a recursive swap not found")
	}
	if r := request(t, m, "spin.example.com"); len(r.Credentials) != 0 {
		t.Errorf("a function that never returns passes the credential on")
	}
}

func TestModules(t *testing.T) {
	m := modeltest.Build(t, map[string]string{
		"main": connector("Key = []", `
Impl = () => {Diagnostics.LogValue("key", Extension.CurrentCredential()[Key]), Data};
Extension.LoadFunction = (name as text) => Expression.Evaluate(Text.FromBinary(Extension.Contents(name)), #shared);
Diagnostics = Extension.LoadFunction("Diagnostics.pqm");
Diagnostics.LogValue = Diagnostics[LogValue];
Get = Extension.LoadFunction("Get.pqm");
Data = Get("https://api.example.com/", Extension.CurrentCredential()[Key]);
`),
		"Diagnostics.pqm": `[
    LogValue = (prefix, value) => Diagnostics.Trace(TraceLevel.Information, prefix & ": " & Text.From(value), value)
]`,
		"Get.pqm": `(url as text, key as text) => Web.Contents(url, [Headers = [#"x-api-key" = key], ManualCredentials = true])`,
	})
	var mod *syntax.File
	for _, f := range m.Modules {
		if strings.Contains(string(f.Text()), "Diagnostics.Trace") {
			mod = f
		}
	}
	if p := m.Flow.Tainted(node(t, mod, `Text.From(value)`)); p == nil {
		t.Errorf("traced value in the module not tainted")
	}
	r := request(t, m, "Web.Contents(url")
	if len(r.Credentials) != 1 || r.Credentials[0].Field != "x-api-key" || !r.HTTPS {
		t.Errorf("module request: uses %+v https %v", r.Credentials, r.HTTPS)
	}
	if r.DataSource == nil || r.DataSource.Name != "S.Contents" || r.Implicit || !r.ManualCredentials {
		t.Errorf("module request owner %v implicit %v", r.DataSource, r.Implicit)
	}
}

func TestRequestAt(t *testing.T) {
	m := modeltest.Build(t, map[string]string{
		"main": connector("Key = []", `
Impl = () => {Web.Contents("https://a.example.com/"), A, B, Web.Contents("https://b.example.com/")};
Extension.LoadFunction = (name as text) => Expression.Evaluate(Text.FromBinary(Extension.Contents(name)), #shared);
A = Extension.LoadFunction("A.pqm");
B = Extension.LoadFunction("B.pqm");
`),
		"A.pqm": `{Web.Contents("https://c.example.com/"), OData.Feed("https://d.example.com/")}`,
		"B.pqm": `Web.Contents("https://e.example.com/")`,
	})
	files := map[*syntax.File]bool{}
	for _, q := range m.Flow.Requests {
		files[q.File] = true
		if got := m.Flow.RequestAt(q.Node); got != q {
			t.Errorf("RequestAt(%s) = %v", q.Node.Text(), got)
		}
		if got := m.Flow.RequestAt(q.URL); got != nil {
			t.Errorf("RequestAt(%s) = %v, want none", q.URL.Text(), got)
		}
	}
	if len(m.Flow.Requests) != 5 || len(files) != 3 {
		t.Errorf("%d requests in %d files, want 5 in 3", len(m.Flow.Requests), len(files))
	}
	if got := m.Flow.RequestAt(syntax.Node{}); got != nil {
		t.Errorf("RequestAt(null) = %v", got)
	}
}

func TestTestConnectorsFlow(t *testing.T) {
	m := modeltest.LoadTestdata(t, "ContosoDesk")
	var api *flow.Request
	for _, r := range m.Flow.Requests {
		if r.DataSource != nil {
			api = r
		}
	}
	if api == nil || !api.Implicit || !api.HTTPS || !api.StatusRead || !api.CredentialError {
		t.Errorf("ContosoDesk API request %+v", api)
	}
	if len(m.Flow.UserURLs) != 1 || !m.Flow.UserURLs[0].Checked {
		t.Errorf("ContosoDesk user URL %+v", m.Flow.UserURLs)
	}
	m = modeltest.LoadTestdata(t, "Fabrikam")
	if len(m.Flow.Requests) != 1 || len(m.Flow.Requests[0].Credentials) != 1 || m.Flow.Requests[0].Credentials[0].In != "CredentialConnectionString" {
		t.Errorf("Fabrikam ODBC credential not found")
	}
	m = modeltest.LoadTestdata(t, "Litware")
	for _, r := range m.Flow.Requests {
		if r.Credentialed || !r.HTTPS {
			t.Errorf("Litware request credentialed %v https %v", r.Credentialed, r.HTTPS)
		}
	}
}

// TestPlainHTTPWitness pins Request.HTTPNode: the http literal a URL not
// proven https starts with, found through bindings, concatenation, a
// branch, Text.Format, a helper's argument and a parameter's callers; and
// none for a next-page link the server returned.
func TestPlainHTTPWitness(t *testing.T) {
	m := modeltest.Section(t, connector("Key = []", `
Base = "http://plain.example.com/";
Impl = () => {
    Web.Contents(Base & "v1/concat"),
    Web.Contents(if Number.Random() > 0.5 then "https://a.example.com/branch" else "http://b.example.com/branch"),
    Web.Contents(Text.Format("http://#{0}.example.com/format", {"tenant"})),
    Get(Base),
    Paged(Web.Contents("https://ok.example.com/first"))
};
Fetch = (url as text) => Web.Contents(url, [Headers = [Via = "caller"]]);
Get = (url as text) => Fetch(url & "v1/fetched");
Paged = (response) => Web.Contents(Value.Metadata(response)[NextLink], [Headers = [Via = "next"]]);
`))
	for _, c := range []struct{ s, http string }{
		{`v1/concat`, `"http://plain.example.com/"`},
		{`/branch`, `"http://b.example.com/branch"`},
		{`/format`, `"http://#{0}.example.com/format"`},
		{`"caller"`, `"http://plain.example.com/"`},
		{`"next"`, ``},
	} {
		r := request(t, m, c.s)
		got := ""
		if !r.HTTPNode.IsNull() {
			got = r.HTTPNode.Text()
		}
		if r.HTTPS || got != c.http {
			t.Errorf("%s: https %v, http literal %q, want %q", c.s, r.HTTPS, got, c.http)
		}
	}
	if r := request(t, m, `ok.example.com/first`); !r.HTTPS || !r.HTTPNode.IsNull() {
		t.Errorf("https request: https %v, http literal %v", r.HTTPS, !r.HTTPNode.IsNull())
	}
}
