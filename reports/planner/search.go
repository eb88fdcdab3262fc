package planner

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/erlang"
)

// search finds the plan:
//
//  1. The Erlang plan. A stationary scenario's team gets Erlang C's
//     answer for its channels' load, and more where the capacity rule's
//     formula says it cannot carry the work offered. A season first runs
//     a pilot: the season with the planned teams so large that nothing
//     waits for them, so that its contacts are those customers make when
//     every contact is answered at once (no failure demand from waiting),
//     and its busy hours the work that arrives; then each team and period
//     gets the headcount whose agents on duty carry the period's work in
//     its working hours and meet, in every hour, the real-time channels'
//     targets by Erlang C on that hour's calls. The search starts from
//     fewer where a period's calls taken together, as the target is
//     judged, meet it by Erlang C with fewer (periodAgents).
//  2. Simulation, on common random numbers: every target is judged in
//     every period where it has a per-period form (sim.PeriodForm: a
//     service level, an abandonment rate, a backlog age...) and over the
//     whole run, on the whole 95% interval. Each period where a target
//     fails gets hiring steps more, all such periods at once, until every
//     target holds; a period that keeps failing gets twice the steps of
//     the time before, and a team that did not keep up with its work
//     gets at least the agents its measured load asks for.
//  3. Then every period where all hold gives up steps, all at once:
//     as many as Erlang C's period figure says its measured slack allows
//     (erlangReach), or about a tenth of its headcount for targets Erlang
//     C does not size. A removal that held twice gives up twice as much
//     the next time, but no more than half the room the line through its
//     two runs leaves (removable); a period whose removal broke a target
//     (or broke the next period's, through the backlog it carried over)
//     gets its steps back and tries half as many, or fewer where that
//     line puts the limit nearer, until a single step fails; one that
//     broke them only within the noise (the interval across the limit,
//     the mean on its side) ends that period's removals (atTheEdge). A
//     removal that would leave a team less time on duty than its work is
//     taken back before simulating (a stationary team never goes below
//     what the capacity rule's formula allows; a season's team below the
//     work the plan's run measured, with the noise of that measure). When two
//     failed trials in a row fail only where the plan kept its agents,
//     the search ends: the plan is at the edge there, and what is left to
//     remove cannot be told apart from the noise that tips it.
//
// Judging per period is what makes the plan a plan for every week: a
// season-wide service level could be met by overstaffing November and
// letting December drown, and the cheapest plan would do just that.
func (p *planner) search() ([][]int, error) {
	erlangC, plan, err := p.erlangPlan()
	if err != nil {
		return nil, err
	}
	p.erlang = erlangC
	steps := make([][]int, len(p.teams)) // steps to add next, or to remove
	for k := range steps {
		steps[k] = make([]int, len(p.periods))
	}
	// Add steps where a target fails, until none does, or until agents
	// stop helping: a target staffing cannot reach (a resolution time made
	// of the carrier's delays) fails after a few rounds, not after every
	// simulation allowed.
	gaps, stalled := map[string]float64{}, 0
	for {
		res, s, err := p.simulate(plan)
		if err != nil {
			return nil, err
		}
		met, failing := p.judge(res, s, true)
		p.noteGrowth(plan, met)
		p.req.Progress("simulation %d: %s", p.sims, p.failingSummary(met))
		if len(failing) == 0 {
			p.met, p.stats, p.res = met, s, &res.Scenarios[0]
			break
		}
		if p.sims >= p.req.MaxSimulations {
			return nil, fmt.Errorf("no plan meets every target after %d simulations (--max-simulations); still failing: %s", p.sims, FailingList(met))
		}
		if closer := p.closer(met, gaps); closer {
			stalled = 0
		} else if stalled++; stalled == 3 {
			return nil, fmt.Errorf("three rounds of more agents brought no failing target closer to its limit: staffing the planned teams cannot reach it (plan other teams with --team, or change the process); still failing: %s", FailingList(met))
		}
		grown := false
		for _, key := range sortedKeys(failing) {
			k, q := key[0], key[1]
			t := p.teams[k]
			if !t.works[q] || plan[k][q] >= t.max {
				continue
			}
			steps[k][q] = min(max(2*steps[k][q], 1), 16)
			n := plan[k][q]
			for range steps[k][q] {
				n = t.next(n)
			}
			n = max(n, p.keepingUp(k, q, plan[k][q], met))
			for _, j := range failing[key] {
				if !slices.Contains(p.addedFor[k][q], p.targets[j].Expr) {
					p.addedFor[k][q] = append(p.addedFor[k][q], p.targets[j].Expr)
				}
			}
			if slices.ContainsFunc(failing[key], func(j int) bool { return p.targets[j].backlog }) {
				p.backlogAdded[k][q] += n - plan[k][q]
			}
			plan[k][q] = n
			grown = true
		}
		if !grown {
			return nil, fmt.Errorf("no plan meets every target: where they fail, the teams are at their max_headcount or do not work at all (a target per period must be reachable with the team's working hours: an email that arrives on Friday evening waits for Monday); still failing: %s", FailingList(met))
		}
	}
	// Give up steps wherever all targets still hold.
	for k, t := range p.teams {
		for q := range p.periods {
			steps[k][q] = max(1, plan[k][q]/(10*t.step))
			if r, ok := p.erlangReach(k, q, plan[k][q]); ok {
				steps[k][q] = r / t.step
			}
		}
	}
	grown := map[[2]int]bool{} // removals that held last time too
	unpinned := 0              // failed trials in a row with no removal to blame
	for p.sims < p.req.MaxSimulations {
		trial := clonePlan(plan)
		var tried [][2]int
		for k, t := range p.teams {
			for q := range p.periods {
				n := plan[k][q]
				for range steps[k][q] {
					n = t.down(n)
				}
				if t.works[q] && steps[k][q] > 0 && n < plan[k][q] {
					trial[k][q] = n
					tried = append(tried, [2]int{k, q})
				}
			}
		}
		tried = p.keepCarrying(plan, trial, tried, steps)
		if len(tried) == 0 {
			break
		}
		res, s, err := p.simulate(trial)
		if err != nil {
			return nil, err
		}
		met, failing := p.judge(res, s, true)
		p.noteGrowth(trial, met)
		p.req.Progress("simulation %d: %s tried; %s", p.sims, reports.Plural(len(tried), "fewer-agent period"), p.failingSummary(met))
		// How many agents each removal could have taken, by the line
		// through the plan's and the trial's slack (see removable).
		reach := map[[2]int]int{}
		for _, key := range tried {
			k, q := key[0], key[1]
			if r, ok := p.removable(p.met, met, k, q, plan[k][q]-trial[k][q]); ok {
				reach[key] = r
			}
		}
		if len(failing) == 0 {
			plan, p.met, p.stats, p.res = trial, met, s, &res.Scenarios[0]
			unpinned = 0
			// A removal that held may hold twice over: the steps grow
			// again until one fails, so that a long slope is not walked
			// a step at a time; but by no more than half the room the
			// line through the two runs leaves, which overestimates it
			// (see removable).
			for _, key := range tried {
				k, q := key[0], key[1]
				if grown[key] {
					steps[k][q] *= 2
				}
				grown[key] = true
				if r, ok := reach[key]; ok {
					steps[k][q] = min(steps[k][q], r/2/p.teams[k].step)
				}
			}
			continue
		}
		// A removal is to blame for a failure in its own period or, when
		// that period kept its agents, for a backlog target's failure in
		// the next one, through the backlog it left; with nothing to pin
		// it on (a figure of the whole run), every removal is.
		var blamed [][2]int
		for _, key := range sortedKeys(failing) {
			prev := [2]int{key[0], key[1] - 1}
			switch {
			case slices.Contains(tried, key):
				blamed = append(blamed, key)
			case slices.Contains(tried, prev) && !slices.Contains(blamed, prev) &&
				slices.ContainsFunc(failing[key], func(j int) bool { return p.targets[j].backlog }):
				blamed = append(blamed, prev)
			}
		}
		if len(blamed) == 0 {
			// The failure is where the plan kept its agents: the plan is at
			// the edge there, and any change elsewhere (which moves when
			// things happen, hence the samples) may tip it. Halving every
			// step again after the second time would only repeat it.
			if unpinned++; unpinned == 2 {
				break
			}
			blamed = tried
		} else {
			unpinned = 0
		}
		for _, key := range blamed {
			k, q := key[0], key[1]
			steps[k][q] /= 2 // 0 once a single step fails: that period is done
			if r, ok := reach[key]; ok && r < 0 {
				// The line puts the limit short of the removal: go as far
				// as the line says, which is no further than the limit.
				steps[k][q] = min(steps[k][q], (plan[k][q]-trial[k][q]+r)/p.teams[k].step)
			}
			if p.atTheEdge(met, failing, key) {
				steps[k][q] = 0
			}
			grown[key] = false
		}
	}
	p.applyInPlace(plan)
	return plan, nil
}

