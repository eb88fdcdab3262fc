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
// stay on are at work, so shrinkage takes no share of them. Only agents
// who are not at work in an hour can work it: an hour holds at most n
// less the agents paid in it, within the team's day on a day it works,
// lengthened by overtimeReach hours at either end (a team with working
// hours has every agent in every hour of them, so its overtime lengthens
// the day; a team in shifts also has agents off shift in its peak hours,
// who stay on after their shift or come in before it). The hours go, one
// agent-hour at a time, to the hour of the week where the sizing case's
// pilot run found the most work per agent on duty (counting the hours
// already given). The work of an hour is its real-time channels' offered
// load (calls times handle time) and the day's deferred work spread over
// the day's hours that can hold overtime.
//
// Planned overtime is a decision of the plan; the overtime every run has
// (an agent finishing the contact in hand after going off duty,
// sim.TeamResult.OvertimeHours) is not, and is paid at the plain rate.

// overtimeReach is how far before a team's first hour of the day and
// after its last an agent may work overtime: a shift lengthened by two
// hours at either end.
const overtimeReach = 2

// overtimeDay returns the hours [from, to) of day d in which team paid
// (agents paid by hour) can work overtime: its day lengthened by
// overtimeReach at either end, within the day; from == to on a day it
// does not work.
func overtimeDay(paid []int, d int) (from, to int) {
	first, last := -1, -1
	for i, n := range paid[24*d : 24*d+24] {
		if n > 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return 24 * d, 24 * d
	}
	return 24*d + max(first-overtimeReach, 0), 24*d + min(last+1+overtimeReach, 24)
}

// overtimeHours returns the hours of days first to last that can hold
// overtime (overtimeDay).
func overtimeHours(paid []int, first, last int) []int {
	var out []int
	for d := first; d <= last; d++ {
		from, to := overtimeDay(paid, d)
		for hr := from; hr < to; hr++ {
			out = append(out, hr)
		}
	}
	return out
}

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
// paid), the agent-hours its permanent staff are paid per agent, and the
// hours of overtime per agent its week can hold (room): the shape of a
// week, which the classes share.
func (h *hirer) weekHours(k int) (worked []int, perAgent, room []float64) {
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
		per, free := 0.0, 0.0
		if agents > 0 {
			per = float64(n) / float64(agents)
			for _, hr := range overtimeHours(paid, pe.first, pe.last) {
				free += float64(max(agents-paid[hr], 0))
			}
			free /= float64(agents)
		}
		worked, perAgent, room = append(worked, hours), append(perAgent, per), append(room, free)
	}
	return worked, perAgent, room
}

// extraHours is the agent-hours of o hours of overtime per agent for
// agents agents in week q of team k: round(agents × o), at most what the
// week's hours can hold (weekHours' room, the shape the classes share).
func (h *hirer) extraHours(k, q, agents int, o float64) int {
	if o <= 0 {
		return 0
	}
	return min(int(math.Round(float64(agents)*o)), int(float64(agents)*h.room[k][q]))
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
		realtime := 0.0
		for hr := 24 * d; hr < 24*d+24; hr++ {
			for _, ci := range t.realtime {
				a := meanOf(p.forecast.offeredByHour[ci][hr]) * p.capacity.work[ci]
				work[hr] += a
				realtime += a
			}
		}
		// Deferred work waits for whoever is there: it is the day's, in
		// any hour that can hold overtime.
		from, to := overtimeDay(paid, d)
		rest := max(meanOf(p.forecast.busy[k][d])-realtime, 0)
		for hr := from; hr < to; hr++ {
			work[hr] += rest / float64(to-from)
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
		open := overtimeHours(paid, pe.first, pe.last)
		for e := h.extraHours(k, q, agents, ot[q]); e > 0; e-- {
			best, most := -1, -1.0
			for _, hr := range open {
				if paid[hr]+extra[hr] >= agents {
					continue // everyone is at work
				}
				if s := h.work[k][hr] / float64(onDuty[hr]+extra[hr]+1); s > most {
					best, most = hr, s
				}
			}
			if best < 0 {
				break // the classes' rounding left the week a little less room than its shape
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
// weekly requirement: FindHiring, step 6. From no overtime, it tries every
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
