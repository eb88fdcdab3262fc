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

// TestCalendarOrdersByTimeThenInsertion interleaves pushes and pops with
// many tied times and checks the pop order against a stable sort.
func TestCalendarOrdersByTimeThenInsertion(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var cal Calendar
	var pending, popped []Event
	for step := range 20000 {
		if r.IntN(3) > 0 || cal.Len() == 0 {
			tm := cal.Now() + float64(r.IntN(5)) // ties are frequent
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
	var cal Calendar
	for i := range 1000 {
		cal.Schedule(float64(i), 0, 0)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		e, _ := cal.Next()
		cal.Schedule(e.T+1000, 0, 0)
	})
	if allocs != 0 {
		t.Fatalf("Next+Schedule allocated %v times per call", allocs)
	}
}
