package reports

import (
	"maps"
	"math"
	"strings"
	"testing"
)

// baselineOf is a complete saved run of scenarios, read from base.json.
func baselineOf(scs ...Scenario) *Baseline {
	return &Baseline{File: "base.json", Results: &Results{SchemaVersion: SchemaVersion, Complete: true, Scenarios: scs}}
}

func TestMatchPairsByNameVariantAndFile(t *testing.T) {
	a3, a4 := queueRun(t, "a/x.yaml", "three", 3, 1, 3), queueRun(t, "a/x.yaml", "four", 4, 1, 3)
	b3 := queueRun(t, "b/x.yaml", "three", 3, 2, 3) // another file of the same name
	base := baselineOf(a3, a4, b3)
	got, err := base.Match([]Scenario{b3, a4, a3})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []*Scenario{&base.Results.Scenarios[2], &base.Results.Scenarios[1], &base.Results.Scenarios[0]} {
		if got[i] != want {
			t.Errorf("scenario %d: matched %s %s, want %s %s", i, got[i].Source, got[i].Variant, want.Source, want.Variant)
		}
	}
	// A file moved since the baseline is found by its file's name.
	moved := a3
	moved.Source = "elsewhere/x.yaml"
	if got, err := baselineOf(a3, b3).Match([]Scenario{moved}); err == nil {
		t.Errorf("two candidates of one file name matched %s", got[0].Source)
	}
	if got, err := baselineOf(a3).Match([]Scenario{moved}); err != nil || got[0].Source != "a/x.yaml" {
		t.Errorf("the only scenario of its name and variant: %v", err)
	}
}

func TestMatchRefusesWhatItCannotJudge(t *testing.T) {
	run := queueRun(t, "x.yaml", "", 3, 1, 3)
	with := func(edit func(sc *Scenario)) Scenario {
		sc := queueRun(t, "x.yaml", "", 3, 1, 3)
		edit(&sc)
		return sc
	}
	metric := func(sc *Scenario, name string) *Metric {
		m := sc.Metric(name)
		if m == nil {
			t.Fatalf("no metric %s", name)
		}
		return m
	}
	nan := Float(math.NaN())
	cases := []struct {
		name string
		base *Baseline
		run  []Scenario
		want []string
	}{
		{"renamed", baselineOf(with(func(sc *Scenario) { sc.Name = "old" })), []Scenario{run},
			[]string{`baseline base.json has no scenario "q" (of x.yaml)`, `baseline base.json holds "old" (of x.yaml)`}},
		{"another variant", baselineOf(with(func(sc *Scenario) { sc.Variant = "as-is" })), []Scenario{run},
			[]string{`has no scenario "q" (of x.yaml)`, `holds "q" variant "as-is" (of x.yaml)`}},
		{"a missing variant", baselineOf(run), []Scenario{run, with(func(sc *Scenario) { sc.Name, sc.Variant = "q", "more" })},
			[]string{`has no scenario "q" variant "more" (of x.yaml)`}},
		{"interrupted", &Baseline{File: "base.json", Results: &Results{Scenarios: []Scenario{run}}}, []Scenario{run},
			[]string{"baseline base.json is from an interrupted run"}},
		{"empty", baselineOf(), []Scenario{run}, []string{"baseline base.json holds no scenarios"}},
		{"a figure missing", baselineOf(with(func(sc *Scenario) { sc.Metrics = sc.Metrics[1:] })), []Scenario{with(func(sc *Scenario) { sc.Metrics = sc.Metrics[1:] })},
			nil}, // not a key figure: fine
		{"a key figure missing", baselineOf(with(func(sc *Scenario) { metric(sc, "phone.backlog_age.mean").Name = "phone.backlog_aeg.mean" })), []Scenario{run},
			[]string{`baseline base.json, scenario "q": no figure phone.backlog_age.mean, which the run reports`}},
		{"a key figure the run lacks", baselineOf(run), []Scenario{with(func(sc *Scenario) { metric(sc, "phone.backlog_age.mean").Name = "phone.backlog_aeg.mean" })},
			[]string{`baseline base.json, scenario "q": the run reports no phone.backlog_age.mean, which the baseline holds`}},
		{"absurd mean", baselineOf(with(func(sc *Scenario) { metric(sc, "phone.backlog_age.mean").Mean = 1e308 })), []Scenario{run},
			[]string{`baseline base.json, scenario "q": phone.backlog_age.mean: the mean is 1e+308, which no run measures: a figure in hours is at least 0 and below 1e300`}},
		{"negative mean", baselineOf(with(func(sc *Scenario) { metric(sc, "phone.backlog_age.mean").Mean = -1 })), []Scenario{run},
			[]string{"phone.backlog_age.mean: the mean is -1, which no run measures"}},
		{"share over one", baselineOf(with(func(sc *Scenario) { metric(sc, "phone.service_level").Mean = 1.2 })), []Scenario{run},
			[]string{"phone.service_level: the mean is 1.2, which no run measures: a share is from 0 to 1"}},
		{"empty mean", baselineOf(with(func(sc *Scenario) { metric(sc, "phone.backlog_age.mean").Mean = nan })), []Scenario{run},
			[]string{"phone.backlog_age.mean: the mean is empty (null), but 3 replications have a value"}},
		{"mean unlike its values", baselineOf(with(func(sc *Scenario) { metric(sc, "phone.backlog_age.mean").Mean = 0 })), []Scenario{run},
			[]string{"phone.backlog_age.mean: the mean is 0, outside its replications' values"}},
		{"no values", baselineOf(with(func(sc *Scenario) { metric(sc, "phone.backlog_age.mean").Values = nil })), []Scenario{run},
			[]string{"phone.backlog_age.mean: 0 values for 3 replications"}},
		{"an absurd value", baselineOf(with(func(sc *Scenario) { metric(sc, "phone.backlog_age.mean").Values[1] = 1e308 })), []Scenario{run},
			[]string{"phone.backlog_age.mean: values[1] is 1e+308, which no run measures"}},
		{"an absurd denominator", baselineOf(with(func(sc *Scenario) { metric(sc, "phone.service_level").Den[0] = nan })), []Scenario{run},
			[]string{"phone.service_level: den[0] is NaN, which no run counts"}},
		{"n unlike the values", baselineOf(with(func(sc *Scenario) { metric(sc, "phone.backlog_age.mean").N = 7 })), []Scenario{run},
			[]string{"phone.backlog_age.mean: n is 7, but 3 replications have a value"}},
		{"undefined in the baseline alone", baselineOf(with(func(sc *Scenario) {
			m := metric(sc, "phone.backlog_age.mean")
			m.Mean, m.N, m.Values = nan, 0, []Float{nan, nan, nan}
		})), []Scenario{run},
			[]string{"phone.backlog_age.mean is undefined in the baseline (in every replication of it), so it cannot judge the run's"}},
		{"no replications", baselineOf(with(func(sc *Scenario) { sc.Replications = 0 })), []Scenario{run},
			[]string{`scenario "q": has 0 replications`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.base.Match(c.run)
			if c.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted; want %q", c.want)
			}
			for _, want := range c.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("got\n%v\nwant %s", err, want)
				}
			}
		})
	}
}

