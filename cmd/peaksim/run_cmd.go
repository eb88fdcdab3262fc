package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/events"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
)

// runFlags are the flags of every command that runs scenarios: run and
// sweep.
type runFlags struct {
	out, shard, precision  string
	seed                   uint64
	reps, workers, maxReps int
	maxEvents              float64
	maxMemory              byteSize
	quiet, force           bool
	metrics                stringList
	// events, for peaksim run, says which replication's event log to
	// write where; nil for the verbs that have no such flags.
	events *eventFlags
}

// runJob is what a verb adds to a run of scenarios; the zero value is a
// plain run.
type runJob struct {
	// judge, when set, looks at the results first, and its exit code
	// stands unless the run was interrupted.
	judge func(*reports.Results) int
	// prepare, when set, adjusts the grid and the options before it runs
	// (peaksim plan's confirmation run watches its replications).
	prepare func(*runner.Grid, *runner.Options)
	// addFiles, when set, adds a verb's own files to the output folder
	// (peaksim backtest's tables), after judge has looked at the results.
	addFiles func(*reports.Output)
	// seeded: the scenarios' seeds and replications are set already (a
	// plan's confirmation seed), so --seed and --replications are not
	// applied again.
	seeded bool
}

func addRunFlags(fs *flag.FlagSet) *runFlags {
	f := &runFlags{}
	fs.StringVar(&f.out, "out", "peaksim-out", "write the output folder to `DIR` (an earlier output is replaced only with --force); - writes results.json to stdout")
	fs.Uint64Var(&f.seed, "seed", 0, "use random seed `N` for every scenario (default: each scenario's run.seed)")
	fs.IntVar(&f.reps, "replications", 0, "run `N` replications of each scenario (default: each scenario's run.replications)")
	fs.IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "run `N` replications at once")
	// The help shows what the default is, not what it is on this machine.
	fs.Lookup("workers").DefValue = "the number of CPUs"
	fs.BoolVar(&f.quiet, "quiet", false, "no progress on stderr")
	fs.BoolVar(&f.force, "force", false, "replace an earlier output in --out")
	fs.StringVar(&f.shard, "shard", "", "run only shard `K/N` of the grid of scenarios × replications (K from 0; auto/N takes K from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID) and write a shard file for peaksim merge to --out")
	fs.StringVar(&f.precision, "precision", "", "add replications until the 95% interval of every --metric is within `SHARE` of its mean (a relative half-width, e.g. 2%)")
	fs.Var(&f.metrics, "metric", "a `METRIC` --precision applies to (repeat the flag for several)")
	fs.IntVar(&f.maxReps, "max-replications", 1000, "with --precision, run at most `N` replications of a scenario")
	fs.Float64Var(&f.maxEvents, "max-events", defaultMaxEvents, "refuse a run estimated to process more than `N` events (about 10 million a second a core)")
	f.maxMemory = defaultMaxMemory
	fs.Var(&f.maxMemory, "max-memory", "refuse a run estimated to need more than `SIZE` of memory at once, e.g. 16GiB or 8GB")
	return f
}

func cmdRun(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("run", "[FILE|NAME...] [flags]", std)
	f := addRunFlags(fs)
	addEventFlags(fs, f)
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) == 0 {
		names = []string{scenarios.Default}
	}
	opened, err := openAll(names)
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	return runScenarios(ctx, std, fs, f, runner.Expand(opened), runJob{})
}

