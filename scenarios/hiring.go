package scenarios

import (
	"math"
	"slices"
	"strconv"
)

// Hiring is how peaksim plan --hiring may add temporary agents to a team
// of a season: in classes of the team's HiringStep agents, each starting
// its training on a date of a weekly grid from FirstStart to LastStart
// (the last hiring date), on the phones Training days later, learning on
// Ramp from then on, and losing Attrition of its agents each week. The
// team's Headcount is its permanent staff, who leave at the same rate.
type Hiring struct {
	FirstStart, LastStart Date
	// TrainingDays is the lead time from a class's start to its first day
	// on the phones, in whole days.
	TrainingDays int
	// Ramp is the new agents' learning curve (its Start is each class's
	// first day on the phones); nil: full speed from the first day.
	Ramp *Ramp
	// Attrition is the share of the team's agents who leave each week.
	Attrition float64
	// TrainingCost is the cost of training one agent (the trainer, the
	// trainee's paid hours in training), in the file's currency.
	TrainingCost float64
	// Overtime, when set, lets the plan buy planned overtime: nil, none.
	Overtime *Overtime
}

// Overtime is the planned overtime a hiring plan may give a team: up to
// HoursPerWeek extra hours per agent in a week, each paid at Premium times
// the team's cost per hour. It is a decision bought in advance, not the
// minutes an agent works past the end of a shift to finish a contact
// (sim.TeamResult.OvertimeHours), which every run has and pays at the
// plain rate.
type Overtime struct {
	HoursPerWeek, Premium float64
}

// Starts returns the training start dates a class may have: every 7 days
// from FirstStart to LastStart, both included when on the grid.
func (h *Hiring) Starts() []Date {
	var out []Date
	for d := h.FirstStart; d.number() <= h.LastStart.number(); d = d.AddDays(7) {
		out = append(out, d)
	}
	return out
}

// OnPhones is the first day on the phones of a class that starts training
// on start.
func (h *Hiring) OnPhones(start Date) Date { return start.AddDays(h.TrainingDays) }

// Class is a hiring class: Size agents who start training on Start.
type Class struct {
	Start Date
	Size  int
}

// ForecastCase is one of the seasons the file's may turn out to be: its
// orders are Orders times the file's, with the values of Set (paths as a
// variant's set: a carrier's loss rate, a warehouse's capacity) in place
// of the file's, and Weight the planner's belief in it (the weights of a
// file's cases sum to 1).
type ForecastCase struct {
	Name   string
	Weight float64
	Orders float64
	Set    []Setting
	// scenario is the file with Set's values, nil without Set.
	scenario *Scenario
}

// InCase returns a copy of the season scenario in forecast case fc: with
// the case's set values, and its orders, the base volume or every hour of
// a trace, scaled. The contacts that the orders' parcels cause follow;
// direct contact streams (questions before an order) keep their volume.
func (s *Scenario) InCase(fc ForecastCase) *Scenario {
	out := *s
	if fc.scenario != nil {
		// The case's own season and teams, on the scenario's run: its
		// seed and replications may have been set since the file was read.
		out = *fc.scenario
		out.Seed, out.Replications, out.Source, out.YAML, out.Thresholds = s.Seed, s.Replications, s.Source, s.YAML, s.Thresholds
	}
	season := *out.Season
	season.Demand.OrdersPerDay *= fc.Orders
	if season.Demand.Trace != nil {
		season.Demand.Trace = slices.Clone(season.Demand.Trace)
		for h := range season.Demand.Trace {
			season.Demand.Trace[h] *= fc.Orders
		}
	}
	out.Season = &season
	out.Variant = fc.Name
	return &out
}

