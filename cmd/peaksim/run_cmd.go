package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// maxReplications bounds --replications like the scenario key it overrides.
const maxReplications = 10000

func cmdRun(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("run", "[FILE|NAME...] [flags]", std)
	out := fs.String("out", "peaksim-out", "output `folder` (replaced if it holds an earlier peaksim output); - writes results.json to stdout")
	seed := fs.Uint64("seed", 0, "random `seed` for every scenario (default: each scenario's run.seed)")
	reps := fs.Int("replications", 0, "`number` of replications (default: each scenario's run.replications)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "replications run at once")
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["replications"] && (*reps < 1 || *reps > maxReplications) {
		return fail(std.stderr, exitBadInput, fmt.Errorf("--replications: must be from 1 to %d, got %d", maxReplications, *reps))
	}
	if *workers < 1 {
		return fail(std.stderr, exitBadInput, fmt.Errorf("--workers: must be at least 1, got %d", *workers))
	}
	if len(names) == 0 {
		names = []string{scenarios.Default}
	}
	scs, err := openAll(names)
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}

	human := std.stdout
	if *out == "-" {
		human = std.stderr // stdout carries the JSON
	}
	res := &reports.Results{
		SchemaVersion:  reports.SchemaVersion,
		PeaksimVersion: Version,
		RNG:            reports.RNG{Generator: "pcg (math/rand/v2)", StreamDerivation: sim.StreamDerivation},
	}
	for _, sc := range expandVariants(scs) {
		if set["seed"] {
			sc.Seed = *seed
		}
		if set["replications"] {
			sc.Replications = *reps
		}
		start := time.Now()
		repResults, err := runReplications(ctx, sc.Model(), sc.Seed, sc.Replications, *workers)
		if err != nil {
			if ctx.Err() != nil {
				return fail(std.stderr, exitFailed, errors.New("interrupted: nothing was written"))
			}
			return fail(std.stderr, exitFailed, fmt.Errorf("%s: %w", sc.Name, err))
		}
		summary := reports.Summarize(reports.Run{
			Name: sc.Name, Variant: sc.Variant, Description: sc.Description, Source: sc.Source, YAML: sc.YAML,
			Seed: sc.Seed, HorizonHours: sc.Horizon, WarmupHours: sc.Warmup, Calendar: calendarOf(sc),
		}, repResults)
		res.Scenarios = append(res.Scenarios, summary)
		printSummary(human, &summary, time.Since(start))
	}

	reports.AddDifferences(res)
	if *out == "-" {
		data, err := res.Encode()
		if err == nil {
			_, err = std.stdout.Write(data)
		}
		if err != nil {
			return fail(std.stderr, exitFailed, err)
		}
		return exitOK
	}
	return writeOutput(std, *out, res)
}

// calendarOf returns the dates of a season for its report: the first day,
// and the days its demand curve names.
func calendarOf(sc *scenarios.Scenario) *reports.Calendar {
	if sc.Season == nil {
		return nil
	}
	cal := sc.Season.Calendar
	out := &reports.Calendar{Start: cal.Start.String(), TimeZone: cal.Location.String()}
	for _, p := range sc.Season.Demand.SeasonCurve {
		if p.Label != "" {
			out.KeyDates = append(out.KeyDates, reports.KeyDate{Date: p.Date.String(), Label: p.Label})
		}
	}
	return out
}

// expandVariants replaces each scenario that declares variants by its
// variants, which then run one after the other on the same seed.
func expandVariants(scs []*scenarios.Scenario) []*scenarios.Scenario {
	var out []*scenarios.Scenario
	for _, sc := range scs {
		if len(sc.Variants) > 0 {
			out = append(out, sc.Variants...)
		} else {
			out = append(out, sc)
		}
	}
	return out
}

