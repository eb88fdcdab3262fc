package sim

import (
	"math"

	"github.com/peaksim/peaksim/sim/stats"
)

// RepResult is what one replication measured.
type RepResult struct {
	Replication int
	Seed        uint64
	// Events is the number of events scheduled, stale timers included: the
	// engine's unit of work.
	Events uint64
	// PeakContacts is the most contacts alive at once (waiting or being
	// handled), and PeakCases, for a season, the most cases alive at once
	// (parcels gone wrong, noticed or not, and not yet resolved): what the
	// replication's memory grows with (Model.Estimate).
	PeakContacts, PeakCases int
	// MeasuredHours is the length of the window the statistics cover.
	MeasuredHours float64
	Channels      []ChannelResult // in Model.Channels order
	Teams         []TeamResult    // in Model.Teams order
	Season        *SeasonResult   // nil without a Season
}

// TeamResult is one team's work over the measured window.
type TeamResult struct {
	Name string
	// BusyHours and OnDutyHours are agent-hours spent on work and on duty;
	// OvertimeHours, of the busy ones, those after going off duty (an agent
	// finishes the contact or task in hand). ExtraHours are the on-duty
	// agent-hours of planned overtime (Team.Extra). PaidHours are the
	// agent-hours paid, both included, and Cost their price, the extra
	// hours at their premium.
	BusyHours, OnDutyHours, OvertimeHours, ExtraHours, PaidHours, Cost float64
	// DailyBusy, DailyOnDuty and DailyOvertime split them by day, for a
	// season.
	DailyBusy, DailyOnDuty, DailyOvertime []float64
}

// addOvertime adds the hours worked after going off duty, paid at the
// team's cost per hour.
func (t *TeamResult) addOvertime(hours, costPerHour float64) {
	t.OvertimeHours = hours
	t.PaidHours += hours
	t.Cost += hours * costPerHour
}

// Occupancy is the share of the on-duty agent-hours spent working: the work
// done in overtime is not in it, so it is at most 1.
func (t *TeamResult) Occupancy() float64 { return (t.BusyHours - t.OvertimeHours) / t.OnDutyHours }

func (t *TeamResult) init(spec *Team, hours int) {
	t.Name = spec.Name
	switch {
	case spec.Paid != nil:
		for _, n := range spec.Paid[:hours] {
			t.PaidHours += float64(n)
		}
	case spec.OnDuty != nil:
		for _, n := range spec.OnDuty[:hours] {
			t.PaidHours += float64(n)
		}
	default:
		t.PaidHours = float64(spec.Agents * hours)
	}
	for _, n := range spec.Extra[:min(len(spec.Extra), hours)] {
		t.ExtraHours += float64(n)
	}
	if spec.Paid == nil {
		t.PaidHours -= t.ExtraHours // counted above with the agents on duty
	}
	t.Cost = t.PaidHours*spec.CostPerHour + t.ExtraHours*spec.CostPerHour*spec.ExtraPremium
	t.PaidHours += t.ExtraHours
}

