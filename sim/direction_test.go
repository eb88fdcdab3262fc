package sim

import (
	"testing"

	"github.com/peaksim/peaksim/sim/stats"
)

// paired runs a figure of a base and of a changed world on replications 0
// to n-1 (the same seed, so common random numbers) and summarises the
// differences changed - base: a direction test asserts the sign of its 95%
// interval.
func paired(n int, base, changed func(rep int) float64) stats.Summary {
	a, b := make([]float64, n), make([]float64, n)
	for rep := range n {
		a[rep], b[rep] = base(rep), changed(rep)
	}
	return stats.SummarizePaired(a, b)
}

// replications runs replications 0 to n-1 of a world.
func replications(n int, run func(rep int) *RepResult) []*RepResult {
	out := make([]*RepResult, n)
	for rep := range out {
		out[rep] = run(rep)
	}
	return out
}

// pairedFigure summarises figure(b[i]) - figure(a[i]) over paired
// replications.
func pairedFigure(a, b []*RepResult, figure func(*RepResult) float64) stats.Summary {
	return paired(len(a), func(rep int) float64 { return figure(a[rep]) }, func(rep int) float64 { return figure(b[rep]) })
}

// expectRise asserts that every figure rises from a to b: the whole 95%
// interval of the paired difference above 0.
func expectRise(t *testing.T, what string, a, b []*RepResult, figures map[string]func(*RepResult) float64) {
	t.Helper()
	for name, figure := range figures {
		if d := pairedFigure(a, b, figure); !(d.Lo95 > 0) {
			t.Errorf("%s, %s: %.4g [%.4g, %.4g]", name, what, d.Mean, d.Lo95, d.Hi95)
		}
	}
}

func contactsOffered(r *RepResult) float64 {
	n := int64(0)
	for _, c := range r.Channels {
		n += c.Offered
	}
	return float64(n)
}

func casesOpened(r *RepResult) float64 { return float64(r.Season.CasesOpened) }
