package sim

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mathext"
)

// DistKind names a family of distributions.
type DistKind uint8

// The distribution families a Dist can take.
const (
	// NoDist is the zero Dist: "never" (for patience: customers who never
	// abandon). Sample returns +Inf.
	NoDist DistKind = iota
	Exponential
	Deterministic
	Uniform
	Triangular
	TruncatedNormal
	LogNormal
	Gamma
	Empirical
)

var distNames = [...]string{
	NoDist:          "none",
	Exponential:     "exponential",
	Deterministic:   "deterministic",
	Uniform:         "uniform",
	Triangular:      "triangular",
	TruncatedNormal: "normal",
	LogNormal:       "lognormal",
	Gamma:           "gamma",
	Empirical:       "empirical",
}

func (k DistKind) String() string {
	if int(k) < len(distNames) {
		return distNames[k]
	}
	return fmt.Sprintf("DistKind(%d)", k)
}

// Dist is a distribution of non-negative durations in hours. It is a small
// value with a switch in Sample rather than an interface, so that drawing a
// number in the event loop costs no dynamic call and no allocation.
//
// Build one with the New* constructors, which check their parameters.
type Dist struct {
	Kind DistKind
	// a, b, c hold the family's parameters in the form Sample needs:
	// exponential: a = mean; deterministic: a = value; uniform: [a, b);
	// triangular: a = min, b = mode, c = max; normal: a = mean, b = sd,
	// truncated to [lo, hi]; lognormal: a = mu, b = sigma of log; gamma: a =
	// shape, b = scale.
	a, b, c float64
	lo, hi  float64
	// Normal truncation as CDF values, so a draw is one inverse CDF call.
	cdfLo, cdfHi float64
	// Empirical: values and their cumulative probabilities.
	values, cum []float64
	mean        float64
}

// Mean returns the expected value of the distribution (+Inf for NoDist).
func (d Dist) Mean() float64 {
	if d.Kind == NoDist {
		return math.Inf(1)
	}
	return d.mean
}

func (d Dist) String() string {
	switch d.Kind {
	case NoDist:
		return "none"
	case Deterministic:
		return fmt.Sprintf("deterministic(%g h)", d.a)
	default:
		return fmt.Sprintf("%s(mean %g h)", d.Kind, d.mean)
	}
}

var errNotFinite = errors.New("must be a finite number")

func checkFinite(name string, vs ...float64) error {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s: %w, got %v", name, errNotFinite, v)
		}
	}
	return nil
}

// NewExponential returns an exponential distribution with the given mean:
// the inter-arrival time of a Poisson process, or a memoryless handle time.
func NewExponential(mean float64) (Dist, error) {
	if err := checkFinite("mean", mean); err != nil {
		return Dist{}, err
	}
	if mean <= 0 {
		return Dist{}, fmt.Errorf("mean must be positive, got %v", mean)
	}
	return Dist{Kind: Exponential, a: mean, mean: mean}, nil
}

// NewDeterministic returns a distribution that always gives value.
func NewDeterministic(value float64) (Dist, error) {
	if err := checkFinite("value", value); err != nil {
		return Dist{}, err
	}
	if value < 0 {
		return Dist{}, fmt.Errorf("value must not be negative, got %v", value)
	}
	return Dist{Kind: Deterministic, a: value, mean: value}, nil
}

// NewUniform returns a uniform distribution on [min, max).
func NewUniform(min, max float64) (Dist, error) {
	if err := checkFinite("min and max", min, max); err != nil {
		return Dist{}, err
	}
	if min < 0 || max <= min {
		return Dist{}, fmt.Errorf("needs 0 <= min < max, got min %v, max %v", min, max)
	}
	return Dist{Kind: Uniform, a: min, b: max, mean: (min + max) / 2}, nil
}

