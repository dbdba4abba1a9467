package submission

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc603_missing_test_report.md
var missingTestReportDoc string

// MissingTestReport reports a connector folder without a .pbix test report.
var MissingTestReport = &rules.Rule{
	Code:     "PQC603",
	Name:     "missing-test-report",
	Severity: rules.Warning,
	Doc:      missingTestReportDoc,
	Needs:    rules.NeedsFacts | rules.NeedsFiles,
	Run:      runMissingTestReport,
}

func runMissingTestReport(p *rules.Pass) {
	at := sectionAnchor(p)
	if at.IsNull() || len(p.Model.Connector.Pbix) > 0 {
		return
	}
	p.ReportNode(at, "the submission has no `.pbix` test report: add a Power BI Desktop report with a query for each navigation table item")
}
