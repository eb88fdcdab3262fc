package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/scenarios/files"
)

// cmdCheck runs scenarios and judges them for CI: their thresholds, and
// with --baseline every key figure against a saved run. It exits 1 when a
// check fails, 0 when every check passes, and 2 on bad input, which
// includes a check that would judge nothing: a file without thresholds and
// no --baseline, a baseline that lacks a scenario or a figure of the run.
func cmdCheck(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("check", "FILE|NAME... [--baseline FILE] [--tolerance SHARE] [--junit FILE] [--markdown FILE] [flags]", std)
	baseline := fs.String("baseline", "", "compare every key figure with the saved results.json `FILE`")
	tolerance := fs.String("tolerance", "5%", "let a figure get worse than the baseline by up to `SHARE` before it fails (it must also be significant)")
	junit := fs.String("junit", "", "write the checks as JUnit XML to `FILE`")
	markdown := fs.String("markdown", "", "append the checks as a Markdown table to `FILE` ($GITHUB_STEP_SUMMARY)")
	f := addRunFlags(fs)
	refuseInHelp(fs, "shard")
	fs.Lookup("out").DefValue, f.out = "", "" // check writes an output folder only when asked
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) == 0 {
		fs.Usage()
		return exitBadInput
	}
	tol, err := parseShare(*tolerance)
	if err != nil || !(tol >= 0 && tol < 10) {
		return fail(std.stderr, exitBadInput, fmt.Errorf("--tolerance: want a share such as 5%% or 0.05, got %q", *tolerance))
	}
	if f.shard != "" {
		return fail(std.stderr, exitBadInput, errors.New("--shard: check judges a whole run, and a shard is a slice of one that it could not judge; run the shards with peaksim run --shard, merge them (peaksim merge), and use the merged results.json as a --baseline"))
	}
	var base *reports.Baseline
	if *baseline != "" {
		file, err := files.Open(*baseline)
		if err != nil {
			return fail(std.stderr, exitBadInput, fmt.Errorf("--baseline: %w", err))
		}
		res, err := reports.ReadResults(file)
		file.Close()
		if err != nil {
			return fail(std.stderr, exitBadInput, fmt.Errorf("--baseline %s: %w", *baseline, err))
		}
		base = &reports.Baseline{File: *baseline, Results: res}
	}
	opened, err := openAll(names)
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	if err := somethingToJudge(opened, base != nil); err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	scs := runner.Expand(opened)
	// The names of the scenarios and their metrics are known before the
	// run: a baseline that cannot judge it is refused at once, not after.
	if base != nil {
		if _, err := base.Match(planned(scs)); err != nil {
			return fail(std.stderr, exitBadInput, err)
		}
	}
	judge := func(res *reports.Results) int {
		checks, err := judgeRun(scs, res, base, tol)
		if len(checks) > 0 {
			printChecks(std, checks)
		}
		if err != nil {
			return fail(std.stderr, exitBadInput, err)
		}
		if len(checks) == 0 {
			// somethingToJudge makes this unreachable; a check that judged
			// nothing must still never pass.
			return fail(std.stderr, exitBadInput, errors.New("nothing was judged"))
		}
		if *junit != "" {
			data, err := reports.JUnit(checks)
			if err == nil {
				err = reports.WriteFile(*junit, data)
			}
			if err != nil {
				return fail(std.stderr, exitFailed, fmt.Errorf("--junit: %w", err))
			}
		}
		if *markdown != "" {
			if err := appendFile(*markdown, reports.Markdown(checks)); err != nil {
				return fail(std.stderr, exitFailed, fmt.Errorf("--markdown: %w", err))
			}
		}
		for _, c := range checks {
			if !c.Passed {
				return exitCheck
			}
		}
		return exitOK
	}
	return runScenarios(ctx, std, fs, f, scs, runJob{judge: judge})
}

// somethingToJudge refuses files that a check would run and not judge:
// without thresholds, and with no baseline to compare them with.
func somethingToJudge(opened []*scenarios.Scenario, baseline bool) error {
	if baseline {
		return nil
	}
	var bare []string
	for _, sc := range opened {
		if len(sc.Thresholds) == 0 && !slices.ContainsFunc(sc.Variants, func(v *scenarios.Scenario) bool { return len(v.Thresholds) > 0 }) {
			bare = append(bare, sc.Source)
		}
	}
	if len(bare) == 0 {
		return nil
	}
	return fmt.Errorf("nothing to judge in %s: no thresholds, and no --baseline; add thresholds: to the file (docs/scenarios.md#thresholds), or compare with a saved run: --baseline results.json", strings.Join(bare, ", "))
}

// planned describes the scenarios of a run before it runs, for
// Baseline.Match: their names, files and the metrics they will report,
// none measured yet.
func planned(scs []*scenarios.Scenario) []reports.Scenario {
	out := make([]reports.Scenario, len(scs))
	for i, sc := range scs {
		out[i] = reports.Scenario{Name: sc.Name, Variant: sc.Variant, Source: sc.Source}
		for _, d := range scenarios.MetricDefs(sc.Model()) {
			out[i].Metrics = append(out[i].Metrics, reports.Metric{Estimate: reports.Estimate{Name: d.Key, Unit: d.Unit, Mean: reports.Float(math.NaN())}})
		}
	}
	return out
}

// judgeRun makes every check of a run: each scenario's thresholds, and its
// key figures against its counterpart in the baseline (see
// reports.Baseline.Match), which must hold every scenario of the run. The
// checks it could make come with the error.
func judgeRun(scs []*scenarios.Scenario, res *reports.Results, base *reports.Baseline, tolerance float64) ([]reports.Check, error) {
	var checks []reports.Check
	var counterparts []*reports.Scenario
	var err error
	if base != nil {
		counterparts, err = base.Match(res.Scenarios)
	}
	labels := reports.Labels(res.Scenarios)
	for j := range res.Scenarios {
		sc := &res.Scenarios[j]
		first := len(checks)
		for _, t := range scs[j].Thresholds {
			if !t.AppliesTo(sc.Variant) {
				continue
			}
			checks = append(checks, reports.JudgeThreshold(sc, t.Expr, sc.Metric(t.Metric), t.Holds, t.Strict, t.Op+" "+t.Limit))
		}
		if counterparts != nil {
			checks = append(checks, reports.CompareBaseline(counterparts[j], sc, tolerance)...)
		}
		// Two files of one name are told apart by their file.
		for i := first; i < len(checks); i++ {
			checks[i].Scenario = labels[j]
		}
	}
	return checks, err
}

// printChecks prints the checks as a table: what, the value with its
// interval, the limit, and the verdict.
func printChecks(std stdio, checks []reports.Check) {
	w := tabwriter.NewWriter(std.stderr, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "\tscenario\tcheck\tvalue [95% interval]\tlimit\t")
	failed := 0
	for _, c := range checks {
		verdict := "pass"
		if !c.Passed {
			verdict, failed = "FAIL", failed+1
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", verdict, c.Scenario, c.Name, c.Value, c.Limit, c.Why)
	}
	w.Flush()
	fmt.Fprintf(std.stderr, "%d of %d checks passed\n", len(checks)-failed, len(checks))
}

func appendFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}
