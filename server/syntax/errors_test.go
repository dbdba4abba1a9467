package syntax

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
)

var update = flag.Bool("update", false, "rewrite golden files")

// errorCases are broken snippets; testdata/errors.golden pins their errors.
// keep, for section documents, lists members after the mistake that must
// survive it as section_member nodes without errors; the golden file shows
// every member (`!` marks one with an error), so that a change in recovery
// shows up as a diff.
var errorCases = []struct {
	name string
	src  string
	keep []string
}{
	// -- the recoveries an editor needs --
	{"missing then", "section S;\na = if x 1 else 2;\nb = 2;\n", []string{"b"}},
	{"missing then, expression", "if a b else c", nil},
	{"missing else", "section S;\na = if x then 1;\nb = 2;\n", []string{"b"}},
	{"missing then and else", "if a then", nil},
	{"unclosed record", "section S;\na = [x = 1, y = 2;\nb = 2;\n", []string{"b"}},
	{"unclosed list", "section S;\na = {1, 2;\nb = 2;\n", []string{"b"}},
	{"unclosed record at end", "[x = 1, y = 2", nil},
	{"unclosed list at end", "{1, 2", nil},
	{"unclosed call", "section S;\na = f(x;\nb = 2;\n", []string{"b"}},
	{"unclosed parenthesis", "section S;\na = (1 + 2;\nb = 2;\n", []string{"b"}},
	{"missing comma between fields", "section S;\na = [x = 1 y = 2];\nb = 2;\n", []string{"b"}},
	{"missing comma between items", "section S;\na = {1 2};\nb = 2;\n", []string{"b"}},
	{"missing comma between arguments", "f(1 2)", nil},
	{"half-typed let, name only", "section S;\na = let x = 1, y in x;\nb = 2;\n", []string{"b"}},
	{"half-typed let, no value", "section S;\na = let x = 1, y = in x;\nb = 2;\n", []string{"b"}},
	{"half-typed let, no in", "section S;\na = let x = 1;\nb = 2;\n", []string{"b"}},
	{"half-typed let, no body", "section S;\na = let x = 1 in;\nb = 2;\n", []string{"b"}},
	{"half-typed let, keyword only", "section S;\na = let;\nb = 2;\n", []string{"b"}},
	{"let, missing comma", "section S;\na = let x = 1 y = 2 in x;\nb = 2;\n", []string{"b"}},
	{"let at end", "let a =", nil},
	{"let name at end", "let a", nil},
	{"let alone", "let", nil},
	{"let without bindings", "let in 1", nil},
	{"unterminated text", "section S;\na = \"abc;\nb = 2;\n", nil},
	{"unterminated text at end", "\"abc", nil},
	{"unterminated quoted identifier", "#\"abc", nil},
	{"unterminated comment", "section S;\na = 1; /* abc\nb = 2;\n", []string{"b"}},
	{"missing semicolon between members", "section S;\na = 1\nb = 2;\nc = 3;\n", []string{"c"}},
	{"missing semicolon after header", "section S\na = 1;\n", nil},
	{"missing member value", "section S;\na = ;\nb = 2;\n", []string{"b"}},
	{"missing member equals", "section S;\na 1;\nb = 2;\n", []string{"b"}},

	// -- operators and operands --
	{"operator without right operand", "section S;\na = x +;\nb = 2;\n", []string{"b"}},
	{"each without body", "section S;\na = each;\nb = 2;\n", []string{"b"}},
	{"otherwise without value", "section S;\na = try x otherwise;\nb = 2;\n", []string{"b"}},
	{"function without body", "section S;\na = (x) => ;\nb = 2;\n", []string{"b"}},
	{"record field without value", "section S;\na = [x = ];\nb = 2;\n", []string{"b"}},
	{"trailing comma in record", "[a = 1,]", nil},
	{"trailing comma in list", "{1,}", nil},
	{"trailing comma in call", "f(1,)", nil},
	{"trailing comma in let", "let x = 1, in x", nil},
	{"as then equality", "x as number = y", nil},
	{"is then addition", "a is number + 1", nil},
	{"meta twice", "a meta b meta c", nil},
	{"if as an operand", "a + if b then c else d", nil},
	{"coalesce of error", "a ?? error \"e\"", nil},
	{"two expressions", "1 2", nil},
	{"not equal as in C", "let next = if a[b] != null then 1 else 2 in next", nil},
	{"double equals", "if a == 1 then 1 else 2", nil},
	{"in inside an if inside a let", "let a = if b in a", nil},
	{"stray closing bracket", "section S;\na = 1];\nb = 2;\n", []string{"b"}},
	{"mismatched brackets", "section S;\na = (1];\nb = 2;\n", []string{"b"}},
	{"optional before required", "(optional x, y) => x", nil},
	{"double at", "@@x", nil},
	{"question after call", "x()?", nil},
	{"catch with two parameters", "try a catch (e, f) => 1", nil},

	// -- lexical --
	{"unknown character", "section S;\na = 1 $ 2;\nb = 2;\n", []string{"b"}},
	{"unknown hash keyword", "#foo(1)", nil},
	{"hash alone", "# date(1, 1, 1)", nil},
	{"control character", "1 +\x01 2", nil},
	{"U+FFFF for then", "if a \uffff", nil},
	{"U+FFFF for in", "section S;\na = let x = 1 \uffff;\nb = 2;\n", []string{"b"}},
	{"invalid UTF-8", "1 + \xff", nil},
	{"number with trailing dot", "1.", nil},
	{"identifier with trailing dot", "a.", nil},
	{"dot then name", "a .b", nil},
	{"empty document", "", nil},
	{"comment only", "// nothing here", nil},

	// -- checks after parsing --
	{"keyword as let name", "let if = 1 in 1", nil},
	{"keyword as parameter", "(x, if) => 1", nil},
	{"type as let name", "let type = 1 in 1", nil},
	{"section as let name", "let section = 1 in 1", nil},
	{"shared as let name", "let shared = 1 in 1", nil},
	{"keyword as record field is fine, as name is not", "let x = [if = 1] in if", nil},
	{"keyword after at", "@if", nil},
	{"keyword as member name", "section S;\nshared = 1;\nb = 2;\n", []string{"b"}},
	{"non-literal attribute", "[Version = 1 + 1]\nsection S;\na = 1;\n", nil},
	{"identifier in attribute", "[a = x] section S;", nil},
	{"negative number in attribute", "[a = -1] section S;", nil},
	{"member attribute", "section S;\n[DataSource.Kind = Foo] a = 1;\n", nil},

	// -- section structure --
	{"second section", "section S;\nsection T;\na = 1;\n", nil},
	{"double semicolon", "section S;\na = 1;;\nb = 2;\n", []string{"b"}},
	{"shared after attributes", "section S;\nshared [A = 1] x = 1;\n", []string{"x"}},
	{"two independent mistakes", "section S;\na = if x 1 else 2;\nb = 2;\nc = [x = 1 y = 2];\nd = 4;\n", []string{"b", "d"}},
}

