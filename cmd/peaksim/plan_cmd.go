package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/erlang"
)

// maxHeadcount bounds the planner's search.
const maxHeadcount = 10000

// cmdPlan finds the cheapest headcount of the named teams that meets every
// target, judged on the whole 95% interval. It starts from Erlang C and
// improves by simulation, on common random numbers. A stationary scenario
// gets one headcount per team: a team whose target fails gets one more
// agent until all hold, then each team gives up agents while they still
// do. A season gets a headcount per team and week or day (plan_season.go).
// Either way no plan under which a team cannot keep up with its work
// counts as meeting a target (the capacity rule, plan_capacity.go), and
// the plan is confirmed in a run with fresh seeds.
func cmdPlan(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("plan", "FILE|NAME --target EXPR... [--team NAME...] [flags]", std)
	var targetExprs, teamNames stringList
	fs.Var(&targetExprs, "target", "a target `EXPR` the plan must meet, e.g. 'phone.service_level >= 0.8' (repeat for several)")
	fs.Var(&teamNames, "team", "plan the team `NAME` (repeat; default: the teams the targets are about: a channel's, or teams.NAME...)")
	maxSims := fs.Int("max-simulations", 200, "simulate at most `N` plans")
	granularity := fs.String("granularity", "week", "plan a season by `PERIOD`: week (Monday to Sunday) or day")
	f := addRunFlags(fs)
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) != 1 || len(targetExprs) == 0 {
		fs.Usage()
		return exitBadInput
	}
	sc, err := scenarios.Open(names[0])
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	if len(sc.Variants) > 0 {
		sc = sc.Variants[0]
	}
	if *granularity != "week" && *granularity != "day" {
		return fail(std.stderr, exitBadInput, fmt.Errorf("--granularity: want week or day, got %q", *granularity))
	}
	if f.precision != "" || f.shard != "" {
		return fail(std.stderr, exitBadInput, errors.New("plan runs its own simulations: --precision and --shard do not apply (use --replications)"))
	}
	var targets []scenarios.Threshold
	var errs []error
	for _, e := range targetExprs {
		t, err := scenarios.ParseThreshold(sc, e)
		if err == nil {
			err = scenarios.Unreachable(sc, t)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("--target %q: %w", e, err))
		}
		targets = append(targets, t)
	}
	planned, err := plannedTeams(sc, targets, teamNames)
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	if given(fs, "seed") {
		sc.Seed = f.seed
	}
	if given(fs, "replications") {
		sc.Replications = f.reps
	}
	// Every plan the search tries is a run of the file: one that the cost
	// estimate refuses is refused before the search, not after hours.
	if err := checkCost([]*scenarios.Scenario{sc}, f, false, 1); err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	if code := checkOutput(std, f.out, f.force); code != exitOK {
		return code
	}

	if sc.Season != nil {
		return planSeason(ctx, std, fs, f, sc, targets, planned, *granularity, *maxSims)
	}
	start := erlangPlan(sc, targets, planned)
	p := &planner{ctx: ctx, sc: sc, targets: targets, teams: planned, workers: f.workers, capacity: newCapacity(sc)}
	carried, err := p.carry(start)
	if err != nil {
		return fail(std.stderr, exitBadInput, fmt.Errorf("%s: %w", names[0], err))
	}
	headcount, err := p.search(carried, *maxSims)
	if err != nil {
		if ctx.Err() != nil {
			return fail(std.stderr, exitFailed, errors.New("interrupted: no plan"))
		}
		return fail(std.stderr, exitFailed, err)
	}
	plan := &reports.Plan{Targets: targetExprs, Simulations: p.sims, Met: p.met}
	for k, ti := range planned {
		plan.Teams = append(plan.Teams, reports.PlanRow{Team: sc.Teams[ti].Name, Erlang: start[k], Planned: headcount[k],
			CostPerHour: reports.Float(sc.Teams[ti].CostPerHour), Why: p.why(k, start[k], headcount[k])})
	}
	printPlan(std, plan, p.met)

	// The run that confirms the plan on seeds the search never saw is the
	// output: its report and results. It judges the targets and the
	// capacity rule as peaksim check does.
	p.apply(headcount)
	sc.Seed = confirmationSeed(sc.Seed)
	f.seed = sc.Seed
	plan.ConfirmationSeed = sc.Seed
	groups := p.capacity.plannedGroups(planned)
	loads, keep := p.capacity.recordLoads(groups, sc.Replications)
	f.prepare = func(_ *runner.Grid, opt *runner.Options) { opt.Keep = keep }
	return runScenarios(ctx, std, fs, f, []*scenarios.Scenario{sc}, func(res *reports.Results) int {
		run := &res.Scenarios[0]
		for _, t := range targets {
			plan.Confirmed = append(plan.Confirmed, judgeTarget(run, t, false))
		}
		for i, gi := range groups {
			plan.Confirmed = append(plan.Confirmed, judgeLoad(p.capacity.label(gi), loads[i], false))
		}
		res.Plan = plan
		for _, c := range plan.Confirmed {
			fmt.Fprintf(std.stderr, "  %s: %s in the confirmation run\n", c.Target, reports.FormatEstimate(&c.Estimate))
		}
		for _, c := range plan.Confirmed {
			if !c.Passed {
				fmt.Fprintf(std.stderr, "peaksim: the plan misses targets in the confirmation run (seed %d): %s\n", sc.Seed, failingList(plan.Confirmed))
				return exitCheck
			}
		}
		return exitOK
	})
}

