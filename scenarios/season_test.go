package scenarios_test

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// tiny is a valid season of one week, Monday 21 to Sunday 27 December
// 2026, small enough to compute its arrays by hand.
const tiny = `name: tiny
calendar:
  start: 2026-12-21
  end: 2026-12-27
  time_zone: Europe/London
  carrier_holidays: [2026-12-25, 2026-12-26]
run: {replications: 2, seed: 7}
demand:
  orders_per_day: 1000
  season_curve:
    - {date: 2026-12-20, factor: 1}
    - {date: 2026-12-24, factor: 3, label: Christmas Eve}
  weekday_profile: {mon-fri: 1, sat: 0.5, sun: 2}
  hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
fulfilment:
  dispatch_capacity: 800
  dispatch_capacity_by_date: [{from: 2026-12-23, to: 2026-12-24, capacity: 1200}]
  cutoff: "15:00"
  dispatch_days: [mon-sat]
  delivery_hour: "13:00"
  promises:
    - {name: standard, share: 0.7, transit_days: 2}
    - {name: next-day, share: 0.3, transit_days: 1}
exceptions:
  - name: late
    kind: late
    probability: 0.05
    delay: {dist: gamma, mean: 2d, cv: 0.5}
    notice_delay: {dist: exponential, mean: 12h}
    channel_mix: {phone: 0.5, email: 0.5}
  - name: lost
    kind: lost
    probability: 0.01
    notice_delay: {dist: exponential, mean: 1d}
    channel_mix: {phone: 1}
    resolve:
      team: claims
      handle_time: {dist: exponential, mean: 20m}
      outcomes: {reship: 0.5, refund: 0.5}
customers:
  chase_interval: {dist: gamma, mean: 2d, cv: 0.5}
  retry: {probability: 0.7, delay: {dist: exponential, mean: 2h}, switch: 0.3}
  deadline: {date: 2026-12-24, share: 0.35}
  churn_contacts: 4
teams:
  - name: agents
    headcount: 10
    headcount_by_date: [{from: 2026-12-24, to: 2026-12-24, headcount: 5}, {from: 2026-12-25, to: 2026-12-25, headcount: 0}]
    working_hours: {mon-fri: "08:00-20:00", sat: "09:00-17:00", sun: closed}
    shrinkage: 0.25
    cost_per_hour: 20
  - name: claims
    headcount: 3
channels:
  - name: phone
    team: agents
    arrivals: {per_day: 240}
    handle_time: {dist: exponential, mean: 5m}
    patience: {dist: exponential, mean: 3m}
    opening_hours: {mon-fri: "08:00-20:00", sat: "09:00-17:00", sun: closed}
    closed_on: [2026-12-25]
  - name: email
    team: agents
    deferred: true
    arrivals: {rate: 2/h}
    handle_time: {dist: gamma, mean: 10m, cv: 0.5}
  - name: post
    team: claims
    handle_time: {dist: exponential, mean: 15m}
`

// tinyWith returns tiny with old replaced by new, failing the test if old
// is not there.
func tinyWith(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(tiny, old) {
		t.Fatalf("tiny has no %q", old)
	}
	return strings.Replace(tiny, old, new, 1)
}

// lineOf returns the line of the first line of s in text (1-based).
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	first, _, _ := strings.Cut(s, "\n")
	i := strings.Index(text, first)
	if i < 0 {
		t.Fatalf("no %q in the input", first)
	}
	return strings.Count(text[:i], "\n") + 1
}

