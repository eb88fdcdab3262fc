package reports

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// planView is what the report shows of a staffing plan: for a season, a
// sentence on its cost, a row per team and period, the targets as judged
// at the plan and a headcount chart per team; for a stationary plan, a row
// per team.
type planView struct {
	*Plan
	Season   bool
	Unit     string // "week", "day" or "period"
	Sentence string
	Rows     []planRow
	Checks   []planCheck
	Charts   []chartBlock
	// HiringRows are a hiring plan's weeks, nil for a staffing plan.
	HiringRows []hiringRow
}

// hiringRow is a planned team's week of a hiring plan, formatted.
type hiringRow struct {
	Team                     string
	First                    bool
	Period, Dates            string
	Required, Agents, Erlang int
	Strength, Gap, GapClass  string
	Band                     string // the Erlang plan from the fewest orders' case to the most's
	Classes                  string // the classes that reach the phones that week
	// Overtime is the week's planned overtime in hours per agent and
	// ExtraHours its agent-hours, empty without.
	Overtime, ExtraHours string
}

// planRow is a team's staffing in one period, formatted.
type planRow struct {
	Team            string
	First           bool // the team's first period, which opens its group of rows
	Period          string
	Dates           string
	Erlang, Planned int
	// Change is the plan found minus the Erlang plan, "+3" or "−2", and
	// ChangeClass "added", "removed" or "unchanged".
	Change, ChangeClass                               string
	ErlangCost, PlannedCost, FailureDemand, CarriedIn string
	Why                                               string
}

// planCheck is a target in one period (or the season) as judged by the
// search at the plan found and by the confirmation run.
type planCheck struct {
	Target, Period, Dates string
	Met, Confirmed        *planVerdict // nil where not judged
}

type planVerdict struct {
	Mean, CI    string
	Passed      bool
	WithinNoise bool
}

// FormatEstimate writes an estimate for a person as the report does: its
// mean and, when there is one, its 95% interval, "17.2 h [15.7, 18.7]".
func FormatEstimate(e *Estimate) string {
	mean, ci := estimateWithCI(e)
	return strings.TrimSpace(mean + " " + ci)
}

// period returns the plan's period of that name; a period of that name
// and no dates when the plan has none.
func (p *Plan) period(name string) PlanPeriod {
	for _, pp := range p.Periods {
		if pp.Name == name {
			return pp
		}
	}
	return PlanPeriod{Name: name}
}

// dates writes the period's dates for a person, briefly: "2–8 Nov 2026",
// "28 Dec 2026 – 3 Jan 2027", or a single day, "Mon 23 Nov 2026"; empty
// when they do not parse.
func (pp PlanPeriod) dates() string {
	from, err1 := time.Parse(time.DateOnly, pp.From)
	to, err2 := time.Parse(time.DateOnly, pp.To)
	switch {
	case err1 != nil || err2 != nil:
		return ""
	case from.Equal(to):
		return from.Format("Mon 2 Jan 2006")
	case from.Year() != to.Year():
		return from.Format("2 Jan 2006") + " – " + to.Format("2 Jan 2006")
	case from.Month() != to.Month():
		return from.Format("2 Jan") + " – " + to.Format("2 Jan 2006")
	default:
		return from.Format("2") + "–" + to.Format("2 Jan 2006")
	}
}

// name is the period's name when it says more than its dates (a day
// named by its date says nothing more).
func (pp PlanPeriod) name() string {
	if pp.Name == pp.From && pp.dates() != "" {
		return ""
	}
	return pp.Name
}

// axisLabel names the period on a chart's axis, briefly: "2–8 Nov",
// "30 Nov–6 Dec", or "Mon 2 Nov" for a day.
func (pp PlanPeriod) axisLabel() string {
	from, err1 := time.Parse(time.DateOnly, pp.From)
	to, err2 := time.Parse(time.DateOnly, pp.To)
	switch {
	case err1 != nil || err2 != nil:
		return safeLabel(pp.Name)
	case from.Equal(to):
		return from.Format("Mon 2 Jan")
	case from.Month() == to.Month():
		return from.Format("2") + "–" + to.Format("2 Jan")
	default:
		return from.Format("2 Jan") + "–" + to.Format("2 Jan")
	}
}

