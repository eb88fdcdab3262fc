package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/stats"
)

// A figure is a metric the summary table shows and the sentences speak of.
type figure struct {
	metric string
	label  string // the row's heading
	short  string // its name inside a sentence
	// judged says whether the report calls a change of the figure better
	// or worse, on the side the metric catalogue gives it
	// (sim.SideOf); a figure shown only for what it explains is not.
	judged bool
}

// seasonFigures are the key figures of a season, in the order of the
// table: resolution time, customer effort, backlog, cost and outcome.
var seasonFigures = []figure{
	{"cases.resolution.p90", "Resolution time, p90", "p90 resolution", true},
	{"cases.resolution.mean", "Resolution time, mean", "mean resolution", true},
	{"cases.resolved_by_deadline", "Resolved by the customer's deadline", "deadlines met", true},
	// Open at the end counts the cases the company opened itself that only
	// wait for the carrier, as the open cases below do: not judged.
	{"cases.open_at_end", "Cases still open at the end", "cases open at the end", false},
	{"effort.index.mean", "Customer effort index per case", "effort index", true},
	{"effort.contacts.mean", "Contacts per case", "contacts per case", true},
	{"effort.index.total", "Customer effort, all cases", "total effort", true},
	{"failure_demand_share", "Failure demand, share of contacts", "failure demand", true},
	{"repeat_contact_share", "Repeat contacts (chasing), share of contacts", "repeat contacts", true},
	{"contacts.total", "Contacts offered, all channels", "contacts", true},
	{"customers.lost", "Customers lost (expected, churn model)", "customers lost", true},
	{"backlog.work.mean", "Work backlog (cases awaiting an answer or in work), mean", "mean work backlog", true},
	{"backlog.work.max", "Work backlog, peak", "peak work backlog", true},
	// All open cases, work or not: a case the company opens itself to tell
	// the customer is no worse than one nobody opened. The work backlog
	// above is what is better or worse.
	{"backlog.open_cases.mean", "Open cases (work and waiting), mean over the season", "open cases", false},
	{"backlog.open_cases.max", "Open cases (work and waiting), peak", "peak open cases", false},
	// A part of another key figure is shown but not judged, so that the
	// verdict's count does not weigh one effect twice: paid hours are the
	// agent cost's, compensation and refunds the cost of failure's, the
	// value of the customers lost the customers lost's, the remedies owed
	// at the end the cost of failure's. More refunds in the season are
	// often only fewer cases left open at its end, and fewer remedies owed.
	{"agents.paid_hours", "Agent hours paid", "agent hours", false},
	{"agents.cost", "Agent cost", "agent cost", true},
	{"costs.compensation", "Compensation paid on detection", "compensation", false},
	{"costs.customers_lost", "Value of the customers lost", "value of customers lost", false},
	{"costs.owed", "Remedies owed at the end (expected)", "remedies owed", false},
	{"costs.failure", "Cost of failure", "cost of failure", true},
	{"outcomes.refunded", "Orders refunded", "refunds", false},
	{"parcels.reships", "Reships sent", "reships", false},
	{"outcomes.unresolved", "Orders unresolved at the end", "unresolved orders", true},
}

// side is the side the report judges the figure on: the catalogue's, for
// a judged figure.
func (f figure) side() sim.Side {
	if !f.judged {
		return sim.Neither
	}
	return sim.SideOf(f.metric)
}

// figures returns the key figures of the scenarios: the season's, then
// each channel's service, in the order of the baseline's channels.
func figures(base *Scenario) []figure {
	var out []figure
	for _, f := range seasonFigures {
		if base.Metric(f.metric) != nil {
			out = append(out, f)
		}
	}
	for _, ch := range base.Channels() {
		name := safeLabel(ch)
		// The general enquiries' service level and time in queue are
		// judged in place of every contact's when those differ
		// (composition.asJudged).
		enquiries := hasEnquiries(base, ch)
		out = append(out, figure{sim.ChannelMetricName(ch, "service_level"), name + ": service level", name + " service level", true})
		if enquiries {
			out = append(out, figure{sim.ChannelMetricName(ch, "enquiries_service_level"), name + ": service level, general enquiries", name + " enquiries' service level", false})
		}
		// Nobody abandons an email: the row would only be noise.
		if m := base.Metric(sim.ChannelMetricName(ch, "abandon_rate")); m != nil && m.Mean != 0 {
			out = append(out, figure{sim.ChannelMetricName(ch, "abandon_rate"), name + ": abandoned", name + " abandonment", true})
		}
		// Every contact's time in the queue, a still waiting one's up to
		// the end: the mean wait of answered contacts alone comes out longer
		// for a team that answers more of its oldest messages before the end.
		out = append(out, figure{sim.ChannelMetricName(ch, "backlog_age.mean"), name + ": mean time in queue", name + " mean time in queue", true})
		if enquiries {
			out = append(out, figure{sim.ChannelMetricName(ch, "enquiries_age.mean"), name + ": mean time in queue, general enquiries", name + " enquiries' mean time in queue", false})
		}
	}
	return out
}

