package scenarios

import (
	"hash/fnv"
	"math"
	"slices"

	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/stats"
)

// Season is the order-driven part of a season scenario (a file with a
// calendar section): the calendar, the orders, their dispatch and delivery,
// what goes wrong with them, and the customers who then contact the
// company. Model turns it into the per-hour and per-day arrays of
// sim.Season; docs/scenarios.md gives the rules.
type Season struct {
	Calendar   Calendar
	Demand     Demand
	Fulfilment Fulfilment
	Exceptions []Exception
	Customers  Customers
	Policies   Policies
	// Costs price the failures (costs); see sim.Costs.
	Costs sim.Costs
	// Forecast lists the volumes the season may turn out to have, for
	// peaksim plan --hiring; empty: the file's alone.
	Forecast []ForecastCase
}

// Policies are the season's service policies besides the workflows; see
// sim.Season.
type Policies struct {
	TaskOrder sim.TaskOrder
	// EscalateAfter contacts (0: never), a case's queued work moves to the
	// front of EscalationTeam's queue.
	EscalateAfter  int
	EscalationTeam string
	// Compensation is the proactive compensation policy, its rules in the
	// file's order.
	Compensation []Compensation
}

// Demand is the expected number of orders in every hour of the season.
type Demand struct {
	// OrdersPerDay is the base volume: the orders of a day whose season
	// curve and weekday factors are 1.
	OrdersPerDay float64
	// Shape spreads OrdersPerDay over the season.
	Shape
	// TraceFile is the path of the trace the orders were read from, as the
	// file gives it; empty without a trace.
	TraceFile string
	// Trace, when set, is the expected number of orders in every hour of
	// the season, read from TraceFile (a daily trace spread over the day
	// with HourProfile); it replaces OrdersPerDay, SeasonCurve and
	// WeekdayProfile.
	Trace []float64
	// OrderValue is the value of an order, for workflow branches on it.
	OrderValue sim.Dist
}

// Shape is how a base daily volume (the orders, or a channel's direct
// stream) spreads over the season: by date, by day of the week, and by hour
// of the day.
type Shape struct {
	// SeasonCurve multiplies the base volume by date, linear between its
	// points and flat before the first and after the last; sorted by date.
	// Empty: 1 every day.
	SeasonCurve []CurvePoint
	// WeekdayProfile[time.Weekday] multiplies the base volume by day of the
	// week.
	WeekdayProfile [7]float64
	// HourProfile[hour] is the share of a day's volume in that local hour;
	// it sums to 1.
	HourProfile [24]float64
}

// flatShape returns the Shape of a file that gives none: factor 1 every
// day, the same share every hour.
func flatShape() Shape {
	var sh Shape
	for w := range sh.WeekdayProfile {
		sh.WeekdayProfile[w] = 1
	}
	for h := range sh.HourProfile {
		sh.HourProfile[h] = 1.0 / 24
	}
	return sh
}

// CurvePoint is a dated factor of the season curve.
type CurvePoint struct {
	Date   Date
	Factor float64
	// Label names the day in reports ("Black Friday"); may be empty.
	Label string
}

// Fulfilment is the warehouse and the carrier.
type Fulfilment struct {
	// DispatchCapacity is the number of orders the warehouse can hand to
	// the carrier on a dispatch day, unless DispatchCapacityByDate says
	// otherwise.
	DispatchCapacity       int
	DispatchCapacityByDate []Override
	// Cutoff is the local hour (0-23) at which the day's dispatch leaves:
	// orders placed before it ship that day, capacity allowing.
	Cutoff int
	// DispatchDays[time.Weekday] and DeliveryDays[time.Weekday] say on
	// which days of the week the warehouse dispatches and the carrier
	// delivers; neither happens on the calendar's carrier holidays.
	DispatchDays, DeliveryDays [7]bool
	// DeliveryHour is the local hour (0-23) at which parcels arrive.
	DeliveryHour int
	Promises     []sim.Promise
	// CarrierCapacity, when above 0, is the number of parcels the carrier
	// takes a day at its promised speed (unless CarrierCapacityByDate says
	// otherwise); the parcels beyond it become late parcels of the
	// exception named CarrierOverflow. 0: unlimited.
	CarrierCapacity       int
	CarrierCapacityByDate []Override
	CarrierOverflow       string
	// LateOrders names the late exception that orders late against their
	// promise become when their customer notices (sim.Exception.LateOrders);
	// empty: the first exception of kind late. NoLateOrders: none, a
	// warehouse delay opens no cases (for comparison).
	LateOrders string
	// StaleTracking: see sim.Season.StaleTracking (After in hours).
	StaleTracking sim.StaleTracking
	// Stock, when set, splits the orders among product groups whose stock
	// can run out; the orders beyond the stock become cases of the
	// exception of kind backordered. nil: stock never runs out.
	Stock []StockGroup
	// CourierTime is the time from sending a courier to the delivery.
	CourierTime sim.Dist
}

