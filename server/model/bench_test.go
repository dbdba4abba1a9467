package model_test

import (
	"fmt"
	"testing"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/facts"
	"github.com/pqcert/pqcert/server/model/flow"
	"github.com/pqcert/pqcert/server/model/modeltest"
	"github.com/pqcert/pqcert/server/model/scope"
	"github.com/pqcert/pqcert/server/syntax"
)

// BenchmarkBuild builds the model (resolution, facts, flow) of generated
// connectors; parsing is not measured. On the team's shared 2-core machine
// (load 2-4 from other jobs) it measured, per Build: 1k lines 2.3 ms,
// 10k lines 18-23 ms (flow 9-13, scope 6-7, facts 0.1-0.2: see
// BenchmarkStages), 100k lines 256-265 ms.
func BenchmarkBuild(b *testing.B) {
	for _, lines := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("%dk", lines/1000), func(b *testing.B) {
			c, size := modeltest.Load(b, lines)
			m := model.Build(c, model.Options{})
			if len(m.Facts.DataSources) != 1 || len(m.Flow.Requests) != 2 || len(m.Flow.Requests[1].Credentials) != 1 || !m.Flow.Requests[1].HTTPS {
				b.Fatalf("generated connector not understood: %d data sources, %d requests", len(m.Facts.DataSources), len(m.Flow.Requests))
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			b.ResetTimer()
			start := modeltest.CPUTime()
			for i := 0; i < b.N; i++ {
				model.Build(c, model.Options{})
			}
			// CPU time of the process (GC included): wall time says little
			// on a shared machine.
			b.ReportMetric(float64(modeltest.CPUTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkStages splits BenchmarkBuild into name resolution, fact
// collection and value flow.
func BenchmarkStages(b *testing.B) {
	for _, lines := range []int{10000, 100000} {
		c, _ := modeltest.Load(b, lines)
		var mods []*syntax.File
		for _, m := range c.Modules {
			mods = append(mods, m.File)
		}
		in := scope.Resolve(c.Main.File, mods, scope.Options{})
		fs := facts.Collect(c, in)
		for _, st := range []struct {
			name string
			run  func()
		}{
			{"scope", func() { scope.Resolve(c.Main.File, mods, scope.Options{}) }},
			{"facts", func() { facts.Collect(c, in) }},
			{"flow", func() { flow.Analyze(in, fs) }},
		} {
			b.Run(fmt.Sprintf("%dk/%s", lines/1000, st.name), func(b *testing.B) {
				b.ReportAllocs()
				start := modeltest.CPUTime()
				for i := 0; i < b.N; i++ {
					st.run()
				}
				b.ReportMetric(float64(modeltest.CPUTime()-start)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
