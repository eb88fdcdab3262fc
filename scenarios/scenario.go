package scenarios

import (
	"slices"

	"github.com/peaksim/peaksim/sim"
)

// Default is the built-in scenario that `peaksim run` runs without an
// argument.
const Default = "christmas"

// Scenario is a checked scenario file: names checked, durations in hours,
// rates and distributions built, defaults filled in. Model compiles it for
// the engine.
type Scenario struct {
	Name        string
	Description string
	// Currency is the ISO 4217 code every amount of the file is in
	// (prices, team costs, order and customer values); empty when the file
	// does not say.
	Currency string
	// Variant is the name of the variant this is, for one of Variants;
	// empty for the file itself.
	Variant string
	// Variants are the file's variants (variants:), each a complete
	// scenario, the first the baseline; nil for a file without.
	Variants []*Scenario
	// Point is the sweep point a Derive-d scenario stands for.
	Point []Setting
	// Thresholds are the targets peaksim check judges the run against.
	Thresholds []Threshold
	// Source is the file path as given to Load, or "builtin:NAME".
	Source string
	// YAML is the file as read, echoed into results so that a result
	// says exactly what produced it.
	YAML []byte
	// Horizon is the length of one replication in hours, warm-up
	// included: contacts arrive during [0, Horizon) and those admitted are
	// then served to the end. A season's horizon is its calendar's days
	// times 24.
	Horizon float64
	// Warmup is the start of the measured window, in hours; 0 for a
	// season, which starts empty like the real one.
	Warmup       float64
	Replications int
	Seed         uint64
	// Season is the order-driven world of a file with a calendar; nil for
	// a plain contact centre.
	Season   *Season
	Teams    []Team
	Channels []Channel
}

// Team is a pool of interchangeable agents.
type Team struct {
	Name string
	// Headcount is the number of agents; 0 for a team with Shifts.
	Headcount int
	// The rest is for a season (HeadcountByDate, WorkingHours, Shifts,
	// ClosedOn, Shrinkage), optional (CostPerHour, Speed, OldestFirst), or
	// for the planner alone (MinHeadcount, MaxHeadcount, HiringStep).

	// Hiring, when set, lets peaksim plan --hiring add classes of new
	// agents to the team (a season's team with a headcount).
	Hiring *Hiring
	// Extra is the planned overtime of a hiring plan (a file cannot give
	// it): Extra[h] more agents on duty in hour h of the season than the
	// shifts or headcount put there, paid at Hiring.Overtime.Premium times
	// CostPerHour. They are the team's own agents in extra hours, so
	// shrinkage (absence, meetings) does not take a share of them, and they
	// work at the speed of the others on duty in the hour.
	Extra []int
	// HeadcountByDate replaces Headcount on some days (temporary staff,
	// holidays).
	HeadcountByDate []Override
	// WorkingHours are the hours of the week the team works; every hour
	// when the file does not say.
	WorkingHours Week
	// Shifts, when set, replace Headcount, HeadcountByDate and
	// WorkingHours: the agents paid in an hour are the headcounts of the
	// shifts that cover it, added up.
	Shifts []Shift
	// ClosedOn are the dates the team does not work at all, sorted.
	ClosedOn []Date
	// Shrinkage is the share of paid time not spent on contacts (breaks,
	// training, absence), from 0 to less than 1.
	Shrinkage float64
	// CostPerHour is the cost of one paid agent hour.
	CostPerHour float64
	// Speed scales how fast the team works: handle times are divided by
	// it (new temporary staff at 0.8 take a quarter longer); 1 by default.
	// New staff on a shift or headcount override with a Ramp work slower
	// than it while they learn.
	Speed float64
	// OldestFirst makes a free agent take whatever has waited longest,
	// real-time contact, deferred work or a case to resolve; by default
	// every real-time contact comes first.
	OldestFirst bool
	// Authority lists the resolutions the team may give without
	// escalating, for workflow branches on it.
	Authority []sim.Resolution

	// MinHeadcount, MaxHeadcount and HiringStep bound the headcounts
	// peaksim plan may give the team in a period: MinHeadcount,
	// MinHeadcount+HiringStep, MinHeadcount+2×HiringStep, ... up to
	// MaxHeadcount, and MaxHeadcount itself. For a team with Shifts the
	// headcount is the shifts' headcounts added up in the period. They
	// matter only to the planner: a run uses Headcount (or the Shifts),
	// which need not lie in this range.
	//
	// The loader fills in the defaults: in a loaded scenario
	// 0 <= MinHeadcount <= MaxHeadcount and HiringStep >= 1.
	//
	// MinHeadcount is 1 by default; 0 lets the planner plan the team away
	// in a period.
	MinHeadcount int
	// MaxHeadcount is 100000 by default, the most agents a team may have
	// in a file.
	MaxHeadcount int
	// HiringStep is how many agents are hired together (a training class);
	// 1 by default.
	HiringStep int
}

// Shift is a named shift of a season team: Headcount agents paid from the
// local hour Start to End (End excluded) on the days of the week in Days,
// on the dates From to To (both included; a zero Date leaves that end of
// the season open).
type Shift struct {
	Name       string
	Start, End int
	// Days[time.Weekday] is true on the days the shift works.
	Days      [7]bool
	Headcount int
	From, To  Date
	// Ramp, when set, makes the shift's agents new staff who are still
	// learning; nil: they work at the team's speed from the start.
	Ramp *Ramp
}

// Ramp is how new staff learn: on Start, their first day, they work at
// StartSpeed times the team's speed, and they gain speed in a straight
// line to the team's full speed Weeks weeks later (counted in calendar
// days). Start is the From date of the shift or override the ramp belongs
// to, kept here so that the ramp stays the same when a shift is cut into
// periods.
type Ramp struct {
	Start Date
	// StartSpeed is in (0, 1]; Weeks in (0, 52].
	StartSpeed, Weeks float64
}

