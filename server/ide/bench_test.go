package ide

import (
	"fmt"
	"testing"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/model/modeltest"
)

// BenchmarkSemanticTokens classifies every token of a document with a
// current model (the LSP benchmarks add the protocol's encoding).
func BenchmarkSemanticTokens(b *testing.B) {
	for _, lines := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("%dk", lines/1000), func(b *testing.B) {
			s := NewSnapshot(modeltest.Build(b, map[string]string{"main": modeltest.GenerateConnector("Bench", lines)}), nil)
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
			f := parse(modeltest.GenerateConnector("Bench", lines))
			b.SetBytes(int64(len(f.Text())))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				Format(f, FormatOptions{})
			}
		})
	}
}
