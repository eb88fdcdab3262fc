package stats_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/peaksim/peaksim/sim/stats"
)

// relBound is the documented relative error of Histogram.Quantile, with
// slack for the rounding of the error computation itself.
const relBound = 1.0/256 + 1e-12

// exactQuantile returns the ceil(q·n)-th smallest element of sorted, the
// definition Histogram.Quantile approximates.
func exactQuantile(sorted []float64, q float64) float64 {
	rank := max(int(math.Ceil(q*float64(len(sorted)))), 1)
	return sorted[rank-1]
}

func TestHistogramQuantileWithinErrorBound(t *testing.T) {
	const n = 200_000
	tests := []struct {
		name string
		draw func(r *rand.Rand) float64
	}{
		{"exponential with mean of 3 minutes", func(r *rand.Rand) float64 { return r.ExpFloat64() / 20 }},
		{"lognormal spanning many decades", func(r *rand.Rand) float64 { return math.Exp(-3 + 3*r.NormFloat64()) }},
		{"uniform on [0, 1000)", func(r *rand.Rand) float64 { return 1000 * r.Float64() }},
		{"log-uniform from 1e-5 to 1e5", func(r *rand.Rand) float64 { return math.Pow(10, -5+10*r.Float64()) }},
		{"exponential with a third exact zeros", func(r *rand.Rand) float64 {
			if r.IntN(3) == 0 {
				return 0
			}
			return r.ExpFloat64()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			h := stats.NewHistogram()
			samples := make([]float64, n)
			for i := range samples {
				samples[i] = tt.draw(r)
				h.Add(samples[i])
			}
			slices.Sort(samples)
			if got := h.Count(); got != n {
				t.Fatalf("Count() = %d, want %d", got, n)
			}
			for _, q := range []float64{0.01, 0.1, 0.5, 0.9, 0.99, 0.999} {
				exact := exactQuantile(samples, q)
				got := h.Quantile(q)
				if exact == 0 {
					if got != 0 {
						t.Errorf("Quantile(%v) = %v, want 0", q, got)
					}
					continue
				}
				if exact < 0x1p-24 || exact >= 0x1p24 {
					t.Fatalf("exact quantile %v for q=%v is outside the covered range; fix the test distribution", exact, q)
				}
				if rel := math.Abs(got-exact) / exact; rel > relBound {
					t.Errorf("Quantile(%v) = %v, exact %v: relative error %.3g exceeds 1/256", q, got, exact, rel)
				}
			}
		})
	}
}

