package sim

import (
	"math"
	"strconv"
	"strings"

	"github.com/peaksim/peaksim/sim/stats"
)

// PeriodForm returns how the metric named name is measured over days
// first to last (both included) of one season replication: from the
// replication's daily counts, with the same numerator and denominator as
// the season-wide figure (ChannelMetrics), so that a week's service level
// is the week's calls answered in target over the week's calls offered.
// The function returns NaN where the period has nothing to measure (no
// call offered). PeriodForm returns nil for a metric with no such form:
// a figure of cases, which span periods, or of a run without days.
// Backlog ages need the model's DailyAges.
//
// It is the one place a metric is cut by period: the staffing planner
// judges its targets week by week with it.
func PeriodForm(m *Model, name string) func(r *RepResult, first, last int) float64 {
	for ti := range m.Teams {
		if name == TeamMetricName(m.Teams[ti].Name, "occupancy") {
			return func(r *RepResult, first, last int) float64 {
				t := &r.Teams[ti]
				return stats.Sum(t.DailyBusy[first:last+1]) / stats.Sum(t.DailyOnDuty[first:last+1])
			}
		}
	}
	for ci := range m.Channels {
		if key, ok := strings.CutPrefix(name, ChannelMetricName(m.Channels[ci].Name, "")); ok {
			return channelPeriodForm(ci, key)
		}
	}
	return nil
}

// channelPeriodForm is PeriodForm for channel ci's metric key.
func channelPeriodForm(ci int, key string) func(r *RepResult, first, last int) float64 {
	days := func(r *RepResult, first, last int) []DayStats {
		d := r.Channels[ci].Daily
		return d[min(first, len(d)):min(last+1, len(d))]
	}
	share := func(num, den func(*DayStats) float64) func(r *RepResult, first, last int) float64 {
		return func(r *RepResult, first, last int) float64 {
			n, d := 0.0, 0.0
			ds := days(r, first, last)
			for i := range ds {
				n += num(&ds[i])
				d += den(&ds[i])
			}
			if d == 0 {
				return math.NaN()
			}
			return n / d
		}
	}
	offered := func(d *DayStats) float64 { return float64(d.Offered) }
	answered := func(d *DayStats) float64 { return float64(d.Answered) }
	inTarget := func(d *DayStats) float64 { return float64(d.AnsweredInTarget) }
	switch key {
	case "service_level":
		return share(inTarget, offered)
	case "service_level_answered":
		return share(inTarget, answered)
	case "abandon_rate":
		return share(func(d *DayStats) float64 { return float64(d.Abandoned) }, offered)
	case "wait.mean":
		return share(func(d *DayStats) float64 { return d.WaitSum }, answered)
	}
	if q, ok := strings.CutPrefix(key, "backlog_age.p"); ok {
		pct, err := strconv.Atoi(q)
		if err != nil {
			return nil
		}
		return func(r *RepResult, first, last int) float64 {
			var h stats.Histogram
			for _, d := range days(r, first, last) {
				if d.Ages != nil {
					h.Merge(d.Ages)
				}
			}
			if h.Count() == 0 {
				return math.NaN()
			}
			return h.Quantile(float64(pct) / 100)
		}
	}
	return nil
}

// PaidHours is the agent-hours team t is paid in hours from to to (to
// excluded) of the run, before shrinkage and without overtime: what a
// staffing plan costs before it runs.
func (t *Team) PaidHours(from, to int) float64 {
	if t.Paid == nil {
		if t.OnDuty == nil {
			return float64(t.Agents * (to - from))
		}
		return sumInts(t.OnDuty[from:to])
	}
	return sumInts(t.Paid[from:to])
}

func sumInts(xs []int) float64 {
	n := 0
	for _, x := range xs {
		n += x
	}
	return float64(n)
}