// atTheEdge reports whether the removal in key (a team and period) failed
// only within the noise of the limits: every target that failed in its
// period, or in the next through the backlog, has its 95% interval across
// its limit rather than wholly beyond it. The removal is then as far as the
// search's replications can tell the plan from the limit: half of it would
// leave the interval across the limit too, as likely as not, and would
// save half as much. A removal that missed a limit beyond doubt gets half
// its steps and tries again.
func (p *planner) atTheEdge(met []reports.PlanTarget, failing map[[2]int][]int, key [2]int) bool {
	edge := false
	for _, q := range []int{key[1], key[1] + 1} {
		if q >= len(p.periods) {
			break
		}
		for _, j := range failing[[2]int{key[0], q}] {
			if q != key[1] && !p.targets[j].backlog {
				continue
			}
			i := slices.IndexFunc(met, func(pt reports.PlanTarget) bool {
				return pt.Target == p.targets[j].Expr && pt.Period == p.periods[q].name
			})
			if i < 0 || !reports.Meets(met[i].Estimate, p.targets[j].Holds, false) {
				return false
			}
			edge = true
		}
	}
	return edge
}

// removable estimates how many more agents than the d a trial removed
// from team k in period q could go before the first of the targets judged
// there reaches its limit (negative: how many fewer), on the line through
// each target's slack at the plan and in the trial (slackIn). A service
// level, a backlog's age and a load all worsen ever faster as agents go,
// so the line lies above the slack outside the two runs and below it
// between them: extrapolated past the trial it overestimates the room,
// interpolated back towards the plan it never does. ok is false when no
// target judged there moved with the removal.
func (p *planner) removable(planMet, trialMet []reports.PlanTarget, k, q, d int) (more int, ok bool) {
	if d <= 0 {
		return 0, false
	}
	best := math.Inf(1)
	for _, t := range p.targets {
		if t.perPeriod == nil || !slices.Contains(t.teams, k) {
			continue
		}
		before, okB := slackIn(planMet, t, p.periods[q].name)
		after, okA := slackIn(trialMet, t, p.periods[q].name)
		if !okB || !okA || !(after < before) {
			continue
		}
		best = min(best, float64(d)*after/(before-after))
	}
	if math.IsInf(best, 1) {
		return 0, false
	}
	return int(math.Floor(best + 1e-9)), true // 1e-9: the slacks are differences of rounded figures
}

