package ide

import (
	"strings"

	"github.com/pqcert/pqcert/server/mlib"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// SignatureHelp is the signature of the function called around a
// position.
type SignatureHelp struct {
	// Label is the signature: `Name(a as text, optional b as number) as
	// table`.
	Label string
	// Documentation is Markdown, or "".
	Documentation string
	Params        []SignatureParam
	// ActiveParameter is the index of the argument the position is in; it
	// may be past the last parameter.
	ActiveParameter int
}

// SignatureParam is one parameter of a signature.
type SignatureParam struct {
	// Label is the parameter's byte span in the signature's Label.
	Label [2]int
	// Documentation is Markdown, or "".
	Documentation string
}

// SignatureHelp returns the signature of the innermost call whose
// argument list holds byte offset off of f, with the argument the offset
// is in, for library functions and the connector's own functions. It
// returns nil outside calls and for functions it cannot see.
func (s *Snapshot) SignatureHelp(f *syntax.File, off int) *SignatureHelp {
	if in, lit := inCommentOrText(f, off); in && lit.IsNull() {
		return nil // in a comment
	}
	for _, b := range enclosing(f, off) {
		if b.open.Kind() != syntax.KindTokLParen {
			continue
		}
		fi := s.calleeAt(f, prevToken(b.open))
		if fi == nil {
			continue
		}
		label, spans := fi.label()
		h := &SignatureHelp{Label: label, ActiveParameter: b.commas}
		for i, p := range fi.Params {
			h.Params = append(h.Params, SignatureParam{Label: spans[i], Documentation: p.Doc})
		}
		h.Documentation = s.signatureDoc(fi)
		return h
	}
	return nil
}

// calleeAt describes the function a call calls when the token before its
// `(` is the function's name.
func (s *Snapshot) calleeAt(f *syntax.File, callee syntax.Node) *funcInfo {
	switch {
	case isNameKind(callee.Kind()):
		if p := callee.Parent(); p.Kind() == syntax.KindIdentifierExpression || p.Kind() == syntax.KindSectionAccessExpression {
			return s.funcOf(s.resolveRef(f, p))
		}
		return s.funcOf(s.lookup(f, callee, scope.Name(callee), false))
	case strings.HasPrefix(callee.Text(), "#"):
		if sym := mlib.Lookup(callee.Text()); sym != nil && sym.IsFunction() {
			return libraryFunc(sym)
		}
	}
	return nil
}

// signatureDoc is the documentation shown under a signature.
func (s *Snapshot) signatureDoc(fi *funcInfo) string {
	if sym := fi.Symbol; sym != nil {
		var parts []string
		if sym.Category != "" {
			parts = append(parts, "Category *"+sym.Category+"*")
		}
		if u := sym.DocURL(); u != "" {
			parts = append(parts, "[reference]("+u+")")
		}
		return strings.Join(parts, " · ")
	}
	if ds := fi.DataSource; ds != nil {
		for _, k := range []string{"Documentation.LongDescription", "Documentation.Description", "Documentation.Name"} {
			if v, ok := ds.TypeDoc[k]; ok {
				return s.docValue(v)
			}
		}
	}
	if fi.Def != nil && fi.Def.File != nil {
		return s.defKind(fi.Def) + ", defined at " + s.where(fi.Def.File, fi.Def.Node.Start())
	}
	return ""
}