// runScenarios runs scs as the flags and the job say and writes the
// output (none for an empty --out).
func runScenarios(ctx context.Context, std stdio, fs *flag.FlagSet, f *runFlags, scs []*scenarios.Scenario, job runJob) int {
	var bad []error
	if given(fs, "replications") && (f.reps < 1 || f.reps > scenarios.MaxReplications) {
		bad = append(bad, fmt.Errorf("--replications: must be from 1 to %d, got %d", scenarios.MaxReplications, f.reps))
	}
	if f.workers < 1 {
		bad = append(bad, fmt.Errorf("--workers: must be at least 1, got %d", f.workers))
	}
	var target float64
	var err error
	if f.precision != "" {
		target, err = parseShare(f.precision)
		switch {
		case err != nil || !(target > 0 && target < 1):
			bad = append(bad, fmt.Errorf("--precision: want a relative half-width such as 2%% or 0.02, got %q", f.precision))
		case len(f.metrics) == 0:
			bad = append(bad, errors.New("--precision: name the metrics it applies to with --metric, e.g. --metric cases.resolution.mean"))
		case f.shard != "":
			bad = append(bad, errors.New("--precision and --shard do not go together: a shard runs a fixed slice of a fixed grid"))
		case f.maxReps < 2 || f.maxReps > scenarios.MaxReplications:
			bad = append(bad, fmt.Errorf("--max-replications: must be from 2 to %d, got %d", scenarios.MaxReplications, f.maxReps))
		}
	}
	shardK, shardN := 0, 0
	if f.shard != "" {
		if shardK, shardN, err = runner.ParseShard(f.shard, std.getenv); err != nil {
			bad = append(bad, err)
		}
	}
	if len(bad) > 0 {
		return fail(std.stderr, exitBadInput, errors.Join(bad...))
	}
	for _, sc := range scs {
		if given(fs, "seed") && !job.seeded {
			sc.Seed = f.seed
		}
		if given(fs, "replications") && !job.seeded {
			sc.Replications = f.reps
		}
	}
	if err := checkMetrics(f.metrics, scs); err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	logged := -1 // the scenario whose replication is logged
	if f.events != nil && f.events.path != "" {
		if logged, err = f.events.pick(scs, f.out, f.shard != "", target > 0); err != nil {
			return fail(std.stderr, exitBadInput, err)
		}
	}
	if err := checkCost(scs, f, target > 0, max(shardN, 1)); err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	var out *reports.Output
	if f.shard == "" {
		var code int
		if out, code = reserveOutput(std, f.out, f.force); code != exitOK {
			return code
		}
		if out != nil {
			defer out.Close()
		}
	}

	human := std.stdout
	if f.out == "-" || f.shard != "" {
		human = std.stderr // stdout may carry the JSON
	}
	start := time.Now()
	g := runner.New(scs, Version)
	opt := runner.Options{Workers: f.workers, Progress: newProgress(std.stderr, f.quiet, std.pace)}
	if job.prepare != nil {
		job.prepare(g, &opt)
	}
	var eventLog *events.Output
	if logged >= 0 {
		if eventLog, err = f.events.start(g, scs[logged], logged); err != nil {
			return fail(std.stderr, exitBadInput, err)
		}
		defer eventLog.Discard() // a no-op once committed
		opt.Journal = journal(eventLog, logged, f.events.rep)
	}
	var done *runner.Done
	switch {
	case f.shard != "":
		opt.KeepReps = true // the shard file holds them
		done, err = g.Execute(ctx, g.ShardCells(shardK, shardN), opt)
	case target > 0:
		g, done, err = runner.ToPrecision(ctx, scs, Version, runner.Precision{
			Metrics: f.metrics, Target: target, MaxReplications: f.maxReps,
			Round: func(n int, widest float64, at string) {
				if !f.quiet {
					fmt.Fprintf(std.stderr, "peaksim: %d replications: widest relative half-width %.2f%% (%s), target %.2f%%\n", n, 100*widest, at, 100*target)
				}
			},
		}, opt)
	default:
		done, err = g.Execute(ctx, g.Cells(), opt)
	}
	interrupted := err != nil && ctx.Err() != nil
	if err != nil && !interrupted {
		return fail(std.stderr, exitFailed, err)
	}

	if f.shard != "" {
		if interrupted {
			return fail(std.stderr, exitFailed, errors.New("interrupted: a shard is all or nothing, so no shard file was written"))
		}
		return writeShard(std, f.out, g.Shard(shardK, shardN, done), human)
	}
	eventsCode := exitOK
	if eventLog != nil {
		ran := err == nil || done.Ran(logged, f.events.rep)
		eventsCode = f.events.finish(eventLog, ran, g.Label(logged), human, std.stderr)
	}
	res := g.Results(done)
	for i := range res.Scenarios {
		printSummary(human, &res.Scenarios[i])
	}
	fmt.Fprintf(human, "%d replications in %s\n", runner.Finished(done), time.Since(start).Round(time.Millisecond))
	code := eventsCode
	if job.judge != nil && code == exitOK {
		code = job.judge(res)
	}
	if interrupted {
		notRun := ""
		if missing := g.NotRun(done); len(missing) > 0 {
			notRun = "; did not run: " + strings.Join(missing, ", ")
		}
		fmt.Fprintf(std.stderr, "peaksim: interrupted: %d of %d replications%s; writing those that finished, marked complete: false\n", runner.Finished(done), g.Total(), notRun)
		code = exitFailed
	}
	if out == nil && f.out != "-" {
		return code
	}
	if f.out == "-" {
		data, err := res.Encode()
		if err == nil {
			_, err = std.stdout.Write(data)
		}
		if err != nil {
			return fail(std.stderr, exitFailed, err)
		}
		return code
	}
	if job.addFiles != nil {
		job.addFiles(out)
	}
	if c := writeOutput(std, out, res); c != exitOK {
		return c
	}
	return code
}

