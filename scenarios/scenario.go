package scenarios

import (
	"slices"

	"github.com/peaksim/peaksim/sim"
)

// Default is the built-in scenario that `peaksim run` runs without an
// argument.
const Default = "contact-centre"

// Scenario is a checked scenario file: names checked, durations in hours,
// rates and distributions built, defaults filled in. Model compiles it for
// the engine.
type Scenario struct {
	Name        string
	Description string
	// Source is the file path as given to Load, or "builtin:NAME".
	Source string
	// YAML is the file as read, echoed into results so that a result
	// says exactly what produced it.
	YAML []byte
	// Horizon is the length of one replication in hours, warm-up
	// included: contacts arrive during [0, Horizon) and those admitted are
	// then served to the end.
	Horizon float64
	// Warmup is the start of the measured window, in hours.
	Warmup       float64
	Replications int
	Seed         uint64
	Teams        []Team
	Channels     []Channel
}

// Team is a pool of interchangeable agents.
type Team struct {
	Name      string
	Headcount int
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
}

// Info names and describes a built-in scenario.
type Info struct {
	Name        string
	Description string
}

// Model compiles s for the engine: team names become indices. A Scenario
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
		m.Teams[i] = sim.Team{Name: t.Name, Agents: t.Headcount}
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
		}
	}
	return m
}
