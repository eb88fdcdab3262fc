package sim

import "math"

// BytesPerContact and BytesPerCase are the memory a contact alive (waiting
// or being handled) and a case alive (a parcel gone wrong, noticed or not,
// and not yet resolved) take in a replication, with what each brings: the
// timers it keeps in the calendar (a caller's patience; a case's notice,
// delivery and chase), the spare capacity of the slices that grow to hold
// them (up to twice their length, and the old array while the new one is
// filled) and the garbage collector's headroom. TestEstimatedBytesCoverTheRun
// measures them as the growth of the process's peak resident size over a
// run, divided by the run's peak: 190 to 290 bytes a contact (the more for
// callers with a patience) and 1,040 a case on Go 1.26, amd64.
const (
	BytesPerContact = 240
	BytesPerCase    = 1200
)

const (
	// bytesPerValue is a float64 of the hourly and daily arrays a season's
	// replication fills; the report keeps a copy of each until the run
	// ends.
	bytesPerValue = 8
	// keptPerReplication is the rest of what the run keeps of a
	// replication (its 100 to 250 metrics), and enginePerReplication what
	// the engine holds while it runs one (each channel's tallies with their
	// histograms).
	keptPerReplication   = 64 << 10
	enginePerReplication = 1 << 20
	// dailyAgesBytes is a day's histogram of backlog ages (Model.DailyAges).
	dailyAgesBytes = 48 << 10
)

// Estimate is what one replication of a model is expected to cost, worked
// out from the model alone, without simulating it: a fluid approximation,
// hour by hour, in which contacts arrive at their mean rates and agents
// serve them at their mean handle times, what they cannot serve waits, is
// turned away or gives up, and customers turned away try again. A case
// goes through its workflow at its steps' mean times, its customer chasing
// all the while. What is never served (a queue that only grows, a form
// that never comes back in time, a customer who retries every minute onto
// a full queue) costs events and memory until the horizon, as in a run.
//
// It is meant to refuse a run that would take hours or exhaust the memory
// before it starts, not to forecast one. Events is within a factor of two
// of what a replication processes on the built-in scenarios (0.6 to 1.4
// times), and on small versions of scenarios built to defeat a cruder
// estimate (retries every minute onto a full queue, a form's reminder
// every minute, a queue of 400,000 calls, a warehouse that never ships):
// TestEstimateFollowsTheRun.
type Estimate struct {
	// Events is the number of events the replication processes, as
	// RepResult.Events counts them.
	Events float64
	// What the events are: contacts (their arrivals, departures and
	// timers), customers trying again after a contact failed (abandoned or
	// turned away), customers chasing a case, forms sent (reminders
	// included), the rest of the cases' events (notices, deliveries,
	// work, waits) and the engine's hourly events.
	Contacts, Retries, Chases, Forms, CaseEvents, Hourly float64
	// Bytes is the most memory the replication holds at once, and Kept
	// what of it the run keeps until it ends (its results). Series is the
	// part of Kept that is its series, by the hour and by the day: a shard
	// keeps them until it ends, while a run folds them into its results as
	// replications finish and holds about a replication's worth for each
	// scenario.
	Bytes, Kept, Series float64
	// PeakQueued is the most contacts waiting at once, and PeakCases the
	// most cases alive at once (parcels gone wrong, noticed or not, not yet
	// resolved).
	PeakQueued, PeakCases float64
}

// Mostly names what most of the events are, for a message.
func (e Estimate) Mostly() string {
	causes := []struct {
		n    float64
		what string
	}{
		{e.Contacts, "contacts arriving and being served"},
		{e.Retries, "customers retrying after a contact failed"},
		{e.Chases, "customers chasing their cases"},
		{e.Forms, "forms sent to customers, reminders included"},
		{e.CaseEvents, "the events of cases: notices, deliveries, work, waits"},
		{e.Hourly, "the hours of the horizon"},
	}
	best := causes[0]
	for _, c := range causes[1:] {
		if c.n > best.n {
			best = c
		}
	}
	return best.what
}

// Estimate returns what one replication of m is expected to cost. It reads
// m only, and takes a few milliseconds for a season of a year.
func (m *Model) Estimate() Estimate {
	f := newFluid(m)
	if m.Season != nil {
		f.seasonNotices()
	}
	f.flow()
	f.est.Events = f.est.Contacts + f.est.Retries + f.est.Chases + f.est.Forms + f.est.CaseEvents + f.est.Hourly
	f.memory()
	return f.est
}

// fluid is the state of the approximation.
type fluid struct {
	m     *Model
	hours int
	est   Estimate
	ch    []fluidChannel
	teams []fluidTeam
	// cases and their notices, for a season: see seasonNotices.
	cases *fluidCases
	orbit orbitRule
	// caseMix is the share of the cases' contacts each channel gets.
	caseMix []float64
}