// TestMatchBeforeTheRun matches the names and metrics a run will have
// before it ran: an undefined figure of the baseline waits for the run.
func TestMatchBeforeTheRun(t *testing.T) {
	run := queueRun(t, "x.yaml", "", 3, 1, 3)
	planned := Scenario{Name: run.Name, Source: run.Source}
	for _, m := range run.Metrics {
		planned.Metrics = append(planned.Metrics, Metric{Estimate: Estimate{Name: m.Name, Unit: m.Unit, Mean: Float(math.NaN())}})
	}
	base := queueRun(t, "x.yaml", "", 3, 1, 3)
	m := base.Metric("phone.backlog_age.mean")
	m.Mean, m.N, m.Values = Float(math.NaN()), 0, []Float{Float(math.NaN()), Float(math.NaN()), Float(math.NaN())}
	if _, err := baselineOf(base).Match([]Scenario{planned}); err != nil {
		t.Errorf("before the run: %v", err)
	}
	if _, err := baselineOf(base).Match([]Scenario{run}); err == nil {
		t.Errorf("after the run, a figure the baseline leaves undefined and the run measures was accepted")
	}
	renamed := planned
	renamed.Name = "other"
	if _, err := baselineOf(base).Match([]Scenario{renamed}); err == nil || !strings.Contains(err.Error(), `no scenario "other"`) {
		t.Errorf("before the run, a renamed scenario: %v", err)
	}
}

