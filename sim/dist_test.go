package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// mustDist returns a function that unwraps a constructor's result, failing
// t on an error.
func mustDist(t *testing.T) func(Dist, error) Dist {
	return func(d Dist, err error) Dist {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
}

// TestDistMomentsMatchTheory draws 400,000 values from each family and
// checks the sample mean and variance against the closed forms. With a
// fixed seed the test is deterministic; the tolerance is 4.5 standard
// errors of the sample mean (estimated from the theoretical variance), and
// 5% on the variance.
func TestDistMomentsMatchTheory(t *testing.T) {
	const n = 400_000
	must := mustDist(t)
	cases := []struct {
		name      string
		d         Dist
		mean, vr  float64
		lo, hi    float64 // every draw must lie in [lo, hi]
		skipVarOK bool
	}{
		{"exponential", must(NewExponential(2)), 2, 4, 0, math.Inf(1), false},
		{"deterministic", must(NewDeterministic(1.5)), 1.5, 0, 1.5, 1.5, false},
		{"uniform", must(NewUniform(1, 3)), 2, 4.0 / 12, 1, 3, false},
		{"triangular", must(NewTriangular(1, 2, 6)), 3, (1 + 4 + 36 - 2 - 6 - 12) / 18.0, 1, 6, false},
		// Truncation at 0 cuts 2.3% of normal(1, 0.5): the mean moves up to
		// 1.0272 and the variance down (values from the closed forms).
		{"normal truncated", must(NewTruncatedNormal(1, 0.5, 0, math.Inf(1))), 1.0272, 0.2179, 0, math.Inf(1), true},
		{"lognormal", must(NewLogNormal(2, math.Sqrt2)), 2, 8, 0, math.Inf(1), false},
		{"gamma shape 0.5", must(NewGamma(3, math.Sqrt2)), 3, 18, 0, math.Inf(1), false},
		{"erlang 4", must(NewErlang(2, 4)), 2, 1, 0, math.Inf(1), false},
		{"empirical", must(NewEmpirical([]float64{1, 2, 4}, []float64{1, 2, 1})), 2.25, (1+8+16)/4.0 - 2.25*2.25, 1, 4, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			var sum, sum2 float64
			for range n {
				v := c.d.Sample(r)
				if v < c.lo || v > c.hi {
					t.Fatalf("draw %v outside [%v, %v]", v, c.lo, c.hi)
				}
				sum += v
				sum2 += v * v
			}
			mean := sum / n
			vr := sum2/n - mean*mean
			se := math.Sqrt(c.vr / n)
			if math.Abs(mean-c.mean) > 4.5*se+1e-3*c.mean {
				t.Errorf("mean %v, want %v ± %v", mean, c.mean, 4.5*se)
			}
			if math.Abs(c.d.Mean()-c.mean) > 1e-3*c.mean {
				t.Errorf("Mean() = %v, want %v", c.d.Mean(), c.mean)
			}
			if c.vr == 0 {
				if vr > 1e-12 {
					t.Errorf("variance %v, want 0", vr)
				}
			} else if math.Abs(vr-c.vr) > 0.05*c.vr {
				t.Errorf("variance %v, want %v", vr, c.vr)
			}
		})
	}
}

func TestDistConstructorsRejectBadParameters(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name string
		err  error
	}{
		{"exponential zero mean", second(NewExponential(0))},
		{"exponential NaN", second(NewExponential(nan))},
		{"deterministic negative", second(NewDeterministic(-1))},
		{"uniform reversed", second(NewUniform(3, 1))},
		{"uniform infinite", second(NewUniform(0, inf))},
		{"triangular mode outside", second(NewTriangular(1, 5, 3))},
		{"normal zero sd", second(NewTruncatedNormal(1, 0, 0, inf))},
		{"normal nothing left", second(NewTruncatedNormal(0, 1, 50, inf))},
		{"lognormal zero cv", second(NewLogNormal(1, 0))},
		{"gamma huge cv", second(NewGamma(1, 100))},
		{"erlang k 0", second(NewErlang(1, 0))},
		{"empirical empty", second(NewEmpirical(nil, nil))},
		{"empirical weights mismatch", second(NewEmpirical([]float64{1}, []float64{1, 2}))},
		{"empirical zero weights", second(NewEmpirical([]float64{1, 2}, []float64{0, 0}))},
		{"empirical negative value", second(NewEmpirical([]float64{-1}, nil))},
	}
	for _, c := range cases {
		if c.err == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
}

