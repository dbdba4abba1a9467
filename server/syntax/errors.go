package syntax

import (
	"fmt"

	"github.com/pqcert/pqcert/server/document"
)

// Error is a syntax error: a span and a message saying what is wrong.
type Error struct {
	Span document.Span
	Msg  string
}

// collectErrors finds one error per ERROR region and per MISSING node, and
// runs the checks that the grammar leaves to after parsing.
func collectErrors(f *File) []Error {
	var errs []Error
	root := f.Root()
	if root.IsNull() {
		return nil
	}
	if root.HasError() {
		for i := 0; i < len(f.nodes); {
			n := Node{f, int32(i)}
			r := n.raw()
			if r.flags&flagHasError == 0 && r.kind != KindError {
				i = int(r.next)
				continue
			}
			switch {
			case r.kind == KindError:
				errs = append(errs, errorNodeMessage(n))
				i = int(r.next) // one diagnostic per error region
				continue
			case r.flags&flagMissing != 0:
				errs = append(errs, missingMessage(n))
			}
			i++
		}
	}
	errs = append(errs, checkAfterParse(f)...)
	sortErrors(errs)
	return errs
}

func missingMessage(n Node) Error {
	what := n.Kind().String()
	if n.IsNamed() {
		what = describeKind(n.Kind())
	} else {
		what = "`" + what + "`"
	}
	msg := "expected " + what
	if ctx := construct(n.Parent()); ctx != "" {
		msg += " " + ctx
	}
	return Error{Span: document.Span{Start: n.Start(), End: n.Start()}, Msg: msg}
}

func errorNodeMessage(n Node) Error {
	text := n.f.Doc.Text
	span := n.Span()
	// An unterminated text literal or quoted identifier swallows the rest of
	// the document into the error; say so.
	for c := range n.Descendants() {
		if c.FirstChild().IsNull() && c.Start() < c.End() {
			t := text[c.Start():c.End()]
			if (t[0] == '"' || len(t) > 1 && t[0] == '#' && t[1] == '"') && !closedQuote(t) {
				return Error{Span: document.Span{Start: c.Start(), End: c.Start() + 1}, Msg: "unterminated text literal"}
			}
		}
	}
	if span.Start < len(text) && (text[span.Start] == '"' || span.Start+1 < len(text) && text[span.Start] == '#' && text[span.Start+1] == '"') {
		if !closedQuote(text[span.Start:]) {
			return Error{Span: document.Span{Start: span.Start, End: span.Start + 1}, Msg: "unterminated text literal"}
		}
	}
	first := firstToken(n)
	msg := "unexpected " + describeToken(first)
	if ctx := construct(n.Parent()); ctx != "" {
		msg += " " + ctx
	}
	if span.End == span.Start {
		span.End = span.Start
	}
	return Error{Span: span, Msg: msg}
}

// closedQuote reports whether t (starting with `"` or `#"`) has a closing quote.
func closedQuote(t []byte) bool {
	i := 1
	if t[0] == '#' {
		i = 2
	}
	for i < len(t) {
		if t[i] == '"' {
			if i+1 < len(t) && t[i+1] == '"' {
				i += 2
				continue
			}
			return true
		}
		i++
	}
	return false
}

func firstToken(n Node) Node {
	for c := range n.Descendants() {
		if c.FirstChild().IsNull() {
			return c
		}
	}
	return n
}

func describeToken(n Node) string {
	if n.IsNull() || n.Start() == n.End() {
		return "end of input"
	}
	t := n.Text()
	if len(t) > 30 {
		t = t[:27] + "..."
	}
	switch n.Kind() {
	case KindIdentifier, KindQuotedIdentifier, KindGeneralizedIdentifier:
		return fmt.Sprintf("name `%s`", t)
	case KindNumberLiteral:
		return fmt.Sprintf("number `%s`", t)
	case KindTextLiteral:
		return "text literal"
	}
	return "`" + t + "`"
}

func describeKind(k Kind) string {
	switch k {
	case KindIdentifier, KindQuotedIdentifier, KindGeneralizedIdentifier:
		return "a name"
	}
	return "an expression"
}

// construct names the construct the parser was in, for messages.
func construct(p Node) string {
	for ; !p.IsNull(); p = p.Parent() {
		switch p.Kind() {
		case KindLetExpression, KindLetBinding:
			return "in `let` expression"
		case KindIfExpression:
			return "in `if` expression"
		case KindRecordExpression, KindRecordField:
			return "in record"
		case KindListExpression:
			return "in list"
		case KindArgumentList:
			return "in argument list"
		case KindParameterList:
			return "in parameter list"
		case KindSectionMember:
			return "in section member"
		case KindSectionDocument, KindSourceFile:
			return ""
		}
	}
	return ""
}

func sortErrors(errs []Error) {
	for i := 1; i < len(errs); i++ {
		for j := i; j > 0 && errs[j].Span.Start < errs[j-1].Span.Start; j-- {
			errs[j], errs[j-1] = errs[j-1], errs[j]
		}
	}
}
