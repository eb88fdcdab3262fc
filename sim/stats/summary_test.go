package stats_test

import (
	"math"
	"testing"

	"github.com/peaksim/peaksim/sim/stats"
)

func TestSummarizeUsesStudentsT(t *testing.T) {
	// Published two-sided critical values t_{0.975,df} and t_{0.995,df}.
	tests := []struct {
		name     string
		n        int
		t95, t99 float64
	}{
		{"two replications", 2, 12.706205, 63.656741},
		{"ten replications", 10, 2.262157, 3.249836},
		{"thirty replications", 30, 2.045230, 2.756386},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			xs := make([]float64, tt.n)
			for i := range xs {
				xs[i] = float64(i + 1)
			}
			mean, variance := twoPass(xs)
			s := stats.Summarize(xs)
			if s.N != tt.n || s.Mean != mean || !closeRel(s.StdDev, math.Sqrt(variance), 1e-15) {
				t.Fatalf("Summarize: N, Mean, StdDev = %d, %v, %v; want %d, %v, %v",
					s.N, s.Mean, s.StdDev, tt.n, mean, math.Sqrt(variance))
			}
			se := s.StdDev / math.Sqrt(float64(s.N))
			for _, c := range []struct {
				name   string
				lo, hi float64
				t      float64
			}{
				{"95%", s.Lo95, s.Hi95, tt.t95},
				{"99%", s.Lo99, s.Hi99, tt.t99},
			} {
				if got := (c.hi - s.Mean) / se; math.Abs(got-c.t) > 1e-6 {
					t.Errorf("%s upper half-width = %v standard errors, want %v", c.name, got, c.t)
				}
				if got := (s.Mean - c.lo) / se; math.Abs(got-c.t) > 1e-6 {
					t.Errorf("%s lower half-width = %v standard errors, want %v", c.name, got, c.t)
				}
			}
		})
	}
}

func TestSummarizeSpecialInputs(t *testing.T) {
	nan := math.NaN()
	allNaN := stats.Summary{Mean: nan, StdDev: nan, Lo95: nan, Hi95: nan, Lo99: nan, Hi99: nan}
	tests := []struct {
		name   string
		values []float64
		want   stats.Summary
	}{
		{"nil slice gives N of 0 and NaN everywhere", nil, allNaN},
		{"only undefined values are skipped entirely", []float64{nan, math.Inf(1), nan}, allNaN},
		{"single value has a mean but no interval", []float64{4.5},
			stats.Summary{N: 1, Mean: 4.5, StdDev: nan, Lo95: nan, Hi95: nan, Lo99: nan, Hi99: nan}},
		{"identical values give a zero-width interval", []float64{2, 2, 2},
			stats.Summary{N: 3, Mean: 2, StdDev: 0, Lo95: 2, Hi95: 2, Lo99: 2, Hi99: 2}},
		{"non-finite values are skipped", []float64{nan, 1, math.Inf(-1), 2, 3, nan, math.Inf(1)},
			stats.Summarize([]float64{1, 2, 3})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stats.Summarize(tt.values); !sameSummary(got, tt.want) {
				t.Errorf("Summarize(%v) = %+v, want %+v", tt.values, got, tt.want)
			}
		})
	}
}

