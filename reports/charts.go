package reports

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/peaksim/peaksim/sim"
)

// variantColors give each variant its colour, the same in every chart: the
// Okabe–Ito palette, told apart by people with any common colour
// blindness, then further distinct colours.
var variantColors = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#7F7F7F", "#8C564B"}

func variantColor(i int) string { return variantColors[i%len(variantColors)] }

// effortColors colour the components of the effort index, which are not
// variants: a sequential blue-to-red scale.
var effortColors = []string{"#4575b4", "#91bfdb", "#e0f3f8", "#fee090", "#fc8d59", "#d73027", "#7f3b08"}

// A chartBlock is one rendered chart: the element that holds it and the
// script that draws it, ready for the page.
type chartBlock struct {
	ID              string
	Element, Script template.HTML
	Note            string // how to read the chart, under it
}

// chartSet builds the charts of a report in order, numbering their IDs so
// that the same results always give the same page.
type chartSet struct {
	variants []*Scenario
	hours    []string // x-axis labels of hourly series
	days     []string // x-axis labels of daily series
	keyDates []KeyDate
	// tailDays is how many of the season's last days are shaded: cases
	// opened in them can still be open when the season ends, so their
	// figures there are cut short (see seasonTail).
	tailDays int
	blocks   []chartBlock
	err      error
}

// tooltipValue formats a value in a tooltip: at most three decimals,
// thousands grouped, "–" for a gap.
const tooltipValue = `function (v) { return (v === null || v === undefined || v === '-' || isNaN(v)) ? '–' : (Math.round(v * 1000) / 1000).toLocaleString('en-GB'); }`

// tooltipSkipBands lists the series of an axis tooltip except the 95% bands,
// whose values (a lower bound and a width) would only confuse.
const tooltipSkipBands = `function (ps) {
  if (!Array.isArray(ps)) { ps = [ps]; }
  var fmt = ` + tooltipValue + `;
  var out = [ps.length ? ps[0].axisValueLabel : ''];
  ps.forEach(function (p) {
    if (String(p.seriesId).indexOf('band') === 0) { return; }
    var v = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
    out.push(p.marker + p.seriesName + ': ' + fmt(v));
  });
  return out.join('<br>');
}`

// tooltipBox describes a box of the resolution-time chart by the
// percentiles it is drawn from.
const tooltipBox = `function (p) {
  var v = p.value.slice(-5);
  var f = function (x) { return (Math.round(x * 100) / 100).toLocaleString('en-GB') + ' days'; };
  return p.marker + p.name + '<br>p90: ' + f(v[4]) + '<br>p75: ' + f(v[3]) + '<br>median: ' + f(v[2]) + '<br>p25: ' + f(v[1]) + '<br>p10: ' + f(v[0]);
}`

func (cs *chartSet) nextID() string { return fmt.Sprintf("chart%02d", len(cs.blocks)+1) }

// global returns the options every chart shares: a fixed ID, no
// animation (the page is for reading, and screenshots must be complete),
// a title, a legend at the bottom, tooltips and a save-as-image button.
func (cs *chartSet) global(title, subtitle string, trigger string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: cs.nextID(), Width: "100%", Height: "440px", Theme: "white", Renderer: "canvas"}),
		charts.WithAnimation(false),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle, Left: "center"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "48"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: trigger, ValueFormatter: opts.FuncOpts(tooltipValue)}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "4%", Top: "100", Bottom: "60", ContainLabel: opts.Bool(true)}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "2%", Feature: &opts.ToolBoxFeature{
			DataZoom:    &opts.ToolBoxFeatureDataZoom{Show: opts.Bool(true), Title: map[string]string{"zoom": "Zoom into an area", "back": "Zoom back"}},
			Restore:     &opts.ToolBoxFeatureRestore{Show: opts.Bool(true), Title: "Reset"},
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Title: "Save as PNG"}}}),
	}
}

// yAxis is a value axis from zero: every figure peaksim charts is a count,
// a duration or a share, and an axis that starts elsewhere exaggerates.
func yAxis(name string) opts.YAxis {
	return opts.YAxis{Name: name, Type: "value", Min: 0, SplitLine: &opts.SplitLine{Show: opts.Bool(true)}}
}

