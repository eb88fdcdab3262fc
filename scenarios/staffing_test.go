package scenarios_test

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// tinyAgentsHours are the lines of tiny's agents team that shifts replace.
const tinyAgentsHours = `    headcount: 10
    headcount_by_date: [{from: 2026-12-24, to: 2026-12-24, headcount: 5}, {from: 2026-12-25, to: 2026-12-25, headcount: 0}]
    working_hours: {mon-fri: "08:00-20:00", sat: "09:00-17:00", sun: closed}
`

// tinyShifts are tiny's agents in shifts: an early and a late shift that
// overlap from 14:00 to 15:00, temporary staff on the 23rd and 24th, and
// nobody on Christmas Day.
const tinyShifts = `    shifts:
      - {name: early, hours: "07:00-15:00", days: mon-fri, headcount: 10}
      - {name: late, hours: "14:00-22:00", days: [mon-sat], headcount: 10}
      - {name: temps, hours: "10:00-18:00", days: [mon-fri], headcount: 4, from: 2026-12-23, to: 2026-12-24}
    closed_on: [2026-12-25]
`

// tinyOptions is tiny with every key of this file: shifts and a priority,
// a promise's transit distribution, and a direct stream with an hour
// profile of its own.
func tinyOptions(tb testing.TB) string {
	tb.Helper()
	in := tiny
	for _, r := range []struct{ old, new string }{
		{tinyAgentsHours, tinyShifts},
		{"    headcount: 3\n", "    headcount: 3\n    priority: oldest-first\n"},
		{"{name: standard, share: 0.7, transit_days: 2}", "{name: standard, share: 0.7, transit: {dist: empirical, values: [1d, 2d, 3d], weights: [0.2, 0.6, 0.2]}}"},
		{"arrivals: {per_day: 240}", "arrivals: {per_day: 240, hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}"},
	} {
		if !strings.Contains(in, r.old) {
			tb.Fatalf("tiny has no %q", r.old)
		}
		in = strings.Replace(in, r.old, r.new, 1)
	}
	return in
}

func TestShiftsAddUpAndShrinkTogether(t *testing.T) {
	s, m := parseTiny(t, tinyOptions(t))
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	team := s.Teams[0]
	if len(team.Shifts) != 3 || team.Headcount != 0 || !slices.Equal(team.ClosedOn, []scenarios.Date{{Year: 2026, Month: 12, Day: 25}}) {
		t.Fatalf("team %+v", team)
	}
	temps := team.Shifts[2]
	if temps.Name != "temps" || temps.Start != 10 || temps.End != 18 || temps.Headcount != 4 ||
		temps.From.String() != "2026-12-23" || temps.To.String() != "2026-12-24" || !temps.Days[1] || temps.Days[6] || temps.Days[0] {
		t.Errorf("temps %+v", temps)
	}
	// Shrinkage 0.25 applies to the sum of the shifts in an hour: 10 paid
	// are 7.5 on duty (7 or 8); the handover hour's 20 are 15, not 7.5 +
	// 7.5 made whole apart; 14 are 10.5; 24 are 18.
	agents := m.Teams[0]
	tests := []struct {
		name string
		hour int
		paid int
	}{
		{"Monday 06:00, before the early shift", 6, 0},
		{"Monday 07:00, early", 7, 10},
		{"Monday 13:00, early", 13, 10},
		{"Monday 14:00, the handover: early and late", 14, 20},
		{"Monday 15:00, late", 15, 10},
		{"Monday 21:00, late", 21, 10},
		{"Monday 22:00, after the late shift", 22, 0},
		{"Wednesday 23rd 09:00, early, before the temps", 48 + 9, 10},
		{"Wednesday 23rd 10:00, early and temps", 48 + 10, 14},
		{"Wednesday 23rd 14:00, all three", 48 + 14, 24},
		{"Thursday 24th 17:00, late and temps", 72 + 17, 14},
		{"Thursday 24th 18:00, late", 72 + 18, 10},
		{"Friday 25th 14:00, closed_on", 96 + 14, 0},
		{"Saturday 26th 08:00, no early shift on Saturday", 120 + 8, 0},
		{"Saturday 26th 14:00, late", 120 + 14, 10},
		{"Sunday 27th 14:00, no shift", 144 + 14, 0},
	}
	for _, tt := range tests {
		if agents.Paid[tt.hour] != tt.paid || !wholeOf(agents.OnDuty[tt.hour], float64(tt.paid)*0.75) {
			t.Errorf("%s: %d paid, %d on duty; want %d, %.4g made whole", tt.name, agents.Paid[tt.hour], agents.OnDuty[tt.hour], tt.paid, float64(tt.paid)*0.75)
		}
	}
	// Paid hours: four weekdays of 8 + 8 shift hours of 10 agents, the
	// temps' 2 × 8 hours of 4, and Saturday's late shift.
	var paid int
	for _, n := range agents.Paid {
		paid += n
	}
	if want := 4*16*10 + 2*8*4 + 8*10; paid != want {
		t.Errorf("%d paid agent hours, want %d", paid, want)
	}
}

