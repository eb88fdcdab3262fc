package sim

import "testing"

// reshipWorld is smallSeason with next-day orders only, whose lost parcels
// are reshipped with promise reshipPromise (0: the order's own; 2: a
// standard three-day service no order is placed with).
func reshipWorld(t *testing.T, reshipPromise int) func(rep int) *RepResult {
	return func(rep int) *RepResult {
		m := withWorkflow(t, Workflow{work(t, 2, 0.2), resolveBy(ResolveReship)})
		m.Season.Promises = []Promise{{Name: "next-day", Share: 1, TransitDays: 1}, {Name: "standard", Share: 0, TransitDays: 3}}
		m.Season.Exceptions[0].ReshipPromise = reshipPromise
		return runSeason(t, m, rep)
	}
}

// TestStandardReshipsOfNextDayOrdersTakeLonger is a direction test: a
// next-day order whose redo is sent by the standard service waits two
// more carrier days for it.
func TestStandardReshipsOfNextDayOrdersTakeLonger(t *testing.T) {
	nextDay := replications(6, reshipWorld(t, 0))
	standard := replications(6, reshipWorld(t, 2))
	resolution := func(r *RepResult) float64 { return r.Season.Resolution.Mean() }
	for _, f := range []struct {
		name   string
		figure func(*RepResult) float64
	}{{"days open", daysOpen}, {"resolution time", resolution}} {
		if d := pairedFigure(nextDay, standard, f.figure); !(d.Lo95 > 0) {
			t.Errorf("%s, standard reships minus next-day: %.3g [%.3g, %.3g]", f.name, d.Mean, d.Lo95, d.Hi95)
		}
	}
}

func TestReshipPromiseOutOfRangeIsRefused(t *testing.T) {
	m := smallSeason(t)
	m.Season.Exceptions[0].ReshipPromise = 3
	if err := m.Validate(); err == nil {
		t.Fatal("a reship promise beyond the season's promises accepted")
	}
}
