package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/sim"
)

var update = flag.Bool("update", false, "rewrite golden files and generated docs")

// TestMetricsDocIsCurrent keeps docs/metrics.md in step with the metrics
// the engine reports: it is generated from sim.ChannelMetrics (run the test
// with -update to regenerate it).
func TestMetricsDocIsCurrent(t *testing.T) {
	var b strings.Builder
	b.WriteString(`# Metrics

Every run reports these metrics for each channel, named ` + "`<channel>.<metric>`" + ` (for
example ` + "`phone.service_level`" + `). For each, results.json holds the value of every replication
and, across replications, the mean, its 95% and 99% confidence intervals (Student's t with n-1
degrees of freedom) and the standard deviation. A value that is undefined in a replication (the
mean wait of abandoned contacts when nobody abandoned) is ` + "`null`" + ` there and left out of the
summary, whose ` + "`n`" + ` then counts the replications that define it.

Counts cover contacts that arrived in the measured window, after the warm-up and before the
horizon; every contact admitted before the horizon is served to the end, so none is left half
counted. Time-averages cover the window from the warm-up to the horizon. Durations are in hours.

Quantiles (p50, p90, p99) come from a log-linear histogram with 128 buckets per power of two:
the value reported is within 0.39% (1/256) of the exact order statistic of the replication's
sample, for values between 0.2 ms and 1,900 years.

| metric | unit | definition |
|---|---|---|
`)
	for _, m := range sim.ChannelMetrics() {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", m.Key, m.Unit, m.Definition)
	}
	path := filepath.Join("..", "..", "docs", "metrics.md")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != b.String() {
		t.Fatal("docs/metrics.md is out of date with sim.ChannelMetrics: run go test ./cmd/peaksim -run MetricsDoc -update")
	}
}
