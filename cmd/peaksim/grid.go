package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// grid is the work of a run: every (scenario, replication) cell, numbered
// scenario by scenario and replication by replication. The numbering is
// what shards split, and the order in which results are folded.
type grid struct {
	runs   []reports.Run
	models []*sim.Model
	reps   []int // replications of each scenario
	first  []int // number of each scenario's replication 0
	total  int
	// keep, when set, sees each replication's full result as it finishes
	// (on the worker's goroutine), for figures results.json does not hold.
	keep func(scenario, rep int, r *sim.RepResult)
}

func newGrid(scs []*scenarios.Scenario) *grid {
	g := &grid{}
	for _, sc := range scs {
		// A clean source: ok.yaml and ./ok.yaml are one file, whichever
		// way each shard's machine was given it.
		run := reports.Run{
			Name: sc.Name, Variant: sc.Variant, Description: sc.Description, Source: filepath.Clean(sc.Source), YAML: sc.YAML,
			Seed: sc.Seed, HorizonHours: sc.Horizon, WarmupHours: sc.Warmup, Calendar: calendarOf(sc),
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

// cell returns the scenario and replication of cell number n.
func (g *grid) cell(n int) (scenario, rep int) {
	j := len(g.first) - 1
	for g.first[j] > n {
		j--
	}
	return j, n - g.first[j]
}

// shardCells returns the cells of shard k of n: every n-th cell from k, so
// that each shard gets its share of every scenario.
func (g *grid) shardCells(k, n int) []int {
	var cells []int
	for c := k; c < g.total; c += n {
		cells = append(cells, c)
	}
	return cells
}

// execute runs the given cells on up to workers goroutines and returns
// done[j][i], the replication i of scenario j, or nil for one that did not
// run or was stopped. Each replication writes only its own slot, so the
// result does not depend on the order they finish in. On cancellation no
// new replication starts, the running ones stop, and what finished is
// returned with the context's error.
func (g *grid) execute(ctx context.Context, cells []int, workers int, tick func()) ([][]*reports.Rep, error) {
	// A season's replication allocates some 20 MB that dies with it, while
	// what stays alive is small: at the default GOGC the collector took the
	// share of a core that kept 2 workers at 1.75 times 1 worker's speed;
	// at 400, about 1.9 times (BenchmarkDefaultSeasonWorkers, median of 7).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	done := make([][]*reports.Rep, len(g.runs))
	for j, n := range g.reps {
		done[j] = make([]*reports.Rep, n)
	}
	eg, ectx := errgroup.WithContext(ctx)
	eg.SetLimit(workers)
	// Replication by replication across the scenarios, so that a run
	// interrupted half-way has replications of every variant to compare.
	order := slices.Clone(cells)
	slices.SortStableFunc(order, func(a, b int) int {
		ja, ia := g.cell(a)
		jb, ib := g.cell(b)
		return cmp.Or(cmp.Compare(ia, ib), cmp.Compare(ja, jb))
	})
	for _, c := range order {
		if ectx.Err() != nil {
			break
		}
		j, i := g.cell(c)
		eg.Go(func() (err error) {
			defer func() {
				// A panic in one replication must not take the others'
				// results with it: it fails the run, naming the cell.
				if r := recover(); r != nil {
					err = fmt.Errorf("replication %d of %s (seed %d): panic: %v", i, g.label(j), g.runs[j].Seed, r)
				}
			}()
			r, err := sim.Run(ectx, g.models[j], g.runs[j].Seed, i)
			if err != nil {
				if ctx.Err() != nil {
					return nil // stopped: the replication is simply not done
				}
				return fmt.Errorf("%s: %w", g.label(j), err)
			}
			if g.keep != nil {
				g.keep(j, i, r)
			}
			rep := reports.RepOf(r)
			done[j][i] = &rep
			tick()
			return nil
		})
	}
	if err := eg.Wait(); err != nil {
		return done, err
	}
	return done, ctx.Err()
}

// label names scenario j for a person.
func (g *grid) label(j int) string {
	if v := g.runs[j].Variant; v != "" {
		return g.runs[j].Name + " / " + v
	}
	return g.runs[j].Name
}

// results folds what finished into results.json: each scenario's
// replications from 0 up to the first that did not finish (so that value i
// is replication i), complete when every cell finished.
func (g *grid) results(done [][]*reports.Rep) *reports.Results {
	res := newResults()
	res.Complete = true
	for j, run := range g.runs {
		var reps []reports.Rep
		for _, r := range done[j] {
			if r == nil {
				res.Complete = false
				break
			}
			reps = append(reps, *r)
		}
		res.Scenarios = append(res.Scenarios, reports.Summarize(run, reps))
	}
	reports.AddDifferences(res)
	return res
}

// shard packs the cells a shard ran into its shard file.
func (g *grid) shard(k, n int, done [][]*reports.Rep) *reports.Shard {
	s := &reports.Shard{
		SchemaVersion: reports.SchemaVersion, Kind: reports.ShardKind, PeaksimVersion: Version, RNG: rng(),
		Index: k, Count: n, Runs: g.runs, Replications: g.reps,
	}
	for j := range done {
		for i, r := range done[j] {
			if r != nil {
				s.Cells = append(s.Cells, reports.Cell{Run: j, Replication: i, Rep: *r})
			}
		}
	}
	return s
}

func newResults() *reports.Results {
	return &reports.Results{SchemaVersion: reports.SchemaVersion, PeaksimVersion: Version, RNG: rng()}
}

func rng() reports.RNG {
	return reports.RNG{Generator: "pcg (math/rand/v2)", StreamDerivation: sim.StreamDerivation}
}

// parseShard reads --shard: "k/n" (k from 0), or "auto" for the index a
// batch system gives (a Kubernetes Indexed Job's JOB_COMPLETION_INDEX, a
// Slurm array's SLURM_ARRAY_TASK_ID) out of PEAKSIM_SHARDS, or n after the
// slash ("auto/8").
func parseShard(v string) (k, n int, err error) {
	idx, count, ok := strings.Cut(v, "/")
	if idx == "auto" {
		if !ok {
			count = os.Getenv("PEAKSIM_SHARDS")
			if count == "" {
				count = os.Getenv("SLURM_ARRAY_TASK_COUNT")
			}
		}
		idx = os.Getenv("JOB_COMPLETION_INDEX")
		if idx == "" {
			idx = os.Getenv("SLURM_ARRAY_TASK_ID")
		}
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