// Hired returns team t as the hiring plan classes staffs it in a season,
// in shifts, week by week from the season's first day (a class's from its
// first day on the phones): the permanent staff and each class, each
// week's headcount what attrition leaves of it (rounded half up), in the
// shape of the team's permanent pattern (permanentPattern), a class
// learning on the hiring ramp from its first day on the phones.
func (t *Team) Hired(c *Calendar, classes []Class) Team {
	out := *t
	out.Shifts, out.HeadcountByDate, out.Headcount = nil, nil, 0
	// The days the file closes the team with a headcount of 0 stay closed.
	out.ClosedOn = slices.Clone(t.ClosedOn)
	for _, o := range t.HeadcountByDate {
		for d := c.Day(o.From); o.Value == 0 && d <= c.Day(o.To); d++ {
			out.ClosedOn = append(out.ClosedOn, c.Date(d))
		}
	}
	h := t.Hiring
	pattern := t.permanentPattern()
	groups := append([]hiredGroup{{name: "permanent"}}, h.groups(c, classes)...)
	for day := 0; day < c.Days(); day += 7 {
		last := min(day+6, c.Days()-1)
		sizes := make([]int, len(groups))
		for g, gr := range groups {
			switch {
			case g == 0:
				sizes[g] = h.left(t.permanentOn(c, day), day/7)
			case gr.first <= last:
				sizes[g] = h.left(gr.size, max(day-gr.first, 0)/7)
			}
		}
		for g, shifts := range t.splitPattern(c, pattern, day, last, sizes) {
			for i, s := range shifts {
				s.Name = groups[g].name + "-" + c.Date(day).String() + "-" + strconv.Itoa(i)
				s.Ramp = groups[g].ramp
				if g > 0 && c.Day(s.From) < groups[g].first {
					s.From = c.Date(groups[g].first)
				}
				out.Shifts = append(out.Shifts, s)
			}
		}
	}
	return out
}

// splitPattern returns, for each group of agents (sizes), its shifts of
// the pattern in days first to last. A team with a headcount has every
// agent in every stretch of its hours. A team in shifts has the pattern
// scaled to all the groups' agents together, and each group's agents
// given one by one to the shift furthest below its share: so that a class
// of one agent does not land in the largest shift every time.
func (t *Team) splitPattern(c *Calendar, pattern []Shift, first, last int, sizes []int) [][]Shift {
	out := make([][]Shift, len(sizes))
	if t.Shifts == nil {
		for g, n := range sizes {
			if n > 0 {
				out[g] = t.scaledPattern(c, pattern, first, last, n)
			}
		}
		return out
	}
	total := 0
	for _, n := range sizes {
		total += n
	}
	quota := ScaleShifts(c, pattern, first, last, total)
	given := make([]int, len(quota))
	for g, n := range sizes {
		mine := make([]int, len(quota))
		for range n {
			best := -1
			for i := range quota {
				if given[i] < quota[i].Headcount && (best < 0 || quota[i].Headcount-given[i] > quota[best].Headcount-given[best]) {
					best = i
				}
			}
			if best < 0 {
				break
			}
			given[best]++
			mine[best]++
		}
		for i, m := range mine {
			if m > 0 {
				s := quota[i]
				s.Headcount = m
				out[g] = append(out[g], s)
			}
		}
	}
	return out
}

// permanentPattern is the shape of the team's week that permanent staff
// and classes take: a team with a headcount works its working hours, all
// its agents in every stretch of them; a team in shifts works its shifts
// of tenured staff (those without a ramp), each agent one shift.
func (t *Team) permanentPattern() []Shift {
	if t.Shifts == nil {
		return workingStretches(&t.WorkingHours)
	}
	var out []Shift
	for _, s := range t.Shifts {
		if s.Ramp == nil {
			out = append(out, s)
		}
	}
	return out
}

// permanentOn is the team's permanent headcount on day index day: its
// headcount, or the headcounts of its tenured shifts that work that week.
func (t *Team) permanentOn(c *Calendar, day int) int {
	if t.Shifts == nil {
		return t.Headcount
	}
	n := 0
	for _, s := range ScaleShifts(c, t.permanentPattern(), day, min(day+6, c.Days()-1), -1) {
		n += s.Headcount
	}
	return n
}

// scaledPattern returns the pattern's shifts for days first to last with
// headcount agents: every stretch of a headcount team's hours with all of
// them, a team's shifts scaled to add up to it.
func (t *Team) scaledPattern(c *Calendar, pattern []Shift, first, last, headcount int) []Shift {
	if t.Shifts != nil {
		return ScaleShifts(c, pattern, first, last, headcount)
	}
	out := slices.Clone(pattern)
	for i := range out {
		out[i].Headcount, out[i].From, out[i].To = headcount, c.Date(first), c.Date(last)
	}
	return out
}

