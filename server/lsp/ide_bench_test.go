package lsp_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pqcert/pqcert/server/document"
	"github.com/pqcert/pqcert/server/lsp/lsptest"
)

// This file measures the M language features through the LSP connection
// on generated connectors: each request's round trip, reported as the
// median and 99th percentile.

type ideBench struct {
	e    *lsptest.Editor
	uri  string
	text string
	// mid is the offset of a member in the middle of the document.
	mid int
}

func newIDEBench(b *testing.B, lines int) *ideBench {
	b.Helper()
	text := lsptest.GenerateConnector("Bench", lines)
	dir := b.TempDir()
	path := filepath.Join(dir, "Bench.pq")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	e := lsptest.Start(b, lsptest.Options{Debounce: 10 * time.Millisecond})
	uri := e.Open(path)
	e.Await(uri, "diagnostics", func([]lsptest.Diagnostic) bool { return true })
	n := strings.Count(text, "\nMember") / 2
	mid := strings.Index(text, "\nMember"+strconv.Itoa(n)+" =")
	return &ideBench{e: e, uri: uri, text: text, mid: mid}
}

// pos returns the position of the first match of s after the middle
// member, plus delta bytes.
func (ib *ideBench) pos(b *testing.B, s string, delta int) map[string]any {
	b.Helper()
	i := strings.Index(ib.text[ib.mid:], s)
	if i < 0 {
		b.Fatalf("%q not found", s)
	}
	p := document.NewMapper([]byte(ib.text)).Position(ib.mid + i + delta)
	return map[string]any{"line": p.Line, "character": p.Character}
}

// measure calls fn b.N times and reports the median and 99th percentile.
func measure(b *testing.B, fn func(i int)) {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		fn(i)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "ms-p99")
}

var benchSizes = []int{1000, 10000}

func BenchmarkIDEHover(b *testing.B) {
	for _, lines := range benchSizes {
		b.Run(fmt.Sprintf("%dk", lines/1000), func(b *testing.B) {
			ib := newIDEBench(b, lines)
			params := at(ib.uri, ib.pos(b, "Web.Contents(", 4))
			measure(b, func(int) {
				var h hoverResult
				if err := ib.e.Call("textDocument/hover", params, &h); err != nil || h.Contents.Value == "" {
					b.Fatalf("hover: %v", err)
				}
			})
		})
	}
}

func BenchmarkIDECompletion(b *testing.B) {
	for _, lines := range benchSizes {
		b.Run(fmt.Sprintf("%dk", lines/1000), func(b *testing.B) {
			ib := newIDEBench(b, lines)
			params := at(ib.uri, ib.pos(b, "Table.SelectRows(", len("Table.Sel")))
			measure(b, func(int) {
				var l completionList
				if err := ib.e.Call("textDocument/completion", params, &l); err != nil || len(l.Items) == 0 {
					b.Fatalf("completion: %v", err)
				}
			})
		})
	}
}

// BenchmarkIDECompletionTyping measures typing: each iteration inserts a
// character into the document and asks for completion right after it, so
// that every completion sees a new parse and a stale analysis.
func BenchmarkIDECompletionTyping(b *testing.B) {
	for _, lines := range benchSizes {
		b.Run(fmt.Sprintf("%dk", lines/1000), func(b *testing.B) {
			ib := newIDEBench(b, lines)
			p := ib.pos(b, "        json = ", 0)
			line := p["line"].(int)
			measure(b, func(i int) {
				// Type one more character of a name on a line of its own.
				col := i % 40
				ib.e.Change(ib.uri, int32(i+2), []map[string]any{{"range": map[string]any{
					"start": map[string]any{"line": line, "character": col}, "end": map[string]any{"line": line, "character": col},
				}, "text": "T"}})
				var l completionList
				if err := ib.e.Call("textDocument/completion", at(ib.uri, map[string]any{"line": line, "character": col + 1}), &l); err != nil {
					b.Fatalf("completion: %v", err)
				}
			})
		})
	}
}

func BenchmarkIDESignatureHelp(b *testing.B) {
	for _, lines := range benchSizes {
		b.Run(fmt.Sprintf("%dk", lines/1000), func(b *testing.B) {
			ib := newIDEBench(b, lines)
			params := at(ib.uri, ib.pos(b, "Web.Contents(url, [", len("Web.Contents(url, ")))
			measure(b, func(int) {
				var h signatureHelp
				if err := ib.e.Call("textDocument/signatureHelp", params, &h); err != nil || len(h.Signatures) != 1 {
					b.Fatalf("signature help: %v", err)
				}
			})
		})
	}
}

func BenchmarkIDESemanticTokens(b *testing.B) {
	for _, lines := range benchSizes {
		b.Run(fmt.Sprintf("%dk", lines/1000), func(b *testing.B) {
			ib := newIDEBench(b, lines)
			params := map[string]any{"textDocument": map[string]any{"uri": ib.uri}}
			b.SetBytes(int64(len(ib.text)))
			measure(b, func(int) {
				// Kept raw: decoding the numbers is the editor's work.
				var res json.RawMessage
				if err := ib.e.Call("textDocument/semanticTokens/full", params, &res); err != nil || len(res) < 100 {
					b.Fatalf("semantic tokens: %v", err)
				}
			})
		})
	}
}

func BenchmarkIDEFormatting(b *testing.B) {
	for _, lines := range benchSizes {
		b.Run(fmt.Sprintf("%dk", lines/1000), func(b *testing.B) {
			ib := newIDEBench(b, lines)
			params := map[string]any{"textDocument": map[string]any{"uri": ib.uri}, "options": map[string]any{"tabSize": 4, "insertSpaces": true}}
			b.SetBytes(int64(len(ib.text)))
			measure(b, func(int) {
				var edits []any
				if err := ib.e.Call("textDocument/formatting", params, &edits); err != nil {
					b.Fatalf("formatting: %v", err)
				}
			})
		})
	}
}
