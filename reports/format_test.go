package reports

import (
	"math"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/sim/stats"
)

func TestDisplayPicksTheUnitAPersonWould(t *testing.T) {
	cases := []struct {
		v    float64
		unit string
		want string
	}{
		{0.000227, "hours", "0.817 s"},
		{0.25, "hours", "15.0 min"},
		{15.1, "hours", "15.1 h"},
		{123.1, "hours", "5.13 days"},
		{0.7801, "share", "78.0%"},
		{1938456, "currency", "1,938,456"},
		{1938456, "GBP", "£1,938,456"},
		{-116480, "EUR", "-€116,480"},
		{1200, "CHF", "1,200 CHF"},
		{12179.4, "customers", "12,179 customers"},
		{1.5432, "contacts", "1.54 contacts"},
		{0.0123, "points", "0.0123 points"},
		{0, "cases", "0 cases"},
		{math.NaN(), "hours", "–"},
	}
	for _, c := range cases {
		if got := display(c.v, c.unit); got != c.want {
			t.Errorf("display(%v, %q) = %q, want %q", c.v, c.unit, got, c.want)
		}
	}
	if got := number(-1234567.8); got != "-1,234,568" {
		t.Errorf("number(-1234567.8) = %q", got)
	}
}

func TestDifferencesAreSaidInWords(t *testing.T) {
	shorter := comparison{Summary: stats.Summary{Mean: -7.6, Lo95: -11.8, Hi95: -3.4}}
	if got, want := shorter.describe("hours"), "7.60 h shorter [3.40, 11.8]"; got != want {
		t.Errorf("describe = %q, want %q", got, want)
	}
	if got := shorter.verdict(figure{metric: "cases.resolution.p90", judged: true}, ""); got != "better" {
		t.Errorf("a shorter resolution is %q", got)
	}
	crossing := comparison{Summary: stats.Summary{Mean: 0.004, Lo95: -0.001, Hi95: 0.009}}
	if got, want := crossing.describe("share"), "0.400 pp higher [−0.100, 0.900]"; got != want {
		t.Errorf("describe = %q, want %q", got, want)
	}
	if got := crossing.verdict(figure{metric: "phone.service_level", judged: true}, ""); got != "no significant difference" {
		t.Errorf("an interval across zero is %q", got)
	}
	dearer := comparison{Summary: stats.Summary{Mean: 116480, Lo95: 90000, Hi95: 140000}}
	if got, want := dearer.describe("GBP"), "£116,480 higher [90,000, 140,000]"; got != want {
		t.Errorf("describe = %q, want %q", got, want)
	}
	for unit, want := range map[string]string{"GBP": "cost (£)", "CHF": "cost (CHF)", "currency": "cost"} {
		if got := costAxis(unit); got != want {
			t.Errorf("costAxis(%q) = %q, want %q", unit, got, want)
		}
	}
	if got := (comparison{Summary: stats.Summary{Mean: 5, Lo95: 2, Hi95: 8}}).verdict(figure{metric: "parcels.reships", judged: true}, ""); got != "higher" {
		t.Errorf("a figure with no direction is %q", got)
	}
}

func TestSafeLabelLeavesNoMarkupOrFunctionMarker(t *testing.T) {
	for _, name := range append(hostileNames, "a__f__f__b", "line\nbreak\u2028") {
		got := safeLabel(name)
		if strings.ContainsAny(got, "<>&\"'`\\\n\u2028") || strings.Contains(got, "__f__") {
			t.Errorf("safeLabel(%q) = %q", name, got)
		}
	}
	if got := safeLabel("phone-agents 2 (temp)"); got != "phone-agents 2 (temp)" {
		t.Errorf("an ordinary name changed: %q", got)
	}
}

func TestCSVFiles(t *testing.T) {
	res := season(t)
	res.Scenarios[1].Name = "=HYPERLINK(1)"
	daily, err := seriesCSV(res, 24)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(daily)), "\n")
	if lines[0] != "scenario,series,unit,date,mean,lo95,hi95" {
		t.Fatalf("daily header %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "christmas,orders.placed,orders,2026-11-02,") {
		t.Errorf("first daily row %q", lines[1])
	}
	if !strings.Contains(string(daily), "\n'=HYPERLINK(1),") {
		t.Error("a formula-like name is not defused")
	}
	hourly, err := seriesCSV(res, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(hourly), "christmas,backlog.open_cases,cases,2026-11-02T13:00,") {
		t.Error("hourly rows lack their local time")
	}
	metrics, err := metricsCSV(res)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(metrics), "\n"); n != 1+len(res.Scenarios[0].Metrics)+len(res.Scenarios[1].Metrics) {
		t.Errorf("metrics.csv has %d lines", n)
	}
}

// TestSeasonTailIsTheLastResolutionP90: the days shaded at a season's end
// are those within the 90th percentile of resolution time of it.
func TestSeasonTailIsTheLastResolutionP90(t *testing.T) {
	withP90 := func(hours float64) *Scenario {
		return &Scenario{Metrics: []Metric{{Estimate: Estimate{Name: "cases.resolution.p90", Unit: "hours", Mean: Float(hours)}}}}
	}
	for _, c := range []struct {
		sc   *Scenario
		days int
		want int
	}{
		{withP90(6.5 * 24), 77, 7},
		{withP90(24), 77, 1},
		{withP90(400 * 24), 77, 77},
		{withP90(math.NaN()), 77, 0},
		{&Scenario{}, 77, 0},
	} {
		if got := seasonTail(c.sc, c.days); got != c.want {
			t.Errorf("seasonTail(%v, %d) = %d, want %d", c.sc.Metrics, c.days, got, c.want)
		}
	}
}
