// Package submission holds the rules about the submission package
// (PQC6xx): the built .mez archive's name and contents, the .pbix test
// report, the testing instructions and the driver link of connectors built
// on ODBC, OLE DB or ADO.NET. They read the connector's files besides its M
// sources (workspace.Connector's Mez, Pbix and Docs lists) and, for the
// files the code loads, the facts.
package submission

import "github.com/pqcert/pqcert/server/rules"

// Rules are the submission package rules.
var Rules = []*rules.Rule{
	MezName,
	MezContents,
	MissingTestReport,
	MissingTestInstructions,
	DriverLink,
}
