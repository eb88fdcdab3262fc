package sim

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Unlimited is the QueueCapacity of a queue that never turns a contact away.
const Unlimited = -1

// Model is everything Run needs to simulate one replication: a flat,
// index-based description built (and checked for the user) by the
// scenarios package. Run does not modify it, so one Model serves any number
// of concurrent replications.
type Model struct {
	Name string
	// Horizon is the length of a replication in hours, warm-up included:
	// contacts arrive during [0, Horizon) and those already admitted are
	// then served to the end.
	Horizon float64
	// Warmup is the start of the measured window: contacts arriving before
	// it and time-weighted levels before it are not counted, so that a
	// steady-state run does not carry the bias of starting empty.
	Warmup   float64
	Teams    []Team
	Channels []Channel
	// Season, when set, drives contacts from orders and what goes wrong
	// with them; nil for a plain contact centre.
	Season *Season
	// DailyAges, when set, gives each day of a channel's Daily a histogram
	// of its contacts' backlog ages (DayStats.Ages). It is off by default
	// because each histogram holds 48 KiB: a channel of a 90-day season
	// takes over 4 MiB per replication. A run without Daily (one where
	// nothing changes hour by hour) has no days to split by and ignores it.
	DailyAges bool
}

// hours returns the number of whole hours the per-hour arrays must cover.
func (m *Model) hours() int { return int(math.Ceil(m.Horizon)) }

// Team is a pool of interchangeable agents.
type Team struct {
	Name   string
	Agents int
	// OnDuty[h], when set, is the number of agents working in hour h, after
	// shrinkage; it replaces Agents. An agent who goes off duty in the middle
	// of a contact finishes it first.
	OnDuty []int
	// Paid[h] is the number of agents paid in hour h (before shrinkage), for
	// the cost; nil means Agents (or OnDuty) every hour.
	Paid        []int
	CostPerHour float64
	// Extra[h], when set, is how many of OnDuty[h] are on planned
	// overtime: extra hours bought in advance, paid on top of Paid at
	// ExtraPremium (at least 1) times CostPerHour. It is not the overtime
	// of an agent who finishes a contact after going off duty, which every
	// run counts (TeamResult.OvertimeHours) at the plain rate.
	Extra        []int
	ExtraPremium float64
	// Speed scales how fast the team works: handle times are divided by it
	// (temporary staff at 0.8 take a quarter longer). 0 means 1.
	Speed float64
	// SpeedByHour[h], when set, is the team's speed in hour h and replaces
	// Speed: new staff who are still learning make it lower in the hours
	// they are on duty. Agents are not individuals, so it is the mean speed
	// of the agents on duty in the hour, and a contact's handle time (or a
	// case's work) is divided by the speed of the hour it starts in, for the
	// whole of it. Work that starts after the last hour (a contact centre
	// serving what it admitted before the horizon) takes the last hour's.
	SpeedByHour []float64
	// OldestFirst makes the team take whatever has waited longest, real-time
	// or deferred, instead of every real-time contact first.
	OldestFirst bool
	// Authority lists the resolutions the team's agents may give without
	// escalating, for workflow branches on it.
	Authority [numResolutions]bool
}