// slackIn returns how far the worse end of target t's 95% interval in
// the named period lies on the passing side of its limit, as judged in met.
func slackIn(met []reports.PlanTarget, t planTarget, period string) (float64, bool) {
	i := slices.IndexFunc(met, func(m reports.PlanTarget) bool { return m.Target == t.Expr && m.Period == period })
	if i < 0 {
		return 0, false
	}
	lo, hi := float64(met[i].CI95[0]), float64(met[i].CI95[1])
	if math.IsNaN(lo) {
		lo, hi = float64(met[i].Mean), float64(met[i].Mean)
	}
	if t.Op == ">" || t.Op == ">=" {
		return lo - t.Value, true
	}
	return t.Value - hi, true
}

// keepCarrying takes back, without a simulation, the removals of a trial
// that would leave a team unable to carry its work: in a stationary
// trial, the load offered to it by the capacity rule's formula; in a
// season, the work the plan's own run gave it in the period (outgrows).
// Such a removal halves its steps. It returns the removals still tried.
func (p *planner) keepCarrying(plan, trial [][]int, tried [][2]int, steps [][]int) [][2]int {
	if p.season {
		return slices.DeleteFunc(tried, func(key [2]int) bool {
			k, q := key[0], key[1]
			if !p.outgrows(plan, trial, k, q) {
				return false
			}
			trial[k][q] = plan[k][q]
			steps[k][q] /= 2
			return true
		})
	}
	for {
		short := p.shortTeams(trial)
		short = slices.DeleteFunc(short, func(k int) bool { return trial[k][0] == plan[k][0] })
		if len(short) == 0 {
			return tried
		}
		for _, k := range short {
			trial[k][0] = plan[k][0]
			steps[k][0] /= 2
			tried = slices.DeleteFunc(tried, func(key [2]int) bool { return key[0] == k })
		}
	}
}

