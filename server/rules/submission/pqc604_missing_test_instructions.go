package submission

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc604_missing_test_instructions.md
var missingTestInstructionsDoc string

// MissingTestInstructions reports a connector folder without testing
// instructions (a README or an instructions document).
var MissingTestInstructions = &rules.Rule{
	Code:     "PQC604",
	Name:     "missing-test-instructions",
	Severity: rules.Warning,
	Doc:      missingTestInstructionsDoc,
	Needs:    rules.NeedsFacts | rules.NeedsFiles,
	Run:      runMissingTestInstructions,
}

func runMissingTestInstructions(p *rules.Pass) {
	at := sectionAnchor(p)
	if at.IsNull() || len(p.Model.Connector.Docs) > 0 {
		return
	}
	p.ReportNode(at, "the submission has no testing instructions: add a README or an instructions document that says how to set up and test the connector")
}
