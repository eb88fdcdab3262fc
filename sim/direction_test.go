package sim

import "github.com/peaksim/peaksim/sim/stats"

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
