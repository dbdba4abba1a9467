package syntax

import "github.com/pqcert/pqcert/server/document"

// reserved are M's keywords, which tree-sitter 0.22 lets through as
// identifiers where no keyword is valid (`let if = 1 in 1`).
var reserved = map[string]bool{
	"and": true, "as": true, "each": true, "else": true, "error": true, "false": true,
	"if": true, "in": true, "is": true, "let": true, "meta": true, "not": true,
	"null": true, "or": true, "otherwise": true, "section": true, "shared": true,
	"then": true, "true": true, "try": true, "type": true,
}

// checkAfterParse reports what the grammar accepts but M does not:
// keywords used as identifiers and non-literal attribute values.
func checkAfterParse(f *File) []Error {
	var errs []Error
	for i := range f.nodes {
		r := &f.nodes[i]
		switch r.kind {
		case KindIdentifier:
			if r.flags&flagMissing == 0 && reserved[string(f.Doc.Text[r.start:r.end])] {
				errs = append(errs, Error{
					Span: document.Span{Start: int(r.start), End: int(r.end)},
					Msg:  "`" + string(f.Doc.Text[r.start:r.end]) + "` is a keyword and cannot be a name; quote it as #\"" + string(f.Doc.Text[r.start:r.end]) + "\"",
				})
			}
		case KindRecordExpression:
			if r.field == FieldAttributes {
				errs = append(errs, checkLiteral(Node{f, int32(i)})...)
			}
		}
	}
	return errs
}

// checkLiteral reports values in a literal attribute record that are not
// literals: text, numbers, logicals, null, and nested records and lists of them.
func checkLiteral(n Node) []Error {
	var errs []Error
	var walk func(v Node)
	walk = func(v Node) {
		switch v.Kind() {
		case KindTextLiteral, KindNumberLiteral, KindLogicalLiteral, KindNullLiteral, KindVerbatimLiteral:
		case KindRecordExpression:
			for fld := range v.ChildrenByField(FieldField) {
				if val := fld.ChildByField(FieldValue); !val.IsNull() {
					walk(val)
				}
			}
		case KindListExpression:
			for it := range v.ChildrenByField(FieldItem) {
				walk(it)
			}
		case KindError, KindInvalid:
		default:
			if v.IsMissing() {
				return
			}
			errs = append(errs, Error{Span: v.Span(), Msg: "literal attributes take only literal values (text, numbers, logicals, null, records and lists of them)"})
		}
	}
	walk(n)
	return errs
}