// plannedTeams returns the indices of the teams to plan: those named, or
// else the teams the targets are about (a channel's, or teams.NAME...).
func plannedTeams(sc *scenarios.Scenario, targets []scenarios.Threshold, names []string) ([]int, error) {
	var out []int
	add := func(name string) error {
		i := slices.IndexFunc(sc.Teams, func(t scenarios.Team) bool { return t.Name == name })
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
		if strings.HasPrefix(t.Metric, sc.Channels[i].Name+".") {
			return &sc.Channels[i]
		}
	}
	return nil
}

// erlangPlan is the plain Erlang C plan: for each team, the fewest agents
// that meet its channels' service-level and mean-wait targets in an M/M/N
// queue with the channels' total load (Erlang C knows no abandonment), and
// at least enough to carry the load.
func erlangPlan(sc *scenarios.Scenario, targets []scenarios.Threshold, teams []int) []int {
	plan := make([]int, len(teams))
	for k, ti := range teams {
		team := sc.Teams[ti].Name
		load, handle := 0.0, 0.0
		for _, ch := range sc.Channels {
			if ch.Team == team && ch.Arrivals.Mean() > 0 {
				rate := 1 / ch.Arrivals.Mean()
				load += rate * ch.HandleTime.Mean()
				handle = math.Max(handle, ch.HandleTime.Mean())
			}
		}
		plan[k] = erlangAgents(sc, targets, team, load, handle)
	}
	return plan
}

// erlangAgents is Erlang C's answer for a team's real-time load (in
// erlangs, of calls of the given mean handle time, in hours): the fewest
// agents on duty that carry it and meet the targets on the team's
// real-time channels (service level, mean wait, chance of waiting) in an
// M/M/N queue.
func erlangAgents(sc *scenarios.Scenario, targets []scenarios.Threshold, team string, load, handle float64) int {
	n := erlang.AgentsFor(load, maxHeadcount, func(int) bool { return true })
	for _, t := range targets {
		ch := targetChannel(sc, t)
		if ch == nil || ch.Team != team || ch.Deferred {
			continue
		}
		switch strings.TrimPrefix(t.Metric, ch.Name+".") {
		case "service_level", "service_level_answered":
			n = max(n, erlang.AgentsFor(load, maxHeadcount, func(n int) bool {
				return t.Holds(erlang.ServiceLevel(n, load, ch.ServiceLevelTarget, handle))
			}))
		case "wait.mean":
			n = max(n, erlang.AgentsFor(load, maxHeadcount, func(n int) bool { return t.Holds(erlang.MeanWait(n, load, handle)) }))
		case "wait_prob":
			n = max(n, erlang.AgentsFor(load, maxHeadcount, func(n int) bool { return t.Holds(erlang.C(n, load)) }))
		}
	}
	return n
}

