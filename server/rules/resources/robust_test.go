package resources_test

import (
	"testing"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/resources"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// Broken, cyclic and odd code gives findings or nothing, never an
// internal error (a panic the engine caught) and never a hang.
func TestOddCode(t *testing.T) {
	for name, src := range map[string]string{
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
		"loaders":       "section K;\nL = (k) => M(k);\nM = (k) => L(k) & Extension.LoadString(k);\nX = L(\"a\");\nY = Extension.LoadString(Extension.LoadString(\"b\"));",
		"empty resx":    "section K;\nX = Extension.LoadString(\"a\");\n-- resources.resx --\n",
		"bad resx":      "section K;\nX = Extension.LoadString(\"a\");\n-- resources.resx --\n<root><data><value>x</value></data>",
		"resx data":     "section K;\n[DataSource.Kind = \"K\"]\nshared K.Contents = () => 1;\nK = [Label = \"x\"];\n-- resources.resx --\n<root/>",
	} {
		t.Run(name, func(t *testing.T) {
			_, fs := ruletest.Findings(t, ruletest.Write(t, "-- K.pq --\n"+src+"\n"), resources.Rules)
			for _, f := range fs {
				if f.Rule == rules.InternalError {
					t.Errorf("internal error: %s", f.Message)
				}
			}
		})
	}
}
