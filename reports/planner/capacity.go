package planner

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/erlang"
	"github.com/peaksim/peaksim/sim/stats"
)

// The capacity rule. A team whose work reaches the agent-hours it has on
// duty cannot keep up: its queue grows for as long as the run lasts, and
// any target on it holds only because the run ends (a steady-state run
// serves what is still waiting after its horizon, so even its waits look
// finite). So the planner never counts such a plan as meeting its
// targets, whatever they say, and it checks in two ways:
//
//   - Before simulating a stationary scenario, by Erlang's stability
//     condition: the offered load of the team's channels, a = λ·E[S] in
//     erlangs (at the team's speed, per slot of a channel's concurrency,
//     less the share never answered), must be below its agents, c > a. At
//     c <= a the queue of customers who stay grows without bound (in the
//     M/M/c queue and any G/G/c queue); customers who abandon or are
//     turned away keep it bounded only by losing at least 1 - c/a of the
//     work, which no staffing plan should count on.
//   - In every simulated run, stationary or a season's period, by what
//     happened: the team's load, (agent-hours busy on duty + growth of the
//     work waiting in its channels' queues) / agent-hours on duty (after
//     shrinkage, in the team's hours), must be below 1, judged on its 95%
//     interval like a target. A team that keeps up has idle time and a
//     queue that ends about where it began, so its load is its occupancy,
//     below 1; a team that does not is busy all the time it is on duty and
//     its queue grows, so its load is 1 or more. This sees what the
//     formula does not: retries, callbacks, overflow, several channels on
//     one team, a season's changing demand, and the work carried into and
//     out of a period.
//
// The load, not the queue alone, is tested: a queue at the end far above
// its mean is also what a stable queue shows now and then, while growth
// beyond the idle hours is not. Teams that take each other's contacts
// (overflow) are judged together, on their pooled hours and queues. Case
// work (a season's claims) is in the busy hours but not in the queues:
// a team that cannot keep up with it is still busy all its hours, load 1.

// keepUpLimit is the load a team must stay below: 1, less rounding, so that
// a team never idle while on duty (a load of 0.9999999999999988 summed
// from its hours) counts as one that does not keep up.
const keepUpLimit = 1 - 1e-9

func keepsUp(load float64) bool { return load < keepUpLimit }

// capacity holds what the capacity rule needs of a scenario: its teams in
// groups that share work through overflow, and each channel's work per
// contact.
type capacity struct {
	sc *scenarios.Scenario
	// groups[g] are the teams (indices in sc.Teams) of group g, and
	// channels[g] the channels (indices in sc.Channels) they serve.
	groups, channels [][]int
	group            []int     // group of each team
	work             []float64 // agent-hours a contact of each channel takes
}

func newCapacity(sc *scenarios.Scenario) *capacity {
	c := &capacity{sc: sc, group: make([]int, len(sc.Teams))}
	parent := make([]int, len(sc.Teams))
	for i := range parent {
		parent[i] = i
	}
	var root func(int) int
	root = func(i int) int {
		if parent[i] != i {
			parent[i] = root(parent[i])
		}
		return parent[i]
	}
	for _, ch := range sc.Channels {
		own := teamIndex(sc, ch.Team)
		for _, o := range ch.Overflow {
			if i := teamIndex(sc, o); i >= 0 && own >= 0 {
				parent[root(i)] = root(own)
			}
		}
	}
	index := map[int]int{}
	for ti := range sc.Teams {
		r := root(ti)
		g, ok := index[r]
		if !ok {
			g = len(c.groups)
			index[r] = g
			c.groups = append(c.groups, nil)
			c.channels = append(c.channels, nil)
		}
		c.group[ti] = g
		c.groups[g] = append(c.groups[g], ti)
	}
	for ci, ch := range sc.Channels {
		own := teamIndex(sc, ch.Team)
		c.work = append(c.work, contactWork(sc, &ch, own))
		if own >= 0 {
			c.channels[c.group[own]] = append(c.channels[c.group[own]], ci)
		}
	}
	return c
}

// contactWork is the agent-hours a contact of ch takes of team ti: its
// mean handle time at the team's speed, shared by the contacts an agent
// handles at once.
func contactWork(sc *scenarios.Scenario, ch *scenarios.Channel, ti int) float64 {
	speed := 1.0
	if ti >= 0 && sc.Teams[ti].Speed > 0 {
		speed = sc.Teams[ti].Speed
	}
	return ch.HandleTime.Mean() / speed / float64(max(ch.Concurrency, 1))
}

