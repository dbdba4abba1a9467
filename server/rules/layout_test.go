package rules_test

import (
	"testing"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/syntax"
)

func layoutFile(text string) *syntax.File {
	return syntax.Parse(document.New("file:///layout.pq", 1, []byte(text)), syntax.Once)
}

func TestLineEnding(t *testing.T) {
	for text, want := range map[string]string{
		"section S;\r\nA = 1;\r\n": "\r\n",
		"section S;\nA = 1;\r\n":   "\n", // the first line decides
		"section S;":               "\n",
		"":                         "\n",
	} {
		if got := rules.LineEnding(layoutFile(text)); got != want {
			t.Errorf("LineEnding(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestIndentAtAndSameLine(t *testing.T) {
	text := "section S;\r\n\tA = [\n    b = 1];"
	f := layoutFile(text)
	for off, want := range map[int]string{0: "", 13: "\t", 14: "\t", len(text) - 1: "    ", len(text): "    "} {
		if got := rules.IndentAt(f, off); got != want {
			t.Errorf("IndentAt(%d) = %q, want %q", off, got, want)
		}
	}
	for _, c := range []struct {
		a, b int
		want bool
	}{{0, 9, true}, {9, 0, true}, {5, 13, false}, {13, 17, true}, {17, 22, false}, {22, len(text) + 5, true}} {
		if got := rules.SameLine(f, c.a, c.b); got != c.want {
			t.Errorf("SameLine(%d, %d) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
