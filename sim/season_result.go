package sim

import (
	"cmp"
	"math"

	"github.com/peaksim/peaksim/sim/stats"
)

// SeasonResult is what one replication of a season measured, beyond the
// per-channel statistics.
type SeasonResult struct {
	Orders, Shipped int64
	// Parcels counts parcels that went wrong (cases, noticed or not);
	// Reships counts the reships sent.
	Parcels, Reships int64
	// Outcomes counts orders by how they ended; they sum to Orders.
	Outcomes [numOutcomes]int64

	CasesOpened, CasesResolved, OpenAtEnd int64
	// Detected counts cases the company opened before the customer noticed.
	Detected int64
	// WithDeadline counts noticed cases whose customer had a deadline, and
	// MetDeadline those resolved by it.
	WithDeadline, MetDeadline int64
	// AtRisk counts customers at risk of churning (Customer.ChurnContacts,
	// or a missed deadline).
	AtRisk int64
	// DispatchedLate counts orders that left the warehouse too late to
	// arrive by their promised date, UndispatchedLate those still in it at
	// the end past that date, and LateOrderCases the cases their customers
	// opened (Exception.LateOrders).
	DispatchedLate, UndispatchedLate, LateOrderCases int64
	// StaleTrackingCases counts the cases of customers who wrote in early
	// because the tracking page still said "in fulfillment".
	StaleTrackingCases int64
	// LateUnnoticed counts the late orders that arrived before their
	// customer noticed: outcome delivered_late without a case.
	LateUnnoticed int64
	// CustomersLost is the expected number of customers lost: the sum over
	// opened cases of the customer's churn probability (Customer.Churn).
	CustomersLost float64
	// Compensated counts cases the company compensated proactively, each
	// once; Compensation is what it gave (credits and refunds), and
	// RefundCost what the refunds of its resolutions cost.
	Compensated              int64
	Compensation, RefundCost float64
	// OwedCost is what the remedies of the problems unresolved at the end
	// are expected to cost (seasonState.owed).
	OwedCost float64
	// StillQueued counts contacts waiting in a queue at the end.
	StillQueued int64
	// What the workflows and policies did: forms sent, lost and sent
	// again; handoffs and the context lost in them; notifications;
	// escalations; couriers; data errors a new parcel repeated; and
	// contacts a self-service page answered instead.
	FormsSent, FormsLost, FormsResent       int64
	Handoffs, ContextLost, Notifications    int64
	Escalated, Couriers, DataErrorsRepeated int64
	Deflected                               int64
	// DatedNotices counts notices that gave a new expected date, and
	// BrokenNotices those whose date passed with the case still open.
	DatedNotices, BrokenNotices int64

	// FormsLostOnReceipt counts the forms lost by the company after they
	// came back (also in FormsLost), FormsSwitched the ask steps whose
	// customer asked for the other medium, and SpoiledSurprises the gifts
	// whose recipient a form was sent to.
	FormsLostOnReceipt, FormsSwitched, SpoiledSurprises int64
	// Unreachable counts the late parcels whose driver could not reach the
	// customer, left somewhere (Exception.Unreachable).
	Unreachable int64

	// Resolution is the time from the moment the customer was affected to
	// the resolution, hours, of every noticed case: one still open at the
	// end counts its age then.
	Resolution stats.Tally
	// Per noticed case, resolved or open at the end: contact attempts,
	// failed ones, hours on hold, days waiting for a reply, days open, and
	// the effort index.
	Contacts, FailedContacts, WaitHours, ReplyWaitDays, DaysOpen, EffortIndex stats.Tally
	// Per noticed case: actions asked of the customer, and handoffs.
	Actions, CaseHandoffs stats.Tally
	// EffortWeights are the weights EffortIndex was computed with, so that
	// its components can be reported in points.
	EffortWeights EffortWeights
	// Prices and CustomerValue are the season's Costs and Customer.Value,
	// so that the costs can be reported in currency.
	Prices Costs
	// CostUnit is the unit of every cost figure: the season's currency
	// code, or "currency".
	CostUnit      string
	CustomerValue float64

	OrdersPerDay []float64
	// LateOrdersPerDay[d] counts the late-order cases opened on day d.
	LateOrdersPerDay []float64
	// Hourly series, sampled at the top of each hour.
	OpenCases, UndispatchedOrders []float64
	OpenByStage                   [numStages][]float64
	Queued, OldestWait            [][]float64 // per channel
	// OfferedByHour[c][h] counts the contacts offered to channel c (in
	// model order) in hour h, counted as DayStats.Offered is (an accepted
	// callback in the hour it was accepted): a day's 24 hours add up to its
	// Daily[d].Offered. For planners; not a Series.
	OfferedByHour [][]float64
}