// newPlanView formats plan for the page; its charts are drawn by the
// caller's chart set.
func newPlanView(plan *Plan, currency string) *planView {
	v := &planView{Plan: plan, Season: len(plan.Periods) > 0, Unit: plan.Granularity}
	if v.Unit == "" {
		v.Unit = "period"
	}
	v.Checks = planChecks(plan, v.Season)
	if !v.Season {
		return v
	}
	v.Sentence = planSentence(plan, currency)
	if plan.Hiring != nil {
		v.Sentence = hiringSentence(plan, currency)
		v.HiringRows = hiringRows(plan)
		return v
	}
	for i, r := range plan.Teams {
		pp := plan.period(r.Period)
		row := planRow{
			Team: r.Team, First: i == 0 || plan.Teams[i-1].Team != r.Team,
			Period: pp.name(), Dates: pp.dates(), Erlang: r.Erlang, Planned: r.Planned,
			ErlangCost: money(float64(r.ErlangCost)), PlannedCost: money(float64(r.PlannedCost)),
			FailureDemand: number(float64(r.FailureDemand)), CarriedIn: number(float64(r.CarriedIn)),
			Why: r.Why,
		}
		switch d := r.Planned - r.Erlang; {
		case d > 0:
			row.Change, row.ChangeClass = "+"+strconv.Itoa(d), "added"
		case d < 0:
			row.Change, row.ChangeClass = "−"+strconv.Itoa(-d), "removed"
		default:
			row.Change, row.ChangeClass = "0", "unchanged"
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// planSentence states a season plan's cost against the Erlang plan's, how
// much of the difference pays for agents added for targets on backlogs,
// and how the plan was found and confirmed.
func planSentence(plan *Plan, currency string) string {
	erlang, planned, backlog := float64(plan.ErlangCost), float64(plan.PlannedCost), float64(plan.BacklogCost)
	s := fmt.Sprintf("The planned teams cost %s over the season with the plan found, %s with the plain Erlang plan", amount(planned, currency), amount(erlang, currency))
	diff := planned - erlang
	switch {
	case math.IsNaN(diff):
	case diff > 0:
		s += fmt.Sprintf(": %s more (%s)", amount(diff, currency), percentOf(diff, erlang))
		if backlog > 0 {
			s += fmt.Sprintf(", of which %s pays for agents added to meet the targets on backlogs", amount(backlog, currency))
		}
	case diff < 0:
		s += fmt.Sprintf(": %s less (%s)", amount(-diff, currency), percentOf(diff, erlang))
		if backlog > 0 {
			s += fmt.Sprintf(", although agents added to meet the targets on backlogs cost %s", amount(backlog, currency))
		}
	default:
		s += ": the same"
	}
	s += fmt.Sprintf(". The search took %d simulations", plan.Simulations)
	if plan.ConfirmationSeed != 0 {
		missed, unsure := confirmedCounts(plan)
		verdict := "met every target"
		switch {
		case missed > 0:
			verdict = fmt.Sprintf("missed %d of the targets' judgements (see below)", missed)
		case unsure > 0:
			verdict = "missed no target beyond doubt, but " + withinNoise(unsure)
		}
		s += fmt.Sprintf("; a run of the plan with fresh seeds (seed %d) %s, and its results are the figures and charts of this page", plan.ConfirmationSeed, verdict)
	}
	return s + "."
}

// confirmedCounts counts the confirmation run's judgements that missed
// their limit, and those that passed only within the noise.
func confirmedCounts(plan *Plan) (missed, unsure int) {
	for _, c := range plan.Confirmed {
		switch {
		case !c.Passed:
			missed++
		case c.WithinNoise:
			unsure++
		}
	}
	return missed, unsure
}

// withinNoise says that n judgements passed only within the noise.
func withinNoise(n int) string {
	if n == 1 {
		return "1 judgement only within the noise: its mean misses the limit, its 95% interval reaches it (see below; more replications tell)"
	}
	return fmt.Sprintf("%d judgements only within the noise: their means miss the limit, their 95%% intervals reach it (see below; more replications tell)", n)
}

// hiringSentence says what to hire by when, what it costs against the
// Erlang plan hired alike, and where the plan was confirmed.
func hiringSentence(plan *Plan, currency string) string {
	hp := plan.Hiring
	type hire struct {
		agents, classes int
		first, last     string
	}
	var teams []string
	by := map[string]*hire{}
	for _, c := range hp.Classes {
		h, ok := by[c.Team]
		if !ok {
			teams = append(teams, c.Team)
			h = &hire{first: c.TrainingStart}
			by[c.Team] = h
		}
		h.agents += c.Size
		h.classes++
		h.last = c.OnPhones
	}
	var parts []string
	for _, t := range teams {
		h := by[t]
		if h.classes == 1 {
			parts = append(parts, fmt.Sprintf("%s for %s, starting training on %s (on the phones on %s)",
				Plural(h.agents, "agent"), safeLabel(t), dayMonth(h.first), dayMonth(h.last)))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s for %s in %s, the first starting training on %s, the last on the phones on %s",
			Plural(h.agents, "agent"), safeLabel(t), Plural(h.classes, "class"), dayMonth(h.first), dayMonth(h.last)))
	}
	overtime := overtimeWords(plan)
	var s string
	switch {
	case len(parts) > 0 && overtime != "":
		s = "Hire " + strings.Join(parts, "; ") + "; and plan overtime of " + overtime
	case len(parts) > 0:
		s = "Hire " + strings.Join(parts, "; ")
	case overtime != "":
		s = "Hire no one: the permanent staff meet the targets with overtime of " + overtime
	default:
		s = "Hire no one: the permanent staff meet the targets"
	}
	total, erlang := float64(hp.TotalCost), float64(hp.ErlangTotal)
	s += fmt.Sprintf(". The plan costs %s over the season (agents %s, training %s", amount(total, currency), amount(float64(hp.AgentCost), currency), amount(float64(hp.TrainingCost), currency))
	if hp.OvertimeCost > 0 {
		s += fmt.Sprintf(", overtime %s", amount(float64(hp.OvertimeCost), currency))
	}
	s += "), "
	switch diff := total - erlang; {
	case diff < 0:
		s += fmt.Sprintf("%s less (%s) than the Erlang plan of the %s case hired the same way", amount(-diff, currency), percentOf(diff, erlang), safeLabel(hp.Sizing))
	case diff > 0:
		s += fmt.Sprintf("%s more (%s) than the Erlang plan of the %s case hired the same way", amount(diff, currency), percentOf(diff, erlang), safeLabel(hp.Sizing))
	default:
		s += fmt.Sprintf("the same as the Erlang plan of the %s case hired the same way", safeLabel(hp.Sizing))
	}
	if without := float64(hp.WithoutOvertimeTotal); without > 0 {
		if diff := total - without; diff < 0 {
			s += fmt.Sprintf(", and %s less (%s) than the plan found without overtime", amount(-diff, currency), percentOf(diff, without))
		} else {
			s += "; overtime would not make it cheaper"
		}
	}
	var cases []string
	for _, c := range hp.Cases {
		what := "orders ×" + strconv.FormatFloat(float64(c.Orders), 'g', -1, 64)
		for _, st := range c.Set {
			what += ", " + safeLabel(st)
		}
		cases = append(cases, fmt.Sprintf("%s (%s)", safeLabel(c.Name), what))
	}
	s += fmt.Sprintf(". The targets must hold in %s of %s", hp.In, strings.Join(cases, ", "))
	if plan.ConfirmationSeed != 0 {
		switch missed, unsure := confirmedCounts(plan); {
		case missed > 0:
			s += fmt.Sprintf("; a run with fresh seeds (seed %d) misses %d of their judgements (see below)", plan.ConfirmationSeed, missed)
		case unsure > 0:
			s += fmt.Sprintf("; a run with fresh seeds (seed %d) misses none beyond doubt, but %s", plan.ConfirmationSeed, withinNoise(unsure))
		default:
			s += fmt.Sprintf("; a run with fresh seeds (seed %d) meets them", plan.ConfirmationSeed)
		}
	}
	if hp.Binding != "" {
		s += ". What binds: " + safeLabel(hp.Binding)
	}
	return s + "."
}

// overtimeWords says a hiring plan's planned overtime, team by team, the
// weeks of the same hours together, in the order of their first week:
// "4 hours per agent for email in the weeks of 30 Nov and 14 Dec, 2 hours
// in the week of 7 Dec"; empty without any.
func overtimeWords(plan *Plan) string {
	var teams []string
	weeks := map[string]map[Float][]string{} // per team and hours per agent, the weeks' first days
	hours := map[string][]Float{}            // per team, the hours per agent of its weeks, in order
	for _, w := range plan.Hiring.Weeks {
		if w.ExtraHours == 0 {
			continue
		}
		if weeks[w.Team] == nil {
			teams = append(teams, w.Team)
			weeks[w.Team] = map[Float][]string{}
		}
		if len(weeks[w.Team][w.Overtime]) == 0 {
			hours[w.Team] = append(hours[w.Team], w.Overtime)
		}
		weeks[w.Team][w.Overtime] = append(weeks[w.Team][w.Overtime], dayMonth(plan.period(w.Period).From))
	}
	var parts []string
	for _, t := range teams {
		var each []string
		for i, o := range hours[t] {
			n := strconv.FormatFloat(float64(o), 'f', -1, 64) + " hour"
			if o != 1 {
				n += "s"
			}
			if i == 0 {
				n += " per agent for " + safeLabel(t)
			}
			days := weeks[t][o]
			in := " in the week of " + days[0]
			if len(days) > 1 {
				in = " in the weeks of " + strings.Join(days[:len(days)-1], ", ") + " and " + days[len(days)-1]
			}
			each = append(each, n+in)
		}
		parts = append(parts, strings.Join(each, ", "))
	}
	return strings.Join(parts, "; ")
}

// hiringRows formats a hiring plan's weeks: the requirement, the agents
// and their strength, and the classes that reach the phones.
func hiringRows(plan *Plan) []hiringRow {
	hp := plan.Hiring
	erlang := map[[2]string]int{}
	for _, r := range plan.Teams {
		erlang[[2]string{r.Team, r.Period}] = r.Erlang
	}
	var out []hiringRow
	for i, w := range hp.Weeks {
		pp := plan.period(w.Period)
		row := hiringRow{Team: w.Team, First: i == 0 || hp.Weeks[i-1].Team != w.Team, Period: pp.name(), Dates: pp.dates(),
			Required: w.Required, Agents: w.Agents, Erlang: erlang[[2]string{w.Team, w.Period}], Strength: number(float64(w.Effective))}
		switch gap := float64(w.Effective) - float64(w.Required); {
		case gap < 0:
			row.Gap, row.GapClass = "−"+number(-gap), "removed"
		case gap > 0:
			row.Gap, row.GapClass = "+"+number(gap), "added"
		default:
			row.Gap, row.GapClass = "0", "unchanged"
		}
		if len(w.ErlangByCase) > 0 {
			row.Band = strconv.Itoa(slices.Min(w.ErlangByCase)) + "–" + strconv.Itoa(slices.Max(w.ErlangByCase))
		}
		var names []string
		for _, c := range hp.Classes {
			if c.Team == w.Team && c.OnPhones >= pp.From && c.OnPhones <= pp.To {
				names = append(names, fmt.Sprintf("%s (%d)", c.Name, c.Size))
			}
		}
		row.Classes = strings.Join(names, ", ")
		if w.ExtraHours > 0 {
			row.Overtime, row.ExtraHours = strconv.FormatFloat(float64(w.Overtime), 'f', -1, 64), strconv.Itoa(w.ExtraHours)
		}
		out = append(out, row)
	}
	return out
}

// Plural writes n things: "1 class", "3 classes".
func Plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	if strings.HasSuffix(thing, "s") {
		return strconv.Itoa(n) + " " + thing + "es"
	}
	return strconv.Itoa(n) + " " + thing + "s"
}

// dayMonth writes a date as "12 Oct"; as it is when it is not one.
func dayMonth(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return safeLabel(date)
	}
	return t.Format("2 Jan 2006")
}

