package stats_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/peaksim/peaksim/sim/stats"
)

// twoPass returns the mean and sample variance of xs computed the textbook
// way, as a reference for the streaming computation.
func twoPass(xs []float64) (mean, variance float64) {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean = sum / float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, ss / float64(len(xs)-1)
}

func closeRel(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Abs(want)
}

func randomValues(n int, offset, scale float64) []float64 {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = offset + scale*r.NormFloat64()
	}
	return xs
}

func TestTallyMatchesTwoPass(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		tol    float64
	}{
		{"small integers", []float64{2, 4, 4, 4, 5, 5, 7, 9}, 1e-15},
		{"two values", []float64{-1, 3}, 1e-15},
		{"negative and positive", randomValues(1000, 0, 10), 1e-12},
		// At this offset the sum-of-squares formula loses every significant
		// digit; Welford keeps about eight.
		{"large mean with small spread", randomValues(100_000, 1e9, 1), 1e-6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tally stats.Tally
			for _, v := range tt.values {
				tally.Add(v)
			}
			mean, variance := twoPass(tt.values)
			if got := tally.Count(); got != int64(len(tt.values)) {
				t.Errorf("Count() = %d, want %d", got, len(tt.values))
			}
			if got := tally.Mean(); !closeRel(got, mean, tt.tol) {
				t.Errorf("Mean() = %v, want %v", got, mean)
			}
			if got := tally.Variance(); !closeRel(got, variance, tt.tol) {
				t.Errorf("Variance() = %v, want %v", got, variance)
			}
			if got := tally.StdDev(); !closeRel(got, math.Sqrt(variance), tt.tol) {
				t.Errorf("StdDev() = %v, want %v", got, math.Sqrt(variance))
			}
			if got := tally.Sum(); !closeRel(got, mean*float64(len(tt.values)), tt.tol) {
				t.Errorf("Sum() = %v, want %v", got, mean*float64(len(tt.values)))
			}
			if got, want := tally.Min(), minOf(tt.values); got != want {
				t.Errorf("Min() = %v, want %v", got, want)
			}
			if got, want := tally.Max(), maxOf(tt.values); got != want {
				t.Errorf("Max() = %v, want %v", got, want)
			}
		})
	}
}

func minOf(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs {
		m = min(m, x)
	}
	return m
}

func maxOf(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

func TestTallyUndefinedResultsAreNaN(t *testing.T) {
	var empty, one stats.Tally
	one.Add(7)
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"empty Mean", empty.Mean(), math.NaN()},
		{"empty Variance", empty.Variance(), math.NaN()},
		{"empty StdDev", empty.StdDev(), math.NaN()},
		{"empty Min", empty.Min(), math.NaN()},
		{"empty Max", empty.Max(), math.NaN()},
		{"empty Sum is zero", empty.Sum(), 0},
		{"Quantile without histogram", one.Quantile(0.5), math.NaN()},
		{"single value Mean", one.Mean(), 7},
		{"single value Variance", one.Variance(), math.NaN()},
		{"single value Min", one.Min(), 7},
		{"single value Max", one.Max(), 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !sameFloat(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestTallyQuantilesComeFromHistogram(t *testing.T) {
	var tally stats.Tally
	tally.EnableQuantiles()
	tally.EnableQuantiles() // a second call must keep the same histogram
	h := stats.NewHistogram()
	r := rand.New(rand.NewPCG(1, 2))
	for range 10_000 {
		v := r.ExpFloat64()
		tally.Add(v)
		h.Add(v)
	}
	for _, q := range []float64{0, 0.5, 0.95, 1} {
		if got, want := tally.Quantile(q), h.Quantile(q); got != want {
			t.Errorf("Quantile(%v) = %v, want %v", q, got, want)
		}
	}
	if got := tally.Histogram().Count(); got != 10_000 {
		t.Errorf("Histogram().Count() = %d, want 10000", got)
	}
}

func TestTallyEnableQuantilesPanicsWhenNotEmpty(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("EnableQuantiles on a non-empty Tally did not panic")
		}
	}()
	var tally stats.Tally
	tally.Add(1)
	tally.EnableQuantiles()
}

func TestTallyResetKeepsHistogram(t *testing.T) {
	var tally stats.Tally
	tally.EnableQuantiles()
	h := tally.Histogram()
	tally.Add(5)
	tally.Add(6)
	tally.Reset()
	if tally.Histogram() != h {
		t.Fatal("Reset replaced the histogram")
	}
	if tally.Count() != 0 || !math.IsNaN(tally.Mean()) || !math.IsNaN(tally.Quantile(0.5)) || tally.Sum() != 0 {
		t.Fatalf("after Reset: Count() = %d, Mean() = %v, Quantile(0.5) = %v, Sum() = %v",
			tally.Count(), tally.Mean(), tally.Quantile(0.5), tally.Sum())
	}
	tally.Add(-3)
	if tally.Min() != -3 || tally.Max() != -3 {
		t.Errorf("after Reset and Add(-3): Min(), Max() = %v, %v; want -3, -3", tally.Min(), tally.Max())
	}
}

func TestTallyMergeEqualsSingleTally(t *testing.T) {
	xs := randomValues(10_001, 50, 20)
	for i := range xs {
		xs[i] = math.Abs(xs[i])
	}
	tests := []struct {
		name  string
		split int // xs[:split] go to the receiver, xs[split:] to the argument
	}{
		{"both non-empty", 3_000},
		{"empty receiver", 0},
		{"empty argument", len(xs)},
		{"single-value argument", len(xs) - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var all, a, b stats.Tally
			all.EnableQuantiles()
			a.EnableQuantiles()
			b.EnableQuantiles()
			for i, v := range xs {
				all.Add(v)
				if i < tt.split {
					a.Add(v)
				} else {
					b.Add(v)
				}
			}
			a.Merge(&b)
			if a.Count() != all.Count() || a.Min() != all.Min() || a.Max() != all.Max() {
				t.Errorf("merged Count, Min, Max = %d, %v, %v; want %d, %v, %v",
					a.Count(), a.Min(), a.Max(), all.Count(), all.Min(), all.Max())
			}
			for _, m := range []struct {
				name      string
				got, want float64
			}{
				{"Mean", a.Mean(), all.Mean()},
				{"Variance", a.Variance(), all.Variance()},
				{"Sum", a.Sum(), all.Sum()},
			} {
				if !closeRel(m.got, m.want, 1e-12) {
					t.Errorf("merged %s = %v, want %v", m.name, m.got, m.want)
				}
			}
			for _, q := range []float64{0, 0.1, 0.5, 0.9, 0.999, 1} {
				if got, want := a.Quantile(q), all.Quantile(q); got != want {
					t.Errorf("merged Quantile(%v) = %v, want %v", q, got, want)
				}
			}
		})
	}
}

func TestTallyMergeWithoutHistogramIntoHistogramPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Merge of a Tally without quantiles into one with quantiles did not panic")
		}
	}()
	var a, b stats.Tally
	a.EnableQuantiles()
	b.Add(1)
	a.Merge(&b)
}
