package sim

import (
	"math"
	"slices"
	"testing"
)

func TestStreamDependsOnlyOnSeedReplicationAndName(t *testing.T) {
	draw := func(seed uint64, rep int, name string) [4]uint64 {
		r := Stream(seed, rep, name)
		return [4]uint64{r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64()}
	}
	base := draw(1, 0, "arrivals/phone")
	if draw(1, 0, "arrivals/phone") != base {
		t.Fatal("the same (seed, replication, name) gave different numbers")
	}
	for _, other := range []struct {
		seed uint64
		rep  int
		name string
	}{{2, 0, "arrivals/phone"}, {1, 1, "arrivals/phone"}, {1, 0, "arrivals/email"}, {1, 0, "handling/phone"}} {
		if draw(other.seed, other.rep, other.name) == base {
			t.Errorf("stream %+v repeats stream (1, 0, arrivals/phone)", other)
		}
	}
}

// TestRaceDrawsTheSharesAndKeepsTheDraws checks the categorical draw every
// share of a season is read with: each index comes up in proportion to its
// weight, a weight of 0 and the index left out never do, scaling every
// weight alike moves no draw, and raising one weight moves draws only to
// that index.
func TestRaceDrawsTheSharesAndKeepsTheDraws(t *testing.T) {
	weights := []float64{0.05, 0.005, 0.01, 0, 0.003, 0.002}
	raised := slices.Clone(weights)
	raised[2] *= 3
	scaled := slices.Clone(weights)
	for i := range scaled {
		scaled[i] *= 2
	}
	const n = 200000
	var counts, skipCounts [6]int
	for i := range n {
		h := splitmix64(uint64(i))
		got := race(h, weights, -1)
		counts[got]++
		if race(h, scaled, -1) != got {
			t.Fatalf("draw %d: %d, with every weight doubled %d", i, got, race(h, scaled, -1))
		}
		if r := race(h, raised, -1); r != got && r != 2 {
			t.Fatalf("draw %d: %d, with weight 2 raised %d: only index 2 may gain", i, got, r)
		}
		skipCounts[race(h, weights, 0)]++
	}
	total := 0.0
	for _, w := range weights {
		total += w
	}
	for i, w := range weights {
		skipShare := w / (total - weights[0])
		if i == 0 {
			skipShare = 0
		}
		for _, c := range []struct {
			got   int
			share float64
		}{{counts[i], w / total}, {skipCounts[i], skipShare}} {
			// Within 5 binomial standard deviations of the share.
			if sd := math.Sqrt(n * c.share * (1 - c.share)); math.Abs(float64(c.got)-n*c.share) > 5*sd {
				t.Errorf("index %d: drawn %d times of %d, want %.0f ± %.0f", i, c.got, n, n*c.share, 5*sd)
			}
		}
	}
	if got := race(1, []float64{0, 0.3}, 1); got != -1 {
		t.Errorf("only index left out has weight: got %d, want -1", got)
	}
}