// outgrows reports whether the trial's removal in team k and period q
// leaves its group less time on duty than the work the plan's run gave
// it: the upper 95% bound of the group's load at the plan, scaled by its
// agents (time on duty follows the headcount), comes within the
// interval's half-width of 1. A removal adds waiting, and waiting adds
// work (chases) that the scaling does not see, so the trial's load would
// be no lower; one that leaves less room than the load's own noise fails
// the check at its edge as often as not. A group with teams the plan does
// not change is left to the simulation: their agents dilute the change by
// an amount the headcounts of the planned teams do not tell.
func (p *planner) outgrows(plan, trial [][]int, k, q int) bool {
	lo, load, group, ok := p.keepUpLoad(k, q, p.met)
	if !ok || group == nil {
		return false
	}
	halfWidth := 0.0
	if !math.IsNaN(lo) {
		halfWidth = (load - lo) / 2
	}
	before, after := 0, 0
	for _, o := range group {
		before += plan[o][q]
		after += trial[o][q]
	}
	return after > 0 && (load+halfWidth)*float64(before)/float64(after) >= keepUpLimit
}

// keepingUp returns the headcount at which team k, which had n agents
// in period q and did not keep up there as judged in met, would: where
// the upper 95% bound of its load, scaled with its time on duty, is 1. It
// is 0 for a team that kept up. Doubling steps from one would take a
// simulation per doubling to get there.
func (p *planner) keepingUp(k, q, n int, met []reports.PlanTarget) int {
	_, load, _, ok := p.keepUpLoad(k, q, met)
	if !ok || !(load > 1) {
		return 0
	}
	return p.teams[k].up(int(math.Ceil(float64(n) * load)))
}

// keepUpLoad returns the 95% interval [lo, hi] of the load of team k's
// group in period q, as judged in met; ok is false when met has no such
// judgement. group is the group's teams (indices in p.teams) when the plan
// changes every one of them, else nil.
func (p *planner) keepUpLoad(k, q int, met []reports.PlanTarget) (lo, hi float64, group []int, ok bool) {
	for _, t := range p.targets {
		if !t.keepUp || !slices.Contains(t.teams, k) {
			continue
		}
		i := slices.IndexFunc(met, func(m reports.PlanTarget) bool { return m.Target == t.Expr && m.Period == p.periods[q].name })
		if i < 0 {
			return 0, 0, nil, false
		}
		if len(t.teams) == len(p.capacity.groups[p.capacity.group[p.teams[k].index]]) {
			group = t.teams
		}
		return float64(met[i].CI95[0]), float64(met[i].CI95[1]), group, true
	}
	return 0, 0, nil, false
}