func newSeasonResult(m *Model, days int) *SeasonResult {
	hours := m.hours()
	r := &SeasonResult{
		OrdersPerDay:       make([]float64, days),
		LateOrdersPerDay:   make([]float64, days),
		OpenCases:          make([]float64, hours),
		UndispatchedOrders: make([]float64, hours),
		Queued:             make([][]float64, len(m.Channels)),
		OldestWait:         make([][]float64, len(m.Channels)),
		OfferedByHour:      make([][]float64, len(m.Channels)),
	}
	for i := range r.OpenByStage {
		r.OpenByStage[i] = make([]float64, hours)
	}
	for i := range m.Channels {
		r.Queued[i] = make([]float64, hours)
		r.OldestWait[i] = make([]float64, hours)
		r.OfferedByHour[i] = make([]float64, hours)
	}
	r.Resolution.EnableQuantiles()
	r.EffortIndex.EnableQuantiles()
	r.EffortWeights = m.Season.Customer.EffortWeights
	r.Prices, r.CustomerValue = m.Season.Costs, m.Season.Customer.Value
	r.CostUnit = cmp.Or(m.Season.Currency, "currency")
	return r
}

// SeasonMetricDefs lists the season-wide metrics a season run reports
// besides the channel metrics, with the per-team metrics
// (TeamMetricDefs) apart.
func SeasonMetricDefs() []MetricDef {
	var defs []MetricDef
	for _, m := range seasonMetricList(&RepResult{Season: &SeasonResult{CostUnit: "currency"}}) {
		defs = append(defs, MetricDef{Key: m.Name, Unit: m.Unit, Definition: m.def})
	}
	return defs
}

type seasonMetric struct {
	Metric
	def string
}

func (r *RepResult) seasonMetrics() []Metric {
	var out []Metric
	for _, m := range seasonMetricList(r) {
		out = append(out, m.Metric)
	}
	for _, t := range r.Teams {
		for _, d := range TeamMetricDefs() {
			m := Metric{Name: TeamMetricName(t.Name, d.Key), Unit: d.Unit}
			switch d.Key {
			case "occupancy":
				m.Value = t.Occupancy()
			case "overtime_hours":
				m.Value = t.OvertimeHours
			case "extra_hours":
				m.Value = t.ExtraHours
			case "paid_hours":
				m.Value = t.PaidHours
			case "cost":
				m.Unit, m.Value = r.Season.CostUnit, t.Cost
			}
			out = append(out, m)
		}
	}
	return out
}

