package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/peaksim/peaksim/sim/stats"
)

// Event kinds.
const (
	evArrival   uint8 = iota // ID: channel (direct stream)
	evAbandon                // ID: contact; stale unless the contact's abandonSeq matches
	evDeparture              // ID: contact
	evWarmupEnd
	evHorizon
	evHour        // ID: hour index: schedules, orders, dispatch, series
	evNotice      // ID: case: the customer notices the problem
	evCaseContact // ID: case: the customer contacts (first contact, retry or chase)
	evChase       // ID: case; stale unless the case's chaseSeq matches
	evTaskDone    // ID: case: its resolution work is finished
	evDelivered   // ID: case: a late parcel or a reship arrives
	evDetect      // ID: case: the company finds the problem first
	evCallback    // ID: contact; stale unless the contact's offerSeq matches
	evStep        // ID: case: a workflow wait ends, a form comes back, or a reminder is due
)

// ctxCheckEvery is how many events pass between checks for cancellation:
// often enough to stop within milliseconds, rarely enough to cost nothing.
const ctxCheckEvery = 1 << 16

const nilID int32 = -1

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
	offerSeq   uint64 // the pending callback offer, likewise
	// prev and next link the contact into its channel's queue, so that an
	// abandoning contact leaves the middle of the queue in O(1).
	prev, next int32
	channel    int32
	kase       int32 // the case the contact is about, or nilID
	team       int16 // the team handling it
	state      contactState
	counted    bool // arrived inside the measured window
	accepts    bool // would take a call back if offered one (drawn at arrival)
	noReply    bool // closed without a reply: its customer had had news since writing it
}

type channelState struct {
	spec                      *Channel
	arrivals, handle, patient *rand.Rand // a stream of gaps (Interarrival), in arrival order
	// An hourly-rate stream's contacts of the current hour, in the order of
	// their moments, the next to arrive, the root of its hashes and the
	// generator its contacts are drawn from (direct.go).
	hour               []directContact
	next               int
	directKey          uint64
	draws              *rand.PCG
	drawsR             *rand.Rand
	head, tail         int32 // FIFO of waiting contacts
	waiting, inService int
	teams              []int   // its team, then its overflow teams
	concurrency        int     // contacts an agent handles at once
	dayBusy            float64 // busy agent-hours at the start of the day
	res                *ChannelResult
}

type teamState struct {
	// busy counts slots: an agent is slots slots, the least common multiple
	// of the concurrencies of the team's channels, so that an agent on
	// chats that take a third of them each stays in integers.
	onDuty, busy, slots int
	// Agents busy and on duty over time, for the team's occupancy, and
	// their areas at the start of the current day. overLevel is the agents
	// busy beyond those on duty: an agent who goes off duty finishes the
	// contact in hand, in overtime.
	busyLevel, dutyLevel, overLevel stats.TimeWeighted
	dayBusy, dayDuty, dayOver       float64
	over                            float64 // overLevel's current value
	// realtime and deferred are the team's channels by kind, in model
	// order; tasks is its queue of resolution work.
	realtime, deferred []int32
	tasks              taskQueue
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
	res      *RepResult
	season   *seasonState // nil without a Season
	jr       *journal     // nil without a Journal
}

// Run simulates replication rep of m with the given seed and returns its
// statistics. It returns ctx's error if ctx is cancelled first. Run reads m
// but never changes it, so replications of one model may run concurrently.
func Run(ctx context.Context, m *Model, seed uint64, rep int) (*RepResult, error) {
	return run(ctx, m, seed, rep, nil)
}

func run(ctx context.Context, m *Model, seed uint64, rep int, j Journal) (*RepResult, error) {
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("model %s: %w", m.Name, err)
	}
	s := newSimulation(m, seed, rep)
	if j != nil {
		s.jr = &journal{to: j}
		if s.season != nil {
			s.season.jr = s.jr
		}
	}
	if err := s.run(ctx); err != nil {
		return nil, err
	}
	return s.res, nil
}

