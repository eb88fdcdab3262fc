package main

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/sim/stats"
)

// validationCase is one entry of testdata/validation/cases.json, a copy of
// ../shared/validation/cases.json: exact steady-state values of textbook
// queues (Erlang B/C recursions, the Erlang A birth-death chain,
// Pollaczek-Khinchine, M/M/1/K), one built-in scenario per case.
type validationCase struct {
	ID         string             `json:"id"`
	Model      string             `json:"model"`
	Parameters map[string]any     `json:"parameters"`
	Exact      map[string]float64 `json:"exact"`
}

// reported maps an exact value of cases.json to the channel metric that
// estimates it. complement marks values the metric gives as 1 - x.
var reported = map[string]struct {
	metric     string
	complement bool
}{
	"mean_busy_servers":                    {metric: "busy_agents.mean"},
	"carried_load_erlangs":                 {metric: "busy_agents.mean"},
	"throughput_served":                    {metric: "throughput"},
	"throughput":                           {metric: "throughput"},
	"mean_in_system_L":                     {metric: "in_system.mean"},
	"mean_queue_Lq":                        {metric: "queue_length.mean"},
	"mean_sojourn_W":                       {metric: "time_in_system.mean"},
	"mean_sojourn_W_admitted":              {metric: "time_in_system.mean"},
	"mean_wait_Wq":                         {metric: "wait.mean"},
	"mean_wait_Wq_admitted":                {metric: "wait.mean"},
	"mean_wait_served":                     {metric: "wait.mean"},
	"mean_wait_given_wait":                 {metric: "wait_if_waited.mean"},
	"mean_wait_all":                        {metric: "wait_all.mean"},
	"mean_wait_abandoned":                  {metric: "wait_abandoned.mean"},
	"occupancy_rho":                        {metric: "occupancy"},
	"occupancy":                            {metric: "occupancy"},
	"occupancy_per_server":                 {metric: "occupancy"},
	"server_utilisation":                   {metric: "occupancy"},
	"p_wait_gt_0":                          {metric: "wait_prob"},
	"p_abandon":                            {metric: "abandon_rate"},
	"p_served":                             {metric: "abandon_rate", complement: true},
	"p_block":                              {metric: "reject_rate"},
	"service_level_p_wait_le_t":            {metric: "service_level"},
	"p_wait_gt_t":                          {metric: "service_level", complement: true},
	"sl_served_within_t_over_all_arrivals": {metric: "service_level"},
	"sl_within_t_given_served":             {metric: "service_level_answered"},
	"sl_served_within_t_excluding_abandons_le_t": {metric: "service_level_excl_short_abandons"},
}

// notReported lists the exact values that are inputs or outputs peaksim does
// not report, so that a new key in cases.json fails the test until someone
// decides which it is.
var notReported = map[string]string{
	"offered_load_erlangs": "an input: arrival rate × handle time",
	"offered_rho":          "an input",
	"service_scv":          "an input: the handle-time distribution's squared cv",
	"erlang_phase_rate":    "an input",
	"lognormal_mu_log":     "an input",
	"lognormal_sigma":      "an input",
	"p_empty":              "not a contact-centre metric",
	"p_abandon_within_t":   "not reported; it enters service_level_excl_short_abandons",
}