func parseTiny(t *testing.T, in string) (*scenarios.Scenario, *sim.Model) {
	t.Helper()
	s, err := scenarios.Parse("tiny.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	return s, s.Model()
}

func TestTinySeasonIsValid(t *testing.T) {
	s, m := parseTiny(t, tiny)
	if s.Season == nil || s.Horizon != 7*24 || s.Warmup != 0 || s.Replications != 2 || s.Seed != 7 {
		t.Fatalf("season %v, horizon %v, warm-up %v, replications %d, seed %d", s.Season != nil, s.Horizon, s.Warmup, s.Replications, s.Seed)
	}
	if m.Horizon != 168 || m.Warmup != 0 || m.Season == nil {
		t.Fatalf("model horizon %v, warm-up %v, season %v", m.Horizon, m.Warmup, m.Season != nil)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
}

// near reports whether a and b agree to 1e-12 of the larger.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b)) }

func TestOrdersFollowCurveWeekdayAndHourProfile(t *testing.T) {
	_, m := parseTiny(t, tiny)
	orders := m.Season.OrdersPerHour
	if len(orders) != 168 {
		t.Fatalf("%d hours of orders, want 168", len(orders))
	}
	// The curve rises linearly from 1 on 20 December to 3 on the 24th: 1.5
	// on Monday 21st, 2 on the 22nd, 2.5 on the 23rd, 3 from the 24th on.
	// The hour profile spreads a day's orders evenly over 08:00-20:00: a
	// twelfth in each of those hours.
	tests := []struct {
		name string
		hour int
		want float64
	}{
		{"Monday 21st 10:00, curve 1.5, weekday 1", 10, 1000 * 1.5 * 1 / 12},
		{"Monday 21st 03:00, no weight", 3, 0},
		{"Monday 21st 19:00, the last hour with weight", 19, 1000 * 1.5 / 12},
		{"Monday 21st 20:00, none", 20, 0},
		{"Tuesday 22nd 08:00, curve 2", 24 + 8, 1000 * 2.0 / 12},
		{"Wednesday 23rd 12:00, curve 2.5", 48 + 12, 1000 * 2.5 / 12},
		{"Thursday 24th 12:00, curve 3 at its last point", 72 + 12, 1000 * 3.0 / 12},
		{"Saturday 26th 12:00, flat after the last point, weekday 0.5", 5*24 + 12, 1000 * 3 * 0.5 / 12},
		{"Sunday 27th 12:00, weekday 2", 6*24 + 12, 1000 * 3 * 2.0 / 12},
	}
	for _, tt := range tests {
		if got := orders[tt.hour]; !near(got, tt.want) {
			t.Errorf("%s: hour %d has %v orders, want %v", tt.name, tt.hour, got, tt.want)
		}
	}
	for day, want := range []float64{1500, 2000, 2500, 3000, 3000, 1500, 6000} {
		var sum float64
		for _, x := range orders[24*day : 24*day+24] {
			sum += x
		}
		if math.Abs(sum-want) > 1e-9 {
			t.Errorf("day %d: %v orders, want %v", day, sum, want)
		}
	}
}

func TestSeasonCurveClampsOutsideItsPoints(t *testing.T) {
	// Points after the season: flat at the first point's factor before it.
	in := tinyWith(t, "    - {date: 2026-12-20, factor: 1}\n    - {date: 2026-12-24, factor: 3, label: Christmas Eve}\n",
		"    - {date: 2027-01-01, factor: 4}\n    - {date: 2027-02-01, factor: 9}\n")
	_, m := parseTiny(t, in)
	if got, want := m.Season.OrdersPerHour[10], 1000*4.0/12; !near(got, want) {
		t.Errorf("hour 10: %v orders, want %v", got, want)
	}
	// No curve: factor 1; no profiles: flat.
	in = tinyWith(t, "  season_curve:\n    - {date: 2026-12-20, factor: 1}\n    - {date: 2026-12-24, factor: 3, label: Christmas Eve}\n  weekday_profile: {mon-fri: 1, sat: 0.5, sun: 2}\n  hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]\n", "")
	_, m = parseTiny(t, in)
	for h, x := range m.Season.OrdersPerHour {
		if !near(x, 1000.0/24) {
			t.Fatalf("hour %d: %v orders, want 1000/24", h, x)
		}
	}
}

func TestDispatchAndCarrierDays(t *testing.T) {
	s, m := parseTiny(t, tiny)
	se := m.Season
	// Monday to Saturday, 1200 on the 23rd and 24th; the 25th and 26th
	// are carrier holidays; Sunday is not a dispatch day.
	if want := []int{800, 800, 1200, 1200, 0, 0, 0}; !slices.Equal(se.DispatchCapacity, want) {
		t.Errorf("dispatch capacity %v, want %v", se.DispatchCapacity, want)
	}
	// delivery_days defaults to dispatch_days.
	if want := []bool{true, true, true, true, false, false, false}; !slices.Equal(se.CarrierDays, want) {
		t.Errorf("carrier days %v, want %v", se.CarrierDays, want)
	}
	if se.DispatchHour != 15 || se.DeliveryHour != 13 {
		t.Errorf("dispatch hour %d, delivery hour %d; want 15, 13", se.DispatchHour, se.DeliveryHour)
	}
	if pr := se.Promises; len(pr) != 2 || pr[1].Name != "next-day" || pr[1].Share != 0.3 || pr[1].TransitDays != 1 || pr[1].Transit.Kind != sim.NoDist {
		t.Errorf("promises %+v", se.Promises)
	}
	if l := s.Season.Demand.SeasonCurve[1].Label; l != "Christmas Eve" {
		t.Errorf("label %q", l)
	}

	in := tinyWith(t, "  dispatch_days: [mon-sat]\n", "  dispatch_days: [mon, wed-fri]\n  delivery_days: [mon-sun]\n")
	_, m = parseTiny(t, in)
	if want := []int{800, 0, 1200, 1200, 0, 0, 0}; !slices.Equal(m.Season.DispatchCapacity, want) {
		t.Errorf("dispatch capacity %v, want %v", m.Season.DispatchCapacity, want)
	}
	if want := []bool{true, true, true, true, false, false, true}; !slices.Equal(m.Season.CarrierDays, want) {
		t.Errorf("carrier days %v, want %v", m.Season.CarrierDays, want)
	}
}

func TestTeamsOnDuty(t *testing.T) {
	_, m := parseTiny(t, tiny)
	agents, claims := m.Teams[0], m.Teams[1]
	if agents.Agents != 10 || agents.CostPerHour != 20 {
		t.Errorf("agents: %d, cost %v", agents.Agents, agents.CostPerHour)
	}
	// 10 agents with shrinkage 0.25 are 7.5 on duty: 7 or 8 in an hour. On
	// the 24th, 5 agents: 3.75, so 3 or 4. On the 25th, nobody.
	tests := []struct {
		name                string
		hour                int
		onDutyAtLeast, paid int
	}{
		{"Monday 07:00, before work", 7, 0, 0},
		{"Monday 08:00", 8, 7, 10},
		{"Monday 19:00", 19, 7, 10},
		{"Monday 20:00, after work", 20, 0, 0},
		{"Thursday 24th 12:00, 5 agents", 72 + 12, 3, 5},
		{"Friday 25th 12:00, nobody", 96 + 12, 0, 0},
		{"Saturday 08:00, before Saturday hours", 120 + 8, 0, 0},
		{"Saturday 09:00", 120 + 9, 7, 10},
		{"Saturday 16:00", 120 + 16, 7, 10},
		{"Saturday 17:00", 120 + 17, 0, 0},
		{"Sunday 12:00, closed", 144 + 12, 0, 0},
	}
	for _, tt := range tests {
		n := agents.OnDuty[tt.hour]
		if n < tt.onDutyAtLeast || n > tt.onDutyAtLeast+min(tt.paid, 1) || agents.Paid[tt.hour] != tt.paid {
			t.Errorf("%s: %d on duty, %d paid; want %d or %d on duty, %d paid", tt.name, n, agents.Paid[tt.hour], tt.onDutyAtLeast, tt.onDutyAtLeast+1, tt.paid)
		}
	}
	if len(claims.OnDuty) != 168 || slices.ContainsFunc(claims.OnDuty, func(n int) bool { return n != 3 }) {
		t.Errorf("claims on duty %v, want 3 in every hour (no working hours, no shrinkage)", claims.OnDuty)
	}
	// 45 × (1 - 0.3) is 31.499999999999996 in floating point, 7 × (1 - 0.3)
	// 4.8999999999999995, 10 × (1 - 0.3) 7.000000000000001 and 90 × (1 -
	// 0.3) 62.99999999999999: the hours add up to the agent-hours all the
	// same (within the 3 the thresholds' spread allows over any stretch of
	// hours), and 10 agents are 7 in every hour, 90 are 63.
	for _, headcount := range []int{45, 7, 10, 90} {
		_, m = parseTiny(t, tinyWith(t, "    headcount: 3\n", fmt.Sprintf("    headcount: %d\n    shrinkage: 0.3\n", headcount)))
		sum := 0
		for _, n := range m.Teams[1].OnDuty {
			sum += n
		}
		if want := 168 * float64(headcount) * 0.7; math.Abs(float64(sum)-want) > 3 {
			t.Errorf("%d agents with shrinkage 0.3 for 168 hours: %d agent-hours on duty, want %.1f", headcount, sum, want)
		}
		if want := map[int]int{10: 7, 90: 63}[headcount]; want > 0 && slices.ContainsFunc(m.Teams[1].OnDuty, func(n int) bool { return n != want }) {
			t.Errorf("%d agents with shrinkage 0.3: %v on duty, want %d in every hour", headcount, m.Teams[1].OnDuty, want)
		}
	}
}

// TestEveryAgentCountsOnDuty: the agents on duty in an hour are the paid
// agents less shrinkage, made whole hour by hour so that the hours add
// up to it. Rounded in each hour, 2 and 3 supervisors with shrinkage 0.2
// were both 2 on duty, and 1 and 2 callback agents with shrinkage 0.3
// both 1. An hour never has fewer agents on duty with more paid.
func TestEveryAgentCountsOnDuty(t *testing.T) {
	onDuty := func(headcount int, shrinkage float64) []int {
		_, m := parseTiny(t, tinyWith(t, "    headcount: 3\n", fmt.Sprintf("    headcount: %d\n    shrinkage: %v\n", headcount, shrinkage)))
		return m.Teams[1].OnDuty
	}
	total := func(hours []int) (n int) {
		for _, h := range hours {
			n += h
		}
		return n
	}
	for _, tt := range []struct {
		fewer, more int
		shrinkage   float64
	}{{2, 3, 0.2}, {1, 2, 0.3}, {5, 6, 0.3}, {32, 33, 0.3}} {
		a, b := onDuty(tt.fewer, tt.shrinkage), onDuty(tt.more, tt.shrinkage)
		gain := float64(total(b)-total(a)) / float64(len(a))
		if want := 1 - tt.shrinkage; math.Abs(gain-want) > 6.0/float64(len(a)) {
			t.Errorf("%d agents instead of %d with shrinkage %v: %.3f more on duty an hour, want %.3f", tt.more, tt.fewer, tt.shrinkage, gain, want)
		}
		for h := range a {
			if b[h] < a[h] {
				t.Errorf("%d agents instead of %d with shrinkage %v: hour %d has %d on duty, %d with fewer", tt.more, tt.fewer, tt.shrinkage, h, b[h], a[h])
				break
			}
		}
	}
}

func TestChannelsOpenAndDirectStreams(t *testing.T) {
	_, m := parseTiny(t, tiny)
	phone, email, post := m.Channels[0], m.Channels[1], m.Channels[2]
	if email.Open != nil || post.Open != nil {
		t.Errorf("email and post are always open, want nil Open; got %v, %v", email.Open, post.Open)
	}
	if !email.Deferred || phone.Deferred || email.ServiceTarget != 24 || phone.ServiceTarget != 20.0/3600 {
		t.Errorf("deferred %v/%v, targets %v/%v h; want email deferred with a 24 h default target", phone.Deferred, email.Deferred, phone.ServiceTarget, email.ServiceTarget)
	}
	if post.HourlyRate != nil || post.Interarrival.Kind != sim.NoDist || phone.Interarrival.Kind != sim.NoDist {
		t.Errorf("post has no direct stream, want nil rates and no interarrival; got %v, %v", post.HourlyRate, post.Interarrival)
	}
	if len(email.HourlyRate) != 168 || slices.ContainsFunc(email.HourlyRate, func(r float64) bool { return r != 2 }) {
		t.Errorf("email rate %v, want 2/h in every hour", email.HourlyRate)
	}
	for _, tt := range []struct {
		name string
		hour int
		open bool
	}{
		{"Monday 07:00", 7, false}, {"Monday 08:00", 8, true}, {"Monday 19:00", 19, true}, {"Monday 20:00", 20, false},
		{"Thursday 24th 12:00", 84, true}, {"Friday 25th 12:00, closed_on", 108, false},
		{"Saturday 09:00", 129, true}, {"Saturday 17:00", 137, false}, {"Sunday 12:00", 156, false},
	} {
		if phone.Open[tt.hour] != tt.open {
			t.Errorf("phone at %s: open %v, want %v", tt.name, phone.Open[tt.hour], tt.open)
		}
	}
	// per_day 240 times the day factor (curve × weekday), spread over the
	// open hours in proportion to the hour profile.
	for day, want := range []float64{240 * 1.5, 240 * 2, 240 * 2.5, 240 * 3, 0, 240 * 3 * 0.5, 0} {
		var sum float64
		for h := 24 * day; h < 24*day+24; h++ {
			if !phone.Open[h] && phone.HourlyRate[h] != 0 {
				t.Errorf("hour %d: rate %v while closed", h, phone.HourlyRate[h])
			}
			sum += phone.HourlyRate[h]
		}
		if math.Abs(sum-want) > 1e-9 {
			t.Errorf("day %d: %v phone contacts, want %v", day, sum, want)
		}
	}
	// Saturday is open 09:00-17:00, 8 of the profile's 12 hours: 360
	// contacts in 8 equal hours.
	if got := phone.HourlyRate[120+9]; !near(got, 45) {
		t.Errorf("Saturday 09:00: rate %v, want 45", got)
	}
}

func TestExceptionsAndCustomers(t *testing.T) {
	_, m := parseTiny(t, tiny)
	se := m.Season
	late, lost := se.Exceptions[0], se.Exceptions[1]
	if late.Kind != sim.Late || late.ResolveTeam != -1 || !slices.Equal(late.ChannelMix, []float64{0.5, 0.5, 0}) || late.Delay.Mean() != 48 {
		t.Errorf("late: %+v", late)
	}
	if lost.Kind != sim.Lost || lost.ResolveTeam != 1 || !slices.Equal(lost.ChannelMix, []float64{1, 0, 0}) ||
		lost.Reship != 0.5 || lost.Refund != 0.5 || lost.Credit != 0 || !near(lost.ResolveTime.Mean(), 1.0/3) || lost.Delay.Kind != sim.NoDist {
		t.Errorf("lost: %+v", lost)
	}
	c := se.Customer
	// The deadline is 00:00 on 24 December, the start of day 3.
	if c.Deadline != 72 || c.DeadlineShare != 0.35 || c.RetryProb != 0.7 || c.SwitchProb != 0.3 || c.RetryDelay.Mean() != 2 ||
		c.ChaseInterval.Mean() != 48 || c.ChurnContacts != 4 || c.EffortWeights != sim.DefaultEffortWeights() {
		t.Errorf("customer: %+v", c)
	}
	in := tinyWith(t, "  churn_contacts: 4\n", "  churn_contacts: 4\n  effort_weights: {contacts: 2, reply_wait_days: 0.5, days_open: 0}\n")
	_, m = parseTiny(t, in)
	if w := m.Season.Customer.EffortWeights; w != (sim.EffortWeights{Contacts: 2, Failed: 0.5, WaitHours: 1, ReplyWaitDays: 0.5, DaysOpen: 0, Actions: 1, Handoffs: 0.5}) {
		t.Errorf("effort weights %+v; want the given ones and the defaults of the others", w)
	}
	in = tinyWith(t, "customers:\n  chase_interval: {dist: gamma, mean: 2d, cv: 0.5}\n  retry: {probability: 0.7, delay: {dist: exponential, mean: 2h}, switch: 0.3}\n  deadline: {date: 2026-12-24, share: 0.35}\n  churn_contacts: 4\n", "")
	_, m = parseTiny(t, in)
	if c := m.Season.Customer; c.ChaseInterval.Kind != sim.NoDist || c.RetryProb != 0 || c.DeadlineShare != 0 || c.Deadline != 0 || c.EffortWeights != sim.DefaultEffortWeights() {
		t.Errorf("without customers: %+v; want no chasing, no retry, no deadline, default weights", c)
	}
}

// TestTimeZoneAndDaylightSaving checks the rule of docs/scenarios.md: model
// hour h is local wall-clock time, hour h%24 of day h/24, whatever the
// zone, and every day has 24 hours, the days clocks change included. The
// zone only says which instant each hour is.
func TestTimeZoneAndDaylightSaving(t *testing.T) {
	// Friday 30 October to Thursday 5 November 2026: New York's clocks go
	// back on Sunday 1 November; London's went back on 25 October.
	week := func(zone string) string {
		in := strings.NewReplacer("start: 2026-12-21", "start: 2026-10-30", "end: 2026-12-27", "end: 2026-11-05",
			"time_zone: Europe/London", "time_zone: "+zone, "carrier_holidays: [2026-12-25, 2026-12-26]", "carrier_holidays: []",
			"closed_on: [2026-12-25]", "closed_on: [2026-11-02]", "from: 2026-12-24, to: 2026-12-24", "from: 2026-11-04, to: 2026-11-04",
			"from: 2026-12-25, to: 2026-12-25", "from: 2026-11-05, to: 2026-11-05", "from: 2026-12-23, to: 2026-12-24", "from: 2026-11-04, to: 2026-11-05",
			"date: 2026-12-24, share", "date: 2026-11-04, share").Replace(tiny)
		return in
	}
	london, lm := parseTiny(t, week("Europe/London"))
	newYork, nm := parseTiny(t, week("America/New_York"))
	if lm.Horizon != 168 || nm.Horizon != 168 {
		t.Fatalf("horizons %v, %v; want 168 h: every day has 24 hours", lm.Horizon, nm.Horizon)
	}
	if !slices.Equal(lm.Season.OrdersPerHour, nm.Season.OrdersPerHour) || !slices.Equal(lm.Channels[0].Open, nm.Channels[0].Open) ||
		!slices.Equal(lm.Teams[0].OnDuty, nm.Teams[0].OnDuty) || !slices.Equal(lm.Channels[0].HourlyRate, nm.Channels[0].HourlyRate) {
		t.Error("the zone changed the arrays; every input is local time, so it must not")
	}
	// Sunday 1 November in New York has 25 hours; the profile still gives
	// its orders by local hour: none before 08:00, a twelfth in 08:00-19:00.
	sunday := nm.Season.OrdersPerHour[48 : 48+24]
	if sunday[7] != 0 || !near(sunday[8], sunday[19]) || sunday[20] != 0 {
		t.Errorf("Sunday 1 November by hour: %v", sunday)
	}
	for _, tt := range []struct {
		s    *scenarios.Scenario
		hour float64
		want string
	}{
		{london, 0, "2026-10-30T00:00:00Z"},
		{london, 3*24 + 10.5, "2026-11-02T10:30:00Z"},
		{newYork, 0, "2026-10-30T00:00:00-04:00"},
		{newYork, 24 + 10, "2026-10-31T10:00:00-04:00"},
		{newYork, 3*24 + 10, "2026-11-02T10:00:00-05:00"},
	} {
		if got := tt.s.Season.Calendar.Time(tt.hour).Format(time.RFC3339); got != tt.want {
			t.Errorf("%s: hour %v is %s, want %s", tt.s.Season.Calendar.Location, tt.hour, got, tt.want)
		}
	}
	// From Saturday 10:00 to Monday 10:00 is 48 model hours but 49 real
	// ones in New York: the repeated hour is simulated once.
	c := &newYork.Season.Calendar
	if d := c.Time(3*24 + 10).Sub(c.Time(24 + 10)); d != 49*time.Hour {
		t.Errorf("New York, Saturday to Monday 10:00: %v real time, want 49h", d)
	}
}

func TestBadSeasonIsReportedWithFileLineAndKey(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // tiny with old replaced by new
		at       string // the line of the problem is that of the first occurrence of at; "" for new's first line
		key      string
		want     string
	}{
		{"start not a date", "start: 2026-12-21", "start: 2026-12-32", "", "calendar.start", "not a date: 2026-12-32; write YYYY-MM-DD, e.g. 2026-12-24"},
		{"start as text", "start: 2026-12-21", "start: next monday", "", "calendar.start", `not a date: "next monday"`},
		{"start as a number", "start: 2026-12-21", "start: 20261221", "", "calendar.start", "must be a date, YYYY-MM-DD, e.g. 2026-12-24; got 20261221"},
		{"start with a time of day", "start: 2026-12-21", "start: 2026-12-21T10:00:00Z", "", "calendar.start", "must be a date without a time of day, YYYY-MM-DD; got 2026-12-21T10:00:00Z"},
		{"missing start", "  start: 2026-12-21\n", "", "calendar:", "calendar.start", "required: the first day of the season"},
		{"end before start", "end: 2026-12-27", "end: 2026-12-20", "", "calendar.end", "must not be before calendar.start (2026-12-21), got 2026-12-20"},
		{"calendar over 366 days", "end: 2026-12-27", "end: 2027-12-27", "", "calendar.end", "makes a season of 372 days, from 2026-12-21 to 2027-12-27; the longest is 366 days"},
		{"unknown time zone", "time_zone: Europe/London", "time_zone: Europe/Lodnon", "", "calendar.time_zone", `unknown time zone "Europe/Lodnon"; use a name from the IANA time zone database`},
		{"the machine's time zone", "time_zone: Europe/London", "time_zone: Local", "", "calendar.time_zone", `must be the name of a time zone, such as Europe/London or America/New_York; got "Local"`},
		{"carrier holiday outside the season", "carrier_holidays: [2026-12-25, 2026-12-26]", "carrier_holidays: [2025-12-25, 2026-12-26]", "", "calendar.carrier_holidays[0]", "2025-12-25 is outside the season (2026-12-21 to 2026-12-27)"},
		{"carrier holiday twice", "carrier_holidays: [2026-12-25, 2026-12-26]", "carrier_holidays: [2026-12-25, 2026-12-25]", "", "calendar.carrier_holidays[1]", "2026-12-25 is given twice, here and in calendar.carrier_holidays[0]"},
		{"misspelt calendar key", "time_zone: Europe/London", "timezone: Europe/London", "", "calendar.timezone", "unknown key; did you mean time_zone?"},
		{"horizon in a season", "run: {replications: 2, seed: 7}", "run: {replications: 2, seed: 7, horizon: 168h}", "", "run.horizon", "not allowed in a season: the calendar sets the horizon (its days × 24 h)"},
		{"warm-up in a season", "run: {replications: 2, seed: 7}", "run: {replications: 2, seed: 7, warmup: 1d}", "", "run.warmup", "not allowed in a season"},
		{"missing demand", "demand:\n  orders_per_day: 1000\n  season_curve:\n    - {date: 2026-12-20, factor: 1}\n    - {date: 2026-12-24, factor: 3, label: Christmas Eve}\n  weekday_profile: {mon-fri: 1, sat: 0.5, sun: 2}\n  hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]\n", "", "-", "demand", "required in a season"},
		{"orders per day as text", "orders_per_day: 1000", "orders_per_day: lots", "", "demand.orders_per_day", `must be a number of orders from 0 to 10000000, got "lots"`},
		{"orders per day too many", "orders_per_day: 1000", "orders_per_day: 20000000", "", "demand.orders_per_day", "must be a number of orders from 0 to 10000000, got 20000000"},
		{"a peak day of too many orders", "orders_per_day: 1000", "orders_per_day: 9000000", "demand:", "demand", "makes 54000000 orders on 2026-12-27; the most a day may have is 10000000"},
		{"curve points out of order", "date: 2026-12-24, factor: 3", "date: 2026-12-19, factor: 3", "", "demand.season_curve[1].date", "must be after the point before it (2026-12-20), got 2026-12-19: the points go in date order"},
		{"curve point without factor", "{date: 2026-12-20, factor: 1}", "{date: 2026-12-20}", "", "demand.season_curve[0].factor", "required"},
		{"negative factor", "{date: 2026-12-20, factor: 1}", "{date: 2026-12-20, factor: -1}", "", "demand.season_curve[0].factor", "must be a number from 0 to 1000, got -1"},
		{"unknown weekday", "{mon-fri: 1, sat: 0.5, sun: 2}", "{mon-fri: 1, sat: 0.5, sunday: 2}", "", "demand.weekday_profile.sunday", `unknown weekday sunday (did you mean sun?); write mon, tue, wed, thu, fri, sat, sun, or a range such as mon-fri`},
		{"misspelt weekday", "{mon-fri: 1, sat: 0.5, sun: 2}", "{mon-fri: 1, sta: 0.5, sun: 2}", "", "demand.weekday_profile.sta", `unknown weekday sta (did you mean sat?)`},
		{"backwards weekday range", "{mon-fri: 1, sat: 0.5, sun: 2}", "{sun-fri: 1, sat: 0.5}", "", "demand.weekday_profile.sun-fri", "the range sun-fri runs backwards: the week runs from mon to sun; split it, e.g. sun-sun and mon-fri"},
		{"weekday given twice", "{mon-fri: 1, sat: 0.5, sun: 2}", "{mon-fri: 1, fri: 0.5, sat: 1, sun: 2}", "", "demand.weekday_profile.mon-fri", "gives fri, which fri gives too"},
		{"weekday missing", "{mon-fri: 1, sat: 0.5, sun: 2}", "{mon-fri: 1, sat: 0.5}", "", "demand.weekday_profile", "must give every day of the week; sun missing (write sun: 0 for a day without orders)"},
		{"hour profile too short", "hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]", "hour_profile: [1, 2, 3]", "", "demand.hour_profile", "must have 24 weights, one per hour from 00:00 to 23:00; got 3"},
		{"hour profile all zero", "hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]", "hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]", "", "demand.hour_profile", "must have a weight above 0"},
		{"negative hour weight", "hour_profile: [0, 0,", "hour_profile: [0, -1,", "", "demand.hour_profile[1]", "must be a non-negative number, got -1"},
		{"a trace and orders per day", "  orders_per_day: 1000\n", "  orders_per_day: 1000\n  trace: /nonexistent/orders.csv\n", "", "demand.orders_per_day", "does not apply with a trace: the trace gives the orders of every day"},
		{"cutoff as a number", `cutoff: "15:00"`, "cutoff: 15", "", "fulfilment.cutoff", `must be a time of day in quotes, HH:MM, e.g. "15:00"; got 15`},
		{"cutoff off the hour", `cutoff: "15:00"`, `cutoff: "15:30"`, "", "fulfilment.cutoff", "must be on the hour, e.g. 15:00, got 15:30: the season works in whole hours"},
		{"cutoff of 25 hours", `cutoff: "15:00"`, `cutoff: "25:00"`, "", "fulfilment.cutoff", "not a time of day: 25:00; hours run from 00:00 to 24:00"},
		{"cutoff at midnight's end", `cutoff: "15:00"`, `cutoff: "24:00"`, "", "fulfilment.cutoff", "must be from 00:00 to 23:00, got 24:00"},
		{"cutoff not a time", `cutoff: "15:00"`, `cutoff: "3pm"`, "", "fulfilment.cutoff", "not a time of day: 3pm; write HH:MM, e.g. 08:00 or 17:00"},
		{"missing delivery hour", "  delivery_hour: \"13:00\"\n", "", "fulfilment:", "fulfilment.delivery_hour", "required: the local time parcels arrive"},
		{"zero dispatch capacity", "dispatch_capacity: 800", "dispatch_capacity: 0", "", "fulfilment.dispatch_capacity", "must be a positive integer, got 0"},
		{"override outside the season", "{from: 2026-12-23, to: 2026-12-24, capacity: 1200}", "{from: 2026-12-23, to: 2026-12-28, capacity: 1200}", "", "fulfilment.dispatch_capacity_by_date[0].to", "2026-12-28 is outside the season (2026-12-21 to 2026-12-27)"},
		{"override backwards", "{from: 2026-12-23, to: 2026-12-24, capacity: 1200}", "{from: 2026-12-24, to: 2026-12-23, capacity: 1200}", "", "fulfilment.dispatch_capacity_by_date[0].to", "must not be before from (2026-12-24), got 2026-12-23"},
		{"override with the wrong count", "{from: 2026-12-23, to: 2026-12-24, capacity: 1200}", "{from: 2026-12-23, to: 2026-12-24, headcount: 1200}", "", "fulfilment.dispatch_capacity_by_date[0].headcount", "unknown key; the keys here are from, to, capacity"},
		{"overlapping overrides", "headcount: 5}, {from: 2026-12-25, to: 2026-12-25", "headcount: 5}, {from: 2026-12-22, to: 2026-12-25", "headcount_by_date", "teams[0].headcount_by_date[1]", "2026-12-22 to 2026-12-25 overlaps teams[0].headcount_by_date[0] (2026-12-24 to 2026-12-24)"},
		{"unknown dispatch day", "dispatch_days: [mon-sat]", "dispatch_days: [mon-fri, saturday]", "", "fulfilment.dispatch_days[1]", "unknown weekday saturday (did you mean sat?)"},
		{"dispatch day twice", "dispatch_days: [mon-sat]", "dispatch_days: [mon-sat, fri]", "", "fulfilment.dispatch_days[1]", "gives fri twice"},
		{"no dispatch day", "dispatch_days: [mon-sat]", "dispatch_days: [fri]", "fulfilment:", "fulfilment", "no day of the season dispatches any order"},
		{"promise shares not summing to 1", "share: 0.3, transit_days: 1", "share: 0.2, transit_days: 1", "promises:", "fulfilment.promises", "the shares of the promises must sum to 1, got 0.9"},
		{"promise share over 1", "share: 0.3, transit_days: 1", "share: 1.3, transit_days: 1", "", "fulfilment.promises[1].share", "must be a number from 0 to 1, got 1.3"},
		{"zero transit days", "share: 0.3, transit_days: 1", "share: 0.3, transit_days: 0", "", "fulfilment.promises[1].transit_days", "must be an integer from 1 to 60, got 0"},
		{"no exceptions", "exceptions:\n", "exceptions: []\nformer_exceptions:\n", "", "exceptions", "required in a season"},
		{"unknown kind", "kind: lost", "kind: lsot", "", "exceptions[1].kind", `unknown kind "lsot" (did you mean lost?); choose one of lost, late, misdelivered, damaged, faulty, wrong_item`},
		{"probability over 1", "probability: 0.01", "probability: 1.5", "", "exceptions[1].probability", "must be a number from 0 to 1, got 1.5"},
		{"probabilities over 1 together", "probability: 0.01", "probability: 0.99", "exceptions:", "exceptions", "the probabilities of the exceptions sum to 1.04; a parcel has at most one exception"},
		{"late without delay", "    delay: {dist: gamma, mean: 2d, cv: 0.5}\n", "", "- name: late", "exceptions[0].delay", "required for kind late"},
		{"delay for a lost parcel", "    probability: 0.01\n", "    probability: 0.01\n    delay: {dist: exponential, mean: 1d}\n", "    delay: {dist: exponential, mean: 1d}", "exceptions[1].delay", "only for kind late"},
		{"missing notice delay", "    notice_delay: {dist: exponential, mean: 1d}\n", "", "- name: lost", "exceptions[1].notice_delay", "required"},
		{"unknown channel in a mix", "channel_mix: {phone: 1}", "channel_mix: {phnoe: 1}", "", "exceptions[1].channel_mix.phnoe", `no channel named "phnoe"; did you mean phone?`},
		{"unrelated channel in a mix", "channel_mix: {phone: 1}", "channel_mix: {fax: 1}", "", "exceptions[1].channel_mix.fax", `no channel named "fax"; channels are: phone, email, post`},
		{"mix not summing to 1", "channel_mix: {phone: 0.5, email: 0.5}", "channel_mix: {phone: 0.5, email: 0.4}", "", "exceptions[0].channel_mix", "the shares of the channels must sum to 1, got 0.9"},
		{"mix as a list", "channel_mix: {phone: 1}", "channel_mix: [phone]", "", "exceptions[1].channel_mix", "must be a mapping of channel names to shares, e.g. {phone: 0.6, email: 0.4}; got a list"},
		{"unknown resolve team", "team: claims", "team: clams", "", "exceptions[1].resolve.team", `no team named "clams"; teams are: agents, claims`},
		{"missing resolve", "    resolve:\n      team: claims\n      handle_time: {dist: exponential, mean: 20m}\n      outcomes: {reship: 0.5, refund: 0.5}\n", "", "- name: lost", "exceptions[1].resolve", "required for kind lost"},
		{"outcomes not summing to 1", "outcomes: {reship: 0.5, refund: 0.5}", "outcomes: {reship: 0.5, refund: 0.6}", "", "exceptions[1].resolve.outcomes", "the shares of reship, refund and credit must sum to 1, got 1.1"},
		{"misspelt outcome", "outcomes: {reship: 0.5, refund: 0.5}", "outcomes: {reship: 0.5, refnud: 0.5}", "", "exceptions[1].resolve.outcomes.refnud", "unknown key; did you mean refund?"},
		{"deadline outside the season", "date: 2026-12-24, share", "date: 2026-12-31, share", "", "customers.deadline.date", "2026-12-31 is outside the season"},
		{"retry without delay", "retry: {probability: 0.7, delay: {dist: exponential, mean: 2h}, switch: 0.3}", "retry: {probability: 0.7}", "", "customers.retry.delay", "required"},
		{"chase interval of zero", "chase_interval: {dist: gamma, mean: 2d, cv: 0.5}", "chase_interval: {dist: deterministic, value: 0}", "", "customers.chase_interval", "must have a positive mean"},
		{"shrinkage of 1", "shrinkage: 0.25", "shrinkage: 1", "", "teams[0].shrinkage", "must be less than 1"},
		{"shrinkage as a percentage", "shrinkage: 0.25", "shrinkage: 25", "", "teams[0].shrinkage", "must be a number from 0 to less than 1, e.g. 0.3, got 25"},
		{"nobody on duty", "    headcount: 3\n", "    headcount: 1\n    headcount_by_date: [{from: 2026-12-21, to: 2026-12-27, headcount: 0}]\n", "- name: claims", "teams[1]", "has nobody on duty at any hour of the season"},
		{"working hours overnight", `working_hours: {mon-fri: "08:00-20:00"`, `working_hours: {mon-fri: "22:00-06:00"`, "", "teams[0].working_hours.mon-fri", "must end after it starts, got 22:00-06:00"},
		{"working hours off the hour", `working_hours: {mon-fri: "08:00-20:00"`, `working_hours: {mon-fri: "08:30-20:00"`, "", "teams[0].working_hours.mon-fri", "must be on the hour, e.g. 08:00, got 08:30"},
		{"working hours as a word", `working_hours: {mon-fri: "08:00-20:00"`, `working_hours: {mon-fri: "always"`, "", "teams[0].working_hours.mon-fri", "must be hours such as 08:00-20:00, or closed; got always"},
		{"negative cost", "cost_per_hour: 20", "cost_per_hour: -20", "", "teams[0].cost_per_hour", "must be a non-negative number"},
		{"patience on a deferred channel", "    deferred: true\n", "    deferred: true\n    patience: {dist: exponential, mean: 1h}\n", "patience: {dist: exponential, mean: 1h}", "channels[1].patience", "does not apply to a deferred channel"},
		{"deferred as text", "deferred: true", "deferred: yes please", "", "channels[1].deferred", `must be true or false, got "yes please"`},
		{"interarrival in a season", "arrivals: {rate: 2/h}", "arrivals: {interarrival: {dist: exponential, mean: 30m}}", "", "channels[1].arrivals.interarrival", "not available in a season"},
		{"rate and per_day", "arrivals: {rate: 2/h}", "arrivals: {rate: 2/h, per_day: 48}", "", "channels[1].arrivals", "give rate or per_day, not both"},
		{"closed on a date outside the season", "closed_on: [2026-12-25]", "closed_on: [2025-12-25]", "", "channels[0].closed_on[0]", "2025-12-25 is outside the season"},
		{"never open", "closed_on: [2026-12-25]", "closed_on: [2026-12-21, 2026-12-22, 2026-12-23, 2026-12-24, 2026-12-25, 2026-12-26]", "- name: phone", "channels[0]", "is open at no hour of the season"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tinyWith(t, tt.old, tt.new)
			at := tt.at
			if at == "" {
				at = tt.new
			}
			line := 0
			if at != "-" {
				line = lineOf(t, in, at)
			}
			_, err := scenarios.Parse("bad.yaml", []byte(in))
			if err == nil {
				t.Fatal("Parse accepted it")
			}
			where := "bad.yaml:"
			if line > 0 {
				where += strconv.Itoa(line) + ":"
			}
			where += " " + tt.key + ": " + tt.want
			if !strings.Contains(err.Error(), where) {
				t.Errorf("error does not contain\n\t%s\ngot\n\t%s", where, strings.ReplaceAll(err.Error(), "\n", "\n\t"))
			}
			checkNoGoPhrases(t, err.Error(), in)
		})
	}
}