// run simulates to the horizon and closes the books: what is still waiting
// at the end counts.
func (s *simulation) run(ctx context.Context) error {
	if err := s.loop(ctx); err != nil {
		return err
	}
	s.res.Events = s.cal.seq
	// Slots are reused, never freed: the slices' lengths are the peaks.
	s.res.PeakContacts = len(s.contacts)
	if s.season != nil {
		s.res.PeakCases = len(s.season.cases)
	}
	s.res.MeasuredHours = s.model.Horizon - s.model.Warmup
	s.ageStillWaiting(s.model.Horizon)
	if s.season != nil {
		s.season.finish(s)
	}
	return nil
}

// ageStillWaiting records the backlog age, at the horizon, of each counted
// contact still in a queue at the end: in a season everything waiting at
// the horizon; in a steady-state run, which serves the admitted contacts
// after the horizon, those no agent will ever take.
func (s *simulation) ageStillWaiting(horizon float64) {
	for i := range s.channels {
		cs := &s.channels[i]
		for id := cs.head; id != nilID; id = s.contacts[id].next {
			if c := &s.contacts[id]; c.counted {
				cs.res.recordAge(horizon-c.arrival, c.arrival, c.kase == nilID)
				cs.res.WaitingAtEnd++
			}
		}
	}
}

func newSimulation(m *Model, seed uint64, rep int) *simulation {
	s := &simulation{
		model:    m,
		channels: make([]channelState, len(m.Channels)),
		teams:    make([]teamState, len(m.Teams)),
		measured: m.Warmup == 0,
		res:      &RepResult{Replication: rep, Seed: seed, Channels: make([]ChannelResult, len(m.Channels))},
	}
	s.res.Teams = make([]TeamResult, len(m.Teams))
	for i, t := range m.Teams {
		s.teams[i].slots = 1
		s.teams[i].onDuty = t.Agents
		if t.OnDuty != nil {
			s.teams[i].onDuty = t.OnDuty[0]
		}
		s.teams[i].dutyLevel.Set(0, float64(s.teams[i].onDuty))
		s.res.Teams[i].init(&t, m.hours())
		if m.Season != nil {
			days := (m.hours() + 23) / 24
			s.res.Teams[i].DailyBusy, s.res.Teams[i].DailyOnDuty, s.res.Teams[i].DailyOvertime = make([]float64, days), make([]float64, days), make([]float64, days)
		}
	}
	days := 0
	if s.model.hourly() {
		days = (m.hours() + 23) / 24
	}
	for i := range m.Channels {
		c := &m.Channels[i]
		// Streams are named after the channel, not its index, so adding a
		// channel to a variant leaves the others' random numbers unchanged.
		s.channels[i] = channelState{
			spec:        c,
			arrivals:    Stream(seed, rep, "arrivals/"+c.Name),
			handle:      Stream(seed, rep, "handling/"+c.Name),
			patient:     Stream(seed, rep, "patience/"+c.Name),
			directKey:   directKey(seed, rep, c.Name),
			head:        nilID,
			tail:        nilID,
			teams:       c.teams(),
			concurrency: max(c.Concurrency, 1),
			res:         &s.res.Channels[i],
		}
		if c.HourlyRate != nil {
			s.channels[i].draws, s.channels[i].drawsR = newDirectDraws()
		}
		s.res.Channels[i].init(c, m.Teams[c.Team].Agents, days, m.DailyAges)
		for _, ti := range s.channels[i].teams {
			t := &s.teams[ti]
			t.slots = lcm(t.slots, max(c.Concurrency, 1))
			if c.Deferred {
				t.deferred = append(t.deferred, int32(i))
			} else {
				t.realtime = append(t.realtime, int32(i))
			}
		}
	}
	if m.Season != nil {
		s.season = newSeasonState(m, seed, rep)
		s.res.Season = s.season.res
		for i := range s.res.Channels {
			s.res.Channels[i].offeredByHour = s.res.Season.OfferedByHour[i]
		}
	}
	return s
}

// hourly reports whether anything in the model changes hour by hour, which
// needs an event at the top of every hour (and the cost estimate counts).
func (m *Model) hourly() bool {
	if m.Season != nil {
		return true
	}
	for _, t := range m.Teams {
		if t.OnDuty != nil {
			return true
		}
	}
	for _, c := range m.Channels {
		if c.HourlyRate != nil || c.Open != nil {
			return true
		}
	}
	return false
}

