// Package naming holds the naming and documentation rules (PQC2xx): data
// source functions are named `Kind.FunctionName` with a name that says what
// they return, names carry none of the words the certification article
// forbids, published functions are documented with Documentation.*
// metadata, return tables, and take no secrets as parameters. The rules
// read the connector facts (model/facts); the family's list is [Rules].
package naming

import "github.com/pqcert/pqcert/server/rules"

// Rules are the naming and documentation rules.
var Rules = []*rules.Rule{
	FunctionNamePrefix,
	ForbiddenWord,
	UnusualFunctionName,
	MissingFunctionDocumentation,
	MissingParameterDocumentation,
	NonTabularResult,
	CredentialParameter,
}