func TestErrorsGolden(t *testing.T) {
	var b bytes.Buffer
	for _, c := range errorCases {
		doc := document.New("file:///"+c.name+".pq", 1, []byte(c.src))
		f := Parse(doc, Once)
		fmt.Fprintf(&b, "### %s\n", c.name)
		for _, line := range strings.Split(strings.TrimSuffix(c.src, "\n"), "\n") {
			fmt.Fprintf(&b, "| %s\n", line)
		}
		if len(f.Errors) == 0 {
			b.WriteString("no errors\n")
		}
		for _, e := range f.Errors {
			line, col := doc.Mapper().LineCol(e.Span.Start)
			fmt.Fprintf(&b, "%d:%d: %s\n", line, col, e.Msg)
		}
		checkInvariants(t, f)
		if !f.HasErrors() {
			t.Errorf("%s: no errors for %q", c.name, c.src)
		}
		if sd := f.Root().ChildByKind(KindSectionDocument); !sd.IsNull() {
			var members, clean []string
			for m := range sd.ChildrenByField(FieldMember) {
				name := m.ChildByField(FieldName).Text()
				if m.HasError() {
					members = append(members, name+"!")
				} else {
					members = append(members, name)
					clean = append(clean, name)
				}
			}
			fmt.Fprintf(&b, "members: %s\n", strings.Join(members, " "))
			for _, want := range c.keep {
				if !contains(clean, want) {
					t.Errorf("%s: member %s lost to the error; members %q", c.name, want, members)
				}
			}
		}
		b.WriteString("\n")
	}
	golden := filepath.Join("testdata", "errors.golden")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("errors differ from %s (run go test -run TestErrorsGolden -update and read the diff):\n%s", golden, lineDiff(string(want), got))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// lineDiff lists the lines that differ, for a readable failure.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

// TestReplayKeepsUp checks that replaying the parse explains every error
// region of the broken snippets: a region it cannot explain gets only a
// generic "unexpected …" message.
func TestReplayKeepsUp(t *testing.T) {
	for _, c := range errorCases {
		tree := tsParse([]byte(c.src), nil)
		_, regions := flatten(tree)
		tsFree(tree)
		for _, r := range regions {
			if r.fail == -2 {
				t.Errorf("%s: the replay lost track before the region at node %d", c.name, r.node)
			}
		}
	}
}
