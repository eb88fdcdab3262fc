package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/scenarios/files"
)

// Files a backtest adds to the run's output folder.
const (
	backtestCSV     = "backtest.csv"
	backtestDaysCSV = "backtest-days.csv"
)

// cmdBacktest runs a season and compares it with what happened: the
// comparison is reports.CompareActuals; this reads the flags, checks the
// actuals against the scenario before anything runs, and writes the tables.
func cmdBacktest(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("backtest", "FILE|NAME --actuals ACTUALS.csv [flags of run]", std)
	f := addRunFlags(fs)
	refuseInHelp(fs, "precision", "metric", "max-replications", "shard")
	actualsPath := fs.String("actuals", "", "compare with the actuals in the CSV `FILE`: date, channel and any of offered, answered, abandoned, service_level, backlog")
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) != 1 || !given(fs, "actuals") {
		fs.Usage()
		return exitBadInput
	}
	if f.shard != "" || f.precision != "" {
		return fail(std.stderr, exitBadInput, errors.New("backtest takes neither --shard nor --precision: it compares one whole run with the actuals"))
	}
	file, err := files.Open(*actualsPath)
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	actuals, err := reports.ReadActuals(file, *actualsPath)
	file.Close()
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	opened, err := openAll(names)
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	scs := runner.Expand(opened)
	var errs []error
	for _, sc := range scs {
		if sc.Season == nil {
			errs = append(errs, fmt.Errorf("%s is not a season (no calendar): a backtest compares days", sc.Source))
			continue
		}
		cal := runner.CalendarOf(sc)
		if err := reports.CheckActuals(cal.Start, int(sc.Horizon/24), channelsOf(sc), actuals, *actualsPath); err != nil {
			errs = append(errs, err)
		}
		if (given(fs, "replications") && f.reps < 2) || (!given(fs, "replications") && sc.Replications < 2) {
			errs = append(errs, fmt.Errorf("%s: a band needs at least 2 replications; give --replications", sc.Source))
		}
		break // the variants share the calendar and the channels
	}
	if len(errs) > 0 {
		return fail(std.stderr, exitBadInput, errors.Join(errs...))
	}

	var summary, days []byte
	judge := func(res *reports.Results) int {
		var all []*reports.Backtest
		for i := range res.Scenarios {
			bt, err := reports.CompareActuals(&res.Scenarios[i], actuals, *actualsPath)
			if err != nil {
				return fail(std.stderr, exitFailed, err)
			}
			all = append(all, bt)
			res.Backtests = append(res.Backtests, *bt)
		}
		human := std.stdout
		if f.out == "-" {
			human = std.stderr
		}
		for _, bt := range all {
			if err := bt.WriteTable(human); err != nil {
				return fail(std.stderr, exitFailed, err)
			}
		}
		summary, days, err = backtestTables(all)
		if err != nil {
			return fail(std.stderr, exitFailed, err)
		}
		return exitOK
	}
	addFiles := func(o *reports.Output) {
		if summary == nil {
			return // the comparison failed, and said so
		}
		o.Add(backtestCSV, summary)
		o.Add(backtestDaysCSV, days)
	}
	return runScenarios(ctx, std, fs, f, scs, runJob{judge: judge, addFiles: addFiles})
}

// backtestTables joins the tables of every variant into one summary and
// one day-by-day CSV: each row names its scenario.
func backtestTables(all []*reports.Backtest) (summary, days []byte, err error) {
	for i, bt := range all {
		s, err := bt.CSV()
		if err != nil {
			return nil, nil, err
		}
		d, err := bt.DaysCSV()
		if err != nil {
			return nil, nil, err
		}
		if i > 0 {
			s, d = dropHeader(s), dropHeader(d)
		}
		summary, days = append(summary, s...), append(days, d...)
	}
	return summary, days, nil
}

func dropHeader(b []byte) []byte {
	_, rest, _ := strings.Cut(string(b), "\n")
	return []byte(rest)
}

// channelsOf lists a scenario's channels, from its metrics' names.
func channelsOf(sc *scenarios.Scenario) []string {
	var out []string
	for _, d := range scenarios.MetricDefs(sc.Model()) {
		if ch, ok := strings.CutSuffix(d.Key, ".offered"); ok && !strings.Contains(ch, ".") {
			out = append(out, ch)
		}
	}
	return out
}
