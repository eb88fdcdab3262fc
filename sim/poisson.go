package sim

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// poissonQuantile returns the Poisson(mean) count that the uniform u in
// [0, 1) stands for, the least n with P(N ≤ n) > u: inversion, so that one
// uniform makes one count, and the count never falls when the mean rises
// (P(N ≤ n) falls with the mean), which keeps a variant with more orders
// on the same orders and more.
//
// The distribution function is exact to rounding: for a small mean it is
// summed from 0; for a larger one it starts at the mode m, where P(N ≤ m)
// is the regularised incomplete gamma function Q(m+1, mean) (gonum's,
// with Temme's asymptotic series where m is near the mean) and P(N = m)
// is Loader's saddle-point form, and walks from there by the ratio of
// successive probabilities. The walk is about √mean steps: a microsecond
// for the hourly orders of a busy day.
func poissonQuantile(mean, u float64) int64 {
	if !(mean > 0) {
		return 0
	}
	if mean < 30 {
		p := math.Exp(-mean)
		n, f := int64(0), p
		for u >= f {
			n++
			p *= mean / float64(n)
			if f+p == f {
				break // u lies beyond what float64 tells from 1
			}
			f += p
		}
		return n
	}
	m := math.Floor(mean)
	p, f := poissonPMF(m, mean), mathext.GammaIncRegComp(m+1, mean)
	n := m
	if u < f {
		// Down: P(N ≤ n-1) = P(N ≤ n) - P(N = n).
		for n > 0 && u < f-p {
			f -= p
			p *= n / mean
			n--
		}
		return int64(n)
	}
	for u >= f {
		n++
		p *= mean / n
		if f+p == f {
			break
		}
		f += p
	}
	return int64(n)
}

// poissonPMF returns P(N = n) for N Poisson(mean), n a whole number, by
// Loader's saddle-point form exp(-stirlerr(n) - bd0(n, mean)) / √(2πn),
// which keeps full relative precision where the direct form loses it to
// the cancellation of n·log(mean), mean and log n!, each near 10^6 for the
// means of a season's busiest hours. (C. Loader, "Fast and accurate
// computation of binomial probabilities", 2000.)
func poissonPMF(n, mean float64) float64 {
	if n == 0 {
		return math.Exp(-mean)
	}
	return math.Exp(-stirlerr(n)-bd0(n, mean)) / math.Sqrt(2*math.Pi*n)
}

// stirlerr returns log(n!) - log(√(2πn)·(n/e)^n), the error of Stirling's
// formula.
func stirlerr(n float64) float64 {
	if n <= 15 {
		lg, _ := math.Lgamma(n + 1)
		return lg - (n+0.5)*math.Log(n) + n - 0.5*math.Log(2*math.Pi)
	}
	const s0, s1, s2, s3, s4 = 1.0 / 12, 1.0 / 360, 1.0 / 1260, 1.0 / 1680, 1.0 / 1188
	nn := n * n
	if n > 500 {
		return (s0 - s1/nn) / n
	}
	return (s0 - (s1-(s2-(s3-s4/nn)/nn)/nn)/nn) / n
}

// bd0 returns x·log(x/np) + np - x, summed as a series where x is near np
// and the terms cancel.
func bd0(x, np float64) float64 {
	if math.Abs(x-np) < 0.1*(x+np) {
		v := (x - np) / (x + np)
		s := (x - np) * v
		ej := 2 * x * v
		v *= v
		for j := 1; j < 1000; j++ {
			ej *= v
			s1 := s + ej/float64(2*j+1)
			if s1 == s {
				return s
			}
			s = s1
		}
		return s
	}
	return x*math.Log(x/np) + np - x
}
