package auth_test

import (
	"testing"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/auth"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// check runs one rule over an archive and matches its want comments.
func check(t *testing.T, r *rules.Rule, archive string) {
	t.Helper()
	ruletest.Run(t, ruletest.Write(t, archive), []*rules.Rule{r})
}

// publish is the publish record of kind K, for archives about something
// else.
const publish = `
K.Publish = [Beta = true, Category = "Other", ButtonText = {"K", "K"}];
`

func TestMissingDataSourceKind(t *testing.T) {
	t.Run("no data source function", func(t *testing.T) {
		check(t, auth.MissingDataSourceKind, `
-- NoKind.pq --
[Version = "1.0.0"]
section NoKind; // want PQC101 "no data source function"

shared NoKind.Contents = () => #table({"a"}, {{1}});
`)
	})
	t.Run("kind on a member that is not shared", func(t *testing.T) {
		check(t, auth.MissingDataSourceKind, `
-- Hidden.pq --
section Hidden; // want PQC101 "not shared"

[DataSource.Kind = "Hidden"]
Hidden.Contents = () => #table({"a"}, {{1}});
`)
	})
	t.Run("helpers without kind next to a data source function", func(t *testing.T) {
		check(t, auth.MissingDataSourceKind, `
-- K.pq --
section K;

[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => Helper();

Helper = () => #table({"a"}, {{1}});
shared K.Other = () => 1;
`+publish)
	})
	t.Run("a module alone is not a section document", func(t *testing.T) {
		check(t, auth.MissingDataSourceKind, `
-- Query.pq --
let a = 1 in a
`)
	})
}

func TestMissingKindRecord(t *testing.T) {
	check(t, auth.MissingKindRecord, `
-- Multi.pq --
section Multi;

[DataSource.Kind = "Multi", Publish = "Multi.Publish"]
shared Multi.Contents = () => 1;

// Helper functions of a kind without Publish share its kind record.
[DataSource.Kind = "Multi"]
shared Multi.Raw = () => 1;

[DataSource.Kind = "MultiGov"] // want PQC102 "no section member is named `+"`MultiGov`"+`"
shared MultiGov.Contents = () => 1;

[DataSource.Kind = "MultiNumber"]
shared MultiNumber.Contents = () => 1;

[DataSource.Kind = "MultiBuilt"]
shared MultiBuilt.Contents = () => 1;

Multi = [TestConnection = (p) => {"Multi.Contents"}, Authentication = [Anonymous = []]];
MultiNumber = 42; // want PQC102 "is a number, not a record"
// Built at run time: it may be a record, nothing is reported.
MultiBuilt = Multi & [Label = "Built"];
Multi.Publish = [Beta = true];
`)
}

func TestMissingKindRecordFix(t *testing.T) {
	ruletest.RunWithFixes(t, `
-- Tw.pq --
section Tw;

[DataSource.Kind = "Tw", Publish = "Tw.Publish"]
shared Tw.Contents = Value.ReplaceType(Impl, type function (url as Uri.Type) as table);

[DataSource.Kind = "TwGov", Publish = "TwGov.Publish"]
shared TwGov.Contents = Value.ReplaceType(Impl, type function (url as Uri.Type) as table); // the government cloud

[DataSource.Kind = "TwDb"]
shared TwDb.Database = (server as text, database as text) as table => Impl(server);

Impl = (url as text) as table => #table({"a"}, {{url}});

Tw = [TestConnection = (dataSourcePath) => {"Tw.Contents", dataSourcePath}, Authentication = [Anonymous = []]];
-- @Tw.pq --
section Tw;

[DataSource.Kind = "Tw", Publish = "Tw.Publish"]
shared Tw.Contents = Value.ReplaceType(Impl, type function (url as Uri.Type) as table);

[DataSource.Kind = "TwGov", Publish = "TwGov.Publish"]
shared TwGov.Contents = Value.ReplaceType(Impl, type function (url as Uri.Type) as table); // the government cloud

TwGov = [
    TestConnection = (dataSourcePath) => {"TwGov.Contents", dataSourcePath},
    Authentication = [
        Anonymous = []
    ]
];

[DataSource.Kind = "TwDb"]
shared TwDb.Database = (server as text, database as text) as table => Impl(server);

TwDb = [
    TestConnection = (dataSourcePath) => let json = Json.Document(dataSourcePath) in {"TwDb.Database", json[server], json[database]},
    Authentication = [
        Anonymous = []
    ]
];

Impl = (url as text) as table => #table({"a"}, {{url}});

Tw = [TestConnection = (dataSourcePath) => {"Tw.Contents", dataSourcePath}, Authentication = [Anonymous = []]];
`, []*rules.Rule{auth.MissingKindRecord})
}

func TestMissingTestConnection(t *testing.T) {
	check(t, auth.MissingTestConnection, `
-- T.pq --
section T;

[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Contents = () => 1;
[DataSource.Kind = "B"]
shared B.Contents = () => 1;
[DataSource.Kind = "C"]
shared C.Contents = () => 1;
[DataSource.Kind = "D"]
shared D.Contents = () => 1;
[DataSource.Kind = "E"]
shared E.Contents = () => 1;
[DataSource.Kind = "F"]
shared F.Contents = () => 1;

A = [ // want PQC103 "no `+"`TestConnection`"+`"
    Authentication = [Anonymous = []]
];
B = [
    TestConnection = (dataSourcePath, extra) => {"B.Contents"}, // want PQC103 "takes 2 parameters"
    Authentication = [Anonymous = []]
];
C = [
    TestConnection = "C.Contents", // want PQC103 "is a text"
    Authentication = [Anonymous = []]
];
// A handler defined elsewhere, and one with an optional second parameter.
D = [TestConnection = DTest, Authentication = [Anonymous = []]];
DTest = (path) => {"D.Contents"};
E = [TestConnection = (path, optional options) => {"E.Contents"}, Authentication = [Anonymous = []]];
// A handler chosen at run time is not judged.
F = [TestConnection = MakeHandler("F.Contents"), Authentication = [Anonymous = []]];
MakeHandler = (name) => (path) => {name};
`)
}

func TestMissingTestConnectionFix(t *testing.T) {
	t.Run("no path parameter", func(t *testing.T) {
		ruletest.RunWithFixes(t, `
-- Lw.pq --
section Lw;

[DataSource.Kind = "Lw", Publish = "Lw.Publish"]
shared Lw.Contents = Value.ReplaceType(Impl, type function (optional language as text) as table);
Impl = (optional language as text) as table => #table({"a"}, {{language}});

Lw = [
    Authentication = [
        Anonymous = []
    ],
    Label = "Litware"
];
-- @Lw.pq --
section Lw;

[DataSource.Kind = "Lw", Publish = "Lw.Publish"]
shared Lw.Contents = Value.ReplaceType(Impl, type function (optional language as text) as table);
Impl = (optional language as text) as table => #table({"a"}, {{language}});

Lw = [
    TestConnection = (dataSourcePath) => {"Lw.Contents"},
    Authentication = [
        Anonymous = []
    ],
    Label = "Litware"
];
`, []*rules.Rule{auth.MissingTestConnection})
	})
	t.Run("one Uri.Type parameter", func(t *testing.T) {
		ruletest.RunWithFixes(t, `
-- Cd.pq --
section Cd;

// The helper without Publish comes first; the handler calls the published function.
[DataSource.Kind = "Cd"]
shared Cd.Raw = (url as text) => Web.Contents(url);

[DataSource.Kind = "Cd", Publish = "Cd.Publish"]
shared Cd.Contents = Value.ReplaceType(Impl, type function (url as (Uri.Type meta [Documentation.FieldCaption = "URL"]), optional pageSize as number) as table);
Impl = (url as text, optional pageSize as number) as table => #table({"a"}, {{url}});

Cd = [Authentication = [OAuth = [StartLogin = StartLogin, FinishLogin = FinishLogin]]];
StartLogin = (resourceUrl, state, display) => [];
FinishLogin = (context, callbackUri, state) => [];
-- @Cd.pq --
section Cd;

// The helper without Publish comes first; the handler calls the published function.
[DataSource.Kind = "Cd"]
shared Cd.Raw = (url as text) => Web.Contents(url);

[DataSource.Kind = "Cd", Publish = "Cd.Publish"]
shared Cd.Contents = Value.ReplaceType(Impl, type function (url as (Uri.Type meta [Documentation.FieldCaption = "URL"]), optional pageSize as number) as table);
Impl = (url as text, optional pageSize as number) as table => #table({"a"}, {{url}});

Cd = [TestConnection = (dataSourcePath) => {"Cd.Contents", dataSourcePath}, Authentication = [OAuth = [StartLogin = StartLogin, FinishLogin = FinishLogin]]];
StartLogin = (resourceUrl, state, display) => [];
FinishLogin = (context, callbackUri, state) => [];
`, []*rules.Rule{auth.MissingTestConnection})
	})
	t.Run("JSON path", func(t *testing.T) {
		ruletest.RunWithFixes(t, "-- Fb.pq --\r\n"+
			"section Fb;\r\n"+
			"\r\n"+
			"[DataSource.Kind = \"Fb\", Publish = \"Fb.Publish\"]\r\n"+
			"shared Fb.Database = Value.ReplaceType(Impl, type function (\r\n"+
			"    server as text,\r\n"+
			"    #\"data base\" as (type text meta [Documentation.FieldCaption = \"Database\"]),\r\n"+
			"    options as (type record meta [DataSource.Path = false]) /* not in the path, but required */,\r\n"+
			"    optional port as number) as table);\r\n"+
			"Impl = (server as text, db as text, options as record, optional port as number) as table => #table({\"a\"}, {{server}});\r\n"+
			"\r\n"+
			"Fb = []; // want PQC103\r\n"+
			"\r\n"+
			"[DataSource.Kind = \"Fc\"]\r\n"+
			"shared Fc.Database = (server as text, #\"data base\" as text) as table => #table({\"a\"}, {{server}});\r\n"+
			"Fc = [\r\n"+
			"\tAuthentication = [UsernamePassword = []]\r\n"+
			"];\r\n"+
			"-- @Fb.pq --\r\n"+
			"section Fb;\r\n"+
			"\r\n"+
			"[DataSource.Kind = \"Fb\", Publish = \"Fb.Publish\"]\r\n"+
			"shared Fb.Database = Value.ReplaceType(Impl, type function (\r\n"+
			"    server as text,\r\n"+
			"    #\"data base\" as (type text meta [Documentation.FieldCaption = \"Database\"]),\r\n"+
			"    options as (type record meta [DataSource.Path = false]) /* not in the path, but required */,\r\n"+
			"    optional port as number) as table);\r\n"+
			"Impl = (server as text, db as text, options as record, optional port as number) as table => #table({\"a\"}, {{server}});\r\n"+
			"\r\n"+
			"Fb = []; // want PQC103\r\n"+
			"\r\n"+
			"[DataSource.Kind = \"Fc\"]\r\n"+
			"shared Fc.Database = (server as text, #\"data base\" as text) as table => #table({\"a\"}, {{server}});\r\n"+
			"Fc = [\r\n"+
			"\tTestConnection = (dataSourcePath) => let json = Json.Document(dataSourcePath) in {\"Fc.Database\", json[server], json[#\"data base\"]},\r\n"+
			"\tAuthentication = [UsernamePassword = []]\r\n"+
			"];\r\n",
			[]*rules.Rule{auth.MissingTestConnection})
	})
}

func TestInvalidTestConnection(t *testing.T) {
	check(t, auth.InvalidTestConnection, `
-- T.pq --
section T;

[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Contents = Value.ReplaceType(AImpl, type function (server as text, database as text, optional port as number) as table);
AImpl = (server as text, database as text, optional port as number) as table => #table({"a"}, {{server}});

[DataSource.Kind = "B"]
shared B.Contents = (url as text) => 1;
[DataSource.Kind = "C"]
shared C.Contents = (url as text) => 1;
[DataSource.Kind = "D"]
shared D.Contents = (url as text) => 1;
[DataSource.Kind = "E"]
shared E.Contents = (url as text) => 1;
[DataSource.Kind = "F"]
shared F.Contents = (url as text) => 1;
[DataSource.Kind = "G"]
shared G.Contents = (url as text) => 1;
[DataSource.Kind = "H"]
shared H.Contents = (url as text) => 1;
[DataSource.Kind = "I"]
shared I.Contents = (url as text) => 1;

// Certified shapes: JSON fields read through a let; the optional port left out.
A = [
    TestConnection = (dataSourcePath) =>
        let
            json = Json.Document(dataSourcePath),
            server = json[server],
            database = json[database]
        in
            {"A.Contents", server, database},
    Authentication = [Windows = [], UsernamePassword = []]
];
B = [TestConnection = (p) => {"B.Content", p}, Authentication = [Key = []]]; // want PQC104 "not a function of this connector (the kind's function is `+"`B.Contents`"+`)"
C = [TestConnection = (p) => {"C.Contents", p, p}, Authentication = [Key = []]]; // want PQC104 "with 2 arguments; it takes 1"
D = [TestConnection = (p) => {"Helper", p}, Authentication = [Key = []]]; // want PQC104 "not shared"
E = [TestConnection = (p) => {}, Authentication = [Key = []]]; // want PQC104 "empty list"
F = [TestConnection = (p) => {42}, Authentication = [Key = []]]; // want PQC104 "is a number"
// A dedicated shared test function is fine, and so is a name bound to a text.
G = [TestConnection = (p) => {"G.Test"}, Authentication = [Key = []]];
shared G.Test = () => #table({}, {});
H = [TestConnection = (p) => {HName, p}, Authentication = [Key = []]];
HName = "H.Contents";
// Lists built at run time are not judged.
I = [TestConnection = (p) => {"I.Contents"} & {p}, Authentication = [Key = []]];
Helper = (p) => p;
`)
	check(t, auth.InvalidTestConnection, `
-- A.pq --
section A;

[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Contents = Value.ReplaceType(AImpl, type function (server as text, database as text) as table);
AImpl = (server as text, database as text) as table => #table({"a"}, {{server}});

A = [
    TestConnection = (dataSourcePath) => let json = Json.Document(dataSourcePath) in {"A.Contents", json[server]}, // want PQC104 "with 1 argument; it takes 2"
    Authentication = [Implicit = []]
];
`)
}

func TestMissingAuthentication(t *testing.T) {
	check(t, auth.MissingAuthentication, `
-- T.pq --
section T;

[DataSource.Kind = "A"]
shared A.Contents = () => 1;
[DataSource.Kind = "B"]
shared B.Contents = () => 1;
[DataSource.Kind = "C"]
shared C.Contents = () => 1;
[DataSource.Kind = "D"]
shared D.Contents = () => 1;
[DataSource.Kind = "E"]
shared E.Contents = () => 1;
[DataSource.Kind = "F"]
shared F.Contents = Value.ReplaceType(Impl, type function (url as Uri.Type) as table);
[DataSource.Kind = "G"]
shared G.Contents = (server as text) => 1;
[DataSource.Kind = "H"]
shared H.Contents = (server as text) => 1;
[DataSource.Kind = "I"]
shared I.Contents = () => 1;
[DataSource.Kind = "J"]
shared J.Contents = () => 1;
[DataSource.Kind = "L"]
shared L.Contents = () => 1;
Impl = (url as text) => 1;

A = [TestConnection = (p) => {"A.Contents"}]; // want PQC105 "no `+"`Authentication`"+`"
B = [Authentication = []]; // want PQC105 "declares no authentication kind"
C = [Authentication = [Basic = []]]; // want PQC105 "no known authentication kind"
D = [
    Authentication = [
        OAuth = [StartLogin = StartLogin, CompleteLogin = FinishLogin], // want PQC105 "no `+"`FinishLogin`"+`"
        Key = []
    ]
];
E = [Authentication = [OAuth2 = [Refresh = Refresh]]]; // want PQC105 "no `+"`StartLogin` and `FinishLogin`"+`"
// Aad with a URL function: the resource defaults to the URL's root.
F = [Authentication = [Aad = [AuthorizationUri = "https://login.microsoftonline.com/common/oauth2/authorize"]]];
G = [Authentication = [Aad = [AuthorizationUri = "https://login.microsoftonline.com/common/oauth2/authorize"]]]; // want PQC105 "no `+"`Resource`"+`"
H = [Authentication = [AAD = [Resource = "77256ee0-fe79-11ea-adc1-0242ac120002", Scope = "user_impersonation"]]]; // want PQC105 "no `+"`AuthorizationUri`"+`"
// Implicit is an alias of Anonymous; a custom kind with Properties is the engine's.
I = [Authentication = [Implicit = []]];
J = [Authentication = [Custom = [Properties = type function (tenant as text) as any]]];
// An Authentication record built elsewhere is followed; one built at run time is not judged.
L = [Authentication = if true then [Key = []] else [Windows = []]];

StartLogin = (resourceUrl, state, display) => [];
FinishLogin = (context, callbackUri, state) => [];
Refresh = (resourceUrl, refreshToken) => [];
`)
	check(t, auth.MissingAuthentication, `
-- N.pq --
section N;

[DataSource.Kind = "N"]
shared N.Contents = () => 1;
[DataSource.Kind = "M"]
shared M.Contents = () => 1;

N = [Authentication = NAuth];
NAuth = [Key = [KeyLabel = "Token"]];
M = [Authentication = "Anonymous"]; // want PQC105 "is a text"
`)
}

func TestKindParameterMismatch(t *testing.T) {
	check(t, auth.KindParameterMismatch, `
-- T.pq --
section T;

[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Contents = Value.ReplaceType(AImpl, type function (
    server as (type text meta [Documentation.FieldCaption = "Server"]),
    database as text,
    options as (type record meta [DataSource.Path = false]),
    optional timeout as number) as table);
AImpl = (server as text, database as text, options as record, optional timeout as number) => 1;

// Optional and DataSource.Path = false parameters do not count; nullable
// and untyped are the same path.
[DataSource.Kind = "A"]
shared A.Tables = (server as nullable text, database, optional schema as text) => 1;

[DataSource.Kind = "A"]
shared A.Views = (database as text, server as text) => 1; // want PQC106 "(database as text, server as text)"

[DataSource.Kind = "A"]
shared A.Feed = (server as text) => 1; // want PQC106 "`+"`A.Contents`"+`"

[DataSource.Kind = "A"]
shared A.Query = (server as text, database as number) => 1; // want PQC106

[DataSource.Kind = "U", Publish = "U.Publish"]
shared U.Contents = Value.ReplaceType(UImpl, type function (url as Uri.Type) as table);
UImpl = (url as text) => 1;

// The engine tells a URL path from a JSON one.
[DataSource.Kind = "U"]
shared U.Raw = (url as text) => 1; // want PQC106 "(url as text)"
`)
}

func TestTestConnectionPathShape(t *testing.T) {
	check(t, auth.TestConnectionPathShape, `
-- T.pq --
section T;

[DataSource.Kind = "U", Publish = "U.Publish"]
shared U.Contents = Value.ReplaceType(UImpl, type function (url as (Uri.Type meta [Documentation.FieldCaption = "URL"])) as table);
UImpl = (url as text) => 1;

[DataSource.Kind = "V"]
shared V.Contents = Value.ReplaceType(UImpl, type function (url as Uri.Type) as table);

[DataSource.Kind = "J", Publish = "J.Publish"]
shared J.Contents = Value.ReplaceType(JImpl, type function (
    server as text,
    database as text,
    options as (type record meta [DataSource.Path = false]),
    optional port as number) as table);
JImpl = (server as text, database as text, options as record, optional port as number) => 1;

[DataSource.Kind = "K"]
shared K.Contents = (region as text) => 1;

[DataSource.Kind = "S"]
shared S.Contents = () => 1;

U = [TestConnection = (dataSourcePath) => {"U.Contents", Json.Document(dataSourcePath)[url]}]; // want PQC107 "the URL itself"
// The certified shape for a URL: the path as is.
V = [TestConnection = (dataSourcePath) => {"V.Contents", dataSourcePath}];
J = [
    TestConnection = (dataSourcePath) =>
        let
            json = Json.Document(dataSourcePath),
            server = json[server],
            database = json[database],
            options = json[options], // want PQC107 "`+"`DataSource.Path = false`"+`"
            port = json[port] // want PQC107 "optional"
        in
            {"J.Contents", server, database, options, port}
];
// One text parameter is JSON too.
K = [TestConnection = (path) => {"K.Contents", path}]; // want PQC107 "read them with `+"`Json.Document(path)`"+`"
S = [TestConnection = (p) => {"S.Contents", (Json.Document(p))[name]}]; // want PQC107 "not a required parameter"
`)
	check(t, auth.TestConnectionPathShape, `
-- W.pq --
section W;

[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.Contents = Value.ReplaceType(Impl, type function (region as (type text meta [Documentation.FieldCaption = "Region"]), optional currency as text) as table);
Impl = (region as text, optional currency as text) => 1;

W = [TestConnection = (dataSourcePath) => {"W.Contents", Json.Document(dataSourcePath)[region]}, Authentication = [Anonymous = []]];
`)
}

func TestUnknownAuthField(t *testing.T) {
	check(t, auth.UnknownAuthField, `
-- T.pq --
section T;

[DataSource.Kind = "A"]
shared A.Contents = () => 1;
[DataSource.Kind = "B"]
shared B.Contents = () => 1;

A = [
    TestConnection = (p) => {"A.Contents"},
    Authentication = [
        OAuth = [
            StartLogin = StartLogin,
            FinishLogin = FinishLogin,
            Refresh = Refresh,
            Logout = Logout,
            Label = "Sign in",
            Scope = "read", // want PQC108 "`+"`Scope` is a field of `Aad`"+`"
            CompleteLogin = FinishLogin // want PQC108 "`+"`FinishLogin`"+`"
        ],
        Aad = [AuthorizationUri = "https://login.microsoftonline.com/common/oauth2/authorize", Resource = "r", Scope = "user_impersonation"],
        Key = [KeyLabel = "API key", Label = "Key", UsernameLabel = "User"], // want PQC108 "`+"`UsernameLabel` is not a field of `Key`"+`"
        UsernamePassword = [UsernameLabel = "User", PasswordLabel = "Password"],
        Windows = [SupportsAlternateCredentials = true, UsernameLabel = "User"],
        Implicit = [Label = "None"],
        Basic = [] // want PQC108 "`+"`UsernamePassword`"+`"
    ],
    Label = "A",
    SupportsEncryption = true,
    ButtonText = {"A", "A"}, // want PQC108 "publish record"
    Tooltip = "A" // want PQC108 "not a field of a kind record"
];
// Fields the engine also reads: custom paths, native queries, custom credentials.
B = [
    Type = "Custom",
    MakeResourcePath = (p) => p,
    ParseResourcePath = (p) => {p},
    NativeQuery = (q) => q,
    Authentication = [
        Windows = [Properties = type function (domain as text) as any, ApplicationProperties = []],
        Tenant = [Label = "Tenant", Properties = type function (tenant as text) as any]
    ]
];
StartLogin = (resourceUrl, state, display) => [];
FinishLogin = (context, callbackUri, state) => [];
Refresh = (resourceUrl, refreshToken) => [];
Logout = (token) => [];
`)
}

func TestOAuthHandlerArity(t *testing.T) {
	check(t, auth.OAuthHandlerArity, `
-- T.pq --
section T;

[DataSource.Kind = "A"]
shared A.Contents = () => 1;
[DataSource.Kind = "B"]
shared B.Contents = () => 1;

A = [
    Authentication = [
        OAuth = [
            StartLogin = (resourceUrl, state) => [], // want PQC109 "takes 2 parameters; the engine calls it with 3"
            FinishLogin = (clientApplication, dataSourcePath, context, callbackUri) => [], // want PQC109 "with 3 ("
            Refresh = (refresh_token) => [], // want PQC109 "`+"`dataSourcePath`, `refreshToken`"+`"
            Logout = (a, b) => [] // want PQC109 "Logout"
        ]
    ]
];
// Both signatures, optional parameters, handlers defined elsewhere.
B = [
    Authentication = [
        OAuth2 = [
            StartLogin = (clientApplication, dataSourcePath, state, display) => [],
            FinishLogin = FinishLogin,
            Refresh = (clientApplication, dataSourcePath, oldCredential) => [],
            Logout = (token, optional a, optional b) => []
        ]
    ]
];
FinishLogin = (context, callbackUri, state) => [];
`)
}

func TestOAuthClientSecret(t *testing.T) {
	check(t, auth.OAuthClientSecret, `
-- T.pq --
section T;

client_id = Text.FromBinary(Extension.Contents("client_id"));
client_secret = Text.FromBinary(Extension.Contents("client_secret")); // want PQC110 "`+"`client_secret` reads an OAuth client secret from `client_secret`"+`"
AppSecret = "s3cr3t"; // want PQC110 "written into the connector"
// Empty placeholders and names that only mention secrets are not secrets.
ClientSecret = "";
SecretName = "my-vault-secret-name";

Token = (code) =>
    Web.Contents("https://login.example.com/token", [
        Content = Text.ToBinary(Uri.BuildQueryString([
            client_id = client_id,
            client_secret = client_secret,
            code = code
        ]))
    ]);
Other = (code) =>
    let
        consumer_secret = "abc" // want PQC110
    in
        Uri.BuildQueryString([code = code, consumer_secret = consumer_secret]);
Read = () => Extension.Contents("api_secret.txt"); // want PQC110 "reads a secret"
AppSecretText = Extension.LoadString("AppSecret"); // want PQC110 "resources.resx (key `+"`AppSecret`"+`)"
ClientId = Extension.LoadString("ClientId");
-- Auth.pqm --
[
    ClientSecret = Text.FromBinary(Extension.Contents("oauth.json")) // want PQC110 "from `+"`oauth.json`"+`"
]
`)
}

func TestLabelWithPath(t *testing.T) {
	check(t, auth.LabelWithPath, `
-- T.pq --
section T;

[DataSource.Kind = "A", Publish = "A.Publish"]
shared A.Contents = Value.ReplaceType(Impl, type function (url as Uri.Type) as table);
[DataSource.Kind = "B", Publish = "B.Publish"]
shared B.Contents = Value.ReplaceType(Impl, type function (optional language as text) as table);
[DataSource.Kind = "C", Publish = "C.Publish"]
shared C.Contents = Value.ReplaceType(Impl, type function (message as (type text meta [DataSource.Path = false])) as table);
Impl = (x as text) => 1;

A = [
    Authentication = [Anonymous = []],
    Label = "A" // want PQC111 "`+"`url`"+`"
];
// A singleton data source: the label is all there is to show.
B = [Authentication = [Anonymous = []], Label = "B"];
C = [Authentication = [Anonymous = []], Label = "C"];
`)
}
