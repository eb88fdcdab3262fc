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
const (
	defaultReplications = 10
	defaultSeed         = 1
	// defaultServiceLevelTarget is the contact-centre "80/20" convention,
	// 80% answered within 20 s (DOMAIN.md §3), in hours.
	defaultServiceLevelTarget = 20.0 / 3600
	maxReplications           = 10000
	maxHeadcount              = 100000
	maxQueueCapacity          = 10_000_000
	maxDescription            = 500
)

// namePattern is the rule for every name: names become metric paths, file
// names and HTML text, so they hold nothing that needs escaping anywhere.
var namePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,63}$`)

const nameRule = "a name of 1 to 64 letters, digits, '_' and '-' that starts with a letter"

// scenario converts and checks raw, reporting every problem to p.
func (p *problems) scenario(raw *rawScenario) *Scenario {
	s := &Scenario{
		Name:         p.name("name", raw.Name),
		Description:  p.description("description", raw.Description),
		Replications: defaultReplications,
		Seed:         defaultSeed,
	}
	p.run(s, raw.Run)
	teamNames := p.teams(s, raw.Teams)
	p.channels(s, raw.Channels, teamNames)
	return s
}

func (p *problems) run(s *Scenario, r *rawRun) {
	if r == nil {
		p.add("run", "required: a mapping with horizon, and optionally warmup, replications and seed")
		return
	}
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
	if r.Replications != nil {
		n, _ := p.integer("run.replications", r.Replications, 1, maxReplications, "a positive integer")
		s.Replications = int(n)
	}
	if r.Seed != nil {
		s.Seed, _ = p.integer("run.seed", r.Seed, 0, math.MaxUint64, "a non-negative integer")
	}
}

// teams converts the teams and returns the names given, valid or not, for
// the channels' references: a channel naming a team whose name is malformed
// needs no second message.
func (p *problems) teams(s *Scenario, raw []rawTeam) (names []string) {
	if len(raw) == 0 {
		p.add("teams", "required: a list of at least one team, e.g. [{name: agents, headcount: 10}]")
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
		var headcount uint64
		if t.Headcount == nil {
			p.add(key+".headcount", "required: the number of agents, e.g. 10")
		} else {
			headcount, _ = p.integer(key+".headcount", t.Headcount, 1, maxHeadcount, "a positive integer")
		}
		s.Teams = append(s.Teams, Team{Name: name, Headcount: int(headcount)})
	}
	return names
}

func (p *problems) channels(s *Scenario, raw []rawChannel, teamNames []string) {
	if len(raw) == 0 {
		p.add("channels", "required: a list of at least one channel, each with name, team, arrivals and handle_time")
		return
	}
	seen := map[string]string{}
	for i, c := range raw {
		key := "channels[" + strconv.Itoa(i) + "]"
		ch := Channel{
			Name:               p.name(key+".name", c.Name),
			QueueCapacity:      sim.Unlimited,
			ServiceLevelTarget: defaultServiceLevelTarget,
		}
		p.unique(seen, key, ch.Name, "channel")
		ch.Team = p.teamRef(key+".team", c.Team, teamNames)
		ch.Arrivals = p.arrivals(key+".arrivals", c.Arrivals)
		if c.HandleTime == nil {
			p.add(key+".handle_time", "required: a distribution, e.g. {dist: exponential, mean: 5m}")
		} else if d, ok := p.dist(key+".handle_time", c.HandleTime); ok {
			if !(d.Mean() > 0) {
				p.add(key+".handle_time", "must have a positive mean: handling takes time")
			}
			ch.HandleTime = d
		}
		if c.Patience != nil {
			ch.Patience, _ = p.dist(key+".patience", c.Patience)
		}
		if c.QueueCapacity != nil {
			n, _ := p.integer(key+".queue_capacity", c.QueueCapacity, 0, maxQueueCapacity, "an integer of 0 or more")
			ch.QueueCapacity = int(n)
		}
		if c.ServiceLevelTarget != nil {
			ch.ServiceLevelTarget, _ = p.duration(key+".service_level_target", c.ServiceLevelTarget)
		}
		s.Channels = append(s.Channels, ch)
	}
}

func (p *problems) teamRef(key string, v any, teamNames []string) string {
	name, ok := v.(string)
	switch {
	case v == nil:
		p.add(key, "required: the name of the team that serves the channel")
	case !ok:
		p.add(key, "must be the name of a team, got %s", describe(v))
	case len(teamNames) > 0 && !slices.Contains(teamNames, name):
		p.add(key, "no team named %s; teams are: %s", describe(name), strings.Join(teamNames, ", "))
	}
	return name
}

// arrivals converts a channel's arrivals to the distribution of the time
// between arrivals.
func (p *problems) arrivals(key string, a *rawArrivals) sim.Dist {
	switch {
	case a == nil:
		p.add(key, "required: {rate: 45/h} for Poisson arrivals, or {interarrival: a distribution}")
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
