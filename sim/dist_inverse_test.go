package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestQuantileInvertsBelow checks, for every family, that the quantile of
// the share below x is x again (continuous families) and that the share
// below a draw by inversion is uniform: the two halves of sampling a
// conditioned draw.
func TestQuantileInvertsBelow(t *testing.T) {
	must := func(d Dist, err error) Dist {
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	dists := map[string]Dist{
		"exponential": must(NewExponential(24)),
		"uniform":     must(NewUniform(2, 10)),
		"triangular":  must(NewTriangular(1, 3, 12)),
		"normal":      must(NewTruncatedNormal(10, 4, 2, 30)),
		"lognormal":   must(NewLogNormal(24, 0.8)),
		"gamma":       must(NewGamma(24, 0.7)),
		"gamma cv 2":  must(NewGamma(24, 2)),
	}
	for name, d := range dists {
		t.Run(name, func(t *testing.T) {
			for _, u := range []float64{0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99} {
				x := d.quantile(u)
				if got := d.below(x); math.Abs(got-u) > 1e-6 {
					t.Errorf("below(quantile(%v)) = %v (quantile %v)", u, got, x)
				}
			}
		})
	}
}

// TestSampleInIsTheConditionedDistribution draws from [lo, hi) and compares
// the share falling in a sub-interval with its exact conditional chance.
func TestSampleInIsTheConditionedDistribution(t *testing.T) {
	must := func(d Dist, err error) Dist {
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cases := []struct {
		name          string
		d             Dist
		lo, hi, split float64
	}{
		{"gamma", must(NewGamma(24, 0.7)), 12, 60, 30},
		{"exponential tail", must(NewExponential(6)), 30, 40, 33},
		{"empirical", must(NewEmpirical([]float64{48, 2, 24, 10}, []float64{1, 2, 3, 4})), 2, 48, 11},
		{"deterministic", must(NewDeterministic(5)), 0, 24, 5},
	}
	const n = 40000
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inside := 0
			for range n {
				x := c.d.sampleIn(r, c.lo, c.hi)
				if x < c.lo || x >= c.hi {
					t.Fatalf("draw %v outside [%v, %v)", x, c.lo, c.hi)
				}
				if x < c.split {
					inside++
				}
			}
			p := (c.d.below(c.split) - c.d.below(c.lo)) / (c.d.below(c.hi) - c.d.below(c.lo))
			// Four standard errors of a binomial share.
			if se := math.Sqrt(p * (1 - p) / n); math.Abs(float64(inside)/n-p) > 4*se+1e-12 {
				t.Errorf("share below %v: %v, exact %v (±%v)", c.split, float64(inside)/n, p, 4*se)
			}
		})
	}
}
