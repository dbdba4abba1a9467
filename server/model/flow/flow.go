// Package flow is a conservative value flow over a whole connector: which
// expressions derive from Extension.CurrentCredential() (or from a web
// response, or from a parameter of a data source function), which requests
// they reach, and whether each request's URL is provably https. Call
// [Analyze] after name resolution and fact collection; every finding
// carries its path, binding by binding, for diagnostics.
//
// Values are followed through let bindings, section members, records and
// their fields, lists, field and item access, `&`, library calls (which
// pass their arguments' origins on unless they return numbers, logicals or
// types), arguments into the parameters of the connector's own functions
// and back out through their results, and helper modules bound to members.
// A value derives from the credential only when some path shows it: an
// unknown function's result derives from nothing, comparisons and the
// credential's AuthenticationKind carry nothing, and a function value
// carries its result only into the library function it is passed to.
// M is lazy, so an https check proves a URL only when the request uses the
// checked value (inside the checked branch, or the check's result).
//
// The analysis is summary based: each function's result is computed once
// in terms of its parameters (a recursive function's body again until its
// result stays the same, at most a few rounds), and what reaches a
// parameter is propagated over the connector's call sites, so the cost
// grows with the size of the connector, not with the number of call
// paths. A Result is immutable: any number of goroutines may read it.
package flow

