package rules

import "github.com/pqcert/pqcert/server/syntax"

// InError reports whether n is or stands inside an ERROR region, where the
// parse is a guess and findings would be noise.
func InError(n syntax.Node) bool {
	if n.IsNull() || !n.File().Root().HasError() {
		return false // no ERROR in the whole file: no walk up
	}
	for p := n; !p.IsNull(); p = p.Parent() {
		if p.IsError() {
			return true
		}
	}
	return false
}
