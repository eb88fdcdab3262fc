package scenarios_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// tinyHeadcounts is tiny's agents' headcount by date, which the roster
// tests give as a file instead.
const tinyHeadcounts = `    headcount_by_date: [{from: 2026-12-24, to: 2026-12-24, headcount: 5}, {from: 2026-12-25, to: 2026-12-25, headcount: 0}]
`

// withRoster writes tiny with the agents' headcount by date taken from a
// roster file holding csv.
func withRoster(t *testing.T, csv string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "roster.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "tiny.yaml")
	if err := os.WriteFile(path, []byte(tinyWith(t, tinyHeadcounts, "    roster: roster.csv\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRosterIsTheHeadcountByDate: a roster as a spreadsheet writes it, and
// a plan.csv as peaksim plan writes it, run the season exactly as the
// same headcounts written in the YAML.
func TestRosterIsTheHeadcountByDate(t *testing.T) {
	yaml, err := scenarios.Parse("tiny.yaml", []byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	want := runMetrics(t, yaml)
	for name, csv := range map[string]string{
		"a day a row": "Date;Headcount;Note\n2026-12-24;5;Christmas Eve\n2026-12-25;0;closed\n",
		"a plan.csv": "team,period,from,to,erlang_headcount,planned_headcount,cost_per_hour\n" +
			"claims,2026-W52,2026-12-21,2026-12-27,3,4,25\n" +
			"agents,2026-12-24,2026-12-24,2026-12-24,6,5,20\n" +
			"agents,2026-12-25,2026-12-25,2026-12-25,0,0,20\n",
	} {
		t.Run(name, func(t *testing.T) {
			sc, err := scenarios.Load(withRoster(t, csv))
			if err != nil {
				t.Fatal(err)
			}
			// Printed, as NaN (an undefined mean) is equal to nothing.
			if got := runMetrics(t, sc); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Error("the roster's season differs from the YAML's")
			}
		})
	}
}

// TestRosterCounts: a roster that differs from the YAML's headcounts runs
// a different season (the equality above is not of two rosters ignored).
func TestRosterCounts(t *testing.T) {
	yaml, err := scenarios.Parse("tiny.yaml", []byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Load(withRoster(t, "date,headcount\n2026-12-24,9\n2026-12-25,0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(runMetrics(t, sc)) == fmt.Sprint(runMetrics(t, yaml)) {
		t.Error("9 agents on Christmas Eve instead of 5 change nothing")
	}
}

func runMetrics(t *testing.T, sc *scenarios.Scenario) []sim.Metric {
	t.Helper()
	r, err := sim.Run(context.Background(), sc.Model(), sc.Seed, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r.Metrics()
}

func TestBadRoster(t *testing.T) {
	for _, c := range []struct{ name, csv, want string }{
		{"no header", "2026-12-24,5\n", "roster.csv:1: the first row must be a header with from (or date) and headcount (or planned_headcount)"},
		{"a day outside the season", "date,headcount\n2027-03-01,5\n", "roster.csv:2: date: 2027-03-01 is not a day of the season"},
		{"a fractional agent", "date,headcount\n2026-12-24,5.5\n", "roster.csv:2: headcount: must be a whole number of agents from 0 to 100000, got 5.5"},
		{"overlapping ranges", "from,to,headcount\n2026-12-21,2026-12-24,5\n2026-12-24,2026-12-25,3\n", "roster.csv:3: from: 2026-12-24 to 2026-12-25 overlaps line 2"},
		{"no row for the team", "team,date,headcount\nclaims,2026-12-24,5\n", "roster.csv: has no row for team agents"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := scenarios.Load(withRoster(t, c.csv))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}