// StockGroup is a product group's stock.
type StockGroup struct {
	Name string
	// Share is the fraction of orders for this group; the shares sum to 1.
	Share    float64
	Initial  int64
	Restocks []Restock
}

// Restock is a delivery of units to the warehouse, available from the
// day's dispatch on.
type Restock struct {
	Date  Date
	Units int64
}

// Override replaces a value (a dispatch capacity, a headcount) on the days
// From to To, both included.
type Override struct {
	From, To Date
	Value    int
	// Ramp, on a team's headcount override, makes the agents it adds above
	// the team's Headcount new staff who are still learning; nil elsewhere.
	Ramp *Ramp
}

// Exception is one thing that can go wrong with a shipped parcel.
type Exception struct {
	Name        string
	Kind        sim.ExceptionKind
	Probability float64
	// Delay is how late a late parcel arrives; the zero Dist for the other
	// kinds.
	Delay       sim.Dist
	NoticeDelay sim.Dist
	// ChannelMix maps the names of channels to the share of first contacts
	// about such a case that use them; the shares sum to 1.
	ChannelMix map[string]float64
	// Resolve is the company's work on such a case; nil when there is none
	// (a late parcel that simply arrives).
	Resolve *Resolve
	// LoadRise makes Probability rise with the carrier's load (see
	// sim.Exception); 0: constant.
	LoadRise float64
	// DetectProbability is the chance that the company finds the problem
	// itself, DetectDelay after the promised date, and opens the case
	// before the customer calls.
	DetectProbability float64
	DetectDelay       sim.Dist
	// Workflow is the company's process for such a case, with team and
	// step references resolved to indices; nil when Resolve describes it.
	Workflow sim.Workflow
	// SelfService and DataError: see sim.Exception.
	SelfService, DataError float64
	// DataErrorRepeat is the chance that a new parcel repeats the data
	// error (sim.Exception.DataErrorRepeat); 1 by default.
	DataErrorRepeat float64
	// Unreachable is the share of a late exception's parcels whose driver
	// could not reach the customer, which become cases of the exception
	// named UnreachableBecomes (see sim.Exception.Unreachable).
	Unreachable        float64
	UnreachableBecomes string
	// ReshipPromise names the promise a reship of such a case is sent
	// with; empty: the order's own.
	ReshipPromise string
}

// Resolve is the step that resolves a case: a team's work, then a reship,
// a refund or a credit.
type Resolve struct {
	Team                   string
	HandleTime             sim.Dist
	Reship, Refund, Credit float64
}

// Customers describes how customers with a case behave; see sim.Customer.
type Customers struct {
	// ChaseInterval is the zero Dist when customers never chase.
	ChaseInterval     sim.Dist
	RetryProbability  float64
	RetryDelay        sim.Dist
	SwitchProbability float64
	// DeadlineShare of customers need their case resolved before
	// Deadline begins (00:00 local time); Deadline is the zero Date when
	// there is no deadline.
	DeadlineShare float64
	Deadline      Date
	ChurnContacts int
	EffortWeights sim.EffortWeights
	// NoticeDistrust, NoticeTolerance and BrokenChase: how customers take
	// dated notices; see sim.Customer.
	NoticeDistrust  float64
	NoticeTolerance sim.Dist
	BrokenChase     float64
	// Churn is the model of customers lost, sim.DefaultChurn where the
	// file gives no parameter; Value is a lost customer's worth.
	Churn sim.Churn
	Value float64
}

