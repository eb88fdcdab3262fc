package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"text/tabwriter"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/planner"
	"github.com/peaksim/peaksim/scenarios"
)

// cmdPlan finds the cheapest headcount of the named teams that meets every
// target (reports/planner), prints it, and writes the run that confirms it
// on fresh seeds as the output, with the plan in it. The exit code is
// exitCheck when that run misses a target.
func cmdPlan(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("plan", "FILE|NAME --target EXPR... [--team NAME...] [flags]", std)
	var targetExprs, teamNames stringList
	fs.Var(&targetExprs, "target", "a target `EXPR` the plan must meet, e.g. 'phone.service_level >= 0.8' (repeat for several)")
	fs.Var(&teamNames, "team", "plan the team `NAME` (repeat; default: the teams the targets are about: a channel's, or teams.NAME...)")
	maxSims := fs.Int("max-simulations", 200, "simulate at most `N` plans")
	granularity := fs.String("granularity", "week", "plan a season by `PERIOD`: week (Monday to Sunday) or day")
	hiring := fs.Bool("hiring", false, "plan the classes to hire for the teams' hiring sections, across the file's forecast cases (by the week)")
	in := fs.String("in", "every", "with --hiring, the forecast `CASES` the targets must hold in: every, expected, or a probability such as 0.9")
	f := addRunFlags(fs)
	refuseInHelp(fs, "precision", "metric", "max-replications", "shard")
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
	holdIn, probability, err := parseHoldIn(*in)
	switch {
	case err != nil:
		return fail(std.stderr, exitBadInput, err)
	case given(fs, "in") && !*hiring:
		return fail(std.stderr, exitBadInput, errors.New("--in says in which forecast cases a hiring plan's targets must hold: give --hiring too"))
	case *hiring && *granularity != "week":
		return fail(std.stderr, exitBadInput, errors.New("--hiring plans by the week: classes start weekly (leave --granularity out)"))
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
	planned, err := planner.Teams(sc, targets, teamNames)
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

	req := planner.Request{
		Scenario: sc, Targets: targets, Teams: planned, Granularity: *granularity,
		MaxSimulations: *maxSims, Workers: f.workers, Version: Version, Progress: progressLog(std.stderr, f.quiet),
	}
	var plan *reports.Plan
	var confirm *planner.Confirmation
	if *hiring {
		var found *planner.HiringOutcome
		if found, err = planner.FindHiring(ctx, planner.HiringRequest{Request: req, In: holdIn, Probability: probability}); err == nil {
			plan, confirm = found.Plan, found.Confirmation()
		}
	} else {
		var found *planner.Outcome
		if found, err = planner.Find(ctx, req); err == nil {
			plan, confirm = found.Plan, found.Confirmation()
		}
	}
	var bad *planner.BadRequest
	switch {
	case errors.As(err, &bad):
		return fail(std.stderr, exitBadInput, fmt.Errorf("%s: %w", names[0], err))
	case err != nil && ctx.Err() != nil:
		return fail(std.stderr, exitFailed, errors.New("interrupted: no plan"))
	case err != nil:
		return fail(std.stderr, exitFailed, err)
	}
	if len(plan.Periods) == 0 {
		printPlan(std.stderr, plan, plan.Met)
	}

	// The run that confirms the plan on seeds the search never saw is the
	// output: its report and results (a hiring plan's, every forecast
	// case).
	return runScenarios(ctx, std, fs, f, confirm.Scenarios, runJob{
		seeded:  true,
		prepare: confirm.Prepare,
		judge: func(res *reports.Results) int {
			met := confirm.Judge(res)
			switch {
			case res.Plan.Hiring != nil:
				printHiringPlan(std.stderr, res.Plan)
			case len(res.Plan.Periods) > 0:
				printSeasonPlan(std.stderr, res.Plan)
			default:
				for _, c := range res.Plan.Confirmed {
					fmt.Fprint(std.stderr, confirmedLine(c))
				}
			}
			if !met {
				fmt.Fprintf(std.stderr, "peaksim: the plan misses targets in the confirmation run (seed %d): %s\n", confirm.Scenarios[0].Seed, planner.FailingList(res.Plan.Confirmed))
				return exitCheck
			}
			return exitOK
		},
	})
}

// parseHoldIn reads --in: every, expected, or a probability.
func parseHoldIn(v string) (planner.HoldIn, float64, error) {
	switch v {
	case "every":
		return planner.InEveryCase, 0, nil
	case "expected":
		return planner.InExpectedCase, 0, nil
	}
	p, err := parseShare(v)
	if err != nil || !(p > 0 && p <= 1) {
		return 0, 0, fmt.Errorf("--in: want every, expected, or a probability above 0 and at most 1 such as 0.9 or 90%%, got %q", v)
	}
	return planner.WithProbability, p, nil
}

// printHiringPlan prints a hiring plan: its classes, the weeks where the
// agents on the phones fall short of or exceed the requirement, and the
// costs.
func printHiringPlan(w io.Writer, plan *reports.Plan) {
	hp := plan.Hiring
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "class\tteam\ttraining from\ton the phones\tagents\t")
	for _, c := range hp.Classes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t\n", c.Name, c.Team, c.TrainingStart, c.OnPhones, c.Size)
	}
	tw.Flush()
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "week\tteam\trequired (%s case)\tagents\tstrength\tovertime h/agent\textra hours\t\n", hp.Sizing)
	for _, wk := range hp.Weeks {
		overtime, extra := "", ""
		if wk.ExtraHours > 0 {
			overtime, extra = num(wk.Overtime), strconv.Itoa(wk.ExtraHours)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t\n", wk.Period, wk.Team, wk.Required, wk.Agents, num(wk.Effective), overtime, extra)
	}
	tw.Flush()
	without := ""
	if hp.WithoutOvertimeTotal > 0 {
		without = fmt.Sprintf("; the plan found without overtime %.0f", float64(hp.WithoutOvertimeTotal))
	}
	fmt.Fprintf(w, "cost: %.0f (agents %.0f, training %.0f, overtime %.0f); the Erlang plan of the %s case hired alike %.0f%s; %d simulations; targets in %s\n",
		float64(hp.TotalCost), float64(hp.AgentCost), float64(hp.TrainingCost), float64(hp.OvertimeCost), hp.Sizing, float64(hp.ErlangTotal), without, plan.Simulations, hp.In)
	if hp.Binding != "" {
		fmt.Fprintf(w, "binding: %s\n", hp.Binding)
	}
	for _, c := range plan.Confirmed {
		if c.WithinNoise {
			fmt.Fprint(w, confirmedLine(c))
		}
	}
}

