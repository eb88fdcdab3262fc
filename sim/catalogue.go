package sim

import "strings"

// The metric catalogue: how a metric's name is made and which way it is
// better, in one place that the engine (which writes the metrics), the
// thresholds and the planner (which read them by name), check and the
// report (which judge them) all read. A metric's unit and definition are
// given where its value is computed (ChannelMetrics, SeasonMetricDefs,
// TeamMetricDefs).

// Side says which way a figure is better.
type Side int8

// The sides of a figure.
const (
	// Neither: more is not better or worse in itself (contacts offered,
	// reships sent, open cases that wait for the carrier).
	Neither Side = 0
	// MoreIsBetter: a service level, deadlines met.
	MoreIsBetter Side = 1
	// LessIsBetter: waits, abandonment, effort, backlogs, costs.
	LessIsBetter Side = -1
)

// ChannelMetricName is the name of channel's metric key in results:
// "phone.service_level".
func ChannelMetricName(channel, key string) string { return channel + "." + key }

// TeamMetricName is the name of team's metric key in results:
// "teams.claims.occupancy".
func TeamMetricName(team, key string) string { return "teams." + team + "." + key }

// TeamMetricDefs are the metrics every team of a season reports, by key,
// with their units (a cost's unit is the season's currency, "currency"
// here).
func TeamMetricDefs() []MetricDef {
	return []MetricDef{
		{Key: "occupancy", Unit: "share", Definition: "agent-hours the team spent working while on duty / agent-hours it was on duty: at most 1"},
		{Key: "overtime_hours", Unit: "agent-hours", Definition: "agent-hours worked after going off duty (an agent finishes the contact or task in hand), paid and costed; not planned overtime (extra_hours)"},
		{Key: "extra_hours", Unit: "agent-hours", Definition: "agent-hours of planned overtime: extra hours a hiring plan buys in advance, on duty and paid at the overtime premium"},
		{Key: "paid_hours", Unit: "agent-hours", Definition: "agent-hours paid (before shrinkage), overtime and extra hours included"},
		{Key: "cost", Unit: "currency", Definition: "paid agent-hours times the team's cost per hour, extra hours at the overtime premium"},
	}
}

// SideOf returns which way the metric of results named name is better:
// a season's metric by its name, a team's (teams.NAME.KEY) and a
// channel's (CHANNEL.KEY) by their key. Names are letters, digits, '_' and
// '-', so the first dot ends a channel's or team's name.
func SideOf(name string) Side {
	if s, ok := seasonSide(name); ok {
		return s
	}
	if rest, ok := strings.CutPrefix(name, "teams."); ok {
		_, key, _ := strings.Cut(rest, ".")
		return teamSide(key)
	}
	_, key, _ := strings.Cut(name, ".")
	return channelSide(key)
}

func channelSide(key string) Side {
	switch {
	case strings.HasPrefix(key, "service_level"), key == "enquiries_service_level":
		return MoreIsBetter
	case key == "abandoned" || key == "rejected" || key == "never_answered" || key == "abandon_rate" || key == "reject_rate" || key == "wait_prob",
		strings.HasPrefix(key, "wait"), strings.HasPrefix(key, "backlog_age."), strings.HasPrefix(key, "enquiries_age."), strings.HasPrefix(key, "time_in_system."),
		strings.HasPrefix(key, "queue_length."):
		return LessIsBetter
	}
	// Offered, answered, callbacks, the agents busy, occupancy and
	// throughput follow the demand and the staffing, not their quality.
	return Neither
}

func teamSide(key string) Side {
	switch key {
	case "overtime_hours", "extra_hours", "paid_hours", "cost":
		return LessIsBetter
	}
	return Neither // occupancy: too low wastes agents, too high burns them
}

// OverCases reports whether the season's metric named name is a
// statistic over its cases (a mean, a percentile, a share of them) rather
// than a total. Two variants that open different cases give it over
// different populations: a variant that adds cases of little effort
// lowers the effort per case without sparing any customer effort.
func OverCases(name string) bool {
	switch {
	case name == "effort.index.total":
		return false
	case strings.HasPrefix(name, "cases.resolution."), strings.HasPrefix(name, "effort."), name == "cases.resolved_by_deadline":
		return true
	}
	return false
}

// OverContacts reports whether the metric named name is a statistic over
// one channel's contacts (a mean, a percentile, a share of them) rather
// than a count, and names the channel. Two variants whose customers make
// different contacts give it over different populations.
func OverContacts(name string) (channel string, ok bool) {
	if _, season := seasonSide(name); season || strings.HasPrefix(name, "teams.") {
		return "", false
	}
	channel, key, _ := strings.Cut(name, ".")
	switch {
	case strings.HasPrefix(key, "service_level"), key == "enquiries_service_level", key == "abandon_rate", key == "reject_rate", key == "wait_prob",
		strings.HasPrefix(key, "wait."), strings.HasPrefix(key, "wait_if_waited."), strings.HasPrefix(key, "wait_all."),
		strings.HasPrefix(key, "wait_abandoned."), strings.HasPrefix(key, "backlog_age."), strings.HasPrefix(key, "enquiries_age."),
		strings.HasPrefix(key, "time_in_system."):
		return channel, true
	}
	return "", false
}

// seasonSide is the side of a season-wide metric, and whether name is
// one.
func seasonSide(name string) (Side, bool) {
	switch {
	case strings.HasPrefix(name, "cases.resolution."), strings.HasPrefix(name, "effort."):
		// Every statistic of the resolution time and of the effort the
		// customer spent, its points by component included.
		return LessIsBetter, true
	}
	switch name {
	case "cases.resolved_by_deadline", "outcomes.on_time":
		return MoreIsBetter, true
	case "orders.dispatched_late", "orders.undispatched_late", "orders.late_share", "cases.late_orders", "cases.stale_tracking",
		"contacts.total", "failure_demand_share", "repeat_contact_share", "customers.at_risk", "customers.lost",
		"backlog.work.mean", "backlog.work.max", "backlog.undispatched.max", "contacts.never_answered",
		"forms.lost", "forms.resent", "forms.lost_on_receipt", "forms.spoiled_surprises", "cases.context_lost", "cases.broken_notices",
		"cases.escalated", "parcels.unreachable", "parcels.data_errors_repeated", "outcomes.unresolved", "outcomes.undispatched",
		"agents.paid_hours", "agents.cost", "costs.refunds", "costs.reships", "costs.couriers", "costs.credits",
		"costs.owed", "costs.compensation", "costs.customers_lost", "costs.failure":
		return LessIsBetter, true
	}
	for _, d := range SeasonMetricDefs() {
		if d.Key == name {
			return Neither, true
		}
	}
	return Neither, false
}
