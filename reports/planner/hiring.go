package planner

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// HoldIn says in which forecast cases a hiring plan's targets must hold.
type HoldIn int

const (
	// InEveryCase: every target holds in every case.
	InEveryCase HoldIn = iota
	// InExpectedCase: every target holds in the expected case (the one
	// named expected, else the heaviest).
	InExpectedCase
	// WithProbability: the weights of the cases in which a target holds
	// add up to at least the request's Probability.
	WithProbability
)

// HiringRequest asks for the cheapest hiring plan: classes of new agents
// for the planned teams (each must have a hiring section), such that the
// targets hold week by week in the forecast cases In says.
type HiringRequest struct {
	Request
	In          HoldIn
	Probability float64
}

// HiringOutcome is the hiring plan found, before its confirmation run.
type HiringOutcome struct {
	Plan *reports.Plan
	h    *hirer
}

// hirer plans hiring: one planner per forecast case, each with the case
// compiled once, judges the classes.
type hirer struct {
	req      HiringRequest
	cases    []scenarios.ForecastCase
	planners []*planner
	grid     *runner.Grid // the cases' scenarios, staffed by staff
	sizing   int
	// running are the cases the search simulates: the sizing case alone
	// while it binds, for targets in every case or the expected one; every
	// case for a probability, which weighs them together.
	running []int
	// classes[k] are planned team k's classes, by start, and overtime[k]
	// its planned overtime by week, in hours per agent (nil for a team
	// without an overtime section).
	classes  [][]scenarios.Class
	overtime [][]float64
	// Per planned team: worked[k][q] the hours it works in week q,
	// perAgent[k][q] the paid hours of an agent and room[k][q] the hours
	// of overtime an agent's week can hold, the shape of the week; work[k]
	// the work of each hour of the season in the sizing case's pilot run,
	// which the overtime is placed by.
	worked         [][]int
	perAgent, room [][]float64
	work           [][]float64
	sims           int
	binding        string
	// met holds the judgements of the last plan that met every target.
	met []reports.PlanTarget
	// withoutOvertime is the cost of the plan found without overtime,
	// when a team may work it.
	withoutOvertime float64
}