// planner searches headcounts by simulation.
type planner struct {
	ctx      context.Context
	sc       *scenarios.Scenario
	targets  []scenarios.Threshold
	teams    []int
	workers  int
	capacity *capacity
	sims     int
	// Of the plan last evaluated: the targets and the capacity rule's
	// judgements, and the run's results; met and res are kept at the
	// plan found.
	met []reports.PlanTarget
	res *reports.Scenario
	// floorAt[k] is the headcount of team k whose removal the capacity
	// rule's formula refused (0 if none), grewAt[k] the largest headcount
	// at which a run found its load at 1 or more.
	floorAt, grewAt []int
}

// carry returns start with more agents where the stationary scenario's
// teams would not carry the load offered to them (the capacity rule,
// plan_capacity.go), or an error naming the team when no headcount the
// planner may give does.
func (p *planner) carry(start []int) ([]int, error) {
	plan := slices.Clone(start)
	p.floorAt, p.grewAt = make([]int, len(plan)), make([]int, len(plan))
	for {
		p.apply(plan)
		short := p.shortPlanned()
		if len(short) == 0 {
			return plan, nil
		}
		for _, k := range short {
			if plan[k] >= maxHeadcount {
				var why []string
				for _, s := range p.capacity.short(p.sc) {
					why = append(why, s.String(p.sc))
				}
				return nil, fmt.Errorf("team %s cannot keep up with the work offered to it within %d agents (%s)", p.sc.Teams[p.teams[k]].Name, maxHeadcount, strings.Join(why, "; "))
			}
			plan[k]++
		}
	}
}

// apply sets the planned teams' headcounts in the scenario.
func (p *planner) apply(plan []int) {
	for k, ti := range p.teams {
		p.sc.Teams[ti].Headcount = plan[k]
	}
}

