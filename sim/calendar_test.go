package sim

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func ExampleCalendar() {
	var cal Calendar
	cal.Schedule(2.5, 0, 1)
	cal.Schedule(1.0, 0, 2)
	cal.Schedule(2.5, 0, 3) // same time as entity 1: comes after it
	for {
		e, ok := cal.Next()
		if !ok {
			break
		}
		fmt.Printf("t=%.1f entity %d (now %.1f)\n", e.T, e.ID, cal.Now())
	}
	// Output:
	// t=1.0 entity 2 (now 1.0)
	// t=2.5 entity 1 (now 2.5)
	// t=2.5 entity 3 (now 2.5)
}

// TestCalendarOrdersByTimeThenInsertion interleaves pushes and pops and
// checks the pop order against a stable sort: with many tied times, and
// with times spread from the current slot to beyond the ring, with jumps
// of the clock past empty slots.
func TestCalendarOrdersByTimeThenInsertion(t *testing.T) {
	ahead := map[string]func(r *rand.Rand) float64{
		"ties": func(r *rand.Rand) float64 { return float64(r.IntN(5)) },
		"spread": func(r *rand.Rand) float64 {
			switch r.IntN(4) {
			case 0:
				return r.Float64() // this slot or the next
			case 1:
				return float64(r.IntN(3)) * slotHours // on slot boundaries
			case 2:
				return r.Float64() * 2 * ringSlots * slotHours // into the ring and past it
			default:
				return float64(r.IntN(2)) * 5000 * slotHours // now, or a jump
			}
		},
	}
	for name, draw := range ahead {
		t.Run(name, func(t *testing.T) { checkCalendarOrder(t, draw) })
	}
}

func checkCalendarOrder(t *testing.T, ahead func(r *rand.Rand) float64) {
	r := rand.New(rand.NewPCG(1, 2))
	var cal Calendar
	var pending, popped []Event
	for step := range 20000 {
		if r.IntN(3) > 0 || cal.Len() == 0 {
			tm := cal.Now() + ahead(r)
			seq := cal.Schedule(tm, uint8(step%7), int32(step))
			pending = append(pending, Event{T: tm, Seq: seq, ID: int32(step), Kind: uint8(step % 7)})
			continue
		}
		e, _ := cal.Next()
		popped = append(popped, e)
		i := slices.IndexFunc(pending, func(p Event) bool { return p.Seq == e.Seq })
		pending = slices.Delete(pending, i, i+1)
		for _, p := range pending {
			if p.before(&e) {
				t.Fatalf("popped %+v while %+v was pending", e, p)
			}
		}
	}
	for cal.Len() > 0 {
		e, _ := cal.Next()
		popped = append(popped, e)
	}
	if !slices.IsSortedFunc(popped, func(a, b Event) int { return cmp.Compare(a.T, b.T) }) {
		t.Fatal("events did not come out in time order")
	}
	if _, ok := cal.Next(); ok {
		t.Fatal("Next on an empty calendar returned an event")
	}
}

func TestCalendarDoesNotAllocateOnceGrown(t *testing.T) {
	// Events beyond the ring go to the heap; events days ahead to the
	// ring's slots, which keep their room once they have held as many.
	for _, ahead := range []float64{2 * ringSlots * slotHours, 100 * slotHours} {
		var cal Calendar
		for i := range 2 * ringFrom {
			cal.Schedule(float64(i)/8, 0, 0)
		}
		step := func() {
			e, _ := cal.Next()
			cal.Schedule(e.T+ahead, 0, 0)
		}
		for range 10000 {
			step()
		}
		if allocs := testing.AllocsPerRun(1000, step); allocs != 0 {
			t.Fatalf("Next+Schedule %v h ahead allocated %v times per call", ahead, allocs)
		}
	}
}