// ChannelResult holds one channel's statistics for the measured window:
// contacts that arrived after the warm-up, and time-weighted levels between
// the warm-up and the horizon.
type ChannelResult struct {
	Name          string
	Teams         []int // indices in RepResult.Teams of the teams that serve it
	concurrency   int
	Agents        int
	ServiceTarget float64

	Offered, Answered, Abandoned, Rejected int64
	// NeverAnswered counts offered contacts the channel took and will never
	// answer (Channel.NeverAnswered).
	NeverAnswered int64
	// FoundAllBusy counts offered contacts that found no free agent.
	FoundAllBusy int64
	// WaitingAtEnd counts offered contacts still in the queue at the end,
	// which count in Age at their age then (simulation.ageStillWaiting).
	WaitingAtEnd int64
	// ClosedOnSight counts answered contacts of a deferred channel whose
	// customer had had news since writing them, which an agent closed in
	// no time.
	ClosedOnSight int64
	// AnsweredAfterWaiting counts answered contacts whose wait was not zero.
	AnsweredAfterWaiting int64
	// AnsweredInTarget and AbandonedInTarget count contacts answered, or
	// abandoned, with a queue wait of at most ServiceTarget.
	AnsweredInTarget, AbandonedInTarget int64
	// FailureDemand counts offered contacts about a case (a parcel that
	// went wrong, an order late against its promise): demand caused by a
	// failure to do something, or to do it right, for the customer
	// (Seddon). RepeatContacts counts those of them about a case its
	// customer had contacted the company about before: chasing, retries
	// after an abandoned call. A notice from the company is not a contact.
	FailureDemand, RepeatContacts int64
	// CallbacksOffered and CallbacksAccepted count callback offers made to
	// this channel's callers; an accepted one leaves for the callback
	// channel, where it is answered (and counted) like any of its contacts.
	CallbacksOffered, CallbacksAccepted int64
	// Daily holds per-day counts by the day the contact arrived, for runs
	// that change hour by hour; nil otherwise.
	Daily []DayStats

	Wait          stats.Tally // queue wait of answered contacts, with quantiles
	WaitAbandoned stats.Tally // time in queue before abandoning
	TimeInSystem  stats.Tally // arrival to end of handling, answered contacts, with quantiles
	// Age is the backlog age of every offered contact that got in, with
	// quantiles: its time in the queue until it was answered, abandoned or
	// taken as a callback, or, for one still waiting at the end, its age at
	// the horizon. Unlike Wait it keeps the contacts never answered; the
	// rejected are not samples.
	Age stats.Tally
	// EnquiryAge is Age of the contacts not about a case: the general
	// enquiries of the channel's own arrivals, the same contacts in two
	// variants that keep those arrivals, whatever their customers chase.
	// EnquiriesInTarget counts those answered within ServiceTarget.
	EnquiryAge        stats.Tally
	EnquiriesInTarget int64

	QueueLength stats.TimeWeighted // contacts waiting
	Busy        stats.TimeWeighted // agents handling this channel's contacts (contacts / concurrency)

	// Time-averages over [warm-up, horizon), fixed at the horizon so that
	// serving the last contacts afterwards does not dilute them.
	QueueLengthMean, QueueLengthMax, BusyMean, InSystemMean float64
	// QueueAtStart and QueueAtEnd are the contacts waiting when the
	// measured window opens and at the horizon, before a steady-state run
	// serves the rest: with what the agents did in between, they tell
	// whether the work that came in was more than they could do (the
	// planner's capacity rule), which a run that serves everything
	// after its horizon hides from its waits.
	QueueAtStart, QueueAtEnd float64
	// TeamOnDutyHours is the agent-hours the channel's teams (its own and
	// its overflow teams) were on duty in the window, the denominator of
	// its occupancy.
	TeamOnDutyHours float64

	// offeredByHour is the channel's SeasonResult.OfferedByHour, counted
	// with Daily; nil without a season.
	offeredByHour []float64
}

// DayStats are a channel's counts for the contacts that arrived on one day.
type DayStats struct {
	Offered, Answered, Abandoned, AnsweredInTarget int64
	// FailureDemand and Repeat count the day's offered contacts that were
	// failure demand, and repeat contacts; Callbacks those that were
	// callbacks, already offered (and counted as failure demand or not) on
	// the channel the customer called.
	FailureDemand, Repeat, Callbacks int64
	WaitSum                          float64 // queue waits of the answered, hours
	BusyHours                        float64 // agent-hours on this channel's contacts (seasons)
	// Ages holds the ChannelResult.Age samples of the day's contacts when
	// Model.DailyAges is set; nil otherwise.
	Ages *stats.Histogram
}

func (r *ChannelResult) init(c *Channel, agents, days int, dailyAges bool) {
	r.Name, r.Teams, r.Agents, r.ServiceTarget = c.Name, c.teams(), agents, c.ServiceTarget
	r.concurrency = max(c.Concurrency, 1)
	r.Wait.EnableQuantiles()
	r.TimeInSystem.EnableQuantiles()
	r.Age.EnableQuantiles()
	if days > 0 {
		r.Daily = make([]DayStats, days)
		if dailyAges {
			// One allocation for all the days' histograms.
			ages := make([]stats.Histogram, days)
			for d := range r.Daily {
				r.Daily[d].Ages = &ages[d]
			}
		}
	}
}

// day returns the DayStats of the day a contact arriving at t counts in, or
// nil when there are none.
func (r *ChannelResult) day(t float64) *DayStats {
	if d := int(t / 24); d < len(r.Daily) {
		return &r.Daily[d]
	}
	return nil
}

func (r *ChannelResult) dayOffered(arrival float64, failure, repeat bool) {
	if d := r.day(arrival); d != nil {
		d.Offered++
		if failure {
			d.FailureDemand++
		}
		if repeat {
			d.Repeat++
		}
		if h := int(arrival); h < len(r.offeredByHour) {
			r.offeredByHour[h]++
		}
	}
}