// Channels returns the names of the scenario's channels in order, from
// its metrics.
func (s *Scenario) Channels() []string {
	return namesBetween(s, "", ".offered")
}

// Teams returns the names of a season's teams in order, from its metrics.
func (s *Scenario) Teams() []string {
	return namesBetween(s, "teams.", ".paid_hours")
}

func namesBetween(s *Scenario, prefix, suffix string) []string {
	var names []string
	for _, m := range s.Metrics {
		if rest, ok := strings.CutPrefix(m.Name, prefix); ok {
			if name, ok := strings.CutSuffix(rest, suffix); ok && (prefix != "" || !strings.Contains(name, ".")) {
				names = append(names, name)
			}
		}
	}
	return names
}

// A comparison is the difference of a metric between a variant and the
// baseline, variant minus baseline.
type comparison struct {
	stats.Summary
	paired bool
}

// compare returns the difference of metric m of variant sc from the
// baseline's. With the same seed and number of replications the variants
// ran on common random numbers, replication i of one against replication i
// of the other, and the interval is the paired one; otherwise the samples
// are independent and the interval is Welch's.
func compare(base, sc *Scenario, baseMetric, m *Metric) comparison {
	a, b := floats(baseMetric.Values), floats(m.Values)
	ratios := len(baseMetric.Den) == len(a) && len(m.Den) == len(b) && len(a) > 0 && len(b) > 0
	if base.Seed == sc.Seed && len(a) == len(b) {
		if ratios {
			return comparison{stats.SummarizePairedRatio(floats(baseMetric.Num), floats(baseMetric.Den), floats(m.Num), floats(m.Den)), true}
		}
		return comparison{stats.SummarizePaired(a, b), true}
	}
	if ratios {
		return comparison{stats.SummarizeWelchRatio(floats(baseMetric.Num), floats(baseMetric.Den), floats(m.Num), floats(m.Den)), false}
	}
	return comparison{stats.SummarizeWelch(a, b), false}
}

func floats(fs []Float) []float64 {
	out := make([]float64, len(fs))
	for i, f := range fs {
		out[i] = float64(f)
	}
	return out
}

// significant reports whether the 95% interval of the difference excludes
// zero.
func (c comparison) significant() bool {
	return c.Lo95 > 0 || c.Hi95 < 0
}

// verdict says what a difference means for a figure, one over other
// cases or contacts (over, from composition.unjudged) or not: "better",
// "worse", "higher", "lower", "lower, over other cases", or "no
// significant difference".
func (c comparison) verdict(f figure, over string) string {
	switch {
	case c.Mean == 0 && c.Lo95 == 0 && c.Hi95 == 0:
		return "" // describe says "no change"
	case math.IsNaN(c.Lo95) || !c.significant():
		return "no significant difference"
	case over != "":
		return pick(c.Mean > 0, "higher", "lower") + ", over other " + over
	case f.side() == sim.Neither && c.Mean > 0:
		return "higher"
	case f.side() == sim.Neither:
		return "lower"
	case (c.Mean > 0) == (f.side() == sim.MoreIsBetter):
		return "better"
	default:
		return "worse"
	}
}

// describe writes the difference in words: "6.1 days shorter [5.4, 6.8]".
func (c comparison) describe(unit string) string {
	lo, hi := c.Lo95, c.Hi95
	if c.Mean < 0 {
		lo, hi = -hi, -lo
	}
	if c.Mean == 0 && lo == 0 && hi == 0 {
		return "no change"
	}
	sc := scaleOf(unit, math.Max(math.Abs(lo), math.Abs(hi)))
	text := sc.formatDiff(c.Mean) + " " + direction(unit, c.Mean)
	if !math.IsNaN(lo) {
		text += fmt.Sprintf(" [%s, %s]", signed(lo*sc.factor), signed(hi*sc.factor))
	}
	return text
}

// signed writes an interval bound in the direction the words give, with a
// minus sign only when the interval crosses to the other side.
func signed(v float64) string {
	if v < 0 {
		return "−" + number(-v)
	}
	return number(v)
}