// shortPlanned returns the planned teams (indices in p.teams) in a group
// or alone without the agents to carry their offered load, at the
// headcounts applied.
func (p *planner) shortPlanned() []int {
	var out []int
	for _, s := range p.capacity.short(p.sc) {
		for k, ti := range p.teams {
			if slices.Contains(s.teams, ti) && !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// search starts from start, adds agents to the teams of failing targets
// until every target holds, then removes agents team by team while they
// still hold. A plan the capacity rule refuses fails without a
// simulation.
func (p *planner) search(start []int, maxSims int) ([]int, error) {
	plan := slices.Clone(start)
	for {
		failing, err := p.evaluate(plan)
		if err != nil {
			return nil, err
		}
		if len(failing) == 0 {
			break
		}
		if p.sims >= maxSims {
			return nil, fmt.Errorf("no plan meets every target after %d simulations (--max-simulations); still failing: %s", p.sims, failingList(p.met))
		}
		for _, k := range failing {
			if plan[k] >= maxHeadcount {
				return nil, fmt.Errorf("team %s would need more than %d agents", p.sc.Teams[p.teams[k]].Name, maxHeadcount)
			}
			plan[k]++
		}
	}
	best, res := p.met, p.res
	for k := range plan {
		for plan[k] > 1 && p.sims < maxSims {
			plan[k]--
			p.apply(plan)
			if slices.Contains(p.shortPlanned(), k) {
				plan[k]++
				p.floorAt[k] = plan[k]
				break
			}
			failing, err := p.evaluate(plan)
			if err != nil {
				return nil, err
			}
			if len(failing) > 0 {
				plan[k]++
				break
			}
			best, res = p.met, p.res
		}
	}
	p.met, p.res = best, res
	p.apply(plan)
	return plan, nil
}

// evaluate simulates plan (all replications, on the scenario's seed) and
// returns the planned teams whose targets are not met with the whole 95%
// interval, or whose group's load does not stay below 1 with it (the
// capacity rule); a target on no channel fails every planned team.
func (p *planner) evaluate(plan []int) ([]int, error) {
	p.apply(plan)
	g := runner.New([]*scenarios.Scenario{p.sc}, Version)
	groups := p.capacity.plannedGroups(p.teams)
	loads, keep := p.capacity.recordLoads(groups, p.sc.Replications)
	done, err := g.Execute(p.ctx, g.Cells(), runner.Options{Workers: p.workers, Keep: keep})
	if err != nil {
		return nil, err
	}
	p.sims++
	res := g.Results(done)
	sc := &res.Scenarios[0]
	p.res = sc
	var failing []int
	fails := func(k int) {
		if !slices.Contains(failing, k) {
			failing = append(failing, k)
		}
	}
	p.met = nil
	for _, t := range p.targets {
		pt := judgeTarget(sc, t, true)
		p.met = append(p.met, pt)
		if pt.Passed {
			continue
		}
		ch := targetChannel(p.sc, t)
		for k, ti := range p.teams {
			if ch == nil || ch.Team == p.sc.Teams[ti].Name {
				fails(k)
			}
		}
	}
	for i, gi := range groups {
		c := judgeLoad(p.capacity.label(gi), loads[i], true)
		p.met = append(p.met, c)
		if c.Passed {
			continue
		}
		for k, ti := range p.teams {
			if p.capacity.group[ti] == gi {
				fails(k)
				p.grewAt[k] = max(p.grewAt[k], plan[k])
			}
		}
	}
	slices.Sort(failing)
	return failing, nil
}

// why says in a few words why team k's plan differs from Erlang C's, from
// what the scenario has and what the run of the plan measured: only what
// Erlang C leaves out and this team's channels show.
func (p *planner) why(k, erlangC, planned int) string {
	team := p.sc.Teams[p.teams[k]]
	var channels []*scenarios.Channel
	for i := range p.sc.Channels {
		if p.sc.Channels[i].Team == team.Name {
			channels = append(channels, &p.sc.Channels[i])
		}
	}
	measured := func(metric string) float64 {
		if m := p.res.Metric(metric); m != nil && !math.IsNaN(float64(m.Mean)) {
			return float64(m.Mean)
		}
		return 0
	}
	var causes []string
	switch {
	case planned < erlangC:
		for _, ch := range channels {
			if r := measured(ch.Name + ".abandon_rate"); ch.Patience.Kind != sim.NoDist && r > 0 {
				causes = append(causes, fmt.Sprintf("customers who abandon (%s of %s) lighten the queue Erlang C assumes they stay in", percent(r), ch.Name))
			}
			if r := measured(ch.Name + ".reject_rate"); r > 0 {
				causes = append(causes, fmt.Sprintf("a full queue turns away %s of %s", percent(r), ch.Name))
			}
		}
		causes = append(causes, p.unlikeErlang(channels)...)
		if len(causes) == 0 {
			causes = append(causes, "the simulation meets every target with fewer")
		}
		return fmt.Sprintf("%d fewer than Erlang C: %s", erlangC-planned, strings.Join(causes, "; ")) + p.keptBy(k, planned)
	case planned > erlangC:
		var unsized []string
		for _, t := range p.targets {
			if ch := targetChannel(p.sc, t); ch != nil && ch.Team == team.Name && !erlangSized(ch, t) ||
				strings.HasPrefix(t.Metric, sim.TeamMetricName(team.Name, "")) {
				unsized = append(unsized, t.Metric)
			}
		}
		if len(unsized) > 0 {
			causes = append(causes, "Erlang C does not size "+strings.Join(unsized, ", "))
		}
		causes = append(causes, p.unlikeErlang(channels)...)
		if len(causes) == 0 {
			causes = append(causes, "the simulation needs them for the whole 95% interval to meet the targets")
		}
		return fmt.Sprintf("%d more than Erlang C: %s", planned-erlangC, strings.Join(causes, "; ")) + p.keptBy(k, planned)
	}
	return "as Erlang C" + p.keptBy(k, planned)
}

// keptBy says, when the capacity rule kept team k at its planned
// headcount, how: by the formula (the fewest agents that carry the work
// offered) or by a run with one agent fewer whose queue grew.
func (p *planner) keptBy(k, planned int) string {
	switch {
	case p.floorAt[k] == planned:
		load := 0.0
		for _, s := range p.capacity.short(p.withHeadcount(k, planned-1)) {
			if slices.Contains(s.teams, p.teams[k]) {
				load = max(load, s.erlangs)
			}
		}
		return fmt.Sprintf(", the fewest agents that keep up with the %.1f erlangs of work offered (with fewer, the queue grows for as long as the run lasts)", load)
	case p.grewAt[k] == planned-1 && planned > 1:
		return fmt.Sprintf(", the fewest that keep up: with %d, the team was busy all its hours on duty and its queue grew", planned-1)
	}
	return ""
}

// unlikeErlang lists what the team's channels have that Erlang C's M/M/N
// queue does not: handle times that are not exponential, and several
// channels pooled as one.
func (p *planner) unlikeErlang(channels []*scenarios.Channel) []string {
	var out []string
	for _, ch := range channels {
		if ch.HandleTime.Kind != sim.Exponential {
			out = append(out, fmt.Sprintf("%s's handle times are %s, not exponential as Erlang C assumes", ch.Name, ch.HandleTime.Kind))
		}
	}
	if len(channels) > 1 {
		out = append(out, fmt.Sprintf("Erlang C pools the team's %d channels as one queue", len(channels)))
	}
	return out
}

// withHeadcount returns a copy of the scenario with n agents in planned
// team k.
func (p *planner) withHeadcount(k, n int) *scenarios.Scenario {
	sc := *p.sc
	sc.Teams = slices.Clone(p.sc.Teams)
	sc.Teams[p.teams[k]].Headcount = n
	return &sc
}

// erlangSized reports whether Erlang C sizes target t on channel ch
// (erlangAgents): a service level, mean wait or chance of waiting on a
// real-time channel.
func erlangSized(ch *scenarios.Channel, t scenarios.Threshold) bool {
	switch strings.TrimPrefix(t.Metric, ch.Name+".") {
	case "service_level", "service_level_answered", "wait.mean", "wait_prob":
		return !ch.Deferred
	}
	return false
}

// printPlan prints the staffing table and the targets at the plan, with
// the capacity rule's judgement of each planned team.
func printPlan(std stdio, plan *reports.Plan, met []reports.PlanTarget) {
	w := tabwriter.NewWriter(std.stderr, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "team\tErlang C\tplanned\tcost/agent-hour\t")
	for _, r := range plan.Teams {
		fmt.Fprintf(w, "%s\t%d\t%d\t%v\t%s\n", r.Team, r.Erlang, r.Planned, float64(r.CostPerHour), r.Why)
	}
	w.Flush()
	for _, c := range met {
		fmt.Fprintf(std.stderr, "  %s: %s\n", c.Target, reports.FormatEstimate(&c.Estimate))
	}
	fmt.Fprintf(std.stderr, "%d simulations\n", plan.Simulations)
}

// judgeTarget judges target t on run as check does (strict: the whole
// interval must hold, as the search asks), with the figure it read.
func judgeTarget(run *reports.Scenario, t scenarios.Threshold, strict bool) reports.PlanTarget {
	m := run.Metric(t.Metric)
	pt := reports.PlanTarget{Target: t.Expr, Passed: reports.JudgeThreshold(run, t.Expr, m, t.Holds, strict, t.Op+" "+t.Limit).Passed}
	if m != nil {
		pt.Estimate = m.Estimate
	}
	return pt
}