// amount writes a cost in whole units of currency, with its symbol or
// code: "£1,251,228", "1,200 CHF".
func amount(v float64, currency string) string {
	sc := scaleOf(currency, v)
	if !isMoney(currency) {
		sc = scale{}
	}
	if v < 0 {
		return "-" + sc.prefix + money(-v) + sc.suffix
	}
	return sc.prefix + money(v) + sc.suffix
}

// money writes a cost in whole units, thousands grouped: costs are paid
// hours times rates, not estimates, so every digit stands.
func money(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	return groupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
}

// percentOf writes diff as a signed percentage of base, "+6.2%".
func percentOf(diff, base float64) string {
	if base == 0 {
		return "–"
	}
	p := 100 * diff / base
	if p < 0 {
		return "−" + number(-p) + "%"
	}
	return "+" + number(p) + "%"
}

// planChecks pairs each target, over the whole run or in a period, as the
// search judged it with the same as the confirmation run judged it, in the
// order the plan lists them.
func planChecks(plan *Plan, season bool) []planCheck {
	whole := "whole run"
	if season {
		whole = "season"
	}
	var out []planCheck
	index := map[[3]string]int{}
	add := func(t PlanTarget, confirmed bool) {
		key := [3]string{t.Target, t.Period, t.Case}
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			c := planCheck{Target: t.Target, Period: whole}
			if t.Period != "" {
				pp := plan.period(t.Period)
				c.Period, c.Dates = pp.name(), pp.dates()
			}
			if t.Case != "" {
				c.Period += " · " + safeLabel(t.Case) + " case"
			}
			out = append(out, c)
		}
		mean, ci := estimateWithCI(&t.Estimate)
		verdict := &planVerdict{Mean: mean, CI: ci, Passed: t.Passed, WithinNoise: t.WithinNoise}
		if confirmed {
			out[i].Confirmed = verdict
		} else {
			out[i].Met = verdict
		}
	}
	for _, t := range plan.Met {
		add(t, false)
	}
	for _, t := range plan.Confirmed {
		add(t, true)
	}
	return out
}

