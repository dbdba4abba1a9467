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
// connectors of both shapes; parsing is not measured. The numbers measured
// are in the README.
func BenchmarkBuild(b *testing.B) {
	for _, shape := range []modeltest.Shape{modeltest.Helpers, modeltest.Requests} {
		for _, lines := range []int{1000, 10000, 100000} {
			b.Run(fmt.Sprintf("%s/%dk", shape, lines/1000), func(b *testing.B) {
				c, size := modeltest.Load(b, shape, lines)
				m := model.Build(c, model.Options{})
				understood(b, shape, m)
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
}

// understood fails the benchmark unless the model sees the generated
// connector's data source and requests.
func understood(b *testing.B, shape modeltest.Shape, m *model.Model) {
	b.Helper()
	ok := len(m.Facts.DataSources) == 1
	switch shape {
	case modeltest.Helpers:
		ok = ok && len(m.Flow.Requests) == 2 && len(m.Flow.Requests[1].Credentials) == 1 && m.Flow.Requests[1].HTTPS
	case modeltest.Requests:
		ok = ok && len(m.Flow.Requests) > 1 && len(m.Flow.UserURLs) == 1
	}
	if !ok {
		b.Fatalf("generated %s connector not understood: %d data sources, %d requests", shape, len(m.Facts.DataSources), len(m.Flow.Requests))
	}
}

// BenchmarkStages splits BenchmarkBuild into name resolution, fact
// collection and value flow.
func BenchmarkStages(b *testing.B) {
	for _, shape := range []modeltest.Shape{modeltest.Helpers, modeltest.Requests} {
		for _, lines := range []int{10000, 100000} {
			b.Run(fmt.Sprintf("%s/%dk", shape, lines/1000), func(b *testing.B) {
				c, _ := modeltest.Load(b, shape, lines)
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
					b.Run(st.name, func(b *testing.B) {
						b.ReportAllocs()
						start := modeltest.CPUTime()
						for i := 0; i < b.N; i++ {
							st.run()
						}
						b.ReportMetric(float64(modeltest.CPUTime()-start)/float64(b.N), "cpu-ns/op")
					})
				}
			})
		}
	}
}
