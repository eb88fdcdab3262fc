package stats_test

import (
	"math/rand/v2"
	"testing"

	"github.com/peaksim/peaksim/sim/stats"
)

func TestHotPathsAndResetDoNotAllocate(t *testing.T) {
	h := stats.NewHistogram()
	var plain, withQuantiles stats.Tally
	withQuantiles.EnableQuantiles()
	var w stats.TimeWeighted
	var now, v float64
	tests := []struct {
		name string
		f    func()
	}{
		{"Histogram.Add", func() { h.Add(v) }},
		{"Histogram.Reset", func() { h.Reset() }},
		{"Tally.Add", func() { plain.Add(v) }},
		{"Tally.Add with quantiles", func() { withQuantiles.Add(v) }},
		{"TimeWeighted.Set", func() { now++; w.Set(now, v) }},
		{"TimeWeighted.Add", func() { now++; w.Add(now, 1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v = 0.25
			if allocs := testing.AllocsPerRun(1000, tt.f); allocs != 0 {
				t.Errorf("%s allocates %v times per call, want 0", tt.name, allocs)
			}
		})
	}
}

// benchValues returns a fixed cycle of waiting-time-like samples, so that the
// benchmarks time the statistics and not the random number generator.
func benchValues() []float64 {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 4096)
	for i := range xs {
		if r.IntN(4) != 0 {
			xs[i] = r.ExpFloat64() / 20
		}
	}
	return xs
}

func BenchmarkHistogramAdd(b *testing.B) {
	xs := benchValues()
	h := stats.NewHistogram()
	for i := 0; b.Loop(); i++ {
		h.Add(xs[i&(len(xs)-1)])
	}
}

func BenchmarkTallyAdd(b *testing.B) {
	xs := benchValues()
	var t stats.Tally
	for i := 0; b.Loop(); i++ {
		t.Add(xs[i&(len(xs)-1)])
	}
}

func BenchmarkTallyAddWithQuantiles(b *testing.B) {
	xs := benchValues()
	var t stats.Tally
	t.EnableQuantiles()
	for i := 0; b.Loop(); i++ {
		t.Add(xs[i&(len(xs)-1)])
	}
}

func BenchmarkTimeWeightedSet(b *testing.B) {
	xs := benchValues()
	var w stats.TimeWeighted
	for i := 0; b.Loop(); i++ {
		w.Set(float64(i), xs[i&(len(xs)-1)])
	}
}
