package planner

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/stats"
)

// maxHeadcount bounds the planner's search.
const maxHeadcount = 10000

// Request is what to plan.
type Request struct {
	// Scenario is planned as it is: a file's variant, with the seed and
	// the replications the search runs on. Find does not change it.
	Scenario *scenarios.Scenario
	// Targets must all hold, on the whole 95% interval.
	Targets []scenarios.Threshold
	// Teams are the indices in Scenario.Teams of the teams to plan
	// (Teams finds them from the targets).
	Teams []int
	// Granularity cuts a season into periods: "week" (Monday to Sunday)
	// or "day". A stationary scenario has one period.
	Granularity string
	// MaxSimulations bounds the search.
	MaxSimulations int
	// Workers is how many replications run at once.
	Workers int
	// Version is peaksim's, for the results.
	Version string
	// Progress, when set, hears a line of the search's progress.
	Progress func(format string, args ...any)
}

// Outcome is the plan found, before its confirmation run.
type Outcome struct {
	// Plan holds the headcounts, the Erlang plan beside them, the costs,
	// why they differ, and the targets as the search last judged them;
	// Confirmed is empty until the confirmation run is judged.
	Plan *reports.Plan
	p    *planner
	plan [][]int
}

// Find searches for the plan; see the package doc and search. It fails
// when no plan within the teams' bounds and MaxSimulations meets every
// target, saying what still fails, and with ctx's error when cancelled.
func Find(ctx context.Context, req Request) (*Outcome, error) {
	sc := req.Scenario
	if sc.Season != nil && sc.Replications < 2 {
		return nil, &BadRequest{errors.New("plan judges targets on 95% intervals: it needs at least 2 replications (--replications)")}
	}
	if req.Granularity == "" {
		req.Granularity = "week"
	}
	if req.Granularity != "week" && req.Granularity != "day" {
		return nil, &BadRequest{fmt.Errorf("--granularity: want week or day, got %q", req.Granularity)}
	}
	if req.Progress == nil {
		req.Progress = func(string, ...any) {}
	}
	if req.MaxSimulations < 1 {
		req.MaxSimulations = 200
	}
	p, err := newPlanner(ctx, req)
	if err != nil {
		return nil, err
	}
	started := time.Now()
	plan, err := p.search()
	if err != nil {
		return nil, err
	}
	req.Progress("%d simulations in %s", p.sims, time.Since(started).Round(time.Second))
	return &Outcome{Plan: p.report(plan), p: p, plan: plan}, nil
}

// BadRequest is Find's error for a request no search could answer: one
// that asks what the planner cannot judge, or a scenario whose teams
// cannot carry their work within the planner's bound. Other errors of Find
// are the search's: no plan found.
type BadRequest struct{ Err error }

func (e *BadRequest) Error() string { return e.Err.Error() }
func (e *BadRequest) Unwrap() error { return e.Err }

// ConfirmationSeed is the seed of the run that confirms a plan: one the
// search never saw.
func ConfirmationSeed(seed uint64) uint64 { return seed + 1_000_003 }

// Confirmation is the run that confirms a plan on fresh seeds: the
// planned scenarios (one, or a hiring plan's forecast cases), what the
// planner must see of their replications, and the judgement of their
// results. The command runs it like any run, with its progress,
// interruption and output; Run runs it without them.
type Confirmation struct {
	// Scenarios are the request's with the plan's staffing and the
	// confirmation seed.
	Scenarios []*scenarios.Scenario
	plan      *reports.Plan
	judges    []*planner // the planner that judges each scenario
	stats     []*periodStats
	// combine puts the judgements of the scenarios together (the hiring
	// plan's forecast cases); nil: the one scenario's stand.
	combine func(per [][]reports.PlanTarget) []reports.PlanTarget
}

// Confirmation returns the plan's confirmation run.
func (o *Outcome) Confirmation() *Confirmation {
	sc := o.p.apply(o.plan)
	sc.Seed = ConfirmationSeed(o.p.sc.Seed)
	o.Plan.ConfirmationSeed = sc.Seed
	return &Confirmation{Scenarios: []*scenarios.Scenario{sc}, plan: o.Plan, judges: []*planner{o.p}}
}

// Prepare sets up a grid of the confirmation's scenarios, alone and in
// their order, and the options it runs with, so that the planner sees what
// results.json does not hold. Its Keep may be called on several
// goroutines at once.
func (c *Confirmation) Prepare(g *runner.Grid, opt *runner.Options) {
	c.stats = make([]*periodStats, len(c.Scenarios))
	for j, p := range c.judges {
		g.Model(j).DailyAges = p.ages
		c.stats[j] = p.newPeriodStats(c.Scenarios[j].Replications)
	}
	opt.Keep = func(j, i int, r *sim.RepResult) { c.judges[j].record(c.stats[j], i, r) }
}

