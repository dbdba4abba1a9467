// Package auth holds the data source kind and authentication rules
// (PQC1xx): every connector declares a data source kind, each kind has a
// kind record with a TestConnection handler and an Authentication record
// the engine accepts, the kind's functions share one data source path, and
// no OAuth client secret ships inside the connector. The rules read the
// connector facts (model/facts) and name resolution (model/scope); the
// family's list is [Rules].
package auth

import "github.com/pqcert/pqcert/server/rules"

// Rules are the data source kind and authentication rules.
var Rules = []*rules.Rule{
	MissingDataSourceKind,
	MissingKindRecord,
	MissingTestConnection,
	InvalidTestConnection,
	MissingAuthentication,
	KindParameterMismatch,
	TestConnectionPathShape,
	UnknownAuthField,
	OAuthHandlerArity,
	OAuthClientSecret,
	LabelWithPath,
}