// NoLateOrders is the value of fulfilment.late_orders that turns late
// orders' cases off.
const NoLateOrders = "none"

// lateOrderException returns the index of the exception that late orders
// become, or -1.
func (se *Season) lateOrderException() int {
	name := se.Fulfilment.LateOrders
	if name == NoLateOrders {
		return -1
	}
	return slices.IndexFunc(se.Exceptions, func(e Exception) bool {
		return e.Kind == sim.Late && (name == "" || e.Name == name)
	})
}

// exceptionKinds are the values of exceptions[].kind, in sim's order.
var exceptionKinds = []string{"lost", "late", "misdelivered", "damaged", "faulty", "wrong_item", "backordered"}

// hours returns the number of hours of the season.
func (c *Calendar) hours() int { return 24 * c.Days() }

// curve returns the season curve's factor on day index day.
func (sh *Shape) curve(c *Calendar, day int) float64 {
	pts := sh.SeasonCurve
	if len(pts) == 0 {
		return 1
	}
	if day <= c.Day(pts[0].Date) {
		return pts[0].Factor
	}
	for i := 1; i < len(pts); i++ {
		x1 := c.Day(pts[i].Date)
		if day < x1 {
			x0 := c.Day(pts[i-1].Date)
			f0, f1 := pts[i-1].Factor, pts[i].Factor
			return f0 + (f1-f0)*float64(day-x0)/float64(x1-x0)
		}
	}
	return pts[len(pts)-1].Factor
}

// dayFactor is the multiplier of a base daily volume on day index day: the
// season curve times the weekday profile.
func (sh *Shape) dayFactor(c *Calendar, day int) float64 {
	return sh.curve(c, day) * sh.WeekdayProfile[c.Date(day).Weekday()]
}

// dayFactor is the multiplier of OrdersPerDay on day index day; 1 with a
// trace.
func (d *Demand) dayFactor(c *Calendar, day int) float64 {
	if d.Trace != nil {
		return 1
	}
	return d.Shape.dayFactor(c, day)
}

// ordersPerHour returns the expected orders in every hour of the season.
func (d *Demand) ordersPerHour(c *Calendar) []float64 {
	if d.Trace != nil {
		return slices.Clone(d.Trace)
	}
	out := make([]float64, c.hours())
	for day := range c.Days() {
		total := d.OrdersPerDay * d.dayFactor(c, day)
		for h, w := range d.HourProfile {
			out[24*day+h] = total * w
		}
	}
	return out
}

// overridden returns the value on day index day: that of the override
// covering it, or base.
func overridden(c *Calendar, base int, overrides []Override, day int) int {
	if o := covering(c, overrides, day); o != nil {
		return o.Value
	}
	return base
}

// covering returns the override covering day index day, or nil.
func covering(c *Calendar, overrides []Override, day int) *Override {
	for i := range overrides {
		if o := &overrides[i]; c.Day(o.From) <= day && day <= c.Day(o.To) {
			return o
		}
	}
	return nil
}

// perDay returns, for each day of the season, its value (such as the
// dispatch capacity) on the days of the week in days that are not
// holidays, and 0 on the others.
func perDay(c *Calendar, days *[7]bool, value func(day int) int) []int {
	out := make([]int, c.Days())
	for day := range out {
		date := c.Date(day)
		if days[date.Weekday()] && !slices.Contains(c.CarrierHolidays, date) {
			out[day] = value(day)
		}
	}
	return out
}