func (s *simulation) loop(ctx context.Context) error {
	m := s.model
	if m.Warmup > 0 {
		s.cal.Schedule(m.Warmup, evWarmupEnd, 0)
	}
	s.cal.Schedule(m.Horizon, evHorizon, 0)
	if s.model.hourly() {
		s.cal.Schedule(0, evHour, 0)
	}
	for i := range s.channels {
		if s.channels[i].spec.Interarrival.Kind != NoDist {
			s.scheduleArrival(int32(i), 0)
		}
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
			s.directArrival(e.ID, e.T)
		case evAbandon:
			if c := &s.contacts[e.ID]; c.state == waiting && c.abandonSeq == e.Seq {
				s.abandon(e.ID, e.T)
			}
		case evCallback:
			if c := &s.contacts[e.ID]; c.state == waiting && c.offerSeq == e.Seq {
				s.offerCallback(e.ID, e.T)
			}
		case evDeparture:
			s.depart(e.ID, e.T)
		case evWarmupEnd:
			s.measured = true
			for i := range s.channels {
				s.channels[i].res.resetLevels(e.T)
			}
			for i := range s.teams {
				s.teams[i].busyLevel.Reset(e.T)
				s.teams[i].dutyLevel.Reset(e.T)
				s.teams[i].overLevel.Reset(e.T)
			}
		case evHorizon:
			for i := range s.channels {
				s.channels[i].res.closeLevels(e.T)
			}
			for i := range s.teams {
				t := &s.res.Teams[i]
				t.BusyHours = s.teams[i].busyLevel.Area(e.T)
				t.OnDutyHours = s.teams[i].dutyLevel.Area(e.T)
				t.addOvertime(s.teams[i].overLevel.Area(e.T), s.model.Teams[i].CostPerHour)
			}
			if s.season != nil {
				s.closeDay((int(math.Ceil(e.T))-1)/24, e.T)
			}
			for i := range s.channels {
				for _, ti := range s.channels[i].teams {
					s.channels[i].res.TeamOnDutyHours += s.res.Teams[ti].OnDutyHours
				}
			}
			// A season ends at its horizon with what is still open; a
			// steady-state run serves the contacts already admitted.
			if s.season != nil {
				return nil
			}
		case evHour:
			s.hour(int(e.ID), e.T)
		default:
			s.season.handle(s, e)
		}
	}
}

// hour runs the top of hour h: staffing changes, the hour's direct
// arrivals, and the season's hourly work.
func (s *simulation) hour(h int, now float64) {
	m := s.model
	if next := float64(h + 1); next < m.Horizon {
		s.cal.Schedule(next, evHour, int32(h+1))
	}
	if s.season != nil {
		if h > 0 && h%24 == 0 {
			s.closeDay(h/24-1, now)
		}
		s.season.hour(s, h, now)
	}
	for i := range s.channels {
		cs := &s.channels[i]
		if r := cs.spec.HourlyRate; r != nil && r[h] > 0 && s.isOpen(cs.spec, h) {
			s.drawHour(int32(i), h, r[h])
		}
	}
	for i := range m.Teams {
		if d := m.Teams[i].OnDuty; d != nil {
			s.teams[i].onDuty = d[h]
			s.teams[i].dutyLevel.Set(now, float64(d[h]))
			s.teams[i].setBusy(now)
			s.startWork(int32(i), now)
		}
	}
}

// closeDay records each team's busy and on-duty agent-hours of day d,
// which ends at now.
func (s *simulation) closeDay(d int, now float64) {
	for i := range s.teams {
		t, r := &s.teams[i], &s.res.Teams[i]
		busy, duty, over := t.busyLevel.Area(now), t.dutyLevel.Area(now), t.overLevel.Area(now)
		r.DailyBusy[d], r.DailyOnDuty[d], r.DailyOvertime[d] = busy-t.dayBusy, duty-t.dayDuty, over-t.dayOver
		t.dayBusy, t.dayDuty, t.dayOver = busy, duty, over
	}
	for i := range s.channels {
		cs := &s.channels[i]
		busy := cs.res.Busy.Area(now)
		cs.res.Daily[d].BusyHours = busy - cs.dayBusy
		cs.dayBusy = busy
	}
}

