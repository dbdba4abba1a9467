// Package document holds the rules about the section document itself
// (PQC0xx): syntax errors, the section format and the version attribute.
package document

import "github.com/pqcert/pqcert/server/rules"

// Rules are the document rules.
var Rules = []*rules.Rule{
	SyntaxError,
	NotSectionDocument,
	MissingVersion,
	InvalidVersion,
}