func TestChristmas(t *testing.T) {
	s, err := scenarios.Builtin("christmas")
	if err != nil {
		t.Fatal(err)
	}
	m := s.Model()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Replications != 5 || s.Seed != 1 || m.Horizon != 77*24 || m.Warmup != 0 {
		t.Errorf("replications %d, seed %d, horizon %v h, warm-up %v", s.Replications, s.Seed, m.Horizon, m.Warmup)
	}
	var total, peak float64
	peakDay := 0
	for day := range 77 {
		var orders float64
		for _, x := range m.Season.OrdersPerHour[24*day : 24*day+24] {
			orders += x
		}
		total += orders
		if orders > peak {
			peak, peakDay = orders, day
		}
	}
	// The issue asks for a mid-sized retailer with 1-2 million orders over
	// the season.
	if !(total >= 1e6 && total <= 2e6) {
		t.Errorf("%.0f orders over the season, want 1-2 million", total)
	}
	if d := s.Season.Calendar.Date(peakDay); d.String() != "2026-11-30" {
		t.Errorf("the busiest day is %s (%.0f orders), want Cyber Monday", d, peak)
	}
	t.Logf("christmas: %.0f expected orders over %d days; busiest %s with %.0f", total, s.Season.Calendar.Days(), s.Season.Calendar.Date(peakDay), peak)
}

