package check

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/pqcert/pqcert/server/rules/all"
)

// BenchmarkCheck200 checks a generated tree of 200 connectors: copies of
// the team's test connectors (compliant and broken, with helper modules,
// resources, icons and packages) in turn. The target is under 2 s per
// check on the development machine (2 cores); see README "Benchmarks".
func BenchmarkCheck200(b *testing.B) {
	entries, err := os.ReadDir(connectorsDir)
	if err != nil {
		b.Fatal(err)
	}
	var sources []string
	for _, e := range entries {
		if e.IsDir() {
			sources = append(sources, e.Name())
		}
	}
	root := b.TempDir()
	for i := 0; i < 200; i++ {
		name := sources[i%len(sources)]
		copyDir(b, filepath.Join(connectorsDir, name), filepath.Join(root, fmt.Sprintf("%03d-%s", i, name)))
	}
	opts := Options{Rules: all.Rules}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := Run([]string{root}, opts)
		if len(res.Connectors) != 200 {
			b.Fatalf("checked %d connectors, want 200", len(res.Connectors))
		}
	}
}
