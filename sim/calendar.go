package sim

// Event is one entry of the Calendar: something of Kind happens to entity
// ID at time T. Events are plain values (no closures, no interfaces) so the
// calendar holds them in flat slices and scheduling allocates nothing once
// the slices have grown to the simulation's working size.
type Event struct {
	T    float64
	Seq  uint64
	ID   int32
	Kind uint8
}

// before orders events by time, and events at the same time by the order
// they were scheduled: runs are deterministic even when times tie, as they
// do with deterministic handle times.
func (e *Event) before(o *Event) bool {
	return e.T < o.T || (e.T == o.T && e.Seq < o.Seq)
}

// A season keeps tens of thousands of events pending, most of them days
// ahead (a delivery, a chase, a notice's deadline, an abandonment timer
// that will turn out stale), and ordering them all in one heap made Next
// and before a third of a season's time. The calendar therefore keeps a
// heap only of the events of the current slot of slotHours, and drops
// later ones, up to ringSlots slots ahead, unsorted into the ring slot of
// their time; a slot's events join the heap when the clock reaches it.
// Events further ahead go to the heap at once, and so does every event
// while the heap is small (a contact centre's few dozen), where the ring
// would only cost its slots' memory. Since (T, Seq) orders
// events totally, the order they come out in is the same as one heap's:
// results do not change, only their speed.
const (
	slotHours = 1.0
	ringSlots = 512 // three weeks: beyond the waits and transits of a season
	// ringFrom is the heap's length from which later events go to the ring.
	ringFrom = 1024
	// farSlot is a time beyond which slot numbers stop being exact; such
	// events stay in the heap.
	farSlot = 1 << 50
)

// Calendar is the simulation clock and its future-event list: a 4-ary
// min-heap of the current slot's events keyed on (T, Seq), and a ring of
// the later slots' events. A 4-ary heap is shallower than a binary one and
// its four children share a cache line or two, which makes Next about a
// third faster on the queue sizes a contact centre produces.
//
// The zero value is an empty calendar at time 0.
type Calendar struct {
	heap []Event
	seq  uint64
	now  float64
	// ring[s % ringSlots] holds the events of slot s, for slot+1 <= s <=
	// slot+ringSlots; inRing counts them.
	ring   [][]Event
	slot   int64
	inRing int
}

// Now returns the time of the event most recently returned by Next.
func (c *Calendar) Now() float64 { return c.now }

// Len returns the number of scheduled events.
func (c *Calendar) Len() int { return len(c.heap) + c.inRing }

// Schedule adds an event at time t and returns its sequence number, which
// is unique within the calendar: an entity can remember it to recognise the
// event later (a timer that is no longer wanted is left in the calendar and
// ignored when it comes up, which is cheaper than removing it).
func (c *Calendar) Schedule(t float64, kind uint8, id int32) uint64 {
	c.seq++
	e := Event{T: t, Seq: c.seq, ID: id, Kind: kind}
	if len(c.heap) < ringFrom {
		c.push(e)
		return c.seq
	}
	if c.inRing == 0 {
		// An empty ring starts at the clock's slot: nothing needs the
		// slots to follow the clock while the ring is unused.
		if c.ring == nil {
			c.ring = make([][]Event, ringSlots)
		}
		if c.now < farSlot*slotHours {
			c.slot = int64(c.now / slotHours)
		}
	}
	// The negated comparisons send a NaN to the heap, as they would a
	// time before the slot's end or beyond the ring.
	if !(t >= float64(c.slot+1)*slotHours) || !(t < float64(c.slot+ringSlots+1)*slotHours) {
		c.push(e)
		return c.seq
	}
	s := int64(t/slotHours) % ringSlots
	c.ring[s] = append(c.ring[s], e)
	c.inRing++
	return c.seq
}

// Next removes the earliest event, advances the clock to its time and
// returns it; ok is false when the calendar is empty.
func (c *Calendar) Next() (e Event, ok bool) {
	for c.inRing > 0 && (len(c.heap) == 0 || !(c.heap[0].T < float64(c.slot+1)*slotHours)) {
		c.slot++
		s := c.slot % ringSlots
		for _, e := range c.ring[s] {
			c.push(e)
		}
		c.inRing -= len(c.ring[s])
		c.ring[s] = c.ring[s][:0]
	}
	if len(c.heap) == 0 {
		return Event{}, false
	}
	top := c.pop()
	c.now = top.T
	return top, true
}

// pending calls f with every scheduled event, in no particular order.
func (c *Calendar) pending(f func(e *Event)) {
	for i := range c.heap {
		f(&c.heap[i])
	}
	for _, slot := range c.ring {
		for i := range slot {
			f(&slot[i])
		}
	}
}

func (c *Calendar) push(e Event) {
	h := append(c.heap, e)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !e.before(&h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
	c.heap = h
}

func (c *Calendar) pop() Event {
	h := c.heap
	n := len(h) - 1
	top := h[0]
	last := h[n]
	h = h[:n]
	i := 0
	for {
		first := 4*i + 1
		if first >= n {
			break
		}
		m := first
		end := min(first+4, n)
		for k := first + 1; k < end; k++ {
			if h[k].before(&h[m]) {
				m = k
			}
		}
		if !h[m].before(&last) {
			break
		}
		h[i] = h[m]
		i = m
	}
	if n > 0 {
		h[i] = last
	}
	c.heap = h
	return top
}
