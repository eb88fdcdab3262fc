package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/sim/stats"
)

// TestSweepMoreStaffNeverMoreBacklog sweeps the callback team of the
// voicemail story: each step up in headcount must not raise the backlog,
// judged on paired differences (the points share their random numbers).
func TestSweepMoreStaffNeverMoreBacklog(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("runs a season 20 times; skipped with -short and -race (a statistical test)")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "sweep")
	code, _, stderr := peaksim(t, "sweep", "voicemail-full", "--param", "teams.callback.headcount=2..8:2", "--replications", "5", "--quiet", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	res := readResults(t, out)
	if len(res.Scenarios) != 4 || res.Scenarios[3].Point[0] != (reports.Param{Key: "teams.callback.headcount", Value: "8"}) {
		t.Fatalf("want 4 points, the last headcount 8; got %d", len(res.Scenarios))
	}
	for _, metric := range []string{"backlog.open_cases.mean", "voicemail.queue_length.mean"} {
		for k := 1; k < len(res.Scenarios); k++ {
			prev, next := &res.Scenarios[k-1], &res.Scenarios[k]
			d := stats.SummarizePaired(values(t, prev, metric), values(t, next, metric))
			if d.Lo95 > 0 {
				t.Errorf("%s rose from %s to %s: %+.3g [%.3g, %.3g]", metric, prev.Variant, next.Variant, d.Mean, d.Lo95, d.Hi95)
			}
		}
	}
	csv, err := os.ReadFile(filepath.Join(out, "sweep.csv"))
	if err != nil || !strings.HasPrefix(string(csv), "teams.callback.headcount,metric,unit,mean,lo95,hi95\n2,") {
		t.Errorf("sweep.csv: %v %.80q", err, csv)
	}
	for _, bad := range [][]string{
		{"sweep", "voicemail-full", "--param", "teams.callbak.headcount=2,4"},
		{"sweep", "voicemail-full", "--param", "teams.callback.headcount=8..2"},
		{"sweep", "voicemail-full"},
	} {
		if code, _, _ := peaksim(t, append(bad, "--out", filepath.Join(dir, "bad"))...); code != exitBadInput {
			t.Errorf("%v: exit %d, want %d", bad, code, exitBadInput)
		}
	}
}

// TestPrecisionAddsReplicationsUntilNarrowEnough asks for a 5% relative
// half-width on a queue's mean wait: the run adds replications and stops
// when the interval is that narrow, with the same results as a fixed count.
func TestPrecisionAddsReplicationsUntilNarrowEnough(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "p")
	code, _, stderr := peaksim(t, "run", "mmc-c1-rho050", "--precision", "5%", "--metric", "queue.wait.mean", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(out, "results.json"))
	res, err := reports.ReadResults(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	m := res.Scenarios[0].Metric("queue.wait.mean")
	if half := (float64(m.CI95[1]) - float64(m.CI95[0])) / 2; half > 0.05*float64(m.Mean) {
		t.Errorf("half-width %v of mean %v after %d replications", half, m.Mean, res.Scenarios[0].Replications)
	}
	n := res.Scenarios[0].Replications
	fixed := filepath.Join(dir, "f")
	if code, _, stderr := peaksim(t, "run", "mmc-c1-rho050", "--replications", strconv.Itoa(n), "--quiet", "--out", fixed); code != exitOK {
		t.Fatal(stderr)
	}
	if again, _ := os.ReadFile(filepath.Join(fixed, "results.json")); string(again) != string(data) {
		t.Errorf("--precision stopped at %d replications but differs from --replications %d", n, n)
	}
	if code, _, stderr := peaksim(t, "run", "mmc-c1-rho050", "--precision", "5%", "--metric", "queue.wiat.mean", "--out", out); code != exitBadInput || !strings.Contains(stderr, "--metric queue.wiat.mean") {
		t.Errorf("unknown metric: exit %d, %q", code, stderr)
	}
}

// TestSweepRefusesRangesWithoutPoints: NaN and Inf parse as numbers, but
// make a range of no points (a sweep of nothing, which exited 3 or wrote
// "scenarios": null); they are refused as bad input, as is an empty value.
func TestSweepRefusesRangesWithoutPoints(t *testing.T) {
	const key = "teams.servers.headcount"
	for _, values := range []string{"NaN..5:1", "1..NaN", "1..5:NaN", "1..5:Inf", "-Inf..5", "1..+Inf:1", "inf..inf", "1,,2", "1, "} {
		t.Run(values, func(t *testing.T) {
			if _, err := parseParams([]string{key + "=" + values}); err == nil || !strings.Contains(err.Error(), "--param "+key) {
				t.Errorf("parseParams(%s) = %v, want an error naming the key", values, err)
			}
		})
	}
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := peaksim(t, "sweep", "mmc-c1-rho050", "--param", key+"=NaN..5:1", "--out", out)
	if code != exitBadInput || !strings.Contains(stderr, "finite numbers") || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output written: %v", err)
	}
}