func (s *simulation) isOpen(c *Channel, h int) bool {
	return c.Open == nil || h >= len(c.Open) || c.Open[h]
}

func (s *simulation) scheduleArrival(ch int32, now float64) {
	cs := &s.channels[ch]
	if t := now + cs.spec.Interarrival.Sample(cs.arrivals); t < s.model.Horizon {
		s.cal.Schedule(t, evArrival, ch)
	}
}

func (s *simulation) directArrival(ch int32, now float64) {
	if s.channels[ch].spec.HourlyRate != nil {
		s.hourlyArrival(ch, now)
		return
	}
	s.scheduleArrival(ch, now)
	cs := &s.channels[ch]
	s.arrive(ch, now, nilID, false, cs.patient, cs.handle)
}

// slot returns the index of a free entry of items: one freed earlier, or a
// new one at the end.
func slot[T any](items *[]T, free *[]int32) int32 {
	if n := len(*free); n > 0 {
		id := (*free)[n-1]
		*free = (*free)[:n-1]
		return id
	}
	var zero T
	*items = append(*items, zero)
	return int32(len(*items) - 1)
}

func (s *simulation) newContact(ch int32, now float64, kase int32) int32 {
	id := slot(&s.contacts, &s.free)
	s.contacts[id] = contact{arrival: now, prev: nilID, next: nilID, channel: ch, kase: kase, counted: s.measured}
	return id
}

// admission is what became of a contact offered to a channel.
type admission uint8

const (
	admitted      admission = iota // answered at once by a free agent, or queued
	turnedAway                     // rejected by a full queue
	neverAnswered                  // taken by a deferred channel that will never answer it (Channel.NeverAnswered)
)

// arrive offers a contact to channel ch: answered at once by a free agent,
// queued, rejected by a full queue, or taken and never answered. Patience,
// handle time and the customer's other choices come from the given
// generators: the channel's streams for a direct contact, the case's own
// for a contact about a case; repeat says whether the case's customer had
// contacted the company about it before.
func (s *simulation) arrive(ch int32, now float64, kase int32, repeat bool, patient, handling *rand.Rand) admission {
	cs := &s.channels[ch]
	// Everything about the contact is drawn at arrival, used or not, so
	// that each stream is consumed in the same order in every variant of a
	// scenario: the k-th caller has the same patience, and the same answer
	// to a callback offer, whatever the staffing.
	patience := cs.spec.Patience.Sample(patient)
	handle := cs.spec.HandleTime.Sample(handling)
	unanswered := cs.spec.NeverAnswered > 0 && patient.Float64() < cs.spec.NeverAnswered
	accepts := cs.spec.Callback != nil && patient.Float64() < cs.spec.Callback.Accept
	r := cs.res
	var number int64 // the contact's, for a Journal
	if s.jr != nil {
		number = s.jr.offer(ch, kase, now)
	}
	team := int32(-1)
	for _, ti := range cs.teams {
		if s.fits(int32(ti), ch) {
			team = int32(ti)
			break
		}
	}
	free := team >= 0
	failure := kase != nilID
	if s.measured {
		r.Offered++
		if failure {
			r.FailureDemand++
		}
		if repeat {
			r.RepeatContacts++
		}
		if !free {
			r.FoundAllBusy++
		}
		r.dayOffered(now, failure, repeat)
	}
	if unanswered && s.lost(cs, free) {
		if s.jr != nil {
			s.jr.tellNumber(ContactUnanswered, number, ch, kase, now)
		}
		return neverAnswered
	}
	if free {
		id := s.newContact(ch, now, kase)
		if s.jr != nil {
			s.jr.place(id, number)
		}
		s.take(team, ch, now)
		s.startService(id, team, now, handle)
		return admitted
	}
	if cap := cs.spec.QueueCapacity; cap != Unlimited && cs.waiting >= cap {
		if s.measured {
			r.Rejected++
		}
		if s.jr != nil {
			s.jr.tellNumber(ContactRejected, number, ch, kase, now)
		}
		return turnedAway
	}
	id := s.newContact(ch, now, kase)
	if s.jr != nil {
		s.jr.place(id, number)
	}
	c := &s.contacts[id]
	c.state = waiting
	c.handle = handle
	c.accepts = accepts
	if !math.IsInf(patience, 1) {
		c.abandonSeq = s.cal.Schedule(now+patience, evAbandon, id)
	}
	if cb := cs.spec.Callback; cb != nil {
		c.offerSeq = s.cal.Schedule(now+cb.After, evCallback, id)
	}
	s.enqueue(cs, id)
	s.setWaiting(cs, now, +1)
	return admitted
}