// add renders a chart and keeps it. go-echarts panics on a template error
// and silently drops an option it cannot encode, so both are turned into
// errors here; and as a last guard against a name that escaped safeLabel,
// a script that could close its own element is refused.
func (cs *chartSet) add(chart interface {
	Validate()
	JSON() map[string]interface{}
	RenderSnippet() render.ChartSnippet
}, note string) {
	if cs.err != nil {
		return
	}
	id := cs.nextID()
	defer func() {
		if r := recover(); r != nil {
			cs.err = fmt.Errorf("rendering %s: %v", id, r)
		}
	}()
	chart.Validate()
	if _, err := json.Marshal(chart.JSON()); err != nil {
		cs.err = fmt.Errorf("encoding %s: %w", id, err)
		return
	}
	snippet := chart.RenderSnippet()
	if option := strings.ToLower(snippet.Option); strings.Contains(option, "</") || strings.Contains(option, "<!--") || strings.Contains(option, "<script") {
		cs.err = fmt.Errorf("rendering %s: the chart options contain markup", id)
		return
	}
	// The class marks the element ECharts draws into, for tests and styles.
	element := strings.Replace(snippet.Element, `class="item"`, `class="item chart"`, 1)
	// The page draws its charts one at a time once it has loaded (see
	// peaksim.chart in the template): drawing a season's fifteen charts
	// before showing anything would keep a person waiting seconds.
	body, ok := strings.CutPrefix(strings.TrimSpace(snippet.Script), `<script type="text/javascript">`)
	body, ok2 := strings.CutSuffix(body, "</script>")
	if !ok || !ok2 {
		cs.err = fmt.Errorf("rendering %s: go-echarts wrote an unexpected script", id)
		return
	}
	script := "<script>peaksim.chart(function () {" + body + "});</script>"
	cs.blocks = append(cs.blocks, chartBlock{
		ID: id, Element: template.HTML(element), Script: template.HTML(script), Note: note,
	})
}

// timeAxes names the hours and days of a season for the x axes:
// "Mon 2 Nov 14:00" and "Mon 2 Nov".
func timeAxes(cal *Calendar, hours int) (hourly, daily []string) {
	start, err := time.Parse(time.DateOnly, "")
	if cal != nil {
		start, err = time.Parse(time.DateOnly, cal.Start)
	}
	for d := range (hours + 23) / 24 {
		label := fmt.Sprintf("day %d", d+1)
		if err == nil {
			label = start.AddDate(0, 0, d).Format("Mon 2 Jan")
		}
		daily = append(daily, label)
		for h := range 24 {
			if len(hourly) < hours {
				hourly = append(hourly, fmt.Sprintf("%s %02d:00", label, h))
			}
		}
	}
	return hourly, daily
}

// lineSeries is one variant's line in a time chart.
type lineSeries struct {
	variant int
	name    string
	s       *Series
	scale   float64 // the values are multiplied by it (100 for a share in %)
	dashed  bool
	yAxis   int
	band    bool // draw the 95% interval around the line
}

// timeChart draws series over the season, each variant in its colour,
// optionally with its 95% band (stacked areas: the band's lower edge, then
// its width, which is how ECharts draws a band on a category axis) and
// the season's key dates as vertical lines.
func (cs *chartSet) timeChart(title, subtitle string, hourly, marks bool, axes []opts.YAxis, lines []lineSeries, note string) {
	x := cs.days
	if hourly {
		x = cs.hours
	}
	cs.lineChart(title, subtitle, x, hourly, marks, axes, lines, note)
}

// lineChart draws lines over the category axis x, with their bands.
func (cs *chartSet) lineChart(title, subtitle string, x []string, hourly, marks bool, axes []opts.YAxis, lines []lineSeries, note string) {
	if len(lines) == 0 {
		return
	}
	chart := charts.NewLine()
	chart.SetGlobalOptions(cs.global(title, subtitle, "axis")...)
	chart.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", Formatter: opts.FuncOpts(tooltipSkipBands)}),
		// A few points (a sweep's) stand clear of the chart's edges; a
		// season's hours and days run from edge to edge.
		charts.WithXAxisOpts(opts.XAxis{Type: "category", BoundaryGap: opts.Bool(len(x) <= 20), AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}),
		charts.WithYAxisOpts(axes[0]),
		charts.WithDataZoomOpts(opts.DataZoom{Type: "inside"}),
	)
	for _, a := range axes[1:] {
		chart.ExtendYAxis(a)
	}
	chart.SetXAxis(x)
	seen := map[string]bool{}
	var legend []string
	for k, l := range lines {
		color := variantColor(l.variant)
		mean, lo, width := make([]float64, len(x)), make([]float64, len(x)), make([]float64, len(x))
		hasBand := false
		for i := range x {
			mean[i], lo[i], width[i] = math.NaN(), math.NaN(), math.NaN()
			if i < len(l.s.Mean) {
				mean[i] = float64(l.s.Mean[i]) * l.scale
				lo[i] = float64(l.s.Lo95[i]) * l.scale
				width[i] = float64(l.s.Hi95[i]-l.s.Lo95[i]) * l.scale
				hasBand = hasBand || !math.IsNaN(lo[i])
			}
		}
		if !seen[l.name] {
			seen[l.name] = true
			legend = append(legend, l.name)
		}
		if l.band && hasBand {
			// The band's two series carry the line's name, so that the
			// legend shows and hides them with it.
			stack := fmt.Sprintf("band%d", k)
			hidden := opts.LineStyle{Opacity: opts.Float(0)}
			chart.AddSeries(l.name, nil, data(lo), charts.WithSeriesId(stack+"lo"),
				charts.WithLineChartOpts(opts.LineChart{Stack: stack, ShowSymbol: opts.Bool(false), YAxisIndex: l.yAxis}),
				charts.WithLineStyleOpts(hidden), charts.WithItemStyleOpts(opts.ItemStyle{Color: color}))
			chart.AddSeries(l.name, nil, data(width), charts.WithSeriesId(stack+"width"),
				charts.WithLineChartOpts(opts.LineChart{Stack: stack, ShowSymbol: opts.Bool(false), YAxisIndex: l.yAxis}),
				charts.WithLineStyleOpts(hidden), charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
				charts.WithAreaStyleOpts(opts.AreaStyle{Color: color, Opacity: opts.Float(0.18)}))
		}
		style := opts.LineStyle{Color: color, Width: 1.6}
		if l.dashed {
			style.Type = "dashed"
		}
		options := []charts.SeriesOpts{
			data(mean), charts.WithSeriesId(fmt.Sprintf("line%d", k)),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false), YAxisIndex: l.yAxis}),
			charts.WithLineStyleOpts(style), charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		}
		if k == 0 && marks {
			options = append(options, cs.keyDateMarks(hourly)...)
		}
		chart.AddSeries(l.name, nil, options...)
	}
	chart.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "48", Data: legend}))
	cs.add(chart, note)
}