// tinyPlus is tiny with the carrier's capacity, stock, detection, a
// slower team, chat and post.
func tinyPlus(t *testing.T) string {
	in := tinyWith(t, "    - {name: next-day, share: 0.3, transit_days: 1}\n", `    - {name: next-day, share: 0.3, transit_days: 1}
  carrier_capacity: 900
  carrier_capacity_by_date: [{from: 2026-12-24, to: 2026-12-24, capacity: 500}]
  carrier_overflow: late
  stock:
    - {name: toys, share: 0.4, initial: 2000, restocks: [{date: 2026-12-23, units: 500}, {date: 2026-12-26, units: 100}]}
    - {name: other, share: 0.6, initial: 100000}
`)
	in = strings.Replace(in, "    channel_mix: {phone: 0.5, email: 0.5}\n", "    channel_mix: {phone: 0.5, email: 0.5}\n    load_rise: 0.5\n", 1)
	in = strings.Replace(in, "      outcomes: {reship: 0.5, refund: 0.5}\n", `      outcomes: {reship: 0.5, refund: 0.5}
    detect: {probability: 0.4, delay: {dist: exponential, mean: 1d}}
  - name: backorder
    kind: backordered
    notice_delay: {dist: exponential, mean: 1d}
    channel_mix: {email: 1}
    resolve: {team: claims, handle_time: {dist: exponential, mean: 5m}, outcomes: {reship: 0.8, refund: 0.2}}
`, 1)
	in = strings.Replace(in, "    cost_per_hour: 20\n", "    cost_per_hour: 20\n    speed: 0.8\n", 1)
	in = strings.Replace(in, "    closed_on: [2026-12-25]\n", "    closed_on: [2026-12-25]\n    callback: {after: 2m, accept: 0.5, channel: email}\n", 1)
	in = strings.Replace(in, "  - name: post\n    team: claims\n", `  - name: chat
    team: agents
    concurrency: 3
    handle_time: {dist: exponential, mean: 12m}
  - name: post
    team: claims
    deferred: true
    post: {transit: {dist: uniform, min: 1d, max: 3d}, loss: 0.02}
`, 1)
	return in
}