func (r *ChannelResult) recordAnswer(wait, arrival float64, enquiry bool) {
	r.Answered++
	r.Wait.Add(wait)
	r.addAge(wait, enquiry)
	if wait > 0 {
		r.AnsweredAfterWaiting++
	}
	inTarget := wait <= r.ServiceTarget
	if inTarget {
		r.AnsweredInTarget++
		if enquiry {
			r.EnquiriesInTarget++
		}
	}
	if d := r.day(arrival); d != nil {
		d.Answered++
		d.WaitSum += wait
		if inTarget {
			d.AnsweredInTarget++
		}
		if d.Ages != nil {
			d.Ages.Add(wait)
		}
	}
}

func (r *ChannelResult) recordAbandon(wait, arrival float64, enquiry bool) {
	r.Abandoned++
	r.WaitAbandoned.Add(wait)
	r.addAge(wait, enquiry)
	if wait <= r.ServiceTarget {
		r.AbandonedInTarget++
	}
	if d := r.day(arrival); d != nil {
		d.Abandoned++
		if d.Ages != nil {
			d.Ages.Add(wait)
		}
	}
}

// recordAge records the backlog age of a contact that left the queue other
// than by an answer or an abandonment: taken as a callback, or still
// waiting at the end.
func (r *ChannelResult) recordAge(age, arrival float64, enquiry bool) {
	r.addAge(age, enquiry)
	if d := r.day(arrival); d != nil && d.Ages != nil {
		d.Ages.Add(age)
	}
}

// addAge records the backlog age of a contact, a general enquiry or one
// about a case.
func (r *ChannelResult) addAge(age float64, enquiry bool) {
	r.Age.Add(age)
	if enquiry {
		r.EnquiryAge.Add(age)
	}
}

func (r *ChannelResult) resetLevels(t float64) {
	r.QueueAtStart = r.QueueLength.Level()
	r.QueueLength.Reset(t)
	r.Busy.Reset(t)
}

func (r *ChannelResult) closeLevels(t float64) {
	r.QueueLengthMean, r.QueueLengthMax = r.QueueLength.Mean(t), r.QueueLength.Max()
	r.QueueAtEnd = r.QueueLength.Level()
	r.BusyMean = r.Busy.Mean(t)
	// Waiting plus in service, by linearity of time-averages: one level
	// fewer to update on every event.
	r.InSystemMean = r.QueueLengthMean + r.BusyMean*float64(r.concurrency)
}

// MetricDef names and defines one per-channel metric. Its full name in
// results is "<channel>.<Key>", for example "phone.service_level".
type MetricDef struct {
	Key        string
	Unit       string
	Definition string
	value      func(r *ChannelResult, measuredHours float64) float64
	// parts, for a rate, gives its numerator and denominator, so that
	// replications fold into a ratio of totals.
	parts func(r *ChannelResult) (num, den int64)
}

