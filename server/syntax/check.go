package syntax

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode"

	"github.com/pqcert/pqcert/server/document"
)

// reserved are M's keywords, which tree-sitter 0.22 lets through as
// identifiers where no keyword is valid (`let if = 1 in 1`).
var reserved = map[string]bool{
	"and": true, "as": true, "each": true, "else": true, "error": true, "false": true,
	"if": true, "in": true, "is": true, "let": true, "meta": true, "not": true,
	"null": true, "or": true, "otherwise": true, "section": true, "shared": true,
	"then": true, "true": true, "try": true, "type": true,
}

// notExpressionStart are the reserved words that can only follow an
// expression; tree-sitter reads one as a name where an expression is
// missing (`let a = in a`).
var notExpressionStart = map[string]bool{
	"and": true, "as": true, "else": true, "in": true, "is": true, "meta": true,
	"or": true, "otherwise": true, "then": true,
}

// checkAfterParse reports what the grammar accepts but M does not:
// keywords used as identifiers and non-literal attribute values.
func checkAfterParse(f *File) []anchoredError {
	var errs []anchoredError
	nodes := f.single()
	for i := range nodes {
		r := &nodes[i]
		switch r.kind {
		case KindIdentifier:
			word := string(f.Doc.Text[r.start:r.end])
			if r.flags&flagMissing != 0 || !reserved[word] {
				continue
			}
			n := f.at(i)
			msg := "keyword `" + word + "` cannot be a name; quote it as #\"" + word + "\""
			if notExpressionStart[word] && n.Parent().Kind() == KindIdentifierExpression && !n.IsError() {
				msg = "expected an expression before `" + word + "`"
				if prev := previousToken(n); !prev.IsNull() {
					msg = "expected an expression after " + describeToken(prev)
				}
			}
			errs = append(errs, anchoredError{n, Error{Span: n.Span(), Msg: msg}})
		case KindKwThen, KindKwElse, KindKwIn:
			// The grammar takes a U+FFFF character for a missing `then`,
			// `else` or `in` so that recovery can insert one (see
			// grammar/README.md); no M source has it there.
			if r.flags&flagMissing == 0 && string(f.Doc.Text[r.start:r.end]) != r.kind.String() {
				n := f.at(i)
				msg := fmt.Sprintf("unexpected character %U", []rune(n.Text())[0])
				errs = append(errs, anchoredError{n, Error{Span: n.Span(), Msg: msg}})
			}
		case KindRecordExpression:
			if r.field == FieldAttributes {
				errs = append(errs, checkLiteral(f.at(i))...)
			}
		}
	}
	return errs
}

// checkLiteral reports values in a literal attribute record that are not
// literals: text, numbers, logicals, null, and nested records and lists of them.
func checkLiteral(n Node) []anchoredError {
	var errs []anchoredError
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
			errs = append(errs, anchoredError{v, Error{Span: v.Span(), Msg: "literal attributes take only literal values (text, numbers, logicals, null, records and lists of them)"}})
		}
	}
	walk(n)
	return errs
}

// checkEscapes reports `#(…)` escapes in text literals and quoted
// identifiers that the specification does not define. Microsoft's parser
// accepts any `#(`, so these are warnings, not syntax errors.
func checkEscapes(f *File) []Error {
	var warns []Error
	text := f.Doc.Text
	nodes := f.single()
	for i := range nodes {
		r := &nodes[i]
		if (r.kind != KindTextLiteral && r.kind != KindQuotedIdentifier) || r.flags&flagMissing != 0 {
			continue
		}
		tok := text[r.start:r.end]
		for j := 0; j+1 < len(tok); j++ {
			if tok[j] != '#' || tok[j+1] != '(' {
				continue
			}
			start := int(r.start) + j
			// The escape ends at the first ')', or at the closing quote when
			// it has none.
			k := j + 2
			for k < len(tok) && tok[k] != ')' && tok[k] != '"' {
				k++
			}
			if k >= len(tok) || tok[k] != ')' {
				warns = append(warns, Error{
					Span: document.Span{Start: start, End: int(r.start) + k},
					Msg:  "unterminated escape `#(`: close it with `)`, or write `#(#)(` for a literal `#(`",
				})
				j = k - 1
				continue
			}
			if bad := badEscape(tok[j+2 : k]); bad != "" {
				warns = append(warns, Error{
					Span: document.Span{Start: start, End: int(r.start) + k + 1},
					Msg:  "invalid escape `" + string(tok[j:k+1]) + "`: " + bad,
				})
			}
			j = k
		}
	}
	return warns
}

// badEscape says what is wrong with the comma-separated list inside `#(…)`,
// or returns "" when every item is cr, lf, tab, # or a 4- or 8-digit hex code.
func badEscape(list []byte) string {
	const allowed = "an escape holds cr, lf, tab, # or 4- or 8-digit hex codes, separated by commas without blanks"
	if len(list) == 0 {
		return allowed
	}
	for _, item := range bytes.Split(list, []byte{','}) {
		switch string(item) {
		case "cr", "lf", "tab", "#":
			continue
		}
		if (len(item) == 4 || len(item) == 8) && isHex(item) {
			if len(item) == 8 {
				if v, _ := strconv.ParseUint(string(item), 16, 32); v > unicode.MaxRune {
					return "`" + string(item) + "` is beyond the last Unicode code point 10FFFF"
				}
			}
			continue
		}
		return allowed
	}
	return ""
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
