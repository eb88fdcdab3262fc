package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/reports"
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
	if code, _, stderr := peaksim(t, "plan", path, "--target", "phone.service_level >= 0.8", "--granularity", "month", "--out", filepath.Join(dir, "x")); code != exitBadInput || !strings.Contains(stderr, "--granularity: want week or day") {
		t.Errorf("a bad granularity: exit %d, %q", code, stderr)
	}
}

// threeWeeks is a small season: three weeks of orders, late and lost
// parcels, a phone line and an email box on their own teams, and claims.
// The email team is hired in pairs, between 2 and 12.
var threeWeeks = func() string {
	data, err := os.ReadFile("../../reports/planner/testdata/three-weeks.yaml")
	if err != nil {
		panic(err)
	}
	return string(data)
}()

// TestPlanOfASeasonByDay plans a small season day by day: every day gets
// a headcount within the team's bounds and on its hiring steps, the
// closed days none, and a confirmation run on fresh seeds meets every
// target, season-wide and day by day.
func TestPlanOfASeasonByDay(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates a season a few times; skipped with -short")
	}
	dir := t.TempDir()
	path := writeFile(t, dir, "three.yaml", threeWeeks)
	out := filepath.Join(dir, "plan")
	code, _, stderr := peaksim(t, "plan", path, "--granularity", "day", "--quiet", "--out", out,
		"--target", "phone.service_level >= 0.8", "--target", "email.backlog_age.p90 < 72h")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	plan := readResults(t, out).Plan
	if plan == nil || plan.Granularity != "day" || len(plan.Periods) != 21 || len(plan.Teams) != 2*21 {
		t.Fatalf("want 21 days for 2 teams, got %+v", plan)
	}
	for _, r := range plan.Teams {
		sunday := r.Period == "2026-12-06" || r.Period == "2026-12-13" || r.Period == "2026-12-20"
		weekend := sunday || r.Period == "2026-12-05" || r.Period == "2026-12-12" || r.Period == "2026-12-19"
		switch {
		case r.Team == "writers" && weekend, r.Team == "phone-agents" && sunday:
			if r.Planned != 0 || r.Erlang != 0 {
				t.Errorf("%s on %s, when it does not work: %d (Erlang %d)", r.Team, r.Period, r.Planned, r.Erlang)
			}
		case r.Team == "writers":
			if r.Planned < 2 || r.Planned > 12 || r.Planned%2 != 0 {
				t.Errorf("writers on %s: %d agents, want 2 to 12 in steps of 2", r.Period, r.Planned)
			}
		case r.Planned < 1:
			t.Errorf("%s on %s: %d agents", r.Team, r.Period, r.Planned)
		}
		if (r.Why == "") != (r.Planned == r.Erlang && r.Planned > 0) {
			t.Errorf("%s on %s: %d agents, Erlang %d, why %q", r.Team, r.Period, r.Planned, r.Erlang, r.Why)
		}
	}
	checkConfirmed(t, plan, 2)
	for _, team := range []string{"phone-agents", "writers"} {
		judged := 0
		for _, c := range plan.Confirmed {
			if c.Target == team+" keep up (load < 1)" {
				judged++
			}
		}
		if days := map[string]int{"phone-agents": 18, "writers": 15}[team]; judged != days {
			t.Errorf("%s: the capacity rule judged %d days of the confirmation run, want the %d it works", team, judged, days)
		}
	}
	csv, err := os.ReadFile(filepath.Join(out, "plan.csv"))
	if err != nil || strings.Count(string(csv), "\n") != 1+2*21 {
		t.Errorf("plan.csv: want a header and 42 rows: %v\n%s", err, csv)
	}
}

// checkConfirmed checks that a plan's confirmation run, on seeds of its
// own, met all its targets, season-wide and per period.
func checkConfirmed(t *testing.T, plan *reports.Plan, targets int) {
	t.Helper()
	if plan.ConfirmationSeed == 0 || len(plan.Targets) != targets {
		t.Fatalf("confirmation seed %d, targets %v", plan.ConfirmationSeed, plan.Targets)
	}
	season, periods := 0, 0
	for _, c := range plan.Confirmed {
		if !c.Passed {
			t.Errorf("confirmation run: %s missed in %q: %v [%v, %v]", c.Target, c.Period, c.Mean, c.CI95[0], c.CI95[1])
		}
		if c.Period == "" {
			season++
		} else {
			periods++
		}
	}
	if season != targets || periods < len(plan.Periods) {
		t.Errorf("confirmation judged %d targets season-wide and %d per period", season, periods)
	}
}