// ScaleShifts returns the shifts that work in days first to last of the
// calendar, limited to them and scaled to add up to headcount (every
// agent works one shift), the agents that rounding leaves over going to
// the shifts with the largest remainders; a negative headcount keeps the
// shifts' own.
func ScaleShifts(cal *Calendar, shifts []Shift, first, last, headcount int) []Shift {
	var active []Shift
	total := 0
	for _, s := range shifts {
		from, to := first, last
		if !s.From.IsZero() {
			from = max(from, cal.Day(s.From))
		}
		if !s.To.IsZero() {
			to = min(to, cal.Day(s.To))
		}
		works := false
		for d := from; d <= to; d++ {
			works = works || s.Days[cal.Date(d).Weekday()]
		}
		if works && s.Headcount > 0 {
			s.From, s.To = cal.Date(from), cal.Date(to)
			active = append(active, s)
			total += s.Headcount
		}
	}
	if total == 0 || headcount < 0 {
		return active
	}
	rest := headcount
	remainders := make([]float64, len(active))
	for i := range active {
		exact := float64(active[i].Headcount) * float64(headcount) / float64(total)
		active[i].Headcount = int(exact)
		remainders[i] = exact - float64(active[i].Headcount)
		rest -= active[i].Headcount
	}
	for ; rest > 0; rest-- {
		i := 0
		for j := range remainders {
			if remainders[j] > remainders[i] {
				i = j
			}
		}
		active[i].Headcount++
		remainders[i] = -1
	}
	return slices.DeleteFunc(active, func(s Shift) bool { return s.Headcount == 0 })
}

// workingStretches cuts a week of working hours into shifts: one per run
// of hours that the same weekdays work.
func workingStretches(w *Week) []Shift {
	var out []Shift
	for h := 0; h < 24; {
		var days [7]bool
		for d := range 7 {
			days[d] = w[d][h]
		}
		end := h + 1
		for end < 24 {
			same := true
			for d := range 7 {
				same = same && w[d][end] == days[d]
			}
			if !same {
				break
			}
			end++
		}
		if slices.Contains(days[:], true) {
			out = append(out, Shift{Start: h, End: end, Days: days})
		}
		h = end
	}
	return out
}

// HiredOn returns, for the team as Hired staffs it, its agents on day
// index day of calendar c and their strength in tenured agents: each new
// agent counts for the hiring ramp's share of full speed.
func (t *Team) HiredOn(c *Calendar, classes []Class, day int) (agents int, strength float64) {
	h := t.Hiring
	agents = h.left(t.permanentOn(c, day), day/7)
	strength = float64(agents)
	for _, g := range h.groups(c, classes) {
		if day < g.first {
			continue
		}
		n := h.left(g.size, (day-g.first)/7)
		factor := 1.0
		if g.ramp != nil {
			factor = g.ramp.factor(c, day)
		}
		agents += n
		strength += float64(n) * factor
	}
	return agents, strength
}

// hiredGroup is a group of new agents: the classes that reach the phones
// on the same day (the first of the season, for those trained before it),
// whose agents leave alike and learn on one ramp.
type hiredGroup struct {
	name  string
	first int // day index of the first day on the phones
	size  int
	ramp  *Ramp // nil: full speed from the first day
}

// groups returns the groups of classes, which are in order of start.
func (h *Hiring) groups(c *Calendar, classes []Class) []hiredGroup {
	var out []hiredGroup
	for _, cl := range classes {
		on := h.OnPhones(cl.Start)
		first := max(c.Day(on), 0)
		if n := len(out); n > 0 && out[n-1].first == first {
			out[n-1].size += cl.Size
			continue
		}
		var ramp *Ramp
		if h.Ramp != nil {
			ramp = &Ramp{Start: on, StartSpeed: h.Ramp.StartSpeed, Weeks: h.Ramp.Weeks}
		}
		out = append(out, hiredGroup{name: "class-" + cl.Start.String(), first: first, size: cl.Size, ramp: ramp})
	}
	return out
}

// left is what attrition leaves, rounded half up, of size agents after
// weeks whole weeks.
func (h *Hiring) left(size, weeks int) int {
	return roundHalfUp(float64(size) * math.Pow(1-h.Attrition, float64(weeks)))
}

// roundHalfUp rounds a non-negative x to the nearest integer, halves up.
// The margin keeps a half that floating point computes a hair short: the
// inputs are given in decimals, and a hundred-thousandth of an agent is
// noise.
func roundHalfUp(x float64) int { return int(math.Floor(x + 0.5 + 1e-9)) }