// Staffing returns the agents at work (after shrinkage) and the agents paid
// in every hour of the season and, for a team with new staff who ramp up,
// its speed in every hour (nil otherwise: Speed throughout). Shrinkage
// applies to the agents of an hour together: two shifts of 10 with
// shrinkage 0.25 are 15 on duty, not 16; the hour's share of an agent is
// made whole by onDutyIn. The agents of planned overtime (Extra) are on duty
// on top, and paid apart, at their premium.
//
// Agents are not individuals, so an hour's speed is a mean: Speed times
// the mean, over the agents paid in the hour, of each one's share of full
// speed, 1 for a tenured agent and the ramp's factor of the day for a new
// one. Shrinkage takes the same share of both, so the mean over the
// agents on duty is the same.
func (t *Team) Staffing(c *Calendar) (onDuty, paid []int, speed []float64) {
	onDuty, paid = make([]int, c.hours()), make([]int, c.hours())
	full := t.Speed
	if full <= 0 {
		full = 1
	}
	if slices.ContainsFunc(t.Shifts, func(s Shift) bool { return s.Ramp != nil }) ||
		slices.ContainsFunc(t.HeadcountByDate, func(o Override) bool { return o.Ramp != nil }) {
		speed = make([]float64, c.hours())
		for h := range speed {
			speed[h] = full
		}
	}
	phase := dutyPhase(t.Name)
	for day := range c.Days() {
		date := c.Date(day)
		if slices.Contains(t.ClosedOn, date) {
			continue
		}
		hours := paid[24*day : 24*day+24]
		// lack[h] is the speed the hour's new staff lack, in agents at
		// full speed: 10 agents at 0.65 lack 3.5.
		var lack [24]float64
		if t.Shifts == nil {
			headcount, slow := t.Headcount, 0.0
			if o := covering(c, t.HeadcountByDate, day); o != nil {
				headcount = o.Value
				if o.Ramp != nil && o.Value > t.Headcount {
					slow = float64(o.Value-t.Headcount) * (1 - o.Ramp.factor(c, day))
				}
			}
			for h, at := range t.WorkingHours[date.Weekday()] {
				if at {
					hours[h], lack[h] = headcount, slow
				}
			}
		}
		for _, s := range t.Shifts {
			if s.Days[date.Weekday()] && (s.From.IsZero() || c.Day(s.From) <= day) && (s.To.IsZero() || day <= c.Day(s.To)) {
				slow := 0.0
				if s.Ramp != nil {
					slow = float64(s.Headcount) * (1 - s.Ramp.factor(c, day))
				}
				for h := s.Start; h < s.End; h++ {
					hours[h] += s.Headcount
					lack[h] += slow
				}
			}
		}
		for h, n := range hours {
			onDuty[24*day+h] = onDutyIn(float64(n)*(1-t.Shrinkage), 24*day+h, phase)
			if t.Extra != nil {
				onDuty[24*day+h] += t.Extra[24*day+h]
			}
			if speed != nil && n > 0 && lack[h] > 0 {
				speed[24*day+h] = full * (1 - lack[h]/float64(n))
			}
		}
	}
	return onDuty, paid, speed
}

// SetStaffing gives the compiled team mt the team's staffing in calendar
// c: its agents on duty, paid and speed hour by hour (Staffing), and its
// planned overtime with its premium.
func (t *Team) SetStaffing(c *Calendar, mt *sim.Team) {
	mt.OnDuty, mt.Paid, mt.SpeedByHour = t.Staffing(c)
	mt.Extra, mt.ExtraPremium = nil, 0
	if t.Extra != nil {
		mt.Extra, mt.ExtraPremium = t.Extra, 1
		if t.Hiring != nil && t.Hiring.Overtime != nil {
			mt.ExtraPremium = t.Hiring.Overtime.Premium
		}
	}
}

// onDutyIn returns the whole agents on duty in hour h of the season for
// agents, the hour's paid agents less shrinkage: its whole part, and one
// more in a share of the hours equal to its fraction. Rounded instead,
// two supervisors with shrinkage 0.2 (1.6) and three (2.4) were both two
// on duty, and one callback agent with 0.3 as many as two: a planner saw
// a headcount change that changed nothing, or cost nothing. The extra
// agent is on duty when the fraction reaches the hour's threshold, which
// steps through [0, 1) by the golden ratio's fraction (a Weyl sequence),
// so that those hours are spread evenly over any stretch of the season
// (over a season's hours, within 3 agent-hours of the exact share),
// and the same in every variant: a variant with more agents in an hour
// has at least as many on duty in it, and an hour it leaves alone keeps
// its agents. phase, from the team's name, keeps teams' thresholds apart,
// so that their short hours do not fall together.
func onDutyIn(agents float64, h int, phase float64) int {
	whole := math.Floor(agents)
	if agents-whole > 1-1e-9 { // 90 × (1 − 0.3) is 62.99999999999999: 63
		whole++
	}
	threshold := math.Mod(phase+float64(h)*goldenFraction, 1)
	if agents-whole > 1e-9 && agents-whole >= threshold {
		whole++
	}
	return int(whole)
}