// seasonTail returns how many of the last days of a season of the given
// length are cut short by its end: those within the baseline's 90th
// percentile of resolution time of the end, where at least a tenth of the
// cases opened are still open when the run stops (their contacts queued,
// their chases and resolutions never seen). 0 when the figure is missing.
func seasonTail(base *Scenario, days int) int {
	m := base.Metric("cases.resolution.p90")
	if m == nil || !(float64(m.Mean) > 0) {
		return 0
	}
	return min(int(math.Ceil(float64(m.Mean)/24)), days)
}

// keyDateMarks marks the season's key dates with vertical lines, labelled
// along the line so that close dates do not overwrite each other, and
// shades the season's tail.
func (cs *chartSet) keyDateMarks(hourly bool) []charts.SeriesOpts {
	if len(cs.days) == 0 {
		return nil
	}
	var marks []charts.SeriesOpts
	if cs.tailDays > 0 {
		from, to := cs.days[len(cs.days)-cs.tailDays], cs.days[len(cs.days)-1]
		if hourly {
			from, to = from+" 00:00", cs.hours[len(cs.hours)-1]
		}
		marks = append(marks,
			charts.WithMarkAreaData([]opts.MarkAreaData{{Name: "season ends: cases still open", XAxis: from}, {XAxis: to}}),
			charts.WithMarkAreaStyleOpts(opts.MarkAreaStyle{
				Label:     &opts.Label{Show: opts.Bool(true), Position: "insideTop", Color: "#777", FontSize: 11},
				ItemStyle: &opts.ItemStyle{Color: "rgba(120, 120, 120, 0.10)"},
			}))
	}
	if len(cs.keyDates) == 0 {
		return marks
	}
	var items []opts.MarkLineNameXAxisItem
	// Labels are written along their lines: those of days closer than
	// keyDateGap to the last labelled one would overlap it, so they join
	// its label and their own lines go unlabelled. A joined label longer
	// than the chart is tall is cut (the table of key dates is in the
	// scenario).
	const keyDateGap, longestLabel = 2, 40
	labelled, last := -1, time.Time{}
	for _, kd := range cs.keyDates {
		d, err := time.Parse(time.DateOnly, kd.Date)
		if err != nil {
			continue
		}
		at := d.Format("Mon 2 Jan")
		if hourly {
			at += " 00:00"
		}
		name := safeLabel(kd.Label)
		if labelled >= 0 && d.Sub(last) < keyDateGap*24*time.Hour {
			items[labelled].Name += " · " + name
			name = ""
		} else {
			labelled, last = len(items), d
		}
		items = append(items, opts.MarkLineNameXAxisItem{Name: name, XAxis: at})
	}
	for i := range items {
		if r := []rune(items[i].Name); len(r) > longestLabel {
			items[i].Name = string(r[:longestLabel-1]) + "…"
		}
	}
	return append(marks,
		charts.WithMarkLineNameXAxisItemOpts(items...),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b}", Position: "insideEndTop", Color: "#555", FontSize: 11},
			LineStyle: &opts.LineStyle{Color: "#999", Type: "dashed", Width: 1},
		}),
	)
}

// largest returns the largest mean of the named series over the variants.
func (cs *chartSet) largest(name string) float64 {
	top := 0.0
	for _, v := range cs.variants {
		if s := v.SeriesNamed(name); s != nil {
			for _, m := range s.Mean {
				if float64(m) > top {
					top = float64(m)
				}
			}
		}
	}
	return top
}

