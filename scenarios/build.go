package scenarios

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/peaksim/peaksim/sim"
)

// Defaults and the bounds that keep a scenario from describing an absurd
// run (a cost estimate comes later).
// MaxReplications bounds run.replications, and the flags that override
// it: 10,000 replications of a season is days of computing, beyond any
// interval a planner needs.
const MaxReplications = 10000

const (
	defaultReplications = 10
	defaultSeed         = 1
	// defaultServiceLevelTarget is the contact-centre "80/20" convention,
	// 80% answered within 20 s (DOMAIN.md §3), in hours.
	defaultServiceLevelTarget = 20.0 / 3600
	maxHeadcount              = 100000
	maxQueueCapacity          = 10_000_000
	maxDescription            = 500
	maxTeams                  = 500
	maxChannels               = 500
	maxSpeed                  = 10
	maxConcurrency            = 10
	// defaultDeferredTarget is the reply target of a deferred channel:
	// 24 h is the most common email target (DOMAIN.md §3).
	defaultDeferredTarget = 24.0
)

// namePattern is the rule for every name: names become metric paths, file
// names and HTML text, so they hold nothing that needs escaping anywhere.
var namePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,63}$`)

const nameRule = "a name of 1 to 64 letters, digits, '_' and '-' that starts with a letter"

// scenario converts and checks raw, the scenario file at path file,
// reporting every problem to p.
func (p *problems) scenario(raw *rawScenario, file string) *Scenario {
	s := &Scenario{
		Name:         p.name("name", raw.Name),
		Description:  p.description("description", raw.Description),
		Currency:     p.currency("currency", raw.Currency),
		Replications: defaultReplications,
		Seed:         defaultSeed,
	}
	// cal is the season's calendar, nil in a plain contact centre and in a
	// season whose dates are unusable: the checks against the dates then
	// wait until those are fixed.
	var cal *Calendar
	if raw.Calendar != nil {
		s.Season = &Season{}
		if cal = p.calendar(raw.Calendar); cal != nil {
			s.Season.Calendar = *cal
			s.Horizon = float64(cal.hours())
		}
	} else {
		for key, given := range map[string]bool{"demand": raw.Demand != nil, "fulfilment": raw.Fulfilment != nil, "exceptions": raw.Exceptions != nil, "customers": raw.Customers != nil, "costs": raw.Costs != nil} {
			if given {
				p.add(key, "%s; add one, or remove %s", seasonOnly, key)
			}
		}
	}
	p.run(s, raw.Run)
	// The demand comes before the channels, whose direct streams take its
	// shape where they give none of their own.
	demandOK := false
	if s.Season != nil {
		demandOK = p.demand(&s.Season.Demand, raw.Demand, cal, file)
	}
	teamNames := p.teams(s, raw.Teams, cal, file)
	p.channels(s, raw.Channels, teamNames, cal, file)
	if s.Season != nil {
		p.season(s, raw, demandOK)
	}
	switch {
	case raw.Forecast == nil:
	case s.Season == nil:
		p.add("forecast", "%s; add one, or remove forecast", seasonOnly)
	default:
		s.Season.Forecast = p.forecast("forecast", raw.Forecast)
	}
	if len(*p) == 0 {
		// The thresholds name metrics of the model, which needs the rest
		// to be sound.
		p.thresholds(s, raw.Thresholds)
	}
	return s
}

func (p *problems) run(s *Scenario, r *rawRun) {
	switch {
	case r == nil && s.Season != nil:
		return
	case r == nil:
		p.add("run", "required: a mapping with horizon, and optionally warmup, replications and seed")
		return
	case s.Season != nil:
		const derived = "not allowed in a season: the calendar sets the horizon (its days × 24 h), and a season starts empty, without a warm-up"
		if r.Horizon != nil {
			p.add("run.horizon", "%s", derived)
		}
		if r.Warmup != nil {
			p.add("run.warmup", "%s", derived)
		}
	default:
		p.horizon(s, r)
	}
	if r.Replications != nil {
		n, _ := p.integer("run.replications", r.Replications, 1, MaxReplications, "a positive integer")
		s.Replications = int(n)
	}
	if r.Seed != nil {
		s.Seed, _ = p.integer("run.seed", r.Seed, 0, math.MaxUint64, "a non-negative integer")
	}
}

// horizon converts the horizon and warm-up of a plain contact centre.
func (p *problems) horizon(s *Scenario, r *rawRun) {
	if r.Horizon == nil {
		p.add("run.horizon", "required: the length of one replication, warm-up included, e.g. 168h")
	} else if h, ok := p.duration("run.horizon", r.Horizon); ok {
		if h == 0 {
			p.add("run.horizon", "must be positive")
		}
		s.Horizon = h
	}
	if r.Warmup != nil {
		if w, ok := p.duration("run.warmup", r.Warmup); ok {
			if s.Horizon > 0 && w >= s.Horizon {
				p.add("run.warmup", "must be shorter than run.horizon (%s), got %s", asWritten(r.Horizon), asWritten(r.Warmup))
			}
			s.Warmup = w
		}
	}
}

// teams converts the teams and returns the names given, valid or not, for
// the channels' references: a channel naming a team whose name is malformed
// needs no second message. cal is the season's calendar (see scenario).
func (p *problems) teams(s *Scenario, raw []rawTeam, cal *Calendar, file string) (names []string) {
	switch {
	case len(raw) == 0:
		p.add("teams", "required: a list of at least one team, e.g. [{name: agents, headcount: 10}]")
		return nil
	case len(raw) > maxTeams:
		p.add("teams", "must have at most %d teams, got %d", maxTeams, len(raw))
		return nil
	}
	seen := map[string]string{}
	for i, t := range raw {
		key := "teams[" + strconv.Itoa(i) + "]"
		name := p.name(key+".name", t.Name)
		p.unique(seen, key, name, "team")
		if n, ok := t.Name.(string); ok {
			names = append(names, n)
		}
		shifts := s.Season != nil && t.Shifts != nil
		var headcount uint64
		switch {
		case shifts && t.Headcount != nil:
			p.add(key+".headcount", "not with shifts: the shifts give the team's agents (leave headcount out)")
		case shifts:
		case t.Headcount == nil && s.Season != nil:
			p.add(key+".headcount", "required: the number of agents, e.g. 10 (or shifts)")
		case t.Headcount == nil:
			p.add(key+".headcount", "required: the number of agents, e.g. 10")
		default:
			headcount, _ = p.integer(key+".headcount", t.Headcount, 1, maxHeadcount, "a positive integer")
		}
		team := Team{Name: name, Headcount: int(headcount), WorkingHours: allWeek(), Speed: 1}
		if t.CostPerHour != nil {
			team.CostPerHour, _ = p.number(key+".cost_per_hour", t.CostPerHour, 0, maxCostPerHour, "a non-negative number, the cost of a paid agent hour, e.g. 22")
		}
		p.planBounds(key, t, &team)
		if t.Speed != nil {
			if f, ok := p.number(key+".speed", t.Speed, 0, maxSpeed, "a number above 0 and at most 10, e.g. 0.8 for new temporary staff"); ok && f == 0 {
				p.add(key+".speed", "must be above 0: a team at speed 0 never finishes")
			} else if ok {
				team.Speed = f
			}
		}
		if t.Priority != nil {
			team.OldestFirst = p.priority(key+".priority", t.Priority)
		}
		if s.Season == nil {
			p.seasonKeys(key, map[string]bool{"headcount_by_date": t.HeadcountByDate != nil, "roster": t.Roster != nil, "working_hours": t.WorkingHours != nil,
				"shifts": t.Shifts != nil, "closed_on": t.ClosedOn != nil, "shrinkage": t.Shrinkage != nil})
			p.rampsWithoutCalendar(key, t)
			if t.Hiring != nil {
				p.add(key+".hiring", "%s: classes are hired on dates of the season's calendar", seasonOnly)
			}
		} else {
			switch {
			case shifts:
				if t.HeadcountByDate != nil {
					p.add(key+".headcount_by_date", "not with shifts: give a shift from and to dates instead")
				}

				if t.WorkingHours != nil {
					p.add(key+".working_hours", "not with shifts: each shift has its own hours and days")
				}
				before := len(*p)
				team.Shifts = p.shifts(key+".shifts", t.Shifts, cal)
				if t.Roster != nil && cal != nil && len(*p) == before {
					_, team.Shifts = p.roster(key+".roster", team.Name, t.Roster, cal, file, team.Shifts)
				}
			case t.Roster != nil:
				if t.HeadcountByDate != nil {
					p.add(key+".headcount_by_date", "not with roster: the roster gives the team's headcount by date")
				}
				if cal != nil {
					team.HeadcountByDate, _ = p.roster(key+".roster", team.Name, t.Roster, cal, file, nil)
				}
				if t.WorkingHours != nil {
					team.WorkingHours, _ = p.week(key+".working_hours", t.WorkingHours)
				}
			default:
				team.HeadcountByDate = p.overrides(key+".headcount_by_date", "headcount", len(t.HeadcountByDate), func(i int) (any, any, any) {
					o := t.HeadcountByDate[i]
					return o.From, o.To, o.Headcount
				}, func(i int) *rawRamp { return t.HeadcountByDate[i].Ramp }, maxHeadcount, cal)
				if t.WorkingHours != nil {
					team.WorkingHours, _ = p.week(key+".working_hours", t.WorkingHours)
				}
			}
			if t.ClosedOn != nil {
				team.ClosedOn = p.dates(key+".closed_on", t.ClosedOn, cal)
			}
			if t.Hiring != nil {
				team.Hiring = p.hiring(key+".hiring", t.Hiring, cal)
			}
			if t.Shrinkage != nil {
				if f, ok := p.number(key+".shrinkage", t.Shrinkage, 0, 1, "a number from 0 to less than 1, e.g. 0.3"); ok && f == 1 {
					p.add(key+".shrinkage", "must be less than 1: with shrinkage 1 nobody ever works")
				} else {
					team.Shrinkage = f
				}
			}
		}
		s.Teams = append(s.Teams, team)
	}
	return names
}

// The planner's defaults for a team (see Team.MinHeadcount); the default
// max_headcount is maxHeadcount, so that it bounds nothing a file may hold.
const (
	defaultMinHeadcount = 1
	defaultHiringStep   = 1
)

// planBounds converts a team's min_headcount, max_headcount and
// hiring_step into team, with the defaults for those not given.
func (p *problems) planBounds(key string, t rawTeam, team *Team) {
	team.MinHeadcount, team.MaxHeadcount, team.HiringStep = defaultMinHeadcount, maxHeadcount, defaultHiringStep
	// checkable: min_headcount and max_headcount are each absent or valid, so
	// that one can be checked against the other.
	checkable := true
	if t.MinHeadcount != nil {
		n, ok := p.integer(key+".min_headcount", t.MinHeadcount, 0, maxHeadcount, "an integer of 0 or more, the fewest agents the planner may give the team")
		team.MinHeadcount, checkable = int(n), ok
	}
	if t.MaxHeadcount != nil {
		n, ok := p.integer(key+".max_headcount", t.MaxHeadcount, 0, maxHeadcount, "an integer of 0 or more, the most agents the planner may give the team")
		team.MaxHeadcount, checkable = int(n), checkable && ok
	}
	if t.HiringStep != nil {
		n, _ := p.integer(key+".hiring_step", t.HiringStep, 1, maxHeadcount, "a positive integer, the agents hired together, e.g. 5")
		team.HiringStep = int(n)
	}
	switch {
	case !checkable || team.MinHeadcount <= team.MaxHeadcount:
	case t.MinHeadcount != nil:
		p.add(key+".min_headcount", "must be at most max_headcount (%d), got %d", team.MaxHeadcount, team.MinHeadcount)
	default:
		// Only max_headcount: 0 is below the default minimum.
		p.add(key+".max_headcount", "must be at least min_headcount (%d by default), got %d; add min_headcount: 0 to let the planner plan the team away", team.MinHeadcount, team.MaxHeadcount)
	}
}

// The values of teams[].priority; realtime-first is the default.
const (
	realtimeFirst = "realtime-first"
	oldestFirst   = "oldest-first"
)

// priority converts a team's routing priority; true for oldest-first.
func (p *problems) priority(key string, v any) bool {
	const choose = "choose realtime-first (every real-time contact before deferred work) or oldest-first (whatever has waited longest)"
	s, ok := v.(string)
	switch {
	case !ok:
		p.add(key, "must be realtime-first or oldest-first; got %s", describe(v))
	case s == oldestFirst:
		return true
	case s == realtimeFirst:
	default:
		hint := ""
		for _, c := range []string{realtimeFirst, oldestFirst} {
			// "oldest" and "realtime" are the start of the name.
			if l := strings.ToLower(s); len(l) >= 3 && strings.HasPrefix(c, l) || closest(l, []string{c}) != "" {
				hint = " (did you mean " + c + "?)"
			}
		}
		p.add(key, "unknown priority %s%s; %s", describe(s), hint, choose)
	}
	return false
}

// seasonKeys reports the keys of the item at key that belong to a season
// scenario only, in a file without a calendar.
func (p *problems) seasonKeys(key string, given map[string]bool) {
	for k, ok := range given {
		if ok {
			p.add(joinKey(key, k), "%s", seasonOnly)
		}
	}
}

func (p *problems) channels(s *Scenario, raw []rawChannel, teamNames []string, cal *Calendar, file string) {
	switch {
	case len(raw) == 0:
		p.add("channels", "required: a list of at least one channel, each with name, team, arrivals and handle_time")
		return
	case len(raw) > maxChannels:
		p.add("channels", "must have at most %d channels, got %d", maxChannels, len(raw))
		return
	}
	seen := map[string]string{}
	for i, c := range raw {
		key := "channels[" + strconv.Itoa(i) + "]"
		ch := Channel{
			Name:               p.name(key+".name", c.Name),
			QueueCapacity:      sim.Unlimited,
			ServiceLevelTarget: defaultServiceLevelTarget,
			OpeningHours:       allWeek(),
			Concurrency:        1,
		}
		p.unique(seen, key, ch.Name, "channel")
		ch.Team = p.teamRef(key+".team", c.Team, teamNames, "serves the channel")
		if c.Deferred != nil {
			if b, ok := c.Deferred.(bool); ok {
				ch.Deferred = b
			} else {
				p.add(key+".deferred", "must be true or false, got %s", describe(c.Deferred))
			}
		}
		if ch.Deferred {
			ch.ServiceLevelTarget = defaultDeferredTarget
		}
		if c.Concurrency != nil {
			n, _ := p.integer(key+".concurrency", c.Concurrency, 1, maxConcurrency, "an integer from 1 to 10")
			ch.Concurrency = max(int(n), 1)
		}
		ch.Overflow = p.overflow(key+".overflow", c.Overflow, ch.Team, teamNames)
		if s.Season == nil {
			ch.Arrivals = p.arrivals(key+".arrivals", c.Arrivals)
			p.seasonKeys(key, map[string]bool{"opening_hours": c.OpeningHours != nil, "closed_on": c.ClosedOn != nil, "post": c.Post != nil})
		} else {
			if c.Post != nil {
				p.post(key+".post", c.Post, &ch)
			}
			p.seasonArrivals(key+".arrivals", c.Arrivals, &ch, &s.Season.Demand.Shape, cal, file)
			if c.OpeningHours != nil {
				ch.OpeningHours, _ = p.week(key+".opening_hours", c.OpeningHours)
			}
			if c.ClosedOn != nil {
				ch.ClosedOn = p.dates(key+".closed_on", c.ClosedOn, cal)
			}
		}
		if c.HandleTime == nil {
			p.add(key+".handle_time", "required: a distribution, e.g. {dist: exponential, mean: 5m}")
		} else if d, ok := p.dist(key+".handle_time", c.HandleTime); ok {
			if !(d.Mean() > 0) {
				p.add(key+".handle_time", "must have a positive mean: handling takes time")
			}
			ch.HandleTime = d
		}
		if c.Patience != nil {
			if ch.Deferred {
				p.add(key+".patience", "does not apply to a deferred channel: nobody hangs up on an email or a voicemail")
			} else {
				ch.Patience, _ = p.dist(key+".patience", c.Patience)
			}
		}
		if c.QueueCapacity != nil {
			n, _ := p.integer(key+".queue_capacity", c.QueueCapacity, 0, maxQueueCapacity, "an integer of 0 or more")
			ch.QueueCapacity = int(n)
		}
		if c.ServiceLevelTarget != nil {
			ch.ServiceLevelTarget, _ = p.duration(key+".service_level_target", c.ServiceLevelTarget)
		}
		if c.Callback != nil {
			ch.Callback = p.callback(key+".callback", c.Callback, ch.Deferred)
		}
		if c.NeverAnswered != nil {
			ch.NeverAnswered = p.neverAnswered(key+".never_answered", c.NeverAnswered, ch.Deferred)
		}
		s.Channels = append(s.Channels, ch)
	}
	p.callbackChannels(s)
}

// neverAnswered converts the share of the contacts a deferred channel
// takes that nobody ever answers.
func (p *problems) neverAnswered(key string, v any, deferred bool) float64 {
	f, ok := p.share(key, v)
	if ok && !deferred {
		p.add(key, "only on a deferred channel (deferred: true): a message taken and never answered, such as a voicemail whose callback never comes")
	}
	return f
}

func (p *problems) callback(key string, r *rawCallback, deferred bool) *Callback {
	cb := &Callback{}
	if deferred {
		p.add(key, "only on a real-time channel: a deferred channel's customers do not hold on")
	}
	if r.After == nil {
		p.add(key+".after", "required: how long a caller waits before the offer, e.g. 2m")
	} else {
		cb.After, _ = p.duration(key+".after", r.After)
	}
	if r.Accept == nil {
		p.add(key+".accept", "required: the chance a caller takes the offer, e.g. 0.5")
	} else {
		cb.Accept, _ = p.number(key+".accept", r.Accept, 0, 1, "a number from 0 to 1")
	}
	switch name, ok := r.Channel.(string); {
	case r.Channel == nil:
		p.add(key+".channel", "required: the name of the deferred channel where the call backs queue")
	case !ok:
		p.add(key+".channel", "must be the name of a deferred channel, got %s", describe(r.Channel))
	default:
		cb.Channel = name
	}
	return cb
}

// callbackChannels checks that each callback offer names a deferred
// channel of the file.
func (p *problems) callbackChannels(s *Scenario) {
	var deferred []string
	for _, c := range s.Channels {
		if c.Deferred && c.Name != "" {
			deferred = append(deferred, c.Name)
		}
	}
	for i, c := range s.Channels {
		if c.Callback == nil || c.Callback.Channel == "" || slices.Contains(deferred, c.Callback.Channel) {
			continue
		}
		key := "channels[" + strconv.Itoa(i) + "].callback.channel"
		switch name := c.Callback.Channel; {
		case len(deferred) == 0:
			p.add(key, "no deferred channel in the file for the call backs; add one with deferred: true")
		case closest(name, deferred) != "":
			p.add(key, "no deferred channel named %s; did you mean %s?", describe(name), closest(name, deferred))
		default:
			p.add(key, "no deferred channel named %s; the deferred channels are: %s", describe(name), strings.Join(deferred, ", "))
		}
	}
}

// teamRef checks a reference to a team by name; role says what the team
// does there, for the message when it is missing.
func (p *problems) teamRef(key string, v any, teamNames []string, role string) string {
	name, ok := v.(string)
	switch {
	case v == nil:
		p.add(key, "required: the name of the team that %s", role)
	case !ok:
		p.add(key, "must be the name of a team, got %s", describe(v))
	case len(teamNames) > 0 && !slices.Contains(teamNames, name):
		p.add(key, "no team named %s; teams are: %s", describe(name), strings.Join(teamNames, ", "))
	}
	return name
}

// overflow checks a channel's list of overflow teams: known teams, each
// once, and not the channel's own.
func (p *problems) overflow(key string, v any, own string, teamNames []string) []string {
	if v == nil {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		p.add(key, "must be a list of team names, e.g. [back-office]; got %s", describe(v))
		return nil
	}
	var names []string
	for i, item := range list {
		k := key + "[" + strconv.Itoa(i) + "]"
		name := p.teamRef(k, item, teamNames, "also serves the channel")
		switch {
		case name == own:
			p.add(k, "%s is the channel's own team; overflow lists other teams", describe(name))
		case slices.Contains(names, name):
			p.add(k, "%s is listed twice", describe(name))
		default:
			names = append(names, name)
		}
	}
	return names
}

// arrivals converts a channel's arrivals to the distribution of the time
// between arrivals.
func (p *problems) arrivals(key string, a *rawArrivals) sim.Dist {
	if a != nil {
		p.seasonKeys(key, map[string]bool{"season_curve": a.SeasonCurve != nil, "weekday_profile": a.WeekdayProfile != nil, "hour_profile": a.HourProfile != nil, "trace": a.Trace != nil})
	}
	switch {
	case a == nil:
		p.add(key, "required: {rate: 45/h} for Poisson arrivals, or {interarrival: a distribution}")
	case a.PerDay != nil:
		p.add(key+".per_day", "%s; give rate instead", seasonOnly)
	case a.Rate != nil && a.Interarrival != nil:
		p.add(key, "give rate or interarrival, not both")
	case a.Rate != nil:
		if r, ok := p.rate(key+".rate", a.Rate); ok {
			// Poisson arrivals at rate r are exponential gaps of mean 1/r.
			d, err := sim.NewExponential(1 / r)
			if err != nil {
				p.addErr(key+".rate", err)
			}
			return d
		}
	case a.Interarrival != nil:
		d, ok := p.dist(key+".interarrival", a.Interarrival)
		switch {
		case !ok:
		case !(d.Mean() > 0):
			p.add(key+".interarrival", "must have a positive mean: contacts cannot all arrive at once")
		case 1/d.Mean() > maxRate:
			p.add(key+".interarrival", "means more than a billion arrivals per hour")
		}
		return d
	default:
		p.add(key, "needs rate (e.g. 45/h) or interarrival (a distribution)")
	}
	return sim.Dist{}
}

// seasonArrivals converts the direct stream of a season channel, which it
// may lack: rate (constant while the channel is open) or per_day (shaped
// like the orders, demand, unless it gives a shape of its own).
func (p *problems) seasonArrivals(key string, a *rawArrivals, ch *Channel, demand *Shape, cal *Calendar, file string) {
	switch {
	case a == nil:
	case a.Trace != nil:
		for k, given := range map[string]bool{"rate": a.Rate != nil, "per_day": a.PerDay != nil, "interarrival": a.Interarrival != nil,
			"season_curve": a.SeasonCurve != nil, "weekday_profile": a.WeekdayProfile != nil} {
			if given {
				p.add(key+"."+k, "not with trace: the trace gives the contacts of every day or hour")
			}
		}
		sh := *demand
		if a.HourProfile != nil {
			p.shape(key, &sh, nil, nil, a.HourProfile, "trace", "contacts")
		}
		if cal == nil {
			return // the calendar's problems come first
		}
		perHour, path, hourly, ok := p.readTrace(key+".trace", "contacts", a.Trace, cal, file, &sh.HourProfile)
		ch.TraceFile = path
		if hourly && a.HourProfile != nil {
			p.add(key+".hour_profile", "does not apply with an hourly trace: the trace gives the contacts of every hour")
			ok = false
		}
		if ok {
			ch.Trace, ch.TraceHourly, ch.Shape = perHour, hourly, &sh
		}
	case a.Interarrival != nil:
		p.add(key+".interarrival", "not available in a season, where arrivals follow the opening hours; give rate or per_day")
	case a.Rate != nil && a.PerDay != nil:
		p.add(key, "give rate or per_day, not both")
	case a.Rate != nil:
		ch.Rate, _ = p.rate(key+".rate", a.Rate)
		if ch.Rate > sim.MaxHourlyRate {
			// A season draws a direct stream's contacts hour by hour, and
			// holds an hour's together.
			p.add(key+".rate", "must be at most %d/h in a season, got %s/h", sim.MaxHourlyRate, strconv.FormatFloat(ch.Rate, 'f', -1, 64))
		}
		for k, given := range map[string]bool{"season_curve": a.SeasonCurve != nil, "weekday_profile": a.WeekdayProfile != nil, "hour_profile": a.HourProfile != nil} {
			if given {
				p.add(key+"."+k, "only with per_day: a rate is the same in every open hour")
			}
		}
	case a.PerDay != nil:
		if n, ok := p.number(key+".per_day", a.PerDay, 0, maxOrdersPerDay, "a number of contacts a day from 0 to 10000000"); ok && n == 0 {
			p.add(key+".per_day", "must be more than 0 (leave arrivals out for a channel without a direct stream)")
		} else {
			ch.PerDay = n
		}
		if a.SeasonCurve != nil || a.WeekdayProfile != nil || a.HourProfile != nil {
			// The demand's shape, then what the stream gives of its own.
			sh := *demand
			sh.SeasonCurve = slices.Clone(demand.SeasonCurve)
			p.shape(key, &sh, a.SeasonCurve, a.WeekdayProfile, a.HourProfile, "per_day", "contacts")
			ch.Shape = &sh
		}
	default:
		p.add(key, "needs rate (e.g. 45/h) or per_day (e.g. 1500), or leave arrivals out for a channel that only customers with a case contact")
	}
}

func (p *problems) name(key string, v any) string {
	s, ok := v.(string)
	switch {
	case v == nil:
		p.add(key, "required: %s", nameRule)
	case !ok || !namePattern.MatchString(s):
		p.add(key, "must be %s; got %s", nameRule, describe(v))
	default:
		return s
	}
	return ""
}

// unique reports a name already in seen (which maps lower-cased names to
// the key of their item). Names differing only in case would collide as
// file names on macOS and Windows.
func (p *problems) unique(seen map[string]string, key, name, what string) {
	if name == "" {
		return
	}
	lower := strings.ToLower(name)
	if prev, ok := seen[lower]; ok {
		p.add(key+".name", "duplicate %s name %s (%s has it; names must differ in more than letter case)", what, describe(name), prev)
		return
	}
	seen[lower] = key
}

// currency reads an ISO 4217 code. The code is all peaksim does with it:
// amounts are shown in it, never converted.
func (p *problems) currency(key string, v any) string {
	s, ok := v.(string)
	switch {
	case v == nil:
	case !ok || len(s) != 3 || strings.ContainsFunc(s, func(r rune) bool { return r < 'A' || r > 'Z' }):
		p.add(key, "must be an ISO 4217 currency code of three capital letters, such as GBP, EUR or USD; got %s", describe(v))
	default:
		return s
	}
	return ""
}

func (p *problems) description(key string, v any) string {
	s, ok := v.(string)
	switch {
	case v == nil:
	case !ok:
		p.add(key, "must be text, got %s", describe(v))
	case !utf8.ValidString(s):
		p.add(key, "must be valid UTF-8 text")
	case utf8.RuneCountInString(s) > maxDescription:
		p.add(key, "must be at most %d characters, got %d", maxDescription, utf8.RuneCountInString(s))
	case strings.ContainsFunc(s, unicode.IsControl):
		p.add(key, "must be one line, without control characters such as line breaks or tabs")
	default:
		return s
	}
	return ""
}

func (p *problems) duration(key string, v any) (float64, bool) {
	if s, ok := v.(string); ok {
		h, err := ParseDuration(s)
		if err != nil {
			p.addErr(key, err)
			return 0, false
		}
		return h, true
	}
	f, ok := numeric(v)
	switch {
	case ok && f == 0:
		return 0, true
	case ok:
		p.add(key, "duration needs a unit, %s; got %s", durationExamples, describe(v))
	default:
		p.add(key, "must be a duration, %s; got %s", durationExamples, describe(v))
	}
	return 0, false
}

func (p *problems) rate(key string, v any) (float64, bool) {
	if s, ok := v.(string); ok {
		r, err := ParseRate(s)
		if err != nil {
			p.addErr(key, err)
			return 0, false
		}
		return r, true
	}
	if _, ok := numeric(v); ok {
		p.add(key, "rate needs a unit, %s; got %s", rateExamples, describe(v))
	} else {
		p.add(key, "must be a rate, %s; got %s", rateExamples, describe(v))
	}
	return 0, false
}

// integer converts a whole number in [lo, hi]; want describes the values
// allowed, for the message when v is not an integer or is below lo.
func (p *problems) integer(key string, v any, lo, hi uint64, want string) (uint64, bool) {
	var n uint64
	switch v := v.(type) {
	case int:
		if v < 0 {
			p.add(key, "must be %s, got %d", want, v)
			return 0, false
		}
		n = uint64(v)
	case int64:
		if v < 0 {
			p.add(key, "must be %s, got %d", want, v)
			return 0, false
		}
		n = uint64(v)
	case uint64:
		n = v
	default:
		p.add(key, "must be %s, got %s", want, describe(v))
		return 0, false
	}
	switch {
	case n < lo:
		p.add(key, "must be %s, got %d", want, n)
	case n > hi:
		p.add(key, "must be at most %d, got %d", hi, n)
	default:
		return n, true
	}
	return 0, false
}

// number converts a plain number in [lo, hi].
func (p *problems) number(key string, v any, lo, hi float64, want string) (float64, bool) {
	f, ok := numeric(v)
	if !ok || !(lo <= f && f <= hi) {
		p.add(key, "must be %s, got %s", want, describe(v))
		return 0, false
	}
	return f, true
}

// numeric returns the value of a number read from YAML, whatever type the
// YAML decoder chose for it.
func numeric(v any) (float64, bool) {
	switch v := v.(type) {
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint64:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}
