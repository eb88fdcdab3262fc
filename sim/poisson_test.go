package sim

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestPoissonQuantileInvertsTheCDF checks that poissonQuantile returns the
// least n with F(n) > u, against gonum's Poisson distribution function,
// for means on both sides of the switch from summing at 0 to walking from
// the mode, and for uniforms in both tails.
func TestPoissonQuantileInvertsTheCDF(t *testing.T) {
	us := []float64{0, 1e-12, 1e-6, 0.001, 0.05, 0.3, 0.5, 0.5000001, 0.7, 0.95, 0.999, 1 - 1e-9, 1 - 0x1p-53}
	for _, mean := range []float64{0.01, 0.7, 5, 29.9, 30, 31.5, 250, 3333.3, 1e5} {
		p := distuv.Poisson{Lambda: mean}
		for _, u := range us {
			n := poissonQuantile(mean, u)
			// gonum's CDF is accurate to about 1e-12 at these means: a u
			// that close to a step is not a test of the inversion.
			hi, lo := p.CDF(float64(n)), 0.0
			if n > 0 {
				lo = p.CDF(float64(n - 1))
			}
			if math.Abs(hi-u) < 1e-11 || math.Abs(lo-u) < 1e-11 {
				continue
			}
			if !(lo <= u && u < hi) {
				t.Errorf("mean %v, u %v: n = %d, but F(n-1) = %v, F(n) = %v", mean, u, n, lo, hi)
			}
		}
	}
}

// TestPoissonQuantileRisesWithTheMean is what keeps a volume variant on the
// same orders: at one uniform, a larger mean never gives fewer.
func TestPoissonQuantileRisesWithTheMean(t *testing.T) {
	for _, u := range []float64{0.001, 0.2, 0.5, 0.8, 0.999} {
		last := int64(0)
		for mean := 0.5; mean < 5000; mean *= 1.07 {
			n := poissonQuantile(mean, u)
			if n < last {
				t.Fatalf("u %v: %d orders at mean %v, %d at a smaller mean", u, n, mean, last)
			}
			last = n
		}
	}
}

// TestPoissonPMFKeepsItsPrecision compares the saddle-point form with the
// direct one where the direct one is still exact.
func TestPoissonPMFKeepsItsPrecision(t *testing.T) {
	for _, c := range []struct{ n, mean float64 }{{0, 3}, {1, 3}, {7, 3}, {16, 20}, {40, 35}, {120, 100}, {600, 550}} {
		lg, _ := math.Lgamma(c.n + 1)
		want := math.Exp(c.n*math.Log(c.mean) - c.mean - lg)
		if got := poissonPMF(c.n, c.mean); math.Abs(got-want) > 1e-12*want {
			t.Errorf("P(N = %v) at mean %v: %v, want %v", c.n, c.mean, got, want)
		}
	}
}

// BenchmarkPoissonQuantile draws the count of a busy hour's orders, the
// most a season asks of it.
func BenchmarkPoissonQuantile(b *testing.B) {
	u := 0.0
	for b.Loop() {
		u += 0x1p-10
		if u >= 1 {
			u -= 1
		}
		poissonQuantile(2500, u)
	}
}
