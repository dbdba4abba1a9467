package general_test

import (
	"testing"

	"github.com/pqcert/pqcert/server/rules/general"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// A record of overrides named like library functions: the fields see each
// other, so a call of the library name from a sibling field reaches the field.
func TestLocalNameHidesLibraryFunction(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- S.pq --
section S;

Overrides = [
    Text.Upper = (visitor, ast) => visitor(ast),
    Number.Abs = (visitor, ast) => Text.Upper(ast), // want PQC703 "here is the record field on line 4, which hides the library function: it takes 2 arguments, but 1 is given"
    Number.Sign = (visitor, ast) => Text.Upper(visitor, ast)
];

Use = let List.Max = (a, b, c) => a & b & c in List.Max({1}); // want PQC703 "let binding on line 9"
Fine = List.Max({1, 2});
Counts = [Overrides = Overrides, Use = Use, Fine = Fine];
`), general.Rules)
}