// perVariant returns, for each variant that has it, the series name.
func (cs *chartSet) perVariant(name string, scale float64, dashed bool, yAxis int, band bool, suffix string) []lineSeries {
	var out []lineSeries
	for i, v := range cs.variants {
		if s := v.SeriesNamed(name); s != nil {
			out = append(out, lineSeries{variant: i, name: safeLabel(v.Name) + suffix, s: s, scale: scale, dashed: dashed, yAxis: yAxis, band: band})
		}
	}
	return out
}

// SeriesNamed returns the named series of the scenario, or nil.
func (s *Scenario) SeriesNamed(name string) *Series {
	for i := range s.Series {
		if s.Series[i].Name == name {
			return &s.Series[i]
		}
	}
	return nil
}

// sweepFigures are the metrics a sweep's charts draw against its points.
var sweepFigures = []struct{ metric, title string }{
	{"effort.days_open.mean", "Days open per case"},
	{"cases.resolution.p90", "Resolution time, p90"},
	{"effort.index.mean", "Customer effort index per case"},
	{"backlog.work.mean", "Work backlog, mean over the season"},
	{"failure_demand_share", "Failure demand, share of contacts"},
	{"agents.cost", "Agent cost"},
	{"customers.lost", "Customers lost (expected)"},
	{"costs.failure", "Cost of failure"},
}

// sweepChannelFigures are the channel figures a sweep draws, a line per
// channel: what a headcount or a demand sweep moves first.
var sweepChannelFigures = []struct{ key, title string }{
	{"service_level", "Service level by channel"},
	{"abandon_rate", "Abandonment by channel"},
	{"backlog_age.mean", "Mean time in queue by channel"},
	{"occupancy", "Occupancy by channel"},
}

// sweepCharts draw key figures against the points of a sweep, each with
// its 95% interval: the channels' service first, then the season's
// figures.
func (cs *chartSet) sweepCharts() {
	x := cs.variantNames()
	const subtitle = "mean across replications at each point, with its 95% interval; the points ran on common random numbers"
	// pointSeries is a metric across the points, its largest mean and its
	// unit; found is false when no point has it.
	pointSeries := func(metric string) (s *Series, top float64, unit string, found bool) {
		s = &Series{Mean: make([]Float, len(cs.variants)), Lo95: make([]Float, len(cs.variants)), Hi95: make([]Float, len(cs.variants))}
		for i, v := range cs.variants {
			s.Mean[i], s.Lo95[i], s.Hi95[i] = Float(math.NaN()), Float(math.NaN()), Float(math.NaN())
			if m := v.Metric(metric); m != nil {
				s.Mean[i], s.Lo95[i], s.Hi95[i] = m.Mean, m.CI95[0], m.CI95[1]
				top, unit, found = math.Max(top, math.Abs(float64(m.Mean))), m.Unit, true
			}
		}
		return s, top, unit, found
	}
	channels := cs.variants[0].Channels()
	for _, f := range sweepChannelFigures {
		var lines []lineSeries
		top, unit := 0.0, ""
		for k, ch := range channels {
			if s, t, u, found := pointSeries(ch + "." + f.key); found {
				lines = append(lines, lineSeries{variant: k, name: safeLabel(ch), s: s, band: true})
				top, unit = math.Max(top, t), u
			}
		}
		if len(lines) == 0 {
			continue
		}
		sc := scaleOf(unit, top)
		for i := range lines {
			lines[i].scale = sc.factor
		}
		cs.lineChart("Sweep: "+f.title, subtitle, x, false, false, []opts.YAxis{yAxis(axisName(unit, sc))}, lines, "")
	}
	for _, f := range sweepFigures {
		s, top, unit, found := pointSeries(f.metric)
		if !found {
			continue
		}
		sc := scaleOf(unit, top)
		cs.lineChart("Sweep: "+f.title, subtitle, x, false, false, []opts.YAxis{yAxis(axisName(unit, sc))},
			[]lineSeries{{variant: 0, name: f.title, s: s, scale: sc.factor, band: true}}, "")
	}
}

// axisName names an axis of values of unit drawn in scale sc: "%",
// "minutes", "cost (£)", or the unit of a count.
func axisName(unit string, sc scale) string {
	switch {
	case isMoney(unit):
		return costAxis(unit)
	case unit == "share":
		return "%"
	case unit == "hours" || unit == "days":
		return map[string]string{" s": "seconds", " min": "minutes", " h": "hours", " days": "days"}[sc.suffix]
	}
	return unit
}

