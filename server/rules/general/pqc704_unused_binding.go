package general

import (
	_ "embed"

	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

//go:embed pqc704_unused_binding.md
var unusedBindingDoc string

// UnusedBinding reports let bindings and parameters that nothing reads.
var UnusedBinding = &rules.Rule{
	Code:     "PQC704",
	Name:     "unused-binding",
	Severity: rules.Hint,
	Doc:      unusedBindingDoc,
	Fix:      rules.FixSometimes,
	Needs:    rules.NeedsScope,
	Run:      runUnusedBinding,
}

func runUnusedBinding(p *rules.Pass) {
	for _, d := range p.Model.Scope.Defs {
		if len(d.Refs) > 0 || d.NameNode.IsNull() || rules.InError(d.Node) {
			continue
		}
		switch d.Kind {
		case scope.LetBinding:
			f := p.ReportNode(d.NameNode, "`%s` is never used; M is lazy, so its value is never computed", d.Name)
			f.Tags = rules.Unnecessary
			if fx, ok := removeBinding(p, d); ok {
				f.Fixes = append(f.Fixes, fx)
			}
		case scope.Parameter:
			if d.Name == "_" || !signatureIsOurs(p.Model.Scope, d) {
				continue
			}
			f := p.ReportNode(d.NameNode, "parameter `%s` is never used", d.Name)
			f.Tags = rules.Unnecessary
		}
	}
}

// signatureIsOurs reports whether the parameter's function is one whose
// signature the connector chooses: bound to a let binding or a non-shared
// section member without attributes, and only ever called directly. The
// parameters of callbacks, handlers and data source functions are dictated
// by their callers and may go unused. An optional parameter counts only
// when some call passes it: one that no call passes misleads no caller.
func signatureIsOurs(in *scope.Info, param *scope.Def) bool {
	fn := param.Node.Parent().Parent()
	if fn.Kind() != syntax.KindFunctionExpression {
		return false
	}
	holder := fn.Parent()
	def := in.DefAt(holder)
	if def == nil || !def.Value.Equal(fn) {
		return false
	}
	switch def.Kind {
	case scope.LetBinding:
	case scope.SectionMember:
		if def.Shared || !def.Node.ChildByField(syntax.FieldAttributes).IsNull() {
			return false
		}
	default:
		return false
	}
	if len(def.Refs) == 0 {
		return false
	}
	position := 0
	for p := range param.Node.Parent().ChildrenByField(syntax.FieldParameter) {
		if p.Equal(param.Node) {
			break
		}
		position++
	}
	passed := !param.Optional
	for _, r := range def.Refs {
		call := r.Node.Parent()
		if call.Kind() != syntax.KindInvocationExpression || !r.Node.Equal(call.ChildByField(syntax.FieldFunction)) {
			return false
		}
		args := 0
		for range call.ChildByField(syntax.FieldArguments).ChildrenByField(syntax.FieldArgument) {
			args++
		}
		passed = passed || args > position
	}
	return passed
}

// removeBinding deletes a let binding and its separating comma.
func removeBinding(p *rules.Pass, d *scope.Def) (rules.Fix, bool) {
	b := d.Node
	let := b.Parent()
	var binds []syntax.Node
	for x := range let.ChildrenByField(syntax.FieldBinding) {
		binds = append(binds, x)
	}
	if len(binds) < 2 {
		return rules.Fix{}, false
	}
	var start, end int
	for i, x := range binds {
		if !x.Equal(b) {
			continue
		}
		if i+1 < len(binds) {
			start, end = b.Start(), binds[i+1].Start()
		} else {
			start, end = binds[i-1].End(), b.End()
		}
	}
	path := p.Model.PathOf(b.File())
	return rules.Fix{
		Title:  "Remove the unused binding `" + d.Name + "`",
		Safety: rules.Unsafe,
		Edits:  []rules.Edit{{File: path, Start: start, End: end}},
	}, true
}
