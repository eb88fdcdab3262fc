package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanCSVRunsAsARoster: the plan.csv peaksim plan writes, given to the
// planned team as its roster, runs the plan's confirmation run again,
// value for value: a plan can be edited in a spreadsheet and run.
func TestPlanCSVRunsAsARoster(t *testing.T) {
	if testing.Short() {
		t.Skip("plans a small season; skipped with -short")
	}
	dir := t.TempDir()
	season, err := os.ReadFile(filepath.Join("..", "..", "reports", "testdata", "golden", "small-season.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text, _, _ := strings.Cut(string(season), "variants:")
	writeFile(t, dir, "season.yaml", text)
	plan := filepath.Join(dir, "plan")
	if code, _, stderr := peaksim(t, "plan", filepath.Join(dir, "season.yaml"), "--target", "phone.service_level >= 0.8", "--quiet", "--out", plan); code != exitOK {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	planned := readResults(t, plan)
	const team = "  - {name: phone-agents, headcount: 1, cost_per_hour: 22}"
	if !strings.Contains(text, team) {
		t.Fatal("small-season.yaml no longer has the phone team the test gives a roster")
	}
	writeFile(t, dir, "roster.yaml", strings.Replace(text, team, strings.TrimSuffix(team, "}")+", roster: plan/plan.csv}", 1))
	again := filepath.Join(dir, "again")
	seed := fmt.Sprint(planned.Plan.ConfirmationSeed)
	if code, _, stderr := peaksim(t, "run", filepath.Join(dir, "roster.yaml"), "--seed", seed, "--quiet", "--out", again); code != exitOK {
		t.Fatalf("run with the roster: exit %d: %s", code, stderr)
	}
	ran := readResults(t, again)
	for i, m := range planned.Scenarios[0].Metrics {
		a, _ := json.Marshal(m.Values)
		b, _ := json.Marshal(ran.Scenarios[0].Metrics[i].Values)
		if m.Name != ran.Scenarios[0].Metrics[i].Name || string(a) != string(b) {
			t.Fatalf("%s: the roster's run gives %s, the plan's confirmation run %s", m.Name, b, a)
		}
	}
}
