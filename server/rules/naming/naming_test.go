package naming_test

import (
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/naming"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// check runs one rule over an archive and matches its want comments.
func check(t *testing.T, r *rules.Rule, archive string) {
	t.Helper()
	ruletest.Run(t, ruletest.Write(t, archive), []*rules.Rule{r})
}

// checkFix applies the one fix titled title (safe or not) of rule r's
// findings in an archive and compares each `@name` entry with the result;
// files without an entry must not change.
func checkFix(t *testing.T, r *rules.Rule, title, archive string) {
	t.Helper()
	m, findings := ruletest.Findings(t, ruletest.Write(t, archive), []*rules.Rule{r})
	var fix *rules.Fix
	var titles []string
	for i := range findings {
		for j := range findings[i].Fixes {
			fx := &findings[i].Fixes[j]
			titles = append(titles, fx.Title)
			if fx.Title == title {
				fix = fx
			}
		}
	}
	if fix == nil {
		t.Fatalf("no fix %q among %q", title, titles)
	}
	changed := ruletest.ApplyFix(t, m, *fix)
	entries := ruletest.Parse(archive)
	for name, text := range changed {
		want, ok := entries["@"+name]
		if !ok {
			t.Errorf("fix %q changed %s, which has no @%s entry:\n%s", title, name, name, text)
			continue
		}
		if text != want {
			t.Errorf("%s after %q:\n%s\nwant:\n%s", name, title, text, want)
		}
	}
	for name := range entries {
		if strings.HasPrefix(name, "@") {
			if _, ok := changed[name[1:]]; !ok {
				t.Errorf("fix %q left %s unchanged", title, name[1:])
			}
		}
	}
}

func TestFunctionNamePrefix(t *testing.T) {
	check(t, naming.FunctionNamePrefix, `
-- FourthCoffee.pq --
section FourthCoffee;

[DataSource.Kind = "FourthCoffee", Publish = "FourthCoffee.Publish"]
shared FourthCoffee.Contents = () => 1;

// The section name may differ from the kind.
[DataSource.Kind = "Coffee"]
shared Coffee.Sub.Feed = () => 1;

[DataSource.Kind = "FourthCoffee"]
shared Coffee.Feed = () => 1; // want PQC201 "not named `+"`FourthCoffee.<FunctionName>`"+`"

[DataSource.Kind = "FourthCoffee"]
shared FourthCoffee = () => 1; // want PQC201

[DataSource.Kind = "FourthCoffee"]
shared FourthCoffeeFeed = () => 1; // want PQC201

// A non-text kind is a broken attribute, not a name to judge.
[DataSource.Kind = 1]
shared Other.Feed = () => 1;
`)
}

func TestFunctionNamePrefixFix(t *testing.T) {
	checkFix(t, naming.FunctionNamePrefix, "Rename to `FourthCoffee.Feed` everywhere", `
-- FourthCoffee.pq --
section FourthCoffee;

[DataSource.Kind = "FourthCoffee", Publish = "FourthCoffee.Publish"]
shared Coffee.Feed = () => Helper(1);

Helper = (n) => #table({"n"}, {{n}});
Again = Coffee.Feed() & FourthCoffee!Coffee.Feed();
FourthCoffee = [TestConnection = (p) => {"Coffee.Feed"}, Authentication = [Anonymous = []]];
Other = "Coffee.Feed is its old name"; // not a TestConnection text: left alone
-- Module.pqm --
let source = Coffee.Feed() in source
-- @FourthCoffee.pq --
section FourthCoffee;

[DataSource.Kind = "FourthCoffee", Publish = "FourthCoffee.Publish"]
shared FourthCoffee.Feed = () => Helper(1);

Helper = (n) => #table({"n"}, {{n}});
Again = FourthCoffee.Feed() & FourthCoffee!FourthCoffee.Feed();
FourthCoffee = [TestConnection = (p) => {"FourthCoffee.Feed"}, Authentication = [Anonymous = []]];
Other = "Coffee.Feed is its old name"; // not a TestConnection text: left alone
-- @Module.pqm --
let source = FourthCoffee.Feed() in source
`)
	t.Run("no fix when the new name is taken", func(t *testing.T) {
		dir := ruletest.Write(t, `
-- K.pq --
section K;
[DataSource.Kind = "K"]
shared Old.Contents = () => 1;
K.Contents = 2;
`)
		_, findings := ruletest.Findings(t, dir, []*rules.Rule{naming.FunctionNamePrefix})
		if len(findings) != 1 || len(findings[0].Fixes) != 0 {
			t.Fatalf("want one finding without a fix, got %+v", findings)
		}
	})
}

func TestForbiddenWord(t *testing.T) {
	check(t, naming.ForbiddenWord, `
-- FourthCoffee.pq --
section FourthCoffeePowerBI; // want PQC202 "the section name `+"`FourthCoffeePowerBI`"+` contains the word \"Power BI\""

[DataSource.Kind = "FourthCoffee", Publish = "FourthCoffee.Publish"]
shared FourthCoffee.Contents = () => 1;

// A kind reported once, and its functions judged by their own part only.
[DataSource.Kind = "RapidApi"] // want PQC202 "kind `+"`RapidApi`"+`"
shared RapidApi.Contents = () => 1;
[DataSource.Kind = "RapidApi"]
shared RapidApi.Tables = () => 1;

[DataSource.Kind = "Rapid"]
shared Rapid.Contents = () => 1;
[DataSource.Kind = "Rapid"]
shared Rapid.ApiContents = () => 1; // want PQC202 "`+"`Rapid.ApiContents`"+`"
[DataSource.Kind = "Rapid"]
shared Rapid.CapitalTables = () => 1;

// API as a word of a product name is still the word API.
[DataSource.Kind = "HexagonSmartApi"] // want PQC202 "\"API\""
shared HexagonSmartApi.Feed = () => 1;

[DataSource.Kind = "Fabrikam"]
shared Fabrikam.Database = () => 1;
[DataSource.Kind = "Fabrikam"]
shared FabricConnector.Database = () => 1; // want PQC202 "the words \"Fabric\" and \"Connector\""
-- ContosoConnector.mez --
not a real archive: only its name is judged
-- FourthCoffeePowerBI.mez --
named like the section: reported with it
-- want.txt --
ContosoConnector.mez:1 PQC202 "package name"
`)
}

func TestForbiddenWordFix(t *testing.T) {
	const archive = `
-- Contoso.pq --
section ContosoConnector;

[DataSource.Kind = "ContosoApi", Publish = "ContosoApi.Publish"]
shared ContosoApi.Contents = (url as text) => Helper(url);

[DataSource.Kind = "ContosoApi"]
shared ContosoApi.ApiTables = () => ContosoConnector!ContosoApi.Contents("https://contoso.com");

Helper = (url) => #table({"u"}, {{url}});
ContosoApi = [TestConnection = (p) => {"ContosoApi.Contents", p}, Authentication = [Anonymous = []]];
ContosoApi.Publish = [Beta = true];
-- Module.pqm --
ContosoApi.Contents
`
	t.Run("section", func(t *testing.T) {
		checkFix(t, naming.ForbiddenWord, "Rename the section to `Contoso`", archive+`-- @Contoso.pq --
section Contoso;

[DataSource.Kind = "ContosoApi", Publish = "ContosoApi.Publish"]
shared ContosoApi.Contents = (url as text) => Helper(url);

[DataSource.Kind = "ContosoApi"]
shared ContosoApi.ApiTables = () => Contoso!ContosoApi.Contents("https://contoso.com");

Helper = (url) => #table({"u"}, {{url}});
ContosoApi = [TestConnection = (p) => {"ContosoApi.Contents", p}, Authentication = [Anonymous = []]];
ContosoApi.Publish = [Beta = true];
`)
	})
	t.Run("kind", func(t *testing.T) {
		checkFix(t, naming.ForbiddenWord, "Rename the kind to `Contoso` everywhere", archive+`-- @Contoso.pq --
section ContosoConnector;

[DataSource.Kind = "Contoso", Publish = "ContosoApi.Publish"]
shared Contoso.Contents = (url as text) => Helper(url);

[DataSource.Kind = "Contoso"]
shared Contoso.ApiTables = () => ContosoConnector!Contoso.Contents("https://contoso.com");

Helper = (url) => #table({"u"}, {{url}});
Contoso = [TestConnection = (p) => {"Contoso.Contents", p}, Authentication = [Anonymous = []]];
ContosoApi.Publish = [Beta = true];
-- @Module.pqm --
Contoso.Contents
`)
	})
	t.Run("function", func(t *testing.T) {
		checkFix(t, naming.ForbiddenWord, "Rename to `ContosoApi.Tables` everywhere", archive+`-- @Contoso.pq --
section ContosoConnector;

[DataSource.Kind = "ContosoApi", Publish = "ContosoApi.Publish"]
shared ContosoApi.Contents = (url as text) => Helper(url);

[DataSource.Kind = "ContosoApi"]
shared ContosoApi.Tables = () => ContosoConnector!ContosoApi.Contents("https://contoso.com");

Helper = (url) => #table({"u"}, {{url}});
ContosoApi = [TestConnection = (p) => {"ContosoApi.Contents", p}, Authentication = [Anonymous = []]];
ContosoApi.Publish = [Beta = true];
`)
	})
	t.Run("no fix when nothing is left", func(t *testing.T) {
		dir := ruletest.Write(t, `
-- Api.pq --
section Api;
[DataSource.Kind = "K"]
shared K.Api = () => 1;
`)
		_, findings := ruletest.Findings(t, dir, []*rules.Rule{naming.ForbiddenWord})
		if len(findings) != 2 {
			t.Fatalf("want 2 findings, got %+v", findings)
		}
		for _, f := range findings {
			if len(f.Fixes) != 0 {
				t.Errorf("%s: unexpected fix %q", f.Message, f.Fixes[0].Title)
			}
		}
	})
}

func TestUnusualFunctionName(t *testing.T) {
	check(t, naming.UnusualFunctionName, `
-- K.pq --
section K;

[DataSource.Kind = "K"]
shared K.GetData = () => 1; // want PQC203 "says what the function does"
[DataSource.Kind = "K"]
shared K.FetchTables = () => 1; // want PQC203
[DataSource.Kind = "K"]
shared K.Function = () => 1; // want PQC203 "placeholder"
[DataSource.Kind = "K"]
shared K.Impl = () => 1; // want PQC203
[DataSource.Kind = "K"]
shared K.Data = () => 1; // want PQC203

// Names of what the function returns, in the article's words and the
// domain's: all fine, including nouns that are also verbs.
[DataSource.Kind = "K"]
shared K.Contents = () => 1;
[DataSource.Kind = "K"]
shared K.Tables = () => 1;
[DataSource.Kind = "K"]
shared K.Databases = () => 1;
[DataSource.Kind = "K"]
shared K.Feed = () => 1;
[DataSource.Kind = "K"]
shared K.Query = () => 1;
[DataSource.Kind = "K"]
shared K.History = () => 1;
[DataSource.Kind = "K"]
shared K.PullRequests = () => 1;
[DataSource.Kind = "K"]
shared K.CallRecords = () => 1;
[DataSource.Kind = "K"]
shared K.DataSource = () => 1;
[DataSource.Kind = "K"]
shared K.Sub.Views = () => 1;
`)
}

func TestMissingFunctionDocumentation(t *testing.T) {
	check(t, naming.MissingFunctionDocumentation, `
-- W.pq --
section W;

[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.History = (region as text) as table => #table({"r"}, {{region}}); // want PQC204 "no documented type"

[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.Bare = Value.ReplaceType(Impl, type function (region as text) as table); // want PQC204 "carries no"

// Documented inline, in a let, through members; without parameters or
// unpublished functions need no documentation.
[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.Contents = Value.ReplaceType(Impl, type function (region as (type text meta [Documentation.FieldCaption = "Region"])) as table);
[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.Feed = let t = FeedType in Value.ReplaceType(Impl, t);
FeedType = type function (region as text) as table meta [Documentation.Name = "Feed"];
[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.Tables = () as table => #table({}, {});
[DataSource.Kind = "W"]
shared W.Raw = (region as text) => Impl(region);
// A type built at run time is not judged.
[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.Views = Value.ReplaceType(Impl, Type.ForFunction([ReturnType = type table, Parameters = [region = type text]], 1));

Impl = (region as text) as table => #table({"r"}, {{region}});
`)
}

func TestMissingFunctionDocumentationFix(t *testing.T) {
	ruletest.RunWithFixes(t, `
-- W.pq --
section W;

[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.History = ( // the daily series
    region as text,
    #"page size",
    optional apiVersion as nullable number
) as table =>
    let
        query = [region = region]
    in
        #table({"r"}, {{query[region]}}); // a trailing comment

[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.Contents = Impl;
Impl = (url) => #table({"u"}, {{url}});
-- @W.pq --
section W;

[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.History = Value.ReplaceType(( // the daily series
    region as text,
    #"page size",
    optional apiVersion as nullable number
) as table =>
    let
        query = [region = region]
    in
        #table({"r"}, {{query[region]}}),
    type function (
        region as (type text meta [Documentation.FieldCaption = "Region"]),
        #"page size" as (type any meta [Documentation.FieldCaption = "Page Size"]),
        optional apiVersion as (type nullable number meta [Documentation.FieldCaption = "Api Version"]))
        as table meta [Documentation.Name = "W.History"]); // a trailing comment

[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.Contents = Value.ReplaceType(Impl,
    type function (
        url as (type any meta [Documentation.FieldCaption = "Url"]))
        as any meta [Documentation.Name = "W.Contents"]);
Impl = (url) => #table({"u"}, {{url}});
`, []*rules.Rule{naming.MissingFunctionDocumentation, naming.MissingParameterDocumentation})
}

func TestMissingParameterDocumentation(t *testing.T) {
	check(t, naming.MissingParameterDocumentation, `
-- W.pq --
section W;

[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.Contents = Value.ReplaceType(Impl, ContentsType);
// A type shared by two functions is reported once per parameter.
[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.Feed = Value.ReplaceType(Impl, ContentsType);
// Unpublished functions show no dialog.
[DataSource.Kind = "W"]
shared W.Raw = Value.ReplaceType(Impl, type function (region as text) as table);

ContentsType = type function (
    region as (type text meta [
        Documentation.FieldCaption = "Region",
        Documentation.FieldDescription = "The market region"
    ]),
    optional currency as (type nullable text meta [ // want PQC205 "`+"`currency` of `W.Contents`"+`"
        Documentation.FieldDescription = "ISO code"
    ]),
    optional day as date) // want PQC205 "`+"`day`"+`"
    as table meta [Documentation.Name = "Market data"];
Impl = (region as text, optional currency as nullable text, optional day as date) as table => #table({"r"}, {{region}});
`)
}

func TestMissingParameterDocumentationFix(t *testing.T) {
	ruletest.RunWithFixes(t, `
-- W.pq --
section W;

[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.Contents = Value.ReplaceType(Impl, type function (
    region as (type text meta [
        Documentation.FieldDescription = "The market region"
    ]),
    url as Uri.Type,
    optional currencyCode as (type nullable text meta [Documentation.FieldDescription = "ISO code"]),
    optional day as nullable date,
    optional empty as (type text meta []),
    optional home as RegionType) // a type held elsewhere is not edited
    as table meta [Documentation.Name = "Market data"]);
RegionType = type text meta [Documentation.FieldDescription = "x"];
Impl = (region as text, url as text, optional currencyCode as nullable text, optional day as nullable date, optional empty as text, optional home as text) as table => #table({"r"}, {{region}});
-- @W.pq --
section W;

[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.Contents = Value.ReplaceType(Impl, type function (
    region as (type text meta [
        Documentation.FieldCaption = "Region",
        Documentation.FieldDescription = "The market region"
    ]),
    url as (Uri.Type meta [Documentation.FieldCaption = "Url"]),
    optional currencyCode as (type nullable text meta [Documentation.FieldCaption = "Currency Code", Documentation.FieldDescription = "ISO code"]),
    optional day as (type nullable date meta [Documentation.FieldCaption = "Day"]),
    optional empty as (type text meta [Documentation.FieldCaption = "Empty"]),
    optional home as RegionType) // a type held elsewhere is not edited
    as table meta [Documentation.Name = "Market data"]);
RegionType = type text meta [Documentation.FieldDescription = "x"];
Impl = (region as text, url as text, optional currencyCode as nullable text, optional day as nullable date, optional empty as text, optional home as text) as table => #table({"r"}, {{region}});
`, []*rules.Rule{naming.MissingParameterDocumentation})
}

func TestNonTabularResult(t *testing.T) {
	check(t, naming.NonTabularResult, `
-- W.pq --
section W;

[DataSource.Kind = "W"]
shared W.Feed = Value.ReplaceType(Impl, type function (region as text) as record meta [Documentation.Name = "Latest"]); // want PQC206 "`+"`record`"+`"
[DataSource.Kind = "W"]
shared W.Rates = (region as text) as nullable list => {}; // want PQC206 "nullable list"
[DataSource.Kind = "W"]
shared W.Raw = Value.ReplaceType(Impl, RawType);
RawType = type function () as binary; // want PQC206

// Tables, any and named types are fine.
[DataSource.Kind = "W"]
shared W.Contents = Value.ReplaceType(Impl, type function (region as text) as table meta [Documentation.Name = "Contents"]);
[DataSource.Kind = "W"]
shared W.Tables = () as any => #table({}, {});
[DataSource.Kind = "W"]
shared W.Views = () => #table({}, {});
[DataSource.Kind = "W"]
shared W.Nav = Value.ReplaceType(Impl, type function () as nullable table);
[DataSource.Kind = "W"]
shared W.Typed = Value.ReplaceType(Impl, type function () as NavType);
NavType = type table [Name = text];
Impl = (optional region as text) => #table({}, {});
`)
}

func TestCredentialParameter(t *testing.T) {
	check(t, naming.CredentialParameter, `
-- W.pq --
section W;

[DataSource.Kind = "W", Publish = "W.Publish"]
shared W.History = (
    region as text,
    optional apiToken as nullable text // want PQC207 "`+"`apiToken` of `W.History`"+`"
) as table => #table({}, {});

[DataSource.Kind = "W"]
shared W.Login = (user as text, password as text) => 1; // want PQC207 "`+"`password`"+`"

[DataSource.Kind = "W"]
shared W.Keyed = Value.ReplaceType(Impl, type function (
    api_key as (type text meta [Documentation.FieldCaption = "API key"]), // want PQC207
    keyColumn as text,
    pageToken as text,
    keyword as text,
    tokenType as text) as table);
Impl = (a, b, c, d, e) => #table({}, {});

// Helpers may take tokens: they are not data source functions.
Fetch = (url as text, token as text) => Web.Contents(url, [Headers = [Authorization = "Bearer " & token]]);
`)
}