// TestPlanOfTheDefaultSeason is the acceptance: the default
// season planned by the week on the targets meets them in a
// confirmation run with fresh seeds, and costs no more than the Erlang
// plan plus the agents added for the backlog target.
func TestPlanOfTheDefaultSeason(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("plans the whole default season (about a minute and a half); skipped with -short and -race")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "plan")
	code, _, stderr := peaksim(t, "plan", "--quiet", "--out", out,
		"--target", "phone.service_level >= 0.8", "--target", "email.backlog_age.p90 < 48h", "christmas")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	plan := readResults(t, out).Plan
	if len(plan.Periods) != 11 || len(plan.Teams) != 2*11 || plan.Simulations < 3 {
		t.Fatalf("want 11 weeks of phone-agents and email-social: %+v", plan)
	}
	checkConfirmed(t, plan, 2)
	t.Logf("costs: Erlang plan %.0f, plan %.0f, of which %.0f for backlog targets; %d simulations",
		float64(plan.ErlangCost), float64(plan.PlannedCost), float64(plan.BacklogCost), plan.Simulations)
	if plan.PlannedCost > plan.ErlangCost+plan.BacklogCost {
		t.Errorf("the plan costs %.0f, more than the Erlang plan's %.0f plus %.0f for backlog targets",
			float64(plan.PlannedCost), float64(plan.ErlangCost), float64(plan.BacklogCost))
	}
}

// TestSeasonPlanIsDeterministic plans the small season on one worker and
// on two: the results are the same bytes.
func TestSeasonPlanIsDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates a season a few times; skipped with -short")
	}
	dir := t.TempDir()
	path := writeFile(t, dir, "three.yaml", threeWeeks)
	var outputs [][]byte
	for _, workers := range []string{"1", "2"} {
		out := filepath.Join(dir, "plan"+workers)
		code, _, stderr := peaksim(t, "plan", path, "--workers", workers, "--quiet", "--out", out,
			"--target", "phone.service_level >= 0.8", "--target", "email.backlog_age.p90 < 72h")
		if code != exitOK {
			t.Fatalf("--workers %s: exit %d: %s", workers, code, stderr)
		}
		data, err := os.ReadFile(filepath.Join(out, "results.json"))
		if err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, data)
	}
	if !bytes.Equal(outputs[0], outputs[1]) {
		t.Error("results.json differs between 1 and 2 workers")
	}
}

// TestPlanRefusesBadInput: exit 2, with a message that names the problem,
// before any simulation.
func TestPlanRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "three.yaml", threeWeeks)
	target := []string{"--target", "phone.service_level >= 0.8"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"one replication", append([]string{"--replications", "1"}, target...), "at least 2 replications"},
		{"unknown metric", []string{"--target", "phone.nosuch < 1"}, `--target "phone.nosuch < 1"`},
		{"unknown team", append([]string{"--team", "nosuch"}, target...), "--team nosuch: no such team"},
		{"no target", nil, "usage: peaksim plan"},
		{"shards", append([]string{"--shard", "0/2"}, target...), "--precision and --shard do not apply"},
		{"granularity", append([]string{"--granularity", "month"}, target...), "--granularity: want week or day"},
		{"a wait below 0", []string{"--target", "phone.wait.mean < 0s"}, `--target "phone.wait.mean < 0s": phone.wait.mean is never below 0`},
		{"a share above 1", []string{"--target", "phone.service_level > 100%"}, "phone.service_level is a share, never above 100%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-"))
			code, _, stderr := peaksim(t, append([]string{"plan", path, "--quiet", "--out", out}, tt.args...)...)
			if code != exitBadInput || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("an output folder was written")
			}
		})
	}
}