// TestTextbookQueues runs every validation case's built-in scenario through
// the real loader, engine and results writer, seed 1, and requires of every
// reported metric that the exact value lie inside its confidence interval
// and that the relative error be under 2% (5% in heavy traffic, ρ ≥ 0.9,
// and for probabilities under 0.05). The intervals are Bonferroni's over
// all the comparisons, as in TestTransientValidation: with 203 of
// them, a 99% interval each would miss somewhere in most runs of a correct
// engine, and whether a change of random numbers passed would be chance.
func TestTextbookQueues(t *testing.T) {
	if raceEnabled {
		t.Skip("the statistical validation runs without -race; the race detector makes it ten times slower and the event loop has no concurrency")
	}
	if testing.Short() {
		t.Skip("long statistical validation; skipped with -short")
	}
	data, err := os.ReadFile(filepath.Join("testdata", "validation", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []validationCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) != 23 {
		t.Fatalf("cases.json has %d cases, want 23", len(file.Cases))
	}
	comparisons := 0
	for _, vc := range file.Cases {
		for key := range vc.Exact {
			if _, ok := reported[key]; ok {
				comparisons++
			}
		}
	}
	level := 1 - transientAlpha/float64(comparisons)
	t.Logf("%d comparisons, each at %.4f%% (Bonferroni, family-wise %.0f%%)", comparisons, 100*level, 100*transientAlpha)
	for _, vc := range file.Cases {
		t.Run(vc.ID, func(t *testing.T) {
			t.Parallel()
			sc := runBuiltin(t, vc.ID)
			heavy := rho(t, vc) >= 0.9
			for key, exact := range vc.Exact {
				m, ok := reported[key]
				if !ok {
					if _, known := notReported[key]; !known {
						t.Errorf("exact value %s is neither compared nor listed as not reported", key)
					}
					continue
				}
				got := sc.Metric("queue." + m.metric)
				if got == nil {
					t.Fatalf("%s: metric queue.%s missing from results.json", key, m.metric)
				}
				scale := caseUnitsPerHour(vc, got.Unit)
				// Every interval of results.json is a t interval, a ratio's
				// too (delta method): widening its 99% one by the ratio of
				// the quantiles gives the Bonferroni interval.
				widen := stats.StudentQuantile(1-(1-level)/2, got.N-1) / stats.StudentQuantile(0.995, got.N-1)
				mean := scale * float64(got.Mean)
				half := widen * scale * float64(got.CI99[1]-got.CI99[0]) / 2
				lo, hi := mean-half, mean+half
				if m.complement {
					mean, lo, hi = 1-mean, 1-hi, 1-lo
				}
				tol := 0.02
				if heavy || (exact < 0.05 && strings.HasPrefix(key, "p_")) {
					tol = 0.05
				}
				rel := math.Abs(mean-exact) / exact
				t.Logf("%-45s exact %-10.6g mean %-10.6g interval [%.6g, %.6g] rel.err %.2f%%", key, exact, mean, lo, hi, 100*rel)
				if exact < lo || exact > hi {
					t.Errorf("%s: exact %v outside the interval [%v, %v] of queue.%s", key, exact, lo, hi, m.metric)
				}
				if rel > tol {
					t.Errorf("%s: relative error %.2f%% over %.0f%% (mean %v, exact %v)", key, 100*rel, 100*tol, mean, exact)
				}
			}
		})
	}
}

// caseUnitsPerHour converts a metric in peaksim's units (hours) into the
// case's time unit: an hour for the abstract cases, seconds where stated.
func caseUnitsPerHour(vc validationCase, unit string) float64 {
	if vc.Parameters["time_unit"] != "seconds" {
		return 1
	}
	switch unit {
	case "hours":
		return 3600
	case "contacts/hour":
		return 1.0 / 3600
	}
	return 1
}

// rho is the case's offered load per agent.
func rho(t *testing.T, vc validationCase) float64 {
	p := func(k string) float64 {
		v, ok := vc.Parameters[k].(float64)
		if !ok {
			t.Fatalf("case %s has no numeric parameter %s", vc.ID, k)
		}
		return v
	}
	switch vc.Model {
	case "mg1":
		return p("lambda") * p("mean_service")
	case "mm1k":
		return p("lambda") / p("mu")
	default:
		return p("lambda") / (p("c") * p("mu"))
	}
}

// runBuiltin runs `peaksim run NAME` in-process into a temporary folder
// and returns the scenario's results as read back from results.json.
func runBuiltin(t *testing.T, name string) *reports.Scenario {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	var stderr strings.Builder
	if code := run(context.Background(), []string{"run", "--out", out, name}, os.Getenv, nil, io.Discard, &stderr); code != exitOK {
		t.Fatalf("peaksim run %s: exit %d: %s", name, code, stderr.String())
	}
	f, err := os.Open(filepath.Join(out, reports.ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := reports.ReadResults(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Scenarios) != 1 {
		t.Fatalf("results.json has %d scenarios, want 1", len(res.Scenarios))
	}
	return &res.Scenarios[0]
}
