package syntax

import (
	"io"
	"strconv"
	"strings"
)

// SExpr returns the node's subtree as an S-expression in tree-sitter's
// style: named nodes with their fields, MISSING nodes, and ERROR nodes.
func (n Node) SExpr() string {
	var b strings.Builder
	n.WriteSExpr(&b)
	return b.String()
}

// WriteSExpr writes the node's subtree as SExpr does, without building the
// whole string first (a large document's tree is long).
func (n Node) WriteSExpr(w io.Writer) error {
	if n.IsNull() {
		return nil
	}
	sw, ok := w.(io.StringWriter)
	if !ok {
		sw = stringWriter{w}
	}
	var err error
	write := func(s string) {
		if err == nil {
			_, err = sw.WriteString(s)
		}
	}
	var walk func(n Node, field Field, top bool)
	walk = func(n Node, field Field, top bool) {
		if !top {
			write(" ")
			if field != FieldNone {
				write(field.String() + ": ")
			}
		}
		switch {
		case n.IsMissing() && n.IsNamed():
			write("(MISSING " + n.Kind().String() + ")")
			return
		case n.IsMissing():
			write("(MISSING " + strconv.Quote(n.Kind().String()) + ")")
			return
		case n.IsError() && n.FirstChild().IsNull() && n.Start() < n.End():
			// An error token: characters no token starts with.
			write("(UNEXPECTED " + strconv.Quote(n.Text()) + ")")
			return
		}
		write("(" + n.Kind().String())
		for c := range n.Children() {
			if c.IsNamed() || c.IsMissing() || c.IsError() {
				walk(c, c.Field(), false)
			}
		}
		write(")")
	}
	walk(n, FieldNone, true)
	return err
}

type stringWriter struct{ w io.Writer }

func (s stringWriter) WriteString(str string) (int, error) { return io.WriteString(s.w, str) }
