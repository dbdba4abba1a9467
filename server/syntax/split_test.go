package syntax

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
)

func TestMemberEnds(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []int // offsets just after each `;` in code, marked by | below
	}{
		{"section S;a = 1;b = 2;", []int{10, 16, 22}},
		{`a = "x;y";`, []int{10}},
		{`a = "x"";y";`, []int{12}},
		{`a = #"x;";b;`, []int{10, 12}},
		{`a = #!"x;";`, []int{11}},
		{"a = 1; // x;\nb;", []int{6, 15}},
		{"a = 1 /* ; */;", []int{14}},
		{"a = 1 /* ; ", nil},
		{`a = "open; b = 2;`, nil}, // an open quote runs to the end
		{"a = 1;//\r;", []int{6, 10}},
		{"a;\u2028// x\u2028;", []int{2, 13}},
	} {
		if got := memberEnds([]byte(c.src), 0, 0, nil); !reflect.DeepEqual(got, c.want) {
			t.Errorf("memberEnds(%q) = %v, want %v", c.src, got, c.want)
		}
	}
}

func TestSectionHead(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"section S;", true},
		{"section;", true},
		{"  // c\n/* d */ section S;", true},
		{"[Version = \"1.0.0\"]\nsection S;", true},
		{"[a = [b = \"]\"], c = {1}] // x\n section S;", true},
		{"sections", false},
		{"section.x", false},
		{"let a = 1 in a", false},
		{"[a = 1]", false},
		{"[a = 1; section S;", false},
		{"[a = \"x", false},
		{"", false},
	} {
		got, end := sectionHead([]byte(c.src))
		if got != c.want || end > len(c.src) {
			t.Errorf("sectionHead(%q) = %v, %d; want %v", c.src, got, end, c.want)
		}
	}
}

// TestReparseEdits checks edits that move members' ends, open and close
// quotes and change the kind of document: each Reparse must give what a
// fresh parse gives.
func TestReparseEdits(t *testing.T) {
	base := "[Version = \"1\"]\nsection S;\na = 1;\nb = [x = 2];\nc = \"t\";\n// end\n"
	for _, c := range []struct {
		name string
		// each step replaces old with new at the first occurrence of old
		steps [][2]string
	}{
		{"type in a member", [][2]string{{"1;", "12;"}, {"12;", "1;"}}},
		{"delete a member end", [][2]string{{"1;\nb", "1\nb"}}},
		{"add a member end", [][2]string{{"b = [x = 2]", "b = [x = 2]; d = 3"}}},
		{"open and close a quote", [][2]string{{"a = 1", "a = \"1"}, {"\"1;", "\"1\";"}}},
		{"open a comment", [][2]string{{"a = 1;", "a = /* 1;"}, {"/* 1;", "1;"}}},
		{"edit the header", [][2]string{{"section S", "section T"}, {"[Version = \"1\"]", ""}}},
		{"break the header", [][2]string{{"section S;", "sectio S;"}, {"sectio S;", "section S;"}}},
		{"append after the end", [][2]string{{"// end\n", "// end\nd = 4;"}, {"d = 4;", "d = 4"}}},
		{"delete everything", [][2]string{{base, ""}, {"", "section S; a = 1;"}}},
		{"turn into an expression", [][2]string{{base, "let a = 1 in a"}, {"let a = 1 in a", "section S; x = 1;"}}},
		{"merge members", [][2]string{{";\nb = ", " + "}, {";\nc = ", ", "}}},
	} {
		doc := document.New("file:///t.pq", 1, []byte(base))
		f := Parse(doc, Retain)
		for i, st := range c.steps {
			text := string(doc.Text)
			at := strings.Index(text, st[0])
			if at < 0 {
				t.Fatalf("%s: step %d: %q not in %q", c.name, i, st[0], text)
			}
			r := doc.Mapper().Range(document.Span{Start: at, End: at + len(st[0])})
			next, edits, err := doc.Apply(int32(i+2), []document.Change{{Range: &r, Text: st[1]}})
			if err != nil {
				t.Fatal(err)
			}
			incremental := Reparse(f, next, edits)
			fresh := Parse(next, Once)
			if !reflect.DeepEqual(flat(incremental), flat(fresh)) || !reflect.DeepEqual(incremental.Errors, fresh.Errors) {
				t.Errorf("%s: step %d on %q:\nincremental %s %v\nfresh       %s %v", c.name, i, next.Text,
					incremental.Root().SExpr(), incremental.Errors, fresh.Root().SExpr(), fresh.Errors)
			}
			checkInvariants(t, incremental)
			f.Close()
			f, doc = incremental, next
		}
		f.Close()
	}
}
