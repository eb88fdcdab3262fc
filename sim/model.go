package sim

import (
	"errors"
	"fmt"
	"math"
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
}

// Team is a pool of interchangeable agents.
type Team struct {
	Name   string
	Agents int
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
	for i, t := range m.Teams {
		if t.Agents < 1 {
			bad("team %d (%s): agents must be at least 1, got %d", i, t.Name, t.Agents)
		}
	}
	for i, c := range m.Channels {
		if c.Team < 0 || c.Team >= len(m.Teams) {
			bad("channel %d (%s): team index %d out of range", i, c.Name, c.Team)
		}
		if c.Interarrival.Kind == NoDist || !(c.Interarrival.Mean() > 0) {
			bad("channel %d (%s): inter-arrival time must have a positive mean", i, c.Name)
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
	return errors.Join(errs...)
}