// orbitRule is what a customer with a case does after a contact fails
// (abandoned or turned away): tries again with the retry probability,
// after the retry delay, on the same channel or (the switch probability)
// another; else chases, after the chase interval, on a channel of the mix;
// or, without chases, gives up.
type orbitRule struct {
	// keep is the chance of a next attempt at all, and period the mean
	// hours until it.
	keep, period float64
	// same, other and chase are the shares of the next attempts that are
	// a retry on the same channel, on another, and a chase.
	same, other, chase float64
}

// fluidChannel is a channel's queue as a fluid: contacts offered, served
// within the capacity its teams give it, the rest waiting, abandoning or
// turned away.
type fluidChannel struct {
	spec                   *Channel
	teams                  []int
	handle, conc, patience float64
	room                   float64 // contacts that may wait; +Inf
	// first[h] are the contacts of customers with a case made in hour h
	// by the case's own events (a notice, a workflow step); later[h] those
	// that come by a timer of their own (a letter delivered); chase is the
	// rate of chases per hour, as a difference array: chase[h] is added
	// from hour h on.
	first, later, chase []float64
	chaseRate           float64
	// queued is the contacts waiting; orbit the customers with a case
	// whose contact here failed and who will try again; pending the
	// contacts that wait for the channel to open.
	queued, orbit, pending float64
	// fail is the share of the last hour's contacts that failed, wait the
	// hours a contact then waits to be answered, and rho the load of its
	// team (agent-hours wanted / on duty, at most 1): the share of
	// contacts taken to wait, which then set a timer.
	fail, wait, rho float64
	// What the hour brings: fresh contacts of customers with a case, the
	// orbit's attempts here (same: its own members; moved: from other
	// channels' orbits), and all the attempts.
	fresh, same, moved, attempts, demand, served float64
}

// fluidTeam is a team's capacity and its queue of case work.
type fluidTeam struct {
	spec *Team
	// mean is the team's mean capacity, agent-hours an hour over the
	// horizon, for the waits in its queues.
	mean float64
	// tasks[h] is the case work queued in hour h, agent-hours; backlog
	// the work waiting.
	tasks   []float64
	backlog float64
	// serves lists the channels the team serves and the share of each
	// one's work it is asked for (a channel several teams serve asks each
	// in proportion to its capacity).
	serves []teamShare
}

type teamShare struct {
	channel int
	share   float64
}

func newFluid(m *Model) *fluid {
	f := &fluid{m: m, hours: m.hours()}
	n := f.hours + 1
	// Only a season's cases need arrays by the hour.
	if m.Season == nil {
		n = 0
	}
	f.teams = make([]fluidTeam, len(m.Teams))
	for i := range m.Teams {
		t := &f.teams[i]
		t.spec = &m.Teams[i]
		t.tasks = make([]float64, n)
		t.mean = f.capacity(i, 0)
		if t.spec.OnDuty != nil || t.spec.SpeedByHour != nil {
			sum := 0.0
			for h := range f.hours {
				sum += f.capacity(i, h)
			}
			t.mean = sum / float64(max(f.hours, 1))
		}
	}
	f.ch = make([]fluidChannel, len(m.Channels))
	for i := range m.Channels {
		c := &m.Channels[i]
		fc := &f.ch[i]
		*fc = fluidChannel{
			spec: c, teams: c.teams(), handle: c.HandleTime.Mean(), conc: float64(max(c.Concurrency, 1)),
			patience: c.Patience.Mean(), room: math.Inf(1),
			first: make([]float64, n), later: make([]float64, n), chase: make([]float64, n+min(n, 1)),
		}
		if c.QueueCapacity != Unlimited {
			fc.room = float64(c.QueueCapacity)
		}
		total := 0.0
		for _, t := range fc.teams {
			total += f.teams[t].mean
		}
		for _, t := range fc.teams {
			share := 1 / float64(len(fc.teams))
			if total > 0 {
				share = f.teams[t].mean / total
			}
			f.teams[t].serves = append(f.teams[t].serves, teamShare{i, share})
		}
	}
	if s := m.Season; s != nil {
		c := &s.Customer
		p, chase := c.RetryProb, 0.0
		if c.ChaseInterval.Kind != NoDist {
			chase = 1 - p
		}
		r := orbitRule{keep: p + chase, period: math.Inf(1)}
		if r.keep > 0 {
			r.period = 0
			if p > 0 {
				r.period += p * meanAtLeast(&c.RetryDelay, minCustomerDelay)
			}
			if chase > 0 {
				r.period += chase * meanAtLeast(&c.ChaseInterval, minCustomerDelay)
			}
			r.period /= r.keep
			r.same, r.other, r.chase = p*(1-c.SwitchProb)/r.keep, p*c.SwitchProb/r.keep, chase/r.keep
		}
		f.orbit = r
	}
	return f
}

