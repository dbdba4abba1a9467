package lsp_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pqcert/pqcert/server/lsp/lsptest"
)

// BenchmarkDidChangeToDiagnostics measures the time from sending a
// one-character didChange to receiving the diagnostics of that version,
// with the server's default debounce, on generated connectors. It reports
// the median and 99th percentile, and the process's resident memory with
// the document open.
func BenchmarkDidChangeToDiagnostics(b *testing.B) {
	for _, lines := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			text := lsptest.GenerateConnector("Bench", lines)
			dir := b.TempDir()
			path := filepath.Join(dir, "Bench.pq")
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				b.Fatal(err)
			}
			var mu sync.Mutex
			arrived := map[int32]time.Time{}
			cond := sync.NewCond(&mu)
			e := lsptest.Start(b, lsptest.Options{Debounce: -1, OnPublish: func(uri string, v int32, _ []lsptest.Diagnostic) {
				if !strings.HasSuffix(uri, "Bench.pq") {
					return
				}
				mu.Lock()
				arrived[v] = time.Now()
				cond.Broadcast()
				mu.Unlock()
			}})
			uri := e.Open(path)
			wait := func(v int32) time.Time {
				mu.Lock()
				defer mu.Unlock()
				for {
					if t, ok := arrived[v]; ok {
						return t
					}
					cond.Wait()
				}
			}
			wait(1)
			mid := strings.Index(text, "Member"+strconv.Itoa(lines/22)+" =")
			m := strings.Count(text[:mid], "\n")
			var lat []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				v := int32(i + 2)
				start := time.Now()
				e.Change(uri, v, []map[string]any{{"range": map[string]any{
					"start": map[string]any{"line": m, "character": 0}, "end": map[string]any{"line": m, "character": 0},
				}, "text": "x"}})
				lat = append(lat, wait(v).Sub(start))
			}
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-median")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "ms-p99")
			runtime.GC()
			b.ReportMetric(rssMB(), "MB-rss")
		})
	}
}

// rssMB reads the process's resident set size (Linux), or 0.
func rssMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			if kb, err := strconv.ParseFloat(f[1], 64); err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}