// seasonCharts draws the story of a season: the backlog, where it sits, the
// demand against the capacity, resolution time, effort, service, cost and
// outcome.
func (cs *chartSet) seasonCharts() {
	base := cs.variants[0]
	bands := "the shaded band is the 95% confidence interval of the mean across replications"
	cs.timeChart("Work backlog", "open cases awaiting a first answer or with their resolution queued or in progress, hourly; "+bands, true, true,
		[]opts.YAxis{yAxis("cases")}, cs.perVariant("backlog.work", 1, false, 0, true, ""),
		"The backlog of work: every case that waits on the company, from the moment its customer (or the company) found the problem until it is answered and its resolution done. Cases that only wait for the carrier, a restock or the customer's form are in the next chart. Dashed lines mark the season's key dates.")

	cs.stageChart(base)
	if cs.largest("cases.daily.late_orders") > 0 {
		cs.timeChart("Late orders: where is my order?", "cases opened per day by customers whose order had not come by the date promised when they placed it, because it left the warehouse late; "+bands, false, true,
			[]opts.YAxis{yAxis("cases opened")}, cs.perVariant("cases.daily.late_orders", 1, false, 0, true, ""),
			"A warehouse that falls behind does not only delay orders: their customers notice, and ask where they are.")
	}

	queueNote := "For a deferred channel such as email the age of the oldest contact is its backlog age: how long the customer at the back has heard nothing."
	for _, ch := range base.Channels() {
		name := safeLabel(ch)
		// The oldest wait is shown in the unit its largest value asks for:
		// seconds on a phone line, days in a neglected email box.
		age := scaleOf("hours", cs.largest(sim.ChannelMetricName(ch, "oldest_wait")))
		ageAxis := yAxis("oldest wait," + age.suffix)
		ageAxis.Position, ageAxis.SplitLine = "right", &opts.SplitLine{Show: opts.Bool(false)}
		lines := cs.perVariant(sim.ChannelMetricName(ch, "queued"), 1, false, 0, true, " · waiting")
		lines = append(lines, cs.perVariant(sim.ChannelMetricName(ch, "oldest_wait"), age.factor, true, 1, false, " · oldest wait")...)
		cs.timeChart(name+": queue", "contacts waiting (solid, left axis) and how long the oldest has waited (dashed, right axis), hourly", true, false,
			[]opts.YAxis{yAxis("contacts waiting"), ageAxis},
			lines, queueNote)
		queueNote = ""
	}

	cs.demandChart()
	cs.resolutionChart()
	cs.deadlineChart()
	cs.effortChart()

	for _, ch := range base.Channels() {
		name := safeLabel(ch)
		lines := cs.perVariant(sim.ChannelMetricName(ch, "daily.service_level"), 100, false, 0, true, " · service level")
		lines = append(lines, cs.perVariant(sim.ChannelMetricName(ch, "daily.abandon_rate"), 100, true, 0, false, " · abandoned")...)
		percent := yAxis("% of contacts offered")
		percent.Max = 100
		cs.timeChart(name+": service by day", "share of the day's contacts answered within the target (solid) and share abandoned (dashed)", false, true,
			[]opts.YAxis{percent}, lines, "")
	}

	cs.costChart()
	cs.failureCostChart()
	cs.outcomeChart()
}

// stageChart shows where the baseline's open cases sit: waiting for a
// first answer, in work, on their way, or waiting for the carrier.
func (cs *chartSet) stageChart(base *Scenario) {
	stages := []struct{ key, label string }{
		{"awaiting_answer", "awaiting a first answer"}, {"in_work", "resolution in work"},
		{"shipping", "reship on its way"}, {"waiting", "answered, waiting on the carrier or stock"},
	}
	colors := []string{"#d73027", "#fc8d59", "#91bfdb", "#4575b4"}
	chart := charts.NewLine()
	chart.SetGlobalOptions(cs.global("Open cases by stage: "+safeLabel(base.Name), "where the baseline's open cases sit, hourly, stacked", "axis")...)
	chart.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", BoundaryGap: opts.Bool(false), AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}),
		charts.WithYAxisOpts(yAxis("open cases")),
		charts.WithDataZoomOpts(opts.DataZoom{Type: "inside"}),
	)
	chart.SetXAxis(cs.hours)
	added := 0
	for i, st := range stages {
		s := base.SeriesNamed("backlog.open_cases." + st.key)
		if s == nil {
			continue
		}
		chart.AddSeries(st.label, nil, data(floatsN(s.Mean, len(cs.hours))),
			charts.WithLineChartOpts(opts.LineChart{Stack: "stages", ShowSymbol: opts.Bool(false)}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: colors[i], Width: 0.5}), charts.WithItemStyleOpts(opts.ItemStyle{Color: colors[i]}),
			charts.WithAreaStyleOpts(opts.AreaStyle{Color: colors[i], Opacity: opts.Float(0.75)}))
		added++
	}
	if added > 0 {
		cs.add(chart, "A backlog awaiting a first answer is failure demand waiting to happen: those customers chase.")
	}
}

