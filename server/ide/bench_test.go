package ide

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model/modeltest"
)

// generate writes a section document of about the given number of lines,
// shaped like lsptest.GenerateConnector's (which this package cannot
// import): functions with lets, requests, records and `each`.
func generate(lines int) string {
	var b strings.Builder
	b.WriteString("[Version = \"1.0.0\"]\nsection Bench;\n\n")
	for i := 0; strings.Count(b.String(), "\n") < lines; i++ {
		fmt.Fprintf(&b, `Member%d = (url as text, optional options as record) as table =>
    let
        source = Web.Contents(url, [Headers = [Accept = "application/json"], Query = [page = Text.From(%d)]]),
        json = Json.Document(source),
        items = json[items]?,
        table = Table.FromRecords(items),
        renamed = Table.RenameColumns(table, {{"a", "b"}}),
        filtered = Table.SelectRows(renamed, each [b] <> null and [b] > %d)
    in
        filtered;

`, i, i, i)
	}
	return b.String()
}

// BenchmarkSemanticTokens classifies every token of a document with a
// current model (the LSP benchmarks add the protocol's encoding).
func BenchmarkSemanticTokens(b *testing.B) {
	for _, lines := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("%dk", lines/1000), func(b *testing.B) {
			s := NewSnapshot(modeltest.Build(b, map[string]string{"main": generate(lines)}), nil)
			f := s.Main()
			s.Info()
			b.SetBytes(int64(len(f.Text())))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.SemanticTokens(f, document.Span{Start: 0, End: len(f.Text())})
			}
		})
	}
}

// BenchmarkFormat formats a whole document, edits included.
func BenchmarkFormat(b *testing.B) {
	for _, lines := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("%dk", lines/1000), func(b *testing.B) {
			f := parse(generate(lines))
			b.SetBytes(int64(len(f.Text())))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				Format(f, FormatOptions{})
			}
		})
	}
}