// FindHiring searches for the hiring plan:
//
//  1. Every forecast case gets its Erlang plan, as Find's season plan
//     starts (a pilot run, then Erlang C and the workload week by week):
//     the forecast's band. The sizing case's (the largest volume for
//     every case; the expected case; or the smallest volume whose case
//     and those below weigh at least the probability asked) is the
//     headcount each week needs.
//  2. That requirement is hired just in time: week by week, while the
//     team's strength (its permanent staff and the classes on the phones,
//     after attrition, each new agent counted at the speed the ramp gives
//     it) is below the week's headcount, a class of hiring_step agents is
//     added with the latest training start that puts it on the phones by
//     the week's first day. A class that would reach the phones after the
//     week began is never proposed for that week.
//  3. The sizing case runs the plan on common random numbers (for a
//     probability, every case), and the targets are judged in each of its
//     weeks on the whole 95% interval; where they fail where they must
//     hold, a week with overtime below the most gets the most, and
//     otherwise the team gets more agents in the class on the phones by
//     that week, twice as many each time the week fails again, until they
//     hold.
//  4. Then every class gives up about a tenth of its agents at once, and
//     every week of overtime an hour, a class whose cut breaks a target in
//     a week it serves getting them back and trying half as many, until a
//     single step fails, and a week whose hour less breaks a target in it
//     or the next keeping its overtime.
//  5. The plan is judged in every case; where another case fails, steps 3
//     and 4 run again on all of them.
//  6. A team with an overtime section is then planned again: against
//     each week's strength in that plan (or its Erlang headcount where
//     that is less), it gets the weeks' planned overtime that lowers the
//     estimated cost most, the overtime counted in the weeks' strength
//     (planOvertime), hired just in time, and steps 3 to 5 run from
//     there. The cheaper of the two plans is the plan.
//
// It fails, saying what binds, when a week needs agents no class can reach
// in time or the team's max_headcount allows.
func FindHiring(ctx context.Context, req HiringRequest) (*HiringOutcome, error) {
	sc := req.Scenario
	if sc.Season == nil {
		return nil, &BadRequest{errors.New("--hiring plans the classes of a season: the file has no calendar")}
	}
	for _, ti := range req.Teams {
		if t := sc.Teams[ti]; t.Hiring == nil {
			return nil, &BadRequest{fmt.Errorf("--hiring: team %s has no hiring section (first_start, last_start, training...): the planner does not know when it may hire", t.Name)}
		}
	}
	if req.In == WithProbability && !(req.Probability > 0 && req.Probability <= 1) {
		return nil, &BadRequest{fmt.Errorf("--in: a probability above 0 and at most 1, got %v", req.Probability)}
	}
	req.Granularity = "week"
	if req.Progress == nil {
		req.Progress = func(string, ...any) {}
	}
	if req.MaxSimulations < 1 {
		req.MaxSimulations = 200
	}
	h := &hirer{req: req, cases: sc.Season.Forecast}
	if len(h.cases) == 0 {
		h.cases = []scenarios.ForecastCase{{Name: "expected", Weight: 1, Orders: 1}}
	}
	h.sizing = h.sizingCase()
	var inCases []*scenarios.Scenario
	for _, fc := range h.cases {
		r := req.Request
		r.Scenario = sc.InCase(fc)
		p, err := newPlanner(ctx, r)
		if err != nil {
			return nil, err
		}
		h.planners = append(h.planners, p)
		inCases = append(inCases, r.Scenario)
	}
	// Every case on one grid, compiled once, so that a simulation of the
	// classes runs all the cases' replications on one pool of workers.
	h.grid = runner.New(inCases, req.Version)
	for c, p := range h.planners {
		h.grid.Model(c).DailyAges = p.ages
	}

	// Each case's Erlang plan, from its own pilot: the sizing case's is
	// where the classes start from, all of them the forecast's band.
	byCase := make([][][]int, len(h.cases))
	for c, cp := range h.planners {
		req.Progress("case %s: its pilot run, for its Erlang plan", h.cases[c].Name)
		var err error
		if byCase[c], _, err = cp.erlangPlan(); err != nil {
			return nil, err
		}
		h.sims++
	}
	p := h.planners[0]
	h.classes = make([][]scenarios.Class, len(p.teams))
	h.overtime = make([][]float64, len(p.teams))
	var short []string
	withOvertime := false
	for k := range p.teams {
		w, a, r := h.weekHours(k)
		h.worked, h.perAgent, h.room = append(h.worked, w), append(h.perAgent, a), append(h.room, r)
		h.work = append(h.work, h.workByHour(k))
		h.classes[k], short = h.justInTime(k, byCase[h.sizing][k], nil, short)
		if h.overtimeOf(k) != nil {
			h.overtime[k], withOvertime = make([]float64, len(p.periods)), true
		}
		h.progressStart(k, "just in time")
	}
	erlangClasses := cloneClasses(h.classes)
	if err := h.searchEveryCase(); err != nil {
		return nil, err
	}
	// Overtime weighed against the Erlang plan's headcounts would be
	// weighed against more agents than the simulations leave. The plan
	// without overtime says what each week needs: its strength, or the
	// Erlang headcount where that is less (a class hired for a peak stays
	// on after it). A team with overtime is planned again against that,
	// the overtime replacing the agents a class would bring for a short
	// peak and then pay for until the season ends, and the cheaper plan is
	// kept: allowing overtime never makes a plan dearer.
	if withOvertime {
		h.withoutOvertime = h.totalCost()
		without := *h
		h.classes, h.overtime = cloneClasses(h.classes), cloneOvertime(h.overtime)
		for k := range p.teams {
			if h.overtimeOf(k) == nil {
				continue
			}
			team := &p.sc.Teams[p.teams[k].index]
			needed := make([]int, len(p.periods))
			for q, pe := range p.periods {
				_, strength := team.HiredOn(&p.sc.Season.Calendar, without.classes[k], pe.first)
				needed[q] = min(int(math.Ceil(strength-1e-9)), byCase[h.sizing][k][q])
			}
			h.classes[k], h.overtime[k], _ = h.planOvertime(k, needed, nil)
			h.progressStart(k, "against the weeks' needs without overtime")
		}
		if !slices.ContainsFunc(h.overtime, func(ot []float64) bool { return slices.ContainsFunc(ot, func(o float64) bool { return o > 0 }) }) {
			*h = without
		} else if err := h.searchEveryCase(); ctx.Err() != nil {
			return nil, ctx.Err()
		} else if err != nil || h.totalCost() >= without.totalCost() {
			req.Progress("without overtime the plan costs %.0f, with it %s: the plan has none", without.totalCost(), costOrFailure(h.totalCost(), err))
			sims := h.sims
			*h = without
			h.sims = sims
			h.staff(h.classes, h.overtime)
		} else {
			req.Progress("with overtime the plan costs %.0f, without it %.0f", h.totalCost(), without.totalCost())
			// The weeks no class reaches in time are those the overtime
			// does not cover either.
			short = nil
			for k := range p.teams {
				_, short = h.justInTime(k, byCase[h.sizing][k], h.overtime[k], short)
			}
		}
	}
	if len(short) > 0 {
		h.binding = strings.Join(short, "; ")
	}
	return &HiringOutcome{Plan: h.report(erlangClasses, byCase), h: h}, nil
}

