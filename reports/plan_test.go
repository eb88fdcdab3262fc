package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// planTeams are the teams of the default season, with their costs per
// hour and a headcount at the season's quietest.
var planTeams = []struct {
	name        string
	costPerHour float64
	base        int
}{{"phone-agents", 22, 60}, {"email-social", 22, 34}, {"claims", 26, 20}, {"callback", 22, 5}}

// planWeekLoad is the demand of each week of the default season against
// its first: Black Friday in week 4, Christmas in week 8, the January
// returns after.
var planWeekLoad = []float64{1, 1.1, 1.3, 2.1, 1.8, 1.6, 1.7, 1.2, 1.5, 1.3, 1}

// seasonPlan is a plan of the four teams of the default season from start
// over days, by week or by day, made up as peaksim plan would write it:
// the Erlang plan follows demand, the plan found adds claims and email
// agents after the peak for the backlogs, and gives up phone agents where
// abandonment lightens the queue. Targets hold season-wide and week by
// week, with one week failed by the confirmation run.
func seasonPlan(start string, days int, granularity string) *Plan {
	from, err := time.Parse(time.DateOnly, start)
	if err != nil {
		panic(err)
	}
	length := 7
	if granularity == "day" {
		length = 1
	}
	plan := &Plan{
		Targets:     []string{"phone.service_level >= 0.8", "cases.resolution.p90 <= 144h"},
		Simulations: 148, Granularity: granularity, ConfirmationSeed: 7177,
	}
	for d := 0; d < days; d += length {
		p := PlanPeriod{From: from.AddDate(0, 0, d).Format(time.DateOnly), To: from.AddDate(0, 0, min(d+length, days)-1).Format(time.DateOnly)}
		p.Name = p.From
		if granularity == "week" {
			p.Name = fmt.Sprintf("week %d", d/7+1)
		}
		plan.Periods = append(plan.Periods, p)
	}
	for ti, team := range planTeams {
		for i, p := range plan.Periods {
			week := min(i*length/7, len(planWeekLoad)-1)
			erlang := int(math.Round(float64(team.base) * planWeekLoad[week]))
			added := 0
			switch {
			case ti == 2 && week >= 3 && week <= 8: // claims: the backlog after Black Friday
				added = 2 + (week-3)%3
			case ti == 1 && week >= 4 && week <= 9: // email: chasers
				added = 1 + week%2
			case ti == 0 && (week <= 1 || week == 10): // phone: abandonment
				added = -2
			}
			hours := 8.0 * float64(length)
			row := PlanRow{
				Team: team.name, Period: p.Name, Erlang: erlang, Planned: erlang + added, CostPerHour: Float(team.costPerHour),
				ErlangCost: Float(float64(erlang) * hours * team.costPerHour), PlannedCost: Float(float64(erlang+added) * hours * team.costPerHour),
				Why: "as the Erlang plan",
			}
			if week >= 3 {
				row.FailureDemand = Float(float64(erlang) * 12.5 * float64(length) / 7)
				row.CarriedIn = Float(float64(max(added, 0)) * 31.5)
			}
			switch {
			case added > 0:
				row.Why = fmt.Sprintf("%d more: %s failure demand contacts and %s hours of work carried in that the Erlang plan leaves out", added, number(float64(row.FailureDemand)), number(float64(row.CarriedIn)))
			case added < 0:
				row.Why = fmt.Sprintf("%d fewer: customers who abandon lighten the queue", -added)
			}
			plan.Teams = append(plan.Teams, row)
			plan.ErlangCost += row.ErlangCost
			plan.PlannedCost += row.PlannedCost
			if ti == 2 {
				plan.BacklogCost += row.PlannedCost - row.ErlangCost
			}
		}
	}
	share := func(target, period string, mean, half float64, passed bool) PlanTarget {
		return PlanTarget{Target: target, Period: period, Passed: passed, Estimate: Estimate{
			Name: "phone.service_level", Unit: "share", Mean: Float(mean), N: 10,
			CI95: [2]Float{Float(mean - half), Float(mean + half)}, CI99: [2]Float{Float(mean - 1.4*half), Float(mean + 1.4*half)},
		}}
	}
	plan.Met = append(plan.Met, share(plan.Targets[0], "", 0.86, 0.012, true))
	plan.Confirmed = append(plan.Confirmed, share(plan.Targets[0], "", 0.857, 0.013, true))
	for i, p := range plan.Periods {
		plan.Met = append(plan.Met, share(plan.Targets[0], p.Name, 0.83+0.004*float64(i%5), 0.02, true))
		plan.Confirmed = append(plan.Confirmed, share(plan.Targets[0], p.Name, 0.83+0.003*float64(i%4)-0.06*float64(i/3%4/3), 0.022, i/3%4 != 3))
	}
	return plan
}

