package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/stats"
)

// A season's plan is a headcount per planned team and period (a week or a
// day). The search, in seasonPlanner.search:
//
//  1. A pilot run gives the forecast the Erlang plan is sized on: the
//     season with the planned teams so large that nothing waits for them,
//     so that its contacts are those customers make when every contact is
//     answered at once (no failure demand from waiting), and its busy
//     hours the work that arrives.
//  2. The Erlang plan: for each team and period, the headcount whose
//     agents on duty carry the period's work in its working hours, and
//     meet, in every hour, the real-time channels' targets by Erlang C on
//     that hour's calls.
//  3. Simulation, on common random numbers: every target is judged in
//     every period where it has a per-period form (a service level, an
//     abandonment rate, a backlog age...) and season-wide, on the whole
//     95% interval. Each period where a target fails gets one hiring step
//     more, all such periods at once, until every target holds; then every
//     period where all hold gives up a step, all at once, and a period
//     whose removal broke a target (or broke the next period's, through
//     the backlog it carried over) gets its step back and keeps it.
//
// Judging per period is what makes the plan a plan for every week: a
// season-wide service level could be met by overstaffing November and
// letting December drown, and the cheapest plan would do just that.

// period is a stretch of the season with one headcount per team: the
// season's days first to last, both included.
type period struct {
	name        string
	first, last int
}

// periodsOf cuts the season into calendar weeks (Monday to Sunday, named
// by ISO week; the first and the last may be short) or days.
func periodsOf(cal *scenarios.Calendar, granularity string) []period {
	var out []period
	for day := 0; day < cal.Days(); {
		date := cal.Date(day)
		p := period{name: date.String(), first: day, last: day}
		if granularity == "week" {
			y, w := time.Date(date.Year, date.Month, date.Day, 12, 0, 0, 0, time.UTC).ISOWeek()
			p.name = fmt.Sprintf("%d-W%02d", y, w)
			p.last = min(day+(7-int(date.Weekday())%7)%7, cal.Days()-1) // to Sunday
		}
		out = append(out, p)
		day = p.last + 1
	}
	return out
}

// ample is the headcount of a planned team in the pilot run: the loader's
// bound, so that nothing waits for it.
const ample = maxHeadcount

// seasonTeam is a planned team of a season.
type seasonTeam struct {
	index          int // in the scenario's teams
	name           string
	min, max, step int
	shrinkage      float64
	cost           float64
	base           scenarios.Team // as in the file
	// works[p] is whether the file has the team work at all in period p;
	// a period where it does not keeps 0 agents.
	works []bool
	// realtime and deferred are the channels the team serves.
	realtime, deferred []int
}

// up returns the smallest headcount the team may have that is at least n.
func (t *seasonTeam) up(n int) int {
	if n <= t.min {
		return t.min
	}
	v := t.min + (n-t.min+t.step-1)/t.step*t.step
	return min(v, t.max)
}

// down returns the largest headcount the team may have below n, or n
// when there is none.
func (t *seasonTeam) down(n int) int {
	if n <= t.min {
		return n
	}
	return t.min + (n-t.min-1)/t.step*t.step
}

// next returns the smallest headcount the team may have above n, or n
// when there is none.
func (t *seasonTeam) next(n int) int {
	if n >= t.max {
		return n
	}
	return t.up(n + 1)
}

// seasonPlanner plans a season.
type seasonPlanner struct {
	ctx      context.Context
	sc       *scenarios.Scenario
	targets  []planTarget
	teams    []*seasonTeam
	periods  []period
	workers  int
	maxSims  int
	sims     int
	progress func(format string, args ...any)
	ages     bool // a target needs the daily backlog ages
	forecast *periodStats
	erlang   [][]int
	// addedFor[k][p] lists the targets that added agents to team k in
	// period p; backlogAdded[k][p] counts the agents added for backlog
	// targets.
	addedFor     [][][]string
	backlogAdded [][]int
	// Of the last plan that met every target: its judgements, and what
	// its run measured.
	met   []reports.PlanTarget
	stats *periodStats
}

// planTarget is a target with what the planner needs to judge it.
type planTarget struct {
	scenarios.Threshold
	teams   []int // the planned teams (indices in seasonPlanner.teams) it concerns
	backlog bool  // about a backlog: a deferred channel, backlogs or cases
	// perPeriod computes the metric over a period of one replication,
	// NaN where it is undefined; nil for a target judged season-wide only.
	perPeriod func(r *sim.RepResult, first, last int) float64
	// keepUp marks the capacity rule's check of a group of teams
	// (plan_capacity.go), which the planner adds to the user's targets: its
	// perPeriod is the group's load, judged in every period and never
	// season-wide.
	keepUp bool
}

