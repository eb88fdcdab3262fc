package stats

import "math"

// The bucket layout follows the bits of a float64: the 11 exponent bits
// select a power of two (an octave) and the top subBits mantissa bits split
// it into equal-width sub-buckets. Shifting the bits of a positive float64
// right by keyShift therefore yields a key that is monotone in the value and
// whose low subBits bits are the sub-bucket, so finding a bucket needs no
// logarithm.
const (
	subBits    = 7
	keyShift   = 52 - subBits
	minExp     = -24 // the covered range starts at 2^minExp
	maxExp     = 24  // and ends just below 2^maxExp
	numBuckets = (maxExp - minExp) << subBits

	minKey = (1023 + minExp) << subBits // key of 2^minExp
)

// HistogramMax is the end of the range in which a Histogram's quantiles
// have their stated precision: 2^24, in hours some 1,900 years, far beyond
// any duration a scenario may give.
const HistogramMax = 1 << maxExp

// Histogram is a log-linear histogram of non-negative float64 values that
// answers quantile queries over a stream without storing the samples.
//
// Each power of two in the covered range [2^-24, 2^24) is split into 128
// buckets of equal width, and exact zeros are counted separately because
// waiting times are often exactly zero. Quantile reports the midpoint of the
// bucket that holds the requested order statistic. Whenever that order
// statistic x lies in the covered range, the reported value m satisfies
//
//	|m - x| <= x/256
//
// that is, a relative error of at most 1/256 (about 0.39%). The reason: x
// lies in a bucket [L, L+w) with L = 2^e·(1+k/128) for some integer k in
// [0, 128), so w = 2^e/128 <= L/128 <= x/128, and the midpoint is within w/2
// of every point of the bucket. If the order statistic is 0 the result is
// exactly 0.
//
// Positive values below 2^-24 are counted in the lowest bucket: a quantile
// falling on one is off by less than 2^-24 (0.2 ms, in hours). Values of
// 2^24 (HistogramMax) or more are counted apart, with the largest of them:
// a quantile falling on one is reported as that largest sample, an upper
// bound, never as a figure near 2^24 that would pass for a measurement.
// Neither disturbs quantiles whose order statistic is in range. Negative,
// NaN and infinite values are not samples: Add counts them in Invalid and
// otherwise ignores them, rather than panicking in a simulation's innermost
// loop.
//
// Two histograms merge exactly by adding their counts, so per-worker
// histograms combine into the same result as one histogram fed every sample.
//
// The zero value is an empty histogram ready to use. A Histogram holds its
// 6144 counts inline (48 KiB), so it should be kept and passed by pointer.
type Histogram struct {
	counts  [numBuckets]int64
	zeros   int64
	over    int64   // samples of HistogramMax or more
	max     float64 // the largest of them
	n       int64   // valid samples, zeros included
	invalid int64
}

// NewHistogram returns an empty histogram. Its memory is allocated once
// here; Add, Merge and Reset never allocate.
func NewHistogram() *Histogram {
	return new(Histogram)
}

// Add records the sample v. See Histogram for how values outside the
// covered range are handled.
func (h *Histogram) Add(v float64) {
	switch {
	case v > 0 && v < HistogramMax:
		h.counts[bucketIndex(v)]++
	case v >= HistogramMax && v <= math.MaxFloat64:
		h.over++
		h.max = max(h.max, v)
	case v == 0:
		h.zeros++
	default:
		h.invalid++
		return
	}
	h.n++
}

// bucketIndex returns the bucket of a positive v below HistogramMax, the
// lowest for one below the covered range.
func bucketIndex(v float64) int {
	key := math.Float64bits(v) >> keyShift
	return int(max(key, minKey) - minKey)
}

// bucketMid returns the midpoint of bucket i. Both edges are exact powers
// of two times a 7-bit fraction, so the arithmetic is exact.
func bucketMid(i int) float64 {
	lo := math.Float64frombits((uint64(i) + minKey) << keyShift)
	hi := math.Float64frombits((uint64(i) + minKey + 1) << keyShift)
	return lo + (hi-lo)/2
}

// Count returns the number of valid samples added, zeros included.
func (h *Histogram) Count() int64 {
	return h.n
}

// Invalid returns the number of negative, NaN or infinite values passed to
// Add. They are not part of Count or of any quantile.
func (h *Histogram) Invalid() int64 {
	return h.invalid
}

// Quantile returns an estimate of the q-quantile of the samples, defined as
// the ceil(q·n)-th smallest of the n samples (the smallest one when q is 0).
// The estimate is the midpoint of the bucket holding that sample, or 0 if
// the sample is zero, or the largest sample if it is beyond the covered
// range; see Histogram for the error bound. Quantile returns NaN if the
// histogram is empty or q is not in [0, 1].
func (h *Histogram) Quantile(q float64) float64 {
	if h.n == 0 || !(q >= 0 && q <= 1) {
		return math.NaN()
	}
	rank := max(int64(math.Ceil(q*float64(h.n))), 1)
	if rank <= h.zeros {
		return 0
	}
	rank -= h.zeros
	for i := range numBuckets {
		if rank <= h.counts[i] {
			return bucketMid(i)
		}
		rank -= h.counts[i]
	}
	// rank <= n: the rank-th sample is beyond the range.
	return h.max
}

// Merge adds the samples counted in o to h. The result is identical to a
// histogram that was given the samples of both.
func (h *Histogram) Merge(o *Histogram) {
	for i, c := range &o.counts {
		h.counts[i] += c
	}
	h.zeros += o.zeros
	h.over += o.over
	h.max = max(h.max, o.max)
	h.n += o.n
	h.invalid += o.invalid
}

// Reset empties h, reusing its memory.
func (h *Histogram) Reset() {
	*h = Histogram{}
}
