package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/sim/erlang"
)

// oneQueue is an M/M/N queue: 100 calls an hour of 3 minutes (5 erlangs),
// nobody abandons; Erlang C needs 8 agents for 80% in 20 seconds (88%),
// and 7 give only 72%.
const oneQueue = `name: one-queue
run: {horizon: 1000h, warmup: 50h, replications: 10, seed: 1}
teams:
  - {name: agents, headcount: 1, cost_per_hour: 20}
channels:
  - name: phone
    team: agents
    arrivals: {rate: 100/h}
    handle_time: {dist: exponential, mean: 3m}
    service_level_target: 20s
`

func TestPlanOfAStationaryQueueIsErlangC(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates the queue a few times; skipped with -short")
	}
	want := erlang.AgentsFor(5, 100, func(n int) bool { return erlang.ServiceLevel(n, 5, 20.0/3600, 3.0/60) >= 0.8 })
	if want != 8 {
		t.Fatalf("Erlang C says %d", want)
	}
	dir := t.TempDir()
	path := writeFile(t, dir, "one.yaml", oneQueue)
	out := filepath.Join(dir, "plan")
	code, _, stderr := peaksim(t, "plan", path, "--target", "phone.service_level >= 0.8", "--quiet", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	res := readResults(t, out)
	if res.Plan == nil || len(res.Plan.Teams) != 1 || res.Plan.Teams[0].Erlang != want || res.Plan.Teams[0].Planned != want {
		t.Fatalf("plan %+v, want Erlang C's %d agents", res.Plan, want)
	}
	if m := res.Scenarios[0].Metric("phone.service_level"); !(float64(m.CI95[0]) >= 0.8) {
		t.Errorf("the planned run's service level %v [%v, %v] does not meet the target", m.Mean, m.CI95[0], m.CI95[1])
	}
	csv, _ := os.ReadFile(filepath.Join(out, "plan.csv"))
	if !strings.HasPrefix(string(csv), "team,erlang_headcount,planned_headcount,cost_per_hour,why\nagents,8,8,20,") {
		t.Errorf("plan.csv: %q", csv)
	}
	page, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(page), `<table class="summary" id="plan">`) {
		t.Error("the report has no staffing table")
	}
	if code, _, stderr := peaksim(t, "plan", "christmas", "--target", "phone.service_level >= 0.8", "--out", filepath.Join(dir, "x")); code != exitBadInput || !strings.Contains(stderr, "not built yet") {
		t.Errorf("a season: exit %d, %q", code, stderr)
	}
}