// planCharts draws, for each planned team of a season plan, its headcount
// by period: the plan found as bars, the Erlang plan as a dashed step
// line over them.
func (cs *chartSet) planCharts(plan *Plan, unit string) {
	if len(plan.Periods) == 0 {
		return
	}
	x := make([]string, len(plan.Periods))
	at := map[string]int{}
	for i, pp := range plan.Periods {
		x[i] = pp.axisLabel()
		at[pp.Name] = i
	}
	var teams []string
	rows := map[string][]PlanRow{}
	for _, r := range plan.Teams {
		if _, ok := rows[r.Team]; !ok {
			teams = append(teams, r.Team)
		}
		rows[r.Team] = append(rows[r.Team], r)
	}
	for _, team := range teams {
		erlang, planned := make([]float64, len(x)), make([]float64, len(x))
		for i := range x {
			erlang[i], planned[i] = math.NaN(), math.NaN()
		}
		for _, r := range rows[team] {
			if i, ok := at[r.Period]; ok {
				erlang[i], planned[i] = float64(r.Erlang), float64(r.Planned)
			}
		}
		chart := charts.NewBar()
		chart.SetGlobalOptions(cs.global("Headcount by "+unit+": "+safeLabel(team),
			"agents on the team each "+unit+": the plan found (bars) and the plain Erlang plan (dashed)", "axis")...)
		axisName := unit
		if unit == "week" {
			axisName = "week (Monday to Sunday)"
		}
		chart.SetGlobalOptions(
			charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: axisName, NameLocation: "middle", NameGap: 30,
				AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}),
			charts.WithYAxisOpts(yAxis("agents")),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "48", Data: []string{"plan found", "Erlang plan"}}),
		)
		chart.SetXAxis(x)
		bars := data(planned)
		if overtime := weeksOvertime(plan, team, at, len(x)); overtime != nil {
			bars = overtimeBars(planned, overtime)
			chart.SetGlobalOptions(cs.global("Headcount by "+unit+": "+safeLabel(team),
				"agents each "+unit+": the plan (bars; its overtime above, hours per agent) and the Erlang plan (dashed)", "axis")...)
		}
		chart.AddSeries("plan found", nil, bars,
			charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "25%"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: variantColor(0)}))
		line := charts.NewLine()
		line.SetXAxis(x)
		line.AddSeries("Erlang plan", nil, data(erlang),
			charts.WithLineChartOpts(opts.LineChart{Step: "middle", ShowSymbol: opts.Bool(false)}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: planErlangColor, Width: 2.5, Type: "dashed"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: planErlangColor}))
		chart.Overlap(line)
		if plan.Hiring != nil {
			required := make([]float64, len(x))
			for i := range required {
				required[i] = math.NaN()
			}
			for _, w := range plan.Hiring.Weeks {
				if i, ok := at[w.Period]; ok && w.Team == team {
					required[i] = float64(w.Required)
				}
			}
			// The forecast's band: the Erlang plan from the case of fewest
			// orders to the case of most.
			lo, width := make([]float64, len(x)), make([]float64, len(x))
			for i := range lo {
				lo[i], width[i] = math.NaN(), math.NaN()
			}
			for _, w := range plan.Hiring.Weeks {
				if i, ok := at[w.Period]; ok && w.Team == team && len(w.ErlangByCase) > 0 {
					least, most := slices.Min(w.ErlangByCase), slices.Max(w.ErlangByCase)
					lo[i], width[i] = float64(least), float64(most-least)
				}
			}
			band := charts.NewLine()
			band.SetXAxis(x)
			hidden := opts.LineStyle{Opacity: opts.Float(0)}
			const bandName = "Erlang plan, forecast cases"
			band.AddSeries(bandName, nil, data(lo), charts.WithLineChartOpts(opts.LineChart{Stack: "cases", Step: "middle", ShowSymbol: opts.Bool(false)}),
				charts.WithLineStyleOpts(hidden), charts.WithItemStyleOpts(opts.ItemStyle{Color: planErlangColor}))
			band.AddSeries(bandName, nil, data(width), charts.WithLineChartOpts(opts.LineChart{Stack: "cases", Step: "middle", ShowSymbol: opts.Bool(false)}),
				charts.WithLineStyleOpts(hidden), charts.WithItemStyleOpts(opts.ItemStyle{Color: planErlangColor}),
				charts.WithAreaStyleOpts(opts.AreaStyle{Color: planErlangColor, Opacity: opts.Float(0.15)}))
			chart.Overlap(band)
			need := charts.NewLine()
			need.SetXAxis(x)
			need.AddSeries("required", nil, data(required),
				charts.WithLineChartOpts(opts.LineChart{Step: "middle", ShowSymbol: opts.Bool(false)}),
				charts.WithLineStyleOpts(opts.LineStyle{Color: planRequiredColor, Width: 2.5}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: planRequiredColor}))
			chart.Overlap(need)
			chart.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "48", Data: []string{"plan found", "Erlang plan", "required", "Erlang plan, forecast cases"}}))
		}
		cs.add(chart, "")
	}
}