// capacity returns team i's agent-hours in hour h, at its speed.
func (f *fluid) capacity(i, h int) float64 {
	t := &f.m.Teams[i]
	agents := float64(t.Agents)
	if t.OnDuty != nil {
		agents = float64(t.OnDuty[min(h, len(t.OnDuty)-1)])
	}
	switch {
	case t.SpeedByHour != nil:
		return agents * t.SpeedByHour[min(h, len(t.SpeedByHour)-1)]
	case t.Speed > 0:
		return agents * t.Speed
	}
	return agents
}

// direct returns channel c's direct contacts in hour h, dt hours of it.
func (f *fluid) direct(c *Channel, h int, dt float64) float64 {
	switch {
	case c.HourlyRate != nil:
		if c.Open == nil || c.Open[h] {
			return c.HourlyRate[h] * dt
		}
		return 0
	case c.Interarrival.Kind != NoDist:
		return dt / c.Interarrival.Mean()
	}
	return 0
}

// coarseSteps is the number of steps over the horizon of a model in which
// nothing changes by the hour: the fluid then needs no finer steps, and a
// horizon of a century costs no more than one of a month.
const coarseSteps = 2000

// flow runs the fluid over the horizon, hour by hour.
func (f *fluid) flow() {
	m := f.m
	f.est.Hourly = 2 // the horizon, and the end of the warm-up or the first hour
	steps, dt := f.hours, 1.0
	if f.m.hourly() {
		f.est.Hourly += float64(f.hours)
	} else if steps > coarseSteps {
		steps, dt = coarseSteps, m.Horizon/coarseSteps
	}
	for h := range steps {
		width := min(dt, m.Horizon-float64(h)*dt)
		if f.cases != nil {
			f.cases.notice(f, h)
		}
		for i := range f.ch {
			c := &f.ch[i]
			c.same, c.moved = 0, 0
		}
		f.orbitAttempts(h, width)
		for i := range f.ch {
			c := &f.ch[i]
			direct := f.direct(c.spec, h, width)
			f.est.Contacts += direct
			c.fresh = c.moved
			if f.cases != nil {
				c.chaseRate += c.chase[h]
				chases := c.chaseRate * width
				f.est.Chases += chases
				f.est.CaseEvents += c.later[h]
				c.fresh += c.first[h] + c.later[h] + chases
			}
			if c.spec.Open != nil && !c.spec.Open[h] {
				// Customers come back when it opens, each by a timer.
				c.pending += c.fresh
				f.est.CaseEvents += c.fresh
				c.fresh = 0
			} else {
				c.fresh += c.pending
				c.pending = 0
			}
			c.attempts = direct + c.fresh + c.same
			c.demand = (c.queued + c.attempts) * c.handle / c.conc
			c.served = 0
		}
		f.serve(h, width)
		queued := 0.0
		for i := range f.ch {
			f.ch[i].settle(f, width)
			queued += f.ch[i].queued
		}
		f.est.PeakQueued = max(f.est.PeakQueued, queued)
		if f.cases != nil {
			f.cases.alive(f, h)
		}
	}
}

// orbitAttempts makes the attempts of the customers in each channel's
// orbit in hour h: retries on the same channel stay in its orbit while
// they try; retries on another channel and chases leave it for the
// channel they try.
func (f *fluid) orbitAttempts(h int, dt float64) {
	r := &f.orbit
	if r.keep == 0 {
		return
	}
	for i := range f.ch {
		c := &f.ch[i]
		if c.orbit == 0 || (c.spec.Open != nil && !c.spec.Open[h]) {
			continue
		}
		out := c.orbit * dt / r.period
		f.est.Retries += out * (r.same + r.other)
		f.est.Chases += out * r.chase
		c.same = out * r.same
		leave := min(c.orbit, out*(r.other+r.chase))
		c.orbit -= leave
		if leave == 0 {
			continue
		}
		// Those who switch go to the other channels of the cases' mix;
		// those who chase choose from all of it.
		switched := leave * r.other / (r.other + r.chase)
		others := 1 - f.caseMix[i]
		for j := range f.ch {
			w := f.caseMix[j]
			f.ch[j].moved += (leave - switched) * w
			if j != i && others > 0 {
				f.ch[j].moved += switched * w / others
			} else if others == 0 {
				f.ch[j].moved += switched * w
			}
		}
	}
}

