package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// Event kinds of the contact-centre model.
const (
	evArrival   uint8 = iota // ID: channel
	evAbandon                // ID: contact; stale unless the contact's abandonSeq matches
	evDeparture              // ID: contact
	evWarmupEnd
	evHorizon
)

// ctxCheckEvery is how many events pass between checks for cancellation:
// often enough to stop within milliseconds, rarely enough to cost nothing.
const ctxCheckEvery = 1 << 16

const nilContact int32 = -1

type contactState uint8

const (
	waiting contactState = iota + 1
	inService
)

// contact is one call, email or message. Contacts live in one slice and are
// recycled through a free list, so the steady state allocates nothing.
type contact struct {
	arrival float64
	handle  float64 // drawn at arrival, used when service starts
	// abandonSeq identifies this contact's pending abandonment event; the
	// event is stale (the contact was answered, or the slot reused) when it
	// no longer matches.
	abandonSeq uint64
	// prev and next link the contact into its channel's queue, so that an
	// abandoning contact leaves the middle of the queue in O(1).
	prev, next int32
	channel    int32
	state      contactState
	counted    bool // arrived inside the measured window
}

type channelState struct {
	spec                      *Channel
	arrivals, handle, patient *rand.Rand
	head, tail                int32 // FIFO of waiting contacts
	waiting, inService        int
	res                       *ChannelResult
}

type teamState struct {
	idle     int
	channels []int32 // channels the team serves, in model order
}

// simulation is the state of one replication.
type simulation struct {
	model    *Model
	cal      Calendar
	contacts []contact
	free     []int32
	channels []channelState
	teams    []teamState
	measured bool // past the warm-up
	ended    bool // past the horizon: time-weighted statistics are closed
}

// Run simulates replication rep of m with the given seed and returns its
// statistics. It returns ctx's error if ctx is cancelled first. Run reads m
// but never changes it, so replications of one model may run concurrently.
func Run(ctx context.Context, m *Model, seed uint64, rep int) (*RepResult, error) {
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("model %s: %w", m.Name, err)
	}
	s := newSimulation(m, seed, rep)
	res := &RepResult{Replication: rep, Seed: seed, Channels: make([]ChannelResult, len(m.Channels))}
	for i := range s.channels {
		s.channels[i].res = &res.Channels[i]
		res.Channels[i].init(&m.Channels[i], m.Teams[m.Channels[i].Team].Agents)
	}
	if err := s.loop(ctx); err != nil {
		return nil, err
	}
	res.Events = s.cal.seq
	res.MeasuredHours = m.Horizon - m.Warmup
	return res, nil
}

func newSimulation(m *Model, seed uint64, rep int) *simulation {
	s := &simulation{
		model:    m,
		channels: make([]channelState, len(m.Channels)),
		teams:    make([]teamState, len(m.Teams)),
		measured: m.Warmup == 0,
	}
	for i, t := range m.Teams {
		s.teams[i].idle = t.Agents
	}
	for i := range m.Channels {
		c := &m.Channels[i]
		// Streams are named after the channel, not its index, so adding a
		// channel to a variant leaves the others' random numbers unchanged.
		s.channels[i] = channelState{
			spec:     c,
			arrivals: Stream(seed, rep, "arrivals/"+c.Name),
			handle:   Stream(seed, rep, "handling/"+c.Name),
			patient:  Stream(seed, rep, "patience/"+c.Name),
			head:     nilContact,
			tail:     nilContact,
		}
		s.teams[c.Team].channels = append(s.teams[c.Team].channels, int32(i))
	}
	return s
}

func (s *simulation) loop(ctx context.Context) error {
	m := s.model
	if m.Warmup > 0 {
		s.cal.Schedule(m.Warmup, evWarmupEnd, 0)
	}
	s.cal.Schedule(m.Horizon, evHorizon, 0)
	for i := range s.channels {
		s.scheduleArrival(int32(i), 0)
	}
	for n := 1; ; n++ {
		e, ok := s.cal.Next()
		if !ok {
			return nil
		}
		if n%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		switch e.Kind {
		case evArrival:
			s.arrive(e.ID, e.T)
		case evAbandon:
			if c := &s.contacts[e.ID]; c.state == waiting && c.abandonSeq == e.Seq {
				s.abandon(e.ID, e.T)
			}
		case evDeparture:
			s.depart(e.ID, e.T)
		case evWarmupEnd:
			s.measured = true
			for i := range s.channels {
				s.channels[i].res.resetLevels(e.T)
			}
		case evHorizon:
			s.ended = true
			for i := range s.channels {
				s.channels[i].res.closeLevels(e.T)
			}
		}
	}
}

func (s *simulation) scheduleArrival(ch int32, now float64) {
	cs := &s.channels[ch]
	if t := now + cs.spec.Interarrival.Sample(cs.arrivals); t < s.model.Horizon {
		s.cal.Schedule(t, evArrival, ch)
	}
}