// Channel is a stream of contacts (calls, emails...) served by one team
// from one FIFO queue. When a team serves several channels, a free agent
// takes the contact that has waited longest across them.
type Channel struct {
	Name string
	// Team is the index in Model.Teams of the team that serves the channel.
	Team int
	// Interarrival is the time between arrivals; exponential for Poisson.
	Interarrival Dist
	HandleTime   Dist
	// Patience is how long a customer waits in the queue before abandoning;
	// the zero Dist (NoDist) means customers never abandon.
	Patience Dist
	// QueueCapacity is the number of contacts that may wait (not counting
	// those being handled) before new ones are rejected; Unlimited for none.
	QueueCapacity int
	// ServiceTarget is the "answered within" time of the service level, in
	// hours.
	ServiceTarget float64
	// Deferred channels (email, web form, social media, voicemail) hold work
	// that agents take only when no real-time contact of their team waits;
	// customers do not hang up on them.
	Deferred bool
	// HourlyRate, when set, makes the channel's direct stream (general
	// enquiries) a Poisson process with rate HourlyRate[h] per hour in hour
	// h, replacing Interarrival. A season channel may have neither: then
	// only customers with a case contact it.
	HourlyRate []float64 // at most MaxHourlyRate
	// Open[h] is false in hours when the channel takes no contacts;
	// customers with a case try again when it opens. nil: always open.
	Open []bool
	// Concurrency is how many contacts of this channel an agent handles at
	// once (chat); 0 means 1. Handle time is then the contact's elapsed time.
	Concurrency int
	// Transit, when set, makes the channel post: a customer's letter about
	// a case reaches the queue after this time, unless the post loses it
	// (probability Loss); the customer then waits for news in vain, and
	// chases.
	Transit Dist
	Loss    float64
	// Callback, when set, offers callers who have waited Callback.After a
	// call back instead of holding on.
	Callback *CallbackOffer
	// NeverAnswered, on a deferred channel, is the share of the contacts it
	// takes (offered, with room in the queue) that nobody ever answers: a
	// voicemail whose promised callback never comes, an email left without
	// a reply. They take no agent time; a customer with a case waits for
	// news in vain, and chases. Callbacks accepted from a real-time
	// channel's queue are not lost.
	NeverAnswered float64
	// Overflow lists other teams (by index) skilled for this channel: a
	// contact goes to the first of Team and then Overflow with an agent
	// free, and any of them takes it from the queue, oldest first among
	// all the channels it serves.
	Overflow []int
}

// teams returns the channel's team and its overflow teams, in order.
func (c *Channel) teams() []int {
	if len(c.Overflow) == 0 {
		return []int{c.Team}
	}
	return append([]int{c.Team}, c.Overflow...)
}

// CallbackOffer is a real-time channel's offer to call back.
type CallbackOffer struct {
	// After is how long a caller waits before the offer, hours.
	After float64
	// Accept is the chance a caller takes it.
	Accept float64
	// Channel is the index of the deferred channel where accepted callbacks
	// queue (served from the time of the original call).
	Channel int
}

