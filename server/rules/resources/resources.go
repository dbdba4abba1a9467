// Package resources holds the rules about resources.resx (PQC4xx): literal
// user-facing texts, keys loaded but missing or defined but unused, URLs
// kept as resources, and files that are not well-formed. They read the
// connector's Extension.LoadString calls (model/facts) and its resx file
// (package resx).
package resources

import "github.com/pqcert/pqcert/server/rules"

// Rules are the resource rules.
var Rules = []*rules.Rule{
	HardcodedUserString,
	MissingResourceKey,
	URLInResources,
	UnusedResourceKey,
	InvalidResx,
}
