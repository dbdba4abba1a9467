// Package publish holds the rules about the Get Data experience (PQC3xx):
// publish records, their beta flag, icons and categories, navigation
// tables, DirectQuery and native query settings, and shared helpers. They
// read the connector facts (model/facts) and, for icons, the image files.
package publish

import "github.com/pqcert/pqcert/server/rules"

// Rules are the publish rules.
var Rules = []*rules.Rule{
	MissingPublish,
	BetaNotSet,
	MissingIcons,
	IconFileProblem,
	MissingNavigationTable,
	InsecureLearnMoreURL,
	ButtonText,
	CategoryValue,
	DirectQueryWithoutFolding,
	NativeQueryProperties,
	UnknownPublishField,
	NavigationItemKind,
	SharedHelper,
}