// NewTriangular returns a triangular distribution on [min, max] with its
// peak at mode: the usual "shortest, most likely, longest" estimate.
func NewTriangular(min, mode, max float64) (Dist, error) {
	if err := checkFinite("min, mode and max", min, mode, max); err != nil {
		return Dist{}, err
	}
	if min < 0 || mode < min || max < mode || max <= min {
		return Dist{}, fmt.Errorf("needs 0 <= min <= mode <= max and min < max, got %v, %v, %v", min, mode, max)
	}
	return Dist{Kind: Triangular, a: min, b: mode, c: max, mean: (min + mode + max) / 3}, nil
}

// NewTruncatedNormal returns a normal distribution with the given mean and
// standard deviation, truncated to [lo, hi] (hi may be +Inf). The mean of
// the result is the truncated mean, which differs from mean when the
// truncation cuts off much of one tail.
func NewTruncatedNormal(mean, sd, lo, hi float64) (Dist, error) {
	if err := checkFinite("mean, sd and min", mean, sd, lo); err != nil {
		return Dist{}, err
	}
	if math.IsNaN(hi) {
		return Dist{}, fmt.Errorf("max: %w, got NaN", errNotFinite)
	}
	if sd <= 0 {
		return Dist{}, fmt.Errorf("sd must be positive, got %v", sd)
	}
	if lo < 0 || hi <= lo {
		return Dist{}, fmt.Errorf("needs 0 <= min < max, got min %v, max %v", lo, hi)
	}
	cdfLo, cdfHi := normalCDF((lo-mean)/sd), normalCDF((hi-mean)/sd)
	// Below this mass the inverse-CDF draw loses its precision; a user who
	// truncates away all but a sliver of a normal wants another distribution.
	if cdfHi-cdfLo < 1e-6 {
		return Dist{}, fmt.Errorf("the range [%v, %v] keeps almost none of normal(mean %v, sd %v)", lo, hi, mean, sd)
	}
	alpha, beta := (lo-mean)/sd, (hi-mean)/sd
	m := mean + sd*(normalPDF(alpha)-normalPDF(beta))/(cdfHi-cdfLo)
	return Dist{Kind: TruncatedNormal, a: mean, b: sd, lo: lo, hi: hi, cdfLo: cdfLo, cdfHi: cdfHi, mean: m}, nil
}

// NewLogNormal returns a lognormal distribution given its mean and
// coefficient of variation (sd/mean), the two figures a planner knows about
// handle times, rather than the parameters of the underlying normal.
func NewLogNormal(mean, cv float64) (Dist, error) {
	if err := checkFinite("mean and cv", mean, cv); err != nil {
		return Dist{}, err
	}
	if mean <= 0 || cv <= 0 {
		return Dist{}, fmt.Errorf("mean and cv must be positive, got mean %v, cv %v", mean, cv)
	}
	s2 := math.Log1p(cv * cv)
	return Dist{Kind: LogNormal, a: math.Log(mean) - s2/2, b: math.Sqrt(s2), mean: mean}, nil
}

// NewGamma returns a gamma distribution with the given mean and coefficient
// of variation: shape 1/cv², scale mean·cv².
func NewGamma(mean, cv float64) (Dist, error) {
	if err := checkFinite("mean and cv", mean, cv); err != nil {
		return Dist{}, err
	}
	if mean <= 0 || cv <= 0 {
		return Dist{}, fmt.Errorf("mean and cv must be positive, got mean %v, cv %v", mean, cv)
	}
	shape := 1 / (cv * cv)
	// Marsaglia-Tsang loses accuracy for tiny shapes; cv above 10 is not a
	// handle time anyone observes.
	if shape < 0.01 {
		return Dist{}, fmt.Errorf("cv must be at most 10, got %v", cv)
	}
	return Dist{Kind: Gamma, a: shape, b: mean / shape, mean: mean}, nil
}

