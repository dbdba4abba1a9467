package security

import (
	_ "embed"
	"sort"
	"strings"

	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/flow"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc502_credentials_in_get_query.md
var credentialsInGetQueryDoc string

// CredentialsInGetQuery reports credential-derived values in the query
// string or URL of a GET request.
var CredentialsInGetQuery = &rules.Rule{
	Code:     "PQC502",
	Name:     "credentials-in-get-query",
	Severity: rules.Error,
	Doc:      credentialsInGetQueryDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsFlow,
	Run:      runCredentialsInGetQuery,
}

func runCredentialsInGetQuery(p *rules.Pass) {
	fl := p.Model.Flow
	if fl == nil {
		return
	}
	for _, r := range fl.Requests {
		if !r.IsWeb || r.HasContent {
			continue
		}
		var fix *rules.Fix
		fixed := false
		for _, u := range r.Credentials {
			var f *rules.Finding
			switch u.In {
			case "Query":
				what := "a credential-derived value"
				if u.Field != "" {
					what = "`" + u.Field + "`, derived from the current credential,"
				}
				f = p.ReportNode(u.Node, "%s goes into the `Query` of a GET request (`%s`); pass it in `CredentialQuery`, or send a POST", what, r.Function)
				if !fixed {
					fix, fixed = moveToCredentialQuery(p, r), true
				}
				if fix != nil {
					f.Fixes = append(f.Fixes, *fix)
				}
			case "url":
				f = p.ReportNode(u.Node, "a credential-derived value goes into the URL of a GET request (`%s`); pass it in `CredentialQuery`, or send a POST", r.Function)
			default:
				continue
			}
			f.Related = related(p, u.Path)
		}
	}
}

// moveToCredentialQuery returns a fix that moves the credential-derived
// fields of a request's Query record into CredentialQuery, or nil when the
// records are not literals it can edit without changing what names mean.
func moveToCredentialQuery(p *rules.Pass, r *flow.Request) *rules.Fix {
	optsFld, ok := r.OptionFields.Get("Query")
	if !ok || optsFld.HasError() {
		return nil
	}
	opts := optsFld.Parent()
	query := optsFld.ChildByField(syntax.FieldValue)
	if opts.Kind() != syntax.KindRecordExpression || query.Kind() != syntax.KindRecordExpression {
		return nil
	}
	var moved []syntax.Node
	seen := map[string]bool{}
	for _, u := range r.Credentials {
		if u.In != "Query" || u.Field == "" || seen[u.Field] {
			continue
		}
		fld, ok := facts.RecordFields(query)[u.Field]
		if !ok || !fld.ChildByField(syntax.FieldValue).Equal(u.Node) {
			return nil // the field stands elsewhere than in this literal
		}
		seen[u.Field] = true
		moved = append(moved, fld)
	}
	if len(moved) == 0 {
		return nil
	}
	sort.Slice(moved, func(i, j int) bool { return moved[i].Start() < moved[j].Start() })
	in := p.Model.Scope
	// Moved values must mean the same in their new record: they must not
	// read fields of the Query record, nor names the target record defines.
	var target syntax.Node
	targetNames := map[string]bool{"CredentialQuery": true}
	if cq, ok := facts.RecordFields(opts)["CredentialQuery"]; ok {
		target = cq.ChildByField(syntax.FieldValue)
		if target.Kind() != syntax.KindRecordExpression || target.HasError() {
			return nil
		}
		for name := range facts.RecordFields(target) {
			if seen[name] {
				return nil // the field is there already
			}
			targetNames[name] = true
		}
	}
	for _, fld := range moved {
		for n := range fld.ChildByField(syntax.FieldValue).Descendants() {
			ref := in.RefAt(n)
			if ref == nil {
				continue
			}
			if targetNames[ref.Name] || ref.Def != nil && ref.Def.Kind == scope.RecordField && ref.Def.Node.Parent().Equal(query) {
				return nil
			}
		}
	}
	var texts []string
	for _, fld := range moved {
		texts = append(texts, fld.Text())
	}
	fx := &rules.Fix{Title: "Move to `CredentialQuery`", Safety: rules.Safe, Preferred: true}
	all := len(moved) == len(facts.RecordFields(query))
	switch {
	case all && target.IsNull():
		// Every field is a credential: the record itself becomes the
		// CredentialQuery.
		fx.Edits = append(fx.Edits, p.EditNode(optsFld.ChildByField(syntax.FieldName), "CredentialQuery"))
		return fx
	case all:
		es, ok := removeFields(p, opts, []syntax.Node{optsFld})
		if !ok {
			return nil
		}
		fx.Edits = append(fx.Edits, es...)
	default:
		es, ok := removeFields(p, query, moved)
		if !ok {
			return nil
		}
		fx.Edits = append(fx.Edits, es...)
	}
	joined := strings.Join(texts, ", ")
	if target.IsNull() {
		sep := " "
		if f := optsFld.File(); !rules.SameLine(f, opts.Start(), opts.End()) {
			sep = rules.LineEnding(f) + rules.IndentAt(f, optsFld.Start())
		}
		fx.Edits = append(fx.Edits, p.Insert(optsFld.File(), optsFld.End(), ","+sep+"CredentialQuery = ["+joined+"]"))
		return fx
	}
	var last syntax.Node
	for fld := range target.ChildrenByField(syntax.FieldField) {
		last = fld
	}
	if last.IsNull() {
		open := target.ChildByKind(syntax.KindTokLBracket)
		if open.IsNull() {
			return nil
		}
		fx.Edits = append(fx.Edits, p.Insert(target.File(), open.End(), joined))
	} else {
		fx.Edits = append(fx.Edits, p.Insert(target.File(), last.End(), ", "+joined))
	}
	return fx
}

// removeFields returns edits that remove some fields of a record literal,
// with their separating commas, keeping at least one field; false when
// that would drop a comment.
func removeFields(p *rules.Pass, rec syntax.Node, drop []syntax.Node) ([]rules.Edit, bool) {
	var fields []syntax.Node
	gone := map[int]bool{}
	for f := range rec.ChildrenByField(syntax.FieldField) {
		for _, d := range drop {
			if d.Equal(f) {
				gone[len(fields)] = true
			}
		}
		fields = append(fields, f)
	}
	lastKept := -1
	for i := range fields {
		if !gone[i] {
			lastKept = i
		}
	}
	if lastKept < 0 || len(gone) != len(drop) {
		return nil, false
	}
	type span struct{ start, end int }
	var spans []span
	for i := range fields {
		if gone[i] && i < lastKept {
			// Up to the next field: the comma after it goes too.
			spans = append(spans, span{fields[i].Start(), fields[i+1].Start()})
		}
	}
	if lastKept < len(fields)-1 {
		// The fields after the last one kept go with the comma before them.
		spans = append(spans, span{fields[lastKept].End(), fields[len(fields)-1].End()})
	}
	var out []rules.Edit
	for _, s := range spans {
		for n := range rec.Descendants() {
			if n.Kind() != syntax.KindComment || n.Start() < s.start || n.End() > s.end {
				continue
			}
			inField := false
			for i, f := range fields {
				if gone[i] && f.Contains(n) {
					inField = true
				}
			}
			if !inField {
				return nil, false
			}
		}
		out = append(out, rules.Edit{File: p.Model.PathOf(rec.File()), Start: s.start, End: s.end})
	}
	return out, true
}
