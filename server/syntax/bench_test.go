package syntax

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
)

// benchSizes are the document sizes of the benchmarks, in lines.
var benchSizes = []int{1000, 10000, 100000}

// genConnector returns a connector-like section document of about lines
// lines: a header, then members of eleven lines each in the style of
// certified connectors (functions with let bodies, records, lists, each).
func genConnector(lines int) []byte {
	var b strings.Builder
	b.WriteString("[Version = \"1.0.0\"]\nsection Gen;\n\n")
	for i := 0; i*11+3 < lines; i++ {
		fmt.Fprintf(&b, "Member%d = (url as text, optional options as record) as table =>\n    let\n        source = Web.Contents(url, [Headers = [Accept = \"application/json\"], Query = [page = Text.From(%d)]]),\n        json = Json.Document(source),\n        items = json[items]?,\n        table = Table.FromRecords(items),\n        renamed = Table.RenameColumns(table, {{\"a\", \"b\"}}),\n        filtered = Table.SelectRows(renamed, each [b] <> null and [b] > %d)\n    in\n        filtered; // member %d\n\n", i, i, i, i)
	}
	return []byte(b.String())
}

// middleEdit returns the documents before and after typing one character
// into a name in the middle of the text, and the edits between them in
// both directions.
func middleEdit(tb testing.TB, text []byte) (a, b *document.Document, ab, ba []document.Edit) {
	at := len(text)/2 + bytes.Index(text[len(text)/2:], []byte("json = ")) + 1 // inside `json`
	a = document.New("file:///gen.pq", 1, text)
	r := a.Mapper().Range(document.Span{Start: at, End: at})
	b, ab, err := a.Apply(2, []document.Change{{Range: &r, Text: "x"}})
	if err != nil {
		tb.Fatal(err)
	}
	r2 := b.Mapper().Range(document.Span{Start: at, End: at + 1})
	back, ba, err := b.Apply(3, []document.Change{{Range: &r2, Text: ""}})
	if err != nil || !bytes.Equal(back.Text, text) {
		tb.Fatalf("undoing the edit: %v", err)
	}
	return a, b, ab, ba
}

// BenchmarkParse is a full parse as pqcert parse and a newly opened
// document do it: tree-sitter, flatten, error collection.
func BenchmarkParse(b *testing.B) {
	for _, lines := range benchSizes {
		src := genConnector(lines)
		doc := document.New("file:///gen.pq", 1, src)
		if f := Parse(doc, Once); f.HasErrors() {
			b.Fatalf("generated document has errors: %v", f.Errors[0])
		}
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Parse(doc, Once)
			}
		})
	}
}

// BenchmarkTreeSitter is tree-sitter's part of a full parse alone, the
// whole document in one parse.
func BenchmarkTreeSitter(b *testing.B) {
	for _, lines := range benchSizes {
		src := genConnector(lines)
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				tsFree(tsParse(src, nil))
			}
		})
	}
}

// BenchmarkFlatten is the conversion of a tree-sitter tree of the whole
// document into nodes alone.
func BenchmarkFlatten(b *testing.B) {
	for _, lines := range benchSizes {
		src := genConnector(lines)
		t := tsParse(src, nil)
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				flatten(t)
			}
		})
		tsFree(t)
	}
}

// BenchmarkReparse is typing one character into a name in the middle of
// the document, as an editor sends it: Reparse with the edit, taking the
// previous File's tree. Each iteration types or deletes the character.
func BenchmarkReparse(b *testing.B) {
	for _, lines := range benchSizes {
		a, bdoc, ab, ba := middleEdit(b, genConnector(lines))
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			f := Parse(a, Retain)
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					f = Reparse(f, bdoc, ab)
				} else {
					f = Reparse(f, a, ba)
				}
				i++
			}
			f.Close()
		})
	}
}

// BenchmarkTreeSitterReparse is tree-sitter's incremental parse of the
// whole document alone for the edit of BenchmarkReparse: the edit and a
// parse from the old tree, as Reparse did before it parsed members apart.
func BenchmarkTreeSitterReparse(b *testing.B) {
	for _, lines := range benchSizes {
		a, bdoc, ab, ba := middleEdit(b, genConnector(lines))
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			t := tsParse(a.Text, nil)
			i := 0
			for b.Loop() {
				text, edits := bdoc.Text, ab
				if i%2 == 1 {
					text, edits = a.Text, ba
				}
				i++
				for _, e := range edits {
					tsEdit(t, e)
				}
				next := tsParse(text, t)
				tsFree(t)
				t = next
			}
			tsFree(t)
		})
	}
}
