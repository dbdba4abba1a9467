package syntax

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
)

// genConnector returns a connector-like section document of about n lines.
func genConnector(lines int) []byte {
	var b strings.Builder
	b.WriteString("[Version = \"1.0.0\"]\nsection Gen;\n\n")
	for i := 0; i*11+3 < lines; i++ {
		fmt.Fprintf(&b, "Member%d = (url as text, optional options as record) as table =>\n    let\n        source = Web.Contents(url, [Headers = [Accept = \"application/json\"], Query = [page = Text.From(%d)]]),\n        json = Json.Document(source),\n        items = json[items]?,\n        table = Table.FromRecords(items),\n        renamed = Table.RenameColumns(table, {{\"a\", \"b\"}}),\n        filtered = Table.SelectRows(renamed, each [b] <> null and [b] > %d)\n    in\n        filtered;\n\n", i, i, i)
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	for _, lines := range []int{1000, 10000, 100000} {
		src := genConnector(lines)
		doc := document.New("file:///gen.pq", 1, src)
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for i := 0; i < b.N; i++ {
				Parse(doc, Once)
			}
		})
	}
}