// searchEveryCase searches from the classes and overtime in h in the cases
// the targets bind in, then judges the plan in every case and searches
// again in all of them where another case fails.
func (h *hirer) searchEveryCase() error {
	h.running = []int{h.sizing}
	if h.req.In == WithProbability {
		h.running = allCases(len(h.cases))
	}
	if err := h.search(); err != nil {
		return err
	}
	if len(h.running) == len(h.cases) {
		return nil
	}
	h.running = allCases(len(h.cases))
	met, failing, err := h.judge(h.classes, h.overtime, true)
	if err != nil {
		return err
	}
	h.req.Progress("hiring simulation %d, every case: %s", h.sims, h.planners[0].failingSummary(met))
	if len(failing) == 0 {
		h.met = met
		return nil
	}
	return h.search()
}

// progressStart tells of the classes and overtime team k starts a search
// with.
func (h *hirer) progressStart(k int, how string) {
	agents, weeks := 0, 0
	for _, c := range h.classes[k] {
		agents += c.Size
	}
	for _, o := range h.overtime[k] {
		if o > 0 {
			weeks++
		}
	}
	overtime := ""
	if h.overtime[k] != nil {
		overtime = fmt.Sprintf(", and overtime in %d weeks", weeks)
	}
	h.req.Progress("team %s: %d agents in %d classes %s%s", h.planners[0].teams[k].name, agents, len(h.classes[k]), how, overtime)
}

func costOrFailure(cost float64, err error) string {
	if err != nil {
		return "no plan (" + err.Error() + ")"
	}
	return fmt.Sprintf("%.0f", cost)
}

// totalCost is what the plan in h costs in the sizing case: agents,
// training and overtime.
func (h *hirer) totalCost() float64 {
	agents, training, extra := h.paid(h.classes, h.overtime)
	return agents + training + extra
}

func cloneClasses(classes [][]scenarios.Class) [][]scenarios.Class {
	out := make([][]scenarios.Class, len(classes))
	for k, cls := range classes {
		out[k] = slices.Clone(cls)
	}
	return out
}

// sizingCase returns the index of the case the requirement is planned in.
func (h *hirer) sizingCase() int {
	order := make([]int, len(h.cases))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpFloat(h.cases[a].Orders, h.cases[b].Orders) })
	switch h.req.In {
	case InExpectedCase:
		if i := slices.IndexFunc(h.cases, func(c scenarios.ForecastCase) bool { return c.Name == "expected" }); i >= 0 {
			return i
		}
		heaviest := 0
		for i, c := range h.cases {
			if c.Weight > h.cases[heaviest].Weight {
				heaviest = i
			}
		}
		return heaviest
	case WithProbability:
		weight := 0.0
		for _, i := range order {
			if weight += h.cases[i].Weight; weight >= h.req.Probability-1e-9 {
				return i
			}
		}
	}
	return order[len(order)-1]
}