// NewErlang returns an Erlang-k distribution (a gamma with integer shape k):
// the time to complete k exponential phases, with cv 1/√k.
func NewErlang(mean float64, k int) (Dist, error) {
	if k < 1 || k > 1000 {
		return Dist{}, fmt.Errorf("k must be an integer from 1 to 1000, got %d", k)
	}
	return NewGamma(mean, 1/math.Sqrt(float64(k)))
}

// NewEmpirical returns a discrete distribution over values with the given
// relative weights (nil weights: equally likely), for handle times read
// from a table of observations.
func NewEmpirical(values, weights []float64) (Dist, error) {
	if len(values) == 0 {
		return Dist{}, errors.New("needs at least one value")
	}
	if weights != nil && len(weights) != len(values) {
		return Dist{}, fmt.Errorf("has %d values but %d weights", len(values), len(weights))
	}
	// Sorted by value, so that the cumulative weights are the distribution
	// function and a draw can be made by inversion (quantile).
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(values[i], values[j]) })
	sorted := make([]float64, len(values))
	cum := make([]float64, len(values))
	total, mean := 0.0, 0.0
	for n, i := range order {
		v := values[i]
		sorted[n] = v
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		if err := checkFinite(fmt.Sprintf("value %d and its weight", i+1), v, w); err != nil {
			return Dist{}, err
		}
		if v < 0 || w < 0 {
			return Dist{}, fmt.Errorf("value %d: values and weights must not be negative, got %v with weight %v", i+1, v, w)
		}
		total += w
		mean += w * v
		cum[n] = total
	}
	if total <= 0 {
		return Dist{}, errors.New("weights must not all be zero")
	}
	for i := range cum {
		cum[i] /= total
	}
	return Dist{Kind: Empirical, values: sorted, cum: cum, mean: mean / total}, nil
}

// Sample draws one value from r. Every draw takes exactly one 64-bit word
// from r, whatever the family and its parameters: a variant that changes a
// distribution, even its family, leaves the draws after it on the same
// stream where they were. And the word stands for the same place in the
// distribution whatever its parameters, so that a longer or more variable
// handle time falls to the same contacts:
//
//   - uniform, triangular, normal, empirical: the quantile of the word's
//     uniform (inversion);
//   - exponential: the mean times a unit exponential of the word, and
//     lognormal: e^(mu + sigma·z) for a standard normal z of the word (both
//     by a ziggurat that reads one word, see ziggurat.go: inversion would
//     cost two to three times as much);
//   - gamma and erlang: Marsaglia and Tsang's method from the word's z (see
//     gammaFrom): with cv up to 1, a rising function of z in 95% of draws
//     or more;
//   - deterministic and none: the word is skipped.
func (d *Dist) Sample(r *rand.Rand) float64 {
	w := r.Uint64()
	switch d.Kind {
	case NoDist:
		return math.Inf(1)
	case Exponential:
		return unitExponential(w) * d.a
	case LogNormal:
		return math.Exp(d.a + d.b*standardNormal(w))
	case Gamma:
		return gammaFrom(d.a, w) * d.b
	}
	return d.quantile(uniformOf(w))
}

func sampleTriangular(lo, mode, hi, u float64) float64 {
	f := (mode - lo) / (hi - lo)
	if u < f {
		return lo + math.Sqrt(u*(hi-lo)*(mode-lo))
	}
	return hi - math.Sqrt((1-u)*(hi-lo)*(hi-mode))
}

// gammaFrom draws a unit-scale gamma variate of the given shape from one
// 64-bit word w by Marsaglia and Tsang's method (2000), boosted for shape
// < 1 by Gamma(a) = Gamma(a+1)·U^(1/a). The normal of its first candidate
// is the word's standard normal; the acceptance test, any later candidate
// and the boost draw from a generator seeded by the word. The first
// candidate is accepted in 95% of draws or more (shape 1 is the worst), and
// an accepted draw rises with its normal, as lognormal's does, unless the
// boost scales it. gonum's distuv.Gamma implements the same method but
// builds a rand.Rand on every call, an allocation per handled contact in
// the event loop.
func gammaFrom(shape float64, w uint64) float64 {
	rest := wordStream(w, forGamma)
	boost := 1.0
	if shape < 1 {
		boost = math.Pow(uniformOf(rest.Uint64()), 1/shape)
		shape++
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for x := standardNormal(w); ; x = standardNormal(rest.Uint64()) {
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := uniformOf(rest.Uint64())
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v * boost
		}
	}
}

func normalCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

func normalPDF(x float64) float64 {
	if math.IsInf(x, 0) {
		return 0
	}
	return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi)
}

func normalQuantile(p float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*p) }

// below returns P(X < x), the share of draws under x: the left limit of the
// distribution function, so that below(hi) - below(lo) is the chance of a
// draw in [lo, hi) for discrete distributions too.
func (d *Dist) below(x float64) float64 {
	switch d.Kind {
	case Exponential:
		return -math.Expm1(-max(x, 0) / d.a)
	case Deterministic:
		if x > d.a {
			return 1
		}
		return 0
	case Uniform:
		return min(max((x-d.a)/(d.b-d.a), 0), 1)
	case Triangular:
		lo, mode, hi := d.a, d.b, d.c
		switch {
		case x <= lo:
			return 0
		case x >= hi:
			return 1
		case x <= mode:
			return (x - lo) * (x - lo) / ((hi - lo) * (mode - lo))
		default:
			return 1 - (hi-x)*(hi-x)/((hi-lo)*(hi-mode))
		}
	case TruncatedNormal:
		if x <= d.lo {
			return 0
		}
		if x > d.hi {
			return 1
		}
		return min(max((normalCDF((x-d.a)/d.b)-d.cdfLo)/(d.cdfHi-d.cdfLo), 0), 1)
	case LogNormal:
		if x <= 0 {
			return 0
		}
		return normalCDF((math.Log(x) - d.a) / d.b)
	case Gamma:
		if x <= 0 {
			return 0
		}
		return mathext.GammaIncReg(d.a, x/d.b)
	case Empirical:
		i, _ := slices.BinarySearch(d.values, x) // values sorted: the first ≥ x
		if i == 0 {
			return 0
		}
		return d.cum[i-1]
	}
	return 0
}

// quantile returns the draw that the uniform u in [0, 1) stands for,
// inf{x : P(X ≤ x) > u}: inversion uses exactly one uniform per draw, and
// maps [below(lo), below(hi)) into [lo, hi).
func (d *Dist) quantile(u float64) float64 {
	switch d.Kind {
	case Exponential:
		return -math.Log1p(-u) * d.a
	case Deterministic:
		return d.a
	case Uniform:
		return d.a + (d.b-d.a)*u
	case Triangular:
		return sampleTriangular(d.a, d.b, d.c, u)
	case TruncatedNormal:
		return min(max(d.a+d.b*normalQuantile(d.cdfLo+(d.cdfHi-d.cdfLo)*u), d.lo), d.hi)
	case LogNormal:
		return math.Exp(d.a + d.b*normalQuantile(u))
	case Gamma:
		if u <= 0 {
			return 0
		}
		return mathext.GammaIncRegInv(d.a, u) * d.b
	case Empirical:
		i := sort.Search(len(d.cum), func(i int) bool { return d.cum[i] > u })
		return d.values[min(i, len(d.values)-1)]
	}
	return math.Inf(1)
}

// sampleIn draws from the distribution conditioned on [lo, hi), by
// inversion: one uniform from r. The interval must have positive chance.
func (d *Dist) sampleIn(r *rand.Rand, lo, hi float64) float64 {
	pLo, pHi := d.below(lo), d.below(hi)
	x := d.quantile(pLo + (pHi-pLo)*r.Float64())
	// Rounding in the distribution function must not put a draw outside.
	return min(max(x, lo), math.Nextafter(hi, lo))
}