// writeShard writes a shard file: to stdout for "-", else to path (a
// peaksim-out default becomes shard-K-of-N.json).
func writeShard(std stdio, path string, s *reports.Shard, human io.Writer) int {
	data, err := s.Encode()
	if err != nil {
		return fail(std.stderr, exitFailed, err)
	}
	if path == "-" {
		if _, err := std.stdout.Write(data); err != nil {
			return fail(std.stderr, exitFailed, err)
		}
		return exitOK
	}
	if path == "peaksim-out" {
		path = fmt.Sprintf("shard-%d-of-%d.json", s.Index, s.Count)
	}
	if err := reports.WriteFile(path, data); err != nil {
		return fail(std.stderr, exitFailed, fmt.Errorf("writing %s: %w", path, err))
	}
	fmt.Fprintf(human, "shard %d of %d: %d replications in %s\n", s.Index, s.Count, len(s.Cells), path)
	return exitOK
}

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// parseShare reads a share written as 2% or 0.02.
func parseShare(v string) (float64, error) {
	if p, ok := strings.CutSuffix(v, "%"); ok {
		f, err := strconv.ParseFloat(p, 64)
		return f / 100, err
	}
	return strconv.ParseFloat(v, 64)
}

// checkMetrics makes sure every --metric names a metric of every scenario,
// before anything runs.
func checkMetrics(metrics []string, scs []*scenarios.Scenario) error {
	if len(metrics) == 0 {
		return nil
	}
	var errs []error
	for _, sc := range scs {
		known := map[string]bool{}
		for _, d := range scenarios.MetricDefs(sc.Model()) {
			known[d.Key] = true
		}
		for _, m := range metrics {
			if !known[m] {
				errs = append(errs, fmt.Errorf("--metric %s: %s has no such metric (docs/metrics.md lists them)", m, sc.Name))
			}
		}
	}
	return errors.Join(errs...)
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

// printSummary prints the headline figures of each channel, mean and 95%
// interval half-width, for the person at the terminal. A channel's waits
// are its average speed of answer, over the contacts answered, and its
// mean time in queue, over every contact, those still waiting at the end
// at their age then: the first alone leaves out the contacts a channel
// never reached.
func printSummary(w io.Writer, sc *reports.Scenario) {
	warmup := "no warm-up"
	if sc.WarmupHours > 0 {
		warmup = formatHours(sc.WarmupHours) + " warm-up"
	}
	fmt.Fprintf(w, "%s: %d replications of %s (%s), %d events\n",
		sc.Label(), sc.Replications, formatHours(sc.HorizonHours), warmup, sc.Events)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  channel\toffered\tservice level\tabandoned\trejected\tASA\ttime in queue\toccupancy\t")
	for _, ch := range channelNames(sc) {
		get := func(key string) *reports.Metric { return sc.Metric(ch + "." + key) }
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", ch,
			meanCI(get("offered"), plain), meanCI(get("service_level"), percent),
			meanCI(get("abandon_rate"), percent), meanCI(get("reject_rate"), percent),
			meanCI(get("wait.mean"), formatHours), meanCI(get("backlog_age.mean"), formatHours),
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
	fmt.Fprintf(w, "  effort per case: %s contacts, index %s; %s customers lost (expected), %s at risk by contacts\n",
		get("effort.contacts.mean", number), get("effort.index.mean", number), get("customers.lost", plain), get("customers.at_risk", plain))
	currency := ""
	if m := sc.Metric("agents.cost"); m != nil && m.Unit != "currency" {
		currency = " (" + m.Unit + ")"
	}
	fmt.Fprintf(w, "  cost%s: agents %s, compensation %s; cost of failure %s\n", currency,
		get("agents.cost", plain), get("costs.compensation", plain), get("costs.failure", plain))
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
