package publish

import (
	"testing"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/syntax"
)

func TestIndentUnit(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"section S;\nA = 1;", "    "},
		{"section S;\nA =\n\tlet x = 1 in x;", "\t"},
		{"section S;\r\nA =\r\n  let x = 1 in x;", "  "},
		{"section S;\nA =\n            1,\n   2;", "   "},
		{"section S;\nA =\n  ", "  "},
		{"", "    "},
	} {
		f := syntax.Parse(document.New("file:///a.pq", 1, []byte(tc.text)), syntax.Once)
		if got := indentUnit(f); got != tc.want {
			t.Errorf("indentUnit(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