// justInTime hires the weekly headcounts required of planned team k, with
// the planned overtime ot (hours per agent by week; nil for none): see
// FindHiring, step 2. A week's overtime counts as the agents its extra
// hours would be in the week's paid hours, at the week's mean speed. It
// adds to short the weeks no class reaches in time.
func (h *hirer) justInTime(k int, required []int, ot []float64, short []string) ([]scenarios.Class, []string) {
	p := h.planners[0]
	t := p.teams[k]
	team := &p.sc.Teams[t.index]
	cal := &p.sc.Season.Calendar
	var classes []scenarios.Class
	for q, pe := range p.periods {
		// enough returns the week's agents with cls, and whether their
		// strength meets the requirement.
		enough := func(cls []scenarios.Class) (int, bool) {
			agents, strength := team.HiredOn(cal, cls, pe.first)
			if ot != nil && agents > 0 && h.perAgent[k][q] > 0 {
				strength *= 1 + float64(h.extraHours(k, q, agents, ot[q]))/(float64(agents)*h.perAgent[k][q])
			}
			return agents, strength >= float64(required[q])-1e-9
		}
		if _, ok := enough(classes); ok {
			continue
		}
		start, ok := h.latestStart(team, cal.Date(pe.first))
		if ok {
			// As many steps as meet the week's need, or as the team's
			// max_headcount allows: both grow with the class, so bisecting
			// finds what adding one step at a time would.
			n := smallest(func(n int) bool {
				agents, met := enough(hire(slices.Clone(classes), start, n*t.step))
				return met || agents+t.step > t.max
			})
			if n > 0 {
				classes = hire(classes, start, n*t.step)
			}
			if _, met := enough(classes); met {
				continue
			}
		}
		why := fmt.Sprintf("%s needs %d agents in %s, ", t.name, required[q], pe.name)
		if !ok {
			why += fmt.Sprintf("but the first class (training from %s) reaches the phones on %s", team.Hiring.FirstStart, team.Hiring.OnPhones(team.Hiring.FirstStart))
		} else {
			why += fmt.Sprintf("more than its max_headcount of %d allows", t.max)
		}
		short = append(short, why)
	}
	return classes, short
}