func newSeasonPlanner(ctx context.Context, sc *scenarios.Scenario, targets []scenarios.Threshold, planned []int, granularity string, workers, maxSims int) *seasonPlanner {
	p := &seasonPlanner{ctx: ctx, sc: sc, workers: workers, maxSims: maxSims, periods: periodsOf(&sc.Season.Calendar, granularity)}
	for _, ti := range planned {
		st := sc.Teams[ti]
		t := &seasonTeam{index: ti, name: st.Name, min: min(st.MinHeadcount, maxHeadcount), max: min(st.MaxHeadcount, maxHeadcount), step: st.HiringStep,
			shrinkage: st.Shrinkage, cost: st.CostPerHour, base: st}
		t.base.Shifts = slices.Clone(st.Shifts)
		t.base.HeadcountByDate = slices.Clone(st.HeadcountByDate)
		for ci, ch := range sc.Channels {
			if ch.Team == st.Name {
				if ch.Deferred {
					t.deferred = append(t.deferred, ci)
				} else {
					t.realtime = append(t.realtime, ci)
				}
			}
		}
		p.teams = append(p.teams, t)
	}
	// A team works in a period when it has paid hours there with agents in
	// every period: whatever its headcount in the file, it then has
	// working hours or shifts, and is not closed all the period.
	full := make([][]int, len(p.teams))
	for k := range full {
		full[k] = slices.Repeat([]int{ample}, len(p.periods))
	}
	m := p.apply(full).Model()
	for _, t := range p.teams {
		for _, pe := range p.periods {
			t.works = append(t.works, slices.ContainsFunc(m.Teams[t.index].Paid[24*pe.first:24*pe.last+24], func(n int) bool { return n > 0 }))
		}
	}
	for _, t := range targets {
		p.targets = append(p.targets, p.planTarget(t))
	}
	p.targets = append(p.targets, p.keepUpTargets(planned)...)
	p.addedFor = make([][][]string, len(p.teams))
	p.backlogAdded = make([][]int, len(p.teams))
	for k := range p.teams {
		p.addedFor[k] = make([][]string, len(p.periods))
		p.backlogAdded[k] = make([]int, len(p.periods))
	}
	return p
}

// planTarget finds which planned teams a target concerns (its channel's,
// or its team's; all for a season-wide figure) and its per-period form.
func (p *seasonPlanner) planTarget(t scenarios.Threshold) planTarget {
	pt := planTarget{Threshold: t}
	sc := p.sc
	teamOf := func(name string) {
		for k, st := range p.teams {
			if st.name == name {
				pt.teams = append(pt.teams, k)
			}
		}
	}
	if ch := targetChannel(sc, t); ch != nil {
		ci := slices.IndexFunc(sc.Channels, func(c scenarios.Channel) bool { return c.Name == ch.Name })
		teamOf(ch.Team)
		pt.backlog = ch.Deferred
		pt.perPeriod = channelPeriodForm(ci, strings.TrimPrefix(t.Metric, ch.Name+"."))
		if strings.HasPrefix(t.Metric, ch.Name+".backlog_age.") {
			p.ages = true
		}
	} else if strings.HasPrefix(t.Metric, "teams.") {
		for ti, st := range sc.Teams {
			if t.Metric == sim.TeamMetricName(st.Name, "occupancy") {
				teamOf(st.Name)
				pt.perPeriod = func(r *sim.RepResult, first, last int) float64 {
					tr := &r.Teams[ti]
					return sum(tr.DailyBusy[first:last+1]) / sum(tr.DailyOnDuty[first:last+1])
				}
			}
		}
	} else {
		pt.backlog = strings.HasPrefix(t.Metric, "backlog.") || strings.HasPrefix(t.Metric, "cases.")
	}
	if len(pt.teams) == 0 {
		for k := range p.teams {
			pt.teams = append(pt.teams, k)
		}
	}
	return pt
}

// keepUpTargets returns the capacity rule's check for each group of
// teams that holds a planned team: in every period, the work that reached
// the group (its busy hours on duty and the growth of its queues) must be
// less than its hours on duty. A period where it is not leaves work behind
// that no later period was planned for, and at the season's end, work the
// targets never see: counted as met, such a plan would pass only because
// the season ends.
func (p *seasonPlanner) keepUpTargets(planned []int) []planTarget {
	c := newCapacity(p.sc)
	var out []planTarget
	for _, g := range c.plannedGroups(planned) {
		pt := planTarget{
			Threshold: scenarios.Threshold{Expr: c.label(g), Metric: "load", Op: "<", Limit: "1", Value: keepUpLimit},
			keepUp:    true,
			perPeriod: func(r *sim.RepResult, first, last int) float64 { return c.periodLoad(r, g, first, last) },
		}
		for k, t := range p.teams {
			if c.group[t.index] == g {
				pt.teams = append(pt.teams, k)
				pt.backlog = pt.backlog || len(t.deferred) > 0
			}
		}
		out = append(out, pt)
	}
	return out
}

// userTargets returns the targets the command was given, without the
// capacity rule's.
func (p *seasonPlanner) userTargets() []planTarget {
	return slices.DeleteFunc(slices.Clone(p.targets), func(t planTarget) bool { return t.keepUp })
}

