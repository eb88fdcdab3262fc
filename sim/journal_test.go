package sim_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// TestJournalHearsTheSeasonInOrder runs a christmas replication with a
// journal: its results are Run's to the last figure, the entries come in
// the clock's order (an order's placement, in the past, first among its
// case's), each case is heard of from its order's placement on, and it
// hears of every case the results count.
func TestJournalHearsTheSeasonInOrder(t *testing.T) {
	sc, err := scenarios.Builtin("christmas")
	if err != nil {
		t.Fatal(err)
	}
	m := sc.Model()
	plain, err := sim.Run(context.Background(), m, sc.Seed, 0)
	if err != nil {
		t.Fatal(err)
	}
	var last float64
	var n, placed int64
	known := map[int64]bool{}
	counts := map[sim.Activity]int64{}
	res, err := sim.RunJournal(context.Background(), m, sc.Seed, 0, sim.JournalFunc(func(e sim.Entry) {
		n++
		counts[e.Activity]++
		if e.Activity == sim.OrderPlaced {
			placed++
			if known[e.Case] {
				t.Fatalf("entry %d: case %d placed twice", n, e.Case)
			}
			known[e.Case] = true
			if e.T > last {
				t.Fatalf("entry %d: order placed at %v, after the clock's %v", n, e.T, last)
			}
			return
		}
		if e.T < last {
			t.Fatalf("entry %d (%s) at %v, before the one before it at %v", n, e.Activity, e.T, last)
		}
		last = e.T
		if e.Case > 0 && !known[e.Case] {
			t.Fatalf("entry %d (%s): case %d before its order's placement", n, e.Activity, e.Case)
		}
		if e.Activity >= sim.ContactOffered && e.Activity <= sim.CallbackAccepted && e.Contact == 0 {
			t.Fatalf("entry %d (%s) names no contact", n, e.Activity)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res, plain) {
		t.Error("the replication with a journal has other results than without")
	}
	if placed != res.Season.Parcels {
		t.Errorf("heard of %d orders' placement, the results count %d cases", placed, res.Season.Parcels)
	}
	var offered int64
	for _, c := range res.Channels {
		offered += c.Offered - c.CallbacksAccepted
	}
	if counts[sim.ContactOffered] != offered {
		t.Errorf("heard of %d contacts offered, the results count %d", counts[sim.ContactOffered], offered)
	}
	if counts[sim.ContactAnswered] < counts[sim.ContactHandled] {
		t.Errorf("%d contacts handled, more than the %d answered", counts[sim.ContactHandled], counts[sim.ContactAnswered])
	}
}
