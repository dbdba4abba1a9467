package general_test

import (
	"testing"

	"github.com/pqcert/pqcert/server/rules/general"
	"github.com/pqcert/pqcert/server/rules/ruletest"
)

func TestGeneral(t *testing.T) {
	ruletest.Run(t, ruletest.Write(t, `
-- Gen.pq --
[Version = "1.0.0"]
section Gen;

shared Gen.Contents = (url as text) =>
    let
        source = Web.Contents(url, [Headers = [], CredentialQueryString = [k = "v"]]), // want PQC705 "CredentialQuery" PQC704
        unused = 1, // want PQC704
        rows = Table.FromRecords(sourse), // want PQC701 "did you mean"
        twice = 1, // want PQC704
        twice = 2, // want PQC702 PQC704
        added = Table.AddColumn(rows, "x") // want PQC703
    in
        added;

Helper = (a, b) => a; // want PQC704 "parameter"
Use = Helper(1, 2) + Helper(3, 4);
Paged = (response, optional request) => response;
UsePaged = Paged(1);
PagedPassed = (response, optional request) => response; // want PQC704 "parameter"
UsePagedPassed = PagedPassed(1) & PagedPassed(1, 2);
Callback = List.Transform({1}, (x, y) => 1);
Implicit = [a]; // want PQC701
Ok = each [a];
`), general.Rules)
}

func TestFixes(t *testing.T) {
	ruletest.RunWithFixes(t, `
-- F.pq --
section F;
shared F.Contents = () => Web.Contents("https://x", [CredentialQueryString = [a = "b"]]);
-- @F.pq --
section F;
shared F.Contents = () => Web.Contents("https://x", [CredentialQuery = [a = "b"]]);
`, general.Rules)
}
