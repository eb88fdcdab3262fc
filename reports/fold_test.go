package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/peaksim/peaksim/sim/stats"
)

// summarizeBefore is Summarize as it was before it folded one replication
// at a time, the reference for the bytes of results.json: every point of a
// series summarized by stats.Summarize of its values across all the
// replications at once.
func summarizeBefore(run Run, reps []Rep) Scenario {
	sum := sha256.Sum256(run.YAML)
	sc := Scenario{
		Name: run.Name, Variant: run.Variant, Description: run.Description, Source: run.Source,
		SHA256: hex.EncodeToString(sum[:]), YAML: string(run.YAML),
		Seed: run.Seed, Replications: len(reps),
		HorizonHours: run.HorizonHours, WarmupHours: run.WarmupHours, Calendar: run.Calendar, Point: run.Point,
	}
	if len(reps) == 0 {
		return sc
	}
	for _, r := range reps {
		sc.Events += r.Events
	}
	values := make([]float64, len(reps))
	for k, first := range reps[0].Series {
		s := Series{Name: first.Name, Unit: first.Unit, StepHours: first.StepHours}
		for i := range first.Values {
			for r := range reps {
				values[r] = float64(reps[r].Series[k].Values[i])
			}
			sum := stats.Summarize(values)
			s.Mean = append(s.Mean, Float(sum.Mean))
			s.Lo95 = append(s.Lo95, Float(sum.Lo95))
			s.Hi95 = append(s.Hi95, Float(sum.Hi95))
		}
		sc.Series = append(sc.Series, s)
	}
	for k, m := range reps[0].Metrics {
		rate := false
		for i := range reps {
			values[i] = float64(reps[i].Metrics[k].Value)
			rate = rate || reps[i].Metrics[k].Den != 0
		}
		met := Metric{Values: make([]Float, len(values))}
		for i, v := range values {
			met.Values[i] = Float(v)
		}
		s := stats.Summarize(values)
		if rate {
			met.Num, met.Den = make([]Float, len(reps)), make([]Float, len(reps))
			for i := range reps {
				met.Num[i], met.Den[i] = reps[i].Metrics[k].Num, reps[i].Metrics[k].Den
			}
			s = stats.SummarizeRatio(floats(met.Num), floats(met.Den))
		}
		met.Estimate = estimate(m.Name, m.Unit, s)
		sc.Metrics = append(sc.Metrics, met)
	}
	return sc
}

// syntheticReps are n replications with what makes folding delicate: a
// metric undefined in some replications, a rate, a rate that becomes one
// only late (its denominator 0 at first, a numerator of -0 before), values
// about 0 (whose sums and intervals show every rounding in their last
// bits) and series of several lengths, one empty.
func syntheticReps(n int) []Rep {
	r := rand.New(rand.NewPCG(3, 5))
	noisy := func() Float {
		v := r.NormFloat64()
		if r.IntN(25) == 0 {
			v = math.NaN()
		}
		return Float(v)
	}
	var reps []Rep
	for i := range n {
		late := RepMetric{Name: "late.rate", Unit: "share", Num: Float(math.Copysign(0, -1))}
		if i >= n/2 {
			late.Num, late.Den = Float(r.IntN(5)), Float(5+r.IntN(5))
			late.Value = late.Num / late.Den
		}
		num, den := Float(r.IntN(30)), Float(100+r.IntN(50))
		rep := Rep{
			Events: uint64(1000 + i),
			Metrics: []RepMetric{
				{Name: "wait.mean", Unit: "hours", Value: noisy()},
				{Name: "abandon_rate", Unit: "share", Value: num / den, Num: num, Den: den},
				late,
			},
		}
		for k, length := range []int{72, 3, 0, 24} {
			s := RepSeries{Name: string(rune('a' + k)), Unit: "contacts", StepHours: 1 + 23*(k%2), Values: make(Floats, length)}
			for p := range s.Values {
				s.Values[p] = noisy()
			}
			rep.Series = append(rep.Series, s)
		}
		reps = append(reps, rep)
	}
	return reps
}

func encodeScenario(t *testing.T, sc Scenario) []byte {
	t.Helper()
	data, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestFoldGivesTheBytesOfSummarizeWhereverTheSeriesWait: replications
// folded one at a time give the bytes of the summary of them all at once,
// as it was, with their series values held in memory, moved to a file at
// the first replication or part-way, and with a result taken part-way
// before more replications are folded (--precision). The file has no name
// while it is open and none is left after Close.
func TestFoldGivesTheBytesOfSummarizeWhereverTheSeriesWait(t *testing.T) {
	reps := syntheticReps(41)
	run := Run{Name: "synthetic", Variant: "as-is", Source: "s.yaml", YAML: []byte("name: synthetic\n"), Seed: 9, HorizonHours: 72}
	record := int64(8 * (72 + 3 + 24))
	for _, c := range []struct {
		name    string
		budget  int64
		spilled bool
	}{
		{"in memory", -1, false},
		{"in a file from the first", 0, true},
		{"in a file from the sixth", 5 * record, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("TMPDIR", dir)
			spool := NewSpool(c.budget)
			f := NewFold(run, spool)
			for i := range reps {
				if i == 17 {
					part, err := f.Scenario()
					if err != nil {
						t.Fatal(err)
					}
					if got, want := encodeScenario(t, part), encodeScenario(t, summarizeBefore(run, reps[:17])); !bytes.Equal(got, want) {
						t.Errorf("after 17 replications:\n%s\nwant\n%s", got, want)
					}
				}
				if err := f.Add(&reps[i]); err != nil {
					t.Fatal(err)
				}
			}
			sc, err := f.Scenario()
			if err != nil {
				t.Fatal(err)
			}
			if got, want := encodeScenario(t, sc), encodeScenario(t, summarizeBefore(run, reps)); !bytes.Equal(got, want) {
				t.Errorf("all %d replications:\n%s\nwant\n%s", len(reps), got, want)
			}
			if spool.Spilled() != c.spilled {
				t.Errorf("spilled to a file: %v, want %v", spool.Spilled(), c.spilled)
			}
			if left, _ := os.ReadDir(dir); len(left) > 0 {
				t.Errorf("the spool's file has a name while open: %v", left)
			}
			if err := spool.Close(); err != nil {
				t.Fatal(err)
			}
			if left, _ := os.ReadDir(dir); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

func TestSummarizeOfNoReplicationsHasNoMetrics(t *testing.T) {
	run := Run{Name: "q", YAML: []byte("x")}
	if got, want := encodeScenario(t, Summarize(run, nil)), encodeScenario(t, summarizeBefore(run, nil)); !bytes.Equal(got, want) {
		t.Errorf("%s, want %s", got, want)
	}
}

func TestFoldRefusesAReplicationOfAnotherShape(t *testing.T) {
	reps := syntheticReps(2)
	reps[1].Series[0].Values = reps[1].Series[0].Values[:10]
	f := NewFold(Run{Name: "q"}, NewSpool(-1))
	if err := f.Add(&reps[0]); err != nil {
		t.Fatal(err)
	}
	if err := f.Add(&reps[1]); err == nil || f.Replications() != 1 {
		t.Errorf("a shorter series: error %v, %d folded; want an error and 1", err, f.Replications())
	}
}