func TestClosedOnWithHeadcount(t *testing.T) {
	in := tinyWith(t, "    headcount: 3\n", "    headcount: 3\n    closed_on: [2026-12-22, 2026-12-26]\n")
	_, m := parseTiny(t, in)
	claims := m.Teams[1]
	for h, n := range claims.OnDuty {
		closed := h/24 == 1 || h/24 == 5
		if want := map[bool]int{true: 0, false: 3}[closed]; n != want || claims.Paid[h] != want {
			t.Fatalf("hour %d: %d on duty, %d paid; want %d", h, n, claims.Paid[h], want)
		}
	}
}

func TestPriority(t *testing.T) {
	_, m := parseTiny(t, tinyOptions(t))
	if m.Teams[0].OldestFirst || !m.Teams[1].OldestFirst {
		t.Errorf("oldest first: agents %v (no priority: realtime-first), claims %v (oldest-first)", m.Teams[0].OldestFirst, m.Teams[1].OldestFirst)
	}
	_, m = parseTiny(t, tinyWith(t, "    headcount: 3\n", "    headcount: 3\n    priority: realtime-first\n"))
	if m.Teams[1].OldestFirst {
		t.Error("realtime-first compiled to oldest first")
	}
	// Priority applies to a contact centre too.
	s, err := scenarios.Parse("cc.yaml", []byte(broken(t, "    headcount: 3\n", "    headcount: 3\n    priority: oldest-first\n")))
	if err != nil {
		t.Fatal(err)
	}
	if m := s.Model(); m.Teams[0].OldestFirst || !m.Teams[1].OldestFirst {
		t.Errorf("contact centre: oldest first %v, %v; want false, true", m.Teams[0].OldestFirst, m.Teams[1].OldestFirst)
	}
}

