package reports

import (
	"fmt"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/opts"
)

// backtestCharts draws, for each channel and figure of the first
// backtest (the baseline's), the simulated mean and its 95% band against
// the actuals, day by day: where the band misses what happened is where the
// scenario needs work.
func (cs *chartSet) backtestCharts(bts []Backtest) {
	if len(bts) == 0 {
		return
	}
	bt := bts[0]
	type key struct{ ch, fig string }
	days := map[key][]BacktestDay{}
	for _, d := range bt.Days {
		k := key{d.Channel, d.Figure}
		days[k] = append(days[k], d)
	}
	for _, f := range bt.Figures {
		ds := days[key{f.Channel, f.Figure}]
		x := make([]string, len(ds))
		sim := &Series{Name: "simulated", StepHours: 24}
		act := &Series{Name: "actual", StepHours: 24}
		for i, d := range ds {
			x[i] = d.Date
			sim.Mean, sim.Lo95, sim.Hi95 = append(sim.Mean, d.Mean), append(sim.Lo95, d.Lo), append(sim.Hi95, d.Hi)
			nan := Float(math.NaN())
			act.Mean, act.Lo95, act.Hi95 = append(act.Mean, d.Actual), append(act.Lo95, nan), append(act.Hi95, nan)
		}
		scale, axis := 1.0, "contacts"
		if f.Figure == "service_level" {
			scale, axis = 100, "%"
		}
		figure := safeLabel(strings.ReplaceAll(f.Figure, "_", " "))
		title := fmt.Sprintf("Backtest: %s %s, simulated against actual", safeLabel(f.Channel), figure)
		bias := "–"
		if !math.IsNaN(float64(f.Bias)) {
			bias = fmt.Sprintf("%+.1f%%", 100*float64(f.Bias))
		}
		subtitle := fmt.Sprintf("%s; %.0f%% of %d days inside the 95%% band; bias %s", safeLabel(bt.Scenario), 100*float64(f.Inside), f.Days, bias)
		if f.Flagged {
			subtitle += ", flagged"
		}
		lines := []lineSeries{
			{variant: 0, name: "simulated (95% of seasons)", s: sim, scale: scale, band: true},
			{variant: len(cs.variants), name: "actual", s: act, scale: scale, dashed: true},
		}
		cs.lineChart(title, subtitle, x, false, false, []opts.YAxis{yAxis(axis)}, lines,
			"The band is where one more simulated season would fall with 95% probability (docs/backtest.md).")
	}
}