func TestCarrierStockDetectionSpeedChatAndPost(t *testing.T) {
	_, m := parseTiny(t, tinyPlus(t))
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	se := m.Season
	if want := []int{900, 900, 900, 500, 900, 900, 900}; !slices.Equal(se.CarrierCapacity, want) || se.OverloadException != 0 {
		t.Errorf("carrier capacity %v, overflow %d; want %v, 0", se.CarrierCapacity, se.OverloadException, want)
	}
	late, lost, back := se.Exceptions[0], se.Exceptions[1], se.Exceptions[2]
	if late.LoadRise != 0.5 || lost.DetectProb != 0.4 || lost.DetectDelay.Mean() != 24 || back.Kind != sim.Backordered || back.Probability != 0 {
		t.Errorf("exceptions %+v", se.Exceptions)
	}
	if len(se.Stock) != 2 || se.BackorderException != 2 || se.Stock[0].Initial != 2000 || se.Stock[0].Share != 0.4 ||
		!slices.Equal(se.Stock[0].Restocks, []sim.Restock{{Day: 2, Units: 500}, {Day: 5, Units: 100}}) || se.Stock[1].Restocks != nil {
		t.Errorf("stock %+v, backorder exception %d", se.Stock, se.BackorderException)
	}
	chat, post := m.Channels[2], m.Channels[3]
	if m.Teams[0].Speed != 0.8 || m.Teams[1].Speed != 1 || chat.Concurrency != 3 || m.Channels[0].Concurrency != 1 {
		t.Errorf("speeds %v, %v; concurrency %d, %d", m.Teams[0].Speed, m.Teams[1].Speed, chat.Concurrency, m.Channels[0].Concurrency)
	}
	if post.Transit.Kind != sim.Uniform || post.Loss != 0.02 || chat.Transit.Kind != sim.NoDist {
		t.Errorf("post transit %v, loss %v", post.Transit, post.Loss)
	}
	if cb := m.Channels[0].Callback; cb == nil || *cb != (sim.CallbackOffer{After: 2.0 / 60, Accept: 0.5, Channel: 1}) || chat.Callback != nil {
		t.Errorf("phone callback %+v, chat %+v", cb, chat.Callback)
	}
}

