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
		out.Shifts = append(out.Shifts, scenarios.ScaleShifts(cal, t.base.Shifts, pe.first, pe.last, row[q])...)
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
