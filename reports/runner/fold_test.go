package runner_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// tiny is the three-day season of testdata with its two variants, at reps
// replications.
func tiny(t testing.TB, reps int) []*scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Open(filepath.Join("testdata", "tiny.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	scs := runner.Expand([]*scenarios.Scenario{sc})
	for _, s := range scs {
		s.Replications = reps
	}
	return scs
}

func encode(t testing.TB, res *reports.Results) []byte {
	t.Helper()
	data, err := res.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// spoolDir points the system's temporary directory at a folder of the
// test's, to see what the spool leaves there.
func spoolDir(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	return dir
}

func assertEmpty(t *testing.T, dir, when string) {
	t.Helper()
	if left, err := os.ReadDir(dir); err != nil || len(left) > 0 {
		t.Errorf("%s: %d files left in the temporary folder (%v)", when, len(left), err)
	}
}

// TestSeriesInMemoryOrInAFileGiveTheSameBytes: a season's results.json is
// the same, byte for byte, whether the series values wait for their second
// pass in memory or in a temporary file (from the first replication, or
// from part-way), on 1 or 2 workers, run at once or to a precision that
// adds replications in rounds; and the file is gone when the run returns.
func TestSeriesInMemoryOrInAFileGiveTheSameBytes(t *testing.T) {
	dir := spoolDir(t)
	const reps = 16
	want, err := runner.Run(context.Background(), tiny(t, reps), "test", runner.SpoolAbove(runner.Options{Workers: 1}, -1))
	if err != nil {
		t.Fatal(err)
	}
	record := int64(0) // bytes of one replication's series
	for _, s := range want.Scenarios[0].Series {
		record += 8 * int64(len(s.Mean))
	}
	for _, c := range []struct {
		name    string
		workers int
		above   int64
	}{
		{"in memory on 2 workers", 2, -1},
		{"in a file on 1 worker", 1, 1},
		{"in a file on 2 workers", 2, 1},
		{"in a file from the 5th replication on 2 workers", 2, 4*record + 1},
		{"as the run chooses on 2 workers", 2, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := runner.Run(context.Background(), tiny(t, reps), "test", runner.SpoolAbove(runner.Options{Workers: c.workers}, c.above))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(encode(t, res), encode(t, want)) {
				t.Error("results differ from those of a run holding its series in memory on 1 worker")
			}
			assertEmpty(t, dir, "after the run")
		})
	}
	t.Run("to a precision, in a file", func(t *testing.T) {
		// An unreachable target: rounds of 2, 4, 8 and 16 replications.
		g, d, err := runner.ToPrecision(context.Background(), tiny(t, 2), "test", runner.Precision{
			Metrics: []string{"orders.placed"}, Target: 1e-9, MaxReplications: reps,
		}, runner.SpoolAbove(runner.Options{Workers: 2}, 1))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(encode(t, g.Results(d)), encode(t, want)) {
			t.Error("results to a precision differ from those of a fixed run of as many replications")
		}
		assertEmpty(t, dir, "after the run")
	})
}

// TestInterruptedOrFailedRunLeavesNoFile: a run stopped part-way gives
// each scenario's replications from 0 up to the first missing one, the
// same as a run of that many, and a run that fails leaves no temporary
// file either.
func TestInterruptedOrFailedRunLeavesNoFile(t *testing.T) {
	dir := spoolDir(t)
	scs := tiny(t, 12)
	g := runner.New(scs, "test")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var finished atomic.Int64
	d, err := g.Execute(ctx, g.Cells(), runner.SpoolAbove(runner.Options{Workers: 2, Keep: func(_, _ int, _ *sim.RepResult) {
		if finished.Add(1) == 9 {
			cancel()
		}
	}}, 1))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	assertEmpty(t, dir, "after the interrupted run")
	res := g.Results(d)
	if res.Complete || runner.Finished(d) < 9 {
		t.Fatalf("complete %v with %d finished", res.Complete, runner.Finished(d))
	}
	for j, got := range res.Scenarios {
		if got.Replications == 0 {
			continue
		}
		one := tiny(t, got.Replications)[j : j+1]
		fresh, err := runner.Run(context.Background(), one, "test", runner.Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		got.Baseline, got.Differences = "", nil
		a, _ := (&reports.Results{Scenarios: []reports.Scenario{got}}).Encode()
		b, _ := (&reports.Results{Scenarios: fresh.Scenarios}).Encode()
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the %d replications that finished in order differ from a run of as many", got.Label(), got.Replications)
		}
	}

	_, err = g.Execute(context.Background(), g.Cells(), runner.SpoolAbove(runner.Options{Workers: 2, Keep: func(_, i int, _ *sim.RepResult) {
		if i == 7 {
			panic("a bug")
		}
	}}, 1))
	if err == nil {
		t.Fatal("a replication that panics does not fail the run")
	}
	assertEmpty(t, dir, "after the failed run")
}

// TestShardsOfARunThatSpoolsMergeToItsResults: a shard's cells keep their
// whole Reps (Options.KeepReps), and the shards merge into the results of
// one run that folded its replications through a file.
func TestShardsOfARunThatSpoolsMergeToItsResults(t *testing.T) {
	spoolDir(t)
	scs := tiny(t, 7)
	want, err := runner.Run(context.Background(), scs, "test", runner.SpoolAbove(runner.Options{Workers: 2}, 1))
	if err != nil {
		t.Fatal(err)
	}
	g := runner.New(scs, "test")
	var shards []*reports.Shard
	for k := range 3 {
		d, err := g.Execute(context.Background(), g.ShardCells(k, 3), runner.SpoolAbove(runner.Options{Workers: 2, KeepReps: true}, 1))
		if err != nil {
			t.Fatal(err)
		}
		s := g.Shard(k, 3, d)
		if len(s.Cells) != len(g.ShardCells(k, 3)) {
			t.Fatalf("shard %d holds %d cells of %d", k, len(s.Cells), len(g.ShardCells(k, 3)))
		}
		shards = append(shards, s)
	}
	merged, err := reports.Merge(shards)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encode(t, merged), encode(t, want)) {
		t.Error("3 shards merged differ from one run")
	}
}
