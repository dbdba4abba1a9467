// Package flow is a conservative value flow over a whole connector: which
// expressions derive from Extension.CurrentCredential(), which requests they
// reach, and whether each request's URL is provably https. Call [Analyze]
// after name resolution and fact collection; every finding carries its path,
// binding by binding, for diagnostics.
package flow

import (
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// Step is one hop of a value's path: a node and what happens there.
type Step struct {
	File *syntax.File
	Node syntax.Node
	What string // e.g. "bound to `token`", "passed as `key` to `GetData`"
}

// Request is a call of a request sink (Web.Contents, OData.Feed, …).
type Request struct {
	File *syntax.File
	// Node is the invocation_expression; Function names the sink.
	Node     syntax.Node
	Function string
	// URL and Options are the argument nodes (Options may be null).
	URL, Options syntax.Node
	// Credentialed reports that a credential-derived value reaches the
	// request (CredentialPaths say how), or that the engine adds the kind's
	// credentials itself (Implicit).
	Credentialed    bool
	Implicit        bool
	CredentialPaths [][]Step
	// HTTPS reports that the URL is provably https; HTTPSWhy says why.
	HTTPS    bool
	HTTPSWhy string
	// CredentialIn lists where credential-derived values go: "url",
	// "Query", "Headers", "Content", "ApiKeyName", "CredentialQuery".
	CredentialIn []string
	// ManualCredentials reports ManualCredentials = true in the options.
	ManualCredentials bool
	// DataSource is the data source function the request is reached from, or nil.
	DataSource *facts.DataSource
}

// Result is the value flow of a connector.
type Result struct {
	// Credentials are the Extension.CurrentCredential() calls.
	Credentials []syntax.Node
	// Requests are the calls of request sinks.
	Requests []*Request
	// Tainted reports whether a node's value derives from the credential.
	tainted map[nodeKey][]Step
}

type nodeKey struct {
	f *syntax.File
	i int
}

// Tainted returns the credential path to n, or nil when n's value does not
// derive from Extension.CurrentCredential().
func (r *Result) Tainted(n syntax.Node) []Step {
	return r.tainted[nodeKey{n.File(), n.Index()}]
}

// Analyze computes the value flow of a connector.
func Analyze(in *scope.Info, fs *facts.Facts) *Result {
	a := &analyzer{in: in, facts: fs, res: &Result{tainted: map[nodeKey][]Step{}}}
	a.run()
	return a.res
}
