package sim

import "testing"

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
