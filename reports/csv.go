package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/peaksim/peaksim/sim/stats"
)

// The CSV files of an output folder, for spreadsheets and notebooks: one
// row per value, so that a pivot table or a groupby takes them as they are.
const (
	MetricsCSV = "metrics.csv" // every metric of every scenario, with its intervals
	HourlyCSV  = "hourly.csv"  // the hourly series: backlogs and queues
	DailyCSV   = "daily.csv"   // the daily series: demand, capacity and service by channel
	SweepCSV   = "sweep.csv"   // a sweep's metrics against its parameters
	PlanCSV    = "plan.csv"    // a staffing plan: headcount per team
	HiringCSV  = "hiring.csv"  // a hiring plan: its classes
	// DifferencesCSV holds each variant against its baseline, figure by
	// figure: the report's difference columns, for a spreadsheet.
	DifferencesCSV = "differences.csv"
)

// differencesCSV writes every variant's differences from its baseline:
// the difference with its 95% interval, whether it is paired (common
// random numbers) or Welch's, and the verdict the report gives (better or
// worse for a figure the metric catalogue gives a side, higher or lower
// for any other, "no significant difference" when the interval holds zero). nil
// when no variant has a baseline.
func differencesCSV(res *Results) ([]byte, error) {
	rows := [][]string{{"scenario", "baseline", "metric", "unit", "difference", "lo95", "hi95", "paired", "verdict"}}
	labels := Labels(res.Scenarios)
	for i := range res.Scenarios {
		sc := &res.Scenarios[i]
		if len(sc.Differences) == 0 {
			continue
		}
		base := res.baselineOf(i)
		var mix *composition
		if base != nil {
			mix = compositionOf(base, sc)
		}
		for _, d := range sc.Differences {
			c := comparison{Summary: stats.Summary{Mean: float64(d.Mean), Lo95: float64(d.CI95[0]), Hi95: float64(d.CI95[1])}}
			f, over := figure{metric: d.Name, judged: true}, ""
			if mix != nil {
				if bm := base.Metric(d.Name); bm != nil {
					over = mix.unjudged(f, c, bm).units()
				}
			}
			verdict := c.verdict(f, over)
			if verdict == "" {
				verdict = "no change"
			}
			rows = append(rows, []string{csvText(labels[i]), csvText(sc.Baseline), csvText(d.Name), d.Unit,
				csvFloat(d.Mean), csvFloat(d.CI95[0]), csvFloat(d.CI95[1]), strconv.FormatBool(d.Paired), verdict})
		}
	}
	if len(rows) == 1 {
		return nil, nil
	}
	return encodeCSV(rows)
}

// planCSV writes a staffing plan; nil without one. A season's plan has a
// row per team and period, with the period's dates and costs and what the
// simulation found that the Erlang plan leaves out.
func planCSV(res *Results) ([]byte, error) {
	plan := res.Plan
	if plan == nil {
		return nil, nil
	}
	if len(plan.Periods) == 0 {
		rows := [][]string{{"team", "erlang_headcount", "planned_headcount", "cost_per_hour", "why"}}
		for _, r := range plan.Teams {
			rows = append(rows, []string{csvText(r.Team), strconv.Itoa(r.Erlang), strconv.Itoa(r.Planned), csvFloat(r.CostPerHour), r.Why})
		}
		return encodeCSV(rows)
	}
	rows := [][]string{{"team", "period", "from", "to", "erlang_headcount", "planned_headcount", "cost_per_hour",
		"erlang_cost", "planned_cost", "failure_demand", "carried_in_hours", "why"}}
	for _, r := range plan.Teams {
		period := plan.period(r.Period)
		rows = append(rows, []string{csvText(r.Team), csvText(r.Period), period.From, period.To,
			strconv.Itoa(r.Erlang), strconv.Itoa(r.Planned), csvFloat(r.CostPerHour),
			csvFloat(r.ErlangCost), csvFloat(r.PlannedCost), csvFloat(r.FailureDemand), csvFloat(r.CarriedIn), csvText(r.Why)})
	}
	return encodeCSV(rows)
}

