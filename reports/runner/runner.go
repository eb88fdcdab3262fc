// Package runner goes from scenarios to results: it runs every
// (scenario, replication) cell of a run, or a shard of them, on a pool of
// workers, and folds what finished into the results that reports writes.
//
// It lives under reports because results are what it makes: it is the
// one package above both scenarios (its input) and sim (what it runs), and
// below the command, which only parses flags, wires files and signals, and
// turns errors into exit codes. Nothing here reads the terminal or a file
// of the user's; the one file it writes is its own temporary spool.
//
// # Memory
//
// A run's memory follows what its results keep, not its replications: a
// replication is folded into its scenario's result (reports.Fold) as soon
// as it and every earlier one of the scenario have finished, and dropped.
// What grows with the replications is what results.json holds of each:
// every metric's value (and a rate's numerator and denominator), 8 bytes
// a metric, about 2 kB a replication of the default season. What does not: each
// series point's running sum and, at the end, its mean and interval; the
// replications that finished before an earlier one (about one a worker);
// and the engine's memory of the replications running. The interval of a
// series point is two-pass (stats.Summarize), so each replication's series
// values are needed again at the end: they wait in memory up to 4 MiB
// in all, and beyond that in a temporary file in
// os.TempDir (TMPDIR), 8 bytes a value, 265 kB a replication of the
// default season, read back one replication at a time. The file has no
// name once made (on Unix), and is closed when Execute returns, however it
// ends. A shard keeps every replication it ran (Options.KeepReps): they are
// its output.
package runner

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// Grid is the work of a run: every (scenario, replication) cell, numbered
// scenario by scenario and replication by replication. The numbering is
// what shards split, and the order in which results are folded.
type Grid struct {
	// Version is the peaksim version results and shards echo.
	Version string
	runs    []reports.Run
	models  []*sim.Model
	reps    []int // replications of each scenario
	first   []int // number of each scenario's replication 0
	total   int
}

// New returns the grid of scenarios scs, each with its own replications,
// compiled once.
func New(scs []*scenarios.Scenario, version string) *Grid {
	g := &Grid{Version: version}
	for _, sc := range scs {
		// A clean source: ok.yaml and ./ok.yaml are one file, whichever
		// way each shard's machine was given it.
		run := reports.Run{
			Name: sc.Name, Variant: sc.Variant, Description: sc.Description, Source: filepath.Clean(sc.Source), YAML: sc.YAML,
			Seed: sc.Seed, HorizonHours: sc.Horizon, WarmupHours: sc.Warmup, Calendar: CalendarOf(sc),
		}
		for _, s := range sc.Point {
			run.Point = append(run.Point, reports.Param{Key: s.Path, Value: s.Value})
		}
		g.runs = append(g.runs, run)
		g.models = append(g.models, sc.Model())
		g.reps = append(g.reps, sc.Replications)
		g.first = append(g.first, g.total)
		g.total += sc.Replications
	}
	return g
}

// Total is the number of cells.
func (g *Grid) Total() int { return g.total }

// Cells returns every cell, in order.
func (g *Grid) Cells() []int {
	cells := make([]int, g.total)
	for c := range cells {
		cells[c] = c
	}
	return cells
}

// Cell returns the scenario and replication of cell number n.
func (g *Grid) Cell(n int) (scenario, rep int) {
	j := len(g.first) - 1
	for g.first[j] > n {
		j--
	}
	return j, n - g.first[j]
}

// ShardCells returns the cells of shard k of n: every n-th cell from k, so
// that each shard gets its share of every scenario.
func (g *Grid) ShardCells(k, n int) []int {
	var cells []int
	for c := k; c < g.total; c += n {
		cells = append(cells, c)
	}
	return cells
}

// Model is scenario j's compiled model, for a caller that adjusts it
// before Execute (the planner asks for daily backlog ages).
func (g *Grid) Model(j int) *sim.Model { return g.models[j] }