// lost reports whether a contact that would never be answered
// (Channel.NeverAnswered) is taken by channel cs, which has a free agent
// or room in its queue, and counts it; a full queue turns it away instead.
func (s *simulation) lost(cs *channelState, free bool) bool {
	if !free && cs.spec.QueueCapacity != Unlimited && cs.waiting >= cs.spec.QueueCapacity {
		return false
	}
	if s.measured {
		cs.res.NeverAnswered++
	}
	return true
}

// startService puts contact id with an agent team ti has already taken.
func (s *simulation) startService(id, ti int32, now, handle float64) {
	c := &s.contacts[id]
	cs := &s.channels[c.channel]
	c.state = inService
	c.team = int16(ti)
	cs.inService++
	wait := now - c.arrival
	if c.counted {
		cs.res.recordAnswer(wait, c.arrival, c.kase == nilID)
	}
	if c.kase != nilID && !cs.spec.Deferred {
		s.season.waited(c.kase, wait)
	}
	cs.res.Busy.Set(now, float64(cs.inService)/float64(cs.concurrency))
	s.cal.Schedule(now+handle/s.speed(ti, now), evDeparture, id)
	if s.jr != nil {
		s.tellContact(ContactAnswered, id, ti, now)
	}
}

// speed returns team ti's speed factor for work that starts at now: that
// of the hour, for a team whose speed changes by the hour.
func (s *simulation) speed(ti int32, now float64) float64 {
	t := &s.model.Teams[ti]
	if byHour := t.SpeedByHour; byHour != nil {
		return byHour[min(int(now), len(byHour)-1)]
	}
	if t.Speed > 0 {
		return t.Speed
	}
	return 1
}

func (s *simulation) depart(id int32, now float64) {
	c := &s.contacts[id]
	cs := &s.channels[c.channel]
	if c.counted {
		cs.res.TimeInSystem.Add(now - c.arrival)
	}
	cs.inService--
	cs.res.Busy.Set(now, float64(cs.inService)/float64(cs.concurrency))
	kase, team, news := c.kase, int32(c.team), !c.noReply
	if s.jr != nil {
		s.tellContact(ContactHandled, id, team, now)
	}
	s.release(id)
	s.drop(team, c.channel, now)
	if kase != nilID {
		s.season.workEnded(kase)
		if news {
			s.season.answered(s, kase, now)
		}
	}
	s.startWork(team, now)
}

// startWork gives waiting work to the team's free agents: real-time
// contacts first (the one that has waited longest across channels), then
// whichever deferred contact or resolution task is oldest; or, for a team
// that works oldest first, whatever has waited longest.
//
// Work is taken strictly in that order: when the next item needs more of an
// agent than is free (a call while an agent is on two of three chats), the
// team waits for it rather than letting smaller work jump the queue.
func (s *simulation) startWork(ti int32, now float64) {
	team := &s.teams[ti]
	oldestFirst := s.model.Teams[ti].OldestFirst
	for team.busy < team.onDuty*team.slots {
		// The candidates: the oldest real-time contact, the oldest deferred
		// one, the oldest task; since is +Inf for none.
		rt, rtCh := s.oldestWaiting(team.realtime)
		df, dfCh := s.oldestWaiting(team.deferred)
		rtSince, dfSince, taskSince := s.since(rt), s.since(df), math.Inf(1)
		t, haveTask := team.tasks.peek()
		if haveTask {
			taskSince = t.since
		}
		switch {
		case rt != nilID && (!oldestFirst || rtSince <= min(dfSince, taskSince)):
			if !s.serve(ti, rt, rtCh, now) {
				return
			}
		case haveTask && taskSince <= dfSince:
			if !s.fits(ti, -1) {
				return
			}
			team.tasks.pop()
			if s.season.startTask(s, t, now) {
				s.take(ti, -1, now)
			}
		case df != nilID:
			if !s.serve(ti, df, dfCh, now) {
				return
			}
		default:
			return
		}
	}
}