// Validate reports every inconsistency in m at once. The scenarios package
// reports the same problems with file and key; this guards library users
// who build a Model by hand.
func (m *Model) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !(m.Horizon > 0) || math.IsInf(m.Horizon, 0) {
		bad("horizon must be a positive finite number of hours, got %v", m.Horizon)
	}
	if !(m.Warmup >= 0) || !(m.Warmup < m.Horizon) {
		bad("warm-up must be at least 0 and shorter than the horizon, got %v (horizon %v)", m.Warmup, m.Horizon)
	}
	if len(m.Channels) == 0 {
		bad("needs at least one channel")
	}
	hours := m.hours()
	for i, t := range m.Teams {
		if t.OnDuty == nil && t.Agents < 1 {
			bad("team %d (%s): agents must be at least 1, got %d", i, t.Name, t.Agents)
		}
		if t.OnDuty != nil && len(t.OnDuty) < hours {
			bad("team %d (%s): on-duty schedule covers %d hours, the horizon %d", i, t.Name, len(t.OnDuty), hours)
		}
		if t.Paid != nil && len(t.Paid) < hours {
			bad("team %d (%s): paid schedule covers %d hours, the horizon %d", i, t.Name, len(t.Paid), hours)
		}
		if slices.ContainsFunc(t.OnDuty, func(n int) bool { return n < 0 }) || !(t.CostPerHour >= 0) {
			bad("team %d (%s): negative agents on duty or cost", i, t.Name)
		}
		if t.Extra != nil {
			switch {
			case t.OnDuty == nil || len(t.Extra) < hours:
				bad("team %d (%s): planned overtime needs an on-duty schedule and must cover the horizon's %d hours, got %d", i, t.Name, hours, len(t.Extra))
			case !(t.ExtraPremium >= 1) || math.IsInf(t.ExtraPremium, 0):
				bad("team %d (%s): planned overtime's premium must be a finite number ≥ 1, got %v", i, t.Name, t.ExtraPremium)
			default:
				if h := slices.IndexFunc(t.Extra[:hours], func(n int) bool { return n < 0 }); h >= 0 {
					bad("team %d (%s): negative planned overtime in hour %d", i, t.Name, h)
				}
				for h := range hours {
					if t.Extra[h] > t.OnDuty[h] {
						bad("team %d (%s): %d agents on planned overtime in hour %d, more than the %d on duty", i, t.Name, t.Extra[h], h, t.OnDuty[h])
						break
					}
				}
			}
		}
		if !(t.Speed >= 0) || math.IsInf(t.Speed, 0) {
			bad("team %d (%s): speed must be a finite number ≥ 0 (0 means 1), got %v", i, t.Name, t.Speed)
		}
		if t.SpeedByHour != nil {
			if len(t.SpeedByHour) < hours {
				bad("team %d (%s): speed by hour covers %d hours, the horizon %d", i, t.Name, len(t.SpeedByHour), hours)
			}
			if h := slices.IndexFunc(t.SpeedByHour, func(v float64) bool { return !(v > 0) || math.IsInf(v, 0) }); h >= 0 {
				bad("team %d (%s): speed by hour must be finite and above 0, got %v in hour %d", i, t.Name, t.SpeedByHour[h], h)
			}
		}
	}
	for i, c := range m.Channels {
		if c.Team < 0 || c.Team >= len(m.Teams) {
			bad("channel %d (%s): team index %d out of range", i, c.Name, c.Team)
		}
		switch {
		case c.HourlyRate != nil:
			if len(c.HourlyRate) < hours || slices.ContainsFunc(c.HourlyRate, func(r float64) bool { return !(r >= 0 && r <= MaxHourlyRate) }) {
				bad("channel %d (%s): hourly rates must cover the horizon with rates from 0 to %d an hour", i, c.Name, MaxHourlyRate)
			}
		case c.Interarrival.Kind != NoDist:
			if !(c.Interarrival.Mean() > 0) {
				bad("channel %d (%s): inter-arrival time must have a positive mean", i, c.Name)
			}
		case m.Season == nil:
			bad("channel %d (%s): needs arrivals: an inter-arrival time or hourly rates", i, c.Name)
		}
		if c.Open != nil && len(c.Open) < hours {
			bad("channel %d (%s): opening hours cover %d hours, the horizon %d", i, c.Name, len(c.Open), hours)
		}
		for _, ti := range c.Overflow {
			if ti < 0 || ti >= len(m.Teams) || ti == c.Team {
				bad("channel %d (%s): overflow team index %d out of range or the channel's own team", i, c.Name, ti)
			}
		}
		if cb := c.Callback; cb != nil {
			if c.Deferred || !(cb.After >= 0) || !(cb.Accept >= 0 && cb.Accept <= 1) || cb.Channel < 0 || cb.Channel >= len(m.Channels) || !m.Channels[cb.Channel].Deferred {
				bad("channel %d (%s): a callback offer needs a real-time channel, a wait ≥ 0, a probability and a deferred channel for the callbacks", i, c.Name)
			}
		}
		if !(c.Loss >= 0 && c.Loss <= 1) {
			bad("channel %d (%s): loss must be a probability, got %v", i, c.Name, c.Loss)
		}
		if c.Concurrency < 0 || c.Concurrency > 10 {
			bad("channel %d (%s): concurrency must be 1 to 10 (0 means 1), got %d", i, c.Name, c.Concurrency)
		}
		if !(c.NeverAnswered >= 0 && c.NeverAnswered <= 1) || (c.NeverAnswered > 0 && !c.Deferred) {
			bad("channel %d (%s): the share of contacts never answered must be in [0, 1], and only on a deferred channel, got %v", i, c.Name, c.NeverAnswered)
		}
		if c.Deferred && c.Patience.Kind != NoDist {
			bad("channel %d (%s): a deferred channel has no patience", i, c.Name)
		}
		if c.HandleTime.Kind == NoDist || !(c.HandleTime.Mean() > 0) {
			bad("channel %d (%s): handle time must have a positive mean", i, c.Name)
		}
		if c.QueueCapacity < Unlimited {
			bad("channel %d (%s): queue capacity must be at least 0 or Unlimited, got %d", i, c.Name, c.QueueCapacity)
		}
		if !(c.ServiceTarget >= 0) || math.IsInf(c.ServiceTarget, 0) {
			bad("channel %d (%s): service target must be a finite number of hours ≥ 0, got %v", i, c.Name, c.ServiceTarget)
		}
	}
	if m.Season != nil {
		errs = append(errs, m.Season.validate(m)...)
	}
	return errors.Join(errs...)
}
