package planner

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// report builds the plan's results: a row per team (and period, in a
// season) with the Erlang plan beside it, the costs, and why they differ.
func (p *planner) report(plan [][]int) *reports.Plan {
	out := &reports.Plan{Simulations: p.sims, Met: p.met}
	for _, t := range p.userTargets() {
		out.Targets = append(out.Targets, t.Expr)
	}
	if !p.season {
		for k, t := range p.teams {
			out.Teams = append(out.Teams, reports.PlanRow{Team: t.name, Erlang: p.erlang[k][0], Planned: plan[k][0],
				CostPerHour: reports.Float(t.cost), Why: p.stationaryWhy(plan, k)})
		}
		return out
	}
	out.Granularity = "day"
	if len(p.periods) < p.sc.Season.Calendar.Days() {
		out.Granularity = "week"
	}
	cal := &p.sc.Season.Calendar
	for _, pe := range p.periods {
		out.Periods = append(out.Periods, reports.PlanPeriod{Name: pe.name, From: cal.Date(pe.first).String(), To: cal.Date(pe.last).String()})
	}
	// The paid hours of a plan are the compiled model's: the grid's, with
	// each plan's staffing in turn.
	paid := func(plan [][]int) [][]float64 {
		p.applyInPlace(plan)
		m := p.grid.Model(0)
		out := make([][]float64, len(p.teams))
		for k, t := range p.teams {
			for _, pe := range p.periods {
				from, to := p.hours(pe)
				out[k] = append(out[k], m.Teams[t.index].PaidHours(from, to))
			}
		}
		return out
	}
	erlangPaid, plannedPaid := paid(p.erlang), paid(plan)
	for k, t := range p.teams {
		for q, pe := range p.periods {
			row := reports.PlanRow{
				Team: t.name, Period: pe.name, Erlang: p.erlang[k][q], Planned: plan[k][q], CostPerHour: reports.Float(t.cost),
				ErlangCost: reports.Float(erlangPaid[k][q] * t.cost), PlannedCost: reports.Float(plannedPaid[k][q] * t.cost),
				FailureDemand: reports.Float(tenth(meanOf(p.stats.offered[k][q]) - meanOf(p.forecast.offered[k][q]))),
				CarriedIn:     reports.Float(tenth(meanOf(p.stats.carried[k][q]))),
			}
			row.Why = p.seasonWhy(k, q, row)
			out.Teams = append(out.Teams, row)
			out.ErlangCost += row.ErlangCost
			out.PlannedCost += row.PlannedCost
			if added := min(max(row.Planned-row.Erlang, 0), p.backlogAdded[k][q]); added > 0 && row.Planned > 0 {
				out.BacklogCost += row.PlannedCost * reports.Float(added) / reports.Float(row.Planned)
			}
		}
	}
	return out
}

// seasonWhy says in a few words where and why the plan differs from the
// Erlang plan in team k's period q; docs/plan.md has the long
// explanation.
func (p *planner) seasonWhy(k, q int, row reports.PlanRow) string {
	t := p.teams[k]
	switch d := row.Planned - row.Erlang; {
	case !t.works[q]:
		return "the team does not work in this period"
	case d > 0:
		var causes []string
		if slices.ContainsFunc(p.targets, func(pt planTarget) bool { return pt.keepUp && slices.Contains(p.addedFor[k][q], pt.Expr) }) {
			causes = append(causes, "with fewer, the work that reached the team outgrew its hours on duty")
		}
		if c := float64(row.CarriedIn); c >= 1 {
			causes = append(causes, fmt.Sprintf("%.0f h of work carried over", c))
		}
		if fd := float64(row.FailureDemand); fd >= 1 {
			causes = append(causes, fmt.Sprintf("%.0f contacts beyond the forecast (chasing, retries)", fd))
		}
		if len(causes) == 0 {
			causes = append(causes, "Erlang's headcount misses it in this period")
		}
		return fmt.Sprintf("%d more for %s: %s", d, strings.Join(p.addedFor[k][q], ", "), strings.Join(causes, "; "))
	case d < 0 && len(t.realtime) > 0:
		return fmt.Sprintf("%d fewer: Erlang staffs every hour for the busiest; the period's target holds with fewer", -d)
	case d < 0:
		return fmt.Sprintf("%d fewer: the work waits for quieter hours within the target", -d)
	}
	return ""
}