// withSeasonPlan returns the first scenario of the season's results as the
// run of a season plan of its teams.
func withSeasonPlan(t *testing.T, res *Results, granularity string) *Results {
	t.Helper()
	res.Scenarios = res.Scenarios[:1]
	sc := &res.Scenarios[0]
	for i, team := range planTeams {
		if got := sc.Teams(); len(got) != len(planTeams) || got[i] != team.name {
			t.Fatalf("the season's teams are %q, the plan's fixture has %v", got, planTeams)
		}
	}
	res.Plan = seasonPlan(sc.Calendar.Start, int(sc.HorizonHours)/24, granularity)
	// The season-wide resolution target as the run measured it.
	m := sc.Metric("cases.resolution.p90")
	met := PlanTarget{Target: res.Plan.Targets[1], Estimate: m.Estimate, Passed: float64(m.CI95[1]) <= 144}
	res.Plan.Met = append(res.Plan.Met, met)
	met.Passed = float64(m.CI95[0]) <= 144
	res.Plan.Confirmed = append(res.Plan.Confirmed, met)
	return res
}

func TestSeasonPlanCSV(t *testing.T) {
	plan := seasonPlan("2026-11-02", 77, "week")
	plan.Teams[0].Team = "=cmd|' /C calc'!A0"
	plan.Teams[1].Why = "-2: callers who give up lighten the queue"
	data, err := planCSV(&Results{Plan: plan})
	if err != nil {
		t.Fatal(err)
	}
	const header = "team,period,from,to,erlang_headcount,planned_headcount,cost_per_hour,erlang_cost,planned_cost,failure_demand,carried_in_hours,why\n"
	if !strings.HasPrefix(string(data), header) {
		t.Fatalf("plan.csv starts %.200q, want the header %q", data, header)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rows), 1+4*11; got != want {
		t.Fatalf("%d rows, want the header and one per team and week (%d)", got, want)
	}
	if got := rows[1][0]; got != "'=cmd|' /C calc'!A0" {
		t.Errorf("a team named like a formula is written %q", got)
	}
	// Claims in Black Friday's week: 42 agents by Erlang, 2 more found.
	claims := rows[1+2*11+3]
	want := []string{"claims", "week 4", "2026-11-23", "2026-11-29", "42", "44", "26", "61152", "64064", "525", "63"}
	if got := claims[:len(want)]; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("claims in week 4: %q, want %q", got, want)
	}
	if !strings.HasPrefix(claims[11], "2 more: ") {
		t.Errorf("why: %q", claims[11])
	}
	if got := rows[2][11]; got != "'-2: callers who give up lighten the queue" {
		t.Errorf("a reason that starts like a formula is written %q", got)
	}
	last := rows[len(rows)-1]
	if last[0] != "callback" || last[2] != "2027-01-11" || last[3] != "2027-01-17" {
		t.Errorf("last row %q, want callback's week of 11 to 17 January", last)
	}
}

// TestStationaryPlanCSVKeepsItsColumns: a plan without periods is written
// as before seasons had plans.
func TestStationaryPlanCSVKeepsItsColumns(t *testing.T) {
	plan := &Plan{Targets: []string{"phone.service_level >= 0.8"}, Simulations: 3,
		Teams: []PlanRow{{Team: "agents", Erlang: 8, Planned: 8, CostPerHour: 20, Why: "as Erlang C"}}}
	data, err := planCSV(&Results{Plan: plan})
	if err != nil {
		t.Fatal(err)
	}
	if want := "team,erlang_headcount,planned_headcount,cost_per_hour,why\nagents,8,8,20,as Erlang C\n"; string(data) != want {
		t.Errorf("plan.csv %q, want %q", data, want)
	}
}