// shortTeams returns the planned teams (indices in p.teams) that a
// stationary plan leaves, alone or in their group, without the agents to
// carry their offered load.
func (p *planner) shortTeams(plan [][]int) []int {
	sc := p.apply(plan)
	var out []int
	for _, s := range p.capacity.short(sc) {
		for k, t := range p.teams {
			if slices.Contains(s.teams, t.index) && !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// noteGrowth records, for a stationary plan's reasons, the largest
// headcount of each team at which its group did not keep up.
func (p *planner) noteGrowth(plan [][]int, met []reports.PlanTarget) {
	for _, m := range met {
		j := slices.IndexFunc(p.targets, func(t planTarget) bool { return t.Expr == m.Target })
		if m.Passed || !p.targets[j].keepUp {
			continue
		}
		for _, k := range p.targets[j].teams {
			p.grewAt[k] = max(p.grewAt[k], plan[k][0])
		}
	}
}

// erlangPlan returns the Erlang plan and the plan the search starts from:
// step 1 of search. They differ where a stationary team needs more agents
// than Erlang C gives it to carry its load, and where a season's period
// meets its targets by Erlang C with fewer than every hour asks
// (periodAgents).
func (p *planner) erlangPlan() (erlangC, start [][]int, err error) {
	if !p.season {
		return p.stationaryErlangPlan()
	}
	p.req.Progress("pilot run: the forecast for the Erlang plan, with the planned teams at %d agents", ample)
	_, fc, err := p.simulate(p.uniform(ample))
	if err != nil {
		return nil, nil, err
	}
	p.forecast = fc
	m := p.grid.Model(0)
	erlangC, start = p.uniform(0), p.uniform(0)
	p.onDuty = make([][]float64, len(p.teams))
	for k, t := range p.teams {
		duty := 1 - t.shrinkage
		onDuty := make([]float64, len(m.Teams[t.index].Paid))
		for h, n := range m.Teams[t.index].Paid {
			onDuty[h] = float64(n) / ample * duty
		}
		p.onDuty[k] = onDuty
		for q, pe := range p.periods {
			if !t.works[q] {
				continue
			}
			from, to := p.hours(pe)
			perHead := m.Teams[t.index].PaidHours(from, to) / ample // agent-hours paid per agent
			work := 0.0
			for d := pe.first; d <= pe.last; d++ {
				work += meanOf(fc.busy[k][d])
			}
			carry := int(math.Ceil(work / (perHead * duty * p.occupancyCap(t))))
			need := carry
			for h := from; h < to; h++ {
				if onDuty[h] == 0 {
					continue
				}
				if n := p.hourAgents(t, h); n > 0 {
					need = max(need, int(math.Ceil(float64(n)/onDuty[h]-1e-9)))
				}
			}
			erlangC[k][q] = t.up(need)
			start[k][q] = t.up(p.periodAgents(k, q, carry, need))
		}
	}
	return erlangC, start, nil
}

// periodAgents returns the fewest agents, from lo to hi, with whom Erlang C
// meets every target on team k's real-time channels over period q, as the
// target is judged there (periodErlang). The Erlang plan meets the targets
// in every hour, which a period's mix of quiet and busy hours does not
// need: the search starts here, with far fewer agents to take away.
func (p *planner) periodAgents(k, q, lo, hi int) int {
	meets := func(n int) bool {
		for _, pt := range p.targets {
			if v, ok := p.periodErlang(k, q, pt, n); ok && !pt.Holds(v) {
				return false
			}
		}
		return true
	}
	return lo + sort.Search(hi-lo, func(i int) bool { return meets(lo + i) })
}

// periodErlang returns Erlang C's figure of target pt over period q for n
// agents of team k: each hour's figure, for the agents the shifts put on
// duty then and the hour's forecast calls (the team's real-time channels
// pooled), weighted by the calls of the target's channel. ok is false for
// a target Erlang C does not size on the team (erlangSized), and in a
// stationary plan, which starts from Erlang C's answer for its one period.
func (p *planner) periodErlang(k, q int, pt planTarget, n int) (v float64, ok bool) {
	t := p.teams[k]
	ch := targetChannel(p.sc, pt.Threshold)
	if !p.season || ch == nil || ch.Team != t.name || !erlangSized(ch, pt.Threshold) {
		return 0, false
	}
	ci := slices.IndexFunc(p.sc.Channels, func(c scenarios.Channel) bool { return c.Name == ch.Name })
	from, to := p.hours(p.periods[q])
	sum, weight := 0.0, 0.0
	for h := from; h < to; h++ {
		calls := meanOf(p.forecast.offeredByHour[ci][h])
		if p.onDuty[k][h] == 0 || calls == 0 {
			continue
		}
		load, handle := p.hourLoad(t, h)
		sum += calls * erlangFigure(ch, pt.Threshold, int(float64(n)*p.onDuty[k][h]+1e-9), load, handle)
		weight += calls
	}
	if weight == 0 {
		return 0, false
	}
	return sum / weight, true
}

// erlangReach estimates how many of the n agents of team k in period q
// could go before a target Erlang C sizes there reaches its limit: where
// Erlang C's period figure (periodErlang) has moved by the slack the
// plan's run measured (slackIn). It follows the curve's bend, which the
// first removal has no second run to measure; ok is false when no such
// target is judged in the period.
func (p *planner) erlangReach(k, q, n int) (reach int, ok bool) {
	reach = n
	for _, pt := range p.targets {
		at, okE := p.periodErlang(k, q, pt, n)
		slack, okS := slackIn(p.met, pt, p.periods[q].name)
		if !okE || !okS {
			continue
		}
		ok = true
		within := func(m int) bool {
			v, _ := p.periodErlang(k, q, pt, m)
			if pt.Op == ">" || pt.Op == ">=" {
				return at-v <= slack
			}
			return v-at <= slack
		}
		reach = min(reach, n-sort.Search(n, within)) // the fewest agents within the slack
	}
	return reach, ok
}

// stationaryErlangPlan is Erlang C's plan for each team: the fewest agents
// that meet its channels' service-level and mean-wait targets in an M/M/N
// queue with the channels' total load (Erlang C knows no abandonment), at
// least enough to carry the load, and more where the capacity rule's
// formula finds the team or its group short.
func (p *planner) stationaryErlangPlan() (erlangC, start [][]int, err error) {
	plan := p.uniform(0)
	for k, t := range p.teams {
		load, handle := 0.0, 0.0
		for _, ch := range p.sc.Channels {
			if ch.Team == t.name && ch.Arrivals.Mean() > 0 {
				rate := 1 / ch.Arrivals.Mean()
				load += rate * ch.HandleTime.Mean()
				handle = math.Max(handle, ch.HandleTime.Mean())
			}
		}
		plan[k][0] = erlangAgents(p.sc, p.req.Targets, t.name, load, handle)
	}
	erlangC = clonePlan(plan)
	for {
		short := p.shortTeams(plan)
		if len(short) == 0 {
			break
		}
		for _, k := range short {
			if plan[k][0] >= maxHeadcount {
				var why []string
				for _, s := range p.capacity.short(p.apply(plan)) {
					why = append(why, s.String(p.sc))
				}
				return nil, nil, &BadRequest{fmt.Errorf("team %s cannot keep up with the work offered to it within %d agents (%s)", p.teams[k].name, maxHeadcount, strings.Join(why, "; "))}
			}
			plan[k][0]++
		}
	}
	return erlangC, plan, nil
}

// occupancyCap is the highest occupancy a target allows the team
// (teams.NAME.occupancy <= 0.85), 1 without one: the Erlang plan's
// workload then leaves the agents that much time free.
func (p *planner) occupancyCap(t *team) float64 {
	limit := 1.0
	for _, pt := range p.targets {
		if pt.Metric == sim.TeamMetricName(t.name, "occupancy") && (pt.Op == "<" || pt.Op == "<=") && pt.Value > 0 {
			limit = min(limit, pt.Value)
		}
	}
	return limit
}

// hourAgents is Erlang C's answer for hour h of a team's real-time
// channels, their forecast calls pooled. Erlang C knows no abandonment,
// so it is a little generous for callers who give up.
func (p *planner) hourAgents(t *team, h int) int {
	load, handle := p.hourLoad(t, h)
	if load == 0 {
		return 0
	}
	return erlangAgents(p.sc, p.req.Targets, t.name, load, handle)
}

// hourLoad returns the forecast load of team t's real-time channels in
// hour h, pooled (in erlangs), and the longest of their mean handle
// times (in hours).
func (p *planner) hourLoad(t *team, h int) (load, handle float64) {
	for _, ci := range t.realtime {
		load += meanOf(p.forecast.offeredByHour[ci][h]) * p.handleHours(ci)
		handle = max(handle, p.handleHours(ci))
	}
	return load, handle
}

// erlangAgents is Erlang C's answer for a team's real-time load (in
// erlangs, of calls of the given mean handle time, in hours): the fewest
// agents on duty that carry it and meet the targets on the team's
// real-time channels (service level, mean wait, chance of waiting) in an
// M/M/N queue.
func erlangAgents(sc *scenarios.Scenario, targets []scenarios.Threshold, team string, load, handle float64) int {
	n := erlang.AgentsFor(load, maxHeadcount, func(int) bool { return true })
	for _, t := range targets {
		ch := targetChannel(sc, t)
		if ch == nil || ch.Team != team || !erlangSized(ch, t) {
			continue
		}
		n = max(n, erlang.AgentsFor(load, maxHeadcount, func(n int) bool { return t.Holds(erlangFigure(ch, t, n, load, handle)) }))
	}
	return n
}

// erlangFigure is Erlang C's value of target t's metric on channel ch for
// n agents, a load in erlangs and calls of the given mean handle time: a
// service level, a mean wait or a chance of waiting (erlangSized).
func erlangFigure(ch *scenarios.Channel, t scenarios.Threshold, n int, load, handle float64) float64 {
	switch strings.TrimPrefix(t.Metric, sim.ChannelMetricName(ch.Name, "")) {
	case "service_level", "service_level_answered":
		return erlang.ServiceLevel(n, load, ch.ServiceLevelTarget, handle)
	case "wait.mean":
		return erlang.MeanWait(n, load, handle)
	default: // wait_prob
		return erlang.C(n, load)
	}
}

// erlangSized reports whether Erlang C sizes target t on channel ch
// (erlangAgents): a service level, mean wait or chance of waiting on a
// real-time channel.
func erlangSized(ch *scenarios.Channel, t scenarios.Threshold) bool {
	switch strings.TrimPrefix(t.Metric, sim.ChannelMetricName(ch.Name, "")) {
	case "service_level", "service_level_answered", "wait.mean", "wait_prob":
		return !ch.Deferred
	}
	return false
}

// closer reports whether a failing target came closer to its limit, by
// more than 1%, than in the last round (gaps), over the whole run or in a
// period where it fails.
func (p *planner) closer(met []reports.PlanTarget, gaps map[string]float64) bool {
	closer := false
	for _, m := range met {
		if m.Passed {
			continue
		}
		j := slices.IndexFunc(p.targets, func(t planTarget) bool { return t.Expr == m.Target })
		key := m.Target + "@" + m.Period
		gap := math.Abs(float64(m.Mean) - p.targets[j].Value)
		if last, ok := gaps[key]; !ok || gap < 0.99*last {
			closer = true
		}
		gaps[key] = gap
	}
	return closer
}

// failingSummary says how many targets fail, and in how many periods,
// and in how many periods a team does not keep up with its work.
func (p *planner) failingSummary(met []reports.PlanTarget) string {
	targets, periods, behind := map[string]bool{}, map[string]bool{}, map[string]bool{}
	keepUp := map[string]bool{}
	for _, t := range p.targets {
		keepUp[t.Expr] = t.keepUp
	}
	for _, m := range met {
		switch {
		case m.Passed:
		case keepUp[m.Target]:
			behind[m.Period] = true
		default:
			targets[m.Target] = true
			if m.Period != "" {
				periods[m.Period] = true
			}
		}
	}
	var out string
	switch total := len(p.userTargets()); {
	case len(targets) == 0 && len(behind) == 0:
		return "every target met"
	case len(targets) == 0:
		out = "every target met"
	case len(periods) == 0 && p.season:
		out = fmt.Sprintf("%d of %d targets missed season-wide", len(targets), total)
	case len(periods) == 0:
		out = fmt.Sprintf("%d of %d targets missed", len(targets), total)
	default:
		out = fmt.Sprintf("%d of %d targets missed, in %s", len(targets), total, reports.Plural(len(periods), "period"))
	}
	switch {
	case len(behind) > 0 && len(targets) == 0:
		out += ", but the work outgrew the hours on duty in " + reports.Plural(len(behind), "period")
	case len(behind) > 0:
		out += "; the work outgrew the hours on duty in " + reports.Plural(len(behind), "period")
	}
	return out
}