// plannedGroups returns the groups that hold a planned team (teams are
// indices in sc.Teams), in group order.
func (c *capacity) plannedGroups(planned []int) []int {
	var out []int
	for _, ti := range planned {
		if g := c.group[ti]; !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}

// label names a group's capacity check, as a target of its own.
func (c *capacity) label(g int) string {
	var names []string
	for _, ti := range c.groups[g] {
		names = append(names, c.sc.Teams[ti].Name)
	}
	return strings.Join(names, " + ") + " keep up (load < 1)"
}

// shortfall is a group, or a team alone, whose agents do not carry the
// load offered to it.
type shortfall struct {
	teams   []int // in sc.Teams
	erlangs float64
	agents  int
}

func (s shortfall) String(sc *scenarios.Scenario) string {
	var names []string
	for _, ti := range s.teams {
		names = append(names, sc.Teams[ti].Name)
	}
	return fmt.Sprintf("%s: %d agents for %.1f erlangs of offered work", strings.Join(names, " + "), s.agents, s.erlangs)
}

// short returns the groups, and the teams within them, that the
// stationary scenario sc staffs with no more agents than the load offered
// to them (the first bullet of the capacity rule). A channel's load counts
// on a team alone when no other team takes its contacts; a channel that
// offers a call back counts at the cheaper of its work and the callback's,
// and only where the callback's team is in its group, since its callers
// may end on either queue. Both are lower bounds of the work, so a plan
// found short is short.
func (c *capacity) short(sc *scenarios.Scenario) []shortfall {
	var out []shortfall
	for g, teams := range c.groups {
		pooled, agents := 0.0, 0
		alone := map[int]float64{}
		for _, ti := range teams {
			agents += sc.Teams[ti].Headcount
		}
		for _, ci := range c.channels[g] {
			ch := &sc.Channels[ci]
			own := teamIndex(sc, ch.Team)
			rate := 0.0
			if m := ch.Arrivals.Mean(); m > 0 && !math.IsInf(m, 1) {
				rate = 1 / m
			}
			work := c.work[ci]
			for _, o := range ch.Overflow {
				if oi := teamIndex(sc, o); oi >= 0 {
					work = min(work, contactWork(sc, ch, oi))
				}
			}
			if cb := ch.Callback; cb != nil {
				cbi := slices.IndexFunc(sc.Channels, func(x scenarios.Channel) bool { return x.Name == cb.Channel })
				switch {
				case cbi < 0 || !slices.Contains(c.channels[g], cbi):
					work = 0
				default:
					work = min(work, c.work[cbi])
				}
			}
			a := rate * work * (1 - ch.NeverAnswered)
			pooled += a
			if len(ch.Overflow) == 0 {
				alone[own] += a
			}
		}
		if !erlang.Stable(agents, pooled) {
			out = append(out, shortfall{teams: teams, erlangs: pooled, agents: agents})
			continue
		}
		for _, ti := range teams {
			if a := alone[ti]; len(teams) > 1 && !erlang.Stable(sc.Teams[ti].Headcount, a) {
				out = append(out, shortfall{teams: []int{ti}, erlangs: a, agents: sc.Teams[ti].Headcount})
			}
		}
	}
	return out
}

// windowLoad is group g's load over the measured window of a stationary
// replication (the second bullet of the capacity rule).
func (c *capacity) windowLoad(r *sim.RepResult, g int) float64 {
	busy, duty := 0.0, 0.0
	for _, ti := range c.groups[g] {
		t := &r.Teams[ti]
		busy += t.BusyHours - t.OvertimeHours
		duty += t.OnDutyHours
	}
	grew := 0.0
	for _, ci := range c.channels[g] {
		ch := &r.Channels[ci]
		grew += (ch.QueueAtEnd - ch.QueueAtStart) * c.work[ci]
	}
	return loadOf(busy, grew, duty)
}

// periodLoad is group g's load over days first to last of a season's
// replication: the queues at midnight before the first day and after the
// last (the horizon's, for the season's last day).
func (c *capacity) periodLoad(r *sim.RepResult, g, first, last int) float64 {
	busy, duty := 0.0, 0.0
	for _, ti := range c.groups[g] {
		t := &r.Teams[ti]
		busy += stats.Sum(t.DailyBusy[first:last+1]) - stats.Sum(t.DailyOvertime[first:last+1])
		duty += stats.Sum(t.DailyOnDuty[first : last+1])
	}
	grew := 0.0
	for _, ci := range c.channels[g] {
		queued := r.Season.Queued[ci]
		end := r.Channels[ci].QueueAtEnd
		if h := 24 * (last + 1); h < len(queued) {
			end = queued[h]
		}
		grew += (end - queued[24*first]) * c.work[ci]
	}
	return loadOf(busy, grew, duty)
}

// loadOf is (busy + grew) / duty, NaN for a team not on duty at all: it
// had no capacity to judge.
func loadOf(busy, grew, duty float64) float64 {
	if !(duty > 0) {
		return math.NaN()
	}
	return (busy + grew) / duty
}