// hiringCSV writes a hiring plan's classes, a row each, then its weeks of
// planned overtime, a row each (the class columns empty: team, week, hours
// per agent and agent-hours); nil without a hiring plan. The weeks'
// headcounts are plan.csv's.
func hiringCSV(res *Results) ([]byte, error) {
	if res.Plan == nil || res.Plan.Hiring == nil {
		return nil, nil
	}
	rows := [][]string{{"class", "team", "training_start", "on_phones", "agents", "week", "overtime_per_agent", "extra_hours"}}
	for _, c := range res.Plan.Hiring.Classes {
		rows = append(rows, []string{csvText(c.Name), csvText(c.Team), c.TrainingStart, c.OnPhones, strconv.Itoa(c.Size), "", "", ""})
	}
	for _, w := range res.Plan.Hiring.Weeks {
		if w.ExtraHours > 0 {
			rows = append(rows, []string{"", csvText(w.Team), "", "", "", csvText(w.Period), csvFloat(w.Overtime), strconv.Itoa(w.ExtraHours)})
		}
	}
	return encodeCSV(rows)
}

// sweepCSV writes every metric at every point of a sweep, a column per
// parameter; nil when the results are not a sweep.
func sweepCSV(res *Results) ([]byte, error) {
	if len(res.Scenarios) == 0 || len(res.Scenarios[0].Point) == 0 {
		return nil, nil
	}
	var header []string
	for _, p := range res.Scenarios[0].Point {
		header = append(header, csvText(p.Key))
	}
	rows := [][]string{append(header, "metric", "unit", "mean", "lo95", "hi95")}
	for _, sc := range res.Scenarios {
		var point []string
		for _, p := range sc.Point {
			point = append(point, csvText(p.Value))
		}
		for _, m := range sc.Metrics {
			rows = append(rows, append(append([]string(nil), point...), csvText(m.Name), m.Unit, csvFloat(m.Mean), csvFloat(m.CI95[0]), csvFloat(m.CI95[1])))
		}
	}
	return encodeCSV(rows)
}

// metricsCSV writes every metric: the summary statistics of the per-case
// measures (resolution time, effort) and of everything else. A scenario is
// named by its Label, so that the variants of a file stay apart.
func metricsCSV(res *Results) ([]byte, error) {
	rows := [][]string{{"scenario", "metric", "unit", "mean", "lo95", "hi95", "lo99", "hi99", "stddev", "n"}}
	labels := Labels(res.Scenarios)
	for i, sc := range res.Scenarios {
		for _, m := range sc.Metrics {
			rows = append(rows, []string{csvText(labels[i]), csvText(m.Name), m.Unit, csvFloat(m.Mean), csvFloat(m.CI95[0]), csvFloat(m.CI95[1]),
				csvFloat(m.CI99[0]), csvFloat(m.CI99[1]), csvFloat(m.StdDev), strconv.Itoa(m.N)})
		}
	}
	return encodeCSV(rows)
}

// seriesCSV writes the series with the given step, each point with its
// local time (hourly) or date (daily).
func seriesCSV(res *Results, step int) ([]byte, error) {
	when := "local_time"
	if step == 24 {
		when = "date"
	}
	rows := [][]string{{"scenario", "series", "unit", when, "mean", "lo95", "hi95"}}
	labels := Labels(res.Scenarios)
	for j, sc := range res.Scenarios {
		start := seasonStart(sc.Calendar)
		for _, s := range sc.Series {
			if s.StepHours != step {
				continue
			}
			for i := range s.Mean {
				rows = append(rows, []string{csvText(labels[j]), csvText(s.Name), s.Unit, pointTime(start, i*step, step),
					csvFloat(s.Mean[i]), csvFloat(s.Lo95[i]), csvFloat(s.Hi95[i])})
			}
		}
	}
	return encodeCSV(rows)
}

func seasonStart(cal *Calendar) time.Time {
	if cal == nil {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, cal.Start)
	if err != nil {
		return time.Time{}
	}
	return t
}

// pointTime names the start of a point: the local date and time of a
// season, or the hour from the start without one.
func pointTime(start time.Time, hour, step int) string {
	if start.IsZero() {
		return strconv.Itoa(hour)
	}
	// Hours are local wall-clock time, so the date arithmetic is done on a
	// zone-less clock.
	t := start.AddDate(0, 0, hour/24).Add(time.Duration(hour%24) * time.Hour)
	if step == 24 {
		return t.Format(time.DateOnly)
	}
	return t.Format("2006-01-02T15:04")
}

// csvText keeps a name from a scenario file from being taken for a formula
// by a spreadsheet (CSV injection): one that starts like a formula gets a
// leading apostrophe, as OWASP advises.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func csvFloat(f Float) string {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	// Plain decimals, never 1.474395e+06: every spreadsheet's locale reads
	// them, and the shortest form still gives back the float exactly.
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func encodeCSV(rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("writing CSV: %w", err)
	}
	return buf.Bytes(), nil
}
