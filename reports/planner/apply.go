package planner

import (
	"slices"

	"github.com/peaksim/peaksim/scenarios"
)

// ample is the headcount of a planned team in a season's pilot run: the
// planner's bound, so that nothing waits for it.
const ample = maxHeadcount

// apply returns a copy of the scenario with plan[k][q] agents in team k in
// period q: what the plan is as a scenario file would say it, for the
// confirmation run and its results. A stationary team gets the headcount.
// A season's team with a headcount gets an override per period, after the
// days the file closes it (a headcount of 0), which stay closed. A team in
// shifts keeps its shifts' shape: each shift working in a period is scaled
// so that the period's shifts add up to the planned headcount (every agent
// works one shift), with the agents that rounding leaves over going to the
// shifts with the largest remainders.
func (p *planner) apply(plan [][]int) *scenarios.Scenario {
	sc := *p.sc
	sc.Teams = slices.Clone(p.sc.Teams)
	for k, t := range p.teams {
		sc.Teams[t.index] = p.planned(t, plan[k])
	}
	return &sc
}

// planned returns team t with the headcounts of its row of a plan.
func (p *planner) planned(t *team, row []int) scenarios.Team {
	out := t.base
	if !p.season {
		out.Headcount = row[0]
		return out
	}
	cal := &p.sc.Season.Calendar
	if len(out.Shifts) == 0 {
		var overrides []scenarios.Override
		for _, o := range t.base.HeadcountByDate {
			if o.Value == 0 {
				overrides = append(overrides, o)
			}
		}
		for q, pe := range p.periods {
			overrides = append(overrides, scenarios.Override{From: cal.Date(pe.first), To: cal.Date(pe.last), Value: row[q]})
		}
		out.HeadcountByDate = overrides
		return out
	}
	out.Shifts = nil
	for q, pe := range p.periods {
		out.Shifts = append(out.Shifts, scaleShifts(cal, t.base.Shifts, pe, row[q])...)
	}
	return out
}

// applyInPlace gives the compiled model of the planner's grid the plan's
// staffing: each planned team's agents on duty, paid and speed by hour,
// compiled for that team alone by the code that compiles the scenario
// (scenarios.Team.Staffing), so the model is the one apply(plan).Model()
// would build, without compiling the season's demand again.
func (p *planner) applyInPlace(plan [][]int) {
	m := p.grid.Model(0)
	for k, t := range p.teams {
		team := p.planned(t, plan[k])
		mt := &m.Teams[t.index]
		if !p.season {
			mt.Agents = team.Headcount
			continue
		}
		mt.OnDuty, mt.Paid, mt.SpeedByHour = team.Staffing(&p.sc.Season.Calendar)
	}
}

// scaleShifts returns the shifts that work in period pe, limited to it and
// scaled to add up to headcount.
func scaleShifts(cal *scenarios.Calendar, shifts []scenarios.Shift, pe period, headcount int) []scenarios.Shift {
	var active []scenarios.Shift
	total := 0
	for _, s := range shifts {
		from, to := pe.first, pe.last
		if !s.From.IsZero() {
			from = max(from, cal.Day(s.From))
		}
		if !s.To.IsZero() {
			to = min(to, cal.Day(s.To))
		}
		works := false
		for d := from; d <= to; d++ {
			works = works || s.Days[cal.Date(d).Weekday()]
		}
		if works && s.Headcount > 0 {
			s.From, s.To = cal.Date(from), cal.Date(to)
			active = append(active, s)
			total += s.Headcount
		}
	}
	if total == 0 {
		return nil
	}
	rest := headcount
	remainders := make([]float64, len(active))
	for i := range active {
		exact := float64(active[i].Headcount) * float64(headcount) / float64(total)
		active[i].Headcount = int(exact)
		remainders[i] = exact - float64(active[i].Headcount)
		rest -= active[i].Headcount
	}
	for ; rest > 0; rest-- {
		i := 0
		for j := range remainders {
			if remainders[j] > remainders[i] {
				i = j
			}
		}
		active[i].Headcount++
		remainders[i] = -1
	}
	return slices.DeleteFunc(active, func(s scenarios.Shift) bool { return s.Headcount == 0 })
}
