package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim/erlang"
)

// maxHeadcount bounds the planner's search.
const maxHeadcount = 10000

// cmdPlan finds the cheapest headcount of the named teams that meets every
// target, judged on the whole 95% interval. It starts from Erlang C and
// improves by simulation, on common random numbers. A stationary scenario
// gets one headcount per team: a team whose target fails gets one more
// agent until all hold, then each team gives up agents while they still
// do. A season gets a headcount per team and week or day (plan_season.go),
// confirmed in a run with fresh seeds.
func cmdPlan(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("plan", "FILE|NAME --target EXPR... [--team NAME...] [flags]", std)
	var targetExprs, teamNames stringList
	fs.Var(&targetExprs, "target", "a target the plan must meet, e.g. 'phone.service_level >= 0.8' (repeat for several)")
	fs.Var(&teamNames, "team", "a team to plan (repeat; default: the teams the targets are about: a channel's, or teams.NAME...)")
	maxSims := fs.Int("max-simulations", 200, "the most plans to simulate")
	granularity := fs.String("granularity", "week", "a season's periods: week (Monday to Sunday) or day")
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
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	if given["seed"] {
		sc.Seed = f.seed
	}
	if given["replications"] {
		sc.Replications = f.reps
	}
	if code := checkOutput(std, f.out, f.force); code != exitOK {
		return code
	}

	if sc.Season != nil {
		return planSeason(ctx, std, fs, f, sc, targets, planned, *granularity, *maxSims)
	}
	start := erlangPlan(sc, targets, planned)
	p := &planner{ctx: ctx, sc: sc, targets: targets, teams: planned, workers: f.workers}
	headcount, err := p.search(start, *maxSims)
	if err != nil {
		if ctx.Err() != nil {
			return fail(std.stderr, exitFailed, errors.New("interrupted: no plan"))
		}
		return fail(std.stderr, exitFailed, err)
	}
	plan := &reports.Plan{Targets: targetExprs, Simulations: p.sims}
	for k, ti := range planned {
		row := reports.PlanRow{Team: sc.Teams[ti].Name, Erlang: start[k], Planned: headcount[k], CostPerHour: reports.Float(sc.Teams[ti].CostPerHour)}
		switch {
		case headcount[k] > start[k]:
			row.Why = fmt.Sprintf("%d more than Erlang C: the simulation shows what it leaves out (abandonment and retries, several channels on one team, the whole interval to meet)", headcount[k]-start[k])
		case headcount[k] < start[k]:
			row.Why = fmt.Sprintf("%d fewer than Erlang C: customers who abandon lighten the queue Erlang C assumes they stay in", start[k]-headcount[k])
		default:
			row.Why = "as Erlang C"
		}
		plan.Teams = append(plan.Teams, row)
	}
	printPlan(std, plan, p.met)

	// The run of the plan is the output: its report and results.
	for k, ti := range planned {
		sc.Teams[ti].Headcount = headcount[k]
	}
	return runScenarios(ctx, std, fs, f, []*scenarios.Scenario{sc}, func(res *reports.Results) int {
		res.Plan = plan
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
				if strings.HasPrefix(t.Metric, "teams."+team.Name+".") {
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
	ctx     context.Context
	sc      *scenarios.Scenario
	targets []scenarios.Threshold
	teams   []int
	workers int
	sims    int
	met     []reports.Check // the targets at the plan found
}

// search starts from start, adds agents to the teams of failing targets
// until every target holds, then removes agents team by team while they
// still hold.
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
			return nil, fmt.Errorf("no plan meets every target after %d simulations (--max-simulations)", p.sims)
		}
		for _, k := range failing {
			if plan[k] >= maxHeadcount {
				return nil, fmt.Errorf("team %s would need more than %d agents", p.sc.Teams[p.teams[k]].Name, maxHeadcount)
			}
			plan[k]++
		}
	}
	best := p.met
	for k := range plan {
		for plan[k] > 1 && p.sims < maxSims {
			plan[k]--
			failing, err := p.evaluate(plan)
			if err != nil {
				return nil, err
			}
			if len(failing) > 0 {
				plan[k]++
				break
			}
			best = p.met
		}
	}
	p.met = best
	return plan, nil
}

// evaluate simulates plan (all replications, on the scenario's seed) and
// returns the planned teams whose targets are not met with the whole 95%
// interval; a target on no channel fails every planned team.
func (p *planner) evaluate(plan []int) ([]int, error) {
	for k, ti := range p.teams {
		p.sc.Teams[ti].Headcount = plan[k]
	}
	g := newGrid([]*scenarios.Scenario{p.sc})
	cells := make([]int, g.total)
	for c := range cells {
		cells[c] = c
	}
	done, err := g.execute(p.ctx, cells, p.workers, func() {})
	if err != nil {
		return nil, err
	}
	p.sims++
	res := g.results(done)
	sc := &res.Scenarios[0]
	var failing []int
	p.met = nil
	for _, t := range p.targets {
		c := reports.JudgeThreshold(sc, t.Expr, sc.Metric(t.Metric), t.Holds, true, t.Op+" "+t.Limit)
		p.met = append(p.met, c)
		if c.Passed {
			continue
		}
		ch := targetChannel(p.sc, t)
		for k, ti := range p.teams {
			if (ch == nil || ch.Team == p.sc.Teams[ti].Name) && !slices.Contains(failing, k) {
				failing = append(failing, k)
			}
		}
	}
	slices.Sort(failing)
	return failing, nil
}

// printPlan prints the staffing table and the targets at the plan.
func printPlan(std stdio, plan *reports.Plan, met []reports.Check) {
	w := tabwriter.NewWriter(std.stderr, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "team\tErlang C\tplanned\tcost/agent-hour\t")
	for _, r := range plan.Teams {
		fmt.Fprintf(w, "%s\t%d\t%d\t%v\t%s\n", r.Team, r.Erlang, r.Planned, float64(r.CostPerHour), r.Why)
	}
	w.Flush()
	for _, c := range met {
		fmt.Fprintf(std.stderr, "  %s: %s\n", c.Name, c.Value)
	}
	fmt.Fprintf(std.stderr, "%d simulations\n", plan.Simulations)
}
