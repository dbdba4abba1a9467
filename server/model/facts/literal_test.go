package facts_test

import (
	"testing"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/syntax"
)

// TestTextLiteralReadsBack parses each written literal and reads it with
// TextValue: the value comes back unchanged and the parse has no error.
func TestTextLiteralReadsBack(t *testing.T) {
	for s, want := range map[string]string{
		"":              `""`,
		"plain":         `"plain"`,
		`say "hi"`:      `"say ""hi"""`,
		"a\r\nb\tc":     `"a#(cr)#(lf)b#(tab)c"`,
		"bell\a":        `"bell#(0007)"`,
		"#(lf) is text": `"#(#)(lf) is text"`,
		"# and ( apart": `"# and ( apart"`,
		"end #":         `"end #"`,
		"Zürich 東京 🙂":   `"Zürich 東京 🙂"`,
	} {
		lit := facts.TextLiteral(s)
		if lit != want {
			t.Errorf("TextLiteral(%q) = %s, want %s", s, lit, want)
		}
		f := syntax.Parse(document.New("file:///lit.m", 1, []byte(lit)), syntax.Once)
		if f.HasErrors() {
			t.Errorf("TextLiteral(%q) = %s does not parse: %v", s, lit, f.Errors)
			continue
		}
		var node syntax.Node
		for n := range f.Root().Descendants() {
			if n.Kind() == syntax.KindTextLiteral {
				node = n
				break
			}
		}
		if got := facts.TextValue(node); got != s {
			t.Errorf("TextValue(TextLiteral(%q)) = %q", s, got)
		}
	}
}