// serve shares each team's agent-hours of hour h among the work it is
// offered: real-time contacts first (unless the team works oldest first),
// then deferred contacts and case work alike, in proportion to what each
// wants.
func (f *fluid) serve(h int, dt float64) {
	for ti := range f.teams {
		t := &f.teams[ti]
		capacity := f.capacity(ti, h) * dt
		tasks := t.backlog
		if len(t.tasks) > 0 {
			tasks += t.tasks[h]
		}
		var realtime, deferred float64
		for _, s := range t.serves {
			c := &f.ch[s.channel]
			if c.spec.Deferred || t.spec.OldestFirst {
				deferred += s.share * c.demand
			} else {
				realtime += s.share * c.demand
			}
		}
		gRT := fraction(capacity, realtime)
		gDef := fraction(capacity-gRT*realtime, deferred+tasks)
		rho := 1.0
		if capacity > 0 {
			rho = min((realtime+deferred+tasks)/capacity, 1)
		}
		for _, s := range t.serves {
			c := &f.ch[s.channel]
			g := gRT
			if c.spec.Deferred || t.spec.OldestFirst {
				g = gDef
			}
			c.served += s.share * c.demand * g * c.conc / c.handle
			if ti == c.teams[0] {
				c.rho = rho
			}
		}
		t.backlog = tasks * (1 - gDef)
	}
}

// fraction returns the share of want that have can serve, at most 1.
func fraction(have, want float64) float64 {
	if want <= 0 {
		return 1
	}
	return min(max(have, 0)/want, 1)
}

// settle ends an hour of the channel: what was served leaves, what is left
// waits, abandons or is turned away, and the customers with a case whose
// contact failed join the orbit of those who try again.
func (c *fluidChannel) settle(f *fluid, dt float64) {
	avail := c.queued + c.attempts
	served := min(c.served, avail)
	left := avail - served
	abandoned := 0.0
	if !math.IsInf(c.patience, 1) {
		abandoned = left * min(dt/c.patience, 1)
	}
	left -= abandoned
	rejected := min(max(left-c.room, 0), c.attempts)
	c.queued = left - rejected
	c.fail = 0
	if avail > 0 {
		c.fail = (abandoned + rejected) / avail
	}
	// A contact that is admitted is answered or abandons (one event),
	// unless nobody will ever answer it; one that waits sets its timers.
	perAdmitted := 1 - c.spec.NeverAnswered
	if !math.IsInf(c.patience, 1) {
		perAdmitted += c.rho
	}
	if c.spec.Callback != nil {
		perAdmitted += c.rho
	}
	f.est.Contacts += (c.attempts - rejected) * perAdmitted
	// The wait of the next contacts: what waits, at the rate the teams
	// serve it.
	rate := served / dt
	if rate <= 0 {
		rate = f.meanRate(c)
	}
	c.wait = c.queued / max(rate, 1e-9)
	if r := &f.orbit; r.keep > 0 {
		through := c.same * (1 - c.fail)
		dropped := c.same * c.fail * (1 - r.keep)
		c.orbit = max(c.orbit-through-dropped, 0) + c.fresh*c.fail*r.keep
	}
}

// meanRate returns the contacts an hour channel c's teams serve on
// average, were they to serve nothing else.
func (f *fluid) meanRate(c *fluidChannel) float64 {
	r := 0.0
	for _, t := range c.teams {
		r += f.teams[t].mean
	}
	return r * c.conc / c.handle
}

// memory works out the replication's memory from the peaks.
func (f *fluid) memory() {
	m := f.m
	e := &f.est
	hours, days := float64(f.hours), float64((f.hours+23)/24)
	var values float64
	if m.Season != nil {
		// The season's hourly arrays (see SeasonResult), each channel's
		// queue, oldest wait and offered contacts by hour, and the daily
		// series of the report.
		values = hours*float64(3+int(numStages)+3*len(m.Channels)) + days*float64(8+len(m.Teams)*3+12*len(m.Channels))
	}
	e.Series = values * bytesPerValue
	e.Kept = e.Series + keptPerReplication
	e.Bytes = e.Kept + values*bytesPerValue + enginePerReplication + e.PeakQueued*BytesPerContact + e.PeakCases*BytesPerCase
	if m.DailyAges {
		e.Bytes += days * float64(len(m.Channels)) * dailyAgesBytes
	}
}

// meanAtLeast returns E[max(X, floor)] of d, by its quantiles.
func meanAtLeast(d *Dist, floor float64) float64 {
	if d.Kind == NoDist {
		return math.Inf(1)
	}
	q := quantiles(d)
	sum := 0.0
	for _, x := range q {
		sum += max(x, floor)
	}
	return sum / float64(len(q))
}

// strata is the number of quantiles that stand for a distribution in the
// estimate: enough for a chance or a mean within a few per cent.
const strata = 48

// quantiles returns the distribution's quantiles at the middles of strata
// equal slices of probability.
func quantiles(d *Dist) []float64 {
	q := make([]float64, strata)
	for i := range q {
		q[i] = d.quantile((float64(i) + 0.5) / strata)
	}
	return q
}