// smallest returns the smallest n >= 0 for which ok holds, ok being false
// up to some n and true from then on (and true at maxHeadcount).
func smallest(ok func(int) bool) int {
	if ok(0) {
		return 0
	}
	lo, hi := 0, 1 // ok(lo) is false
	for hi < maxHeadcount && !ok(hi) {
		lo, hi = hi, min(2*hi, maxHeadcount)
	}
	for hi-lo > 1 {
		if mid := (lo + hi) / 2; ok(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// hire adds n agents to the class that starts on start, or a class of
// them: the agents who start together train and learn together, so
// classes stay one per start, in start order.
func hire(classes []scenarios.Class, start scenarios.Date, n int) []scenarios.Class {
	for i := range classes {
		if classes[i].Start == start {
			classes[i].Size += n
			return classes
		}
	}
	classes = append(classes, scenarios.Class{Start: start, Size: n})
	slices.SortStableFunc(classes, func(a, b scenarios.Class) int { return strings.Compare(a.Start.String(), b.Start.String()) })
	return classes
}

// latestStart returns the latest training start of team's hiring grid
// that puts a class on the phones by date by.
func (h *hirer) latestStart(team *scenarios.Team, by scenarios.Date) (scenarios.Date, bool) {
	hr := team.Hiring
	starts := hr.Starts()
	for i := len(starts) - 1; i >= 0; i-- {
		if !after(hr.OnPhones(starts[i]), by) {
			return starts[i], true
		}
	}
	return scenarios.Date{}, false
}

func after(a, b scenarios.Date) bool { return a.String() > b.String() }

// staff gives every case's compiled model the staffing of the classes and
// the planned overtime.
func (h *hirer) staff(classes [][]scenarios.Class, overtime [][]float64) {
	p := h.planners[0]
	for k, t := range p.teams {
		hired := h.hired(k, classes[k], overtime[k])
		for c := range h.planners {
			hired.SetStaffing(&p.sc.Season.Calendar, &h.grid.Model(c).Teams[t.index])
		}
	}
}

// judge simulates the cases the search runs (h.running) with the
// classes and the planned overtime, all on one pool of workers, and
// returns the judgements (each with its case) and, per planned team and
// week, the targets that fail where they must hold.
func (h *hirer) judge(classes [][]scenarios.Class, overtime [][]float64, strict bool) ([]reports.PlanTarget, map[[2]int][]int, error) {
	h.staff(classes, overtime)
	stats := make([]*periodStats, len(h.planners))
	for _, c := range h.running {
		stats[c] = h.planners[c].newPeriodStats(h.planners[c].sc.Replications)
	}
	var cells []int
	for _, n := range h.grid.Cells() {
		if c, _ := h.grid.Cell(n); slices.Contains(h.running, c) {
			cells = append(cells, n)
		}
	}
	keep := func(c, i int, r *sim.RepResult) { h.planners[c].record(stats[c], i, r) }
	done, err := h.grid.Execute(h.planners[0].ctx, cells, runner.Options{Workers: h.req.Workers, Keep: keep})
	if err != nil {
		return nil, nil, err
	}
	res := h.grid.Results(done)
	per := make([][]reports.PlanTarget, len(h.planners))
	fails := make([]map[[2]int][]int, len(h.planners))
	for _, c := range h.running {
		one := *res
		one.Scenarios = res.Scenarios[c : c+1]
		per[c], fails[c] = h.planners[c].judge(&one, stats[c], strict)
	}
	h.sims++
	return h.combine(per), h.failing(fails), nil
}

// combine tags each case's judgements with the case and, for the cases
// that count, keeps them as they are; a probability adds, per target and
// week, whether the cases where it held weigh enough.
func (h *hirer) combine(per [][]reports.PlanTarget) []reports.PlanTarget {
	var out []reports.PlanTarget
	for c, met := range per {
		for _, m := range met {
			m.Case = h.cases[c].Name
			if !h.counts(c) {
				m.Passed, m.WithinNoise = true, false // judged, but not asked of this case
			}
			out = append(out, m)
		}
	}
	if h.req.In != WithProbability {
		return out
	}
	held := map[[2]string]float64{}
	for c, met := range per {
		for _, m := range met {
			if m.Passed {
				held[[2]string{m.Target, m.Period}] += h.cases[c].Weight
			}
		}
	}
	for i := range out {
		out[i].Passed = held[[2]string{out[i].Target, out[i].Period}] >= h.req.Probability-1e-9
		out[i].WithinNoise = out[i].WithinNoise && out[i].Passed
	}
	return out
}

// counts reports whether the targets are asked of case c: of the
// expected case alone, or of every case (for a probability, combine
// weighs them).
func (h *hirer) counts(c int) bool {
	return h.req.In != InExpectedCase || c == h.sizing
}

// failing merges the cases' failures: a team's week fails where a target
// fails in a case that counts (for a probability, where the cases in which
// it held weigh too little).
func (h *hirer) failing(per []map[[2]int][]int) map[[2]int][]int {
	out := map[[2]int][]int{}
	add := func(key [2]int, js []int) {
		for _, j := range js {
			if !slices.Contains(out[key], j) {
				out[key] = append(out[key], j)
			}
		}
	}
	if h.req.In == WithProbability {
		failedWeight := map[[3]int]float64{}
		for c, f := range per {
			for key, js := range f {
				for _, j := range js {
					failedWeight[[3]int{key[0], key[1], j}] += h.cases[c].Weight
				}
			}
		}
		for kj, w := range failedWeight {
			if 1-w < h.req.Probability-1e-9 {
				add([2]int{kj[0], kj[1]}, []int{kj[2]})
			}
		}
		for key := range out {
			slices.Sort(out[key])
		}
		return out
	}
	for c, f := range per {
		if h.counts(c) {
			for key, js := range f {
				add(key, js)
			}
		}
	}
	return out
}

// search adds agents to classes where targets fail, then takes them away
// while the targets hold: FindHiring, steps 3 and 4. Like Find's search it
// changes every week (class) at once, a week that keeps failing getting
// twice the agents of the round before, and a class whose removal broke a
// target getting its agents back and trying half as many. A failing week
// that has planned overtime below the team's most gets the most first;
// the cuts take an hour from every week of overtime too.
func (h *hirer) search() error {
	p := h.planners[0]
	budget := h.sims + h.req.MaxSimulations
	adds := map[[2]int]int{} // per team and week, the hiring steps added last
	for {
		met, failing, err := h.judge(h.classes, h.overtime, true)
		if err != nil {
			return err
		}
		h.req.Progress("hiring simulation %d: %s", h.sims, p.failingSummary(met))
		if len(failing) == 0 {
			h.met = met
			break
		}
		if h.sims >= budget {
			return fmt.Errorf("no hiring plan meets every target after %d simulations (--max-simulations); still failing: %s", h.sims, FailingList(met))
		}
		grown := false
		for _, key := range sortedKeys(failing) {
			k, q := key[0], key[1]
			if o := h.overtimeOf(k); o != nil && h.overtime[k][q] > 0 && h.overtime[k][q] < o.HoursPerWeek {
				h.overtime[k][q], grown = o.HoursPerWeek, true
				continue
			}
			t := p.teams[k]
			team := &p.sc.Teams[t.index]
			start, ok := h.latestStart(team, p.sc.Season.Calendar.Date(p.periods[q].first))
			agents, _ := team.HiredOn(&p.sc.Season.Calendar, h.classes[k], p.periods[q].first)
			adds[key] = min(max(2*adds[key], 1), 16)
			n := min(adds[key]*t.step, (t.max-agents)/t.step*t.step)
			if !ok || n <= 0 || !t.works[q] {
				continue
			}
			h.classes[k] = hire(h.classes[k], start, n)
			grown = true
		}
		if !grown {
			return fmt.Errorf("no hiring plan meets every target: where they fail, no class reaches the phones in time (the first starts on its team's first_start, the last on last_start) or the team is at its max_headcount; still failing: %s", FailingList(met))
		}
	}
	// Take agents away from every class at once, a tenth of it first, and
	// an hour from every week of overtime.
	cut := make([][]int, len(h.classes)) // per team and class, the steps to take away next
	for k, cls := range h.classes {
		for _, c := range cls {
			cut[k] = append(cut[k], max(1, c.Size/(10*p.teams[k].step)))
		}
	}
	cutOvertime := map[[2]int]bool{} // per team and week, whether to try an hour less
	for k, ot := range h.overtime {
		for q, o := range ot {
			cutOvertime[[2]int{k, q}] = o > 0
		}
	}
	for h.sims < budget {
		trial := make([][]scenarios.Class, len(h.classes))
		var tried [][2]int
		for k, cls := range h.classes {
			trial[k] = slices.Clone(cls)
			for c := range cls {
				if n := min(cut[k][c]*p.teams[k].step, cls[c].Size); n > 0 {
					trial[k][c].Size -= n
					tried = append(tried, [2]int{k, c})
				}
			}
		}
		trialOvertime := cloneOvertime(h.overtime)
		var triedOvertime [][2]int
		for k, ot := range trialOvertime {
			for q := range ot {
				if key := [2]int{k, q}; cutOvertime[key] && ot[q] > 0 {
					ot[q] = lowerOvertime(ot[q])
					triedOvertime = append(triedOvertime, key)
				}
			}
		}
		if len(tried)+len(triedOvertime) == 0 {
			break
		}
		met, failing, err := h.judge(dropEmpty(trial), trialOvertime, true)
		if err != nil {
			return err
		}
		less := ""
		if len(triedOvertime) > 0 {
			less = ", " + reports.Plural(len(triedOvertime), "week") + " with less overtime"
		}
		h.req.Progress("hiring simulation %d: %s made smaller%s; %s", h.sims, reports.Plural(len(tried), "class"), less, p.failingSummary(met))
		if len(failing) == 0 {
			h.classes, h.overtime, h.met = trial, trialOvertime, met
			continue
		}
		// A smaller class is to blame for a failure in a week it is on the
		// phones by; with none, every smaller class of the team is. Less
		// overtime is to blame for a failure in its week or the next (the
		// work it left).
		blamed := map[[2]int]bool{}
		blamedOvertime := map[[2]int]bool{}
		for key := range failing {
			k, q := key[0], key[1]
			last := p.sc.Season.Calendar.Date(p.periods[q].last)
			found := false
			for _, tc := range tried {
				if tc[0] == k && !after(p.sc.Teams[p.teams[k].index].Hiring.OnPhones(h.classes[k][tc[1]].Start), last) {
					blamed[tc], found = true, true
				}
			}
			for _, tc := range tried {
				if tc[0] == k && !found {
					blamed[tc] = true
				}
			}
			for _, kq := range triedOvertime {
				if kq[0] == k && (kq[1] == q || kq[1] == q-1) {
					blamedOvertime[kq] = true
				}
			}
		}
		if len(blamed)+len(blamedOvertime) == 0 {
			for _, tc := range tried {
				blamed[tc] = true
			}
			for _, kq := range triedOvertime {
				blamedOvertime[kq] = true
			}
		}
		for tc := range blamed {
			cut[tc[0]][tc[1]] /= 2 // 0 once a single step fails: that class is done
		}
		for kq := range blamedOvertime {
			cutOvertime[kq] = false // an hour less failed: that week is done
		}
		h.binding = bindingOf(met)
	}
	h.classes = dropEmpty(h.classes)
	h.staff(h.classes, h.overtime)
	return nil
}

// dropEmpty returns the plan without its classes of no agents.
func dropEmpty(classes [][]scenarios.Class) [][]scenarios.Class {
	out := make([][]scenarios.Class, len(classes))
	for k, cls := range classes {
		out[k] = slices.DeleteFunc(slices.Clone(cls), func(c scenarios.Class) bool { return c.Size == 0 })
	}
	return out
}

// bindingOf names what failed when a class could not be dropped.
func bindingOf(met []reports.PlanTarget) string {
	for _, m := range met {
		if !m.Passed {
			where := "season-wide"
			if m.Period != "" {
				where = "in " + m.Period
			}
			return fmt.Sprintf("%s %s in the %s case (%s)", m.Target, where, m.Case, reports.FormatEstimate(&m.Estimate))
		}
	}
	return ""
}

// allCases lists the indices of n cases.
func allCases(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// paid returns the cost of classes and planned overtime in the sizing
// case: the paid hours of the compiled staffing times each team's cost
// per hour, the cost of training the classes, and the extra hours at
// their premium.
func (h *hirer) paid(classes [][]scenarios.Class, overtime [][]float64) (agents, training, extra float64) {
	p := h.planners[h.sizing]
	cal := &p.sc.Season.Calendar
	for k, t := range p.teams {
		team := &p.sc.Teams[t.index]
		hired := team.Hired(cal, classes[k])
		_, paid, _ := hired.Staffing(cal)
		hours := 0
		for _, n := range paid {
			hours += n
		}
		agents += float64(hours) * t.cost
		for _, c := range classes[k] {
			training += float64(c.Size) * team.Hiring.TrainingCost
		}
		extra += h.overtimeCost(k, classes[k], overtime[k])
	}
	return agents, training, extra
}

// report builds the plan: the hiring table, the weeks, the costs.
func (h *hirer) report(erlangClasses [][]scenarios.Class, byCase [][][]int) *reports.Plan {
	p := h.planners[h.sizing]
	cal := &p.sc.Season.Calendar
	out := &reports.Plan{Simulations: h.sims, Granularity: "week", Met: h.met}
	for _, t := range p.userTargets() {
		out.Targets = append(out.Targets, t.Expr)
	}
	for _, pe := range p.periods {
		out.Periods = append(out.Periods, reports.PlanPeriod{Name: pe.name, From: cal.Date(pe.first).String(), To: cal.Date(pe.last).String()})
	}
	hp := &reports.HiringPlan{Sizing: h.cases[h.sizing].Name, In: h.inWords(), Binding: h.binding}
	for _, c := range h.cases {
		hc := reports.HiringCase{Name: c.Name, Weight: reports.Float(c.Weight), Orders: reports.Float(c.Orders)}
		for _, st := range c.Set {
			hc.Set = append(hc.Set, st.Path+"="+st.Value)
		}
		hp.Cases = append(hp.Cases, hc)
	}
	for k, t := range p.teams {
		team := &p.sc.Teams[t.index]
		for i, c := range h.classes[k] {
			hp.Classes = append(hp.Classes, reports.HiringClass{Team: t.name, Name: fmt.Sprintf("%s-%d", t.name, i+1),
				TrainingStart: c.Start.String(), OnPhones: team.Hiring.OnPhones(c.Start).String(), Size: c.Size})
		}
		for q, pe := range p.periods {
			agents, strength := team.HiredOn(cal, h.classes[k], pe.first)
			erlangAgents, _ := team.HiredOn(cal, erlangClasses[k], pe.first)
			week := reports.HiringWeek{Team: t.name, Period: pe.name, Required: byCase[h.sizing][k][q], Agents: agents, Effective: reports.Float(tenth(strength))}
			if h.overtime[k] != nil && h.overtime[k][q] > 0 {
				week.Overtime = reports.Float(h.overtime[k][q])
				week.ExtraHours = h.extraHours(k, q, agents, h.overtime[k][q])
			}
			for c := range h.cases {
				week.ErlangByCase = append(week.ErlangByCase, byCase[c][k][q])
			}
			hp.Weeks = append(hp.Weeks, week)
			out.Teams = append(out.Teams, reports.PlanRow{Team: t.name, Period: pe.name, Erlang: erlangAgents, Planned: agents, CostPerHour: reports.Float(t.cost)})
		}
	}
	agents, training, extra := h.paid(h.classes, h.overtime)
	hp.AgentCost, hp.TrainingCost, hp.OvertimeCost = reports.Float(agents), reports.Float(training), reports.Float(extra)
	hp.TotalCost = reports.Float(agents + training + extra)
	hp.WithoutOvertimeTotal = reports.Float(h.withoutOvertime)
	ea, et, _ := h.paid(erlangClasses, make([][]float64, len(erlangClasses)))
	hp.ErlangTotal = reports.Float(ea + et)
	out.ErlangCost, out.PlannedCost = hp.ErlangTotal, hp.TotalCost
	out.Hiring = hp
	return out
}

// inWords says where the targets must hold.
func (h *hirer) inWords() string {
	switch h.req.In {
	case InExpectedCase:
		return "the expected case"
	case WithProbability:
		return fmt.Sprintf("with probability ≥ %s", strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", h.req.Probability), "0"), "."))
	}
	return "every case"
}

// Confirmation returns the hiring plan's confirmation run: every forecast
// case with the classes, on seeds the search never saw.
func (o *HiringOutcome) Confirmation() *Confirmation {
	h := o.h
	c := &Confirmation{plan: o.Plan, combine: h.combine}
	seed := ConfirmationSeed(h.req.Scenario.Seed)
	o.Plan.ConfirmationSeed = seed
	for _, p := range h.planners {
		sc := *p.sc
		sc.Teams = slices.Clone(p.sc.Teams)
		for k, t := range p.teams {
			sc.Teams[t.index] = h.hired(k, h.classes[k], h.overtime[k])
		}
		sc.Seed = seed
		c.Scenarios = append(c.Scenarios, &sc)
		c.judges = append(c.judges, p)
	}
	return c
}