// demandChart sets the contacts offered each day, split into value demand
// and failure demand, against the agent-hours on duty.
func (cs *chartSet) demandChart() {
	chart := charts.NewBar()
	chart.SetGlobalOptions(cs.global("Demand against capacity", "contacts offered per day on every channel: value demand (solid) and failure demand (light); agent-hours on duty (line, right axis)", "axis")...)
	chart.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}),
		charts.WithYAxisOpts(yAxis("contacts per day")),
		charts.WithDataZoomOpts(opts.DataZoom{Type: "inside"}),
	)
	chart.ExtendYAxis(opts.YAxis{Name: "agent-hours on duty", Type: "value", Position: "right", SplitLine: &opts.SplitLine{Show: opts.Bool(false)}})
	chart.SetXAxis(cs.days)
	capacity := charts.NewLine()
	capacity.SetXAxis(cs.days)
	drawn := false
	for i, v := range cs.variants {
		value, failure, duty := v.SeriesNamed("contacts.daily.value_demand"), v.SeriesNamed("contacts.daily.failure_demand"), v.SeriesNamed("agents.daily.on_duty_hours")
		if value == nil || failure == nil || duty == nil {
			continue
		}
		drawn = true
		name, color := safeLabel(v.Name), variantColor(i)
		stack := fmt.Sprintf("demand%d", i)
		chart.AddSeries(name+" · value demand", nil, data(floatsN(value.Mean, len(cs.days))),
			charts.WithBarChartOpts(opts.BarChart{Stack: stack, BarCategoryGap: "20%"}), charts.WithItemStyleOpts(opts.ItemStyle{Color: color}))
		chart.AddSeries(name+" · failure demand", nil, data(floatsN(failure.Mean, len(cs.days))),
			charts.WithBarChartOpts(opts.BarChart{Stack: stack}), charts.WithItemStyleOpts(opts.ItemStyle{Color: color, Opacity: opts.Float(0.4)}))
		capacity.AddSeries(name+" · agent-hours on duty", nil, data(floatsN(duty.Mean, len(cs.days))),
			charts.WithLineChartOpts(opts.LineChart{YAxisIndex: 1, ShowSymbol: opts.Bool(false)}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2}), charts.WithItemStyleOpts(opts.ItemStyle{Color: color}))
	}
	if !drawn {
		return
	}
	chart.Overlap(capacity)
	cs.add(chart, "Failure demand (Seddon) is every contact about something that went wrong: a lost, late or damaged parcel, an order late against its promise; value demand is what the service exists for. Chasing and retries are part of failure demand. It is capacity spent on work that failures created.")
}

// data sets a series' values as a plain array: go-echarts' data items
// ({"value": v}) would more than double the size of a season's hourly
// series, and so the time the page takes to open.
func data(values []float64) charts.SeriesOpts {
	items := make([]any, len(values))
	for i, v := range values {
		items[i] = chartValue(v)
	}
	return charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Data = items })
}

// floatsN returns the first n values, NaN where there are fewer.
func floatsN(values []Float, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = math.NaN()
		if i < len(values) {
			out[i] = float64(values[i])
		}
	}
	return out
}

// variantNames returns the variants' names for a category axis.
func (cs *chartSet) variantNames() []string {
	var names []string
	for _, v := range cs.variants {
		names = append(names, safeLabel(v.Name))
	}
	return names
}

// resolutionChart draws the spread of resolution times per variant as
// boxes from the 10th to the 90th percentile.
func (cs *chartSet) resolutionChart() {
	keys := []string{"p10", "p25", "p50", "p75", "p90"}
	var data []opts.BoxPlotData
	for i, v := range cs.variants {
		box := make([]float64, len(keys))
		ok := true
		for k, key := range keys {
			m := v.Metric("cases.resolution." + key)
			if m == nil || math.IsNaN(float64(m.Mean)) {
				ok = false
				break
			}
			box[k] = round5(float64(m.Mean) / 24)
		}
		item := opts.BoxPlotData{Name: safeLabel(v.Name), ItemStyle: &opts.ItemStyle{Color: variantColor(i) + "55", BorderColor: variantColor(i), BorderWidth: 2}}
		if ok {
			item.Value = box
		} else {
			item.Value = "-"
		}
		data = append(data, item)
	}
	chart := charts.NewBoxPlot()
	chart.SetGlobalOptions(cs.global("Resolution time", "from the moment the customer was affected (the promised date missed, or the problem found) to the resolution, resolved cases; box: p25 to p75 with the median, whiskers: p10 and p90 (means across replications)", "item")...)
	chart.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: opts.FuncOpts(tooltipBox)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(yAxis("days")),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	chart.SetXAxis(cs.variantNames())
	chart.AddSeries("resolution time", data)
	cs.add(chart, "A long upper whisker is the customers the season failed: their case took weeks, often past the day they needed the parcel.")
}

// barPerVariant draws one bar per variant with its value and interval as
// the label.
func (cs *chartSet) barPerVariant(title, subtitle, axis, metric string, scale float64, note string) {
	var data []opts.BarData
	found := false
	for i, v := range cs.variants {
		m := v.Metric(metric)
		item := opts.BarData{Value: "-", ItemStyle: &opts.ItemStyle{Color: variantColor(i)}}
		if m != nil {
			found = true
			mean, ci := meanWithCI(m)
			item.Value = chartValue(float64(m.Mean) * scale)
			item.Label = &opts.Label{Show: opts.Bool(true), Position: "top", Formatter: labelText(mean + " " + ci)}
		}
		data = append(data, item)
	}
	if !found {
		return
	}
	chart := charts.NewBar()
	chart.SetGlobalOptions(cs.global(title, subtitle, "axis")...)
	chart.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(yAxis(axis)),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)
	chart.SetXAxis(cs.variantNames())
	chart.AddSeries(title, data, charts.WithBarChartOpts(opts.BarChart{BarWidth: "40%"}))
	cs.add(chart, note)
}