func seasonMetricList(r *RepResult) []seasonMetric {
	s := r.Season
	var offered, failure, repeat int64
	for _, c := range r.Channels {
		// An accepted callback is offered on two channels but is one contact.
		offered += c.Offered - c.CallbacksAccepted
		failure += c.FailureDemand
		repeat += c.RepeatContacts
	}
	var paid, cost float64
	for _, t := range r.Teams {
		paid += t.PaidHours
		cost += t.Cost
	}
	w := s.EffortWeights
	work := s.workBacklog()
	m := func(name, unit string, v float64, def string) seasonMetric {
		return seasonMetric{Metric{Name: name, Unit: unit, Value: v}, def}
	}
	// share is a rate, with its numerator and denominator.
	share := func(name string, num, den int64, def string) seasonMetric {
		return seasonMetric{Metric{Name: name, Unit: "share", Value: ratio(num, den), Num: float64(num), Den: float64(den)}, def}
	}
	list := []seasonMetric{
		m("orders.placed", "orders", float64(s.Orders), "orders placed over the season"),
		m("orders.shipped", "orders", float64(s.Shipped), "orders dispatched (reships not included)"),
		m("parcels.problems", "parcels", float64(s.Parcels), "parcels that went wrong (lost, late, damaged...), noticed or not"),
		m("parcels.reships", "parcels", float64(s.Reships), "reships sent"),
	}
	for o := range numOutcomes {
		list = append(list, m("outcomes."+o.String(), "orders", float64(s.Outcomes[o]), "orders that ended "+outcomeDefs[o]))
	}
	list = append(list,
		m("orders.dispatched_late", "orders", float64(s.DispatchedLate), "orders that left the warehouse too late to arrive by the date promised when they were placed"),
		m("orders.undispatched_late", "orders", float64(s.UndispatchedLate), "orders still in the warehouse at the end whose promised delivery date had passed"),
		share("orders.late_share", s.DispatchedLate+s.UndispatchedLate, s.Orders, "orders late against their promise because of the warehouse (dispatched late, or still waiting past the promised date at the end), over orders placed"),
		m("cases.late_orders", "cases", float64(s.LateOrderCases), "cases opened by customers whose order had not arrived by its promised date because it left the warehouse late (where is my order)"),
		m("cases.stale_tracking", "cases", float64(s.StaleTrackingCases), "cases opened before the promised date by customers whose tracking page still said \"in fulfillment\" (fulfilment.tracking)"),
		m("cases.opened", "cases", float64(s.CasesOpened), "problems that opened a case: the customer noticed, or the company detected them first"),
		m("cases.detected", "cases", float64(s.Detected), "cases the company detected and opened before the customer noticed"),
		m("cases.compensated", "cases", float64(s.Compensated), "cases whose customer the company compensated when it detected the failure, before they asked (policies.compensation), each counted once"),
		m("cases.resolved", "cases", float64(s.CasesResolved), "cases resolved before the end"),
		m("cases.open_at_end", "cases", float64(s.OpenAtEnd), "cases still open at the end"),
		m("cases.resolution.mean", "hours", s.Resolution.Mean(), "mean time from the moment the customer was affected to the resolution, every noticed case (one still open at the end counts its age then, the least its resolution time can be): from the promised date for an order that did not come (lost, late, misdelivered, backordered, late from the warehouse), from when the problem was found for one that came with a problem; the same whoever opened the case"),
		m("cases.resolution.p10", "hours", s.Resolution.Quantile(0.1), "10th percentile of the resolution time"),
		m("cases.resolution.p25", "hours", s.Resolution.Quantile(0.25), "25th percentile (lower quartile) of the resolution time"),
		m("cases.resolution.p50", "hours", s.Resolution.Quantile(0.5), "median resolution time"),
		m("cases.resolution.p75", "hours", s.Resolution.Quantile(0.75), "75th percentile (upper quartile) of the resolution time"),
		m("cases.resolution.p90", "hours", s.Resolution.Quantile(0.9), "90th percentile of the resolution time"),
		m("cases.resolution.p99", "hours", s.Resolution.Quantile(0.99), "99th percentile of the resolution time"),
		share("cases.resolved_by_deadline", s.MetDeadline, s.WithDeadline, "share of cases whose customer had a deadline (only an order promised for delivery by then has one) that were resolved by it"),
		m("effort.contacts.mean", "contacts", s.Contacts.Mean(), "contact attempts per case, abandoned and rejected ones included"),
		m("effort.failed.mean", "contacts", s.FailedContacts.Mean(), "abandoned or rejected attempts per case"),
		m("effort.wait_hours.mean", "hours", s.WaitHours.Mean(), "hours per case spent on hold in the queues of real-time channels (phone, chat); waiting for a written reply counts in effort.reply_wait_days.mean"),
		m("effort.reply_wait_days.mean", "days", s.ReplyWaitDays.Mean(), "days per case the customer waited, with no news, for a written reply (email, social, a letter from its posting) or a callback: from their first unanswered message to the next answer, notice or resolution, or the end"),
		m("effort.days_open.mean", "days", s.DaysOpen.Mean(), "days per case from noticing to resolution (or the end)"),
		m("effort.actions.mean", "actions", s.Actions.Mean(), "things asked of the customer per case: forms to fill in and send, each sending counted"),
		m("effort.handoffs.mean", "handoffs", s.CaseHandoffs.Mean(), "times per case the case passed to another team"),
		m("effort.index.mean", "points", s.EffortIndex.Mean(), "effort index per case: the weighted sum of the seven components above (weights in the scenario; default 1 per contact, 0.5 per failed attempt, 1 per hour on hold, 1 per day waiting for a reply, 0.25 per day open, 1 per action, 0.5 per handoff)"),
		m("effort.index.total", "points", s.EffortIndex.Sum(), "the effort index summed over every case: the total beside the mean per case, which cases of little effort dilute"),
		m("effort.index.p90", "points", s.EffortIndex.Quantile(0.9), "90th percentile of the effort index"),
		m("effort.points.contacts", "points", w.Contacts*s.Contacts.Mean(), "the contacts' share of effort.index.mean: contacts per case times their weight"),
		m("effort.points.failed", "points", w.Failed*s.FailedContacts.Mean(), "the failed attempts' share of effort.index.mean"),
		m("effort.points.waiting", "points", w.WaitHours*s.WaitHours.Mean(), "the waiting's share of effort.index.mean"),
		m("effort.points.reply_wait", "points", w.ReplyWaitDays*s.ReplyWaitDays.Mean(), "the wait for replies' share of effort.index.mean"),
		m("effort.points.days_open", "points", w.DaysOpen*s.DaysOpen.Mean(), "the days open's share of effort.index.mean"),
		m("effort.points.actions", "points", w.Actions*s.Actions.Mean(), "the actions' share of effort.index.mean"),
		m("effort.points.handoffs", "points", w.Handoffs*s.CaseHandoffs.Mean(), "the handoffs' share of effort.index.mean"),
		m("contacts.total", "contacts", float64(offered), "contacts offered on every channel, an accepted callback counted once: the total beside the per-case means"),
		share("failure_demand_share", failure, offered, "failure demand (Seddon: demand caused by a failure to do something, or to do it right, for the customer): contacts about a parcel that went wrong or an order late against its promise, over all contacts offered"),
		share("repeat_contact_share", repeat, offered, "repeat contacts: contacts about a case whose customer had contacted the company about it before (chasing, retrying an abandoned call), over all contacts offered; a notice from the company is not a contact"),
		m("customers.at_risk", "customers", float64(s.AtRisk), "customers at risk of churning by the contact-count rule: at least customers.churn_contacts contacts, or a missed deadline (kept for comparison with customers.lost)"),
		m("customers.lost", "customers", s.CustomersLost, "expected customers lost: the sum over cases of the customer's churn probability, which rises with the case's effort index and a missed deadline, falls with proactive compensation, and is damped by the customer's attachment to the product (customers.churn)"),
		m("backlog.work.mean", "cases", mean(work), "the work backlog: open cases awaiting a first answer or with their resolution queued or in progress, averaged over the hours of the season; cases that only wait (for the carrier, a restock, the customer's form) are not in it"),
		m("backlog.work.max", "cases", maxOf(work), "most cases in the work backlog at the top of any hour"),
		m("backlog.open_cases.mean", "cases", mean(s.OpenCases), "open cases, averaged over the hours of the season"),
		m("backlog.open_cases.max", "cases", maxOf(s.OpenCases), "most cases open at the top of any hour"),
		m("backlog.undispatched.max", "orders", maxOf(s.UndispatchedOrders), "most orders waiting for dispatch at the top of any hour"),
		m("contacts.still_queued", "contacts", float64(s.StillQueued), "contacts still waiting in a queue at the end"),
		m("contacts.never_answered", "contacts", float64(unansweredContacts(r)), "contacts a deferred channel took and nobody ever answered, all channels (<channel>.never_answered)"),
		m("contacts.deflected", "contacts", float64(s.Deflected), "contacts a self-service page (parcel tracking) answered instead of an agent"),
		m("forms.sent", "forms", float64(s.FormsSent), "forms sent to customers by workflow steps (declarations, proofs), reminders and redos included"),
		m("forms.lost", "forms", float64(s.FormsLost), "forms lost in the post or in the mail room, on the way out or back"),
		m("forms.resent", "forms", float64(s.FormsResent), "forms sent again because none came back in time: a reminder, or the step redone"),
		m("forms.lost_on_receipt", "forms", float64(s.FormsLostOnReceipt), "forms that came back and that the company then lost (the mail room, the scan), so that the step was redone (ask.lost_on_receipt; also in forms.lost)"),
		m("forms.switched", "cases", float64(s.FormsSwitched), "ask steps whose customer asked for the form by the other medium (ask.switch: email instead of post)"),
		m("forms.spoiled_surprises", "cases", float64(s.SpoiledSurprises), "gifts whose surprise a form spoiled: cases of a customer with a deadline (customers.deadline; their order is taken to be a gift) whose form went to the recipient (ask.to: recipient), each case once"),
		m("cases.handoffs", "handoffs", float64(s.Handoffs), "cases passed from one team to another"),
		m("cases.context_lost", "handoffs", float64(s.ContextLost), "handoffs after which the customer had to explain again"),
		m("cases.notified", "notices", float64(s.Notifications), "notifications sent to customers by workflow steps"),
		m("cases.dated_notices", "notices", float64(s.DatedNotices), "notifications that gave the customer a new expected date"),
		m("cases.broken_notices", "notices", float64(s.BrokenNotices), "dated notices whose date passed with the case still open: the customer chased, and believes no later notice"),
		m("cases.escalated", "cases", float64(s.Escalated), "cases escalated after too many contacts"),
		m("parcels.couriers", "parcels", float64(s.Couriers), "replacements sent by courier"),
		m("parcels.unreachable", "parcels", float64(s.Unreachable), "late parcels whose driver, having changed plans, could reach neither the customer nor the company, and left them somewhere: \"delivered\" on the tracking, and the case became a claim of the exception named by unreachable.becomes"),
		m("parcels.data_errors_repeated", "parcels", float64(s.DataErrorsRepeated), "new parcels that went wrong again because the order's details were never corrected"),
		m("agents.paid_hours", "agent-hours", paid, "agent-hours paid, all teams"),
		m("agents.cost", s.CostUnit, cost, "paid agent-hours times each team's cost per hour, extra hours at the overtime premium"),
	)
	return append(list, costMetrics(s, cost)...)
}