var (
	planRowElement  = regexp.MustCompile(`(?s)<table class="summary" id="plan">.*?</table>`)
	planTargetTable = regexp.MustCompile(`(?s)<table class="summary" id="plan-targets">.*?</table>`)
	tableRow        = regexp.MustCompile(`(?s)<tr[ >].*?</tr>`)
	tableCell       = regexp.MustCompile(`(?s)<t[dh][^>]*>(.*?)</t[dh]>`)
	markup          = regexp.MustCompile(`<[^>]*>`)
)

// tableRows returns the text of the cells of each row of an HTML table.
func tableRows(table string) [][]string {
	var out [][]string
	for _, tr := range tableRow.FindAllString(table, -1) {
		var cells []string
		for _, c := range tableCell.FindAllStringSubmatch(tr, -1) {
			cells = append(cells, strings.TrimSpace(html.UnescapeString(markup.ReplaceAllString(c[1], " "))))
		}
		out = append(out, cells)
	}
	return out
}

// TestSeasonPlanInReport checks the staffing plan of a season in the
// report: the sentence on costs, a row per team and week with the change
// marked, the targets with their intervals, and a headcount chart per team
// before every other chart.
func TestSeasonPlanInReport(t *testing.T) {
	for _, granularity := range []string{"week", "day"} {
		t.Run(granularity, func(t *testing.T) {
			res := withSeasonPlan(t, season(t), granularity)
			plan := res.Plan
			page := renderHTML(t, res)
			p, err := buildPage(res)
			if err != nil {
				t.Fatal(err)
			}

			sentence := planSentence(plan, currencyOf(res))
			for _, want := range []string{money(float64(plan.PlannedCost)), money(float64(plan.ErlangCost)),
				money(float64(plan.PlannedCost - plan.ErlangCost)), money(float64(plan.BacklogCost)) + " pays for agents added",
				"148 simulations", "seed 7177"} {
				if !strings.Contains(sentence, want) {
					t.Errorf("sentence %q lacks %q", sentence, want)
				}
			}
			if !strings.Contains(html.UnescapeString(page), `<p class="plan-sentence">`+sentence) {
				t.Error("the page lacks the sentence on costs")
			}

			rows := tableRows(planRowElement.FindString(page))
			periods := len(plan.Periods)
			if got, want := len(rows), 1+4*periods; got != want {
				t.Fatalf("staffing table has %d rows, want a heading and one per team and %s (%d)", got, granularity, want)
			}
			if h := strings.Join(rows[0], "|"); h != "team|"+granularity+"|Erlang headcount|planned headcount|change|Erlang cost|planned cost|failure demand (contacts)|carried in (hours)|why" {
				t.Errorf("heading %q", h)
			}
			// Claims in Black Friday's week (its first day, by day).
			row := 1 + 2*periods + 3
			want := []string{"claims", "week 4 23–29 Nov 2026", "42", "44", "+2", "61,152", "64,064", "525", "63.0"}
			if granularity == "day" {
				row = 1 + 2*periods + 21
				want = []string{"claims", "Mon 23 Nov 2026", "42", "44", "+2", "8,736", "9,152", "75.0", "63.0"}
			}
			if got := rows[row][:len(want)]; strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("claims in Black Friday's %s: %q, want %q", granularity, got, want)
			}
			if text := html.UnescapeString(page); !strings.Contains(text, `<td class="added">+2</td>`) || !strings.Contains(text, `<td class="removed">−2</td>`) || !strings.Contains(text, `<td class="unchanged">0</td>`) {
				t.Error("the changes are not marked added, removed and unchanged")
			}

			targets := tableRows(planTargetTable.FindString(page))
			if got, want := len(targets), 1+2+periods; got != want {
				t.Fatalf("targets table has %d rows, want a heading, two season-wide and one per %s (%d)", got, granularity, want)
			}
			if got, want := strings.Join(targets[1], "|"), "phone.service_level >= 0.8|season|86.0% [84.8, 87.2]|passed|85.7% [84.4, 87.0]|passed"; got != want {
				t.Errorf("season-wide service level: %q, want %q", got, want)
			}
			m := res.Scenarios[0].Metric("cases.resolution.p90")
			mean, ci := meanWithCI(m)
			if got := strings.Join(targets[len(targets)-1][:3], "|"); got != "cases.resolution.p90 <= 144h|season|"+strings.TrimSpace(mean+" "+ci) {
				t.Errorf("season-wide resolution: %q, want the run's %s %s", got, mean, ci)
			}
			failed := 0
			for _, r := range targets[1:] {
				if r[5] == "failed" {
					failed++
				}
			}
			if failed == 0 {
				t.Error("no target shows as failed in the confirmation run")
			}

			if got := len(p.Plan.Charts); got != 4 {
				t.Fatalf("%d plan charts, want one per team", got)
			}
			for i, c := range p.Plan.Charts {
				if want := fmt.Sprintf("chart%02d", i+1); c.ID != want {
					t.Errorf("plan chart %d is %s, want %s: the plan's charts come first", i, c.ID, want)
				}
				script := string(c.Script)
				for _, want := range []string{`"Headcount by ` + granularity + `: ` + planTeams[i].name + `"`, `"name":"agents"`,
					`"plan found"`, `"Erlang plan"`, `"type":"dashed"`} {
					if !strings.Contains(script, want) {
						t.Errorf("plan chart %d lacks %s", i, want)
					}
				}
			}
			if !strings.Contains(string(p.Plan.Charts[0].Script), `"23–29 Nov"`) && granularity == "week" {
				t.Error("the weeks are not the x axis")
			}
			if i := strings.Index(page, `id="chart01"`); i < 0 || i > strings.Index(page, `id="summary"`) {
				t.Error("the plan's charts are not in its section, above the key figures")
			}
		})
	}
}

