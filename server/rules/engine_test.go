package rules_test

import (
	"testing"

	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

// everyBinding reports every let binding, so that the tests below can tell
// which findings suppression comments remove.
var everyBinding = &rules.Rule{
	Code:     "PQC990",
	Name:     "every-binding",
	Severity: rules.Warning,
	Run: func(p *rules.Pass) {
		for _, d := range p.Model.Scope.Defs {
			if d.Kind == scope.LetBinding {
				p.ReportNode(d.NameNode, "binding `%s`", d.Name)
			}
		}
	},
}

// Directives count only in comments, wherever the comments stand: in
// lets, before the section, after the last member, in block comments, in
// helper modules; each comment holds at most one.
func TestSuppressionComments(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- S.pq --
// pqcert-disable-next-line PQC990
section S;

A = let
        // pqcert-disable-next-line PQC990
        a = 1,
        b = "pqcert-disable-next-line PQC990", // want PQC990
        /* pqcert-disable-next-line PQC990 */
        c = 1,
        /* want PQC000 */ // pqcert-disable-next-line PQC99
        d = 1, // want PQC990
        // see pqcert-disable-other; pqcert-disable-next-line PQC990
        e = 1,
        // pqcert-disable-next-line PQC990 -- pqcert-disable-next-line PQC12
        f = 1,
        g = 1 // want PQC990
    in
        a;

Loader = Extension.LoadFunction("M.pqm");
Extension.LoadFunction = (name as text) => Expression.Evaluate(Text.FromBinary(Extension.Contents(name)), #shared);

B = let h = 1 in h; // want PQC990
// pqcert-disable-next-line PQC990
C = let i = 1 in i;
/* want PQC000 */ // pqcert-disable-next-line PQC990 PQC1
-- M.pqm --
let
    // pqcert-disable-next-line
    j = 1,
    k = 1 // want PQC990
in
    j + k
`), []*rules.Rule{everyBinding})
}

// A file directive in a block comment after the last member covers the
// whole file.
func TestSuppressionFileDirective(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- S.pq --
section S;

A = let a = 1, b = 2 in a + b;

/*
  pqcert-disable-file PQC990
*/
`), []*rules.Rule{everyBinding})
}