func TestSummarizePaired(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		a, b []float64
		want stats.Summary
	}{
		{"differences b minus a", []float64{10, 20, 30, 40}, []float64{11, 23, 32, 45},
			stats.Summarize([]float64{1, 3, 2, 5})},
		{"pairs with an undefined value are skipped",
			[]float64{10, nan, 30, 40, 50}, []float64{11, 23, 32, math.Inf(1), 55},
			stats.Summarize([]float64{1, 2, 5})},
		{"empty input", nil, nil, stats.Summarize(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stats.SummarizePaired(tt.a, tt.b); !sameSummary(got, tt.want) {
				t.Errorf("SummarizePaired = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSummarizePairedPanicsOnLengthMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("SummarizePaired of slices with different lengths did not panic")
		}
	}()
	stats.SummarizePaired([]float64{1, 2}, []float64{1})
}

func sameSummary(a, b stats.Summary) bool {
	return a.N == b.N && sameFloat(a.Mean, b.Mean) && sameFloat(a.StdDev, b.StdDev) &&
		sameFloat(a.Lo95, b.Lo95) && sameFloat(a.Hi95, b.Hi95) &&
		sameFloat(a.Lo99, b.Lo99) && sameFloat(a.Hi99, b.Hi99)
}

// TestSummarizeWelch checks a hand-worked example: variances 2.5 (n=5) and
// 14 (n=6) give a standard error of √(0.5+14/6) and 6.97 Welch degrees of
// freedom, so the 95% half-width is between t(7) and t(6) standard errors.
func TestSummarizeWelch(t *testing.T) {
	s := stats.SummarizeWelch([]float64{1, 2, 3, 4, 5}, []float64{2, 4, 6, 8, 10, 12, math.NaN()})
	se := math.Sqrt(0.5 + 14.0/6)
	if s.Mean != 4 || s.N != 5 || math.Abs(s.StdDev-se) > 1e-12 {
		t.Fatalf("got %+v, want mean 4, n 5, standard error %v", s, se)
	}
	if h := (s.Hi95 - s.Lo95) / 2 / se; h < 2.3646 || h > 2.4469 {
		t.Errorf("95%% half-width is %v standard errors, want t quantile for 6.97 degrees of freedom", h)
	}
	if s := stats.SummarizeWelch([]float64{1}, []float64{2, 3}); !math.IsNaN(s.Lo95) || s.Mean != 1.5 {
		t.Errorf("one value: got %+v, want a mean and no interval", s)
	}
}

// TestRatioOfTotalsIsThePooledRatio: the rate over replications is the
// pooled count ratio, not the mean of the replications' ratios, and its
// interval holds the pooled ratio of these hand-checked counts.
func TestRatioOfTotalsIsThePooledRatio(t *testing.T) {
	abandoned := []float64{1, 30, 2, 25}
	offered := []float64{10, 200, 20, 190}
	s := stats.SummarizeRatio(abandoned, offered)
	if want := 58.0 / 420; math.Abs(s.Mean-want) > 1e-15 || s.N != 4 {
		t.Fatalf("ratio of totals %v (n %d), want %v", s.Mean, s.N, want)
	}
	meanOfRatios := (0.1 + 0.15 + 0.1 + 25.0/190) / 4
	if s.Mean == meanOfRatios || !(s.Lo95 < s.Mean && s.Mean < s.Hi95) {
		t.Errorf("%+v against the mean of ratios %v", s, meanOfRatios)
	}
	d := stats.SummarizePairedRatio(abandoned, offered, []float64{0, 20, 1, 15}, offered)
	if want := 36.0/420 - 58.0/420; math.Abs(d.Mean-want) > 1e-15 || !(d.Hi95 < 0) {
		t.Errorf("paired difference %+v, want %v with an interval below 0", d, want)
	}
	if z := stats.SummarizeRatio([]float64{0, 0}, []float64{0, 0}); !math.IsNaN(z.Mean) {
		t.Errorf("no denominator: %+v", z)
	}
}

// TestWelchRatioComparesPooledRatios: two independent runs are compared on
// their ratios of totals, with Welch's standard error of the linearised
// ratios.
func TestWelchRatioComparesPooledRatios(t *testing.T) {
	numA, denA := []float64{1, 30, 2, 25}, []float64{10, 200, 20, 190}
	numB, denB := []float64{5, 9, 7}, []float64{50, 60, 55}
	d := stats.SummarizeWelchRatio(numA, denA, numB, denB)
	if want := 21.0/165 - 58.0/420; math.Abs(d.Mean-want) > 1e-15 || d.N != 3 {
		t.Fatalf("difference %+v, want %v over 3", d, want)
	}
	a, b := stats.SummarizeRatio(numA, denA), stats.SummarizeRatio(numB, denB)
	se := math.Sqrt(a.StdDev*a.StdDev/4 + b.StdDev*b.StdDev/3)
	if math.Abs(d.StdDev-se) > 1e-12 || !(d.Lo95 < d.Mean && d.Mean < d.Hi95) {
		t.Errorf("standard error %v, want %v (%+v)", d.StdDev, se, d)
	}
}