import (
	"slices"
	"sort"

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

// CredentialUse is one place where a credential-derived value goes into a
// request.
type CredentialUse struct {
	// In is where it goes: "url" (the URL argument or RelativePath),
	// "Query", "Headers", "Content", "CredentialQuery", another option's
	// name, "options" (an options record the analysis cannot see into),
	// "headers" (OData.Feed's headers argument) or "argument" (another
	// argument of a non-web source, such as a connection string).
	In string
	// Field is the field inside Query, Headers or CredentialQuery when
	// known (`Authorization`).
	Field string
	// Node is the expression that carries the value.
	Node syntax.Node
	// Path leads from Extension.CurrentCredential() to Node.
	Path []Step
}

// Request is a call of a request sink: a data source function of the
// library (Web.Contents, Web.Headers, OData.Feed, Odbc.DataSource …) or
// Web.Page.
type Request struct {
	File *syntax.File
	// Node is the invocation_expression; Function names the sink.
	Node     syntax.Node
	Function string
	// URL and Options are the argument nodes (Options may be null); for a
	// source that is no web request, URL is its first argument (a server
	// name, a connection string). For OData.Feed, Headers is the headers
	// argument.
	URL, Options, Headers syntax.Node
	// IsWeb reports an HTTP request (Web.*, OData.Feed).
	IsWeb bool
	// OptionFields are the options record's fields (record_field nodes)
	// when the analysis can see the record.
	OptionFields facts.Fields
	// Credentialed reports that a credential-derived value reaches the
	// request (Credentials say how), or that the engine adds the kind's
	// credentials itself (Implicit).
	Credentialed bool
	Implicit     bool
	// Credentials are the explicit uses; CredentialPaths their paths.
	Credentials     []*CredentialUse
	CredentialPaths [][]Step
	// CredentialIn lists where credential-derived values go: "url",
	// "Query", "Headers", "Content", "CredentialQuery" … as in
	// CredentialUse.In, and "ApiKeyName" when the engine puts the kind's
	// key into the query string named by that option.
	CredentialIn []string
	// ManualCredentials reports ManualCredentials = true in the options.
	ManualCredentials bool
	// HasContent reports a Content option: the request is a POST.
	HasContent bool
	// HTTPS reports that the URL of a web request is provably https (always
	// false for other sources); HTTPSWhy says why and HTTPSNode is where
	// the proof stands (the literal, the check).
	HTTPS     bool
	HTTPSWhy  string
	HTTPSNode syntax.Node
	// HTTPNode, for a web request not proven https, is an `http://`
	// literal its URL starts with along some path (a branch, what a caller
	// passes), or null when none is seen (a next-page link the server
	// returned).
	HTTPNode syntax.Node
	// URLPrefix is the literal text the URL starts with, when known; Host
	// the host in it.
	URLPrefix string
	Host      string
	// DataSource is the first data source function the request is reached
	// from, or nil; DataSources all of them.
	DataSource  *facts.DataSource
	DataSources []*facts.DataSource
	// ManualStatus are the ManualStatusHandling codes; ManualStatusNode
	// their list.
	ManualStatus     []int
	ManualStatusNode syntax.Node
	// StatusRead reports that the response status is read
	// (Value.Metadata(response)[Response.Status]); StatusReads where.
	StatusRead  bool
	StatusReads []syntax.Node
	// CredentialError reports that code around the request (its function,
	// the functions reading its status, and what they call) raises
	// Extension.CredentialError.
	CredentialError bool
}

// UserURL is a parameter of a data source function that reaches the URL
// argument of requests (not RelativePath or Query): users type it, so it
// must pass an https check first. Parameters of any declared type are
// listed; Param.IsURI and Param.IsText tell the usual ones.
type UserURL struct {
	DataSource *facts.DataSource
	// Param is the data source function's parameter (documented type or
	// implementation), or nil; Name its name and Node the implementation's
	// parameter node.
	Param *facts.Param
	Name  string
	Node  syntax.Node
	// Requests are the requests whose URL derives from it; Paths lead from
	// the parameter to each.
	Requests []*Request
	Paths    [][]Step
	// Checked reports that every such request's URL is provably https.
	Checked bool
}

// Result is the value flow of a connector.
type Result struct {
	// Credentials are the Extension.CurrentCredential() calls. The
	// article's `Extension.CurrentCredentials()` does not exist and is no
	// source.
	Credentials []syntax.Node
	// Requests are the calls of request sinks, in file and document order.
	Requests []*Request
	// UserURLs are the data source function parameters that reach request
	// URLs.
	UserURLs []*UserURL

	st *state
	// files are the connector's M files in the order of Requests.
	files []*syntax.File
}

type nodeKey struct {
	f *syntax.File
	i int
}

func keyOf(n syntax.Node) nodeKey { return nodeKey{n.File(), n.Index()} }

// origin finds a source of the kind n's value derives from, directly or
// through what reaches a parameter, and returns its path.
func (r *Result) origin(n syntax.Node, kind srcKind) []Step {
	v := r.st.sourced(n)
	if v == nil {
		return nil
	}
	for _, s := range v.t {
		if s.kind == kind {
			return s.path.steps()
		}
	}
	for _, s := range v.t {
		if s.kind != srcParam {
			continue
		}
		for _, x := range r.st.resolve(s.def, s.sel) {
			if x.kind == kind {
				return join(x.path, s.path)
			}
		}
	}
	return nil
}

// Tainted returns the credential path to n, or nil when n's value does not
// derive from Extension.CurrentCredential(). A value inside a helper
// function is tainted when some call of the helper passes it a
// credential-derived value.
func (r *Result) Tainted(n syntax.Node) []Step { return r.origin(n, srcCred) }

// FromResponse returns the path from a web response to n, or nil when n's
// value does not derive from a request's result.
func (r *Result) FromResponse(n syntax.Node) []Step { return r.origin(n, srcResp) }

// FromParams returns the parameters of data source functions that n's
// value derives from, each with its path; nil when none.
func (r *Result) FromParams(n syntax.Node) map[*scope.Def][]Step {
	v := r.st.sourced(n)
	if v == nil {
		return nil
	}
	var out map[*scope.Def][]Step
	for _, s := range v.t {
		if s.kind != srcParam {
			continue
		}
		for _, x := range r.st.resolve(s.def, s.sel) {
			if x.kind != srcRoot {
				continue
			}
			if out == nil {
				out = map[*scope.Def][]Step{}
			}
			if _, ok := out[x.def]; !ok {
				out[x.def] = join(x.path, s.path)
			}
		}
	}
	return out
}

// RequestAt returns the request whose invocation is n, or nil. Requests
// are in file and document order, so it searches them instead of keeping a
// map of thousands on a large connector.
func (r *Result) RequestAt(n syntax.Node) *Request {
	f := slices.Index(r.files, n.File())
	if f < 0 {
		return nil
	}
	i := n.Index()
	j := sort.Search(len(r.Requests), func(j int) bool {
		q := r.Requests[j]
		qf := slices.Index(r.files, q.File)
		return qf > f || qf == f && q.Node.Index() >= i
	})
	if j < len(r.Requests) && r.Requests[j].Node == n {
		return r.Requests[j]
	}
	return nil
}

// Analyze computes the value flow of a connector.
func Analyze(in *scope.Info, fs *facts.Facts) *Result {
	a := newAnalyzer(in, fs)
	a.run()
	a.st.finish()
	return a.res
}
