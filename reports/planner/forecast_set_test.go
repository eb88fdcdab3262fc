package planner

import (
	"context"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
)

// lossyCase is three-weeks with a forecast case whose carrier loses five
// times as many parcels: a case that changes a rate, not the orders.
const lossyCase = "[{name: calm, weight: 0.5, orders: 1}, {name: lossy, weight: 0.5, orders: 1, set: {exceptions.lost.probability: 0.05}}]"

func threeWeeksWith(t *testing.T, forecast, variants string) (*scenarios.Scenario, error) {
	t.Helper()
	data := threeWeeksYAML(t)
	yaml := strings.Replace(string(data), "\nteams:\n", "\nforecast: "+forecast+"\nteams:\n", 1)
	if variants != "" {
		yaml += "variants: " + variants + "\n"
	}
	return scenarios.Parse("cases.yaml", []byte(yaml))
}

func lostProbability(sc *scenarios.Scenario) float64 {
	for _, e := range sc.Season.Exceptions {
		if e.Name == "lost" {
			return e.Probability
		}
	}
	return -1
}

// TestForecastCaseSetsARate: a forecast case's set gives the case its own
// values, in the file and in each variant (on top of the variant's own
// set), and leaves the other cases and the file alone; in the case, more
// parcels go missing and more cases open, paired on one seed.
func TestForecastCaseSetsARate(t *testing.T) {
	sc, err := threeWeeksWith(t, lossyCase, "[{name: as-is}, {name: more-writers, set: {teams.writers.headcount: 8}}]")
	if err != nil {
		t.Fatal(err)
	}
	base := lostProbability(sc)
	for _, x := range append([]*scenarios.Scenario{sc}, sc.Variants...) {
		calm, lossy := x.InCase(x.Season.Forecast[0]), x.InCase(x.Season.Forecast[1])
		if lostProbability(calm) != base || lostProbability(lossy) != 0.05 || lostProbability(x) != base {
			t.Errorf("%s: lost probability %v in the calm case, %v in the lossy one, %v in the file; want %v, 0.05 and %v", x.Variant, lostProbability(calm), lostProbability(lossy), lostProbability(x), base, base)
		}
		if lossy.Variant != "lossy" || lossy.Seed != x.Seed {
			t.Errorf("%s: the lossy case runs as %q on seed %d, want lossy on the file's %d", x.Variant, lossy.Variant, lossy.Seed, x.Seed)
		}
	}
	writers := func(sc *scenarios.Scenario) int {
		for _, tm := range sc.Teams {
			if tm.Name == "writers" {
				return tm.Headcount
			}
		}
		return -1
	}
	if more := sc.Variants[1]; writers(more.InCase(more.Season.Forecast[1])) != 8 || writers(sc.InCase(sc.Season.Forecast[1])) != 6 {
		t.Errorf("writers in the lossy case: %d in more-writers, %d in the file; want 8 and 6", writers(more.InCase(more.Season.Forecast[1])), writers(sc.InCase(sc.Season.Forecast[1])))
	}
	if testing.Short() {
		return
	}
	// The direction of the case's cause, on common random numbers.
	calm, lossy := sc.InCase(sc.Season.Forecast[0]), sc.InCase(sc.Season.Forecast[1])
	calm.Variant = "calm"
	res, err := runner.Run(context.Background(), []*scenarios.Scenario{calm, lossy}, "test", runner.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	d := res.Scenarios[1].Differences
	i := -1
	for j, m := range d {
		if m.Name == "cases.opened" {
			i = j
		}
	}
	if i < 0 || !(float64(d[i].CI95[0]) > 0) {
		t.Fatalf("cases opened, lossy minus calm: %+v; want the whole 95%% interval above 0", d)
	}
}

// TestForecastCaseSetIsChecked: a case's set is checked like a variant's,
// with its problems at the set entry's line, and may not change the clock
// or the teams.
func TestForecastCaseSetIsChecked(t *testing.T) {
	for _, tc := range []struct{ name, forecast, want string }{
		{"unknown path", "[{name: lossy, weight: 1, set: {exceptions.lossed.probability: 0.05}}]", `cases.yaml:38: forecast[0].set.exceptions.lossed.probability: no exception named "lossed"`},
		{"bad value", "[{name: lossy, weight: 1, set: {exceptions.lost.probability: 2}}]", "cases.yaml:38: forecast[0].set.exceptions.lost.probability: in forecast case lossy, exceptions[1].probability: must be"},
		{"the clock", "[{name: later, weight: 1, set: {calendar.end: 2026-12-27}}]", "cases.yaml:38: forecast[0].set: changes the last day"},
		{"the teams", "[{name: other, weight: 1, set: {teams.writers.name: poets, channels.email.team: poets}}]", "cases.yaml:38: forecast[0].set: changes the teams"},
		{"a team's staff", "[{name: other, weight: 1, set: {teams.claims.headcount: 9}}]", "cases.yaml:38: forecast[0].set: changes the teams"},
		{"not a mapping", "[{name: lossy, weight: 1, set: 3}]", "cases.yaml:38: forecast[0].set: must be a mapping of key paths to values"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := threeWeeksWith(t, tc.forecast, "")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

// TestDerivedScenarioKeepsItsCaseSets: a scenario derived by settings (a
// sweep's point) keeps its forecast cases' sets.
func TestDerivedScenarioKeepsItsCaseSets(t *testing.T) {
	sc, err := threeWeeksWith(t, lossyCase, "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := scenarios.Derive(sc, "more-orders", []scenarios.Setting{{Path: "demand.orders_per_day", Value: "4000"}})
	if err != nil {
		t.Fatal(err)
	}
	lossy := d.InCase(d.Season.Forecast[1])
	if lostProbability(lossy) != 0.05 || lossy.Season.Demand.OrdersPerDay != 4000 {
		t.Errorf("the derived scenario's lossy case: lost probability %v, %v orders a day; want 0.05 and 4000", lostProbability(lossy), lossy.Season.Demand.OrdersPerDay)
	}
}

// TestForecastCaseSetThroughAnAlias: a case whose set is an alias of
// another's takes the same values, not none.
func TestForecastCaseSetThroughAnAlias(t *testing.T) {
	sc, err := threeWeeksWith(t, "[{name: one, weight: 0.5, set: &lossy {exceptions.lost.probability: 0.05}}, {name: two, weight: 0.5, set: *lossy}]", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, fc := range sc.Season.Forecast {
		if p := lostProbability(sc.InCase(fc)); p != 0.05 {
			t.Errorf("case %s: lost probability %v, want 0.05", fc.Name, p)
		}
	}
}
