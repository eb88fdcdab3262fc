package planner

import (
	"math"
	"slices"

	"github.com/peaksim/peaksim/scenarios"
)

// Planned overtime. A team whose hiring section has an overtime mapping
// may have its agents work up to hours_per_week extra hours each in a
// week, at premium times its cost per hour. A week's o hours per agent
// are round(n × o) agent-hours (n the agents on the phones on the week's
// first day, permanent and hired), all of them on duty: the agents who
// stay on are at work, so shrinkage takes no share of them. They go, one
// agent-hour at a time, to the hour of the week the team works where the
// sizing case's pilot run found the most work per agent on duty (counting
// the hours already given), at most n in an hour: the extra stints or
// longer shifts a planner offers in the peak hours of the busy days. The
// work of an hour is its real-time channels' offered load (calls times
// handle time) and the day's deferred work spread over the day's paid
// hours.
//
// Planned overtime is a decision of the plan; the overtime every run has
// (an agent finishing the contact in hand after going off duty,
// sim.TeamResult.OvertimeHours) is not, and is paid at the plain rate.

// maxOvertimeWindow is the longest run of weeks the overtime plan changes
// at once: a peak of up to six weeks can be covered by overtime alone,
// where changing one week at a time would find no week worth it.
const maxOvertimeWindow = 6

// overtimeOf returns planned team k's overtime section, nil without one.
func (h *hirer) overtimeOf(k int) *scenarios.Overtime {
	p := h.planners[0]
	return p.sc.Teams[p.teams[k].index].Hiring.Overtime
}

// overtimeSteps are the hours per agent a week may have, above none:
// every whole hour up to most, and most itself.
func overtimeSteps(most float64) []float64 {
	var out []float64
	for v := 1.0; v < most; v++ {
		out = append(out, v)
	}
	return append(out, most)
}

// lowerOvertime is the step below o hours per agent: 4.5 → 4 → 3 ... → 0.
func lowerOvertime(o float64) float64 { return max(math.Ceil(o)-1, 0) }

// weekHours returns, per week, the hours team k works (hours with agents
// paid) and the agent-hours its permanent staff are paid per agent: the
// shape of a week, which the classes share.
func (h *hirer) weekHours(k int) (worked []int, perAgent []float64) {
	p := h.planners[0]
	t := p.teams[k]
	team := &p.sc.Teams[t.index]
	cal := &p.sc.Season.Calendar
	permanent := team.Hired(cal, nil)
	_, paid, _ := permanent.Staffing(cal)
	for _, pe := range p.periods {
		from, to := p.hours(pe)
		n, hours := 0, 0
		for _, a := range paid[from:to] {
			n += a
			if a > 0 {
				hours++
			}
		}
		agents, _ := team.HiredOn(cal, nil, pe.first)
		per := 0.0
		if agents > 0 {
			per = float64(n) / float64(agents)
		}
		worked, perAgent = append(worked, hours), append(perAgent, per)
	}
	return worked, perAgent
}

// extraHours is the agent-hours of o hours of overtime per agent for
// agents agents in week q of team k: round(agents × o), at most what the
// week's hours can hold with every agent in each.
func (h *hirer) extraHours(k, q, agents int, o float64) int {
	if o <= 0 {
		return 0
	}
	return min(int(math.Round(float64(agents)*o)), agents*h.worked[k][q])
}

// workByHour returns the work planned team k had in every hour of the
// season in the sizing case's pilot run, in agent-hours: where overtime
// helps most.
func (h *hirer) workByHour(k int) []float64 {
	p := h.planners[h.sizing]
	t := p.teams[k]
	cal := &p.sc.Season.Calendar
	permanent := p.sc.Teams[t.index].Hired(cal, nil)
	_, paid, _ := permanent.Staffing(cal)
	work := make([]float64, len(paid))
	for d := range cal.Days() {
		hours := work[24*d : 24*d+24]
		realtime, worked := 0.0, 0
		for i := range hours {
			for _, ci := range t.realtime {
				a := meanOf(p.forecast.offeredByHour[ci][24*d+i]) * p.capacity.work[ci]
				hours[i] += a
				realtime += a
			}
			worked += paid[24*d+i]
		}
		rest := max(meanOf(p.forecast.busy[k][d])-realtime, 0)
		for i := range hours {
			if worked > 0 {
				hours[i] += rest * float64(paid[24*d+i]) / float64(worked)
			}
		}
	}
	return work
}

