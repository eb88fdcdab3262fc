package stats_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/peaksim/peaksim/sim/stats"
)

// summarizeBefore is Summarize as it was written before TwoPass, kept
// here as the reference for its bits: results.json must not change by a
// last digit when a run folds its replications one at a time.
func summarizeBefore(values []float64) stats.Summary {
	nan := math.NaN()
	s := stats.Summary{Mean: nan, StdDev: nan, Lo95: nan, Hi95: nan, Lo99: nan, Hi99: nan}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	var sum float64
	for _, v := range values {
		if finite(v) {
			s.N++
			sum += v
		}
	}
	if s.N == 0 {
		return s
	}
	n := float64(s.N)
	s.Mean = sum / n
	if s.N < 2 {
		return s
	}
	var ss float64
	for _, v := range values {
		if finite(v) {
			d := v - s.Mean
			ss += d * d
		}
	}
	s.StdDev = math.Sqrt(ss / (n - 1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}
	se := s.StdDev / math.Sqrt(n)
	h95 := t.Quantile(0.975) * se
	h99 := t.Quantile(0.995) * se
	s.Lo95, s.Hi95 = s.Mean-h95, s.Mean+h95
	s.Lo99, s.Hi99 = s.Mean-h99, s.Mean+h99
	return s
}

func sameBits(a, b stats.Summary) bool {
	same := func(x, y float64) bool {
		return math.Float64bits(x) == math.Float64bits(y) || math.IsNaN(x) && math.IsNaN(y)
	}
	return a.N == b.N && same(a.Mean, b.Mean) && same(a.StdDev, b.StdDev) &&
		same(a.Lo95, b.Lo95) && same(a.Hi95, b.Hi95) && same(a.Lo99, b.Lo99) && same(a.Hi99, b.Hi99)
}

// TestTwoPassIsSummarizeBitForBit: values given one at a time, with a
// summary taken part-way on a copy while the first pass goes on, give
// exactly the bits of Summarize of the same values, and of Summarize as
// it was before it used TwoPass; undefined values are skipped the same.
func TestTwoPassIsSummarizeBitForBit(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for _, n := range []int{0, 1, 2, 3, 17, 1000, 1001} {
		values := make([]float64, n)
		for i := range values {
			// Values of one magnitude, where every rounding of the sums
			// shows in the last bits, and for the odd counts magnitudes
			// far apart.
			values[i] = 1000 + r.NormFloat64()/3
			if n%2 == 1 {
				values[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(12)))
			}
			switch r.IntN(20) {
			case 0:
				values[i] = math.NaN()
			case 1:
				values[i] = math.Inf(1 - 2*r.IntN(2))
			}
		}
		var p stats.TwoPass
		half := n / 2
		for _, v := range values[:half] {
			p.Add(v)
		}
		early := p // the second pass of the first half, on a copy
		for _, v := range values[:half] {
			early.AddDeviation(v)
		}
		for _, v := range values[half:] {
			p.Add(v)
		}
		for _, v := range values {
			p.AddDeviation(v)
		}
		for _, c := range []struct {
			name   string
			got    stats.Summary
			values []float64
		}{{"first half", early.Summary(), values[:half]}, {"all", p.Summary(), values}} {
			if want := stats.Summarize(c.values); !sameBits(c.got, want) {
				t.Errorf("%d values, %s: TwoPass %+v, Summarize %+v", n, c.name, c.got, want)
			}
			if want := summarizeBefore(c.values); !sameBits(c.got, want) {
				t.Errorf("%d values, %s: TwoPass %+v, Summarize as it was %+v", n, c.name, c.got, want)
			}
		}
	}
}

func TestTwoPassAddAfterTheSecondPassPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Add after AddDeviation did not panic")
		}
	}()
	var p stats.TwoPass
	p.Add(1)
	p.AddDeviation(1)
	p.Add(2)
}