// channelPeriodForm returns a channel metric's value over days first to
// last of a replication, from its daily counts; nil for a metric that has
// no daily form.
func channelPeriodForm(ci int, key string) func(r *sim.RepResult, first, last int) float64 {
	days := func(r *sim.RepResult, first, last int) []sim.DayStats {
		d := r.Channels[ci].Daily
		return d[min(first, len(d)):min(last+1, len(d))]
	}
	total := func(r *sim.RepResult, first, last int, f func(*sim.DayStats) float64) float64 {
		s := 0.0
		for _, d := range days(r, first, last) {
			s += f(&d)
		}
		return s
	}
	count := func(f func(*sim.DayStats) int64) func(*sim.DayStats) float64 {
		return func(d *sim.DayStats) float64 { return float64(f(d)) }
	}
	offered := count(func(d *sim.DayStats) int64 { return d.Offered })
	answered := count(func(d *sim.DayStats) int64 { return d.Answered })
	share := func(num, den func(*sim.DayStats) float64) func(r *sim.RepResult, first, last int) float64 {
		return func(r *sim.RepResult, first, last int) float64 {
			n, d := total(r, first, last, num), total(r, first, last, den)
			if d == 0 {
				return math.NaN()
			}
			return n / d
		}
	}
	switch key {
	case "service_level":
		return share(count(func(d *sim.DayStats) int64 { return d.AnsweredInTarget }), offered)
	case "service_level_answered":
		return share(count(func(d *sim.DayStats) int64 { return d.AnsweredInTarget }), answered)
	case "abandon_rate":
		return share(count(func(d *sim.DayStats) int64 { return d.Abandoned }), offered)
	case "wait.mean":
		return share(func(d *sim.DayStats) float64 { return d.WaitSum }, answered)
	}
	if q, ok := strings.CutPrefix(key, "backlog_age.p"); ok {
		pct, err := strconv.Atoi(q)
		if err != nil {
			return nil
		}
		return func(r *sim.RepResult, first, last int) float64 {
			var h stats.Histogram
			for _, d := range days(r, first, last) {
				if d.Ages != nil {
					h.Merge(d.Ages)
				}
			}
			if h.Count() == 0 {
				return math.NaN()
			}
			return h.Quantile(float64(pct) / 100)
		}
	}
	return nil
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// periodStats is what one simulation of a plan measured, per replication
// and period: each per-period target's value, and for each planned team its
// occupancy, the contacts offered on its channels, and the hours of
// deferred work waiting for it when the period began.
type periodStats struct {
	targets   [][][]float64 // [target][period][replication]
	occupancy [][][]float64 // [team][period][replication]
	offered   [][][]float64
	carried   [][][]float64
	// offeredByHour[channel][hour][replication] and busy[team][day][rep]
	// are kept for the pilot, whose forecast the Erlang plan is sized on.
	offeredByHour [][][]float64
	busy          [][][]float64
}

func (p *seasonPlanner) newPeriodStats(reps int) *periodStats {
	grid3 := func(n, m int) [][][]float64 {
		out := make([][][]float64, n)
		for i := range out {
			out[i] = make([][]float64, m)
			for j := range out[i] {
				out[i][j] = make([]float64, reps)
			}
		}
		return out
	}
	days := p.sc.Season.Calendar.Days()
	return &periodStats{
		targets:       grid3(len(p.targets), len(p.periods)),
		occupancy:     grid3(len(p.teams), len(p.periods)),
		offered:       grid3(len(p.teams), len(p.periods)),
		carried:       grid3(len(p.teams), len(p.periods)),
		offeredByHour: grid3(len(p.sc.Channels), 24*days),
		busy:          grid3(len(p.teams), days),
	}
}

// record extracts replication i's figures from its result. Each
// replication writes only its own slots, so replications may record
// concurrently.
func (p *seasonPlanner) record(s *periodStats, i int, r *sim.RepResult) {
	for j, t := range p.targets {
		if t.perPeriod == nil {
			continue
		}
		for q, pe := range p.periods {
			s.targets[j][q][i] = t.perPeriod(r, pe.first, pe.last)
		}
	}
	for k, t := range p.teams {
		tr := &r.Teams[t.index]
		for d, b := range tr.DailyBusy {
			s.busy[k][d][i] = b
		}
		for q, pe := range p.periods {
			s.occupancy[k][q][i] = sum(tr.DailyBusy[pe.first:pe.last+1]) / sum(tr.DailyOnDuty[pe.first:pe.last+1])
			for _, ci := range slices.Concat(t.realtime, t.deferred) {
				for _, d := range r.Channels[ci].Daily[pe.first : pe.last+1] {
					s.offered[k][q][i] += float64(d.Offered)
				}
			}
			for _, ci := range t.deferred {
				s.carried[k][q][i] += r.Season.Queued[ci][24*pe.first] * p.handleHours(ci)
			}
		}
	}
	for ci, hours := range r.Season.OfferedByHour {
		for h, n := range hours {
			s.offeredByHour[ci][h][i] = n
		}
	}
}

// handleHours is the mean handle time of channel ci's contacts, in hours,
// at its team's speed.
func (p *seasonPlanner) handleHours(ci int) float64 {
	ch := &p.sc.Channels[ci]
	speed := 1.0
	if ti := slices.IndexFunc(p.sc.Teams, func(t scenarios.Team) bool { return t.Name == ch.Team }); ti >= 0 && p.sc.Teams[ti].Speed > 0 {
		speed = p.sc.Teams[ti].Speed
	}
	return ch.HandleTime.Mean() / speed
}

func meanOf(xs []float64) float64 { return sum(xs) / float64(len(xs)) }

// apply returns a copy of the scenario with plan[k][p] agents in team k in
// period p. A team with a headcount gets an override per period, after
// the days the file closes it (a headcount of 0), which stay closed. A
// team in shifts keeps its shifts' shape: each shift working in a period is
// scaled so that the period's shifts add up to the planned headcount
// (every agent works one shift), with the agents that rounding leaves over
// going to the shifts with the largest remainders.
func (p *seasonPlanner) apply(plan [][]int) *scenarios.Scenario {
	sc := *p.sc
	sc.Teams = slices.Clone(p.sc.Teams)
	cal := &sc.Season.Calendar
	for k, t := range p.teams {
		team := t.base
		if len(team.Shifts) == 0 {
			var overrides []scenarios.Override
			for _, o := range t.base.HeadcountByDate {
				if o.Value == 0 {
					overrides = append(overrides, o)
				}
			}
			for q, pe := range p.periods {
				overrides = append(overrides, scenarios.Override{From: cal.Date(pe.first), To: cal.Date(pe.last), Value: plan[k][q]})
			}
			team.HeadcountByDate = overrides
		} else {
			team.Shifts = nil
			for q, pe := range p.periods {
				team.Shifts = append(team.Shifts, scaleShifts(cal, t.base.Shifts, pe, plan[k][q])...)
			}
		}
		sc.Teams[t.index] = team
	}
	return &sc
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

// simulate runs every replication of the plan on seed and returns its
// results and per-period figures.
func (p *seasonPlanner) simulate(plan [][]int, seed uint64) (*reports.Results, *periodStats, error) {
	sc := p.apply(plan)
	sc.Seed = seed
	g := runner.New([]*scenarios.Scenario{sc}, Version)
	g.Model(0).DailyAges = p.ages
	s := p.newPeriodStats(sc.Replications)
	done, err := g.Execute(p.ctx, g.Cells(), runner.Options{Workers: p.workers, Keep: func(_, i int, r *sim.RepResult) { p.record(s, i, r) }})
	if err != nil {
		return nil, nil, err
	}
	p.sims++
	return g.Results(done), s, nil
}

// uniform is a plan of n agents in every team and period the team works.
func (p *seasonPlanner) uniform(n int) [][]int {
	plan := make([][]int, len(p.teams))
	for k, t := range p.teams {
		plan[k] = make([]int, len(p.periods))
		for q := range plan[k] {
			if t.works[q] {
				plan[k][q] = n
			}
		}
	}
	return plan
}

// erlangPlan sizes each team and period on the pilot's forecast (see the
// comment at the top of the file), within the team's bounds and steps.
func (p *seasonPlanner) erlangPlan() ([][]int, error) {
	pilot := p.apply(p.uniform(ample)).Model()
	_, fc, err := p.simulate(p.uniform(ample), p.sc.Seed)
	if err != nil {
		return nil, err
	}
	p.forecast = fc
	plan := p.uniform(0)
	for k, t := range p.teams {
		paid := pilot.Teams[t.index].Paid
		for q, pe := range p.periods {
			if !t.works[q] {
				continue
			}
			duty := 1 - t.shrinkage
			// Agent-hours paid per agent, hour by hour and in all.
			perHead := 0.0
			for h := 24 * pe.first; h < 24*pe.last+24; h++ {
				perHead += float64(paid[h]) / ample
			}
			work := 0.0
			for d := pe.first; d <= pe.last; d++ {
				work += meanOf(fc.busy[k][d])
			}
			need := int(math.Ceil(work / (perHead * duty * p.occupancyCap(t))))
			for h := 24 * pe.first; h < 24*pe.last+24; h++ {
				share := float64(paid[h]) / ample
				if share == 0 {
					continue
				}
				if n := p.hourAgents(t, h); n > 0 {
					need = max(need, int(math.Ceil(float64(n)/(share*duty)-1e-9)))
				}
			}
			plan[k][q] = t.up(need)
		}
	}
	return plan, nil
}

// occupancyCap is the highest occupancy a target allows the team
// (teams.NAME.occupancy <= 0.85), 1 without one: the Erlang plan's
// workload then leaves the agents that much time free.
func (p *seasonPlanner) occupancyCap(t *seasonTeam) float64 {
	limit := 1.0
	for _, pt := range p.targets {
		if pt.Metric == sim.TeamMetricName(t.name, "occupancy") && (pt.Op == "<" || pt.Op == "<=") && pt.Value > 0 {
			limit = min(limit, pt.Value)
		}
	}
	return limit
}

// hourAgents is Erlang C's answer for hour h of a team's real-time
// channels, their forecast calls pooled. Erlang C knows no abandonment,
// so it is a little generous for callers who give up.
func (p *seasonPlanner) hourAgents(t *seasonTeam, h int) int {
	load, handle := 0.0, 0.0
	for _, ci := range t.realtime {
		a := meanOf(p.forecast.offeredByHour[ci][h])
		load += a * p.handleHours(ci)
		handle = max(handle, p.handleHours(ci))
	}
	if load == 0 {
		return 0
	}
	var targets []scenarios.Threshold
	for _, pt := range p.userTargets() {
		targets = append(targets, pt.Threshold)
	}
	return erlangAgents(p.sc, targets, t.name, load, handle)
}

// judge judges every target at a simulated plan, strictly (the whole 95%
// interval meets the limit) for the search or as peaksim check does for
// the confirmation. It returns the judgements and, per planned team, the
// periods where a target failed, with the targets.
func (p *seasonPlanner) judge(res *reports.Results, s *periodStats, strict bool) ([]reports.PlanTarget, map[[2]int][]int) {
	sc := &res.Scenarios[0]
	var out []reports.PlanTarget
	failing := map[[2]int][]int{} // {team, period} → targets
	for j, t := range p.targets {
		var m *reports.Metric
		seasonFails := false
		if !t.keepUp {
			m = sc.Metric(t.Metric)
			c := reports.JudgeThreshold(sc, t.Expr, m, t.Holds, strict, t.Op+" "+t.Limit)
			pt := reports.PlanTarget{Target: t.Expr, Passed: c.Passed}
			if m != nil {
				pt.Estimate = m.Estimate
			}
			out = append(out, pt)
			seasonFails = !c.Passed
		}
		if t.perPeriod != nil {
			for q, pe := range p.periods {
				e := reports.EstimateOf(t.Metric, unitOf(m), stats.Summarize(s.targets[j][q]))
				if e.N == 0 {
					continue // nothing to judge: no contacts that period
				}
				ok := holdsOn(e, t.Holds, strict)
				out = append(out, reports.PlanTarget{Target: t.Expr, Period: pe.name, Estimate: e, Passed: ok})
				if !ok {
					for _, k := range t.teams {
						failing[[2]int{k, q}] = append(failing[[2]int{k, q}], j)
					}
					seasonFails = false // the periods say where
				}
			}
		}
		if seasonFails {
			// A season-wide figure says nothing about when: the team's
			// busiest quarter of the periods gets the agents.
			for _, k := range t.teams {
				for _, q := range p.busiest(s, k) {
					failing[[2]int{k, q}] = append(failing[[2]int{k, q}], j)
				}
			}
		}
	}
	return out, failing
}

func unitOf(m *reports.Metric) string {
	if m == nil {
		return ""
	}
	return m.Unit
}

// holdsOn judges an estimate like reports.JudgeThreshold: strictly, the
// whole 95% interval must meet the limit; otherwise some of it.
func holdsOn(e reports.Estimate, holds func(float64) bool, strict bool) bool {
	lo, hi := float64(e.CI95[0]), float64(e.CI95[1])
	if math.IsNaN(lo) {
		lo, hi = float64(e.Mean), float64(e.Mean)
	}
	if strict {
		return holds(lo) && holds(hi)
	}
	return holds(lo) || holds(hi)
}

// busiest returns the quarter of the periods (at least one) in which team
// k was busiest, busiest first.
func (p *seasonPlanner) busiest(s *periodStats, k int) []int {
	var qs []int
	for q := range p.periods {
		if p.teams[k].works[q] {
			qs = append(qs, q)
		}
	}
	occ := func(q int) float64 { return meanOf(s.occupancy[k][q]) }
	slices.SortStableFunc(qs, func(a, b int) int { return -cmpFloat(occ(a), occ(b)) })
	return qs[:min(len(qs), max(1, (len(qs)+3)/4))]
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// search finds the plan; see the comment at the top of the file. A
// period that keeps failing gets twice the steps of the time before, and
// removals start at about a tenth of the headcount and halve where they
// break a target, down to one step: a step at a time, a season's 44 team
// weeks took some 70 simulations; so, about 20.
func (p *seasonPlanner) search() ([][]int, error) {
	p.progress("pilot run: the forecast for the Erlang plan, with the planned teams at %d agents", ample)
	start, err := p.erlangPlan()
	if err != nil {
		return nil, err
	}
	p.erlang = start
	plan := clonePlan(start)
	steps := make([][]int, len(p.teams)) // steps to add next, or to remove
	for k := range steps {
		steps[k] = make([]int, len(p.periods))
	}
	// Add steps where a target fails, until none does, or until agents
	// stop helping: a target staffing cannot reach (a resolution time made
	// of the carrier's delays) fails after a few rounds, not after every
	// simulation allowed.
	gaps, stalled := map[string]float64{}, 0
	for {
		res, s, err := p.simulate(plan, p.sc.Seed)
		if err != nil {
			return nil, err
		}
		met, failing := p.judge(res, s, true)
		p.progress("simulation %d: %s", p.sims, p.failingSummary(met))
		if len(failing) == 0 {
			p.met, p.stats = met, s
			break
		}
		if p.sims >= p.maxSims {
			return nil, fmt.Errorf("no plan meets every target after %d simulations (--max-simulations); still failing: %s", p.sims, failingList(met))
		}
		if closer := p.closer(met, gaps); closer {
			stalled = 0
		} else if stalled++; stalled == 3 {
			return nil, fmt.Errorf("three rounds of more agents brought no failing target closer to its limit: staffing the planned teams cannot reach it (plan other teams with --team, or change the process); still failing: %s", failingList(met))
		}
		grown := false
		for _, key := range sortedKeys(failing) {
			k, q := key[0], key[1]
			t := p.teams[k]
			if !t.works[q] || plan[k][q] >= t.max {
				continue
			}
			steps[k][q] = min(max(2*steps[k][q], 1), 16)
			n := plan[k][q]
			for range steps[k][q] {
				n = t.next(n)
			}
			for _, j := range failing[key] {
				if !slices.Contains(p.addedFor[k][q], p.targets[j].Expr) {
					p.addedFor[k][q] = append(p.addedFor[k][q], p.targets[j].Expr)
				}
			}
			if slices.ContainsFunc(failing[key], func(j int) bool { return p.targets[j].backlog }) {
				p.backlogAdded[k][q] += n - plan[k][q]
			}
			plan[k][q] = n
			grown = true
		}
		if !grown {
			return nil, fmt.Errorf("no plan meets every target: where they fail, the teams are at their max_headcount or do not work at all (a target per period must be reachable with the team's working hours: an email that arrives on Friday evening waits for Monday); still failing: %s", failingList(met))
		}
	}
	// Give up steps wherever all targets still hold.
	for k, t := range p.teams {
		for q := range p.periods {
			steps[k][q] = max(1, plan[k][q]/(10*t.step))
		}
	}
	for p.sims < p.maxSims {
		trial := clonePlan(plan)
		var tried [][2]int
		for k, t := range p.teams {
			for q := range p.periods {
				n := plan[k][q]
				for range steps[k][q] {
					n = t.down(n)
				}
				if t.works[q] && steps[k][q] > 0 && n < plan[k][q] {
					trial[k][q] = n
					tried = append(tried, [2]int{k, q})
				}
			}
		}
		if len(tried) == 0 {
			break
		}
		res, s, err := p.simulate(trial, p.sc.Seed)
		if err != nil {
			return nil, err
		}
		met, failing := p.judge(res, s, true)
		p.progress("simulation %d: %d fewer-agent periods tried; %s", p.sims, len(tried), p.failingSummary(met))
		if len(failing) == 0 {
			plan, p.met, p.stats = trial, met, s
			continue
		}
		// A removal is to blame for a failure in its own period or, when
		// that period kept its agents, for a backlog target's failure in
		// the next one, through the backlog it left; with nothing to pin
		// it on (a season-wide target), every removal is.
		var blamed [][2]int
		for _, key := range sortedKeys(failing) {
			prev := [2]int{key[0], key[1] - 1}
			switch {
			case slices.Contains(tried, key):
				blamed = append(blamed, key)
			case slices.Contains(tried, prev) && !slices.Contains(blamed, prev) &&
				slices.ContainsFunc(failing[key], func(j int) bool { return p.targets[j].backlog }):
				blamed = append(blamed, prev)
			}
		}
		if len(blamed) == 0 {
			blamed = tried
		}
		for _, key := range blamed {
			steps[key[0]][key[1]] /= 2 // 0 once a single step fails: that period is done
		}
	}
	return plan, nil
}

// closer reports whether a failing target's season-wide mean came
// closer to its limit, by more than 1%, than in the last round (gaps).
func (p *seasonPlanner) closer(met []reports.PlanTarget, gaps map[string]float64) bool {
	closer := false
	for _, m := range met {
		if m.Period != "" || m.Passed {
			continue
		}
		j := slices.IndexFunc(p.targets, func(t planTarget) bool { return t.Expr == m.Target })
		gap := math.Abs(float64(m.Mean) - p.targets[j].Value)
		if last, ok := gaps[m.Target]; !ok || gap < 0.99*last {
			closer = true
		}
		gaps[m.Target] = gap
	}
	for _, m := range met {
		if m.Period != "" && !m.Passed {
			// A target failing only in some periods: those periods' agents
			// are what the search adds; the season figure may not move.
			j := slices.IndexFunc(p.targets, func(t planTarget) bool { return t.Expr == m.Target })
			key := m.Target + "@" + m.Period
			gap := math.Abs(float64(m.Mean) - p.targets[j].Value)
			if last, ok := gaps[key]; !ok || gap < 0.99*last {
				closer = true
			}
			gaps[key] = gap
		}
	}
	return closer
}

// failingSummary says how many targets fail, and in how many periods,
// and in how many periods a team does not keep up with its work.
func (p *seasonPlanner) failingSummary(met []reports.PlanTarget) string {
	targets, periods, behind := map[string]bool{}, map[string]bool{}, map[string]bool{}
	keepUp := map[string]bool{}
	for _, t := range p.targets {
		keepUp[t.Expr] = t.keepUp
	}
	for _, m := range met {
		switch {
		case m.Passed:
		case keepUp[m.Target]:
			behind[m.Period] = true
		default:
			targets[m.Target] = true
			if m.Period != "" {
				periods[m.Period] = true
			}
		}
	}
	var out string
	switch total := len(p.userTargets()); {
	case len(targets) == 0 && len(behind) == 0:
		return "every target met"
	case len(targets) == 0:
		out = "every target met"
	case len(periods) == 0:
		out = fmt.Sprintf("%d of %d targets missed season-wide", len(targets), total)
	default:
		out = fmt.Sprintf("%d of %d targets missed, in %d periods", len(targets), total, len(periods))
	}
	switch {
	case len(behind) > 0 && len(targets) == 0:
		out += fmt.Sprintf(", but the work outgrew the hours on duty in %d periods", len(behind))
	case len(behind) > 0:
		out += fmt.Sprintf("; the work outgrew the hours on duty in %d periods", len(behind))
	}
	return out
}

func clonePlan(plan [][]int) [][]int {
	out := make([][]int, len(plan))
	for k := range plan {
		out[k] = slices.Clone(plan[k])
	}
	return out
}

func sortedKeys(m map[[2]int][]int) [][2]int {
	keys := make([][2]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	return keys
}

// failingList names the failing targets, with their periods.
func failingList(met []reports.PlanTarget) string {
	var out []string
	for _, m := range met {
		if !m.Passed {
			where := "season"
			if m.Period != "" {
				where = m.Period
			}
			out = append(out, m.Target+" ("+where+")")
		}
	}
	if len(out) > 6 {
		out = append(out[:6], fmt.Sprintf("and %d more", len(out)-6))
	}
	return strings.Join(out, ", ")
}

// confirmationSeed is the seed of the run that confirms a plan: one the
// search never saw.
func confirmationSeed(seed uint64) uint64 { return seed + 1_000_003 }

// planSeason plans a season, prints the plan, and writes the run that
// confirms it on fresh seeds as the output, with the plan in it. The exit
// code is exitCheck when that run misses a target.
func planSeason(ctx context.Context, std stdio, fs *flag.FlagSet, f *runFlags, sc *scenarios.Scenario, targets []scenarios.Threshold, planned []int, granularity string, maxSims int) int {
	if sc.Replications < 2 {
		return fail(std.stderr, exitBadInput, errors.New("plan judges targets on 95% intervals: it needs at least 2 replications (--replications)"))
	}
	p := newSeasonPlanner(ctx, sc, targets, planned, granularity, f.workers, maxSims)
	p.progress = progressLog(std.stderr, f.quiet)
	started := time.Now()
	plan, err := p.search()
	if err != nil {
		if ctx.Err() != nil {
			return fail(std.stderr, exitFailed, errors.New("interrupted: no plan"))
		}
		return fail(std.stderr, exitFailed, err)
	}
	out := p.report(plan)
	p.progress("%d simulations in %s", p.sims, time.Since(started).Round(time.Second))

	// The confirmation run is the output: its report and results.
	final := p.apply(plan)
	final.Seed = confirmationSeed(sc.Seed)
	f.seed = final.Seed
	out.ConfirmationSeed = final.Seed
	confirm := p.newPeriodStats(final.Replications)
	f.prepare = func(g *runner.Grid, opt *runner.Options) {
		g.Model(0).DailyAges = p.ages
		opt.Keep = func(_, i int, r *sim.RepResult) { p.record(confirm, i, r) }
	}
	return runScenarios(ctx, std, fs, f, []*scenarios.Scenario{final}, func(res *reports.Results) int {
		out.Confirmed, _ = p.judge(res, confirm, false)
		res.Plan = out
		printSeasonPlan(std.stderr, out)
		for _, c := range out.Confirmed {
			if !c.Passed {
				fmt.Fprintf(std.stderr, "peaksim: the plan misses targets in the confirmation run (seed %d): %s\n", final.Seed, failingList(out.Confirmed))
				return exitCheck
			}
		}
		return exitOK
	})
}

// report builds the plan's results: a row per team and period with the
// Erlang plan beside it, the costs, and why they differ.
func (p *seasonPlanner) report(plan [][]int) *reports.Plan {
	out := &reports.Plan{Simulations: p.sims, Granularity: "day", Met: p.met}
	if len(p.periods) < p.sc.Season.Calendar.Days() {
		out.Granularity = "week"
	}
	for _, t := range p.userTargets() {
		out.Targets = append(out.Targets, t.Expr)
	}
	cal := &p.sc.Season.Calendar
	for _, pe := range p.periods {
		out.Periods = append(out.Periods, reports.PlanPeriod{Name: pe.name, From: cal.Date(pe.first).String(), To: cal.Date(pe.last).String()})
	}
	erlangModel, plannedModel := p.apply(p.erlang).Model(), p.apply(plan).Model()
	cost := func(m *sim.Model, t *seasonTeam, pe period) float64 {
		paid := 0
		for _, n := range m.Teams[t.index].Paid[24*pe.first : 24*pe.last+24] {
			paid += n
		}
		return float64(paid) * t.cost
	}
	for k, t := range p.teams {
		for q, pe := range p.periods {
			row := reports.PlanRow{
				Team: t.name, Period: pe.name, Erlang: p.erlang[k][q], Planned: plan[k][q], CostPerHour: reports.Float(t.cost),
				ErlangCost: reports.Float(cost(erlangModel, t, pe)), PlannedCost: reports.Float(cost(plannedModel, t, pe)),
				FailureDemand: reports.Float(tenth(meanOf(p.stats.offered[k][q]) - meanOf(p.forecast.offered[k][q]))),
				CarriedIn:     reports.Float(tenth(meanOf(p.stats.carried[k][q]))),
			}
			row.Why = p.why(k, q, row)
			out.Teams = append(out.Teams, row)
			out.ErlangCost += row.ErlangCost
			out.PlannedCost += row.PlannedCost
			if added := min(max(row.Planned-row.Erlang, 0), p.backlogAdded[k][q]); added > 0 && row.Planned > 0 {
				out.BacklogCost += row.PlannedCost * reports.Float(added) / reports.Float(row.Planned)
			}
		}
	}
	return out
}

// why says in a few words where and why the plan differs from the Erlang
// plan; docs/plan.md has the long explanation.
func (p *seasonPlanner) why(k, q int, row reports.PlanRow) string {
	t := p.teams[k]
	switch d := row.Planned - row.Erlang; {
	case !t.works[q]:
		return "the team does not work in this period"
	case d > 0:
		var causes []string
		if slices.ContainsFunc(p.targets, func(pt planTarget) bool { return pt.keepUp && slices.Contains(p.addedFor[k][q], pt.Expr) }) {
			causes = append(causes, "with fewer, the work that reached the team outgrew its hours on duty")
		}
		if c := float64(row.CarriedIn); c >= 1 {
			causes = append(causes, fmt.Sprintf("%.0f h of work carried over", c))
		}
		if fd := float64(row.FailureDemand); fd >= 1 {
			causes = append(causes, fmt.Sprintf("%.0f contacts beyond the forecast (chasing, retries)", fd))
		}
		if len(causes) == 0 {
			causes = append(causes, "Erlang's headcount misses it in this period")
		}
		return fmt.Sprintf("%d more for %s: %s", d, strings.Join(p.addedFor[k][q], ", "), strings.Join(causes, "; "))
	case d < 0 && len(t.realtime) > 0:
		return fmt.Sprintf("%d fewer: Erlang staffs every hour for the busiest; the period's target holds with fewer", -d)
	case d < 0:
		return fmt.Sprintf("%d fewer: the work waits for quieter hours within the target", -d)
	}
	return ""
}

// printSeasonPlan prints the plan: a line per period with each team's
// Erlang and planned headcount, then the costs and the targets.
func printSeasonPlan(w io.Writer, plan *reports.Plan) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	var teams []string
	for _, r := range plan.Teams {
		if !slices.Contains(teams, r.Team) {
			teams = append(teams, r.Team)
		}
	}
	fmt.Fprint(tw, "period\tfrom\tto")
	for _, t := range teams {
		fmt.Fprintf(tw, "\t%s (Erlang → plan)", t)
	}
	fmt.Fprintln(tw, "\t")
	for q, pe := range plan.Periods {
		fmt.Fprintf(tw, "%s\t%s\t%s", pe.Name, pe.From, pe.To)
		for k := range teams {
			r := plan.Teams[k*len(plan.Periods)+q]
			fmt.Fprintf(tw, "\t%d → %d", r.Erlang, r.Planned)
		}
		fmt.Fprintln(tw, "\t")
	}
	tw.Flush()
	fmt.Fprintf(w, "cost: Erlang plan %.0f, plan %.0f (%+.1f%%), of which %.0f for agents added for backlog targets; %d simulations\n",
		float64(plan.ErlangCost), float64(plan.PlannedCost), 100*float64(plan.PlannedCost/plan.ErlangCost-1), float64(plan.BacklogCost), plan.Simulations)
	for _, c := range plan.Confirmed {
		if c.Period == "" {
			fmt.Fprintf(w, "  %s: %s [%s, %s] in the confirmation run\n", c.Target, num(c.Mean), num(c.CI95[0]), num(c.CI95[1]))
		}
	}
}

// tenth rounds a figure that is a mean over replications to what it can
// tell.
func tenth(v float64) float64 { return math.Round(10*v) / 10 }

func num(v reports.Float) string { return strconv.FormatFloat(float64(v), 'g', 4, 64) }

// progressLog returns a printer of the planner's progress lines, silent
// with --quiet.
func progressLog(w io.Writer, quiet bool) func(format string, args ...any) {
	return func(format string, args ...any) {
		if !quiet {
			fmt.Fprintf(w, "plan: "+format+"\n", args...)
		}
	}
}