// Judge judges the targets and the capacity rule in the confirmation's
// results as peaksim check does, records the judgements in the plan, puts
// the plan in the results, and reports whether every one passed.
func (c *Confirmation) Judge(res *reports.Results) bool {
	per := make([][]reports.PlanTarget, len(c.judges))
	for j, p := range c.judges {
		one := *res
		one.Scenarios = res.Scenarios[j : j+1]
		per[j], _ = p.judge(&one, c.stats[j], false)
	}
	c.plan.Confirmed = per[0]
	if c.combine != nil {
		c.plan.Confirmed = c.combine(per)
	}
	res.Plan = c.plan
	return !slices.ContainsFunc(c.plan.Confirmed, func(t reports.PlanTarget) bool { return !t.Passed })
}

// Run runs the confirmation and judges it: the results, with the plan,
// and whether every target held.
func (c *Confirmation) Run(ctx context.Context, opt runner.Options) (*reports.Results, bool, error) {
	g := runner.New(c.Scenarios, c.judges[0].req.Version)
	c.Prepare(g, &opt)
	done, err := g.Execute(ctx, g.Cells(), opt)
	if err != nil {
		return nil, false, err
	}
	res := g.Results(done)
	return res, c.Judge(res), nil
}

// Teams returns the indices of the teams to plan: those named, or else
// the teams the targets are about (a channel's, or teams.NAME...).
func Teams(sc *scenarios.Scenario, targets []scenarios.Threshold, names []string) ([]int, error) {
	var out []int
	add := func(name string) error {
		i := teamIndex(sc, name)
		if i < 0 {
			return fmt.Errorf("--team %s: no such team", name)
		}
		if !slices.Contains(out, i) {
			out = append(out, i)
		}
		return nil
	}
	for _, n := range names {
		if err := add(n); err != nil {
			return nil, err
		}
	}
	if len(names) == 0 {
		for _, t := range targets {
			if ch := targetChannel(sc, t); ch != nil {
				_ = add(ch.Team)
			}
			for _, team := range sc.Teams {
				if strings.HasPrefix(t.Metric, sim.TeamMetricName(team.Name, "")) {
					_ = add(team.Name)
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no team to plan: name them with --team, or give targets on a channel (phone.service_level >= 0.8)")
	}
	return out, nil
}

// targetChannel returns the channel a target is about, or nil.
func targetChannel(sc *scenarios.Scenario, t scenarios.Threshold) *scenarios.Channel {
	for i := range sc.Channels {
		if strings.HasPrefix(t.Metric, sim.ChannelMetricName(sc.Channels[i].Name, "")) {
			return &sc.Channels[i]
		}
	}
	return nil
}

func teamIndex(sc *scenarios.Scenario, name string) int {
	return slices.IndexFunc(sc.Teams, func(t scenarios.Team) bool { return t.Name == name })
}

// period is a stretch of the run with one headcount per team: the
// season's days first to last, both included; a stationary run's one
// period has no name.
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

// team is a planned team.
type team struct {
	index          int // in the scenario's teams
	name           string
	min, max, step int
	shrinkage      float64
	cost           float64
	base           scenarios.Team // as in the file
	// works[q] is whether the file has the team work at all in period q;
	// a period where it does not keeps 0 agents.
	works []bool
	// realtime and deferred are the channels the team serves.
	realtime, deferred []int
}

// up returns the smallest headcount the team may have that is at least n.
func (t *team) up(n int) int {
	if n <= t.min {
		return t.min
	}
	v := t.min + (n-t.min+t.step-1)/t.step*t.step
	return min(v, t.max)
}

// down returns the largest headcount the team may have below n, or n
// when there is none.
func (t *team) down(n int) int {
	if n <= t.min {
		return n
	}
	return t.min + (n-t.min-1)/t.step*t.step
}

// next returns the smallest headcount the team may have above n, or n
// when there is none.
func (t *team) next(n int) int {
	if n >= t.max {
		return n
	}
	return t.up(n + 1)
}

// planTarget is a target with what the planner needs to judge it.
type planTarget struct {
	scenarios.Threshold
	teams   []int // the planned teams (indices in planner.teams) it concerns
	backlog bool  // about a backlog: a deferred channel, backlogs or cases
	// perPeriod computes the metric over a period of one replication, NaN
	// where it is undefined; nil for a target judged over the whole run
	// only.
	perPeriod func(r *sim.RepResult, first, last int) float64
	// keepUp marks the capacity rule's check of a group of teams, which
	// the planner adds to the user's targets: its perPeriod is the group's
	// load, judged in every period and never over the whole run.
	keepUp bool
}

// planner plans a scenario; see search.
type planner struct {
	ctx      context.Context
	req      Request
	sc       *scenarios.Scenario
	season   bool
	targets  []planTarget
	teams    []*team
	periods  []period
	capacity *capacity
	// grid is the scenario compiled once; apply changes its planned teams'
	// staffing in place before each simulation.
	grid *runner.Grid
	sims int
	ages bool // a target needs the daily backlog ages
	// forecast is what the pilot run of a season measured; erlang the
	// plan the search starts from.
	forecast *periodStats
	erlang   [][]int
	// onDuty[k][h] is the share of team k's headcount on duty in hour h of
	// a season, by its shifts or working hours.
	onDuty [][]float64
	// addedFor[k][q] lists the targets that added agents to team k in
	// period q; backlogAdded[k][q] counts the agents added for backlog
	// targets.
	addedFor     [][][]string
	backlogAdded [][]int
	// grewAt[k] is the largest headcount of team k at which a run found its
	// group's load at 1 or more, for a stationary plan's reasons.
	grewAt []int
	// Of the last plan that met every target: its judgements, and what its
	// run measured.
	met   []reports.PlanTarget
	stats *periodStats
	res   *reports.Scenario
}

func newPlanner(ctx context.Context, req Request) (*planner, error) {
	sc := req.Scenario
	p := &planner{ctx: ctx, req: req, sc: sc, season: sc.Season != nil, capacity: newCapacity(sc)}
	if p.season {
		p.periods = periodsOf(&sc.Season.Calendar, req.Granularity)
	} else {
		p.periods = []period{{}}
	}
	for _, ti := range req.Teams {
		st := sc.Teams[ti]
		t := &team{index: ti, name: st.Name, min: min(st.MinHeadcount, maxHeadcount), max: min(st.MaxHeadcount, maxHeadcount),
			step: st.HiringStep, shrinkage: st.Shrinkage, cost: st.CostPerHour, base: st}
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
	p.grid = runner.New([]*scenarios.Scenario{p.apply(p.uniform(ample))}, req.Version)
	m := p.grid.Model(0)
	for _, t := range p.teams {
		for _, pe := range p.periods {
			from, to := p.hours(pe)
			t.works = append(t.works, m.Teams[t.index].PaidHours(from, to) > 0)
		}
	}
	for _, t := range req.Targets {
		p.targets = append(p.targets, p.planTarget(t))
	}
	p.targets = append(p.targets, p.keepUpTargets(req.Teams)...)
	m.DailyAges = p.ages
	p.addedFor = make([][][]string, len(p.teams))
	p.backlogAdded = make([][]int, len(p.teams))
	for k := range p.teams {
		p.addedFor[k] = make([][]string, len(p.periods))
		p.backlogAdded[k] = make([]int, len(p.periods))
	}
	p.grewAt = make([]int, len(p.teams))
	return p, nil
}

// hours returns the first hour of period pe and the hour after its last.
func (p *planner) hours(pe period) (from, to int) {
	if !p.season {
		return 0, int(math.Ceil(p.sc.Horizon))
	}
	return 24 * pe.first, 24*pe.last + 24
}

// planTarget finds which planned teams a target concerns (its channel's,
// or its team's; all for a figure of the whole run) and, in a season, its
// per-period form.
func (p *planner) planTarget(t scenarios.Threshold) planTarget {
	pt := planTarget{Threshold: t}
	sc := p.sc
	teamOf := func(name string) {
		for k, st := range p.teams {
			if st.name == name {
				pt.teams = append(pt.teams, k)
			}
		}
	}
	if p.season {
		pt.perPeriod = sim.PeriodForm(p.grid.Model(0), t.Metric)
	}
	if ch := targetChannel(sc, t); ch != nil {
		teamOf(ch.Team)
		pt.backlog = ch.Deferred
		if strings.HasPrefix(t.Metric, sim.ChannelMetricName(ch.Name, "backlog_age.")) && pt.perPeriod != nil {
			p.ages = true
		}
	} else if ti := slices.IndexFunc(sc.Teams, func(st scenarios.Team) bool {
		return strings.HasPrefix(t.Metric, sim.TeamMetricName(st.Name, ""))
	}); ti >= 0 {
		teamOf(sc.Teams[ti].Name)
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
// that no later period was planned for, and at the end of the run, work
// the targets never see: counted as met, such a plan would pass only
// because the run ends.
func (p *planner) keepUpTargets(planned []int) []planTarget {
	c := p.capacity
	var out []planTarget
	for _, g := range c.plannedGroups(planned) {
		pt := planTarget{
			Threshold: scenarios.Threshold{Expr: c.label(g), Metric: "load", Op: "<", Limit: "1", Value: keepUpLimit},
			keepUp:    true,
			perPeriod: func(r *sim.RepResult, first, last int) float64 { return c.periodLoad(r, g, first, last) },
		}
		if !p.season {
			pt.perPeriod = func(r *sim.RepResult, _, _ int) float64 { return c.windowLoad(r, g) }
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

// userTargets returns the targets the planner was given, without the
// capacity rule's.
func (p *planner) userTargets() []planTarget {
	return slices.DeleteFunc(slices.Clone(p.targets), func(t planTarget) bool { return t.keepUp })
}

// uniform is a plan of n agents in every team and period the team works
// (every period, before works is known).
func (p *planner) uniform(n int) [][]int {
	plan := make([][]int, len(p.teams))
	for k, t := range p.teams {
		plan[k] = make([]int, len(p.periods))
		for q := range plan[k] {
			if t.works == nil || t.works[q] {
				plan[k][q] = n
			}
		}
	}
	return plan
}

// simulate runs every replication of the plan on the scenario's seed and
// returns its results and per-period figures.
func (p *planner) simulate(plan [][]int) (*reports.Results, *periodStats, error) {
	p.applyInPlace(plan)
	return p.run()
}

// run runs every replication of the grid's model as it is staffed now.
func (p *planner) run() (*reports.Results, *periodStats, error) {
	s := p.newPeriodStats(p.sc.Replications)
	done, err := p.grid.Execute(p.ctx, p.grid.Cells(), runner.Options{Workers: p.req.Workers, Keep: func(_, i int, r *sim.RepResult) { p.record(s, i, r) }})
	if err != nil {
		return nil, nil, err
	}
	p.sims++
	return p.grid.Results(done), s, nil
}

// judge judges every target at a simulated plan, strictly (the whole 95%
// interval meets the limit) for the search or as peaksim check does for
// the confirmation. It returns the judgements and, per planned team and
// period, the targets that failed there.
func (p *planner) judge(res *reports.Results, s *periodStats, strict bool) ([]reports.PlanTarget, map[[2]int][]int) {
	sc := &res.Scenarios[0]
	var out []reports.PlanTarget
	failing := map[[2]int][]int{} // {team, period} → targets
	for j, t := range p.targets {
		var m *reports.Metric
		wholeFails := false
		if !t.keepUp {
			m = sc.Metric(t.Metric)
			c := reports.JudgeThreshold(sc, t.Expr, m, t.Holds, strict, t.Op+" "+t.Limit)
			pt := reports.PlanTarget{Target: t.Expr, Passed: c.Passed}
			if m != nil {
				pt.Estimate = m.Estimate
				pt.WithinNoise = c.Passed && !t.Holds(float64(m.Mean))
			}
			out = append(out, pt)
			wholeFails = !c.Passed
		}
		if t.perPeriod != nil {
			unit := ""
			if m != nil {
				unit = m.Unit
			}
			for q, pe := range p.periods {
				e := reports.EstimateOf(t.Metric, unit, stats.Summarize(s.targets[j][q]))
				if e.N == 0 {
					continue // nothing to judge: no contacts that period
				}
				ok := reports.Meets(e, t.Holds, strict)
				out = append(out, reports.PlanTarget{Target: t.Expr, Period: pe.name, Estimate: e, Passed: ok, WithinNoise: ok && !t.Holds(float64(e.Mean))})
				if !ok {
					for _, k := range t.teams {
						failing[[2]int{k, q}] = append(failing[[2]int{k, q}], j)
					}
					wholeFails = false // the periods say where
				}
			}
		}
		if wholeFails {
			// A figure of the whole run says nothing about when: the team's
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

// busiest returns the quarter of the periods (at least one) in which team
// k was busiest, busiest first.
func (p *planner) busiest(s *periodStats, k int) []int {
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

// FailingList names the failing targets of judgements, with their
// periods.
func FailingList(met []reports.PlanTarget) string {
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