func second(_ Dist, err error) error { return err }

func TestNoDistNeverEnds(t *testing.T) {
	var d Dist
	if v := d.Sample(rand.New(rand.NewPCG(1, 1))); !math.IsInf(v, 1) {
		t.Fatalf("NoDist sampled %v, want +Inf", v)
	}
}

func TestSampleDoesNotAllocate(t *testing.T) {
	must := mustDist(t)
	r := rand.New(rand.NewPCG(1, 2))
	for _, d := range []Dist{
		must(NewGamma(1, 0.7)), must(NewLogNormal(1, 1)),
		must(NewTruncatedNormal(1, 1, 0, 3)), must(NewEmpirical([]float64{1, 2}, nil)),
	} {
		if a := testing.AllocsPerRun(1000, func() { d.Sample(r) }); a != 0 {
			t.Errorf("%v: %v allocations per draw", d, a)
		}
	}
}

// countingSource counts the 64-bit words a sampler takes.
type countingSource struct {
	rand.PCG
	words int
}

func (s *countingSource) Uint64() uint64 { s.words++; return s.PCG.Uint64() }

// allFamilies is a distribution of every family, gamma on both sides of
// shape 1.
func allFamilies(t *testing.T) []Dist {
	must := mustDist(t)
	return []Dist{
		{}, must(NewExponential(2)), must(NewDeterministic(1.5)), must(NewUniform(1, 3)),
		must(NewTriangular(1, 2, 6)), must(NewTruncatedNormal(1, 0.5, 0, 2)), must(NewLogNormal(2, 0.8)),
		must(NewGamma(3, 0.6)), must(NewGamma(3, 2)), must(NewErlang(2, 4)),
		must(NewEmpirical([]float64{1, 2, 4}, []float64{1, 0, 1})),
	}
}

// TestEveryDrawTakesOneWord: a variant that changes a distribution, even
// its family, must leave the draws after it on the same stream in step.
func TestEveryDrawTakesOneWord(t *testing.T) {
	for _, d := range allFamilies(t) {
		src := &countingSource{PCG: *rand.NewPCG(3, 4)}
		r := rand.New(src)
		for range 10_000 {
			d.Sample(r)
		}
		if src.words != 10_000 {
			t.Errorf("%v: 10000 draws took %d words", d, src.words)
		}
	}
}

// rankAgreement is the share of pairs of draws that two samplers fed the
// same words put in the same order: 1 when both are inversions.
func rankAgreement(a, b Dist, n int) float64 {
	ra, rb := rand.New(rand.NewPCG(5, 6)), rand.New(rand.NewPCG(5, 6))
	xa, xb := make([]float64, n), make([]float64, n)
	for i := range n {
		xa[i], xb[i] = a.Sample(ra), b.Sample(rb)
	}
	same, pairs := 0, 0
	for i := range n {
		for j := i + 1; j < n; j++ {
			if xa[i] != xa[j] && xb[i] != xb[j] {
				pairs++
				if (xa[i] < xa[j]) == (xb[i] < xb[j]) {
					same++
				}
			}
		}
	}
	return float64(same) / float64(pairs)
}

// TestDrawsKeepTheirRankAcrossChanges: the same word stands for the same
// place in the distribution whatever its parameters, so a longer or more
// variable handle time falls to the same contacts; the families drawn by
// inversion agree with each other too. Gamma rises with its normal in the
// draws whose first candidate is accepted.
func TestDrawsKeepTheirRankAcrossChanges(t *testing.T) {
	must := mustDist(t)
	for _, c := range []struct {
		name string
		a, b Dist
		want float64
	}{
		{"exponential, mean 2 and 5", must(NewExponential(2)), must(NewExponential(5)), 1},
		{"lognormal, cv 0.8 and 0.3", must(NewLogNormal(2, 0.8)), must(NewLogNormal(3, 0.3)), 1},
		{"uniform and triangular", must(NewUniform(1, 3)), must(NewTriangular(1, 2, 6)), 1},
		{"uniform and normal", must(NewUniform(1, 3)), must(NewTruncatedNormal(1, 0.5, 0, 2)), 1},
		{"triangular and empirical", must(NewTriangular(1, 2, 6)), must(NewEmpirical([]float64{1, 2, 4}, nil)), 1},
		{"gamma, cv 0.6 and 0.3", must(NewGamma(3, 0.6)), must(NewGamma(3, 0.3)), 0.95},
		{"gamma and lognormal, cv 0.6", must(NewGamma(3, 0.6)), must(NewLogNormal(3, 0.6)), 0.95},
	} {
		a := rankAgreement(c.a, c.b, 2000)
		t.Logf("%s agree on the order of %.4f of pairs", c.name, a)
		if a < c.want {
			t.Errorf("%s agree on the order of %.4f of pairs, want at least %v", c.name, a, c.want)
		}
	}
}

