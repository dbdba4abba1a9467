package syntax

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
)

// seedTexts are M snippets for the fuzz corpora, broken ones included, and
// every M file under the repository's testdata.
func seedTexts(t testing.TB) []string {
	seeds := []string{
		"",
		"let a = 1 in a + 1",
		"section S;\nshared a = [x = 1, y = {1..3}];\nb = (x as number) as number => x * 2;\n",
		"section S;\na = if x 1 else 2;\nb = 2;\n",
		"section S;\na = \"abc;\nb = 2;\n",
		"section S;\na = [x = 1 y = 2];\nb = let x = 1, y in x;\nc = 3;\n",
		"[Version = \"1.0.0\"]\nsection Foo;\n/* c */ shared Foo.Contents = (optional x as text) => try x otherwise #\"a b\"{0}?;\n",
		"type table [a = number, optional b = nullable text]",
		"each [a] ?? error \"x\" meta [b = 2]",
		"#date(2020, 1, 1) & \"#(cr,lf)#(0041)\" & #!\"raw\"",
		"let\r\n  é = 1,\r\n  #\"if\" = é\r\nin\r\n  #\"if\" // tail",
	}
	root := filepath.Join("..", "..", "testdata")
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isMFile(p) {
			if raw, err := os.ReadFile(p); err == nil {
				if text, _, err := document.Decode(raw); err == nil {
					seeds = append(seeds, string(text))
				}
			}
		}
		return nil
	})
	return seeds
}

func isMFile(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".pq", ".pqm", ".m":
		return true
	}
	return false
}

func FuzzParse(f *testing.F) {
	for _, s := range seedTexts(f) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		file := Parse(document.New("file:///fuzz.pq", 1, text), Once)
		checkInvariants(t, file)
	})
}

// flat returns a File's nodes as one preorder array with absolute offsets
// and global indexes, read through the Node API: the tree users see,
// whatever the chunks behind it.
func flat(f *File) []node {
	out := make([]node, f.NodeCount())
	for i := range out {
		n := f.Node(i)
		flags := n.raw().flags &^ flagHasError
		if n.HasError() {
			flags |= flagHasError
		}
		out[i] = node{
			kind: n.Kind(), field: n.Field(), flags: flags,
			start: uint32(n.Start()), end: uint32(n.End()),
			parent: int32(n.Parent().Index()), next: int32(n.SubtreeEnd()),
		}
	}
	return out
}

// checkInvariants checks what every File promises whatever its text.
func checkInvariants(t *testing.T, file *File) {
	t.Helper()
	n := len(file.Doc.Text)
	nodes := flat(file)
	for i := range nodes {
		r := &nodes[i]
		if r.start > r.end || int(r.end) > n {
			t.Fatalf("node %d (%v) span [%d,%d) outside text of %d bytes", i, r.kind, r.start, r.end, n)
		}
		if int(r.next) <= i || int(r.next) > len(nodes) {
			t.Fatalf("node %d: subtree end %d", i, r.next)
		}
		if r.parent >= 0 {
			p := &nodes[r.parent]
			if int(r.parent) >= i || r.next > p.next || r.start < p.start || r.end > p.end {
				t.Fatalf("node %d %v [%d,%d) not inside its parent %d %v [%d,%d)", i, r.kind, r.start, r.end, r.parent, p.kind, p.start, p.end)
			}
		} else if i != 0 {
			t.Fatalf("node %d has no parent", i)
		}
		if i > 0 && r.start < nodes[i-1].start && nodes[i-1].end > nodes[i-1].start {
			t.Fatalf("node %d starts at %d, before node %d at %d", i, r.start, i-1, nodes[i-1].start)
		}
		if r.kind == KindInvalid {
			t.Fatalf("node %d has no kind", i)
		}
		if file.Node(i).Index() != i {
			t.Fatalf("Node(%d).Index() = %d", i, file.Node(i).Index())
		}
	}
	// The sibling links give the same tree as the parent links and the
	// preorder.
	if root := file.Root(); !root.IsNull() {
		i := 0
		var walk func(n Node)
		walk = func(n Node) {
			if n.Index() != i {
				t.Fatalf("preorder walk reached node %d (%v) at step %d", n.Index(), n.Kind(), i)
			}
			i++
			for c := range n.Children() {
				if c.Parent() != n {
					t.Fatalf("child %d of %d has parent %d", c.Index(), n.Index(), c.Parent().Index())
				}
				walk(c)
			}
			if n.SubtreeEnd() != i {
				t.Fatalf("node %d: subtree ends at %d, walk at %d", n.Index(), n.SubtreeEnd(), i)
			}
		}
		walk(root)
		j := 0
		for d := range root.Descendants() {
			if d.Index() != j {
				t.Fatalf("Descendants yields %d at step %d", d.Index(), j)
			}
			j++
		}
		if j != len(nodes) {
			t.Fatalf("Descendants yields %d nodes of %d", j, len(nodes))
		}
	}
	if len(nodes) > 0 && file.Root().HasError() && len(file.Errors) == 0 {
		t.Fatalf("tree has errors but File.Errors is empty: %s", file.Root().SExpr())
	}
	for _, list := range [][]Error{file.Errors, file.Warnings} {
		for i, e := range list {
			if e.Span.Start < 0 || e.Span.Start > e.Span.End || e.Span.End > n {
				t.Fatalf("error %q span %v outside text of %d bytes", e.Msg, e.Span, n)
			}
			if e.Msg == "" {
				t.Fatalf("error %d has no message", i)
			}
			if i > 0 && list[i-1].Span.Start > e.Span.Start {
				t.Fatalf("errors out of order: %v", list)
			}
		}
	}
}