// unansweredContacts counts the contacts the channels took and never answered.
func unansweredContacts(r *RepResult) int64 {
	var n int64
	for _, c := range r.Channels {
		n += c.NeverAnswered
	}
	return n
}

var outcomeDefs = [numOutcomes]string{
	"delivered as promised",
	"with a late parcel that arrived, or an order that left the warehouse too late for its promise and arrived",
	"with a reship that arrived",
	"with a backordered item delivered after a restock",
	"refunded",
	"with a credit",
	"unresolved: a problem open, unnoticed yet, or a reship on its way",
	"still in the warehouse",
}

// workBacklog returns, hour by hour, the open cases that are work: awaiting
// a first answer, or with their resolution queued or in progress.
func (s *SeasonResult) workBacklog() []float64 {
	out := make([]float64, len(s.OpenCases))
	for h := range out {
		out[h] = s.OpenByStage[awaitingAnswer][h] + s.OpenByStage[inWork][h]
	}
	return out
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return stats.Sum(xs) / float64(len(xs))
}

func maxOf(xs []float64) float64 {
	m := math.NaN()
	for i, x := range xs {
		if i == 0 || x > m {
			m = x
		}
	}
	return m
}

// Series is one replication's time series: Values[i] covers the Step hours
// from i·Step.
type Series struct {
	Name   string
	Unit   string
	Step   int
	Values []float64
}