// openAll opens every scenario named on the command line, reporting every
// bad one at once.
func openAll(names []string) ([]*scenarios.Scenario, error) {
	var scs []*scenarios.Scenario
	var errs []error
	for _, name := range names {
		sc, err := scenarios.Open(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		scs = append(scs, sc)
	}
	return scs, errors.Join(errs...)
}

// runReplications runs replications 0..n-1 of m on up to workers
// goroutines. Each writes only its own slot, so the result is in
// replication order whatever order they finish in.
func runReplications(ctx context.Context, m *sim.Model, seed uint64, n, workers int) ([]*sim.RepResult, error) {
	out := make([]*sim.RepResult, n)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i := range n {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			r, err := sim.Run(gctx, m, seed, i)
			out[i] = r
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// printSummary prints the headline figures of each channel, mean and 95%
// interval half-width, for the person at the terminal.
func printSummary(w io.Writer, sc *reports.Scenario, took time.Duration) {
	warmup := "no warm-up"
	if sc.WarmupHours > 0 {
		warmup = formatHours(sc.WarmupHours) + " warm-up"
	}
	name := sc.Name
	if sc.Variant != "" {
		name += " / " + sc.Variant
	}
	fmt.Fprintf(w, "%s: %d replications of %s (%s), %d events in %s\n",
		name, sc.Replications, formatHours(sc.HorizonHours), warmup, sc.Events, took.Round(time.Millisecond))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  channel\toffered\tservice level\tabandoned\trejected\tmean wait\tp90 wait\toccupancy\t")
	for _, ch := range channelNames(sc) {
		get := func(key string) *reports.Metric { return sc.Metric(ch + "." + key) }
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", ch,
			meanCI(get("offered"), plain), meanCI(get("service_level"), percent),
			meanCI(get("abandon_rate"), percent), meanCI(get("reject_rate"), percent),
			meanCI(get("wait.mean"), formatHours), meanCI(get("wait.p90"), formatHours),
			meanCI(get("occupancy"), percent))
	}
	tw.Flush()
	if sc.Metric("orders.placed") != nil {
		printSeason(w, sc)
	}
}

// printSeason prints a season's headline figures: what went wrong, how long
// customers waited for a resolution, and what it cost them and the company.
func printSeason(w io.Writer, sc *reports.Scenario) {
	get := func(name string, format func(float64) string) string { return meanCI(sc.Metric(name), format) }
	days := func(h float64) string { return fmt.Sprintf("%.1fd", h/24) }
	number := func(v float64) string { return fmt.Sprintf("%.3g", v) }
	fmt.Fprintf(w, "  season: %s orders, %s parcels went wrong, %s cases opened, %s still open at the end\n",
		get("orders.placed", plain), get("parcels.problems", plain), get("cases.opened", plain), get("cases.open_at_end", plain))
	fmt.Fprintf(w, "  resolution: mean %s, p90 %s; %s of deadlines met; failure demand %s of contacts\n",
		get("cases.resolution.mean", days), get("cases.resolution.p90", days),
		get("cases.resolved_by_deadline", percent), get("failure_demand_share", percent))
	fmt.Fprintf(w, "  effort per case: %s contacts, index %s; %s customers at risk; agent cost %s\n",
		get("effort.contacts.mean", number), get("effort.index.mean", number), get("customers.at_risk", plain), get("agents.cost", plain))
}

// channelNames lists the channels of a result in order, from its metric
// names.
func channelNames(sc *reports.Scenario) []string {
	var names []string
	for _, m := range sc.Metrics {
		if ch, ok := strings.CutSuffix(m.Name, ".offered"); ok {
			names = append(names, ch)
		}
	}
	return names
}

func meanCI(m *reports.Metric, format func(float64) string) string {
	if m == nil || math.IsNaN(float64(m.Mean)) {
		return "-"
	}
	half := (float64(m.CI95[1]) - float64(m.CI95[0])) / 2
	if math.IsNaN(half) || half == 0 {
		return format(float64(m.Mean))
	}
	return format(float64(m.Mean)) + " ±" + format(half)
}

func plain(v float64) string   { return fmt.Sprintf("%.0f", v) }
func percent(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }

// formatHours writes a duration in hours in the unit a person would use.
func formatHours(h float64) string {
	switch s := h * 3600; {
	case s < 60:
		return fmt.Sprintf("%.1fs", s)
	case s < 3600:
		return fmt.Sprintf("%.1fm", s/60)
	case h < 48:
		return fmt.Sprintf("%.1fh", h)
	default:
		return fmt.Sprintf("%.1fd", h/24)
	}
}
