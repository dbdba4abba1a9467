// Package general holds the general M rules (PQC7xx): undefined and
// duplicate names, argument counts, unused bindings and unknown request
// options. They read name resolution (model/scope) and the M library.
package general

import "github.com/pqcert/pqcert/server/rules"

// Rules are the general M rules.
var Rules = []*rules.Rule{
	UndefinedIdentifier,
	DuplicateIdentifier,
	ArgumentCount,
	UnusedBinding,
	UnknownRequestOption,
}