// Series returns the replication's time series: for a season, hourly
// backlogs and daily orders and service per channel; none otherwise.
func (r *RepResult) Series() []Series {
	s := r.Season
	if s == nil {
		return nil
	}
	out := []Series{
		{"orders.placed", "orders", 24, s.OrdersPerDay},
		{"backlog.open_cases", "cases", 1, s.OpenCases},
		{"backlog.work", "cases", 1, s.workBacklog()},
		{"backlog.undispatched", "orders", 1, s.UndispatchedOrders},
		{"cases.daily.late_orders", "cases", 24, s.LateOrdersPerDay},
	}
	for i, name := range stageNames {
		out = append(out, Series{"backlog.open_cases." + name, "cases", 1, s.OpenByStage[i]})
	}
	out = append(out, r.demandSeries()...)
	for _, t := range r.Teams {
		occupancy := make([]float64, len(t.DailyBusy))
		for d := range occupancy {
			occupancy[d] = (t.DailyBusy[d] - t.DailyOvertime[d]) / t.DailyOnDuty[d]
		}
		out = append(out, Series{"teams." + t.Name + ".daily.occupancy", "share", 24, occupancy})
	}
	for i := range r.Channels {
		c := &r.Channels[i]
		out = append(out,
			Series{c.Name + ".queued", "contacts", 1, s.Queued[i]},
			Series{c.Name + ".oldest_wait", "hours", 1, s.OldestWait[i]})
		daily := func(key, unit string, f func(d *DayStats) float64) {
			v := make([]float64, len(c.Daily))
			for j := range c.Daily {
				v[j] = f(&c.Daily[j])
			}
			out = append(out, Series{c.Name + ".daily." + key, unit, 24, v})
		}
		daily("offered", "contacts", func(d *DayStats) float64 { return float64(d.Offered) })
		daily("answered", "contacts", func(d *DayStats) float64 { return float64(d.Answered) })
		daily("abandoned", "contacts", func(d *DayStats) float64 { return float64(d.Abandoned) })
		daily("service_level", "share", func(d *DayStats) float64 { return ratio(d.AnsweredInTarget, d.Offered) })
		daily("abandon_rate", "share", func(d *DayStats) float64 { return ratio(d.Abandoned, d.Offered) })
		daily("failure_demand", "contacts", func(d *DayStats) float64 { return float64(d.FailureDemand) })
		daily("repeat_contacts", "contacts", func(d *DayStats) float64 { return float64(d.Repeat) })
		daily("asa", "hours", func(d *DayStats) float64 { return d.WaitSum / float64(d.Answered) })
		occupancy := make([]float64, len(c.Daily))
		for j := range c.Daily {
			duty := 0.0
			for _, ti := range c.Teams {
				duty += r.Teams[ti].DailyOnDuty[j]
			}
			occupancy[j] = c.Daily[j].BusyHours / duty
		}
		out = append(out, Series{c.Name + ".daily.occupancy", "share", 24, occupancy})
	}
	return out
}