// since returns when waiting contact id arrived, +Inf for nilID.
func (s *simulation) since(id int32) float64 {
	if id == nilID {
		return math.Inf(1)
	}
	return s.contacts[id].arrival
}

// serve starts waiting contact id of channel ch with team ti, reporting
// false when the team has not enough of an agent free for it.
func (s *simulation) serve(ti, id, ch int32, now float64) bool {
	if !s.fits(ti, ch) {
		return false
	}
	cs := &s.channels[ch]
	s.dequeue(cs, id, now)
	s.take(ti, ch, now)
	c := &s.contacts[id]
	handle := c.handle
	if c.kase != nilID && cs.spec.Deferred && s.season.heardSince(c.kase, c.arrival) {
		// The customer has had news since they wrote this one: an answer
		// to an earlier message (this one a chase of it, most often), a
		// notice, or the end of the case (the parcel came). The agent
		// closes it on sight, in no time, and it tells the customer nothing
		// new. Answered in full, the chasers and the messages about cases
		// already over kept a box that fell behind behind for good.
		handle, c.noReply = 0, true
		if c.counted {
			cs.res.ClosedOnSight++
		}
	}
	s.startService(id, ti, now, handle)
	return true
}

// need returns the share of an agent, in slots, that a contact of channel
// ch (or, for ch -1, a resolution task) takes from team ti: all of them,
// but for a channel whose agents handle several contacts at once.
func (s *simulation) need(ti, ch int32) int {
	if ch < 0 || s.channels[ch].concurrency == 1 {
		return s.teams[ti].slots
	}
	return s.teams[ti].slots / s.channels[ch].concurrency
}

func (s *simulation) fits(ti, ch int32) bool {
	t := &s.teams[ti]
	return t.busy+s.need(ti, ch) <= t.onDuty*t.slots
}

// take and drop count a piece of work of channel ch (or a task, for -1)
// starting and ending at team ti.
func (s *simulation) take(ti, ch int32, now float64) {
	t := &s.teams[ti]
	t.busy += s.need(ti, ch)
	t.setBusy(now)
}

// setBusy records the team's busy agents, and those of them working beyond
// the agents on duty.
func (t *teamState) setBusy(now float64) {
	busy := float64(t.busy) / float64(t.slots)
	t.busyLevel.Set(now, busy)
	// Overtime is rare: its level is touched only when it changes, off the
	// path of every answered contact.
	if over := max(busy-float64(t.onDuty), 0); over != t.over {
		t.over = over
		t.overLevel.Set(now, over)
	}
}

func (s *simulation) drop(ti, ch int32, now float64) {
	t := &s.teams[ti]
	t.busy -= s.need(ti, ch)
	t.setBusy(now)
}

// oldestWaiting returns the contact that has waited longest among the heads
// of the given channels' queues (lowest channel index on a tie), or nilID.
func (s *simulation) oldestWaiting(channels []int32) (int32, int32) {
	best, bestCh := nilID, int32(-1)
	for _, ch := range channels {
		h := s.channels[ch].head
		if h != nilID && (best == nilID || s.contacts[h].arrival < s.contacts[best].arrival) {
			best, bestCh = h, ch
		}
	}
	return best, bestCh
}

func (s *simulation) abandon(id int32, now float64) {
	c := &s.contacts[id]
	cs := &s.channels[c.channel]
	if c.counted {
		cs.res.recordAbandon(now-c.arrival, c.arrival, c.kase == nilID)
	}
	kase, ch := c.kase, c.channel
	if kase != nilID && !cs.spec.Deferred {
		s.season.waited(kase, now-c.arrival)
	}
	if s.jr != nil {
		s.tellContact(ContactAbandoned, id, -1, now)
	}
	s.dequeue(cs, id, now)
	s.release(id)
	if kase != nilID {
		s.season.workEnded(kase)
		s.season.failed(s, kase, ch, now)
	}
}