func (s *simulation) newContact(ch int32, now float64) int32 {
	var id int32
	if n := len(s.free); n > 0 {
		id = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		s.contacts = append(s.contacts, contact{})
		id = int32(len(s.contacts) - 1)
	}
	s.contacts[id] = contact{arrival: now, prev: nilContact, next: nilContact, channel: ch, counted: s.measured}
	return id
}

func (s *simulation) arrive(ch int32, now float64) {
	s.scheduleArrival(ch, now)
	cs := &s.channels[ch]
	// Patience and handle time are drawn for every arrival, used or not, so
	// that each stream is consumed in the same order in every variant of a
	// scenario: the k-th caller has the same patience whatever the staffing.
	patience := cs.spec.Patience.Sample(cs.patient)
	handle := cs.spec.HandleTime.Sample(cs.handle)
	team := &s.teams[cs.spec.Team]
	r := cs.res
	if s.measured {
		r.Offered++
		if team.idle == 0 {
			r.FoundAllBusy++
		}
	}
	if team.idle > 0 {
		id := s.newContact(ch, now)
		team.idle--
		s.startService(id, now, handle)
		return
	}
	if cap := cs.spec.QueueCapacity; cap != Unlimited && cs.waiting >= cap {
		if s.measured {
			r.Rejected++
		}
		return
	}
	id := s.newContact(ch, now)
	c := &s.contacts[id]
	c.state = waiting
	c.handle = handle
	if !math.IsInf(patience, 1) {
		c.abandonSeq = s.cal.Schedule(now+patience, evAbandon, id)
	}
	s.enqueue(cs, id)
	s.setWaiting(cs, now, +1)
}

// startService puts contact id with an agent its team has already taken.
func (s *simulation) startService(id int32, now, handle float64) {
	c := &s.contacts[id]
	cs := &s.channels[c.channel]
	c.state = inService
	cs.inService++
	if c.counted {
		cs.res.recordAnswer(now - c.arrival)
	}
	cs.res.Busy.Set(now, float64(cs.inService))
	cs.res.InSystem.Set(now, float64(cs.waiting+cs.inService))
	s.cal.Schedule(now+handle, evDeparture, id)
}

func (s *simulation) depart(id int32, now float64) {
	c := &s.contacts[id]
	cs := &s.channels[c.channel]
	if c.counted {
		cs.res.TimeInSystem.Add(now - c.arrival)
	}
	cs.inService--
	cs.res.Busy.Set(now, float64(cs.inService))
	cs.res.InSystem.Set(now, float64(cs.waiting+cs.inService))
	team := &s.teams[cs.spec.Team]
	s.release(id)
	if next, ch := s.oldestWaiting(team); next != nilContact {
		s.dequeue(&s.channels[ch], next, now)
		s.startService(next, now, s.contacts[next].handle)
		return
	}
	team.idle++
}

// oldestWaiting returns the contact that has waited longest among the heads
// of the team's queues (lowest channel index on a tie), or nilContact.
func (s *simulation) oldestWaiting(team *teamState) (int32, int32) {
	best, bestCh := nilContact, int32(-1)
	for _, ch := range team.channels {
		h := s.channels[ch].head
		if h != nilContact && (best == nilContact || s.contacts[h].arrival < s.contacts[best].arrival) {
			best, bestCh = h, ch
		}
	}
	return best, bestCh
}

func (s *simulation) abandon(id int32, now float64) {
	c := &s.contacts[id]
	cs := &s.channels[c.channel]
	if c.counted {
		cs.res.recordAbandon(now - c.arrival)
	}
	s.dequeue(cs, id, now)
	s.release(id)
}

func (s *simulation) release(id int32) {
	s.contacts[id].state = 0
	s.free = append(s.free, id)
}

func (s *simulation) enqueue(cs *channelState, id int32) {
	c := &s.contacts[id]
	c.prev = cs.tail
	if cs.tail != nilContact {
		s.contacts[cs.tail].next = id
	} else {
		cs.head = id
	}
	cs.tail = id
}

// dequeue unlinks a waiting contact from anywhere in its queue.
func (s *simulation) dequeue(cs *channelState, id int32, now float64) {
	c := &s.contacts[id]
	if c.prev != nilContact {
		s.contacts[c.prev].next = c.next
	} else {
		cs.head = c.next
	}
	if c.next != nilContact {
		s.contacts[c.next].prev = c.prev
	} else {
		cs.tail = c.prev
	}
	c.prev, c.next = nilContact, nilContact
	s.setWaiting(cs, now, -1)
}

func (s *simulation) setWaiting(cs *channelState, now float64, delta int) {
	cs.waiting += delta
	cs.res.QueueLength.Set(now, float64(cs.waiting))
	cs.res.InSystem.Set(now, float64(cs.waiting+cs.inService))
}