func TestTransitDistribution(t *testing.T) {
	_, m := parseTiny(t, tinyOptions(t))
	standard, nextDay := m.Season.Promises[0], m.Season.Promises[1]
	// 0.2 × 24 h + 0.6 × 48 h + 0.2 × 72 h = 48 h.
	if standard.Transit.Kind != sim.Empirical || !near(standard.Transit.Mean(), 48) || standard.TransitDays != 0 || standard.Share != 0.7 {
		t.Errorf("standard: %+v; want an empirical transit of mean 48 h and no transit days", standard)
	}
	if nextDay.Transit.Kind != sim.NoDist || nextDay.TransitDays != 1 {
		t.Errorf("next-day: %+v; want 1 transit day and no distribution", nextDay)
	}
	for _, tt := range []struct {
		transit string
		kind    sim.DistKind
		mean    float64
	}{
		{"{dist: deterministic, value: 2d}", sim.Deterministic, 48},
		{"{dist: uniform, min: 1d, max: 3d}", sim.Uniform, 48},
		{"{dist: triangular, min: 1d, mode: 2d, max: 60d}", sim.Triangular, (24 + 48 + 1440) / 3.0},
		{"{dist: empirical, values: [1d, 60d]}", sim.Empirical, (24 + 1440) / 2.0},
	} {
		in := tinyWith(t, "transit_days: 2}", "transit: "+tt.transit+"}")
		_, m := parseTiny(t, in)
		if tr := m.Season.Promises[0].Transit; tr.Kind != tt.kind || !near(tr.Mean(), tt.mean) {
			t.Errorf("%s: %v, mean %v h; want %v, %v h", tt.transit, tr.Kind, tr.Mean(), tt.kind, tt.mean)
		}
	}
	in := tinyWith(t, "transit_days: 2}", "transit: {dist: normal, mean: 2d, sd: 12h, min: 1d, max: 4d}}")
	if _, m := parseTiny(t, in); m.Season.Promises[0].Transit.Kind != sim.TruncatedNormal {
		t.Errorf("normal with min and max: %v", m.Season.Promises[0].Transit)
	}
}

// dayTotals returns the sum of rates over each day.
func dayTotals(rate []float64) []float64 {
	out := make([]float64, len(rate)/24)
	for h, r := range rate {
		out[h/24] += r
	}
	return out
}

func TestStreamWithItsOwnHourProfile(t *testing.T) {
	_, base := parseTiny(t, tiny)
	s, m := parseTiny(t, tinyOptions(t))
	if s.Channels[0].Shape == nil || s.Channels[1].Shape != nil || s.Channels[2].Shape != nil {
		t.Fatalf("shapes %v, %v, %v; want only the phone's own", s.Channels[0].Shape, s.Channels[1].Shape, s.Channels[2].Shape)
	}
	phone := m.Channels[0].HourlyRate
	// The days' totals are the demand's: per_day 240 × curve × weekday.
	if got, want := dayTotals(phone), dayTotals(base.Channels[0].HourlyRate); len(got) != 7 || !slices.EqualFunc(got, want, func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }) {
		t.Errorf("daily phone contacts %v, want the demand-shaped %v", got, want)
	}
	// The hour profile weighs 08:00 1 and 09:00 3. Monday 21st (curve 1.5)
	// has 360 contacts, open 08:00-20:00: 90 at 08:00, 270 at 09:00.
	// Saturday 26th (curve 3, weekday 0.5) has 360, open from 09:00: all
	// at 09:00.
	for _, tt := range []struct {
		name string
		hour int
		want float64
	}{
		{"Monday 08:00", 8, 90}, {"Monday 09:00", 9, 270}, {"Monday 10:00", 10, 0}, {"Monday 19:00", 19, 0},
		{"Saturday 09:00", 120 + 9, 360}, {"Saturday 10:00", 120 + 10, 0},
	} {
		if got := phone[tt.hour]; !near(got, tt.want) {
			t.Errorf("%s: rate %v, want %v", tt.name, got, tt.want)
		}
	}
	// The orders keep the demand's profile.
	if !slices.Equal(m.Season.OrdersPerHour, base.Season.OrdersPerHour) {
		t.Error("the stream's hour profile changed the orders")
	}
}