// offerCallback offers a caller who has waited long enough a call back:
// one who accepts leaves the queue for the callback channel's, keeping
// their place in time (the callback is due from the original call), and
// does not hang up any more.
func (s *simulation) offerCallback(id int32, now float64) {
	c := &s.contacts[id]
	cs := &s.channels[c.channel]
	cb := cs.spec.Callback
	if c.counted {
		cs.res.CallbacksOffered++
	}
	if !c.accepts {
		return
	}
	if c.counted {
		cs.res.CallbacksAccepted++
		cs.res.recordAge(now-c.arrival, c.arrival, c.kase == nilID)
	}
	s.dequeue(cs, id, now)
	c.state, c.abandonSeq, c.offerSeq = waiting, 0, 0
	c.channel = int32(cb.Channel)
	if s.jr != nil {
		s.tellContact(CallbackAccepted, id, -1, now)
	}
	to := &s.channels[cb.Channel]
	if c.counted {
		// Offered to the callback channel too: work that arrives there.
		to.res.Offered++
		to.res.dayOffered(now, false, false)
		if d := to.res.day(now); d != nil {
			d.Callbacks++
		}
	}
	s.enqueue(to, id)
	s.setWaiting(to, now, +1)
	if c.kase != nilID {
		s.season.awaitReply(s, c.kase, now)
	}
	for _, ti := range to.teams {
		s.startWork(int32(ti), now)
	}
}

func (s *simulation) release(id int32) {
	s.contacts[id].state = 0
	s.free = append(s.free, id)
}

func (s *simulation) enqueue(cs *channelState, id int32) {
	c := &s.contacts[id]
	c.prev = cs.tail
	if cs.tail != nilID {
		s.contacts[cs.tail].next = id
	} else {
		cs.head = id
	}
	cs.tail = id
}

// dequeue unlinks a waiting contact from anywhere in its queue.
func (s *simulation) dequeue(cs *channelState, id int32, now float64) {
	c := &s.contacts[id]
	if c.prev != nilID {
		s.contacts[c.prev].next = c.next
	} else {
		cs.head = c.next
	}
	if c.next != nilID {
		s.contacts[c.next].prev = c.prev
	} else {
		cs.tail = c.prev
	}
	c.prev, c.next = nilID, nilID
	s.setWaiting(cs, now, -1)
}

func (s *simulation) setWaiting(cs *channelState, now float64, delta int) {
	cs.waiting += delta
	cs.res.QueueLength.Set(now, float64(cs.waiting))
}

// taskQueue is a team's queue of case work, a binary heap: escalated work
// first, then in the season's TaskOrder, ties in the order queued.
type taskQueue struct {
	items []task
}

// task is a step of a case's work. token tells a task whose case has
// ended, moved on or been escalated (and whose slot may serve another
// case) from a live one.
type task struct {
	since float64 // when it was queued
	token uint64
	kase  int32
	class int8    // 0 escalated, 1 first in the task order, 2 the rest
	key   float64 // within a class: smaller first
}

func (t task) before(u task) bool {
	if t.class != u.class {
		return t.class < u.class
	}
	if t.key != u.key {
		return t.key < u.key
	}
	return t.token < u.token
}

func (q *taskQueue) push(t task) {
	q.items = append(q.items, t)
	for i := len(q.items) - 1; i > 0; {
		parent := (i - 1) / 2
		if !q.items[i].before(q.items[parent]) {
			break
		}
		q.items[i], q.items[parent] = q.items[parent], q.items[i]
		i = parent
	}
}

func (q *taskQueue) peek() (task, bool) {
	if len(q.items) == 0 {
		return task{}, false
	}
	return q.items[0], true
}

func (q *taskQueue) pop() {
	last := len(q.items) - 1
	q.items[0] = q.items[last]
	q.items = q.items[:last]
	for i := 0; ; {
		least, l, r := i, 2*i+1, 2*i+2
		if l < last && q.items[l].before(q.items[least]) {
			least = l
		}
		if r < last && q.items[r].before(q.items[least]) {
			least = r
		}
		if least == i {
			return
		}
		q.items[i], q.items[least] = q.items[least], q.items[i]
		i = least
	}
}

func lcm(a, b int) int {
	g, r := a, b
	for r != 0 {
		g, r = r, g%r
	}
	return a / g * b
}