// stationaryWhy says in a few words why team k's plan differs from Erlang
// C's, from what the scenario has and what the run of the plan measured:
// only what Erlang C leaves out and this team's channels show.
func (p *planner) stationaryWhy(plan [][]int, k int) string {
	t := p.teams[k]
	erlangC, planned := p.erlang[k][0], plan[k][0]
	var channels []*scenarios.Channel
	for i := range p.sc.Channels {
		if p.sc.Channels[i].Team == t.name {
			channels = append(channels, &p.sc.Channels[i])
		}
	}
	measured := func(metric string) float64 {
		if m := p.res.Metric(metric); m != nil && !math.IsNaN(float64(m.Mean)) {
			return float64(m.Mean)
		}
		return 0
	}
	var causes []string
	switch {
	case planned < erlangC:
		for _, ch := range channels {
			if r := measured(sim.ChannelMetricName(ch.Name, "abandon_rate")); ch.Patience.Kind != sim.NoDist && r > 0 {
				causes = append(causes, fmt.Sprintf("customers who abandon (%s of %s) lighten the queue Erlang C assumes they stay in", percent(r), ch.Name))
			}
			if r := measured(sim.ChannelMetricName(ch.Name, "reject_rate")); r > 0 {
				causes = append(causes, fmt.Sprintf("a full queue turns away %s of %s", percent(r), ch.Name))
			}
		}
		causes = append(causes, unlikeErlang(channels)...)
		if len(causes) == 0 {
			causes = append(causes, "the simulation meets every target with fewer")
		}
		return fmt.Sprintf("%d fewer than Erlang C: %s", erlangC-planned, strings.Join(causes, "; ")) + p.keptBy(plan, k)
	case planned > erlangC:
		var unsized []string
		for _, tg := range p.req.Targets {
			if ch := targetChannel(p.sc, tg); ch != nil && ch.Team == t.name && !erlangSized(ch, tg) ||
				strings.HasPrefix(tg.Metric, sim.TeamMetricName(t.name, "")) {
				unsized = append(unsized, tg.Metric)
			}
		}
		if len(unsized) > 0 {
			causes = append(causes, "Erlang C does not size "+strings.Join(unsized, ", "))
		}
		causes = append(causes, unlikeErlang(channels)...)
		if len(causes) == 0 {
			causes = append(causes, "the simulation needs them for the whole 95% interval to meet the targets")
		}
		return fmt.Sprintf("%d more than Erlang C: %s", planned-erlangC, strings.Join(causes, "; ")) + p.keptBy(plan, k)
	}
	return "as Erlang C" + p.keptBy(plan, k)
}

// keptBy says, when the capacity rule kept stationary team k at its
// headcount in plan, how: by the formula (with a step fewer, the team
// does not carry the work offered) or by a run with a step fewer whose
// queue grew.
func (p *planner) keptBy(plan [][]int, k int) string {
	planned := plan[k][0]
	fewer := clonePlan(plan)
	fewer[k][0] = p.teams[k].down(planned)
	if fewer[k][0] == planned {
		return ""
	}
	if slices.Contains(p.shortTeams(fewer), k) {
		load := 0.0
		for _, s := range p.capacity.short(p.apply(fewer)) {
			if slices.Contains(s.teams, p.teams[k].index) {
				load = max(load, s.erlangs)
			}
		}
		return fmt.Sprintf(", the fewest agents that keep up with the %.1f erlangs of work offered (with fewer, the queue grows for as long as the run lasts)", load)
	}
	if p.grewAt[k] == fewer[k][0] {
		return fmt.Sprintf(", the fewest that keep up: with %d, the team was busy all its hours on duty and its queue grew", fewer[k][0])
	}
	return ""
}

// unlikeErlang lists what the team's channels have that Erlang C's M/M/N
// queue does not: handle times that are not exponential, and several
// channels pooled as one.
func unlikeErlang(channels []*scenarios.Channel) []string {
	var out []string
	for _, ch := range channels {
		if ch.HandleTime.Kind != sim.Exponential {
			out = append(out, fmt.Sprintf("%s's handle times are %s, not exponential as Erlang C assumes", ch.Name, ch.HandleTime.Kind))
		}
	}
	if len(channels) > 1 {
		out = append(out, fmt.Sprintf("Erlang C pools the team's %d channels as one queue", len(channels)))
	}
	return out
}

// tenth rounds a figure that is a mean over replications to what it can
// tell.
func tenth(v float64) float64 { return math.Round(10*v) / 10 }

func percent(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
