package sim

import (
	"math"
	"math/rand/v2"
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
