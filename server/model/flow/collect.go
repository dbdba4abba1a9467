package flow

import (
	"sort"
	"strconv"
	"strings"

	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// This file turns the values into the result: requests with their
// credentials, https proofs, owners and status handling; user URLs; and the
// per-node maps behind Tainted, FromResponse and FromParams.

// webFunctions are HTTP requests.
var webFunctions = map[string]bool{
	"Web.Contents": true, "Web.Headers": true, "OData.Feed": true, "Web.Page": true, "Web.BrowserContents": true,
}

// implicitFunctions are the requests the engine adds the data source's
// credential to by itself.
var implicitFunctions = map[string]bool{"Web.Contents": true, "Web.Headers": true, "OData.Feed": true}

// recordOptions are the options whose fields are worth telling apart.
var recordOptions = map[string]bool{"Query": true, "Headers": true, "CredentialQuery": true}

// request is a Request under construction.
type request struct {
	*Request
	urlRoots taint
}

func (a *analyzer) collect() {
	a.https = map[int]int32{}
	a.paramHTTPS = map[*scope.Def]int32{}
	a.graph = a.buildGraph()
	var reqs []*request
	var reads []statusRead
	var raising []syntax.Node
	for i := range a.marks.n {
		node := *a.marks.at(i)
		switch node.Kind() {
		case syntax.KindFieldAccessExpression:
			// Value.Metadata(x)[Response.Status]
			name := node.ChildByField(syntax.FieldSelector).ChildByField(syntax.FieldName)
			if name.End()-name.Start() != len("Response.Status") || scope.Name(name) != "Response.Status" {
				continue
			}
			if x := a.metadataOf(node.ChildByField(syntax.FieldObject)); !x.IsNull() {
				reads = append(reads, statusRead{node, x})
			}
			continue
		case syntax.KindInvocationExpression:
		default:
			continue
		}
		ref := a.in.RefAt(node.ChildByField(syntax.FieldFunction))
		if ref == nil || ref.Def == nil || ref.Def.Kind != scope.Library {
			continue
		}
		switch name := ref.Name; {
		case name == "Extension.CurrentCredential":
			a.res.Credentials = append(a.res.Credentials, node)
		case name == "Extension.CredentialError":
			raising = append(raising, node)
		case name == "Record.Field", name == "Record.FieldOrDefault":
			if t, ok := facts.Text(a.in, facts.Arg(node, 1)); ok && t == "Response.Status" {
				if x := a.metadataOf(facts.Arg(node, 0)); !x.IsNull() {
					reads = append(reads, statusRead{node, x})
				}
			}
		case name == "Web.Page" || ref.Def.Symbol != nil && ref.Def.Symbol.IsDataSource:
			r := a.request(node, name)
			reqs = append(reqs, r)
			a.res.Requests = append(a.res.Requests, r.Request)
		}
	}
	a.statusReads(reads)
	a.credentialErrors(raising)
	a.userURLs(reqs)
}

// statusRead is a read of a response's status: at reads it of x.
type statusRead struct{ at, x syntax.Node }

// metadataOf returns x when obj is Value.Metadata(x), else null.
func (a *analyzer) metadataOf(obj syntax.Node) syntax.Node {
	obj = facts.Deref(a.in, obj)
	if facts.LibraryCall(a.in, obj, "Value.Metadata") {
		return facts.Arg(obj, 0)
	}
	return syntax.Node{}
}

func (a *analyzer) request(n syntax.Node, name string) *request {
	r := &request{Request: &Request{File: n.File(), Node: n, Function: name, IsWeb: webFunctions[name]}}
	args := facts.Args(n)
	if len(args) > 0 {
		r.URL = args[0]
	}
	optIndex := -1
	switch name {
	case "OData.Feed":
		r.Headers = facts.Arg(n, 1)
		optIndex = 2
	case "Web.Page":
	default:
		if sym := mlib.Lookup(name); sym != nil {
			for i, p := range sym.Parameters {
				if p.Name == "options" {
					optIndex = i
				}
			}
		}
	}
	if optIndex >= 0 {
		r.Options = facts.Arg(n, optIndex)
	}
	uses := map[string]bool{}
	use := func(in, fieldName string, node syntax.Node, v *aval) {
		for _, s := range a.concrete(v.t) {
			if s.kind != srcCred {
				continue
			}
			k := in + "\x00" + fieldName
			if uses[k] {
				continue
			}
			uses[k] = true
			u := &CredentialUse{In: in, Field: fieldName, Node: node, Path: s.path.steps()}
			r.Credentials = append(r.Credentials, u)
			r.CredentialPaths = append(r.CredentialPaths, u.Path)
		}
	}
	for i, arg := range args {
		switch {
		case i == optIndex:
		case i == 0 && r.IsWeb:
			v := a.eval(arg)
			use("url", "", arg, v)
			r.urlRoots = a.concrete(v.t)
		case name == "OData.Feed" && i == 1:
			a.recordUses(use, "headers", arg, a.eval(arg))
		default:
			use("argument", "", arg, a.eval(arg))
		}
	}
	if !r.Options.IsNull() {
		a.options(r, use)
	}
	if r.IsWeb {
		h := a.resolveHTTPS(a.httpsOf(r.URL))
		r.HTTPS = h.state == hYes
		if r.HTTPS {
			r.HTTPSWhy, r.HTTPSNode = h.why, h.at
		} else {
			r.HTTPNode = h.http
		}
		r.URLPrefix, r.Host = a.prefix(r.URL)
	}
	r.DataSources = a.graph.owners(n)
	if len(r.DataSources) > 0 {
		r.DataSource = r.DataSources[0]
	}
	if implicitFunctions[name] && !r.ManualCredentials {
		for _, ds := range r.DataSources {
			if k := a.fs.Kind(ds.Kind); k != nil {
				if cred, _ := k.Credentialed(); cred {
					r.Implicit = true
				}
			}
		}
	}
	seen := map[string]bool{}
	for _, u := range r.Credentials {
		if !seen[u.In] {
			seen[u.In] = true
			r.CredentialIn = append(r.CredentialIn, u.In)
		}
	}
	if _, ok := r.OptionFields.Get("ApiKeyName"); ok && r.Implicit {
		r.CredentialIn = append(r.CredentialIn, "ApiKeyName")
	}
	r.Credentialed = len(r.Credentials) > 0 || r.Implicit
	return r
}

// options reads a request's options record.
func (a *analyzer) options(r *request, use func(in, field string, node syntax.Node, v *aval)) {
	ov := a.eval(r.Options)
	if fields, _, ok := a.fs.FieldsOf(r.Options); ok {
		r.OptionFields = fields
	}
	valueNode := func(name string) syntax.Node {
		if fld, ok := r.OptionFields.Get(name); ok {
			return fld.ChildByField(syntax.FieldValue)
		}
		return r.Options
	}
	if ov.rec == nil {
		// Options passed in from the caller: what reached each of their
		// fields is told apart where the callers passed records.
		for _, s := range ov.t {
			if s.kind != srcParam || s.sel != "" {
				use("options", "", r.Options, &aval{t: taint{s}})
				continue
			}
			fs := append([]string(nil), a.st.fieldSlots[s.def]...)
			sort.Strings(fs)
			for _, f := range fs {
				in := f
				if f == "RelativePath" {
					in = "url"
				}
				use(in, "", r.Options, &aval{t: a.through(a.st.feeds[slot{s.def, f}], s.path)})
			}
			use("options", "", r.Options, &aval{t: a.through(a.st.feeds[slot{s.def, ""}], s.path)})
		}
	} else {
		for _, f := range ov.rec.fields {
			name, fv := f.name, f.v
			in := name
			if name == "RelativePath" {
				in = "url"
			}
			if recordOptions[name] {
				a.recordUses(use, in, valueNode(name), fv)
			} else {
				use(in, "", valueNode(name), fv)
			}
		}
		if len(ov.rec.rest) > 0 {
			use("options", "", r.Options, &aval{t: ov.rec.rest})
		}
	}
	if _, ok := ov.fields().get("Content"); ok {
		r.HasContent = true
	} else if _, ok := r.OptionFields.Get("Content"); ok {
		r.HasContent = true
	}
	if fld, ok := r.OptionFields.Get("Content"); ok && a.fs.Deref(fld.ChildByField(syntax.FieldValue)).Kind() == syntax.KindNullLiteral {
		r.HasContent = false
	}
	if fld, ok := r.OptionFields.Get("ManualCredentials"); ok {
		if b, ok := facts.Logical(a.fs.Deref(fld.ChildByField(syntax.FieldValue))); ok && b {
			r.ManualCredentials = true
		}
	}
	if fld, ok := r.OptionFields.Get("ManualStatusHandling"); ok {
		l := a.fs.Deref(fld.ChildByField(syntax.FieldValue))
		r.ManualStatusNode = l
		if l.Kind() == syntax.KindListExpression {
			for it := range l.ChildrenByField(syntax.FieldItem) {
				if num := facts.Deref(a.in, it); num.Kind() == syntax.KindNumberLiteral {
					if code, err := strconv.Atoi(strings.TrimSpace(num.Text())); err == nil {
						r.ManualStatus = append(r.ManualStatus, code)
					}
				}
			}
		}
	}
}

// recordUses reports the credential in a record-valued option field by
// field (Headers[Authorization]) when the record is known.
func (a *analyzer) recordUses(use func(in, field string, node syntax.Node, v *aval), in string, node syntax.Node, v *aval) {
	if v.rec == nil {
		use(in, "", node, v)
		return
	}
	fields, _, _ := a.fs.FieldsOf(node)
	for _, f := range v.rec.fields {
		at := node
		if fld, ok := fields.Get(f.name); ok {
			at = fld.ChildByField(syntax.FieldValue)
		}
		use(in, f.name, at, f.v)
	}
	if len(v.rec.rest) > 0 {
		use(in, "", node, &aval{t: v.rec.rest})
	}
}

// prefix returns the literal text a URL starts with and the host in it.
func (a *analyzer) prefix(n syntax.Node) (prefix, host string) {
	p, complete := a.literalPrefix(n, 0)
	i := strings.Index(p, "://")
	if i < 0 {
		return p, ""
	}
	rest := p[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		return p, rest[:j]
	}
	if complete {
		return p, rest
	}
	return p, ""
}

// literalPrefix returns the literal start of a text and whether that is the
// whole text.
func (a *analyzer) literalPrefix(n syntax.Node, depth int) (string, bool) {
	if depth > 16 {
		return "", false
	}
	n = a.fs.DerefNames(n)
	switch n.Kind() {
	case syntax.KindTextLiteral:
		return facts.TextValue(n), true
	case syntax.KindBinaryExpression:
		if n.ChildByField(syntax.FieldOperator).Kind() != syntax.KindTokAmpersand {
			return "", false
		}
		l, complete := a.literalPrefix(n.ChildByField(syntax.FieldLeft), depth+1)
		if !complete {
			return l, false
		}
		r, complete := a.literalPrefix(n.ChildByField(syntax.FieldRight), depth+1)
		return l + r, complete
	case syntax.KindInvocationExpression:
		switch facts.LibraryName(a.in, n) {
		case "Uri.Combine":
			p, _ := a.literalPrefix(facts.Arg(n, 0), depth+1)
			return p, false
		case "Text.Format":
			if f, ok := facts.Text(a.in, facts.Arg(n, 0)); ok {
				if i := strings.Index(f, "#{"); i >= 0 {
					return f[:i], false
				}
				return f, true
			}
		}
	}
	return "", false
}

// statusReads marks the requests whose responses' statuses are read.
func (a *analyzer) statusReads(reads []statusRead) {
	for _, sr := range reads {
		for _, s := range a.concrete(a.eval(sr.x).t) {
			if s.kind != srcResp {
				continue
			}
			if s.req == nil {
				// Some response among many: any request may be the one.
				for _, r := range a.res.Requests {
					r.StatusRead = true
					r.StatusReads = append(r.StatusReads, sr.at)
				}
				continue
			}
			if r := a.res.RequestAt(*s.req); r != nil {
				r.StatusRead = true
				r.StatusReads = append(r.StatusReads, sr.at)
			}
		}
	}
}

// credentialErrors marks the requests around which the connector raises
// Extension.CredentialError: in the functions holding the request or
// reading its status, or in what those reach.
func (a *analyzer) credentialErrors(calls []syntax.Node) {
	raising := map[int]bool{}
	for _, n := range calls {
		if c := a.graph.containerOf(n); c >= 0 {
			raising[c] = true
		}
	}
	if len(raising) == 0 {
		return
	}
	reaches := a.graph.reachesAny(raising)
	for _, r := range a.res.Requests {
		starts := []syntax.Node{r.Node}
		starts = append(starts, r.StatusReads...)
		for _, s := range starts {
			if c := a.graph.containerOf(s); c >= 0 && reaches[c] {
				r.CredentialError = true
				break
			}
		}
	}
}

// userURLs lists the data source function parameters that reach request URLs.
func (a *analyzer) userURLs(reqs []*request) {
	for _, ds := range a.fs.DataSources {
		if ds.Function.IsNull() {
			continue
		}
		for i, p := range a.paramDefs(ds.Function) {
			if p == nil || a.roots[p] != ds {
				continue
			}
			u := &UserURL{DataSource: ds, Name: p.Name, Node: p.Node, Checked: true}
			for _, dp := range ds.Params {
				if dp.Impl.Equal(p.Node) {
					u.Param = dp
				}
			}
			if u.Param == nil && i < len(ds.Params) {
				u.Param = ds.Params[i]
			}
			for _, r := range reqs {
				for _, s := range r.urlRoots {
					if s.kind == srcRoot && s.def == p {
						u.Requests = append(u.Requests, r.Request)
						u.Paths = append(u.Paths, s.path.steps())
						if !r.HTTPS {
							u.Checked = false
						}
						break
					}
				}
			}
			if len(u.Requests) > 0 {
				a.res.UserURLs = append(a.res.UserURLs, u)
			}
		}
	}
}
