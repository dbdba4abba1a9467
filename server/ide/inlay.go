package ide

import (
	"sort"
	"strings"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// InlayHint is a parameter name shown before an argument.
type InlayHint struct {
	// Offset is where the hint shows: the argument's start.
	Offset int
	Label  string
}

// InlayHints returns parameter-name hints for the calls in span that pass
// two or more arguments, to library functions and the connector's own
// functions. An argument that is a name equal to its parameter's (ignoring
// case) gets no hint.
func (s *Snapshot) InlayHints(f *syntax.File, span document.Span) []InlayHint {
	var out []InlayHint
	count := f.NodeCount()
	first := sort.Search(count, func(i int) bool { return f.Node(i).Start() >= span.Start })
	// Calls that start before the span may have arguments in it.
	for n := f.NodeAt(span.Start); !n.IsNull(); n = n.Parent() {
		if n.Kind() == syntax.KindInvocationExpression && n.Start() < span.Start {
			out = append(out, s.callHints(f, n, span)...)
		}
	}
	for i := first; i < count; i++ {
		n := f.Node(i)
		if n.Start() >= span.End {
			break
		}
		if n.Kind() == syntax.KindInvocationExpression && n.Start() >= span.Start {
			out = append(out, s.callHints(f, n, span)...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out
}

func (s *Snapshot) callHints(f *syntax.File, call syntax.Node, span document.Span) []InlayHint {
	args := call.ChildByField(syntax.FieldArguments)
	var list []syntax.Node
	for a := range args.ChildrenByField(syntax.FieldArgument) {
		list = append(list, a)
	}
	if len(list) < 2 || args.HasError() {
		return nil
	}
	callee := call.ChildByField(syntax.FieldFunction)
	var fi *funcInfo
	switch callee.Kind() {
	case syntax.KindIdentifierExpression, syntax.KindSectionAccessExpression:
		fi = s.funcOf(s.resolveRef(f, callee))
	case syntax.KindIntrinsicIdentifier:
		fi = s.calleeAt(f, callee)
	}
	if fi == nil {
		return nil
	}
	var out []InlayHint
	for i, a := range list {
		if i >= len(fi.Params) {
			break
		}
		if a.Start() < span.Start || a.Start() >= span.End {
			continue
		}
		name := fi.Params[i].Name
		if a.Kind() == syntax.KindIdentifierExpression {
			if n := a.ChildByField(syntax.FieldName); !n.IsNull() && strings.EqualFold(scope.Name(n), name) {
				continue
			}
		}
		out = append(out, InlayHint{Offset: a.Start(), Label: name + ":"})
	}
	return out
}
