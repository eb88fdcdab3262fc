package runner_test

import (
	"bytes"
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

func builtin(t *testing.T, name string, reps int) []*scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	scs := runner.Expand([]*scenarios.Scenario{sc})
	for _, s := range scs {
		s.Replications = reps
	}
	return scs
}

// TestWorkersAndShardsGiveTheSameResults: the results of a run do not
// depend on how many workers ran it, nor on its being run as shards and
// merged.
func TestWorkersAndShardsGiveTheSameResults(t *testing.T) {
	scs := builtin(t, "contact-centre", 4)
	encode := func(res *reports.Results) []byte {
		data, err := res.Encode()
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	one, err := runner.Run(context.Background(), scs, "test", runner.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	three, err := runner.Run(context.Background(), scs, "test", runner.Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encode(one), encode(three)) {
		t.Error("results differ between 1 and 3 workers")
	}
	var shards []*reports.Shard
	g := runner.New(scs, "test")
	for k := range 3 {
		done, err := g.Execute(context.Background(), g.ShardCells(k, 3), runner.Options{Workers: 2, KeepReps: true})
		if err != nil {
			t.Fatal(err)
		}
		shards = append(shards, g.Shard(k, 3, done))
	}
	merged, err := reports.Merge(shards)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encode(one), encode(merged)) {
		t.Error("results differ between one run and 3 shards merged")
	}
}

type counter struct{ begun, done, ended atomic.Int64 }

func (c *counter) Begin(cells int) { c.begun.Add(int64(cells)) }
func (c *counter) Done()           { c.done.Add(1) }
func (c *counter) End()            { c.ended.Add(1) }

// TestInterruptedRunKeepsWhatFinished: a cancelled run returns the
// replications that finished, the results say they are not complete, and
// the progress heard of each.
func TestInterruptedRunKeepsWhatFinished(t *testing.T) {
	scs := builtin(t, "contact-centre", 6)
	g := runner.New(scs, "test")
	ctx, cancel := context.WithCancel(context.Background())
	var p counter
	kept := atomic.Int64{}
	done, err := g.Execute(ctx, g.Cells(), runner.Options{Workers: 1, Progress: &p, Keep: func(scenario, rep int, r *sim.RepResult) {
		if kept.Add(1) == 3 {
			cancel()
		}
	}})
	if err != context.Canceled {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	finished := runner.Finished(done)
	if finished < 3 || finished >= g.Total() || p.done.Load() != int64(finished) || p.begun.Load() != int64(g.Total()) || p.ended.Load() != 1 {
		t.Fatalf("%d of %d finished; progress begun %d, done %d, ended %d", finished, g.Total(), p.begun.Load(), p.done.Load(), p.ended.Load())
	}
	if res := g.Results(done); res.Complete {
		t.Error("an interrupted run's results say complete")
	}
}

// TestToPrecisionDoublesUntilTheIntervalIsNarrow: the rounds double the
// replications until the widest interval is within the target, and the
// result is that of a fixed run of the final count.
func TestToPrecisionDoublesUntilTheIntervalIsNarrow(t *testing.T) {
	short := func(reps int) []*scenarios.Scenario {
		sc, err := scenarios.Derive(builtin(t, "mmc-c1-rho050", reps)[0], "short", []scenarios.Setting{{Path: "run.horizon", Value: "20d"}, {Path: "run.warmup", Value: "1d"}})
		if err != nil {
			t.Fatal(err)
		}
		sc.Replications = reps
		return []*scenarios.Scenario{sc}
	}
	metrics := []string{"queue.wait.mean"}
	var rounds []int
	var widths []float64
	g, done, err := runner.ToPrecision(context.Background(), short(2), "test", runner.Precision{
		Metrics: metrics, Target: 0.02, MaxReplications: 64,
		Round: func(n int, widest float64, at string) { rounds, widths = append(rounds, n), append(widths, widest) },
	}, runner.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	n := rounds[len(rounds)-1]
	if len(rounds) < 3 || rounds[0] != 2 || rounds[1] != 4 || widths[len(widths)-1] > 0.02 && n < 64 || widths[len(widths)-2] <= 0.02 {
		t.Fatalf("rounds %v with widest half-widths %v: want doubling from 2 until within 2%%", rounds, widths)
	}
	want, err := runner.Run(context.Background(), short(n), "test", runner.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := g.Results(done).Encode()
	b, _ := want.Encode()
	if !bytes.Equal(a, b) {
		t.Errorf("a run to precision (%d replications) differs from a fixed run of as many", n)
	}
}

func TestParseShard(t *testing.T) {
	env := map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"}
	getenv := func(k string) string { return env[k] }
	for _, c := range []struct {
		in   string
		k, n int
		err  string
	}{
		{"1/3", 1, 3, ""}, {"auto", 2, 4, ""}, {"auto/8", 2, 8, ""},
		{"3/3", 0, 0, "0 <= k < n"}, {"x", 0, 0, "want k/n"},
	} {
		k, n, err := runner.ParseShard(c.in, getenv)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || k != c.k || n != c.n {
			t.Errorf("%q: %d/%d %v, want %d/%d", c.in, k, n, err, c.k, c.n)
		}
	}
	if _, _, err := runner.ParseShard("auto", func(string) string { return "" }); err == nil {
		t.Error("auto without the batch system's variables: no error")
	}
}
