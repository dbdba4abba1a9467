package general

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc703_argument_count.md
var argumentCountDoc string

// ArgumentCount reports calls with too few or too many arguments.
var ArgumentCount = &rules.Rule{
	Code:     "PQC703",
	Name:     "argument-count",
	Severity: rules.Error,
	Doc:      argumentCountDoc,
	Needs:    rules.NeedsScope,
	Run:      runArgumentCount,
}

func runArgumentCount(p *rules.Pass) {
	in := p.Model.Scope
	// The calls of a name, from the model's list of calls (most references
	// are no callees), with each function's arity worked out once.
	type arityOf struct {
		lo, hi int
		ok     bool
	}
	arities := map[*scope.Def]arityOf{}
	for _, call := range p.Model.Invocations() {
		fn := call.ChildByField(syntax.FieldFunction)
		ref := in.RefAt(fn)
		if ref == nil || ref.Def == nil || !ref.Node.Equal(fn) || call.HasError() {
			continue
		}
		a, seen := arities[ref.Def]
		if !seen {
			a.lo, a.hi, a.ok = arity(in, ref.Def)
			arities[ref.Def] = a
		}
		lo, hi := a.lo, a.hi
		if !a.ok {
			continue
		}
		n := facts.NumArgs(call)
		if n >= lo && n <= hi {
			continue
		}
		args := call.ChildByField(syntax.FieldArguments)
		want := plural(lo, "argument")
		switch {
		case lo != hi && n < lo:
			want = "at least " + plural(lo, "argument")
		case lo != hi:
			want = "at most " + plural(hi, "argument")
		}
		if !ref.Def.IsLocal() || ref.Def.NameNode.IsNull() || mlib.Lookup(ref.Name) == nil {
			p.ReportNode(args, "`%s` takes %s, but %s given", ref.Name, want, plural(n, "is"))
			continue
		}
		// A connector's own definition hides the library function of the same
		// name (often a record field next to the call: record fields see each
		// other); say so, or the count looks wrong to the reader.
		line, _ := ref.Def.File.Doc.Mapper().LineCol(ref.Def.NameNode.Start())
		f := p.ReportNode(args, "`%s` here is the %s on line %d, which hides the library function: it takes %s, but %s given",
			ref.Name, ref.Def.Kind, line, want, plural(n, "is"))
		f.Related = append(f.Related, rules.Related{
			File: p.Model.PathOf(ref.Def.File), Span: ref.Def.NameNode.Span(),
			Message: "the definition of `" + ref.Name + "` that the call reaches",
		})
	}
}

// arity returns the required and total parameter counts of a function definition.
func arity(in *scope.Info, d *scope.Def) (lo, hi int, ok bool) {
	if d.Kind == scope.Library {
		if d.Symbol == nil || !d.Symbol.IsFunction() {
			return 0, 0, false
		}
		lo, hi = d.Symbol.Arity()
		return lo, hi, true
	}
	if d.Value.IsNull() {
		return 0, 0, false
	}
	fn := facts.Deref(in, d.Value)
	if fn.Kind() != syntax.KindFunctionExpression {
		return 0, 0, false
	}
	for prm := range fn.ChildByField(syntax.FieldParameters).ChildrenByField(syntax.FieldParameter) {
		hi++
		if prm.ChildByField(syntax.FieldOptional).IsNull() {
			lo++
		}
	}
	return lo, hi, true
}

func plural(n int, word string) string {
	if word == "is" {
		switch n {
		case 0:
			return "none is"
		case 1:
			return "1 is"
		}
		return itoa(n) + " are"
	}
	if n == 1 {
		return "1 " + word
	}
	return itoa(n) + " " + word + "s"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
