package publish

import (
	_ "embed"
	"slices"
	"strings"

	"github.com/pqcert/pqcert/server/rules"
)

//go:embed pqc311_unknown_publish_field.md
var unknownPublishFieldDoc string

// UnknownPublishField reports publish record fields the Get Data
// experience does not read.
var UnknownPublishField = &rules.Rule{
	Code:     "PQC311",
	Name:     "unknown-publish-field",
	Severity: rules.Warning,
	Doc:      unknownPublishFieldDoc,
	Fix:      rules.FixNone,
	Needs:    rules.NeedsFacts,
	Run:      runUnknownPublishField,
}

// publishFields are the fields of a publish record.
var publishFields = []string{"ButtonText", "Category", "Beta", "LearnMoreUrl", "SupportsDirectQuery", "SourceImage", "SourceTypeImage", "NativeQueryProperties"}

// kindRecordFields are fields that belong in the kind record instead.
var kindRecordFields = map[string]bool{"Label": true, "Authentication": true, "TestConnection": true, "SupportsEncryption": true}

func runUnknownPublishField(p *rules.Pass) {
	for _, pub := range publishes(p) {
		for _, f := range fieldsOf(pub.Record) {
			if slices.Contains(publishFields, f.Name) {
				continue
			}
			switch {
			case kindRecordFields[f.Name]:
				p.ReportNode(f.NameN, "`%s` is a field of the kind record, not of the publish record `%s`", f.Name, pub.Name)
			case caseVariant(publishFields, f.Name) != "":
				p.ReportNode(f.NameN, "`%s` is not a publish record field; the field is `%s` (names are case-sensitive)", f.Name, caseVariant(publishFields, f.Name))
			default:
				p.ReportNode(f.NameN, "`%s` is not a publish record field (fields: %s)", f.Name, strings.Join(publishFields, ", "))
			}
		}
	}
}

// caseVariant returns the name of list that equals s but for case, or "".
func caseVariant(list []string, s string) string {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return x
		}
	}
	return ""
}
