package scenarios_test

import (
	"context"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// BenchmarkSeason runs one replication of the default season (christmas,
// about 1.5 million orders) per iteration and reports orders per second;
// B/op is the memory a replication allocates in all.
func BenchmarkSeason(b *testing.B) {
	sc, err := scenarios.Builtin(scenarios.Default)
	if err != nil {
		b.Fatal(err)
	}
	m := sc.Model()
	var orders, events float64
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		res, err := sim.Run(context.Background(), m, sc.Seed, i)
		if err != nil {
			b.Fatal(err)
		}
		orders += float64(res.Season.Orders)
		events += float64(res.Events)
	}
	b.ReportMetric(orders/b.Elapsed().Seconds(), "orders/s")
	b.ReportMetric(events/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/replication")
}