func TestCompareBaselineNeverPassesWhatItCannotCompare(t *testing.T) {
	base, cur := queueRun(t, "x.yaml", "", 3, 1, 5), queueRun(t, "x.yaml", "", 3, 1, 5)
	nan := Float(math.NaN())
	undefined := func(sc *Scenario, name string) {
		m := sc.Metric(name)
		m.Mean, m.N = nan, 0
		for i := range m.Values {
			m.Values[i] = nan
		}
	}
	verdict := func(checks []Check, label string) *Check {
		for i := range checks {
			if checks[i].Name == "baseline: "+label {
				return &checks[i]
			}
		}
		t.Fatalf("no check of %s among %d", label, len(checks))
		return nil
	}
	checks := CompareBaseline(&base, &cur, 0.05)
	if len(checks) != 3 {
		t.Fatalf("%d checks, want service level, abandonment and mean time in queue", len(checks))
	}
	for _, c := range checks {
		if !c.Passed {
			t.Errorf("a run against itself: %s failed: %s", c.Name, c.Why)
		}
	}
	undefined(&cur, "phone.backlog_age.mean")
	if c := verdict(CompareBaseline(&base, &cur, 0.05), "phone: mean time in queue"); c.Passed {
		t.Errorf("a figure undefined in the run passed: %s", c.Why)
	}
	undefined(&base, "phone.backlog_age.mean")
	if c := verdict(CompareBaseline(&base, &cur, 0.05), "phone: mean time in queue"); !c.Passed || !strings.Contains(c.Why, "undefined in the baseline and in this run") {
		t.Errorf("a figure undefined in both: passed %v, %s", c.Passed, c.Why)
	}
	// Abandonment from none to some is compared, whichever run has it.
	none := queueRun(t, "x.yaml", "", 3, 1, 5)
	none.Metric("phone.abandon_rate").Mean = 0
	verdict(CompareBaseline(&none, &cur, 0.05), "phone: abandoned")
}

func TestJUnitRefusesNoChecks(t *testing.T) {
	if data, err := JUnit(nil); err == nil {
		t.Fatalf("wrote a JUnit file of no tests:\n%s", data)
	}
}

// TestTheGateCannotPassAFigurePerCaseOverOtherCases: a run that opens
// 12% more cases, easy ones, lowers the mean effort per case while the
// cases both runs have may fare worse; the gate fails what it cannot
// judge and says why, and still judges a fall no extra cases at zero
// could make, and every figure when the cases are the same.
func TestTheGateCannotPassAFigurePerCaseOverOtherCases(t *testing.T) {
	baseValues := map[string][]float64{
		"cases.opened": {1000, 1010, 1020}, "effort.index.mean": {2, 2.2, 2.1}, "cases.resolution.p90": {100, 110, 120},
		"agents.cost": {1000, 1000, 1000},
	}
	run := func(opened []float64, effortFall float64) *Scenario {
		m := maps.Clone(baseValues)
		m["cases.opened"] = opened
		m["effort.index.mean"] = []float64{2 - effortFall, 2.2 - effortFall, 2.1 - effortFall}
		sc := scenarioOf("season", m)
		return &sc
	}
	base := scenarioOf("season", baseValues)
	more, same := []float64{1120, 1131, 1143}, []float64{1003, 1013, 1023}
	check := func(checks []Check, label string) Check {
		for _, c := range checks {
			if c.Name == "baseline: "+label {
				return c
			}
		}
		t.Fatalf("no check of %s among %v", label, checks)
		return Check{}
	}
	for _, c := range []struct {
		name             string
		cur              *Scenario
		effort, p90, pay bool // passed
		why              string
	}{
		{"12% more cases, effort a little lower", run(more, 0.1), false, false, true,
			"cannot judge: the run opens 121 cases more than the baseline (+12.0%), so this figure per case compares different cases"},
		{"12% more cases, effort lower than they explain", run(more, 0.5), true, false, true, "no significant worsening"},
		{"12% fewer cases, effort lower", run([]float64{880, 889, 897}, 0.3), false, false, true, "121 cases fewer than the baseline (−12.0%)"},
		{"0.3% more cases, effort a little higher", run(same, -0.05), true, true, true, "within the tolerance"},
	} {
		checks := CompareBaseline(&base, c.cur, 0.05)
		effort, p90, pay := check(checks, "Customer effort index per case"), check(checks, "Resolution time, p90"), check(checks, "Agent cost")
		if effort.Passed != c.effort || p90.Passed != c.p90 || pay.Passed != c.pay {
			t.Errorf("%s: passed effort %v, p90 %v, agent cost %v; want %v, %v, %v (%s; %s)", c.name,
				effort.Passed, p90.Passed, pay.Passed, c.effort, c.p90, c.pay, effort.Why, p90.Why)
		}
		if !strings.Contains(effort.Why, c.why) {
			t.Errorf("%s: effort index: %s\nwant it to say %q", c.name, effort.Why, c.why)
		}
	}
}