// TestZigguratTails: the ziggurat's wedges and tails take their numbers
// from a generator seeded by the word; the share of draws beyond the base
// layer's edge (about 1 in 2,200 for the exponential, 1 in 1,700 for the
// normal) must be the distribution's, within 4 binomial standard errors.
func TestZigguratTails(t *testing.T) {
	const n = 4_000_000
	r := rand.New(rand.NewPCG(9, 10))
	expTail, normTail := 0, 0
	for range n {
		if unitExponential(r.Uint64()) > zigExpR {
			expTail++
		}
		if math.Abs(standardNormal(r.Uint64())) > zigNormR {
			normTail++
		}
	}
	for _, c := range []struct {
		name  string
		count int
		p     float64
	}{
		{"exponential", expTail, math.Exp(-zigExpR)},
		{"normal", normTail, math.Erfc(zigNormR / math.Sqrt2)},
	} {
		want, se := c.p*n, math.Sqrt(c.p*(1-c.p)*n)
		if math.Abs(float64(c.count)-want) > 4*se {
			t.Errorf("%s: %d draws beyond the edge, want %.0f ± %.0f", c.name, c.count, want, 4*se)
		}
	}
}

// TestDrawsFollowTheirDistribution compares 200,000 draws of the families
// not drawn by inversion with their distribution function
// (Kolmogorov-Smirnov): the ziggurats' layers, and gamma's first normal and
// its acceptance test, come from one word, and must act as independent.
// 1.95/√n is the statistic's 0.1% critical value.
func TestDrawsFollowTheirDistribution(t *testing.T) {
	const n = 200_000
	must := mustDist(t)
	for _, d := range []Dist{
		must(NewExponential(1)), must(NewLogNormal(1, 0.6)), must(NewLogNormal(1, 3)),
		must(NewGamma(1, 0.2)), must(NewGamma(1, 0.6)), must(NewGamma(1, 1)), must(NewGamma(1, 1.5)), must(NewGamma(1, 4)),
	} {
		r := rand.New(rand.NewPCG(7, 8))
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = d.Sample(r)
		}
		slices.Sort(xs)
		dmax := 0.0
		for i, x := range xs {
			f := d.below(x)
			dmax = max(dmax, math.Abs(f-float64(i)/n), math.Abs(f-float64(i+1)/n))
		}
		if crit := 1.95 / math.Sqrt(n); dmax > crit {
			t.Errorf("%v (%v): KS statistic %.5f, above the 0.1%% critical value %.5f", d, d.b, dmax, crit)
		}
	}
}

// BenchmarkSample draws from each family; with BenchmarkMMc50 and
// BenchmarkSeason it measures what one word per draw costs.
func BenchmarkSample(b *testing.B) {
	must := func(d Dist, err error) Dist {
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	for _, c := range []struct {
		name string
		d    Dist
	}{
		{"exponential", must(NewExponential(2))},
		{"lognormal", must(NewLogNormal(2, 0.8))},
		{"gamma-cv0.6", must(NewGamma(2, 0.6))},
		{"gamma-cv2", must(NewGamma(2, 2))},
		{"triangular", must(NewTriangular(1, 2, 6))},
		{"empirical", must(NewEmpirical([]float64{1, 2, 4, 8}, nil))},
	} {
		b.Run(c.name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			sum := 0.0
			for b.Loop() {
				sum += c.d.Sample(r)
			}
			if sum < 0 {
				b.Fatal(sum)
			}
		})
	}
}
