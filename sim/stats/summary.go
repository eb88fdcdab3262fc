package stats

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// Summary describes one metric across independent replications: the mean of
// the per-replication values and Student's t confidence intervals for it.
//
// Fields that cannot be computed are NaN: Mean when N is 0, and StdDev and
// the interval bounds when N is less than 2. NaN is not valid JSON, so
// callers that encode a Summary must map it to something that is.
type Summary struct {
	N      int     // number of finite values summarized
	Mean   float64 // sample mean
	StdDev float64 // sample standard deviation (n-1 denominator)
	Lo95   float64 // lower bound of the 95% confidence interval for the mean
	Hi95   float64 // upper bound of the 95% confidence interval for the mean
	Lo99   float64 // lower bound of the 99% confidence interval for the mean
	Hi99   float64 // upper bound of the 99% confidence interval for the mean
}

// Summarize returns the Summary of values, one per replication, using
// Student's t distribution with N-1 degrees of freedom for the intervals.
//
// Values that are NaN or infinite are skipped and not counted in N: they
// stand for replications in which the metric was undefined, such as the mean
// wait when no call was answered. The values are summed in index order, so
// the same input always gives bit-identical output.
func Summarize(values []float64) Summary {
	var p TwoPass
	for _, v := range values {
		p.Add(v)
	}
	// A second pass over the deviations is more accurate than the sum of
	// squares, and the data is already in memory.
	for _, v := range values {
		p.AddDeviation(v)
	}
	return p.Summary()
}

// TwoPass is Summarize over values given one at a time, for values that
// are not all in memory at once (the replications of a long run, folded
// as they finish): Add every value in order, then AddDeviation the same
// values in the same order, then Summary. It performs exactly Summarize's
// operations, so it gives the same bits. A TwoPass is a small value: a copy
// made after the first pass can take the second while the original goes
// on adding values, for a summary of more of them later.
type TwoPass struct {
	n         int
	sum, mean float64
	ss        float64
	second    bool
}

// Add adds v to the first pass; NaN and infinite values are skipped, as in
// Summarize. It panics once the second pass has begun.
func (p *TwoPass) Add(v float64) {
	if p.second {
		panic("stats: TwoPass.Add after AddDeviation")
	}
	if isFinite(v) {
		p.n++
		p.sum += v
	}
}

// AddDeviation adds v, one of the values given to Add, to the second pass.
func (p *TwoPass) AddDeviation(v float64) {
	if !p.second {
		p.second, p.mean = true, p.sum/float64(p.n)
	}
	if isFinite(v) {
		d := v - p.mean
		p.ss += d * d
	}
}

// Summary returns the Summary of the values: after both passes, or after
// the first alone for fewer than two values (whose summary has no
// deviation).
func (p *TwoPass) Summary() Summary {
	s := Summary{
		N:      p.n,
		Mean:   math.NaN(),
		StdDev: math.NaN(),
		Lo95:   math.NaN(),
		Hi95:   math.NaN(),
		Lo99:   math.NaN(),
		Hi99:   math.NaN(),
	}
	if s.N == 0 {
		return s
	}
	n := float64(s.N)
	s.Mean = p.sum / n
	if s.N < 2 {
		return s
	}
	s.StdDev = math.Sqrt(p.ss / (n - 1))
	t95, t99 := studentQuantiles(s.N - 1)
	se := s.StdDev / math.Sqrt(n)
	h95, h99 := t95*se, t99*se
	s.Lo95, s.Hi95 = s.Mean-h95, s.Mean+h95
	s.Lo99, s.Hi99 = s.Mean-h99, s.Mean+h99
	return s
}

// SummarizePaired returns the Summary of the differences b[i]-a[i], for
// comparing two scenarios run with common random numbers: the intervals are
// then for the mean difference, and are usually much narrower than those of
// a and b. Pairs in which either value is NaN or infinite are skipped, as in
// Summarize. SummarizePaired panics if a and b differ in length.
func SummarizePaired(a, b []float64) Summary {
	if len(a) != len(b) {
		panic("stats: SummarizePaired of slices with different lengths")
	}
	d := make([]float64, len(a))
	for i := range a {
		// A non-finite operand makes the difference non-finite, so Summarize
		// skips the pair.
		d[i] = b[i] - a[i]
	}
	return Summarize(d)
}

// studentQuantiles returns Student's t quantiles at 0.975 and 0.995 for
// df degrees of freedom. A results file summarises every point of every
// series with the same few df, and gonum's inverse incomplete beta costs
// microseconds a call: uncached it was a seventh of a staffing plan's time.
// StudentsT.Quantile is deterministic (it never reads Src), so the cache
// cannot change a figure.
func studentQuantiles(df int) (q975, q995 float64) {
	if v, ok := quantileCache.Load(df); ok {
		q := v.([2]float64)
		return q[0], q[1]
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}
	q := [2]float64{t.Quantile(0.975), t.Quantile(0.995)}
	quantileCache.Store(df, q)
	return q[0], q[1]
}

var quantileCache sync.Map // int df → [2]float64

// StudentQuantile returns Student's t quantile at p for df degrees of
// freedom: the multiplier of a standard error in an interval of another
// level than 95% or 99% (a Bonferroni bound).
func StudentQuantile(p float64, df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(p)
}

func isFinite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0)
}

