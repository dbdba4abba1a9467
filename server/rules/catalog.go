package rules

// catalogCodes are the codes of shared/docs/RULES.md (and the engine's
// own). Suppression comments may name any of them, even when a driver runs
// only some rules (a test of one family, a configuration that turns rules
// off); rules/all's registry test keeps this list equal to all.Rules.
var catalogCodes = []string{
	"PQC000",
	"PQC001", "PQC002", "PQC003", "PQC004",
	"PQC101", "PQC102", "PQC103", "PQC104", "PQC105", "PQC106", "PQC107", "PQC108", "PQC109", "PQC110", "PQC111",
	"PQC201", "PQC202", "PQC203", "PQC204", "PQC205", "PQC206", "PQC207",
	"PQC301", "PQC302", "PQC303", "PQC304", "PQC305", "PQC306", "PQC307", "PQC308", "PQC309", "PQC310", "PQC311", "PQC312", "PQC313",
	"PQC401", "PQC402", "PQC403", "PQC404", "PQC405",
	"PQC501", "PQC502", "PQC503", "PQC504", "PQC505", "PQC506", "PQC507", "PQC508", "PQC509", "PQC510",
	"PQC601", "PQC602", "PQC603", "PQC604", "PQC605",
	"PQC701", "PQC702", "PQC703", "PQC704", "PQC705",
}

// CatalogCodes returns the codes of the rule catalog.
func CatalogCodes() []string { return append([]string(nil), catalogCodes...) }