// Label names scenario j for a person: "christmas / as-is".
func (g *Grid) Label(j int) string {
	if v := g.runs[j].Variant; v != "" {
		return g.runs[j].Name + " / " + v
	}
	return g.runs[j].Name
}

// Progress hears of the replications of a batch of cells as they finish.
type Progress interface {
	// Begin is called before a batch of cells starts.
	Begin(cells int)
	// Done is called after each replication that finished, on the
	// goroutine that ran it: calls may come at the same time.
	Done()
	// End is called when the batch is over.
	End()
}

// Options are how Execute runs its cells.
type Options struct {
	// Workers is how many replications run at once; at least 1.
	Workers int
	// Progress, when set, hears of each replication as it finishes.
	Progress Progress
	// Keep, when set, sees each replication's full result as it finishes,
	// for figures results.json does not hold. It is called on the
	// goroutine that ran the replication, possibly at the same time as
	// for another one, and must not keep r beyond the call unless it owns
	// it from then on (the runner does not reuse it).
	Keep func(scenario, rep int, r *sim.RepResult)
	// Journal, when set, gives the journal that hears a replication's
	// journeys (an event log), or nil for one that has none: most do, as
	// a journal costs the time and the disk of everything it hears.
	Journal func(scenario, rep int) sim.Journal
	// KeepReps keeps every replication's Rep until the end, as a shard
	// file needs them (Shard); without it a run keeps of each replication
	// only what results.json holds.
	KeepReps bool

	// spoolAbove is how many bytes of series values a run holds in
	// memory before it moves them to a temporary file (0: the default,
	// SeriesInMemory; negative: never).
	spoolAbove int64
}

// SeriesInMemory is how many bytes of series values a run holds in memory
// for the second pass of their summary before it moves them to a file:
// some 670 replications of the three-day season of the tests, or 15 of
// the default season (265 kB each). A run that small never touches the
// disk (tests, a short plan's runs); a larger one holds these few
// megabytes, whatever its replications.
const SeriesInMemory = 4 << 20

// Done is what finished of a run's cells. Each scenario's replications are
// folded into its result as soon as they and every earlier one of the
// scenario have finished (reports.Fold): a replication waits here only
// while an earlier one is still running, so that what a run holds is what
// results.json keeps (every metric's value in every replication), the
// series' running sums, and, for the second pass of the series'
// intervals, their values in a temporary file that Execute removes when it
// returns. With Options.KeepReps, every replication's Rep is kept too.
type Done struct {
	mu    sync.Mutex
	keep  bool
	spool *reports.Spool
	folds []*reports.Fold
	// reps[j][i] is replication i of scenario j while it waits for an
	// earlier one, or with keep from when it finishes.
	reps     [][]*reports.Rep
	finished int
	// results[j] is scenario j's result as of the end of Execute.
	results []reports.Scenario
}

func (g *Grid) newDone(opt Options) *Done {
	budget := opt.spoolAbove
	if budget == 0 {
		budget = SeriesInMemory
	}
	d := &Done{keep: opt.KeepReps, spool: reports.NewSpool(budget)}
	for _, run := range g.runs {
		d.folds = append(d.folds, reports.NewFold(run, d.spool))
	}
	d.grow(g)
	d.summarize() // of nothing yet: it cannot fail
	return d
}

// grow makes room for g's replications, which may be more than those of
// the grid d was made for (ToPrecision).
func (d *Done) grow(g *Grid) {
	d.reps = slices.Grow(d.reps, len(g.reps)-len(d.reps))[:len(g.reps)]
	for j, n := range g.reps {
		d.reps[j] = slices.Grow(d.reps[j], n-len(d.reps[j]))[:n]
		d.folds[j].Expect(n)
	}
}

// add takes replication i of scenario j, and folds it with the ones that
// waited for it.
func (d *Done) add(j, i int, r *reports.Rep) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.reps[j][i] = r
	d.finished++
	f := d.folds[j]
	for n := f.Replications(); n < len(d.reps[j]) && d.reps[j][n] != nil; n = f.Replications() {
		if err := f.Add(d.reps[j][n]); err != nil {
			return fmt.Errorf("replication %d: %w", n, err)
		}
		if !d.keep {
			d.reps[j][n] = nil
		}
	}
	return nil
}

