package syntax

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/pqcert/pqcert/server/document"
)

// wantSyntaxError marks a line of a test connector where a syntax error
// starts, as the rule harness reads it (`// want PQC001 "…"`).
var wantSyntaxError = regexp.MustCompile(`want PQC001\b`)

// TestParseTestdata parses every M file under the repository's testdata:
// a file has syntax errors exactly on the lines marked `want PQC001`, and
// no others.
func TestParseTestdata(t *testing.T) {
	root := filepath.Join("..", "..", "testdata")
	n := 0
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isMFile(p) {
			return err
		}
		n++
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text, _, err := document.Decode(raw)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		doc := document.New("file:///"+filepath.ToSlash(p), 1, text)
		f := Parse(doc, Once)
		m := doc.Mapper()
		var want, got []int
		for i := range m.LineCount() {
			span := m.LineSpan(i)
			if wantSyntaxError.Match(text[span.Start:span.End]) {
				want = append(want, i+1)
			}
		}
		for _, e := range f.Errors {
			line, col := m.LineCol(e.Span.Start)
			got = append(got, line)
			if !slices.Contains(want, line) {
				t.Errorf("%s:%d:%d: unexpected syntax error: %s", p, line, col, e.Msg)
			}
		}
		for _, line := range want {
			if !slices.Contains(got, line) {
				t.Errorf("%s:%d: no syntax error, but the line says want PQC001", p, line)
			}
		}
		checkInvariants(t, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("no M files under %s", root)
	}
}