func TestBadCarrierStockAndDetection(t *testing.T) {
	tests := []struct {
		name, old, new, key, want string
	}{
		{"overflow not a late exception", "carrier_overflow: late", "carrier_overflow: lost", "fulfilment.carrier_overflow", `no late exception named "lost"; the late exceptions are: late`},
		{"overflow misspelt", "carrier_overflow: late", "carrier_overflow: lat", "fulfilment.carrier_overflow", `no late exception named "lat"; did you mean late?`},
		{"overflow missing", "  carrier_overflow: late\n", "", "fulfilment.carrier_overflow", "required with carrier_capacity"},
		{"load rise without capacity", "  carrier_capacity: 900\n  carrier_capacity_by_date: [{from: 2026-12-24, to: 2026-12-24, capacity: 500}]\n  carrier_overflow: late\n", "", "exceptions[0].load_rise", "needs fulfilment.carrier_capacity"},
		{"zero carrier capacity on a day", "capacity: 500}]", "capacity: 0}]", "fulfilment.carrier_capacity_by_date[0].capacity", "must be at least 1"},
		{"stock shares", "share: 0.6, initial", "share: 0.5, initial", "fulfilment.stock", "the shares of the product groups must sum to 1, got 0.9"},
		{"restocks out of order", "{date: 2026-12-26, units: 100}", "{date: 2026-12-22, units: 100}", "fulfilment.stock[0].restocks[1].date", "must be after the delivery before it (2026-12-23), got 2026-12-22"},
		{"restock outside the season", "{date: 2026-12-26, units: 100}", "{date: 2027-01-26, units: 100}", "fulfilment.stock[0].restocks[1].date", "2027-01-26 is outside the season"},
		{"stock without backorders", "    kind: backordered\n", "    kind: faulty\n", "fulfilment.stock", "needs an exception of kind backordered"},
		{"backorders without stock", "  stock:\n    - {name: toys, share: 0.4, initial: 2000, restocks: [{date: 2026-12-23, units: 500}, {date: 2026-12-26, units: 100}]}\n    - {name: other, share: 0.6, initial: 100000}\n", "", "exceptions[2].kind", "backordered needs fulfilment.stock"},
		{"a probability of backorders", "    kind: backordered\n", "    kind: backordered\n    probability: 0.1\n", "exceptions[2].probability", "does not apply to kind backordered"},
		{"detection without resolve", "    channel_mix: {phone: 0.5, email: 0.5}\n", "    channel_mix: {phone: 0.5, email: 0.5}\n    detect: {probability: 0.5, delay: {dist: exponential, mean: 1d}}\n", "exceptions[0].detect", "needs resolve"},
		{"detection without delay", "detect: {probability: 0.4, delay: {dist: exponential, mean: 1d}}", "detect: {probability: 0.4}", "exceptions[1].detect.delay", "required"},
		{"speed zero", "speed: 0.8", "speed: 0", "teams[0].speed", "must be above 0"},
		{"concurrency zero", "concurrency: 3", "concurrency: 0", "channels[2].concurrency", "must be an integer from 1 to 10, got 0"},
		{"post without transit", "post: {transit: {dist: uniform, min: 1d, max: 3d}, loss: 0.02}", "post: {loss: 0.02}", "channels[3].post.transit", "required"},
		{"post loss over 1", "loss: 0.02", "loss: 2", "channels[3].post.loss", "must be a number from 0 to 1, got 2"},
		{"callback to a real-time channel", "channel: email}", "channel: chat}", "channels[0].callback.channel", `no deferred channel named "chat"; the deferred channels are: email, post`},
		{"callback misspelt", "channel: email}", "channel: emial}", "channels[0].callback.channel", `no deferred channel named "emial"; did you mean email?`},
		{"callback on a deferred channel", "    deferred: true\n    arrivals: {rate: 2/h}\n", "    deferred: true\n    arrivals: {rate: 2/h}\n    callback: {after: 1m, accept: 1, channel: post}\n", "channels[1].callback", "only on a real-time channel"},
		{"callback without after", "callback: {after: 2m, ", "callback: {", "channels[0].callback.after", "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := tinyPlus(t)
			if !strings.Contains(base, tt.old) {
				t.Fatalf("no %q", tt.old)
			}
			in := strings.Replace(base, tt.old, tt.new, 1)
			_, err := scenarios.Parse("bad.yaml", []byte(in))
			if err == nil || !strings.Contains(err.Error(), ": "+tt.key+": "+tt.want) {
				t.Errorf("error does not contain %s: %s\ngot\n\t%v", tt.key, tt.want, err)
			}
		})
	}
}