func (cs *chartSet) deadlineChart() {
	cs.barPerVariant("Resolved before the customer's deadline", "share of cases whose customer needed the parcel by a date (Christmas) resolved by then; label: mean [95% interval]",
		"% of cases with a deadline", "cases.resolved_by_deadline", 100, "")
}

// effortChart stacks the components of the effort index per variant, in
// points, so that the bar's height is the index.
func (cs *chartSet) effortChart() {
	components := []struct{ key, label string }{
		{"contacts", "contacts made"}, {"failed", "failed attempts (abandoned, rejected)"},
		{"waiting", "time on hold"}, {"reply_wait", "waiting for a reply"}, {"actions", "actions asked (forms)"},
		{"handoffs", "handoffs"}, {"days_open", "days open"},
	}
	chart := charts.NewBar()
	chart.SetGlobalOptions(cs.global("Customer effort per case", "the effort index and its components, in points per case (weights in the scenario); label: the index, mean [95% interval]", "axis")...)
	chart.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(yAxis("effort points per case")),
	)
	chart.SetXAxis(cs.variantNames())
	found := false
	for k, c := range components {
		var data []opts.BarData
		for _, v := range cs.variants {
			item := opts.BarData{Value: "-"}
			if m := v.Metric("effort.points." + c.key); m != nil {
				found = true
				item.Value = chartValue(float64(m.Mean))
			}
			if k == len(components)-1 {
				if m := v.Metric("effort.index.mean"); m != nil {
					mean, ci := meanWithCI(m)
					item.Label = &opts.Label{Show: opts.Bool(true), Position: "top", Formatter: labelText("index " + strings.TrimSuffix(mean, " points") + " " + ci)}
				}
			}
			data = append(data, item)
		}
		chart.AddSeries(c.label, data, charts.WithBarChartOpts(opts.BarChart{Stack: "effort", BarWidth: "40%"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: effortColors[k]}))
	}
	if found {
		cs.add(chart, "Effort is what the process asks of the customer: every contact, every failed attempt, every hour on hold, every day without a reply and every day of waiting.")
	}
}

// costAxis names the axis of the report's amounts, in the currency of
// its first variant's agent cost.
func (cs *chartSet) costAxis() string {
	if m := cs.variants[0].Metric("agents.cost"); m != nil {
		return costAxis(m.Unit)
	}
	return "cost"
}

// costChart compares the agent cost per team and in all.
func (cs *chartSet) costChart() {
	base := cs.variants[0]
	teams := base.Teams()
	if len(teams) == 0 {
		return
	}
	x := append([]string{"all teams"}, safeLabels(teams)...)
	chart := charts.NewBar()
	chart.SetGlobalOptions(cs.global("Agent cost", "paid agent-hours times each team's cost per hour, over the season", "axis")...)
	chart.SetGlobalOptions(charts.WithXAxisOpts(opts.XAxis{Type: "category"}), charts.WithYAxisOpts(yAxis(cs.costAxis())))
	chart.SetXAxis(x)
	for i, v := range cs.variants {
		data := []opts.BarData{{Value: metricValue(v, "agents.cost")}}
		for _, t := range teams {
			data = append(data, opts.BarData{Value: metricValue(v, sim.TeamMetricName(t, "cost"))})
		}
		chart.AddSeries(safeLabel(v.Name), data, charts.WithItemStyleOpts(opts.ItemStyle{Color: variantColor(i)}))
	}
	cs.add(chart, "")
}

// failureCostChart stacks the cost of failure per variant by what it
// pays for, so that the bar's height is costs.failure.
func (cs *chartSet) failureCostChart() {
	parts := []struct{ key, label, color string }{
		{"agents.cost", "agents", "#4575b4"}, {"costs.refunds", "refunds", "#d73027"},
		{"costs.reships", "reships", "#fc8d59"}, {"costs.couriers", "couriers", "#fee090"},
		{"costs.credits", "credits", "#91bfdb"}, {"costs.owed", "owed at the end", "#e0e0e0"},
		{"costs.compensation", "compensation on detection", "#1a9850"},
		{"costs.customers_lost", "customers lost", "#762a83"},
	}
	if cs.variants[0].Metric("costs.failure") == nil {
		return
	}
	chart := charts.NewBar()
	chart.SetGlobalOptions(cs.global("Cost of failure", "the agents' cost, refunds, reships, couriers, credits, the remedies still owed at the end, compensation and the value of the customers lost, over the season; label: the total, mean [95% interval]", "axis")...)
	chart.SetGlobalOptions(charts.WithXAxisOpts(opts.XAxis{Type: "category"}), charts.WithYAxisOpts(yAxis(cs.costAxis())))
	chart.SetXAxis(cs.variantNames())
	for k, c := range parts {
		var data []opts.BarData
		for _, v := range cs.variants {
			item := opts.BarData{Value: metricValue(v, c.key)}
			if m := v.Metric("costs.failure"); m != nil && k == len(parts)-1 {
				mean, ci := meanWithCI(m)
				item.Label = &opts.Label{Show: opts.Bool(true), Position: "top", Formatter: labelText(mean + " " + ci)}
			}
			data = append(data, item)
		}
		chart.AddSeries(c.label, data, charts.WithBarChartOpts(opts.BarChart{Stack: "cost", BarWidth: "40%"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: c.color}))
	}
	cs.add(chart, "What the failures cost: the agents who answer them, what the company gives back, and the customers who do not come back (priced by costs and customers.value in the scenario).")
}