// goldenFraction is (√5 − 1) / 2: its multiples modulo 1 are the most
// evenly spread of any step's.
const goldenFraction = 0.6180339887498949

// dutyPhase is a team's offset in [0, 1) of onDutyIn's thresholds, from its
// name.
func dutyPhase(name string) float64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return float64(h.Sum64()>>11) / (1 << 53)
}

// open returns whether the channel is open in every hour of the season,
// or nil when it is open in all of them.
func (ch *Channel) open(c *Calendar) []bool {
	open := make([]bool, c.hours())
	always := true
	for day := range c.Days() {
		date := c.Date(day)
		closed := slices.Contains(ch.ClosedOn, date)
		for h, at := range ch.OpeningHours[date.Weekday()] {
			open[24*day+h] = at && !closed
			always = always && open[24*day+h]
		}
	}
	if always {
		return nil
	}
	return open
}

// hourlyRate returns the rate of the channel's direct stream in every hour
// of the season (nil when it has none): its constant rate while open, or
// PerDay contacts a day, times the day factor of its shape (its own, or
// the demand's d), spread over the day's open hours in proportion to the
// shape's hour profile (evenly when the profile gives those hours no
// weight).
func (ch *Channel) hourlyRate(c *Calendar, d *Demand, open []bool) []float64 {
	if ch.Rate == 0 && ch.PerDay == 0 && ch.Trace == nil {
		return nil
	}
	sh := ch.Shape
	if sh == nil {
		sh = &d.Shape
	}
	isOpen := func(h int) bool { return open == nil || open[h] }
	rate := make([]float64, c.hours())
	for day := range c.Days() {
		var weight float64
		var n int
		for h, w := range sh.HourProfile {
			if isOpen(24*day + h) {
				weight += w
				n++
			}
		}
		total := ch.PerDay * sh.dayFactor(c, day)
		if ch.Trace != nil {
			// A daily trace's day is spread over the hours the channel is
			// open; an hourly trace's hours stand, and what it counts in
			// hours the channel is closed is never offered.
			total = stats.Sum(ch.Trace[24*day : 24*day+24])
		}
		for h, w := range sh.HourProfile {
			switch {
			case !isOpen(24*day + h):
			case ch.TraceHourly:
				rate[24*day+h] = ch.Trace[24*day+h]
			case ch.Rate > 0:
				rate[24*day+h] = ch.Rate
			case weight > 0:
				rate[24*day+h] = total * w / weight
			default:
				rate[24*day+h] = total / float64(n)
			}
		}
	}
	return rate
}

