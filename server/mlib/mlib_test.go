package mlib

import (
	"slices"
	"strings"
	"testing"
)

// jsonSymbols is the number of symbols in m-library.json.
const jsonSymbols = 901

func TestLookup(t *testing.T) {
	s := Lookup("Web.Contents")
	if s == nil {
		t.Fatal("Web.Contents not found")
	}
	if s.Kind != KindFunction || !s.IsDataSource || s.Library != LibraryStandard || s.Returns != "binary" || s.Category != "Accessing data" {
		t.Errorf("Web.Contents = %+v", s)
	}
	for _, name := range []string{"web.contents", "Web.contents", "Web", "", "Table.ToNavigationTable", "Diagnostics.LogValue"} {
		if got := Lookup(name); got != nil {
			t.Errorf("Lookup(%q) = %s, want nil", name, got.Name)
		}
	}
	if got, want := len(All()), jsonSymbols+len(additions); got != want {
		t.Errorf("len(All()) = %d, want %d: the %d symbols of m-library.json and the additions", got, want, jsonSymbols)
	}
}

func TestAllSortedAndConsistent(t *testing.T) {
	all := All()
	if !slices.IsSortedFunc(all, func(a, b *Symbol) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("All is not sorted by name")
	}
	kinds := map[string]bool{KindFunction: true, KindConstructor: true, KindConstant: true, KindType: true, KindEnumType: true, KindEnumMember: true}
	for _, s := range all {
		if Lookup(s.Name) != s {
			t.Errorf("Lookup(%q) does not return the listed symbol", s.Name)
		}
		if !kinds[s.Kind] {
			t.Errorf("%s has unknown kind %q", s.Name, s.Kind)
		}
		if s.Library != LibraryStandard && s.Library != LibrarySDK {
			t.Errorf("%s has unknown library %q", s.Name, s.Library)
		}
		optional := false
		for _, p := range s.Parameters {
			if p.Name == "" || p.Type == "" {
				t.Errorf("%s has a parameter without name or type: %+v", s.Name, p)
			}
			if !p.Required {
				optional = true
			} else if optional {
				t.Errorf("%s has required parameter %s after an optional one", s.Name, p.Name)
			}
			if len(p.AllowedValues) != len(p.EnumNames) {
				t.Errorf("%s %s: %d allowed values but %d enum names", s.Name, p.Name, len(p.AllowedValues), len(p.EnumNames))
			}
		}
	}
	// Appending to a returned slice must not touch the library.
	_ = append(All(), &Symbol{Name: "zzz"})
	_ = append(WithPrefix("Text."), &Symbol{Name: "zzz"})
	if Lookup("Text.Upper") == nil || len(All()) != jsonSymbols+len(additions) || All()[len(All())-1].Name == "zzz" {
		t.Error("appending to a returned slice changed the library")
	}
	if WithPrefix("Text.")[0].Name != "Text.AfterDelimiter" {
		t.Errorf("WithPrefix changed by an append: %s", WithPrefix("Text.")[0].Name)
	}
}

func TestArity(t *testing.T) {
	tests := []struct {
		name     string
		min, max int
	}{
		{"Web.Contents", 1, 2},
		{"Table.AddColumn", 3, 4},
		{"Extension.CurrentCredential", 0, 1},
		{"Extension.LoadString", 1, 1},
		{"Diagnostics.Trace", 3, 4},
		{"Value.ReplaceType", 2, 2},
		{"#date", 3, 3},
		{"#datetimezone", 8, 8},
		{"Number.PI", 0, 0},
	}
	for _, tt := range tests {
		s := Lookup(tt.name)
		if s == nil {
			t.Errorf("%s not found", tt.name)
			continue
		}
		if min, max := s.Arity(); min != tt.min || max != tt.max {
			t.Errorf("%s.Arity() = %d, %d; want %d, %d", tt.name, min, max, tt.min, tt.max)
		}
	}
}

func TestIsFunction(t *testing.T) {
	for name, want := range map[string]bool{
		"Web.Contents": true, "#table": true, "Number.PI": false, "JoinKind.Inner": false,
		"JoinKind.Type": false, "Int64.Type": false, "Credential.AccessDenied": false,
	} {
		if got := Lookup(name).IsFunction(); got != want {
			t.Errorf("%s.IsFunction() = %v, want %v", name, got, want)
		}
	}
}

