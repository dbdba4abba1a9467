package scope

import (
	"testing"

	"github.com/pqcert/pqcert/server/syntax"
)

// TestIdentifierReadsBack writes names as identifiers, parses each as the
// name of a section member and reads it with Name: the name comes back
// unchanged, quoted only where it must be.
func TestIdentifierReadsBack(t *testing.T) {
	for name, want := range map[string]string{
		"Contoso.Contents": "Contoso.Contents",
		"_private1":        "_private1",
		"Zürich.Daten":     "Zürich.Daten",
		"東京":               "東京",
		"data base":        `#"data base"`,
		`say "hi"`:         `#"say ""hi"""`,
		"1st":              `#"1st"`,
		"type":             `#"type"`,
		"catch":            `#"catch"`,
		"Table.type":       `#"Table.type"`,
		"a..b":             `#"a..b"`,
		"trailing.":        `#"trailing."`,
	} {
		id := Identifier(name)
		if id != want {
			t.Errorf("Identifier(%q) = %s, want %s", name, id, want)
		}
		f := parse("section S; " + id + " = 1;")
		if f.HasErrors() {
			t.Errorf("Identifier(%q) = %s does not parse: %v", name, id, f.Errors)
			continue
		}
		var got string
		for n := range f.Root().Descendants() {
			if n.Kind() == syntax.KindSectionMember {
				got = Name(n.ChildByField(syntax.FieldName))
				break
			}
		}
		if got != name {
			t.Errorf("Name(Identifier(%q)) = %q", name, got)
		}
	}
}
