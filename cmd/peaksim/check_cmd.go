package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/peaksim/peaksim/internal/files"
	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/scenarios"
)

// cmdCheck runs scenarios and judges them for CI: their thresholds, and
// with --baseline every key figure against a saved run. It exits 1 when a
// check fails, 2 on bad input, 0 otherwise.
func cmdCheck(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("check", "FILE|NAME... [--baseline FILE] [--tolerance SHARE] [--junit FILE] [--markdown FILE] [flags]", std)
	baseline := fs.String("baseline", "", "compare every key figure with the saved results.json `FILE`")
	tolerance := fs.String("tolerance", "5%", "let a figure get worse than the baseline by up to `SHARE` before it fails (it must also be significant)")
	junit := fs.String("junit", "", "write the checks as JUnit XML to `FILE`")
	markdown := fs.String("markdown", "", "append the checks as a Markdown table to `FILE` ($GITHUB_STEP_SUMMARY)")
	f := addRunFlags(fs)
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
	var base *reports.Results
	if *baseline != "" {
		file, err := files.Open(*baseline)
		if err != nil {
			return fail(std.stderr, exitBadInput, fmt.Errorf("--baseline: %w", err))
		}
		base, err = reports.ReadResults(file)
		file.Close()
		if err != nil {
			return fail(std.stderr, exitBadInput, fmt.Errorf("--baseline %s: %w", *baseline, err))
		}
	}
	opened, err := openAll(names)
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	scs := expandVariants(opened)
	judge := func(res *reports.Results) int {
		checks := judgeRun(scs, res, base, tol)
		printChecks(std, checks)
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
	return runScenarios(ctx, std, fs, f, scs, judge)
}

// judgeRun makes every check of a run: each scenario's thresholds, and its
// key figures against the same scenario (name and variant) of the baseline.
func judgeRun(scs []*scenarios.Scenario, res *reports.Results, base *reports.Results, tolerance float64) []reports.Check {
	var checks []reports.Check
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
		for k := 0; base != nil && k < len(base.Scenarios); k++ {
			if b := &base.Scenarios[k]; b.Name == sc.Name && b.Variant == sc.Variant {
				checks = append(checks, reports.CompareBaseline(b, sc, tolerance)...)
			}
		}
		// Two files of one name are told apart by their file.
		for i := first; i < len(checks); i++ {
			checks[i].Scenario = labels[j]
		}
	}
	return checks
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
	if len(checks) == 0 {
		fmt.Fprintln(std.stderr, "peaksim: nothing to check: the files have no thresholds, and no --baseline was given")
	}
}

func appendFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}