// weeksOvertime returns a hiring plan's planned overtime of team by
// period (hours per agent, at at's indices), nil when it has none.
func weeksOvertime(plan *Plan, team string, at map[string]int, n int) []float64 {
	if plan.Hiring == nil {
		return nil
	}
	out, any := make([]float64, n), false
	for _, w := range plan.Hiring.Weeks {
		if i, ok := at[w.Period]; ok && w.Team == team && w.Overtime > 0 {
			out[i], any = float64(w.Overtime), true
		}
	}
	if !any {
		return nil
	}
	return out
}

// overtimeBars are the plan's bars with each week's planned overtime
// written above its bar: "+2 h".
func overtimeBars(planned, overtime []float64) charts.SeriesOpts {
	items := make([]any, len(planned))
	for i, v := range planned {
		bar := opts.BarData{Value: chartValue(v)}
		if overtime[i] > 0 {
			bar.Label = &opts.Label{Show: opts.Bool(true), Position: "top", Formatter: labelText("+" + strconv.FormatFloat(overtime[i], 'g', -1, 64) + " h")}
		}
		items[i] = bar
	}
	return charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Data = items })
}

// planErlangColor draws the Erlang plan: vermillion, which stands out
// against the plan's blue bars for any common colour vision.
const planErlangColor = "#D55E00"

// planRequiredColor draws a hiring plan's requirement: bluish green, apart
// from both.
const planRequiredColor = "#009E73"

// currencyOf is the unit of the run's amounts, that of its first
// scenario's agent cost: an ISO 4217 code, "currency" for a file without
// one, or "" for a run that prices nothing.
func currencyOf(res *Results) string {
	if len(res.Scenarios) > 0 {
		if m := res.Scenarios[0].Metric("agents.cost"); m != nil {
			return m.Unit
		}
	}
	return ""
}

// caseNames names a hiring plan's forecast cases.
func caseNames(hp *HiringPlan) []string {
	var out []string
	for _, c := range hp.Cases {
		out = append(out, safeLabel(c.Name))
	}
	return out
}