func TestStreamWithItsOwnCurveAndWeekdays(t *testing.T) {
	// A curve of its own, flat at 2, and the demand's weekday factors
	// (mon-fri 1, sat 0.5) and hour profile (08:00-20:00, a twelfth each).
	in := tinyWith(t, "arrivals: {per_day: 240}", "arrivals: {per_day: 240, season_curve: [{date: 2026-12-21, factor: 2}]}")
	_, m := parseTiny(t, in)
	want := []float64{480, 480, 480, 480, 0, 240, 0} // closed on the 25th and on Sunday
	if got := dayTotals(m.Channels[0].HourlyRate); !slices.EqualFunc(got, want, func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }) {
		t.Errorf("daily phone contacts %v, want %v", got, want)
	}
	if got := m.Channels[0].HourlyRate[12]; !near(got, 40) {
		t.Errorf("Monday 12:00: rate %v, want 480/12 = 40", got)
	}
	// Weekday factors of its own, and the demand's curve (1.5 on Monday,
	// 3 on Saturday).
	in = tinyWith(t, "arrivals: {per_day: 240}", "arrivals: {per_day: 240, weekday_profile: {mon: 2, tue-fri: 1, sat: 0.25, sun: 0}}")
	_, m = parseTiny(t, in)
	want = []float64{240 * 1.5 * 2, 240 * 2, 240 * 2.5, 240 * 3, 0, 240 * 3 * 0.25, 0}
	if got := dayTotals(m.Channels[0].HourlyRate); !slices.EqualFunc(got, want, func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }) {
		t.Errorf("daily phone contacts %v, want %v", got, want)
	}
}