// Ran reports whether replication rep of scenario j finished.
func (d *Done) Ran(j, rep int) bool {
	return rep < d.folds[j].Replications() || d.reps[j][rep] != nil
}

// summarize makes each scenario's result of what has been folded.
func (d *Done) summarize() error {
	results := make([]reports.Scenario, len(d.folds))
	for j, f := range d.folds {
		var err error
		if results[j], err = f.Scenario(); err != nil {
			return err
		}
	}
	d.results = results
	return nil
}

// Execute runs the given cells and returns what finished. The cells run
// replication by replication across the scenarios, so that a run
// interrupted half-way has replications of every variant to compare, and
// each is folded in replication order, so the result does not depend on
// the order they finish in. On cancellation no new replication starts, the
// running ones stop, and what finished is returned with the context's
// error; a replication that fails or panics fails the run, naming its
// scenario.
func (g *Grid) Execute(ctx context.Context, cells []int, opt Options) (*Done, error) {
	d := g.newDone(opt)
	err := g.execute(ctx, cells, opt, d)
	if cerr := d.spool.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return d, err
}

// execute runs cells into d, and summarizes what d then holds. It leaves
// d's spool open, for more cells (ToPrecision).
func (g *Grid) execute(ctx context.Context, cells []int, opt Options, d *Done) error {
	if opt.Progress != nil {
		opt.Progress.Begin(len(cells))
		defer opt.Progress.End()
	}
	eg, ectx := errgroup.WithContext(ctx)
	eg.SetLimit(max(opt.Workers, 1))
	order := slices.Clone(cells)
	slices.SortStableFunc(order, func(a, b int) int {
		ja, ia := g.Cell(a)
		jb, ib := g.Cell(b)
		return cmp.Or(cmp.Compare(ia, ib), cmp.Compare(ja, jb))
	})
	for _, c := range order {
		if ectx.Err() != nil {
			break
		}
		j, i := g.Cell(c)
		eg.Go(func() (err error) {
			defer func() {
				// A panic in one replication must not take the others'
				// results with it: it fails the run, naming the cell.
				if r := recover(); r != nil {
					err = fmt.Errorf("replication %d of %s (seed %d): panic: %v", i, g.Label(j), g.runs[j].Seed, r)
				}
			}()
			var journal sim.Journal
			if opt.Journal != nil {
				journal = opt.Journal(j, i)
			}
			r, err := sim.RunJournal(ectx, g.models[j], g.runs[j].Seed, i, journal)
			if err != nil {
				if ctx.Err() != nil {
					return nil // stopped: the replication is simply not done
				}
				return fmt.Errorf("%s: %w", g.Label(j), err)
			}
			if opt.Keep != nil {
				opt.Keep(j, i, r)
			}
			rep := reports.RepOf(r)
			if err := d.add(j, i, &rep); err != nil {
				return fmt.Errorf("%s: %w", g.Label(j), err)
			}
			if opt.Progress != nil {
				opt.Progress.Done()
			}
			return nil
		})
	}
	if err := eg.Wait(); err != nil {
		return err
	}
	if err := d.summarize(); err != nil {
		return err
	}
	return ctx.Err()
}

// Results are the results of what finished: each scenario's replications
// from 0 up to the first that did not finish (so that value i is
// replication i), complete when every cell finished, with the variants'
// differences from their baselines.
func (g *Grid) Results(d *Done) *reports.Results {
	res := g.newResults()
	res.Complete = true
	for j := range g.runs {
		if d.folds[j].Replications() < g.reps[j] {
			res.Complete = false
		}
		res.Scenarios = append(res.Scenarios, d.results[j])
	}
	reports.AddDifferences(res)
	return res
}

