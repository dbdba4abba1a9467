package security_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/ruletest"
	"github.com/pqcert/pqcert/server/rules/security"
)

// TestConnectors runs the family over the team's test connectors: the
// compliant ones get no finding, the Bad* ones exactly their want comments.
func TestConnectors(t *testing.T) {
	dirs, err := filepath.Glob("../../../testdata/connectors/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			ruletest.Run(t, dir, security.Rules)
		})
	}
}

// TestBrokenCode runs the family over every prefix (in steps) of the test
// connectors' M files: code cut anywhere gives findings or none, never a
// failing rule.
func TestBrokenCode(t *testing.T) {
	files, err := filepath.Glob("../../../testdata/connectors/*/*.pq")
	if err != nil {
		t.Fatal(err)
	}
	step := 97
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
			_, findings := ruletest.Findings(t, dir, security.Rules)
			for _, f := range findings {
				if f.Rule == rules.InternalError {
					t.Fatalf("%s cut at %d: %s", filepath.Base(path), cut, f.Message)
				}
			}
		}
	}
}

// TestOddCode runs the family over cyclic and odd code: findings or none,
// never a failing rule or a hang.
func TestOddCode(t *testing.T) {
	for name, src := range map[string]string{
		"empty":       ``,
		"no members":  `section K;`,
		"not section": `let a = Web.Contents("http://x", [Query = [k = Extension.CurrentCredential()]]) in a`,
		"cycles": `section K;
[DataSource.Kind = "K"]
shared K.Contents = () => F("http://x");
F = (u) => G(u & "/");
G = (u) => if u = "" then Web.Contents(u, [Query = [k = Key]]) else F(u);
Key = Extension.CurrentCredential()[Key] & Key2;
Key2 = Key;
Flag = Flag;
T = if Flag then Diagnostics.Trace(TraceLevel.Information, Key, 1) else Diagnostics.Trace(TraceLevel.Information, Key, 2);
E = Expression.Evaluate(E, E);
K = [Authentication = [Key = []]];`,
		"broken calls": `section K;
[DataSource.Kind = "K"]
shared K.Contents = () => Web.Contents(, [Query = [k = Extension.CurrentCredential(], ManualStatusHandling = {401
T = Diagnostics.Trace(;
E = Expression.Evaluate();
X = Extension.CurrentCredentials;`,
	} {
		t.Run(name, func(t *testing.T) {
			_, fs := ruletest.Findings(t, ruletest.Write(t, "-- K.pq --\n"+src+"\n"), security.Rules)
			for _, f := range fs {
				if f.Rule == rules.InternalError {
					t.Errorf("internal error: %s", f.Message)
				}
			}
		})
	}
}
