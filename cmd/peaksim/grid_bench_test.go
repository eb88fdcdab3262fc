package main

import (
	"context"
	"strconv"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
)

// BenchmarkDefaultSeasonWorkers runs four replications of the default
// season's baseline on 1 and on 2 workers; the speed-up is the ratio of
// their ns/op (go test ./cmd/peaksim -run '^$' -bench Workers -count 3:
// take the median, the single worker's time varies by a quarter on a
// shared machine).
func BenchmarkDefaultSeasonWorkers(b *testing.B) {
	sc, err := scenarios.Builtin(scenarios.Default)
	if err != nil {
		b.Fatal(err)
	}
	base := sc.Variants[0]
	base.Replications = 4
	for _, workers := range []int{1, 2} {
		b.Run("workers="+strconv.Itoa(workers), func(b *testing.B) {
			g := newGrid([]*scenarios.Scenario{base})
			cells := []int{0, 1, 2, 3}
			for b.Loop() {
				if _, err := g.execute(context.Background(), cells, workers, func() {}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(cells)*b.N)/b.Elapsed().Seconds(), "reps/s")
		})
	}
}