// demandSeries returns the daily demand on the whole contact centre against
// its capacity: contacts offered on every channel, split into value demand
// and failure demand (and, within it, the repeat contacts), and the
// agent-hours on duty and busy.
func (r *RepResult) demandSeries() []Series {
	days := len(r.Season.OrdersPerDay)
	value, failure, repeat := make([]float64, days), make([]float64, days), make([]float64, days)
	onDuty, busy := make([]float64, days), make([]float64, days)
	for _, c := range r.Channels {
		for d := range min(days, len(c.Daily)) {
			// An accepted callback is offered on two channels but is one
			// contact: it counts where the customer first called.
			day := &c.Daily[d]
			value[d] += float64(day.Offered - day.FailureDemand - day.Callbacks)
			failure[d] += float64(day.FailureDemand)
			repeat[d] += float64(day.Repeat)
		}
	}
	for _, t := range r.Teams {
		for d := range min(days, len(t.DailyOnDuty)) {
			onDuty[d] += t.DailyOnDuty[d]
			busy[d] += t.DailyBusy[d]
		}
	}
	return []Series{
		{"contacts.daily.value_demand", "contacts", 24, value},
		{"contacts.daily.failure_demand", "contacts", 24, failure},
		{"contacts.daily.repeat_contacts", "contacts", 24, repeat},
		{"agents.daily.on_duty_hours", "agent-hours", 24, onDuty},
		{"agents.daily.busy_hours", "agent-hours", 24, busy},
	}
}
