package stats

import "math"

// Tally accumulates a stream of observations: their count, sum, extremes,
// mean and variance and, if enabled, quantiles.
//
// The mean and variance use Welford's update, which stays accurate when the
// mean is large compared with the spread, where the naive sum of squares
// loses all precision.
//
// Every value passed to Add enters the moments as it is, so a NaN makes the
// mean, variance and sum NaN; that exposes the bug that produced it instead
// of hiding it. Quantiles come from a Histogram and therefore only cover
// non-negative finite values; see Histogram for how others are handled.
//
// The zero value is an empty tally without quantiles, ready to use. A copy
// of a Tally with quantiles enabled shares its Histogram; combine tallies
// with Merge instead.
type Tally struct {
	n        int64
	mean     float64
	m2       float64 // sum of squared deviations from the mean
	sum      float64
	min, max float64
	hist     *Histogram
}

// EnableQuantiles makes t record its samples in a Histogram, so that
// Quantile can answer. It does nothing if quantiles are already enabled.
// It panics if t already holds samples, because the histogram could not
// account for them.
func (t *Tally) EnableQuantiles() {
	if t.hist != nil {
		return
	}
	if t.n != 0 {
		panic("stats: EnableQuantiles called on a non-empty Tally")
	}
	t.hist = NewHistogram()
}

// Add records the observation v.
func (t *Tally) Add(v float64) {
	t.n++
	d := v - t.mean
	t.mean += d / float64(t.n)
	t.m2 += d * (v - t.mean)
	t.sum += v
	if t.n == 1 {
		t.min, t.max = v, v
	} else {
		t.min = min(t.min, v)
		t.max = max(t.max, v)
	}
	if t.hist != nil {
		t.hist.Add(v)
	}
}

// Count returns the number of observations.
func (t *Tally) Count() int64 {
	return t.n
}

// Sum returns the sum of the observations, 0 if there are none.
func (t *Tally) Sum() float64 {
	return t.sum
}

// Mean returns the mean of the observations, or NaN if there are none.
func (t *Tally) Mean() float64 {
	if t.n == 0 {
		return math.NaN()
	}
	return t.mean
}

// Variance returns the sample variance of the observations (with n-1 in the
// denominator), or NaN if there are fewer than two.
func (t *Tally) Variance() float64 {
	if t.n < 2 {
		return math.NaN()
	}
	return t.m2 / float64(t.n-1)
}

// StdDev returns the sample standard deviation of the observations, or NaN
// if there are fewer than two.
func (t *Tally) StdDev() float64 {
	return math.Sqrt(t.Variance())
}

// Min returns the smallest observation, or NaN if there are none.
func (t *Tally) Min() float64 {
	if t.n == 0 {
		return math.NaN()
	}
	return t.min
}

// Max returns the largest observation, or NaN if there are none.
func (t *Tally) Max() float64 {
	if t.n == 0 {
		return math.NaN()
	}
	return t.max
}

// Quantile returns the q-quantile of the observations as estimated by
// Histogram.Quantile. It returns NaN if quantiles are not enabled, if the
// histogram holds no valid sample, or if q is not in [0, 1].
func (t *Tally) Quantile(q float64) float64 {
	if t.hist == nil {
		return math.NaN()
	}
	return t.hist.Quantile(q)
}

// Histogram returns the histogram behind Quantile, or nil if quantiles are
// not enabled. It lets callers inspect Histogram.Invalid.
func (t *Tally) Histogram() *Histogram {
	return t.hist
}

// Reset empties t. Quantiles stay enabled if they were, and the histogram's
// memory is reused.
func (t *Tally) Reset() {
	*t = Tally{hist: t.hist}
	if t.hist != nil {
		t.hist.Reset()
	}
}

// Merge adds the observations accumulated in o to t, combining the moments
// with the pairwise update of Chan, Golub and LeVeque, so that the result
// matches a single tally given both streams up to rounding.
//
// If t has quantiles enabled, o's histogram is merged into it. Merge panics
// if t has quantiles enabled and o holds samples without a histogram,
// because t's quantiles would silently omit them. A histogram in o is
// ignored if t has none.
func (t *Tally) Merge(o *Tally) {
	if o.n == 0 {
		return
	}
	if t.hist != nil {
		if o.hist == nil {
			panic("stats: Merge of a Tally without quantiles into one with quantiles")
		}
		t.hist.Merge(o.hist)
	}
	if t.n == 0 {
		t.n, t.mean, t.m2, t.sum, t.min, t.max = o.n, o.mean, o.m2, o.sum, o.min, o.max
		return
	}
	na, nb := float64(t.n), float64(o.n)
	n := na + nb
	d := o.mean - t.mean
	t.mean += d * (nb / n)
	t.m2 += o.m2 + d*d*(na*nb/n)
	t.n += o.n
	t.sum += o.sum
	t.min = min(t.min, o.min)
	t.max = max(t.max, o.max)
}