// hired returns planned team k as classes and overtime ot (hours per agent
// by week; nil for none) staff it: Team.Hired, with the overtime placed in
// the week's busiest hours as Extra.
func (h *hirer) hired(k int, classes []scenarios.Class, ot []float64) scenarios.Team {
	p := h.planners[0]
	t := p.teams[k]
	cal := &p.sc.Season.Calendar
	team := &p.sc.Teams[t.index]
	out := team.Hired(cal, classes)
	if !slices.ContainsFunc(ot, func(o float64) bool { return o > 0 }) {
		return out
	}
	onDuty, paid, _ := out.Staffing(cal)
	extra := make([]int, len(onDuty))
	for q, pe := range p.periods {
		agents, _ := team.HiredOn(cal, classes, pe.first)
		from, to := p.hours(pe)
		for e := h.extraHours(k, q, agents, ot[q]); e > 0; e-- {
			best, most := -1, -1.0
			for hr := from; hr < to; hr++ {
				if paid[hr] == 0 || extra[hr] >= agents {
					continue
				}
				if s := h.work[k][hr] / float64(onDuty[hr]+extra[hr]+1); s > most {
					best, most = hr, s
				}
			}
			if best < 0 {
				break // extraHours leaves room for every one: not reached
			}
			extra[best]++
		}
	}
	out.Extra = extra
	return out
}

// overtimeCost is the cost of team k's planned overtime ot with classes.
func (h *hirer) overtimeCost(k int, classes []scenarios.Class, ot []float64) float64 {
	p := h.planners[0]
	t := p.teams[k]
	o := h.overtimeOf(k)
	if o == nil || ot == nil {
		return 0
	}
	team := &p.sc.Teams[t.index]
	cost := 0.0
	for q, pe := range p.periods {
		if ot[q] > 0 {
			agents, _ := team.HiredOn(&p.sc.Season.Calendar, classes, pe.first)
			cost += float64(h.extraHours(k, q, agents, ot[q])) * t.cost * o.Premium
		}
	}
	return cost
}

// estimate is what team k's classes and overtime cost, by the week: each
// week's agents on the phones paid for the permanent staff's hours per
// agent, the training, and the overtime. It ranks overtime plans without
// compiling each one's staffing.
func (h *hirer) estimate(k int, classes []scenarios.Class, ot []float64) float64 {
	p := h.planners[0]
	t := p.teams[k]
	team := &p.sc.Teams[t.index]
	cost := h.overtimeCost(k, classes, ot)
	for q, pe := range p.periods {
		agents, _ := team.HiredOn(&p.sc.Season.Calendar, classes, pe.first)
		cost += float64(agents) * h.perAgent[k][q] * t.cost
	}
	for _, c := range classes {
		cost += float64(c.Size) * team.Hiring.TrainingCost
	}
	return cost
}

// planOvertime returns team k's classes and planned overtime for the
// weekly requirement: FindHiring, step 2. From no overtime, it tries every
// run of up to maxOvertimeWindow weeks at every step of hours per agent
// (none included), each hired just in time with the overtime counted, and
// takes the change that lowers the estimated cost most, until none does.
// Overtime thus replaces the agents a class would bring for a short peak
// and then pay for until the season ends.
func (h *hirer) planOvertime(k int, required []int, short []string) ([]scenarios.Class, []float64, []string) {
	o := h.overtimeOf(k)
	if o == nil {
		classes, short := h.justInTime(k, required, nil, short)
		return classes, nil, short
	}
	p := h.planners[0]
	weeks := len(p.periods)
	ot := make([]float64, weeks)
	classes, _ := h.justInTime(k, required, ot, nil)
	best := h.estimate(k, classes, ot)
	values := append([]float64{0}, overtimeSteps(o.HoursPerWeek)...)
	for {
		var move []float64
		for a := range weeks {
			for b := a; b < min(a+maxOvertimeWindow, weeks); b++ {
				for _, v := range values {
					trial, changed := slices.Clone(ot), false
					for q := a; q <= b; q++ {
						if h.worked[k][q] > 0 && trial[q] != v {
							trial[q], changed = v, true
						}
					}
					if !changed {
						continue
					}
					cls, _ := h.justInTime(k, required, trial, nil)
					if c := h.estimate(k, cls, trial); c < best-1e-6 {
						best, move = c, trial
					}
				}
			}
		}
		if move == nil {
			break
		}
		ot = move
	}
	classes, short = h.justInTime(k, required, ot, short)
	return classes, ot, short
}

// cloneOvertime copies an overtime plan.
func cloneOvertime(ot [][]float64) [][]float64 {
	out := make([][]float64, len(ot))
	for k := range ot {
		out[k] = slices.Clone(ot[k])
	}
	return out
}