func TestBadShiftsPriorityTransitAndStreams(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // tinyOptions with old replaced by new
		at       string // the problem's line is that of the first line of at; "" for new's
		key      string
		want     string
	}{
		{"shifts and headcount", "    shifts:\n", "    headcount: 10\n    shifts:\n", "", "teams[0].headcount", "not with shifts: the shifts give the team's agents (leave headcount out)"},
		{"shifts and headcount by date", "    shifts:\n", "    headcount_by_date: [{from: 2026-12-24, to: 2026-12-24, headcount: 5}]\n    shifts:\n", "", "teams[0].headcount_by_date", "not with shifts: give a shift from and to dates instead"},
		{"shifts and working hours", "    shifts:\n", "    working_hours: {mon-sun: \"08:00-20:00\"}\n    shifts:\n", "", "teams[0].working_hours", "not with shifts: each shift has its own hours and days"},
		{"neither shifts nor headcount", "    headcount: 3\n", "", "- name: claims", "teams[1].headcount", "required: the number of agents, e.g. 10 (or shifts)"},
		{"no shifts", tinyShifts, "    shifts: []\n", "", "teams[0].shifts", "must have at least one shift (or give headcount instead)"},
		{"shifts as a mapping", tinyShifts, "    shifts: {early: 10}\n", "", "teams[0].shifts", "must be a list of shifts, e.g. [{name: early, hours: 07:00-15:00, days: [mon-fri], headcount: 12}]; got a mapping"},
		{"shift as a word", tinyShifts, "    shifts: [early]\n", "", "teams[0].shifts[0]", `must be a shift: a mapping with name, hours, days and headcount, e.g. {name: early, hours: 07:00-15:00, days: [mon-fri], headcount: 12}; got "early"`},
		{"shift without a name", "{name: late, hours", "{hours", "", "teams[0].shifts[1].name", "required: a name of 1 to 64 letters"},
		{"shift name with a space", "{name: late, hours", "{name: late shift, hours", "", "teams[0].shifts[1].name", `must be a name of 1 to 64 letters, digits, '_' and '-' that starts with a letter; got "late shift"`},
		{"shift name twice", "{name: late, hours", "{name: Early, hours", "", "teams[0].shifts[1].name", `duplicate shift name "Early" (teams[0].shifts[0] has it; names must differ in more than letter case)`},
		{"misspelt shift key", "days: [mon-sat], headcount: 10}", "days: [mon-sat], headcont: 10}", "", "teams[0].shifts[1].headcont", "unknown key; did you mean headcount?"},
		{"shift without hours", `hours: "14:00-22:00", `, "", "{name: late", "teams[0].shifts[1].hours", "required: the local hours of the shift, e.g. 07:00-15:00"},
		{"shift overnight", `hours: "14:00-22:00"`, `hours: "22:00-06:00"`, "", "teams[0].shifts[1].hours", "must end after it starts, got 22:00-06:00 (hours cannot run past midnight; 24:00 is the end of the day)"},
		{"shift closed", `hours: "14:00-22:00"`, `hours: closed`, "", "teams[0].shifts[1].hours", "must be hours such as 07:00-15:00; got closed"},
		{"shift hours as a number", `hours: "14:00-22:00"`, `hours: 8`, "", "teams[0].shifts[1].hours", "must be hours such as 07:00-15:00; got 8"},
		{"shift off the hour", `hours: "14:00-22:00"`, `hours: "14:30-22:00"`, "", "teams[0].shifts[1].hours", "must be on the hour, e.g. 14:00, got 14:30"},
		{"shift without days", "days: [mon-sat], ", "", "{name: late", "teams[0].shifts[1].days", "required: the days of the week the shift works, e.g. [mon-fri]"},
		{"shift days without brackets", "days: [mon-sat], headcount", `days: "mon-fri, sat", headcount`, "", "teams[0].shifts[1].days", `must be a list in brackets to give several days or ranges, e.g. [mon-fri, sun]; got "mon-fri, sat"`},
		{"shift day misspelt", "days: mon-fri", "days: mon-fir", "", "teams[0].shifts[0].days", "unknown weekday mon-fir (did you mean fri?)"},
		{"shift day in a list misspelt", "days: [mon-sat], headcount", "days: [mon-fri, saturday], headcount", "", "teams[0].shifts[1].days[1]", "unknown weekday saturday (did you mean sat?)"},
		{"shift day twice", "days: [mon-sat], headcount", "days: [mon-sat, fri], headcount", "", "teams[0].shifts[1].days[1]", "gives fri twice"},
		{"shift without headcount", "days: [mon-sat], headcount: 10}", "days: [mon-sat]}", "", "teams[0].shifts[1].headcount", "required: the number of agents on the shift, e.g. 12"},
		{"shift headcount zero", "days: [mon-sat], headcount: 10}", "days: [mon-sat], headcount: 0}", "", "teams[0].shifts[1].headcount", "must be a positive integer, got 0"},
		{"shift headcount a fraction", "days: [mon-sat], headcount: 10}", "days: [mon-sat], headcount: 2.5}", "", "teams[0].shifts[1].headcount", "must be a positive integer, got 2.5"},
		{"shifts over the most agents", "days: mon-fri, headcount: 10}", "days: mon-fri, headcount: 99995}", "    shifts:", "teams[0].shifts", "the headcounts of the shifts add up to 100009; a team has at most 100000 agents"},
		{"shift from outside the season", "headcount: 4, from: 2026-12-23", "headcount: 4, from: 2026-11-23", "", "teams[0].shifts[2].from", "2026-11-23 is outside the season (2026-12-21 to 2026-12-27)"},
		{"shift to before from", "to: 2026-12-24}", "to: 2026-12-22}", "", "teams[0].shifts[2].to", "must not be before from (2026-12-23), got 2026-12-22"},
		{"shift from not a date", "headcount: 4, from: 2026-12-23", "headcount: 4, from: monday", "", "teams[0].shifts[2].from", "not a date: monday; write YYYY-MM-DD"},
		{"closed on outside the season", "closed_on: [2026-12-25]\n    shrinkage", "closed_on: [2026-12-28]\n    shrinkage", "", "teams[0].closed_on[0]", "2026-12-28 is outside the season"},
		{"shifts leave nobody on duty", "    headcount: 3\n", "    shifts: [{name: day, hours: \"09:00-17:00\", days: [sun], headcount: 1}]\n    closed_on: [2026-12-27]\n    shrinkage: 0.6\n", "- name: claims", "teams[1]", "has nobody on duty at any hour of the season (shifts, closed_on and shrinkage 0.6 leave nobody)"},
		{"priority misspelt", "priority: oldest-first", "priority: oldest_first", "", "teams[1].priority", `unknown priority "oldest_first" (did you mean oldest-first?); choose realtime-first (every real-time contact before deferred work) or oldest-first (whatever has waited longest)`},
		{"priority cut short", "priority: oldest-first", "priority: oldest", "", "teams[1].priority", `unknown priority "oldest" (did you mean oldest-first?)`},
		{"priority unrelated", "priority: oldest-first", "priority: fifo", "", "teams[1].priority", `unknown priority "fifo"; choose realtime-first`},
		{"priority a number", "priority: oldest-first", "priority: 1", "", "teams[1].priority", "must be realtime-first or oldest-first; got 1"},
		{"transit and transit days", "transit: {dist: empirical", "transit_days: 2, transit: {dist: empirical", "", "fulfilment.promises[0]", "give transit_days or transit, not both"},
		{"neither transit nor transit days", ", transit_days: 1}", "}", "{name: next-day", "fulfilment.promises[1].transit_days", "required: the carrier days from dispatch to delivery, e.g. 3 (1 is the next carrier day); or transit, a distribution of that time"},
		{"transit without bound", "transit: {dist: empirical, values: [1d, 2d, 3d], weights: [0.2, 0.6, 0.2]}", "transit: {dist: gamma, mean: 2d, cv: 0.5}", "", "fulfilment.promises[0].transit.dist", "gamma can draw any time from 0 up, without bound; a parcel takes 1 to 60 carrier days, so every draw must be from 1d to 60d: use deterministic, uniform, triangular, normal with min and max, or empirical"},
		{"transit under a day", "transit: {dist: empirical, values: [1d, 2d, 3d], weights: [0.2, 0.6, 0.2]}", "transit: {dist: uniform, min: 12h, max: 3d}", "", "fulfilment.promises[0].transit.min", "must be from 1d to 60d, got 12h: a parcel takes 1 to 60 carrier days, so every draw must be from 1d to 60d"},
		{"transit over 60 days", "values: [1d, 2d, 3d]", "values: [1d, 2d, 61d]", "", "fulfilment.promises[0].transit.values[2]", "must be from 1d to 60d, got 61d"},
		{"transit deterministic of 0", "transit: {dist: empirical, values: [1d, 2d, 3d], weights: [0.2, 0.6, 0.2]}", "transit: {dist: deterministic, value: 0}", "", "fulfilment.promises[0].transit.value", "must be from 1d to 60d, got 0: a parcel takes 1 to 60 carrier days"},
		{"transit normal without max", "transit: {dist: empirical, values: [1d, 2d, 3d], weights: [0.2, 0.6, 0.2]}", "transit: {dist: normal, mean: 2d, sd: 1d, min: 1d}", "", "fulfilment.promises[0].transit.max", "required for a transit: a parcel takes 1 to 60 carrier days"},
		{"transit normal without min", "transit: {dist: empirical, values: [1d, 2d, 3d], weights: [0.2, 0.6, 0.2]}", "transit: {dist: normal, mean: 2d, sd: 1d, max: 5d}", "", "fulfilment.promises[0].transit.min", "required for a transit"},
		{"transit misspelt parameter", "weights: [0.2, 0.6, 0.2]", "wieghts: [0.2, 0.6, 0.2]", "", "fulfilment.promises[0].transit.wieghts", "unknown key; did you mean weights?"},
		{"transit a number", "transit: {dist: empirical, values: [1d, 2d, 3d], weights: [0.2, 0.6, 0.2]}", "transit: 2", "", "fulfilment.promises[0].transit", "must be a distribution of the time from dispatch to delivery, e.g. {dist: empirical, values: [1d, 2d, 3d], weights: [0.2, 0.6, 0.2]}; got 2"},
		{"stream profile with a rate", "arrivals: {rate: 2/h}", "arrivals: {rate: 2/h, weekday_profile: {mon-sun: 1}}", "", "channels[1].arrivals.weekday_profile", "only with per_day: a rate is the same in every open hour"},
		{"stream hour profile too short", "hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}", "hour_profile: [1, 3]}", "", "channels[0].arrivals.hour_profile", "must have 24 weights, one per hour from 00:00 to 23:00; got 2"},
		{"stream hour profile of zeros", "1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}", "0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}", "arrivals: {per_day: 240", "channels[0].arrivals.hour_profile", "must have a weight above 0: these are the shares of a day's contacts by hour"},
		{"stream weekday missing", "arrivals: {per_day: 240, ", "arrivals: {per_day: 240, weekday_profile: {mon-sat: 1}, ", "", "channels[0].arrivals.weekday_profile", "must give every day of the week; sun missing (write sun: 0 for a day without contacts)"},
		{"stream curve point without factor", "arrivals: {per_day: 240, ", "arrivals: {per_day: 240, season_curve: [{date: 2026-12-21}], ", "", "channels[0].arrivals.season_curve[0].factor", "required: the multiplier of per_day on that date, e.g. 3.2"},
		{"stream curve out of order", "arrivals: {per_day: 240, ", "arrivals: {per_day: 240, season_curve: [{date: 2026-12-22, factor: 1}, {date: 2026-12-21, factor: 2}], ", "", "channels[0].arrivals.season_curve[1].date", "must be after the point before it (2026-12-22), got 2026-12-21: the points go in date order"},
		{"stream curve misspelt", "arrivals: {per_day: 240, ", "arrivals: {per_day: 240, season_curv: [], ", "", "channels[0].arrivals.season_curv", "unknown key; did you mean season_curve?"},
		{"stream rate too high for a season", "arrivals: {rate: 2/h}", "arrivals: {rate: 20000000/h}", "", "channels[1].arrivals.rate", "must be at most 10000000/h in a season, got 20000000/h"},
		{"stream too big on its peak day", "arrivals: {per_day: 240, ", "arrivals: {per_day: 5000000, season_curve: [{date: 2026-12-24, factor: 3}], ", "", "channels[0].arrivals.per_day", "makes 30000000 contacts on the busiest day of the season; the most a day may have is 10000000"}, // 5000000 × 3 × the demand's Sunday factor 2
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := tinyOptions(t)
			if !strings.Contains(base, tt.old) {
				t.Fatalf("no %q", tt.old)
			}
			in := strings.Replace(base, tt.old, tt.new, 1)
			at := tt.at
			if at == "" {
				at = tt.new
			}
			_, err := scenarios.Parse("bad.yaml", []byte(in))
			if err == nil {
				t.Fatal("Parse accepted it")
			}
			where := "bad.yaml:" + strconv.Itoa(lineOf(t, in, at)) + ": " + tt.key + ": " + tt.want
			if !strings.Contains(err.Error(), where) {
				t.Errorf("error does not contain\n\t%s\ngot\n\t%s", where, strings.ReplaceAll(err.Error(), "\n", "\n\t"))
			}
			checkNoGoPhrases(t, err.Error(), in)
		})
	}
}

