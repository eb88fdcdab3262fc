package fit

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// z975 is the 97.5% point of the standard normal: a 95% interval is the
// estimate ± z975 standard errors.
const z975 = 1.959963984540054

// Interval is an estimate and its 95% interval.
type Interval struct {
	Est, Lo, Hi float64
}

// Contains reports whether v is inside the interval.
func (i Interval) Contains(v float64) bool { return i.Lo <= v && v <= i.Hi }

// DistFit is the maximum-likelihood fit of one of the project's
// distributions to a sample: its mean and coefficient of variation with
// their 95% intervals (from the Fisher information, by the delta method),
// the log-likelihood at the maximum, and the AIC (2·parameters −
// 2·log-likelihood) that ranks the families.
type DistFit struct {
	Family string // exponential, gamma or lognormal
	Mean   Interval
	CV     Interval // exactly 1 for the exponential
	Params int
	LogLik float64
	AIC    float64
}

// Families are the distributions FitDist tries: those of the scenario
// format that a maximum-likelihood fit suits. erlang is a gamma with a
// whole shape, so it never beats gamma on AIC; deterministic, uniform,
// triangular and a truncated normal are poor models of a duration, and
// empirical would be the data itself.
var Families = []string{"exponential", "gamma", "lognormal"}

// FitDist fits each of Families to the positive sample xs and returns the
// fits, the lowest AIC (the best) first. It needs at least two distinct
// values.
func FitDist(xs []float64) []DistFit {
	n := float64(len(xs))
	var sum, sumLog float64
	for _, x := range xs {
		sum += x
		sumLog += math.Log(x)
	}
	mean, meanLog := sum/n, sumLog/n
	fits := []DistFit{fitExponential(n, mean), fitGamma(n, mean, meanLog, sumLog), fitLognormal(xs, n, meanLog, sumLog)}
	slices.SortStableFunc(fits, func(a, b DistFit) int {
		switch {
		case a.AIC < b.AIC:
			return -1
		case a.AIC > b.AIC:
			return 1
		}
		return 0
	})
	return fits
}

func fitExponential(n, mean float64) DistFit {
	// The sum of n exponentials is gamma(n): 2·sum/mean is chi-square
	// with 2n degrees of freedom, an exact interval for the mean.
	chi := distuv.ChiSquared{K: 2 * n}
	ll := -n*math.Log(mean) - n
	return DistFit{
		Family: "exponential", Params: 1, LogLik: ll, AIC: 2 - 2*ll,
		Mean: Interval{mean, 2 * n * mean / chi.Quantile(0.975), 2 * n * mean / chi.Quantile(0.025)},
		CV:   Interval{1, 1, 1},
	}
}

func fitGamma(n, mean, meanLog, sumLog float64) DistFit {
	// The shape k solves ln k − ψ(k) = ln(mean) − mean(ln x) (Choi and
	// Wette): Newton from Minka's closed-form start.
	s := math.Log(mean) - meanLog
	k := (3 - s + math.Sqrt((s-3)*(s-3)+24*s)) / (12 * s)
	for range 50 {
		step := (math.Log(k) - mathext.Digamma(k) - s) / (1/k - trigamma(k))
		next := k - step
		if next <= 0 {
			next = k / 2
		}
		done := math.Abs(next-k) < 1e-12*k
		k = next
		if done {
			break
		}
	}
	theta := mean / k
	lg, _ := math.Lgamma(k)
	ll := (k-1)*sumLog - n*mean/theta - n*k*math.Log(theta) - n*lg
	// With the mean m and shape k as parameters the information matrix is
	// diagonal: var(m) = m²/(n k), var(k) = k/(n (k ψ'(k) − 1)).
	seMean := mean / math.Sqrt(n*k)
	seK := math.Sqrt(k / (n * (k*trigamma(k) - 1)))
	cv := 1 / math.Sqrt(k)
	seCV := 0.5 * math.Pow(k, -1.5) * seK
	return DistFit{
		Family: "gamma", Params: 2, LogLik: ll, AIC: 4 - 2*ll,
		Mean: Interval{mean, mean - z975*seMean, mean + z975*seMean},
		CV:   Interval{cv, math.Max(0, cv-z975*seCV), cv + z975*seCV},
	}
}

func fitLognormal(xs []float64, n, mu, sumLog float64) DistFit {
	var ss float64
	for _, x := range xs {
		d := math.Log(x) - mu
		ss += d * d
	}
	s2 := ss / n
	ll := -sumLog - n/2*math.Log(2*math.Pi*s2) - n/2
	// var(μ) = σ²/n and var(σ²) = 2σ⁴/n, independent; the mean is
	// exp(μ + σ²/2) and the cv √(exp(σ²) − 1).
	logMean := mu + s2/2
	seLogMean := math.Sqrt(s2/n + s2*s2/(2*n))
	cv := math.Sqrt(math.Expm1(s2))
	seCV := math.Exp(s2) / (2 * cv) * s2 * math.Sqrt(2/n)
	return DistFit{
		Family: "lognormal", Params: 2, LogLik: ll, AIC: 4 - 2*ll,
		Mean: Interval{math.Exp(logMean), math.Exp(logMean - z975*seLogMean), math.Exp(logMean + z975*seLogMean)},
		CV:   Interval{cv, math.Max(0, cv-z975*seCV), cv + z975*seCV},
	}
}

// trigamma is ψ'(x), for x > 0: the recurrence ψ'(x) = ψ'(x+1) + 1/x² up
// to 6, then its asymptotic series (Abramowitz and Stegun 6.4.12).
func trigamma(x float64) float64 {
	var acc float64
	for x < 6 {
		acc += 1 / (x * x)
		x++
	}
	x2 := 1 / (x * x)
	return acc + 1/x + x2/2 + x2/x*(1.0/6-x2*(1.0/30-x2*(1.0/42-x2/30)))
}

// poisson is the exact (Garwood) 95% interval of a Poisson mean from a
// count n, divided by the exposure it was counted over.
func poisson(n int, exposure float64) Interval {
	est := float64(n) / exposure
	lo := 0.0
	if n > 0 {
		lo = distuv.ChiSquared{K: float64(2 * n)}.Quantile(0.025) / 2
	}
	hi := distuv.ChiSquared{K: float64(2*n + 2)}.Quantile(0.975) / 2
	return Interval{est, lo / exposure, hi / exposure}
}

// wilson is the Wilson 95% interval of a share k of n.
func wilson(k, n int) Interval {
	if n == 0 {
		return Interval{math.NaN(), 0, 1}
	}
	p, nn := float64(k)/float64(n), float64(n)
	z2 := z975 * z975
	centre := (p + z2/(2*nn)) / (1 + z2/nn)
	half := z975 / (1 + z2/nn) * math.Sqrt(p*(1-p)/nn+z2/(4*nn*nn))
	return Interval{p, math.Max(0, centre-half), math.Min(1, centre+half)}
}
