package events_test

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/scenarios/fit"
)

// TestRoundTripRecoversTheScenario is the test of the estimators that the
// issue asks for: simulate a scenario whose phone and chat queues are
// known (testdata/round-trip.yaml), write its event log, fit the log as a
// user would (peaksim fit --layout peaksim-events), and find each true
// value inside its 95% interval: the handle time's family (by AIC), mean
// and cv, the mean patience, and the arrivals by weekday and by hour.
//
// The run is sized from the intervals, not from the outcome: 28 days give
// the phone some 3400 abandons and the chat 1500, so that the patience
// intervals are about ±3% and ±5%, the handle-time means ±1.5%, and the
// hourly rates ±8% to ±25%, narrow enough that an estimator (or a log)
// off by a tenth would show: it would miss all 14 weekday intervals
// (±3% and ±4%). Of 62 arrival intervals, some 3 miss by chance (3.25
// and 3.2 on average over 80 replications each of two sets of random
// numbers). More than 11 has a chance of 5·10⁻⁵ (binomial, 5% each).
// More than 8, which the binomial puts at 0.4%, came up in 3 of those
// 160 replications (the weekday and the hour intervals count the same
// contacts), so that a change of the random numbers could fail a correct
// estimator.
// The six handle and patience intervals are widened to Bonferroni's, so
// that all hold with 95% probability: each at 1 - 5%/6 (held).
func TestRoundTripRecoversTheScenario(t *testing.T) {
	sc, err := scenarios.Load("testdata/round-trip.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := runLogged(t, sc, 0)
	log, err := fit.ReadEvents(bytes.NewReader(got.csv), "round-trip.csv")
	if err != nil {
		t.Fatal(err)
	}
	res := fit.Estimate(log, 24*time.Hour)
	if res.Days != 28 {
		t.Fatalf("the log spans %d days, want the season's 28", res.Days)
	}
	hourShape := []float64{1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 6, 7, 8, 8, 6, 4, 2}
	var shapeSum float64
	for _, w := range hourShape {
		shapeSum += w
	}
	truths := []struct {
		name               string
		perDay             float64
		family             string
		handle, cv, patien float64 // hours
	}{
		{"phone", 1200, "gamma", 6.0 / 60, 0.6, 3.0 / 60},
		{"chat", 600, "lognormal", 12.0 / 60, 0.9, 10.0 / 60},
	}
	misses, intervals := 0, 0
	for _, tr := range truths {
		var c *fit.Channel
		for i := range res.Channels {
			if res.Channels[i].Name == tr.name {
				c = &res.Channels[i]
			}
		}
		if c == nil {
			t.Fatalf("no channel %s in the fit", tr.name)
		}
		best := c.Handle.Fits[0]
		if best.Family != tr.family {
			t.Errorf("%s: handle time fits %s best (AIC), want %s: %+v", tr.name, best.Family, tr.family, c.Handle.Fits)
		}
		if !held(best.Mean, tr.handle) || !held(best.CV, tr.cv) {
			t.Errorf("%s: handle time mean %v, cv %v outside their intervals %+v, %+v", tr.name, tr.handle, tr.cv, best.Mean, best.CV)
		}
		if c.Patience == nil || !held(c.Patience.Mean, tr.patien) {
			t.Errorf("%s: patience %v outside its interval %+v", tr.name, tr.patien, c.Patience)
		}
		t.Logf("%s: %d contacts, %d abandoned; handle %s mean %.4fh in [%.4f, %.4f]; patience %.4fh in [%.4f, %.4f]",
			tr.name, c.Contacts, c.Abandoned, best.Family, best.Mean.Est, best.Mean.Lo, best.Mean.Hi,
			c.Patience.Mean.Est, c.Patience.Mean.Lo, c.Patience.Mean.Hi)
		for d := range 7 {
			intervals++
			if !c.Weekday[d].Contains(tr.perDay) {
				misses++
				t.Logf("%s: weekday %d: %v outside %+v", tr.name, d, tr.perDay, c.Weekday[d].Interval)
			}
		}
		for h, w := range hourShape {
			intervals++
			if want := tr.perDay * w / shapeSum; !c.Hour[h].Contains(want) {
				misses++
				t.Logf("%s: %02d:00: %v outside %+v", tr.name, h, want, c.Hour[h].Interval)
			}
		}
	}
	if intervals != 62 || misses > 11 {
		t.Errorf("%d of %d arrival intervals miss the true rate; want at most 11", misses, intervals)
	}
	t.Logf("%d of %d arrival intervals miss", misses, intervals)
}

// held reports whether truth lies inside the fit's 95% interval widened
// to a Bonferroni bound over the round trip's six handle and patience
// intervals (the fit's intervals are normal ones, on the log scale for
// the lognormal's mean, so the widening is the ratio of the z values).
func held(iv fit.Interval, truth float64) bool {
	widen := math.Erfinv(1-0.05/6) / math.Erfinv(0.95)
	return iv.Est-widen*(iv.Est-iv.Lo) <= truth && truth <= iv.Est+widen*(iv.Hi-iv.Est)
}