// TestSeasonPlanHostileTeamStaysText names a planned team and a target
// with markup: they show as text in the tables, and no chart script
// carries them as code.
func TestSeasonPlanHostileTeamStaysText(t *testing.T) {
	res := withSeasonPlan(t, season(t), "week")
	for i := range res.Plan.Teams {
		if res.Plan.Teams[i].Team == "claims" {
			res.Plan.Teams[i].Team = hostileNames[0]
		}
		if res.Plan.Teams[i].Team == "callback" {
			res.Plan.Teams[i].Team = hostileNames[1]
		}
	}
	res.Plan.Met[0].Target = hostileNames[3]
	page := withoutECharts(t, renderHTML(t, res))
	checkScriptsAreOurs(t, page, res)
	if !strings.Contains(page, "<strong>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</strong>") {
		t.Error("the hostile team's name is not shown as text in the staffing table")
	}
	if !strings.Contains(page, "<code>&lt;b onmouseover=alert(4)&gt;x&lt;/b&gt; &amp; &#34;quotes&#34; &#39;too&#39;</code>") {
		t.Error("the hostile target is not shown as text in the targets table")
	}
	p, err := buildPage(res)
	if err != nil {
		t.Fatal(err)
	}
	if title := "Headcount by week: " + safeLabel(hostileNames[0]); !strings.Contains(string(p.Plan.Charts[2].Script), title) {
		t.Errorf("the chart of the hostile team is not titled %q", title)
	}
}

// TestSeasonPlanInBrowser opens the report of a season plan, with a
// hostile team name, in headless Chromium: every chart drawn, the plan's
// first, no error, the name shown as written. With PEAKSIM_PLAN_SCREENSHOT
// naming a file, it saves the staffing plan's section there.
func TestSeasonPlanInBrowser(t *testing.T) {
	for _, granularity := range []string{"week", "day"} {
		t.Run(granularity, func(t *testing.T) {
			res := withSeasonPlan(t, season(t), granularity)
			if granularity == "day" {
				for i := range res.Plan.Teams {
					if res.Plan.Teams[i].Team == "callback" {
						res.Plan.Teams[i].Team = hostileNames[0]
					}
				}
			}
			dir := t.TempDir()
			if err := Write(filepath.Join(dir, "out"), res, false); err != nil {
				t.Fatal(err)
			}
			shot := ""
			if granularity == "week" {
				shot = os.Getenv("PEAKSIM_PLAN_SCREENSHOT")
			}
			got := openInBrowserShot(t, filepath.Join(dir, "out", IndexFile), shot, "#staffing-plan")
			checkRendered(t, got, res)
			for _, want := range []string{"Staffing plan", "Targets at the plan", planSentence(res.Plan, currencyOf(res))} {
				if !strings.Contains(got.Text, want) {
					t.Errorf("the page does not read %q", want)
				}
			}
			if granularity == "day" && !strings.Contains(got.Text, hostileNames[0]) {
				t.Error("the hostile team's name is not shown as text")
			}
			t.Logf("%d charts, %d drawn, in %v", got.Charts, got.Rendered, got.Drawn)
		})
	}
}