func TestHistogramQuantileEdgeCases(t *testing.T) {
	maxMid := 0x1p24 - 0x1p23/256 // midpoint of the highest bucket
	minMid := 0x1p-24 + 0x1p-24/256
	tests := []struct {
		name   string
		values []float64
		q      float64
		want   float64
	}{
		{"empty histogram gives NaN", nil, 0.5, math.NaN()},
		{"all zeros give zero", []float64{0, 0, 0}, 0.99, 0},
		{"negative zero counts as zero", []float64{math.Copysign(0, -1)}, 0.5, 0},
		{"rank inside the zero share gives zero", []float64{0, 0, 0, 1, 1}, 0.6, 0},
		{"rank just past the zero share gives the positive bucket", []float64{0, 0, 0, 1, 1}, 0.61, 1 + 1.0/256},
		{"q of 0 gives the smallest sample", []float64{3, 1, 2}, 0, 1 + 1.0/256},
		{"q of 1 gives the largest sample", []float64{3, 1, 2}, 1, 3 + 2.0/256},
		{"power of two is the lower edge of its bucket", []float64{2}, 0.5, 2 + 2.0/256},
		{"small power of two is the lower edge of its bucket", []float64{0.5}, 0.5, 0.5 + 0.5/256},
		{"value just below a power of two is in the top bucket of the octave below", []float64{math.Nextafter(2, 0)}, 0.5, 2 - 1.0/256},
		{"lower edge of the covered range", []float64{0x1p-24}, 0.5, minMid},
		{"positive value below the range goes to the lowest bucket", []float64{1e-300}, 0.5, minMid},
		{"subnormal value goes to the lowest bucket", []float64{5e-324}, 0.5, minMid},
		{"largest value in the range", []float64{math.Nextafter(0x1p24, 0)}, 0.5, maxMid},
		{"upper edge of the range is beyond it: the largest sample stands", []float64{0x1p24}, 0.5, 0x1p24},
		{"largest float64 is beyond the range: the largest sample stands", []float64{math.MaxFloat64}, 0.5, math.MaxFloat64},
		{"a quantile beyond the range is the largest sample, an upper bound, not 2^24", []float64{1, 0x1p30, 0x1p31}, 0.5, 0x1p31},
		{"samples beyond the range leave the quantiles in it alone", []float64{1, 0x1p30, 0x1p31}, 0.1, 1 + 1.0/256},
		{"negative q gives NaN", []float64{1}, -0.1, math.NaN()},
		{"q above 1 gives NaN", []float64{1}, 1.1, math.NaN()},
		{"NaN q gives NaN", []float64{1}, math.NaN(), math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := stats.NewHistogram()
			for _, v := range tt.values {
				h.Add(v)
			}
			if got := h.Quantile(tt.q); !sameFloat(got, tt.want) {
				t.Errorf("Quantile(%v) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

func TestHistogramCountsInvalidValuesSeparately(t *testing.T) {
	var h stats.Histogram // the zero value must be usable
	for _, v := range []float64{-1, -math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1)} {
		h.Add(v)
	}
	if h.Invalid() != 5 || h.Count() != 0 {
		t.Fatalf("after 5 invalid values: Invalid() = %d, Count() = %d; want 5, 0", h.Invalid(), h.Count())
	}
	if got := h.Quantile(0.5); !math.IsNaN(got) {
		t.Errorf("Quantile(0.5) with only invalid values = %v, want NaN", got)
	}
	h.Add(1)
	if h.Invalid() != 5 || h.Count() != 1 {
		t.Errorf("after one valid value: Invalid() = %d, Count() = %d; want 5, 1", h.Invalid(), h.Count())
	}
	if got, want := h.Quantile(0.5), 1+1.0/256; got != want {
		t.Errorf("Quantile(0.5) = %v, want %v", got, want)
	}
}

func TestHistogramMergeEqualsSingleHistogram(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	all, a, b := stats.NewHistogram(), stats.NewHistogram(), stats.NewHistogram()
	for i := range 50_000 {
		v := math.Exp(-2 + 2*r.NormFloat64())
		switch i % 7 {
		case 0:
			v = 0
		case 1:
			v = -v
		}
		all.Add(v)
		if r.IntN(3) == 0 {
			a.Add(v)
		} else {
			b.Add(v)
		}
	}
	a.Merge(b)
	if a.Count() != all.Count() || a.Invalid() != all.Invalid() {
		t.Errorf("merged Count, Invalid = %d, %d; want %d, %d", a.Count(), a.Invalid(), all.Count(), all.Invalid())
	}
	for q := 0.0; q <= 1; q += 0.001 {
		if got, want := a.Quantile(q), all.Quantile(q); got != want {
			t.Errorf("merged Quantile(%v) = %v, want %v", q, got, want)
		}
	}
}

func TestHistogramResetEmpties(t *testing.T) {
	h := stats.NewHistogram()
	for _, v := range []float64{0, 1, 2, -1} {
		h.Add(v)
	}
	h.Reset()
	if h.Count() != 0 || h.Invalid() != 0 || !math.IsNaN(h.Quantile(0.5)) {
		t.Fatalf("after Reset: Count() = %d, Invalid() = %d, Quantile(0.5) = %v; want 0, 0, NaN",
			h.Count(), h.Invalid(), h.Quantile(0.5))
	}
	h.Add(4)
	if got, want := h.Quantile(0), 4+4.0/256; got != want {
		t.Errorf("Quantile(0) after Reset and Add(4) = %v, want %v", got, want)
	}
}

// sameFloat reports whether a and b are equal or both NaN.
func sameFloat(a, b float64) bool {
	return a == b || math.IsNaN(a) && math.IsNaN(b)
}

func TestHistogramMergeKeepsTheSamplesBeyondTheRange(t *testing.T) {
	a, b := stats.NewHistogram(), stats.NewHistogram()
	a.Add(1)
	a.Add(0x1p40)
	b.Add(0x1p50)
	b.Add(2)
	a.Merge(b)
	if got := a.Quantile(1); got != 0x1p50 {
		t.Errorf("Quantile(1) after a merge = %v, want the largest sample 2^50", got)
	}
	if got := a.Quantile(0.5); got != 2+2.0/256 {
		t.Errorf("Quantile(0.5) after a merge = %v, want %v", got, 2+2.0/256)
	}
	if a.Count() != 4 {
		t.Errorf("Count() = %d, want 4", a.Count())
	}
}