// SummarizeWelch returns a Summary of the difference mean(b) - mean(a) for
// two independent samples, as when two scenarios ran with different seeds
// or replication counts and cannot be paired: Welch's t interval, with the
// Welch–Satterthwaite degrees of freedom. StdDev is the standard error of
// the difference. Non-finite values are skipped as in Summarize; N is the
// smaller of the two sample sizes.
func SummarizeWelch(a, b []float64) Summary {
	sa, sb := Summarize(a), Summarize(b)
	s := Summary{N: min(sa.N, sb.N), Mean: sb.Mean - sa.Mean,
		StdDev: math.NaN(), Lo95: math.NaN(), Hi95: math.NaN(), Lo99: math.NaN(), Hi99: math.NaN()}
	if sa.N < 2 || sb.N < 2 {
		return s
	}
	va, vb := sa.StdDev*sa.StdDev/float64(sa.N), sb.StdDev*sb.StdDev/float64(sb.N)
	se := math.Sqrt(va + vb)
	s.StdDev = se
	if se == 0 {
		s.Lo95, s.Hi95, s.Lo99, s.Hi99 = s.Mean, s.Mean, s.Mean, s.Mean
		return s
	}
	df := (va + vb) * (va + vb) / (va*va/float64(sa.N-1) + vb*vb/float64(sb.N-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	h95, h99 := t.Quantile(0.975)*se, t.Quantile(0.995)*se
	s.Lo95, s.Hi95 = s.Mean-h95, s.Mean+h95
	s.Lo99, s.Hi99 = s.Mean-h99, s.Mean+h99
	return s
}

// SummarizeRatio returns the Summary of the ratio of totals sum(num) /
// sum(den) over replications, one numerator and denominator each: the
// estimator of a rate (abandoned / offered) that pools the replications,
// where the mean of their ratios is biased by the variation of the
// denominators. The interval is Student's t on the linearised ratio (the
// delta method): z_i = (num_i - R·den_i) / mean(den), whose sample standard
// deviation is StdDev. Pairs with a non-finite value are skipped; a zero
// total denominator makes the mean NaN.
func SummarizeRatio(num, den []float64) Summary {
	n, d := finitePairs(num, den)
	r, z := linearised(n, d)
	return fromDeviations(r, z)
}

// SummarizePairedRatio returns the Summary of the difference of two
// ratios of totals, B minus A, over paired replications (common random
// numbers): the interval is that of the paired linearised differences.
// It panics if the slices differ in length.
func SummarizePairedRatio(numA, denA, numB, denB []float64) Summary {
	if len(numA) != len(denA) || len(numA) != len(numB) || len(numA) != len(denB) {
		panic("stats: SummarizePairedRatio of slices with different lengths")
	}
	var na, da, nb, db []float64
	for i := range numA {
		if isFinite(numA[i]) && isFinite(denA[i]) && isFinite(numB[i]) && isFinite(denB[i]) {
			na, da = append(na, numA[i]), append(da, denA[i])
			nb, db = append(nb, numB[i]), append(db, denB[i])
		}
	}
	ra, za := linearised(na, da)
	rb, zb := linearised(nb, db)
	z := make([]float64, len(za))
	for i := range z {
		z[i] = zb[i] - za[i]
	}
	return fromDeviations(rb-ra, z)
}

// SummarizeWelchRatio returns the Summary of the difference of two ratios
// of totals, B minus A, from independent replications (different seeds or
// counts): Welch's interval on the linearised ratios. A replication's
// linearised value r + z_i averages exactly to r, so Welch's difference of
// means is the difference of the ratios of totals.
func SummarizeWelchRatio(numA, denA, numB, denB []float64) Summary {
	return SummarizeWelch(linearisedValues(finitePairs(numA, denA)), linearisedValues(finitePairs(numB, denB)))
}

func linearisedValues(num, den []float64) []float64 {
	r, z := linearised(num, den)
	for i := range z {
		z[i] += r
	}
	return z
}

func finitePairs(num, den []float64) (n, d []float64) {
	for i := range num {
		if i < len(den) && isFinite(num[i]) && isFinite(den[i]) {
			n, d = append(n, num[i]), append(d, den[i])
		}
	}
	return n, d
}

// linearised returns the ratio of totals and each replication's deviation
// from it, in units of the ratio.
func linearised(num, den []float64) (float64, []float64) {
	var sn, sd float64
	for i := range num {
		sn += num[i]
		sd += den[i]
	}
	r := math.NaN()
	if sd != 0 {
		r = sn / sd
	}
	z := make([]float64, len(num))
	meanDen := sd / float64(max(len(den), 1))
	for i := range num {
		z[i] = (num[i] - r*den[i]) / meanDen
	}
	return r, z
}

// fromDeviations is the Summary of an estimate whose replications deviate
// from it by z (deviations that sum to about 0).
func fromDeviations(estimate float64, z []float64) Summary {
	s := Summary{N: len(z), Mean: estimate, StdDev: math.NaN(), Lo95: math.NaN(), Hi95: math.NaN(), Lo99: math.NaN(), Hi99: math.NaN()}
	if len(z) < 2 || math.IsNaN(estimate) {
		return s
	}
	var mean, ss float64
	for _, v := range z {
		mean += v
	}
	mean /= float64(len(z))
	for _, v := range z {
		ss += (v - mean) * (v - mean)
	}
	n := float64(len(z))
	s.StdDev = math.Sqrt(ss / (n - 1))
	t95, t99 := studentQuantiles(len(z) - 1)
	se := s.StdDev / math.Sqrt(n)
	h95, h99 := t95*se, t99*se
	s.Lo95, s.Hi95 = estimate-h95, estimate+h95
	s.Lo99, s.Hi99 = estimate-h99, estimate+h99
	return s
}
