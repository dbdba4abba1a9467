package syntax

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pqcert/pqcert/server/document"
)

// wholeParse parses text in one piece, as tree-sitter alone would, into a
// File of one chunk.
func wholeParse(text []byte) *File {
	tree := tsParse(text, nil)
	nodes, _ := flatten(tree)
	tsFree(tree)
	return singleChunk(text, nodes)
}

// TestChunksMatchWholeParse checks that parsing the members of a valid
// section document apart gives the tree of parsing it in one piece.
func TestChunksMatchWholeParse(t *testing.T) {
	texts := map[string][]byte{
		"generated": genConnector(300),
		// Over parallelMin, so its members are parsed on several goroutines.
		"generated large": genConnector(2000),
		"comments":        []byte("// lead\n[A = 1] // c0\nsection S; // c1\n// c2\na = 1; // c3\n/* c4 */ b = 2;\n// tail\n"),
		"no members":      []byte("[Version = \"1.0.0\"]\nsection S;\n"),
		"blank lines":     []byte("\n\n  section S;\na = 1;\n\n"),
		"text with semi":  []byte("section S;\na = \"x;y\" & #\"q;\" & #!\"v;\"; // ;\n/* ; */ b = {1; ...};\n"),
		"no trailing":     []byte("section S;\na = 1;\nb = 2;"),
	}
	root := filepath.Join("..", "..", "testdata")
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isMFile(p) {
			if raw, err := os.ReadFile(p); err == nil {
				if text, _, err := document.Decode(raw); err == nil {
					texts[p] = text
				}
			}
		}
		return nil
	})
	for name, text := range texts {
		f := Parse(document.New("file:///t.pq", 1, text), Once)
		whole := wholeParse(text)
		if whole.Root().HasError() {
			continue // recovery may differ, and should
		}
		if f.sd < 0 && name != "text with semi" {
			if isSection, _ := sectionHead(text); isSection {
				t.Errorf("%s: a section document not parsed by members", name)
			}
		}
		if got, want := flat(f), flat(whole); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: chunked tree differs from the whole parse\n got %s\nwant %s", name, f.Root().SExpr(), whole.Root().SExpr())
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Errorf("first difference at node %d: got %+v want %+v", i, got[i], want[i])
					break
				}
			}
		}
		checkInvariants(t, f)
	}
}

// TestScan checks that Scan finds the nodes that filtering Descendants
// finds, in the same order, in section and expression documents.
func TestScan(t *testing.T) {
	kinds := make([]bool, KindTokComma+1)
	kinds[KindRecordField], kinds[KindIdentifier], kinds[KindTokComma] = true, true, true
	for _, text := range []string{
		string(genConnector(300)),
		"// lead\n[A = 1] section S; a = [x = 1, y = 2]; b = 2; // tail\n",
		"let a = [x = 1] in a",
		"",
	} {
		f := Parse(document.New("file:///t.pq", 1, []byte(text)), Once)
		var want, got []Node
		for n := range f.Root().Descendants() {
			if k := int(n.Kind()); k < len(kinds) && kinds[k] {
				want = append(want, n)
			}
		}
		f.Scan(kinds, func(n Node) { got = append(got, n) })
		if !reflect.DeepEqual(got, want) || len(want) == 0 && text != "" {
			t.Errorf("Scan found %d nodes, Descendants %d, in %.40q", len(got), len(want), text)
		}
	}
}