// TestPlanHiringThroughTheCommand: peaksim plan --hiring on the three-week
// season with two forecast cases writes the hiring plan (results.json,
// hiring.csv, plan.csv, the report's sentence), confirmed in each case;
// what it cannot judge exits 2 before any simulation.
func TestPlanHiringThroughTheCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("plans a small season's hiring; skipped with -short")
	}
	dir := t.TempDir()
	hiring := "{first_start: 2026-11-16, last_start: 2026-12-07, training: 1w, ramp: {start_speed: 0.7, weeks: 4}, attrition: 0.02, training_cost: 500, overtime: {hours_per_week: 4, premium: 1.5}}"
	yaml := strings.Replace(threeWeeks, "\nteams:\n", "\nforecast: [{name: low, weight: 0.5, orders: 0.8}, {name: high, weight: 0.5, orders: 1.2}]\nteams:\n", 1)
	yaml = strings.Replace(yaml, "shrinkage: 0.3, cost_per_hour: 22}", "shrinkage: 0.3, cost_per_hour: 22, hiring: "+hiring+"}", 1)
	yaml = strings.Replace(yaml, "hiring_step: 2}", "hiring_step: 2, hiring: "+hiring+"}", 1)
	path := writeFile(t, dir, "hire.yaml", yaml)
	targets := []string{"--target", "phone.service_level >= 0.8", "--target", "email.backlog_age.p90 < 72h"}
	out := filepath.Join(dir, "plan")
	code, _, stderr := peaksim(t, append([]string{"plan", path, "--hiring", "--quiet", "--out", out}, targets...)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	res := readResults(t, out)
	hp := res.Plan.Hiring
	if hp == nil || len(hp.Cases) != 2 || hp.Sizing != "high" || hp.In != "every case" || len(res.Scenarios) != 2 {
		t.Fatalf("hiring plan %+v over %d scenarios", hp, len(res.Scenarios))
	}
	overtimeWeeks := 0
	for _, w := range hp.Weeks {
		if w.ExtraHours > 0 {
			overtimeWeeks++
		}
	}
	csv, err := os.ReadFile(filepath.Join(out, "hiring.csv"))
	if err != nil || !strings.HasPrefix(string(csv), "class,team,training_start,on_phones,agents,week,overtime_per_agent,extra_hours\n") ||
		strings.Count(string(csv), "\n") != 1+len(hp.Classes)+overtimeWeeks {
		t.Errorf("hiring.csv (%d classes, %d weeks of overtime): %v\n%s", len(hp.Classes), overtimeWeeks, err, csv)
	}
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || !strings.Contains(string(page), "The targets must hold in every case of low (orders ×0.8), high (orders ×1.2)") {
		i := strings.Index(string(page), "plan-sentence")
		t.Errorf("the report does not say where the targets hold: %v\n%s", err, string(page)[max(i, 0):min(max(i, 0)+1500, len(page))])
	}
	// The plan's section draws each planned team's weeks: the agents
	// against the requirement and the forecast band.
	for _, want := range []string{`"text":"Headcount by week: `, `"name":"required"`, `"name":"Erlang plan, forecast cases"`} {
		if !strings.Contains(string(page[:max(strings.Index(string(page), `id="plan-targets"`), 0)]), want) {
			t.Errorf("the staffing plan's section has no %s", want)
		}
	}
	if !strings.Contains(stderr, "training from") || !strings.Contains(stderr, "overtime h/agent") {
		t.Errorf("the hiring table is not printed:\n%s", stderr)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--hiring", "--in", "2"}, "--in: want every, expected, or a probability"},
		{[]string{"--in", "expected"}, "give --hiring too"},
		{[]string{"--hiring", "--granularity", "day"}, "--hiring plans by the week"},
	} {
		bad := filepath.Join(dir, "bad")
		code, _, stderr := peaksim(t, append(append([]string{"plan", path, "--quiet", "--out", bad}, tc.args...), targets...)...)
		if code != exitBadInput || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	code, _, stderr = peaksim(t, append([]string{"plan", writeFile(t, dir, "three.yaml", threeWeeks), "--hiring", "--quiet", "--out", filepath.Join(dir, "none")}, targets...)...)
	if code != exitBadInput || !strings.Contains(stderr, "has no hiring section") {
		t.Errorf("teams without hiring: exit %d, %q", code, stderr)
	}
}

// TestConfirmedLineSaysWithinTheNoise: stderr's line for a judgement of
// the confirmation run names where it was made and, for one that passed
// only because its interval reaches the limit, says so.
func TestConfirmedLineSaysWithinTheNoise(t *testing.T) {
	e := reports.Estimate{Name: "phone.service_level", Unit: "share", Mean: 0.791, CI95: [2]reports.Float{0.766, 0.816}, N: 5}
	for _, tc := range []struct {
		c    reports.PlanTarget
		want string
	}{
		{reports.PlanTarget{Target: "phone.service_level >= 0.8", Estimate: e, Passed: true},
			"  phone.service_level >= 0.8: 79.1% [76.6, 81.6] in the confirmation run\n"},
		{reports.PlanTarget{Target: "phone.service_level >= 0.8", Period: "2026-W53", Case: "high", Estimate: e, Passed: true, WithinNoise: true},
			"  phone.service_level >= 0.8 in 2026-W53, high case: 79.1% [76.6, 81.6] in the confirmation run, within the noise: the mean misses the limit, the interval reaches it\n"},
	} {
		if got := confirmedLine(tc.c); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}