func TestPlanPeriodLabels(t *testing.T) {
	for _, c := range []struct {
		name                 string
		period               PlanPeriod
		dates, axis, itsName string
	}{
		{"week", PlanPeriod{"week 1", "2026-11-02", "2026-11-08"}, "2–8 Nov 2026", "2–8 Nov", "week 1"},
		{"week across months", PlanPeriod{"week 5", "2026-11-30", "2026-12-06"}, "30 Nov – 6 Dec 2026", "30 Nov–6 Dec", "week 5"},
		{"week across years", PlanPeriod{"week 9", "2026-12-28", "2027-01-03"}, "28 Dec 2026 – 3 Jan 2027", "28 Dec–3 Jan", "week 9"},
		{"day named by its date", PlanPeriod{"2026-11-27", "2026-11-27", "2026-11-27"}, "Fri 27 Nov 2026", "Fri 27 Nov", ""},
		{"no dates", PlanPeriod{Name: "<peak>"}, "", "‹peak›", "<peak>"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.period.dates(); got != c.dates {
				t.Errorf("dates %q, want %q", got, c.dates)
			}
			if got := c.period.axisLabel(); got != c.axis {
				t.Errorf("axis label %q, want %q", got, c.axis)
			}
			if got := c.period.name(); got != c.itsName {
				t.Errorf("name %q, want %q", got, c.itsName)
			}
		})
	}
}