// Shard packs the cells shard k of n ran into its shard file; they must
// have run with Options.KeepReps.
func (g *Grid) Shard(k, n int, d *Done) *reports.Shard {
	if !d.keep {
		panic("runner: Shard of cells run without Options.KeepReps")
	}
	s := &reports.Shard{
		SchemaVersion: reports.SchemaVersion, Kind: reports.ShardKind, PeaksimVersion: g.Version, RNG: RNG(),
		Index: k, Count: n, Runs: g.runs, Replications: g.reps,
	}
	for j := range d.reps {
		for i, r := range d.reps[j] {
			if r != nil {
				s.Cells = append(s.Cells, reports.Cell{Run: j, Replication: i, Rep: *r})
			}
		}
	}
	return s
}

// NotRun names the scenarios of which not one replication finished.
func (g *Grid) NotRun(d *Done) []string {
	var missing []string
	for j := range d.reps {
		if len(d.reps[j]) > 0 && !d.Ran(j, 0) {
			missing = append(missing, g.Label(j))
		}
	}
	return missing
}

func (g *Grid) newResults() *reports.Results {
	return &reports.Results{SchemaVersion: reports.SchemaVersion, PeaksimVersion: g.Version, RNG: RNG()}
}

// RNG describes the random numbers of a run, for results.json.
func RNG() reports.RNG {
	return reports.RNG{Generator: "pcg (math/rand/v2)", StreamDerivation: sim.StreamDerivation}
}

// Finished counts the replications that finished.
func Finished(d *Done) int { return d.finished }

// Run runs every cell of scenarios scs and returns their results; after
// an interruption, the results of what finished (not complete) with the
// context's error.
func Run(ctx context.Context, scs []*scenarios.Scenario, version string, opt Options) (*reports.Results, error) {
	g := New(scs, version)
	done, err := g.Execute(ctx, g.Cells(), opt)
	if err != nil && ctx.Err() == nil {
		return nil, err
	}
	return g.Results(done), err
}

// CalendarOf returns the dates of a season for its report: the first day,
// and the days its demand curve names; nil for a contact centre.
func CalendarOf(sc *scenarios.Scenario) *reports.Calendar {
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

// Expand replaces each scenario that declares variants by its variants,
// which then run one after the other on the same seed.
func Expand(scs []*scenarios.Scenario) []*scenarios.Scenario {
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

// ParseShard reads a shard: "k/n" (k from 0), or "auto" for the index a
// batch system gives (a Kubernetes Indexed Job's JOB_COMPLETION_INDEX, a
// Slurm array's SLURM_ARRAY_TASK_ID) out of PEAKSIM_SHARDS or
// SLURM_ARRAY_TASK_COUNT, or n after the slash ("auto/8"). getenv reads
// the environment (os.Getenv), injected so that the runner reads none.
func ParseShard(v string, getenv func(string) string) (k, n int, err error) {
	idx, count, ok := strings.Cut(v, "/")
	if idx == "auto" {
		if !ok {
			count = cmp.Or(getenv("PEAKSIM_SHARDS"), getenv("SLURM_ARRAY_TASK_COUNT"))
		}
		idx = cmp.Or(getenv("JOB_COMPLETION_INDEX"), getenv("SLURM_ARRAY_TASK_ID"))
		if idx == "" || count == "" {
			return 0, 0, errors.New("--shard auto: needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID for the index, and the count as auto/N, PEAKSIM_SHARDS or SLURM_ARRAY_TASK_COUNT")
		}
	} else if !ok {
		return 0, 0, fmt.Errorf("--shard: want k/n (k from 0 to n-1) or auto/n, got %q", v)
	}
	k, err1 := strconv.Atoi(idx)
	n, err2 := strconv.Atoi(count)
	if err1 != nil || err2 != nil || n < 1 || n > 100000 || k < 0 || k >= n {
		return 0, 0, fmt.Errorf("--shard: want k/n with 0 <= k < n <= 100000, got %s/%s", idx, count)
	}
	return k, n, nil
}
