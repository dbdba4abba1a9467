package security_test

import (
	"testing"

	"github.com/pqcert/pqcert/server/rules/ruletest"
	"github.com/pqcert/pqcert/server/rules/security"
)

// TestConnectors runs the family over the team's test connectors: the
// compliant ones get no finding, the Bad* ones exactly their want comments.
func TestConnectors(t *testing.T) { ruletest.RunConnectors(t, security.Rules) }

// TestBrokenCode runs the family over every prefix (in steps) of the test
// connectors' section documents: code cut anywhere gives findings or none,
// never a failing rule.
func TestBrokenCode(t *testing.T) { ruletest.RunConnectorPrefixes(t, security.Rules, 97) }

// TestOddCode runs the family over cyclic and odd code: findings or none,
// never a failing rule or a hang.
func TestOddCode(t *testing.T) {
	ruletest.RunOddCode(t, security.Rules, map[string]string{
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
	})
}