// Metric is one named value of one replication. A rate also gives its
// numerator and denominator (Den above 0), so that replications fold into
// the ratio of their totals rather than the mean of their ratios, which is
// biased when the denominators are small or vary.
type Metric struct {
	Name     string
	Unit     string
	Value    float64
	Num, Den float64
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// ChannelMetrics returns the per-channel metrics every run reports, in the
// order results list them. A value that is undefined in a replication (the
// mean wait when nothing was answered) is NaN there.
func ChannelMetrics() []MetricDef {
	return []MetricDef{
		{"offered", "contacts", "contacts that arrived in the measured window (answered, abandoned, rejected, never answered or still waiting at the end)",
			func(r *ChannelResult, _ float64) float64 { return float64(r.Offered) }, nil},
		{"answered", "contacts", "offered contacts an agent started to handle",
			func(r *ChannelResult, _ float64) float64 { return float64(r.Answered) }, nil},
		{"closed_on_sight", "contacts", "answered contacts of a deferred channel closed in no time because their customer had had news since writing them: an answer to an earlier message, a notice, the end of the case",
			func(r *ChannelResult, _ float64) float64 { return float64(r.ClosedOnSight) }, nil},
		{"abandoned", "contacts", "offered contacts whose customer left the queue before an agent answered",
			func(r *ChannelResult, _ float64) float64 { return float64(r.Abandoned) }, nil},
		{"rejected", "contacts", "offered contacts turned away because the queue was full (a full voicemail box)",
			func(r *ChannelResult, _ float64) float64 { return float64(r.Rejected) }, nil},
		{"never_answered", "contacts", "offered contacts a deferred channel took (room in the box) and nobody ever answered (channels[].never_answered): a callback that never came, an email never replied to",
			func(r *ChannelResult, _ float64) float64 { return float64(r.NeverAnswered) }, nil},
		{"callbacks", "contacts", "callers who accepted a call back and left the queue for the callback channel's",
			func(r *ChannelResult, _ float64) float64 { return float64(r.CallbacksAccepted) }, nil},
		{"waiting_at_end", "contacts", "offered contacts still in the queue at the end, counted in backlog_age at their age then: in a season, every one waiting at the horizon; in a steady-state run, which serves the admitted contacts after the horizon, those no agent would ever take",
			func(r *ChannelResult, _ float64) float64 { return float64(r.WaitingAtEnd) }, nil},
		{"enquiries", "contacts", "offered contacts not about a case: the general enquiries of the channel's own arrivals, the same contacts in two variants that keep those arrivals",
			func(r *ChannelResult, _ float64) float64 { return float64(r.Offered - r.FailureDemand) }, nil},
		{"abandon_rate", "share", "abandoned / offered",
			func(r *ChannelResult, _ float64) float64 { return ratio(r.Abandoned, r.Offered) }, func(r *ChannelResult) (int64, int64) { return r.Abandoned, r.Offered }},
		{"reject_rate", "share", "rejected / offered",
			func(r *ChannelResult, _ float64) float64 { return ratio(r.Rejected, r.Offered) }, func(r *ChannelResult) (int64, int64) { return r.Rejected, r.Offered }},
		{"wait_prob", "share", "share of offered contacts that found every agent busy on arrival: P(wait > 0)",
			func(r *ChannelResult, _ float64) float64 { return ratio(r.FoundAllBusy, r.Offered) }, func(r *ChannelResult) (int64, int64) { return r.FoundAllBusy, r.Offered }},
		{"service_level", "share", "share of offered contacts answered within the service-level target; abandoned and rejected contacts count as missed",
			func(r *ChannelResult, _ float64) float64 { return ratio(r.AnsweredInTarget, r.Offered) }, func(r *ChannelResult) (int64, int64) { return r.AnsweredInTarget, r.Offered }},
		{"enquiries_service_level", "share", "service_level of the contacts not about a case (enquiries): like with like where the variants' customers chase differently",
			func(r *ChannelResult, _ float64) float64 {
				return ratio(r.EnquiriesInTarget, r.Offered-r.FailureDemand)
			},
			func(r *ChannelResult) (int64, int64) { return r.EnquiriesInTarget, r.Offered - r.FailureDemand }},
		{"service_level_answered", "share", "share of answered contacts answered within the target",
			func(r *ChannelResult, _ float64) float64 { return ratio(r.AnsweredInTarget, r.Answered) }, func(r *ChannelResult) (int64, int64) { return r.AnsweredInTarget, r.Answered }},
		{"service_level_excl_short_abandons", "share", "answered within the target / (offered - abandoned within the target): contacts that gave up before the target are left out",
			func(r *ChannelResult, _ float64) float64 {
				return ratio(r.AnsweredInTarget, r.Offered-r.AbandonedInTarget)
			}, func(r *ChannelResult) (int64, int64) { return r.AnsweredInTarget, r.Offered - r.AbandonedInTarget }},
		{"wait.mean", "hours", "mean queue wait of answered contacts, zero waits included (average speed of answer)",
			func(r *ChannelResult, _ float64) float64 { return r.Wait.Mean() }, nil},
		{"wait.p50", "hours", "median queue wait of answered contacts",
			func(r *ChannelResult, _ float64) float64 { return r.Wait.Quantile(0.5) }, nil},
		{"wait.p90", "hours", "90th percentile of the queue wait of answered contacts",
			func(r *ChannelResult, _ float64) float64 { return r.Wait.Quantile(0.9) }, nil},
		{"wait.p99", "hours", "99th percentile of the queue wait of answered contacts",
			func(r *ChannelResult, _ float64) float64 { return r.Wait.Quantile(0.99) }, nil},
		{"wait_if_waited.mean", "hours", "mean queue wait of answered contacts that waited at all",
			func(r *ChannelResult, _ float64) float64 {
				return r.Wait.Sum() / float64(r.AnsweredAfterWaiting)
			}, nil},
		{"wait_all.mean", "hours", "mean time in queue of answered and abandoned contacts together",
			func(r *ChannelResult, _ float64) float64 {
				return (r.Wait.Sum() + r.WaitAbandoned.Sum()) / float64(r.Answered+r.Abandoned)
			}, nil},
		{"wait_abandoned.mean", "hours", "mean time abandoned contacts spent in the queue before leaving",
			func(r *ChannelResult, _ float64) float64 { return r.WaitAbandoned.Mean() }, nil},
		{"backlog_age.mean", "hours", "mean age contacts reached in the queue: the time until answered, abandoned or taken as a callback, or for one still waiting at the end, its age then (rejected contacts are not counted): the mean wait of every contact, which a queue that leaves its oldest contacts waiting at the end does not shorten",
			func(r *ChannelResult, _ float64) float64 { return r.Age.Mean() }, nil},
		{"backlog_age.p50", "hours", "median age contacts reached in the queue: the time until answered, abandoned or taken as a callback, or for one still waiting at the end, its age then (rejected contacts are not counted)",
			func(r *ChannelResult, _ float64) float64 { return r.Age.Quantile(0.5) }, nil},
		{"backlog_age.p90", "hours", "90th percentile of the age contacts reached in the queue: the time until answered, abandoned or taken as a callback, or for one still waiting at the end, its age then (rejected contacts are not counted)",
			func(r *ChannelResult, _ float64) float64 { return r.Age.Quantile(0.9) }, nil},
		{"backlog_age.p99", "hours", "99th percentile of the age contacts reached in the queue: the time until answered, abandoned or taken as a callback, or for one still waiting at the end, its age then (rejected contacts are not counted)",
			func(r *ChannelResult, _ float64) float64 { return r.Age.Quantile(0.99) }, nil},
		{"enquiries_age.mean", "hours", "backlog_age.mean of the contacts not about a case (enquiries): like with like where the variants' customers chase differently",
			func(r *ChannelResult, _ float64) float64 { return r.EnquiryAge.Mean() }, nil},
		{"time_in_system.mean", "hours", "mean time from arrival to the end of handling, answered contacts",
			func(r *ChannelResult, _ float64) float64 { return r.TimeInSystem.Mean() }, nil},
		{"time_in_system.p50", "hours", "median time in system of answered contacts",
			func(r *ChannelResult, _ float64) float64 { return r.TimeInSystem.Quantile(0.5) }, nil},
		{"time_in_system.p90", "hours", "90th percentile of the time in system of answered contacts",
			func(r *ChannelResult, _ float64) float64 { return r.TimeInSystem.Quantile(0.9) }, nil},
		{"time_in_system.p99", "hours", "99th percentile of the time in system of answered contacts",
			func(r *ChannelResult, _ float64) float64 { return r.TimeInSystem.Quantile(0.99) }, nil},
		{"queue_length.mean", "contacts", "time-average number of contacts waiting",
			func(r *ChannelResult, _ float64) float64 { return r.QueueLengthMean }, nil},
		{"queue_length.max", "contacts", "largest number of contacts waiting at once",
			func(r *ChannelResult, _ float64) float64 { return r.QueueLengthMax }, nil},
		{"in_system.mean", "contacts", "time-average number of contacts waiting or being handled",
			func(r *ChannelResult, _ float64) float64 { return r.InSystemMean }, nil},
		{"busy_agents.mean", "agents", "time-average number of agents handling this channel's contacts",
			func(r *ChannelResult, _ float64) float64 { return r.BusyMean }, nil},
		{"occupancy", "share", "agent-hours spent on this channel's contacts, those finished after going off duty included, / agent-hours its team (and overflow teams) were on duty (busy_agents.mean / headcount for a constant team): it can pass 1 for a team that is never idle, whose agents finish the contact in hand whenever they go off duty (the team's occupancy counts its hours on duty alone)",
			func(r *ChannelResult, h float64) float64 { return r.BusyMean * h / r.TeamOnDutyHours }, nil},
		{"throughput", "contacts/hour", "answered contacts per hour of the measured window",
			func(r *ChannelResult, h float64) float64 { return float64(r.Answered) / h }, nil},
	}
}

// Metrics returns every metric of the replication: each channel's, channel
// by channel in model order and each in ChannelMetrics order, then, for a
// season, the teams' and the season's (see SeasonMetrics).
func (r *RepResult) Metrics() []Metric {
	defs := ChannelMetrics()
	out := make([]Metric, 0, len(defs)*len(r.Channels))
	for i := range r.Channels {
		c := &r.Channels[i]
		for _, d := range defs {
			m := Metric{Name: c.Name + "." + d.Key, Unit: d.Unit, Value: d.value(c, r.MeasuredHours)}
			if d.parts != nil {
				num, den := d.parts(c)
				m.Num, m.Den = float64(num), float64(den)
			}
			out = append(out, m)
		}
	}
	if r.Season != nil {
		out = append(out, r.seasonMetrics()...)
	}
	return out
}