func TestSeasonKeysNeedACalendar(t *testing.T) {
	in := small + "demand: {orders_per_day: 5}\n"
	in = strings.Replace(in, "    headcount: 3\n", "    headcount: 3\n    shrinkage: 0.3\n    cost_per_hour: 20\n", 1)
	in = strings.Replace(in, "    arrivals: {rate: 2/h}\n", "    arrivals: {per_day: 48}\n    closed_on: [2026-12-25]\n    deferred: true\n", 1)
	_, err := scenarios.Parse("cc.yaml", []byte(in))
	for _, want := range []string{
		"cc.yaml:10: teams[1].shrinkage: only in a season scenario, a file with a calendar section",
		"cc.yaml:20: channels[1].arrivals.per_day: only in a season scenario, a file with a calendar section; give rate instead",
		"cc.yaml:21: channels[1].closed_on: only in a season scenario",
		"cc.yaml:24: demand: only in a season scenario, a file with a calendar section; add one, or remove demand",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error does not contain %s\ngot\n\t%v", want, err)
		}
	}
	if err != nil && (strings.Contains(err.Error(), "cost_per_hour") || strings.Contains(err.Error(), "deferred")) {
		t.Errorf("cost_per_hour and deferred apply to any scenario, got\n%v", err)
	}
}
