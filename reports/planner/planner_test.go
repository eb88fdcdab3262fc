package planner

import (
	"context"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
)

// threeWeeksYAML is the text of the three-week season the tests change.
func threeWeeksYAML(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/three-weeks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func threeWeeks(t *testing.T) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Parse("three-weeks.yaml", threeWeeksYAML(t))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// request asks to plan sc's teams that the targets are about.
func request(t testing.TB, sc *scenarios.Scenario, exprs ...string) Request {
	t.Helper()
	var targets []scenarios.Threshold
	for _, e := range exprs {
		th, err := scenarios.ParseThreshold(sc, e)
		if err != nil {
			t.Fatal(err)
		}
		targets = append(targets, th)
	}
	teams, err := Teams(sc, targets, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Request{Scenario: sc, Targets: targets, Teams: teams, Granularity: "week", MaxSimulations: 40, Workers: 2, Version: "test"}
}

// TestStaffingInPlaceIsTheCompiledPlan: the planner compiles a scenario
// once and changes its planned teams' staffing in place; the model it
// runs must be the one compiling the planned scenario from scratch gives,
// for a team with working hours and one in shifts.
func TestStaffingInPlaceIsTheCompiledPlan(t *testing.T) {
	sc := threeWeeks(t)
	data := threeWeeksYAML(t)
	inShifts := strings.Replace(string(data), `  - {name: phone-agents, headcount: 10, working_hours: {mon-sat: "08:00-20:00", sun: closed}, shrinkage: 0.3, cost_per_hour: 22}`,
		`  - name: phone-agents
    shrinkage: 0.25
    cost_per_hour: 22
    shifts:
      - {name: early, days: mon-fri, hours: "08:00-16:00", headcount: 6}
      - {name: late, days: mon-sat, hours: "12:00-20:00", headcount: 3}`, 1)
	shifted, err := scenarios.Parse("shifts.yaml", []byte(inShifts))
	if err != nil || len(shifted.Teams[0].Shifts) != 2 {
		t.Fatalf("%v: %+v", err, shifted)
	}
	for _, tc := range []struct {
		name string
		sc   *scenarios.Scenario
		plan [][]int
	}{
		{"working hours", sc, nil},
		{"shifts", shifted, [][]int{{5, 14, 9}, {4, 8, 6}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := newPlanner(context.Background(), request(t, tc.sc, "phone.service_level >= 0.8"))
			if err != nil {
				t.Fatal(err)
			}
			plan := tc.plan
			if plan == nil {
				plan = [][]int{{7, 12, 9}, {4, 8, 6}}
			}
			p.applyInPlace(plan)
			want := p.apply(plan).Model()
			got := p.grid.Model(0)
			for _, k := range p.teams {
				if !reflect.DeepEqual(got.Teams[k.index], want.Teams[k.index]) {
					t.Errorf("team %s: the staffing changed in place differs from the compiled plan's", k.name)
				}
			}
		})
	}
}

// TestFindPlansATinySeason: the planner library alone, from a scenario to
// a confirmed plan, on the three-week season in seconds. Every week gets
// a headcount within the writers' bounds and on their hiring steps, the
// confirmation runs on a seed the search never saw, and it meets every
// target, season-wide and week by week, as peaksim check judges.
func TestFindPlansATinySeason(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates a small season a few times; skipped with -short")
	}
	sc := threeWeeks(t)
	found, err := Find(context.Background(), request(t, sc, "phone.service_level >= 0.8", "email.backlog_age.p90 < 72h"))
	if err != nil {
		t.Fatal(err)
	}
	plan := found.Plan
	if len(plan.Periods) != 3 || len(plan.Teams) != 2*3 || plan.Simulations < 2 {
		t.Fatalf("want 3 weeks of phone-agents and writers after the pilot and a search: %+v", plan)
	}
	for _, r := range plan.Teams {
		if r.Team == "writers" && (r.Planned < 2 || r.Planned > 12 || r.Planned%2 != 0) {
			t.Errorf("writers in %s: %d, not within 2 to 12 in steps of 2", r.Period, r.Planned)
		}
	}
	confirm := found.Confirmation()
	if confirm.Scenarios[0].Seed == sc.Seed {
		t.Fatal("the confirmation runs on the search's seed")
	}
	res, met, err := confirm.Run(context.Background(), runner.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !met || res.Plan != plan || len(plan.Confirmed) == 0 {
		t.Errorf("the plan is not confirmed: %s", FailingList(plan.Confirmed))
	}
	perWeek := 0
	for _, c := range plan.Confirmed {
		if c.Period != "" {
			perWeek++
		}
	}
	if perWeek < 3 {
		t.Errorf("the confirmation judged %d targets week by week, want every week", perWeek)
	}
	if plan.PlannedCost <= 0 || plan.ErlangCost <= 0 {
		t.Errorf("costs: Erlang plan %v, plan %v", plan.ErlangCost, plan.PlannedCost)
	}
}

// TestFindPlansAStationaryQueue: one planner serves a stationary queue
// too, as one period. 10 erlangs of calls of 6 minutes with 80% answered
// in 20 seconds: Erlang C says 14 agents; the simulated queue, which is
// exactly M/M/c, needs no fewer than the smallest count whose whole
// interval meets the target, and the capacity rule holds.
func TestFindPlansAStationaryQueue(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates a queue a few times; skipped with -short")
	}
	sc, err := scenarios.Parse("mmc.yaml", []byte(`name: mmc
run: {horizon: 2w, warmup: 1d, replications: 5, seed: 1}
teams: [{name: agents, headcount: 20}]
channels:
  - {name: line, team: agents, arrivals: {rate: 100/h}, handle_time: {dist: exponential, mean: 6m}, service_level_target: 20s}
`))
	if err != nil {
		t.Fatal(err)
	}
	found, err := Find(context.Background(), request(t, sc, "line.service_level >= 0.8"))
	if err != nil {
		t.Fatal(err)
	}
	row := found.Plan.Teams[0]
	t.Logf("Erlang C %d, planned %d: %s (%d simulations)", row.Erlang, row.Planned, row.Why, found.Plan.Simulations)
	if row.Erlang != 14 || row.Planned != 14 || len(found.Plan.Periods) != 0 {
		t.Errorf("Erlang C %d, planned %d; want 14 and the simulated M/M/c within one of it", row.Erlang, row.Planned)
	}
	if _, met, err := found.Confirmation().Run(context.Background(), runner.Options{Workers: 2}); err != nil || !met {
		t.Errorf("confirmation: met %v, %v: %s", met, err, FailingList(found.Plan.Confirmed))
	}
}

// TestKeepingUpIsJudgedFromTheLoad: a season's team that did not keep up
// grows at once to the agents its measured load asks for, and a removal
// that would leave a team less time on duty than its measured work is
// taken back without a simulation, halving its steps.
func TestKeepingUpIsJudgedFromTheLoad(t *testing.T) {
	p, err := newPlanner(context.Background(), request(t, threeWeeks(t), "phone.service_level >= 0.8", "email.backlog_age.p90 < 72h"))
	if err != nil {
		t.Fatal(err)
	}
	const writers = 1
	if p.teams[writers].name != "writers" {
		t.Fatalf("team %d is %s, want writers", writers, p.teams[writers].name)
	}
	var label string
	for _, pt := range p.targets {
		if pt.keepUp && slices.Contains(pt.teams, writers) {
			label = pt.Expr
		}
	}
	week := p.periods[1].name
	judged := func(hi float64) []reports.PlanTarget {
		return []reports.PlanTarget{{Target: label, Period: week, Estimate: reports.Estimate{CI95: [2]reports.Float{reports.Float(hi - 0.05), reports.Float(hi)}}}}
	}
	// The writers are hired in steps of 2 from 2, up to 12.
	for _, tc := range []struct {
		n    int
		hi   float64
		want int
	}{
		{6, 1.25, 8},   // 7.5 agents' work
		{6, 1.1, 8},    // 6.6, on the next step
		{10, 1.25, 12}, // 12.5, capped at max_headcount
	} {
		if n := p.keepingUp(writers, 1, tc.n, judged(tc.hi)); n != tc.want {
			t.Errorf("%d writers at a load of up to %v grow to %d, want %d", tc.n, tc.hi, n, tc.want)
		}
	}
	if n := p.keepingUp(writers, 1, 10, judged(0.9)); n != 0 {
		t.Errorf("10 writers that kept up grow to %d, want no growth", n)
	}
	if n := p.keepingUp(writers, 0, 10, judged(1.25)); n != 0 {
		t.Errorf("a week with no judgement grows to %d, want no growth", n)
	}
	plan := [][]int{{10, 10, 10}, {10, 10, 10}}
	for _, tc := range []struct {
		hi     float64
		writer int
		kept   bool
	}{
		{0.9, 8, false},  // 0.9 × 10/8 = 1.125: the work outgrows 8
		{0.75, 8, true},  // (0.75 + 0.025) × 10/8 = 0.969
		{0.9, 9, false},  // 1.0
		{0.85, 9, true},  // (0.85 + 0.025) × 10/9 = 0.972
		{0.88, 9, false}, // 0.978, but 1.006 with the interval's half-width of 0.025
	} {
		p.met = judged(tc.hi)
		trial := clonePlan(plan)
		trial[0][1], trial[writers][1] = 9, tc.writer
		steps := [][]int{{1, 1, 1}, {4, 4, 4}}
		tried := p.keepCarrying(plan, trial, [][2]int{{0, 1}, {writers, 1}}, steps)
		if kept := slices.Contains(tried, [2]int{writers, 1}); kept != tc.kept || (trial[writers][1] == tc.writer) != tc.kept {
			t.Errorf("load up to %v at 10 writers, trial of %d: kept %v (trial %d), want %v", tc.hi, tc.writer, kept, trial[writers][1], tc.kept)
		}
		if !tc.kept && steps[writers][1] != 2 {
			t.Errorf("a removal taken back left %d steps, want half of 4", steps[writers][1])
		}
		if !slices.Contains(tried, [2]int{0, 1}) || trial[0][1] != 9 {
			t.Errorf("the phone team's removal, whose load was not judged, was taken back: %v", tried)
		}
	}
}

// TestARemovalAtTheEdgeIsDone: a removal whose failure is only an interval
// across the limit (the mean on the right side) is as far as the
// replications can tell, and ends that period's removals; one that missed
// the limit beyond doubt, in its own period or in the next through the
// backlog, tries half its steps again.
func TestARemovalAtTheEdgeIsDone(t *testing.T) {
	p, err := newPlanner(context.Background(), request(t, threeWeeks(t), "phone.service_level >= 0.8", "email.backlog_age.p90 < 72h"))
	if err != nil {
		t.Fatal(err)
	}
	find := func(expr string) int {
		i := slices.IndexFunc(p.targets, func(pt planTarget) bool { return pt.Expr == expr })
		if i < 0 {
			t.Fatalf("no target %s", expr)
		}
		return i
	}
	phone, email := find("phone.service_level >= 0.8"), find("email.backlog_age.p90 < 72h")
	k := p.targets[phone].teams[0]
	writers := p.targets[email].teams[0]
	judged := func(j, q int, lo, hi float64) reports.PlanTarget {
		return reports.PlanTarget{Target: p.targets[j].Expr, Period: p.periods[q].name,
			Estimate: reports.Estimate{Mean: reports.Float((lo + hi) / 2), CI95: [2]reports.Float{reports.Float(lo), reports.Float(hi)}}}
	}
	for _, tc := range []struct {
		name    string
		met     []reports.PlanTarget
		failing map[[2]int][]int
		key     [2]int
		want    bool
	}{
		{"across the limit", []reports.PlanTarget{judged(phone, 1, 0.78, 0.84)}, map[[2]int][]int{{k, 1}: {phone}}, [2]int{k, 1}, true},
		{"beyond the limit", []reports.PlanTarget{judged(phone, 1, 0.70, 0.78)}, map[[2]int][]int{{k, 1}: {phone}}, [2]int{k, 1}, false},
		{"the next week's backlog beyond", []reports.PlanTarget{judged(email, 2, 75, 80)}, map[[2]int][]int{{writers, 2}: {email}}, [2]int{writers, 1}, false},
		{"the next week's backlog across", []reports.PlanTarget{judged(email, 2, 65, 80)}, map[[2]int][]int{{writers, 2}: {email}}, [2]int{writers, 1}, true},
		{"nothing failed", nil, map[[2]int][]int{}, [2]int{k, 1}, false},
	} {
		if got := p.atTheEdge(tc.met, tc.failing, tc.key); got != tc.want {
			t.Errorf("%s: at the edge %v, want %v", tc.name, got, tc.want)
		}
	}
}
