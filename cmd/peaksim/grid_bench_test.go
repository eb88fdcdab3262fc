package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
)

// BenchmarkDefaultSeasonWorkers runs four replications of the default
// season's baseline on 1 and on 2 workers; the speed-up is the ratio of
// their ns/op (go test ./cmd/peaksim -run '^$' -bench Workers -count 3:
// take the median, the single worker's time varies by a quarter on a
// shared machine).
func BenchmarkDefaultSeasonWorkers(b *testing.B) {
	sc, err := scenarios.Builtin(scenarios.Default)
	if err != nil {
		b.Fatal(err)
	}
	base := sc.Variants[0]
	base.Replications = 4
	for _, workers := range []int{1, 2} {
		b.Run("workers="+strconv.Itoa(workers), func(b *testing.B) {
			g := runner.New([]*scenarios.Scenario{base}, Version)
			cells := []int{0, 1, 2, 3}
			defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
			for b.Loop() {
				if _, err := g.Execute(context.Background(), cells, runner.Options{Workers: workers}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(cells)*b.N)/b.Elapsed().Seconds(), "reps/s")
		})
	}
}

// BenchmarkPlanDefaultSeason plans the default season by the week on the
// issue's targets, the pilot run and the confirmation run included (go
// test ./cmd/peaksim -run '^$' -bench PlanDefaultSeason -benchtime 1x):
// 13 s on the 2-core development machine, against issue 18's bar of 15 s.
func BenchmarkPlanDefaultSeason(b *testing.B) {
	out := b.TempDir()
	sims := 0
	defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
	for b.Loop() {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"plan", "christmas", "--quiet", "--force", "--out", out,
			"--target", "phone.service_level >= 0.8", "--target", "email.backlog_age.p90 < 48h"}, os.Getenv, strings.NewReader(""), &stdout, &stderr)
		if code != exitOK {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
		f, err := os.Open(filepath.Join(out, "results.json"))
		if err != nil {
			b.Fatal(err)
		}
		res, err := reports.ReadResults(f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		sims = res.Plan.Simulations
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/plan")
	b.ReportMetric(float64(sims), "simulations")
}