func TestPlanSentenceSaysWhichWay(t *testing.T) {
	for _, c := range []struct {
		name                     string
		erlang, planned, backlog float64
		seed                     uint64
		want                     string
	}{
		{"more, for backlogs", 1000, 1100, 60, 5, "The planned teams cost 1,100 over the season with the plan found, 1,000 with the plain Erlang plan: 100 more (+10.0%), of which 60 pays for agents added to meet the targets on backlogs. The search took 12 simulations; a run of the plan with fresh seeds (seed 5) met every target, and its results are the figures and charts of this page."},
		{"less", 1000, 900, 0, 0, "The planned teams cost 900 over the season with the plan found, 1,000 with the plain Erlang plan: 100 less (−10.0%). The search took 12 simulations."},
		{"less despite backlogs", 1000, 950, 20, 0, "The planned teams cost 950 over the season with the plan found, 1,000 with the plain Erlang plan: 50 less (−5.00%), although agents added to meet the targets on backlogs cost 20. The search took 12 simulations."},
		{"the same", 1000, 1000, 0, 0, "The planned teams cost 1,000 over the season with the plan found, 1,000 with the plain Erlang plan: the same. The search took 12 simulations."},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := planSentence(&Plan{Simulations: 12, ErlangCost: Float(c.erlang), PlannedCost: Float(c.planned), BacklogCost: Float(c.backlog), ConfirmationSeed: c.seed}, "")
			if got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestStationaryPlanInReport: a plan without periods keeps its one table
// (which peaksim plan's own test reads), and shows its targets over the
// whole run when the planner gives them.
func TestStationaryPlanInReport(t *testing.T) {
	est := Estimate{Name: "phone.service_level", Unit: "share", Mean: 0.88, CI95: [2]Float{0.87, 0.89}, N: 10}
	res := &Results{SchemaVersion: SchemaVersion, Scenarios: []Scenario{{Name: "one-queue", Replications: 10}},
		Plan: &Plan{Targets: []string{"phone.service_level >= 0.8"}, Simulations: 3,
			Teams:     []PlanRow{{Team: "agents", Erlang: 8, Planned: 8, CostPerHour: 20, Why: "as Erlang C"}},
			Met:       []PlanTarget{{Target: "phone.service_level >= 0.8", Estimate: est, Passed: true}},
			Confirmed: []PlanTarget{{Target: "phone.service_level >= 0.8", Estimate: est, Passed: true}}}}
	page := renderHTML(t, res)
	rows := tableRows(planRowElement.FindString(page))
	if got := fmt.Sprint(rows); got != "[[team Erlang C headcount planned headcount cost per agent-hour why] [agents 8 8 20 as Erlang C]]" {
		t.Errorf("staffing table %s", got)
	}
	targets := tableRows(planTargetTable.FindString(page))
	if len(targets) != 2 || strings.Join(targets[1], "|") != "phone.service_level >= 0.8|whole run|88.0% [87.0, 89.0]|passed|88.0% [87.0, 89.0]|passed" {
		t.Errorf("targets table %q", targets)
	}
	if strings.Contains(page, `<p class="plan-sentence">`) || strings.Contains(page, `<div class="plan-charts">`) {
		t.Error("a stationary plan has a season's sentence or charts")
	}
}

// TestPlanAmountsInTheCurrency: a plan's sentences write their amounts in
// the run's currency, as the rest of the report does.
func TestPlanAmountsInTheCurrency(t *testing.T) {
	plan := &Plan{Simulations: 3, ErlangCost: 1000, PlannedCost: 900}
	for currency, want := range map[string]string{"GBP": "cost £900 over the season", "CHF": "cost 900 CHF over the season", "": "cost 900 over the season"} {
		if got := planSentence(plan, currency); !strings.Contains(got, want) {
			t.Errorf("%q: %q lacks %q", currency, got, want)
		}
	}
}

// TestHiringPlanShowsOvertime: a hiring plan's planned overtime is in its
// sentence (hours per agent, team and weeks, and its cost among the
// components), in its weeks table and in hiring.csv, a row per week of
// overtime after the classes.
func TestHiringPlanShowsOvertime(t *testing.T) {
	plan := &Plan{
		Targets: []string{"phone.service_level >= 0.8"}, Granularity: "week",
		Periods: []PlanPeriod{{Name: "2026-W48", From: "2026-11-23", To: "2026-11-29"}, {Name: "2026-W49", From: "2026-11-30", To: "2026-12-06"},
			{Name: "2026-W50", From: "2026-12-07", To: "2026-12-13"}},
		Hiring: &HiringPlan{
			Cases: []HiringCase{{Name: "expected", Weight: 0.8, Orders: 1}, {Name: "lossy", Weight: 0.2, Orders: 1.2, Set: []string{"exceptions.lost.probability=0.01"}}},
			In:    "every case", Sizing: "expected",
			Classes: []HiringClass{{Team: "phone", Name: "phone-1", TrainingStart: "2026-11-09", OnPhones: "2026-11-23", Size: 12}},
			Weeks: []HiringWeek{
				{Team: "phone", Period: "2026-W48", Required: 30, Agents: 32, Effective: 30},
				{Team: "phone", Period: "2026-W49", Required: 36, Agents: 32, Effective: 31, Overtime: 4, ExtraHours: 128},
				{Team: "phone", Period: "2026-W50", Required: 36, Agents: 32, Effective: 31.5, Overtime: 2, ExtraHours: 64},
				{Team: "email", Period: "2026-W49", Required: 10, Agents: 10, Effective: 10, Overtime: 1, ExtraHours: 10},
			},
			AgentCost: 40000, TrainingCost: 6000, OvertimeCost: 8778, TotalCost: 54778, ErlangTotal: 60000, WithoutOvertimeTotal: 58000,
		},
	}
	sentence := hiringSentence(plan, "GBP")
	for _, want := range []string{
		"£5,222 less (−8.70%) than the Erlang plan of the expected case hired the same way, and £3,222 less (−5.56%) than the plan found without overtime.",
		"Hire 12 agents for phone, starting training on 9 Nov 2026 (on the phones on 23 Nov 2026); and plan overtime of 4 hours per agent for phone in the week of 30 Nov 2026, 2 hours in the week of 7 Dec 2026; 1 hour per agent for email in the week of 30 Nov 2026.",
		"(agents £40,000, training £6,000, overtime £8,778)",
		"The targets must hold in every case of expected (orders ×1), lossy (orders ×1.2, exceptions.lost.probability=0.01)",
	} {
		if !strings.Contains(sentence, want) {
			t.Errorf("the sentence lacks %q:\n%s", want, sentence)
		}
	}
	rows := hiringRows(plan)
	if rows[0].Overtime != "" || rows[1].Overtime != "4" || rows[1].ExtraHours != "128" {
		t.Errorf("weeks table: %+v, %+v; want no overtime, then 4 hours and 128 extra hours", rows[0], rows[1])
	}
	csv, err := hiringCSV(&Results{Plan: plan})
	if err != nil {
		t.Fatal(err)
	}
	want := "class,team,training_start,on_phones,agents,week,overtime_per_agent,extra_hours\n" +
		"phone-1,phone,2026-11-09,2026-11-23,12,,,\n" +
		",phone,,,,2026-W49,4,128\n,phone,,,,2026-W50,2,64\n,email,,,,2026-W49,1,10\n"
	if string(csv) != want {
		t.Errorf("hiring.csv:\n%s\nwant\n%s", csv, want)
	}
	noOvertime := *plan.Hiring
	noOvertime.Weeks, noOvertime.OvertimeCost, noOvertime.TotalCost, noOvertime.WithoutOvertimeTotal = noOvertime.Weeks[:1], 0, 46000, 46000
	if s := hiringSentence(&Plan{Periods: plan.Periods, Hiring: &noOvertime}, "GBP"); !strings.Contains(s, "hired the same way; overtime would not make it cheaper.") {
		t.Errorf("overtime allowed, none planned: %s", s)
	}
	plan.Hiring.Classes, plan.Hiring.Weeks = nil, plan.Hiring.Weeks[3:]
	if s := hiringSentence(plan, "GBP"); !strings.HasPrefix(s, "Hire no one: the permanent staff meet the targets with overtime of 1 hour per agent for email in the week of 30 Nov 2026.") {
		t.Errorf("no classes, overtime: %s", s)
	}
}

// TestConfirmationWithinTheNoiseIsSaidSo: a confirmation run whose
// judgement passes only because its interval reaches the limit (the mean
// short of it) has not shown the target met: the sentence says how many
// such judgements there are, and the targets table marks them, apart from
// those met and those missed.
func TestConfirmationWithinTheNoiseIsSaidSo(t *testing.T) {
	judged := func(mean, lo, hi float64, passed, unsure bool) PlanTarget {
		return PlanTarget{Target: "phone.service_level >= 0.8", Estimate: Estimate{Name: "phone.service_level", Unit: "share", Mean: Float(mean), CI95: [2]Float{Float(lo), Float(hi)}, N: 5},
			Passed: passed, WithinNoise: unsure}
	}
	met, short := judged(0.83, 0.82, 0.84, true, false), judged(0.79, 0.77, 0.82, true, true)
	plan := &Plan{Simulations: 11, ErlangCost: 1000, PlannedCost: 900, ConfirmationSeed: 7, Confirmed: []PlanTarget{met, short}}
	if got, want := planSentence(plan, ""), "a run of the plan with fresh seeds (seed 7) missed no target beyond doubt, but 1 judgement only within the noise: its mean misses the limit, its 95% interval reaches it"; !strings.Contains(got, want) {
		t.Errorf("sentence %q lacks %q", got, want)
	}
	plan.Confirmed = append(plan.Confirmed, short)
	if got, want := planSentence(plan, ""), "but 2 judgements only within the noise: their means miss the limit"; !strings.Contains(got, want) {
		t.Errorf("sentence %q lacks %q", got, want)
	}
	plan.Confirmed = []PlanTarget{met, short, judged(0.7, 0.68, 0.72, false, false)}
	if got, want := planSentence(plan, ""), "(seed 7) missed 1 of the targets' judgements (see below)"; !strings.Contains(got, want) {
		t.Errorf("sentence %q lacks %q", got, want)
	}
	res := &Results{SchemaVersion: SchemaVersion, Scenarios: []Scenario{{Name: "one-queue", Replications: 5}},
		Plan: &Plan{Targets: []string{"phone.service_level >= 0.8"}, Simulations: 3,
			Teams: []PlanRow{{Team: "agents", Erlang: 8, Planned: 7, CostPerHour: 20, Why: "fewer"}},
			Met:   []PlanTarget{met}, Confirmed: []PlanTarget{short}}}
	targets := tableRows(planTargetTable.FindString(renderHTML(t, res)))
	if len(targets) != 2 || strings.Join(targets[1], "|") != "phone.service_level >= 0.8|whole run|83.0% [82.0, 84.0]|passed|79.0% [77.0, 82.0]|within noise" {
		t.Errorf("targets table %q", targets)
	}
}
