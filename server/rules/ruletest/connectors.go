package ruletest

// This file runs a rule family over the team's test connectors
// (testdata/connectors) and over odd code, the checks every family's
// tests share.

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pqcert/pqcert/server/rules"
)

// ConnectorsDir returns the team's test connectors folder,
// testdata/connectors at the root of the module the test runs in.
func ConnectorsDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata", "connectors")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder, so no testdata/connectors")
		}
		dir = parent
	}
}

// RunConnectors runs rules over each test connector, one subtest per
// folder, with [Run]: the compliant connectors get no finding, the Bad*
// ones exactly their want comments for these rules' codes.
func RunConnectors(t *testing.T, rs []*rules.Rule) {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(ConnectorsDir(t), "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			Run(t, dir, rs)
		})
	}
}

// RunConnectorPrefixes runs rules over every prefix, in steps of step
// bytes (499 with -short), of each test connector's section document,
// alone in a folder: code cut anywhere gives findings or none, never a
// failing rule.
func RunConnectorPrefixes(t *testing.T, rs []*rules.Rule, step int) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(ConnectorsDir(t), "*", "*.pq"))
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		step = 499
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for cut := 0; cut < len(data); cut += step {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, filepath.Base(path)), data[:cut], 0o644); err != nil {
				t.Fatal(err)
			}
			_, findings := Findings(t, dir, rs)
			for _, f := range findings {
				if f.Rule == rules.InternalError {
					t.Fatalf("%s cut at %d: %s", filepath.Base(path), cut, f.Message)
				}
			}
		}
	}
}

// OddCode holds section documents, by name, that are empty, cyclic,
// self-referential or broken in the places rules read: connector
// attributes, Publish and kind records, navigation tables and icons.
var OddCode = map[string]string{
	"empty":          ``,
	"no members":     `section K;`,
	"attribute only": "section K;\n[DataSource.Kind = \"K\", Publish = 1]\nshared K.Contents = () => 1;",
	"cycles": `section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => F();
F = () => G();
G = () => F();
K.Publish = P;
P = K.Publish;
K = [TestConnection = K[TestConnection]];`,
	"self record": `section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = Value.ReplaceType(K.Contents, type function () as table);
K.Publish = [Beta = Beta, SourceImage = K.Publish, SourceTypeImage = [Icon16 = Icon16, Icon32 = {K.Publish}], ButtonText = {ButtonText}, NativeQueryProperties = [NavigationSteps = {[Indices = Indices]}]];
Beta = Beta;`,
	"syntax errors": `section K;
[DataSource.Kind = "K", Publish = "K.Publish"]
shared K.Contents = () => Table.ToNavigationTable(#table({"Name", "ItemKind"}, {{"a", "Report" "b"}}), {"Name"});
K.Publish = [Beta = , Category = "online services", LearnMoreUrl = "http://x"
K.Icons = [Icon16 = {Extension.Contents()}];`,
	"not a section": `let a = 1 in a`,
}

// RunOddCode runs rules over each source of the maps, one subtest each,
// as the file K.pq of a connector of its own (archive entries such as
// `-- resources.resx --` may follow in the source): broken, cyclic and
// odd code gives findings or none, never an internal error (a panic the
// engine caught) and never a hang.
func RunOddCode(t *testing.T, rs []*rules.Rule, sources ...map[string]string) {
	t.Helper()
	for _, m := range sources {
		for name, src := range m {
			t.Run(name, func(t *testing.T) {
				_, fs := Findings(t, Write(t, "-- K.pq --\n"+src+"\n"), rs)
				for _, f := range fs {
					if f.Rule == rules.InternalError {
						t.Errorf("internal error: %s", f.Message)
					}
				}
			})
		}
	}
}