func TestNewKeysNeedACalendar(t *testing.T) {
	in := broken(t, "    headcount: 3\n", "    shifts: [{name: day, hours: \"09:00-17:00\", days: [mon-fri], headcount: 3}]\n    closed_on: [2026-12-25]\n")
	in = strings.Replace(in, "    arrivals: {rate: 2/h}\n", "    arrivals: {rate: 2/h, hour_profile: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}\n", 1)
	_, err := scenarios.Parse("cc.yaml", []byte(in))
	for _, want := range []string{
		"cc.yaml:8: teams[1].headcount: required: the number of agents, e.g. 10\n",
		"cc.yaml:9: teams[1].shifts: only in a season scenario, a file with a calendar section",
		"cc.yaml:10: teams[1].closed_on: only in a season scenario",
		"cc.yaml:19: channels[1].arrivals.hour_profile: only in a season scenario",
	} {
		if err == nil || !strings.Contains(err.Error()+"\n", want) {
			t.Errorf("error does not contain %s\ngot\n\t%v", want, err)
		}
	}
}

func TestWeekdaysAlone(t *testing.T) {
	// One day or range on its own is the list of it.
	_, list := parseTiny(t, tiny)
	_, alone := parseTiny(t, tinyWith(t, "dispatch_days: [mon-sat]", "dispatch_days: mon-sat"))
	if !slices.Equal(list.Season.DispatchCapacity, alone.Season.DispatchCapacity) || !slices.Equal(list.Season.CarrierDays, alone.Season.CarrierDays) {
		t.Errorf("dispatch_days: mon-sat gives %v, %v; [mon-sat] gives %v, %v", alone.Season.DispatchCapacity, alone.Season.CarrierDays, list.Season.DispatchCapacity, list.Season.CarrierDays)
	}
}