func TestWithPrefix(t *testing.T) {
	ext := WithPrefix("Extension.")
	var names []string
	for _, s := range ext {
		names = append(names, s.Name)
		if s.Library != LibrarySDK {
			t.Errorf("%s is not marked sdk", s.Name)
		}
	}
	for _, want := range []string{"Extension.Contents", "Extension.CurrentCredential", "Extension.LoadString", "Extension.CredentialError"} {
		if !slices.Contains(names, want) {
			t.Errorf("WithPrefix(Extension.) lacks %s: %v", want, names)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("WithPrefix is not sorted: %v", names)
	}
	tl := WithPrefix("TraceLevel.")
	if len(tl) != 6 { // Critical, Error, Information, Type, Verbose, Warning
		t.Errorf("WithPrefix(TraceLevel.) = %d symbols, want 6", len(tl))
	}
	if got := WithPrefix("Nonexistent."); got != nil {
		t.Errorf("WithPrefix(Nonexistent.) = %v, want nil", got)
	}
	if got := WithPrefix("web."); got != nil {
		t.Errorf("WithPrefix is not case-sensitive: %d results", len(got))
	}
	if got := WithPrefix(""); len(got) != len(All()) {
		t.Errorf("WithPrefix(\"\") = %d symbols, want all", len(got))
	}
	if got := WithPrefix("Web.Contents"); len(got) != 1 || got[0].Name != "Web.Contents" {
		t.Errorf("WithPrefix(Web.Contents) = %v", got)
	}
	if got := WithPrefix("#"); len(got) != 7 {
		t.Errorf("WithPrefix(#) = %d symbols, want the 7 constructors", len(got))
	}
}

func TestNamespaces(t *testing.T) {
	ns := Namespaces()
	for _, want := range []string{"Table", "Text", "Web", "Extension", "TraceLevel", "Credential"} {
		if _, ok := slices.BinarySearch(ns, want); !ok {
			t.Errorf("Namespaces lacks %s", want)
		}
	}
	if !slices.IsSorted(ns) || slices.Contains(ns, "") || slices.Contains(ns, "#date") {
		t.Errorf("Namespaces is malformed: %v", ns)
	}
	if len(ns) != 149 { // 148 from m-library.json, FabricAI from the additions
		t.Errorf("len(Namespaces()) = %d, want 149", len(ns))
	}
}

func TestSignature(t *testing.T) {
	tests := map[string]string{
		"Web.Contents":                "Web.Contents(url as text, optional options as nullable record) as binary",
		"Table.AddColumn":             "Table.AddColumn(table as table, newColumnName as text, columnGenerator as function, optional columnType as nullable type) as table",
		"Extension.CurrentCredential": "Extension.CurrentCredential(optional forceRefresh as nullable logical) as nullable record",
		"Value.ReplaceType":           "Value.ReplaceType(value as any, type as type) as any",
		"#date":                       "#date(year as number, month as number, day as number) as date",
		"Extension.Cache":             "Extension.Cache() as record",
		"Number.PI":                   "Number.PI as number",
		"TraceLevel.Error":            "TraceLevel.Error as number",
	}
	for name, want := range tests {
		if got := Lookup(name).Signature(); got != want {
			t.Errorf("%s.Signature() =\n  %s\nwant\n  %s", name, got, want)
		}
	}
}

func TestDocURL(t *testing.T) {
	tests := map[string]string{
		"Table.AddColumn":             "https://learn.microsoft.com/powerquery-m/table-addcolumn",
		"Web.Contents":                "https://learn.microsoft.com/powerquery-m/web-contents",
		"#date":                       "https://learn.microsoft.com/powerquery-m/sharpdate",
		"Number.PI":                   "https://learn.microsoft.com/powerquery-m/number-pi",
		"JoinKind.Type":               "https://learn.microsoft.com/powerquery-m/joinkind-type",
		"JoinKind.LeftSemi":           "https://learn.microsoft.com/powerquery-m/joinkind-type",
		"TraceLevel.Error":            "https://learn.microsoft.com/powerquery-m/tracelevel-type",
		"Extension.CurrentCredential": "",
		"Credential.AccessDenied":     "",
		"Int64.Type":                  "",
		"Uri.Type":                    "",
		"Action.DoNothing":            "",
	}
	for name, want := range tests {
		if got := Lookup(name).DocURL(); got != want {
			t.Errorf("%s.DocURL() = %q, want %q", name, got, want)
		}
	}
	for _, s := range All() {
		u := s.DocURL()
		if u != "" && (strings.ContainsAny(u[len(docBase):], ".#/ ") || strings.ToLower(u) != u) {
			t.Errorf("%s.DocURL() = %q is malformed", s.Name, u)
		}
	}
}

// TestConnectorRuntimeNames pins the names certified connectors take from the
// SDK at run time: each must resolve, so that no correction is needed for it.
func TestConnectorRuntimeNames(t *testing.T) {
	names := []string{
		"Extension.CurrentCredential", "Extension.Contents", "Extension.LoadString", "Extension.CredentialError",
		"Credential.AccessDenied", "Credential.AccessForbidden", "Credential.EncryptionNotSupported", "Credential.NativeQueryPermission",
		"Diagnostics.Trace", "TraceLevel.Critical", "TraceLevel.Error", "TraceLevel.Information", "TraceLevel.Verbose", "TraceLevel.Warning",
		"Web.Contents", "Uri.Type", "Odbc.DataSource", "Value.ReplaceType", "Table.View",
	}
	for _, name := range names {
		if Lookup(name) == nil {
			t.Errorf("%s is missing from the library", name)
		}
	}
}

func TestCorrections(t *testing.T) {
	opts := Lookup("Web.Contents").Parameters[1]
	var fields []string
	for _, f := range opts.Fields {
		fields = append(fields, f.Name)
	}
	want := []string{"Query", "ApiKeyName", "Headers", "Timeout", "ExcludedFromCacheKey", "IsRetry",
		"ManualStatusHandling", "RelativePath", "Content", "ManualCredentials", "CredentialQuery"}
	if !slices.Equal(fields, want) {
		t.Errorf("Web.Contents options = %v, want %v", fields, want)
	}
	for _, c := range corrections {
		if c.Reason == "" {
			t.Errorf("correction for %s has no reason", c.Symbol)
		}
	}
	// Applying the table twice must fail: a correction that no longer
	// adds anything is stale.
	if err := applyCorrections(get().byName); err == nil || !strings.Contains(err.Error(), "already has field") {
		t.Errorf("reapplying corrections: %v, want an already-has-field error", err)
	}
	if err := applyCorrections(map[string]*Symbol{}); err == nil {
		t.Error("corrections applied to an empty library")
	}
}

func TestAllowedValues(t *testing.T) {
	p := Lookup("Json.Document").Parameters[1]
	if len(p.AllowedValues) == 0 || p.AllowedValues[len(p.AllowedValues)-1] != "65001" || p.EnumNames[len(p.EnumNames)-1] != "TextEncoding.Utf8" {
		t.Errorf("Json.Document encoding = %v %v", p.AllowedValues, p.EnumNames)
	}
	for raw, want := range map[string]string{`12`: "12", `-1`: "-1", `"a\"b"`: `"a""b"`, `true`: "true", `null`: "null"} {
		if got, err := literalText([]byte(raw)); err != nil || got != want {
			t.Errorf("literalText(%s) = %q, %v; want %q", raw, got, err, want)
		}
	}
	if _, err := literalText([]byte(`[1]`)); err == nil {
		t.Error("literalText accepted a list")
	}
}

func TestParseErrors(t *testing.T) {
	for _, data := range []string{
		`{`,
		`{"symbols":[{"name":""}]}`,
		`{"symbols":[{"name":"A"},{"name":"A"}]}`,
		`{"symbols":[{"name":"A","parameters":[{"name":"x","allowedValues":[{}]}]}]}`,
	} {
		if _, err := parse([]byte(data)); err == nil {
			t.Errorf("parse(%s) succeeded", data)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	names := []string{"Web.Contents", "Table.AddColumn", "Extension.CurrentCredential", "NoSuch.Name"}
	get()
	i := 0
	for b.Loop() {
		Lookup(names[i%len(names)])
		i++
	}
}

func BenchmarkWithPrefix(b *testing.B) {
	get()
	for b.Loop() {
		WithPrefix("Table.")
	}
}

// BenchmarkParse measures the one-time cost of reading the embedded JSON
// and applying the additions and corrections.
func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		l, err := parse(libraryJSON)
		if err != nil {
			b.Fatal(err)
		}
		if err := applyAdditions(l); err != nil {
			b.Fatal(err)
		}
		if err := applyCorrections(l.byName); err != nil {
			b.Fatal(err)
		}
	}
}