func direction(unit string, diff float64) string {
	up := diff > 0
	switch {
	case unit == "hours" || unit == "days":
		return pick(up, "longer", "shorter")
	case unit == "share" || unit == "points" || unit == "agent-hours" || isMoney(unit):
		return pick(up, "higher", "lower")
	default:
		return pick(up, "more", "fewer")
	}
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

// rawNumber is a metric's mean exactly as results.json writes it, for the
// data-mean attribute of the summary table.
func rawNumber(v Float) string {
	b, _ := v.MarshalJSON()
	return string(b)
}

// meanWithCI writes a metric's mean and its 95% interval for a person:
// "4.2 days [3.9, 4.5]".
func meanWithCI(m *Metric) (mean, ci string) { return estimateWithCI(&m.Estimate) }

// estimateWithCI writes an estimate's mean and its 95% interval, as
// meanWithCI.
func estimateWithCI(m *Estimate) (mean, ci string) {
	return estimateIn(m, scaleOf(m.Unit, float64(m.Mean)))
}

// estimateIn writes an estimate as estimateWithCI does, in scale sc: the
// scale of a table's row, so that one figure is in one unit across
// variants.
func estimateIn(m *Estimate, sc scale) (mean, ci string) {
	v, lo, hi := float64(m.Mean), float64(m.CI95[0]), float64(m.CI95[1])
	if math.IsNaN(v) {
		return "–", ""
	}
	lo, hi = clipToRange(m.Unit, lo, hi)
	if math.IsNaN(lo) || lo == hi {
		return sc.format(v), ""
	}
	return sc.format(v), "[" + number(lo*sc.factor) + ", " + number(hi*sc.factor) + "]"
}

// clipToRange clips an interval to the values a figure of the unit can
// take: a share lies in [0, 1], and no count, duration, cost or score is
// negative. The t interval of a mean knows nothing of that.
func clipToRange(unit string, lo, hi float64) (float64, float64) {
	if unit == "share" {
		return min(max(lo, 0), 1), min(max(hi, 0), 1)
	}
	return max(lo, 0), max(hi, 0)
}

// summarySentence states a variant's result in plain words: for the
// baseline, its headline figures; for another variant, a verdict (on how
// many key figures it is better and worse, what it costs to run), then every
// key figure that changed significantly, better ones and worse ones apart,
// the largest relative effect first. None is dropped for space: the table
// gives their intervals.
func summarySentence(base, sc *Scenario, isBase bool) string {
	name := safeLabel(sc.Name)
	switch {
	case sc.Replications == 0:
		return name + ": did not run: the run was interrupted before its first replication."
	case isBase:
		return name + ": " + headline(sc) + "."
	case base.Replications == 0:
		return name + ": " + headline(sc) + "; no comparison, the baseline did not run."
	}
	against := name + " against " + safeLabel(base.Name)
	type effect struct {
		text string
		size float64 // the change relative to the baseline's value
	}
	byVerdict := map[string][]effect{}
	// unjudged holds the effects not judged, by the population they are
	// over: the cases, or a channel's contacts.
	unjudged := map[*population][]effect{}
	judged := 0
	mix := compositionOf(base, sc)
	for _, f := range figures(base) {
		f = mix.asJudged(f)
		bm, m := base.Metric(f.metric), sc.Metric(f.metric)
		if bm == nil || m == nil || (standsIn(f.metric) && !f.judged) {
			continue // a stand-in not judged: every contact's figure speaks
		}
		c := compare(base, sc, bm, m)
		over := mix.unjudged(f, c, bm)
		if f.side() != sim.Neither && over == nil && !math.IsNaN(c.Mean) {
			judged++
		}
		if math.IsNaN(c.Lo95) || !c.significant() {
			continue
		}
		size := math.Abs(c.Mean)
		if b := math.Abs(float64(bm.Mean)); b > 0 {
			size /= b
		}
		scale := scaleOf(m.Unit, math.Abs(c.Mean))
		e := effect{f.short + " " + scale.formatDiff(c.Mean) + " " + direction(m.Unit, c.Mean), size}
		if over != nil {
			unjudged[over] = append(unjudged[over], e)
			continue
		}
		kind := c.verdict(f, "")
		if kind != "better" && kind != "worse" {
			kind = "neither"
		}
		byVerdict[kind] = append(byVerdict[kind], e)
	}
	better, worse := len(byVerdict["better"]), len(byVerdict["worse"])
	if better+worse+len(byVerdict["neither"])+len(unjudged) == 0 {
		return fmt.Sprintf("%s: no significant difference on any key figure over %d replications.", against, sc.Replications)
	}
	list := func(es []effect) string {
		slices.SortStableFunc(es, func(a, b effect) int { return cmp.Compare(b.size, a.size) })
		texts := make([]string, len(es))
		for i, e := range es {
			texts[i] = e.text
		}
		return strings.Join(texts, "; ")
	}
	text := fmt.Sprintf("%s: better on %d of %d key figures, worse on %d; %s.", against, better, judged, worse, runningCost(base, sc))
	for _, p := range mix.apart() {
		text += p.clause(list(unjudged[p]))
	}
	if better > 0 {
		text += " Better, largest change first: " + list(byVerdict["better"]) + "."
	}
	if worse > 0 {
		text += " Worse: " + list(byVerdict["worse"]) + "."
	}
	if len(byVerdict["neither"]) > 0 {
		text += " Also: " + list(byVerdict["neither"]) + "."
	}
	return text
}

// runningCost says what a variant costs to run against the baseline: the
// difference in agent cost and in compensation paid, where significant,
// and what that buys: the change in the cost of failure, which includes
// both, so that a director reads at once whether the change pays for
// itself.
func runningCost(base, sc *Scenario) string {
	var parts []string
	measured, priced := false, false
	for _, c := range []struct{ metric, what string }{{"agents.cost", "agent cost"}, {"costs.compensation", "compensation"}} {
		bm, m := base.Metric(c.metric), sc.Metric(c.metric)
		if bm == nil || m == nil {
			continue
		}
		measured = true
		priced = priced || bm.Mean != 0 || m.Mean != 0
		if d := compare(base, sc, bm, m); d.significant() {
			parts = append(parts, fmt.Sprintf("%s %s in %s", scaleOf(m.Unit, d.Mean).formatDiff(d.Mean), pick(d.Mean > 0, "more", "less"), c.what))
		}
	}
	switch {
	case !measured:
		// A contact centre without a season counts no paid hours.
		return "the run measures no cost"
	case !priced:
		return "its cost is not priced (no team has a cost_per_hour)"
	}
	text := "it costs the same to run"
	if len(parts) > 0 {
		text = "it costs " + strings.Join(parts, " and ")
	}
	bm, m := base.Metric("costs.failure"), sc.Metric("costs.failure")
	if bm == nil || m == nil {
		return text
	}
	includes := ""
	if len(parts) > 0 {
		includes = ", which includes " + pick(len(parts) > 1, "them", "it") + ","
	}
	switch d := compare(base, sc, bm, m); {
	case d.significant():
		return fmt.Sprintf("%s, and %s the cost of failure%s by %s", text, pick(d.Mean < 0, "lowers", "raises"), includes, scaleOf(m.Unit, d.Mean).formatDiff(d.Mean)) + unpricedCustomers(base, sc)
	case len(parts) > 0:
		return text + ", and the cost of failure" + includes + " shows no significant difference" + unpricedCustomers(base, sc)
	}
	return text
}

// unpricedCustomers says, when the customers lost change but have no
// value in the scenario (no customers.value), that the cost of failure
// leaves them out: a change that keeps thousands of customers would
// otherwise read as one that only costs its agents.
func unpricedCustomers(base, sc *Scenario) string {
	bm, m := base.Metric("customers.lost"), sc.Metric("customers.lost")
	bv, v := base.Metric("costs.customers_lost"), sc.Metric("costs.customers_lost")
	if bm == nil || m == nil || bv == nil || v == nil || bv.Mean != 0 || v.Mean != 0 {
		return ""
	}
	d := compare(base, sc, bm, m)
	if !d.significant() {
		return ""
	}
	return fmt.Sprintf(" (leaving out the customers lost, %s %s, whom the scenario does not price: customers.value)",
		number(math.Abs(d.Mean)), pick(d.Mean > 0, "more", "fewer"))
}

func shortName(metric string) string {
	for _, f := range seasonFigures {
		if f.metric == metric {
			return f.short
		}
	}
	return metric
}

// headline writes a scenario's own key figures: for a season, resolution,
// effort and backlog; for a contact centre, each channel's service.
func headline(sc *Scenario) string {
	value := func(metric string) string {
		if m := sc.Metric(metric); m != nil {
			return display(float64(m.Mean), m.Unit)
		}
		return "–"
	}
	if opened := sc.Metric("cases.opened"); opened != nil {
		p90 := value("cases.resolution.p90")
		// A case still open at the end counts at its age then, the least its
		// resolution time can be. With a tenth of the cases open, the p90
		// may be one of those ages and the true one any longer.
		if open := sc.Metric("cases.open_at_end"); open != nil && opened.Mean > 0 && open.Mean >= 0.1*opened.Mean {
			p90 = fmt.Sprintf("at least %s (%s of the cases still open at the end)", p90, display(float64(open.Mean/opened.Mean), "share"))
		}
		return fmt.Sprintf("p90 resolution %s, %s of deadlines met, effort index %s per case, failure demand %s of contacts, peak work backlog %s cases",
			p90, value("cases.resolved_by_deadline"), strings.TrimSuffix(value("effort.index.mean"), " points"),
			value("failure_demand_share"), strings.TrimSuffix(value("backlog.work.max"), " cases"))
	}
	var parts []string
	for _, ch := range sc.Channels() {
		parts = append(parts, fmt.Sprintf("%s answers %s within target, mean time in queue %s",
			safeLabel(ch), value(sim.ChannelMetricName(ch, "service_level")), value(sim.ChannelMetricName(ch, "backlog_age.mean"))))
	}
	return strings.Join(parts, "; ")
}
