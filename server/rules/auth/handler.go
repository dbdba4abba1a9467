package auth

import (
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
)

// handlerText returns a TestConnection handler for a kind, built from its
// reference function's required data source path parameters:
//
//   - none: `(dataSourcePath) => {"Kind.Fn"}`;
//   - one `Uri.Type` parameter, whose path is the URL itself:
//     `(dataSourcePath) => {"Kind.Fn", dataSourcePath}`;
//   - otherwise the path is JSON with a field per parameter:
//     `(dataSourcePath) => let json = Json.Document(dataSourcePath) in {"Kind.Fn", json[p1], json[p2]}`.
//
// It returns "" when no handler can be built: the kind has no function
// with known parameters, or its function has a required parameter outside
// the path (`DataSource.Path = false`), whose value the path cannot give.
func handlerText(k *facts.Kind) string {
	ds := reference(k)
	if ds == nil {
		return ""
	}
	for _, p := range ds.Params {
		if !p.Optional && !p.DataSourcePath {
			return ""
		}
	}
	path := ds.RequiredPath()
	fn := facts.TextLiteral(ds.Name)
	switch {
	case len(path) == 0:
		return "(dataSourcePath) => {" + fn + "}"
	case singleUri(path):
		return "(dataSourcePath) => {" + fn + ", dataSourcePath}"
	}
	items := []string{fn}
	for _, p := range path {
		if p.Name == "" {
			return ""
		}
		items = append(items, "json"+fieldSelector(p.Name))
	}
	return "(dataSourcePath) => let json = Json.Document(dataSourcePath) in {" + strings.Join(items, ", ") + "}"
}
