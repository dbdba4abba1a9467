package syntax

import (
	"strings"
	"testing"
)

func TestEscapeWarnings(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []string // "text of the span: message prefix"
	}{
		{`"a#(cr,lf)b#(tab)#(#)#(0041)#(0001F600)#(cr,0041,#)"`, nil},
		{`#"col#(lf)"`, nil},
		{`"#"`, nil},
		{`"##(cr)"`, nil},
		{`"#(bogus)"`, []string{"#(bogus): invalid escape `#(bogus)`: an escape holds"}},
		{`"#(CR)"`, []string{"#(CR): invalid escape"}},
		{`"#(cr, lf)"`, []string{"#(cr, lf): invalid escape"}},
		{`"#()"`, []string{"#(): invalid escape"}},
		{`"#(041)"`, []string{"#(041): invalid escape"}},
		{`"#(00110000)"`, []string{"#(00110000): invalid escape `#(00110000)`: `00110000` is beyond"}},
		{`"#(cr"`, []string{"#(cr: unterminated escape"}},
		{`"#("`, []string{"#(: unterminated escape"}},
		{`#"a#(x)b" & "#(y)"`, []string{"#(x): invalid escape", "#(y): invalid escape"}},
		// Verbatim literals and comments hold no escapes.
		{"#!\"#(x)\" // #(y)", nil},
	} {
		f := parseString(t, c.src)
		if f.HasErrors() {
			t.Errorf("%s: syntax errors %v", c.src, f.Errors)
		}
		var got []string
		for _, w := range f.Warnings {
			got = append(got, string(f.Text()[w.Span.Start:w.Span.End])+": "+w.Msg)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: warnings %q, want %q", c.src, got, c.want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], c.want[i]) {
				t.Errorf("%s: warning %q, want prefix %q", c.src, got[i], c.want[i])
			}
		}
	}
}

func TestSExpr(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"[a = 1]", "(source_file expression: (record_expression field: (record_field name: (generalized_identifier) value: (number_literal))))"},
		{"{1 /* c */}", "(source_file expression: (list_expression item: (number_literal) (comment)))"},
		{"f(1", `(source_file expression: (invocation_expression function: (identifier_expression name: (identifier)) arguments: (argument_list argument: (number_literal) (MISSING ")"))))`},
	} {
		if got := parseString(t, c.src).Root().SExpr(); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.src, got, c.want)
		}
	}
	if got := (Node{}).SExpr(); got != "" {
		t.Errorf("null node: %q", got)
	}
}
