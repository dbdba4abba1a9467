package all_test

import (
	"fmt"
	"testing"

	"github.com/pqcert/pqcert/server/model"
	"github.com/pqcert/pqcert/server/model/modeltest"
	"github.com/pqcert/pqcert/server/rules"
	"github.com/pqcert/pqcert/server/rules/all"
	"github.com/pqcert/pqcert/server/rules/general"
)

// BenchmarkRules runs rules over the model of generated connectors (the
// model is built once, before timing): the engine alone (suppression
// comments, sorting), the general rules PQC701-705, and every rule.
func BenchmarkRules(b *testing.B) {
	for _, shape := range []modeltest.Shape{modeltest.Helpers, modeltest.Requests} {
		for _, lines := range []int{1000, 10000, 100000} {
			b.Run(fmt.Sprintf("%s/%dk", shape, lines/1000), func(b *testing.B) {
				c, size := modeltest.Load(b, shape, lines)
				m := model.Build(c, model.Options{})
				cfg := rules.ConfigFrom(c.Config)
				for _, set := range []struct {
					name  string
					rules []*rules.Rule
				}{
					{"engine", nil},
					{"general", general.Rules},
					{"all", all.Rules},
				} {
					b.Run(set.name, func(b *testing.B) {
						b.SetBytes(int64(size))
						b.ReportAllocs()
						start := modeltest.CPUTime()
						for i := 0; i < b.N; i++ {
							rules.Run(m, set.rules, cfg)
						}
						b.ReportMetric(float64(modeltest.CPUTime()-start)/float64(b.N), "cpu-ns/op")
					})
				}
			})
		}
	}
}

// BenchmarkEachRule runs every rule alone over generated 10k-line
// connectors, to find the slow ones.
func BenchmarkEachRule(b *testing.B) {
	for _, shape := range []modeltest.Shape{modeltest.Helpers, modeltest.Requests} {
		b.Run(shape.String(), func(b *testing.B) {
			c, _ := modeltest.Load(b, shape, 10000)
			m := model.Build(c, model.Options{})
			cfg := rules.ConfigFrom(c.Config)
			for _, r := range all.Rules {
				b.Run(r.Code, func(b *testing.B) {
					b.ReportAllocs()
					for i := 0; i < b.N; i++ {
						rules.Run(m, []*rules.Rule{r}, cfg)
					}
				})
			}
		})
	}
}