// printPlan prints a stationary plan's staffing table and the targets at
// the plan, with the capacity rule's judgement of each planned team.
func printPlan(w io.Writer, plan *reports.Plan, met []reports.PlanTarget) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "team\tErlang C\tplanned\tcost/agent-hour\t")
	for _, r := range plan.Teams {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%v\t%s\n", r.Team, r.Erlang, r.Planned, float64(r.CostPerHour), r.Why)
	}
	tw.Flush()
	for _, c := range met {
		fmt.Fprintf(w, "  %s: %s\n", c.Target, reports.FormatEstimate(&c.Estimate))
	}
	fmt.Fprintf(w, "%d simulations\n", plan.Simulations)
}

// printSeasonPlan prints a season's plan: a line per period with each
// team's Erlang and planned headcount, then the costs and the targets.
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
		if c.Period == "" || c.WithinNoise {
			fmt.Fprint(w, confirmedLine(c))
		}
	}
}

// confirmedLine is a line of stderr for a judgement of the confirmation
// run: where it was made, its figure, and whether it passed only within
// the noise.
func confirmedLine(c reports.PlanTarget) string {
	where := c.Target
	if c.Period != "" {
		where += " in " + c.Period
	}
	if c.Case != "" {
		where += ", " + c.Case + " case"
	}
	line := fmt.Sprintf("  %s: %s in the confirmation run", where, reports.FormatEstimate(&c.Estimate))
	if c.WithinNoise {
		line += ", within the noise: the mean misses the limit, the interval reaches it"
	}
	return line + "\n"
}

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
