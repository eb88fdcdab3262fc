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

// TestShiftRoster: a team in shifts takes its headcounts by date and
// shift from a roster, and runs the season exactly as the same shifts
// written with their dates in the YAML; a row that names no shift of the
// team, or a roster without a shift column, is refused with the file,
// line and column.
func TestShiftRoster(t *testing.T) {
	const shifts = `  - name: claims
    shifts:
      - {name: day, hours: "08:00-18:00", days: mon-sun, headcount: 3}
      - {name: late, hours: "14:00-20:00", days: mon-fri, headcount: 1}
`
	byDate := `  - name: claims
    shifts:
      - {name: day, hours: "08:00-18:00", days: mon-sun, headcount: 3, to: 2026-12-22}
      - {name: day-2026-12-23, hours: "08:00-18:00", days: mon-sun, headcount: 6, from: 2026-12-23, to: 2026-12-24}
      - {name: day-2026-12-25, hours: "08:00-18:00", days: mon-sun, headcount: 3, from: 2026-12-25}
      - {name: late, hours: "14:00-20:00", days: mon-fri, headcount: 2, to: 2026-12-21}
`
	claims := "  - name: claims\n    headcount: 3\n"
	want, err := scenarios.Parse("tiny.yaml", []byte(tinyWith(t, claims, byDate)))
	if err != nil {
		t.Fatal(err)
	}
	load := func(csv string) (*scenarios.Scenario, error) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "roster.csv"), []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "tiny.yaml")
		if err := os.WriteFile(path, []byte(tinyWith(t, claims, shifts+"    roster: roster.csv\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		return scenarios.Load(path)
	}
	got, err := load("team;shift;from;to;headcount\nclaims;day;2026-12-23;2026-12-24;6\nclaims;late;2026-12-21;2026-12-21;2\nclaims;late;2026-12-22;2026-12-27;0\nagents;day;2026-12-21;;9\n")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(runMetrics(t, got)) != fmt.Sprint(runMetrics(t, want)) {
		t.Error("the shift roster's season differs from the same shifts by date in the YAML")
	}
	for _, c := range []struct{ name, csv, want string }{
		{"an unknown shift", "shift,date,headcount\nnight,2026-12-22,2\n", "roster.csv:2: shift: must name one of the team's shifts (day, late), got night"},
		{"no shift column", "date,headcount\n2026-12-22,2\n", "the team works in shifts (day, late): the header needs a shift column"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := load(c.csv); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}