// TestChristmasPhoneShifts checks the figures the comments of the phone
// team in christmas.yaml quote.
func TestChristmasPhoneShifts(t *testing.T) {
	s, err := scenarios.Builtin("christmas")
	if err != nil {
		t.Fatal(err)
	}
	m := s.Model()
	ti := slices.IndexFunc(m.Teams, func(tm sim.Team) bool { return tm.Name == "phone-agents" })
	phone := m.Teams[ti]
	var paid int
	for _, n := range phone.Paid {
		paid += n
	}
	// 38,424 paid hours before the shifts, 12% more.
	if paid != 33908 || math.Abs(float64(paid)/38424-1) > 0.12 {
		t.Errorf("%d paid hours, want 33908 (within 12%% of 38424)", paid)
	}
	c := &s.Season.Calendar
	at := func(date string, hour int) (onDuty, paid int) {
		for day := range c.Days() {
			if c.Date(day).String() == date {
				return phone.OnDuty[24*day+hour], phone.Paid[24*day+hour]
			}
		}
		t.Fatalf("%s is not in the season", date)
		return 0, 0
	}
	for _, tt := range []struct {
		name   string
		date   string
		hour   int
		onDuty int
	}{
		{"a November weekday at 08:00", "2026-11-10", 8, 17},
		{"a November weekday at 12:00", "2026-11-10", 12, 21},
		{"a November weekday at 15:00", "2026-11-10", 15, 29},
		{"a November weekday at 19:00", "2026-11-10", 19, 25},
		{"a November Saturday", "2026-11-14", 12, 28},
		{"a November Sunday", "2026-11-15", 12, 36},
		{"a December weekday at 08:00", "2026-12-08", 8, 25},
		{"a December weekday at 15:00", "2026-12-08", 15, 41},
		{"a December weekday at 19:00", "2026-12-08", 19, 36},
		{"a December Saturday", "2026-12-12", 12, 39},
		{"a December Sunday", "2026-12-13", 12, 52},
		{"Boxing Day", "2026-12-26", 12, 39},
		{"Christmas Day", "2026-12-25", 12, 0},
		{"New Year's Day", "2027-01-01", 12, 0},
		{"a January weekday at 20:00", "2027-01-12", 20, 0},
	} {
		// The file quotes the nearest whole agent of paid × 0.7; the hour
		// has that made whole (onDutyIn).
		got, paid := at(tt.date, tt.hour)
		if share := float64(paid) * 0.7; !wholeOf(got, share) || math.Round(share) != float64(tt.onDuty) {
			t.Errorf("%s: %d on duty of %d paid (%.4g), want about %d", tt.name, got, paid, share, tt.onDuty)
		}
	}
}

// wholeOf reports whether n agents on duty are share made whole: its whole
// part, or one more.
func wholeOf(n int, share float64) bool {
	return float64(n) == math.Floor(share+1e-9) || float64(n) == math.Ceil(share-1e-9)
}