// insertions are what the fuzzed edits insert: M tokens that open, close
// and break constructs, and characters that stress positions.
var insertions = []string{
	"", " ", "\n", "\r\n", "\r", ";", ",", "(", ")", "[", "]", "{", "}", "\"", "\"\"", "#\"", "#(",
	"=", "=>", "..", "...", "?", "??", "@", "!", "+", "-", "&", "*", "/", "<>", "<=",
	"let ", " in ", "if ", " then ", " else ", "each ", "try ", " otherwise ", " catch (e) => ", "error ",
	"type ", "table ", "optional ", "nullable ", " as ", " is ", " meta ", " and ", " or ", "not ",
	"section S;\n", "shared ", "x", "a.b", "1", "0x1F", ".5", "#date", "#shared", "null", "true",
	"/*", "*/", "//", "é", "𝄞", "\u2028", "\ufeff", "[a = 1]", "{1, 2}", "f(x)", "(x) => x",
	"let a = 1 in a", "x = 1;\n", "\"text\"",
}

// decodeEdits turns fuzz bytes into steps of LSP changes: each change takes
// four bytes (start, length, insertion), and a zero byte ends a step.
func decodeEdits(doc *document.Document, script []byte) [][]document.Change {
	var steps [][]document.Change
	var step []document.Change
	textLen := len(doc.Text)
	for len(script) >= 4 {
		if script[0] == 0 {
			if len(step) > 0 {
				steps = append(steps, step)
				step = nil
			}
			script = script[1:]
			continue
		}
		start := (int(script[0]) | int(script[1])<<8) % (textLen + 1)
		length := int(script[2] % 16)
		ins := insertions[int(script[3])%len(insertions)]
		script = script[4:]
		end := min(start+length, textLen)
		// Positions are resolved against the text of the step's start; the
		// mapper clamps what later changes of the step push out of range.
		m := doc.Mapper()
		r := m.Range(document.Span{Start: start, End: end})
		step = append(step, document.Change{Range: &r, Text: ins})
		textLen += len(ins) - (end - start)
		if textLen < 0 {
			textLen = 0
		}
	}
	if len(step) > 0 {
		steps = append(steps, step)
	}
	return steps
}

func FuzzReparse(f *testing.F) {
	for i, s := range seedTexts(f) {
		f.Add([]byte(s), []byte{byte(i * 7), byte(i), 3, byte(i * 5), 0, byte(i * 3), 0, 1, byte(i)})
	}
	f.Fuzz(func(t *testing.T, text, script []byte) {
		if len(text) > 1<<16 {
			return
		}
		doc := document.New("file:///fuzz.pq", 1, text)
		file := Parse(doc, Retain)
		defer file.Close()
		for i, changes := range decodeEdits(doc, script) {
			next, edits, err := doc.Apply(int32(i+2), changes)
			if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			incremental := Reparse(file, next, edits)
			fresh := Parse(next, Once)
			compareFiles(t, incremental, fresh)
			file.Close()
			file, doc = incremental, next
		}
	})
}

// compareFiles fails unless both files have the same nodes and errors.
func compareFiles(t *testing.T, got, want *File) {
	t.Helper()
	if !reflect.DeepEqual(flat(got), flat(want)) {
		t.Fatalf("incremental reparse differs from a fresh parse of %q:\nincremental %s\nfresh       %s",
			want.Doc.Text, got.Root().SExpr(), want.Root().SExpr())
	}
	if !reflect.DeepEqual(got.Errors, want.Errors) || !reflect.DeepEqual(got.Warnings, want.Warnings) {
		t.Fatalf("incremental reparse of %q has errors %v, warnings %v; a fresh parse %v, %v",
			want.Doc.Text, got.Errors, got.Warnings, want.Errors, want.Warnings)
	}
}