// outcomeChart counts how the orders that went wrong ended.
func (cs *chartSet) outcomeChart() {
	outcomes := []struct{ key, label string }{
		{"outcomes.delivered_late", "delivered late"}, {"outcomes.reshipped", "reshipped"},
		{"outcomes.backorder_delivered", "backorder delivered"}, {"outcomes.refunded", "refunded"},
		{"outcomes.credited", "credited"}, {"outcomes.unresolved", "unresolved at the end"},
		{"outcomes.undispatched", "never dispatched"},
	}
	var x []string
	for _, o := range outcomes {
		x = append(x, o.label)
	}
	chart := charts.NewBar()
	chart.SetGlobalOptions(cs.global("Outcome of the orders that went wrong", "orders by how they ended (the orders delivered on time are left out)", "axis")...)
	chart.SetGlobalOptions(charts.WithXAxisOpts(opts.XAxis{Type: "category"}), charts.WithYAxisOpts(yAxis("orders")))
	chart.SetXAxis(x)
	found := false
	for i, v := range cs.variants {
		var data []opts.BarData
		for _, o := range outcomes {
			if v.Metric(o.key) != nil {
				found = true
			}
			data = append(data, opts.BarData{Value: metricValue(v, o.key)})
		}
		chart.AddSeries(safeLabel(v.Name), data, charts.WithItemStyleOpts(opts.ItemStyle{Color: variantColor(i)}))
	}
	if found {
		cs.add(chart, "A refund where the customer wanted the gift is a lost sale and often a lost customer.")
	}
}

// channelCharts compare the channels of scenarios without a season, such as
// the textbook queues: service level, waiting and occupancy.
func (cs *chartSet) channelCharts() {
	channels := cs.variants[0].Channels()
	if len(channels) == 0 {
		return
	}
	bar := func(title, subtitle, axis, key string, scale float64) {
		chart := charts.NewBar()
		chart.SetGlobalOptions(cs.global(title, subtitle, "axis")...)
		chart.SetGlobalOptions(charts.WithXAxisOpts(opts.XAxis{Type: "category"}), charts.WithYAxisOpts(yAxis(axis)))
		chart.SetXAxis(safeLabels(channels))
		for i, v := range cs.variants {
			var data []opts.BarData
			for _, ch := range channels {
				val := math.NaN()
				if m := v.Metric(ch + "." + key); m != nil {
					val = float64(m.Mean) * scale
				}
				data = append(data, opts.BarData{Value: chartValue(val)})
			}
			chart.AddSeries(safeLabel(v.Name), data, charts.WithItemStyleOpts(opts.ItemStyle{Color: variantColor(i)}))
		}
		cs.add(chart, "")
	}
	bar("Service level by channel", "share of contacts offered answered within the channel's target", "% of contacts offered", "service_level", 100)
	longest := 0.0
	for _, v := range cs.variants {
		for _, ch := range channels {
			if m := v.Metric(sim.ChannelMetricName(ch, "backlog_age.mean")); m != nil && float64(m.Mean) > longest {
				longest = float64(m.Mean)
			}
		}
	}
	wait := scaleOf("hours", longest)
	bar("Mean time in queue by channel", "every contact's time in the queue, zero waits included: answered, abandoned, or still waiting at the end", axisName("hours", wait), "backlog_age.mean", wait.factor)
	bar("Abandonment by channel", "share of contacts offered whose customer gave up waiting", "% of contacts offered", "abandon_rate", 100)
	bar("Occupancy by channel", "agent-hours on the channel's contacts over agent-hours on duty", "% of agent time", "occupancy", 100)
}

func metricValue(s *Scenario, name string) any {
	if m := s.Metric(name); m != nil {
		return chartValue(float64(m.Mean))
	}
	return "-"
}

func safeLabels(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = safeLabel(n)
	}
	return out
}

// labelText turns a label into an ECharts label formatter: a template in
// which braces would be read as placeholders, so they are replaced.
func labelText(s string) types.FuncStr {
	return types.FuncStr(strings.NewReplacer("{", "(", "}", ")").Replace(s))
}
