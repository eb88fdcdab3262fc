package sim

import "testing"

// dataErrorWorld is smallSeason whose lost parcels are reshipped from the
// order as it stands, half of them lost because of wrong details, which a
// new parcel repeats with chance repeat.
func dataErrorWorld(t *testing.T, repeat float64) func(rep int) *RepResult {
	return func(rep int) *RepResult {
		m := withWorkflow(t, Workflow{work(t, 2, 0.2), resolveBy(ResolveReship)})
		m.Season.Exceptions[0].DataError = 0.5
		m.Season.Exceptions[0].DataErrorRepeat = repeat
		return runSeason(t, m, rep)
	}
}

// TestDataErrorsThatMayNotRepeat is a direction test: when a reissue gets
// the details right with some chance, fewer new parcels repeat the error
// and cases close sooner than when every one repeats it.
func TestDataErrorsThatMayNotRepeat(t *testing.T) {
	always := replications(6, dataErrorWorld(t, 1))
	sometimes := replications(6, dataErrorWorld(t, 0.4))
	repeated := func(r *RepResult) float64 { return float64(r.Season.DataErrorsRepeated) }
	if d := pairedFigure(always, sometimes, repeated); !(d.Hi95 < 0) {
		t.Errorf("data errors repeated, repeat chance 0.4 minus 1: %.1f [%.1f, %.1f]", d.Mean, d.Lo95, d.Hi95)
	}
	if d := pairedFigure(always, sometimes, daysOpen); !(d.Hi95 < 0) {
		t.Errorf("days open, repeat chance 0.4 minus 1: %.3g [%.3g, %.3g]", d.Mean, d.Lo95, d.Hi95)
	}
	// 0 means 1, and draws nothing: the same season to the last number.
	if a, b := dataErrorWorld(t, 0)(0).Season, always[0].Season; a.DataErrorsRepeated != b.DataErrorsRepeated || a.DaysOpen.Mean() != b.DaysOpen.Mean() {
		t.Errorf("repeat chance 0 (meaning 1): %d repeated, %v days open; 1: %d, %v", a.DataErrorsRepeated, a.DaysOpen.Mean(), b.DataErrorsRepeated, b.DaysOpen.Mean())
	}
}
