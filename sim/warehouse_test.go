package sim

import (
	"context"
	"testing"
)

// TestAmpleWarehouseMakesNoOrderLate gives the warehouse more than any day
// needs, closed on Sundays: orders placed after Saturday's cut-off are
// promised from Monday, so no order is late against its promise.
func TestAmpleWarehouseMakesNoOrderLate(t *testing.T) {
	m := smallSeason(t)
	tightWarehouse(m)
	for d := range m.Season.DispatchCapacity {
		if m.Season.DispatchCapacity[d] > 0 {
			m.Season.DispatchCapacity[d] = 1e6
		}
	}
	s := runSeason(t, m, 0).Season
	if s.DispatchedLate != 0 || s.LateOrderCases != 0 || s.UndispatchedLate != 0 {
		t.Errorf("%d orders dispatched late, %d late-order cases, %d late in the warehouse at the end", s.DispatchedLate, s.LateOrderCases, s.UndispatchedLate)
	}
}

// TestLessDispatchCapacityMeansMoreContacts is a direction test: with a
// smaller warehouse, orders leave later than promised and their customers
// ask where they are, so contacts and cases rise.
func TestLessDispatchCapacityMeansMoreContacts(t *testing.T) {
	run := func(capacity int) func(rep int) *RepResult {
		return func(rep int) *RepResult {
			m := smallSeason(t)
			tightWarehouse(m)
			for d := range m.Season.DispatchCapacity {
				if m.Season.DispatchCapacity[d] > 0 {
					m.Season.DispatchCapacity[d] = capacity
				}
			}
			return runSeason(t, m, rep)
		}
	}
	a, b := replications(6, run(1400)), replications(6, run(1200))
	expectRise(t, "capacity 1200 minus 1400", a, b, map[string]func(*RepResult) float64{
		"contacts.total":   contactsOffered,
		"cases opened":     casesOpened,
		"late-order cases": func(r *RepResult) float64 { return float64(r.Season.LateOrderCases) },
		"mean open cases":  func(r *RepResult) float64 { return mean(r.Season.OpenCases) },
	})
}

// TestMoreOrdersMeanMoreCases is a direction test: more orders through the
// same warehouse make more cases, those of late orders among them.
func TestMoreOrdersMeanMoreCases(t *testing.T) {
	run := func(factor float64) func(rep int) *RepResult {
		return func(rep int) *RepResult {
			m := smallSeason(t)
			tightWarehouse(m)
			for h := range m.Season.OrdersPerHour {
				m.Season.OrdersPerHour[h] *= factor
			}
			return runSeason(t, m, rep)
		}
	}
	a, b := replications(6, run(1)), replications(6, run(1.5))
	expectRise(t, "orders ×1.5 minus ×1", a, b, map[string]func(*RepResult) float64{
		"cases opened":     casesOpened,
		"late-order cases": func(r *RepResult) float64 { return float64(r.Season.LateOrderCases) },
	})
}

// TestWarehouseMemoryFollowsOpenWork runs smallSeason's tight warehouse
// with four times the orders, and the capacity, and checks that the slots
// for cases and contacts grow no faster than the most cases open at once,
// and that the warehouse holds a few cohorts, not orders.
func TestWarehouseMemoryFollowsOpenWork(t *testing.T) {
	measure := func(factor float64) (slotsPerOpen float64, cohorts int, orders int64) {
		m := smallSeason(t)
		tightWarehouse(m)
		for h := range m.Season.OrdersPerHour {
			m.Season.OrdersPerHour[h] *= factor
		}
		for d := range m.Season.DispatchCapacity {
			m.Season.DispatchCapacity[d] = int(float64(m.Season.DispatchCapacity[d]) * factor)
		}
		s := newSimulation(m, 1, 0)
		if err := s.loop(context.Background()); err != nil {
			t.Fatal(err)
		}
		return float64(len(s.season.cases)+len(s.contacts)) / maxOf(s.res.Season.OpenCases), cap(s.season.wh.cohorts), s.res.Season.Orders
	}
	per1, cohorts1, orders1 := measure(1)
	per4, cohorts4, orders4 := measure(4)
	t.Logf("orders %d and %d: slots per open case %.2f and %.2f, cohort slots %d and %d", orders1, orders4, per1, per4, cohorts1, cohorts4)
	if orders4 < 3*orders1 || per4 > 1.5*per1 || cohorts4 > 2*cohorts1 {
		t.Errorf("orders %d and %d: slots per open case %.2f and %.2f, cohort slots %d and %d", orders1, orders4, per1, per4, cohorts1, cohorts4)
	}
}

// TestStaleTrackingMeansEarlierContacts is a direction test: a tracking
// page that says "in fulfillment" while orders wait makes customers write
// in before their orders are late, so contacts rise.
func TestStaleTrackingMeansEarlierContacts(t *testing.T) {
	run := func(share float64) func(rep int) *RepResult {
		return func(rep int) *RepResult {
			m := smallSeason(t)
			tightWarehouse(m)
			m.Season.StaleTracking = StaleTracking{Share: share, After: 24}
			return runSeason(t, m, rep)
		}
	}
	truthful, stale := replications(6, run(0)), replications(6, run(0.3))
	if n := stale[0].Season.StaleTrackingCases; n == 0 || truthful[0].Season.StaleTrackingCases != 0 {
		t.Fatalf("stale tracking cases: %d stale, %d truthful", n, truthful[0].Season.StaleTrackingCases)
	}
	expectRise(t, "stale minus truthful tracking", truthful, stale, map[string]func(*RepResult) float64{"contacts offered": contactsOffered})
}

// TestMoreOrdersKeepTheOrders raises the orders by 1%, through a warehouse
// that never falls behind: the variant must have every order of the
// baseline, hour by hour, and every parcel that went wrong, with more
// besides. Drawn from shared streams, a count 1% higher would come out
// lower in about half the replications.
func TestMoreOrdersKeepTheOrders(t *testing.T) {
	run := func(factor float64) func(rep int) *RepResult {
		return func(rep int) *RepResult {
			m := smallSeason(t)
			for h := range m.Season.OrdersPerHour {
				m.Season.OrdersPerHour[h] *= factor
			}
			for d := range m.Season.DispatchCapacity {
				m.Season.DispatchCapacity[d] = 1e6
			}
			return runSeason(t, m, rep)
		}
	}
	a, b := replications(10, run(1)), replications(10, run(1.01))
	for rep := range a {
		sa, sb := a[rep].Season, b[rep].Season
		for d := range sa.OrdersPerDay {
			if sb.OrdersPerDay[d] < sa.OrdersPerDay[d] {
				t.Errorf("rep %d, day %d: %v orders with 1%% more, %v without", rep, d, sb.OrdersPerDay[d], sa.OrdersPerDay[d])
			}
		}
		if sb.Parcels < sa.Parcels {
			t.Errorf("rep %d: %d parcels went wrong with 1%% more orders, %d without", rep, sb.Parcels, sa.Parcels)
		}
	}
}