// factor returns the ramping agents' share of full speed on day index day
// of calendar c: StartSpeed on Start (and before it), full speed (1) from
// Weeks weeks later on, and in a straight line in between.
func (r *Ramp) factor(c *Calendar, day int) float64 {
	learnt := float64(day-c.Day(r.Start)) / (7 * r.Weeks)
	return r.StartSpeed + (1-r.StartSpeed)*min(max(learnt, 0), 1)
}

// Channel is a stream of contacts served by one team.
type Channel struct {
	Name string
	// Team is the name of the team that serves the channel.
	Team string
	// Arrivals is the distribution of the time between arrivals, in hours:
	// exponential for a Poisson rate.
	Arrivals   sim.Dist
	HandleTime sim.Dist
	// Patience is how long a customer waits before abandoning; the zero
	// Dist when customers never abandon.
	Patience sim.Dist
	// QueueCapacity is how many contacts may wait (not counting those
	// being handled) before new ones are rejected; sim.Unlimited if any
	// number may.
	QueueCapacity int
	// ServiceLevelTarget is the "answered within" time of the service
	// level, in hours.
	ServiceLevelTarget float64
	// Deferred channels (email, social media, voicemail) hold work that
	// agents take when no real-time contact waits.
	Deferred bool
	// The rest is for a season.

	// OpeningHours are the hours of the week the channel takes contacts;
	// every hour when the file does not say. ClosedOn are the dates it is
	// closed all day, sorted.
	OpeningHours Week
	ClosedOn     []Date
	// Rate (per hour, while open) or PerDay (contacts a day, shaped like
	// the orders) is the season channel's direct stream of contacts; both
	// are 0 when only customers with a case contact it. A season channel's
	// Arrivals is the zero Dist.
	Rate, PerDay float64
	// Trace, when set, is the direct stream's expected contacts in every
	// hour of the season, read from TraceFile (a daily trace spread over
	// the day with the hour profile; TraceHourly when it gives every
	// hour); it replaces Rate and PerDay.
	Trace       []float64
	TraceFile   string
	TraceHourly bool
	// Shape, when set, spreads PerDay over the season instead of the
	// demand's Shape: it holds the stream's own season curve, weekday and
	// hour profiles, and the demand's for those the file does not give.
	Shape *Shape
	// Concurrency is how many contacts an agent handles at once (chat); 1
	// by default.
	Concurrency int
	// Overflow names other teams skilled for the channel, which take its
	// contacts when they have an agent free.
	Overflow []string
	// Transit, when set, makes the channel post: a customer's letter
	// reaches the queue after this time, unless the post loses it
	// (probability Loss). Season only.
	Transit sim.Dist
	Loss    float64
	// Callback, when set, offers the channel's callers a call back.
	Callback *Callback
	// NeverAnswered is the share of the contacts a deferred channel takes
	// that nobody ever answers (sim.Channel.NeverAnswered).
	NeverAnswered float64
}

// Callback is a real-time channel's offer to call back: a caller who has
// waited After (hours) takes it with probability Accept, and the call back
// queues on the deferred channel named Channel.
type Callback struct {
	After, Accept float64
	Channel       string
}

// Info names and describes a built-in scenario.
type Info struct {
	Name        string
	Description string
}

// Model compiles s for the engine: team and channel names become indices,
// and a season's calendar becomes per-hour and per-day arrays (see
// docs/scenarios.md, "How a season becomes hours"). A Scenario
// from Load, Parse, Open or Builtin always compiles to a Model that passes
// (*sim.Model).Validate; for one built by hand, a channel whose team does not
// exist gets index -1, which Validate reports.
func (s *Scenario) Model() *sim.Model {
	m := &sim.Model{
		Name:     s.Name,
		Horizon:  s.Horizon,
		Warmup:   s.Warmup,
		Teams:    make([]sim.Team, len(s.Teams)),
		Channels: make([]sim.Channel, len(s.Channels)),
	}
	for i, t := range s.Teams {
		m.Teams[i] = sim.Team{Name: t.Name, Agents: t.Headcount, CostPerHour: t.CostPerHour, Speed: t.Speed, OldestFirst: t.OldestFirst}
		for _, r := range t.Authority {
			m.Teams[i].Authority[r] = true
		}
	}
	for i, c := range s.Channels {
		m.Channels[i] = sim.Channel{
			Name:          c.Name,
			Team:          slices.IndexFunc(s.Teams, func(t Team) bool { return t.Name == c.Team }),
			Interarrival:  c.Arrivals,
			HandleTime:    c.HandleTime,
			Patience:      c.Patience,
			QueueCapacity: c.QueueCapacity,
			ServiceTarget: c.ServiceLevelTarget,
			Deferred:      c.Deferred,
			Concurrency:   c.Concurrency,
			NeverAnswered: c.NeverAnswered,
		}
		for _, name := range c.Overflow {
			m.Channels[i].Overflow = append(m.Channels[i].Overflow, slices.IndexFunc(s.Teams, func(t Team) bool { return t.Name == name }))
		}
	}
	for i, c := range s.Channels {
		if cb := c.Callback; cb != nil {
			m.Channels[i].Callback = &sim.CallbackOffer{
				After:   cb.After,
				Accept:  cb.Accept,
				Channel: slices.IndexFunc(s.Channels, func(c Channel) bool { return c.Name == cb.Channel }),
			}
		}
	}
	if s.Season != nil {
		s.compileSeason(m)
	}
	return m
}