// compileSeason fills in the season's part of m, which Model has built with
// the teams and channels.
func (s *Scenario) compileSeason(m *sim.Model) {
	se := s.Season
	c := &se.Calendar
	f := &se.Fulfilment
	m.Horizon, m.Warmup = float64(c.hours()), 0
	teamIndex := func(name string) int {
		return slices.IndexFunc(s.Teams, func(t Team) bool { return t.Name == name })
	}
	for i := range s.Teams {
		s.Teams[i].SetStaffing(c, &m.Teams[i])
	}
	for i := range s.Channels {
		ch := &s.Channels[i]
		m.Channels[i].Open = ch.open(c)
		m.Channels[i].HourlyRate = ch.hourlyRate(c, &se.Demand, m.Channels[i].Open)
		m.Channels[i].Transit, m.Channels[i].Loss = ch.Transit, ch.Loss
	}
	out := &sim.Season{
		OrdersPerHour: se.Demand.ordersPerHour(c),
		DispatchHour:  f.Cutoff,
		DispatchCapacity: perDay(c, &f.DispatchDays, func(day int) int {
			return overridden(c, f.DispatchCapacity, f.DispatchCapacityByDate, day)
		}),
		DeliveryHour: f.DeliveryHour,
		Promises:     slices.Clone(f.Promises),
		Customer: sim.Customer{
			ChaseInterval: se.Customers.ChaseInterval,
			RetryProb:     se.Customers.RetryProbability,
			RetryDelay:    se.Customers.RetryDelay,
			SwitchProb:    se.Customers.SwitchProbability,
			DeadlineShare: se.Customers.DeadlineShare,
			ChurnContacts: se.Customers.ChurnContacts,
			EffortWeights: se.Customers.EffortWeights,

			NoticeDistrust:  se.Customers.NoticeDistrust,
			NoticeTolerance: se.Customers.NoticeTolerance,
			BrokenChase:     se.Customers.BrokenChase,
		},
	}
	for _, n := range perDay(c, &f.DeliveryDays, func(int) int { return 1 }) {
		out.CarrierDays = append(out.CarrierDays, n == 1)
	}
	exceptionIndex := func(name string) int {
		return slices.IndexFunc(se.Exceptions, func(e Exception) bool { return e.Name == name })
	}
	if f.CarrierCapacity > 0 {
		out.CarrierCapacity = make([]int, c.Days())
		for day := range out.CarrierCapacity {
			out.CarrierCapacity[day] = overridden(c, f.CarrierCapacity, f.CarrierCapacityByDate, day)
		}
		out.OverloadException = exceptionIndex(f.CarrierOverflow)
	}
	if f.Stock != nil {
		for _, g := range f.Stock {
			sg := sim.StockGroup{Name: g.Name, Share: g.Share, Initial: g.Initial}
			for _, r := range g.Restocks {
				sg.Restocks = append(sg.Restocks, sim.Restock{Day: c.Day(r.Date), Units: r.Units})
			}
			out.Stock = append(out.Stock, sg)
		}
		out.BackorderException = slices.IndexFunc(se.Exceptions, func(e Exception) bool { return e.Kind == sim.Backordered })
	}
	if !se.Customers.Deadline.IsZero() {
		out.Customer.Deadline = float64(24 * c.Day(se.Customers.Deadline))
	}
	for _, e := range se.Exceptions {
		x := sim.Exception{
			Name:        e.Name,
			Kind:        e.Kind,
			Probability: e.Probability,
			Delay:       e.Delay,
			NoticeDelay: e.NoticeDelay,
			ChannelMix:  make([]float64, len(s.Channels)),
			ResolveTeam: -1,
			LoadRise:    e.LoadRise,
			DetectProb:  e.DetectProbability,
			DetectDelay: e.DetectDelay,
		}
		for i, ch := range s.Channels {
			x.ChannelMix[i] = e.ChannelMix[ch.Name]
		}
		if r := e.Resolve; r != nil {
			x.ResolveTeam = teamIndex(r.Team)
			x.ResolveTime = r.HandleTime
			x.Reship, x.Refund, x.Credit = r.Reship, r.Refund, r.Credit
		}
		x.Workflow, x.SelfService, x.DataError = e.Workflow, e.SelfService, e.DataError
		x.DataErrorRepeat = e.DataErrorRepeat
		if e.ReshipPromise != "" {
			x.ReshipPromise = 1 + slices.IndexFunc(f.Promises, func(p sim.Promise) bool { return p.Name == e.ReshipPromise })
		}
		if e.Unreachable > 0 {
			x.Unreachable, x.UnreachableAs = e.Unreachable, exceptionIndex(e.UnreachableBecomes)
		}
		out.Exceptions = append(out.Exceptions, x)
	}
	if i := se.lateOrderException(); i >= 0 {
		out.Exceptions[i].LateOrders = true
	}
	out.StaleTracking = f.StaleTracking
	out.OrderValue, out.CourierTime = se.Demand.OrderValue, f.CourierTime
	out.TaskOrder = se.Policies.TaskOrder
	out.Customer.EscalateAfter = se.Policies.EscalateAfter
	out.EscalationTeam = teamIndex(se.Policies.EscalationTeam)
	se.compileCosts(out)
	out.Currency = s.Currency
	m.Season = out
}
