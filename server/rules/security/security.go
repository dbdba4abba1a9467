// Package security holds the security rules (PQC5xx) of the certification
// article's "specific security considerations": where the current
// credential goes and over what, credentials in GET query strings, tracing
// behind a feature flag that is off, what traces carry, what
// Expression.Evaluate runs, user URLs without an https check and status
// handling that hides credential errors. The rules read the value flow
// (model/flow) and the connector facts (model/facts).
package security

import "github.com/pqcert/pqcert/server/rules"

// Rules are the security rules.
var Rules = []*rules.Rule{
	CredentialsOverHTTP,
	CredentialsInGetQuery,
	UnguardedTracing,
	TracingEnabled,
	TracedSecret,
	DynamicExpressionEvaluate,
	CredentialFlow,
	CurrentCredentialsTypo,
	HTTPSUserURL,
	UnhandledManualStatus,
}
