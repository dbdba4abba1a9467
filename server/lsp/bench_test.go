package lsp_test

import (
	"fmt"
	"os"
	"os/exec"
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
// with the server's default debounce, on generated connectors, with the
// server in-process. It reports the median and 99th percentile, and the
// test process's resident memory (server and editor) with the document
// open.
func BenchmarkDidChangeToDiagnostics(b *testing.B) {
	for _, lines := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			measureEdits(b, lines, lsptest.Options{Debounce: -1})
			runtime.GC()
			b.ReportMetric(procStatusMB("self", "VmRSS:"), "MB-rss")
		})
	}
}

// BenchmarkServerProcess runs the built `pqcert serve` as a child process,
// as an editor does, and measures the same latency and the server
// process's own memory: its resident size after the edits and its peak
// resident size since it started.
func BenchmarkServerProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "pqcert")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/pqcert").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for _, lines := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			e := measureEdits(b, lines, lsptest.Options{Command: []string{bin, "serve", "--stdio"}})
			pid := strconv.Itoa(e.Process.Pid)
			b.ReportMetric(procStatusMB(pid, "VmRSS:"), "MB-rss")
			b.ReportMetric(procStatusMB(pid, "VmHWM:"), "MB-peak-rss")
		})
	}
}

// measureEdits opens a generated connector of the given size, waits for
// its diagnostics, then types b.N characters into a member in the middle,
// one didChange each, waiting for the diagnostics of each version.
func measureEdits(b *testing.B, lines int, opts lsptest.Options) *lsptest.Editor {
	text := lsptest.GenerateConnector("Bench", lines)
	dir := b.TempDir()
	path := filepath.Join(dir, "Bench.pq")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	arrived := map[int32]time.Time{}
	cond := sync.NewCond(&mu)
	opts.OnPublish = func(uri string, v int32, _ []lsptest.Diagnostic) {
		if !strings.HasSuffix(uri, "Bench.pq") {
			return
		}
		mu.Lock()
		arrived[v] = time.Now()
		cond.Broadcast()
		mu.Unlock()
	}
	e := lsptest.Start(b, opts)
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
	return e
}

// procStatusMB reads a size from a process's status (Linux), or 0: VmRSS
// is the resident set size, VmHWM its peak. pid is a number or "self".
func procStatusMB(pid, key string) float64 {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, key) {
			f := strings.Fields(line)
			if kb, err := strconv.ParseFloat(f[1], 64); err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}
