package scenarios_test

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/stats"
)

// tinyRampShifts are tiny's agents in two shifts at speed 0.9: six
// tenured agents from 08:00 to 14:00, and four new ones from 10:00 who
// start on Tuesday 22 December at 0.6 of full speed and learn in two
// weeks. tinyRamp runs tiny four weeks, to 17 January, to see them learn.
const tinyRampShifts = `    speed: 0.9
    shifts:
      - {name: tenured, hours: "08:00-14:00", days: mon-sun, headcount: 6}
      - {name: temps, hours: "10:00-14:00", days: mon-sun, headcount: 4, from: 2026-12-22, ramp: {start_speed: 0.6, weeks: 2}}
    closed_on: [2026-12-25]
`

// tinyRampClaims gives tiny's claims team (3 agents, every hour) two more
// from Monday 28 December, who start at half speed and learn in a week.
const tinyRampClaims = `    headcount: 3
    headcount_by_date: [{from: 2026-12-28, to: 2027-01-17, headcount: 5, ramp: {start_speed: 0.5, weeks: 1}}]
`

func tinyRamp(tb testing.TB) string {
	tb.Helper()
	in := tiny
	for _, r := range []struct{ old, new string }{
		{"end: 2026-12-27", "end: 2027-01-17"},
		{tinyAgentsHours, tinyRampShifts},
		{"    headcount: 3\n", tinyRampClaims},
	} {
		if !strings.Contains(in, r.old) {
			tb.Fatalf("tiny has no %q", r.old)
		}
		in = strings.Replace(in, r.old, r.new, 1)
	}
	return in
}

// TestRampSpeedByDay checks the ramp's arithmetic in the compiled model: a
// team's speed in an hour is the mean of its agents' paid then, the new
// ones at start_speed on their first day, half-way between it and full
// speed half-way through the ramp, at full speed after it, and not there
// the day before they start.
func TestRampSpeedByDay(t *testing.T) {
	s, m := parseTiny(t, tinyRamp(t))
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if r := s.Teams[0].Shifts[1].Ramp; r == nil || r.Start.String() != "2026-12-22" || r.StartSpeed != 0.6 || r.Weeks != 2 {
		t.Fatalf("temps' ramp %+v", r)
	}
	if r := s.Teams[1].HeadcountByDate[0].Ramp; r == nil || r.Start.String() != "2026-12-28" || r.StartSpeed != 0.5 || r.Weeks != 1 {
		t.Fatalf("claims' ramp %+v", r)
	}
	agents, claims := m.Teams[0], m.Teams[1]
	// Day d of the season (0 is Monday 21 December), at hour h.
	at := func(d, h int) int { return 24*d + h }
	tests := []struct {
		name  string
		team  sim.Team
		hour  int
		paid  int
		speed float64
	}{
		{"the day before the temps start, 10:00: the tenured alone", agents, at(0, 10), 6, 0.9},
		{"the temps' first day, 08:00: before their hours", agents, at(1, 8), 6, 0.9},
		{"the temps' first day, 10:00: at start_speed", agents, at(1, 10), 10, 0.9 * (6 + 4*0.6) / 10},
		{"the temps' first day, 13:00", agents, at(1, 13), 10, 0.9 * (6 + 4*0.6) / 10},
		{"the temps' first day, 14:00: gone home", agents, at(1, 14), 0, 0.9},
		{"Christmas Day, closed", agents, at(4, 10), 0, 0.9},
		{"a week in, half-way: 0.8", agents, at(8, 10), 10, 0.9 * (6 + 4*0.8) / 10},
		{"two weeks in: full speed", agents, at(15, 10), 10, 0.9},
		{"after the ramp", agents, at(27, 11), 10, 0.9},
		{"claims the day before the two start", claims, at(6, 3), 3, 1},
		{"claims on the two's first day", claims, at(7, 3), 5, (3 + 2*0.5) / 5.0},
		{"claims three days in", claims, at(10, 20), 5, (3 + 2*(0.5+0.5*3/7.0)) / 5},
		{"claims a week in: full speed", claims, at(14, 0), 5, 1},
	}
	for _, tt := range tests {
		got := tt.team.SpeedByHour[tt.hour]
		if tt.team.Paid[tt.hour] != tt.paid || math.Abs(got-tt.speed) > 1e-12 {
			t.Errorf("%s: %d paid at speed %v, want %d at %v", tt.name, tt.team.Paid[tt.hour], got, tt.paid, tt.speed)
		}
	}
	// Without new staff in an hour, the speed is exactly the team's.
	for h, v := range agents.SpeedByHour {
		if (h < at(1, 0) || h >= at(15, 0) || h%24 < 10 || h%24 >= 14) && v != 0.9 {
			t.Fatalf("hour %d: speed %v, want exactly 0.9", h, v)
		}
	}
	// A team without a ramp keeps its constant speed.
	_, plain := parseTiny(t, tiny)
	if plain.Teams[0].SpeedByHour != nil || plain.Teams[1].SpeedByHour != nil {
		t.Errorf("teams without a ramp have a speed by hour")
	}
}

func TestRampOnARangeThatAddsNobody(t *testing.T) {
	in := strings.Replace(tinyRamp(t), "headcount: 5, ramp", "headcount: 3, ramp", 1)
	_, m := parseTiny(t, in)
	for h, v := range m.Teams[1].SpeedByHour {
		if v != 1 {
			t.Fatalf("hour %d: speed %v; a range at the team's headcount adds no new staff", h, v)
		}
	}
}

func TestBadRamps(t *testing.T) {
	const ramp = "ramp: {start_speed: 0.6, weeks: 2}"
	const claimsRamp = "ramp: {start_speed: 0.5, weeks: 1}"
	tests := []struct {
		name     string
		old, new string // tinyRamp with old replaced by new
		key      string
		want     string
	}{
		{"start speed of 0", ramp, "ramp: {start_speed: 0, weeks: 2}", "teams[0].shifts[1].ramp.start_speed", "must be above 0: new staff at speed 0 never finish a contact"},
		{"start speed over 1", ramp, "ramp: {start_speed: 1.2, weeks: 2}", "teams[0].shifts[1].ramp.start_speed", "must be a number above 0 and at most 1, the new staff's speed on their first day as a share of a tenured agent's, e.g. 0.65, got 1.2"},
		{"start speed as a percentage", ramp, "ramp: {start_speed: 65%, weeks: 2}", "teams[0].shifts[1].ramp.start_speed", `must be a number above 0 and at most 1, the new staff's speed on their first day as a share of a tenured agent's, e.g. 0.65, got "65%"`},
		{"no start speed", ramp, "ramp: {weeks: 2}", "teams[0].shifts[1].ramp.start_speed", "required: the new staff's speed on their first day, as a share of a tenured agent's, e.g. 0.65"},
		{"no weeks", ramp, "ramp: {start_speed: 0.6}", "teams[0].shifts[1].ramp.weeks", "required: the weeks new staff take to reach full speed, e.g. 12"},
		{"weeks of 0", ramp, "ramp: {start_speed: 0.6, weeks: 0}", "teams[0].shifts[1].ramp.weeks", "must be above 0; leave ramp out for staff at full speed from their first day"},
		{"negative weeks", ramp, "ramp: {start_speed: 0.6, weeks: -2}", "teams[0].shifts[1].ramp.weeks", "must be a number of weeks above 0 and at most 52, e.g. 12, got -2"},
		{"weeks over a year", ramp, "ramp: {start_speed: 0.6, weeks: 53}", "teams[0].shifts[1].ramp.weeks", "must be a number of weeks above 0 and at most 52, e.g. 12, got 53"},
		{"weeks as a duration", ramp, "ramp: {start_speed: 0.6, weeks: 12w}", "teams[0].shifts[1].ramp.weeks", `must be a plain number of weeks (the key gives the unit), e.g. weeks: 12; got "12w"`},
		{"misspelt ramp key", ramp, "ramp: {start_sped: 0.6, weeks: 2}", "teams[0].shifts[1].ramp.start_sped", "unknown key; did you mean start_speed?"},
		{"ramp as a number", ramp, "ramp: 0.6", "teams[0].shifts[1].ramp", "must be a mapping with start_speed and weeks, e.g. {start_speed: 0.65, weeks: 12}; got 0.6"},
		{"ramp without from", "from: 2026-12-22, " + ramp, ramp, "teams[0].shifts[1].ramp", "needs the shift's from: the date its new staff start, at start_speed, e.g. from: 2026-11-23"},
		{"ramp on a range, start speed over 1", claimsRamp, "ramp: {start_speed: 2, weeks: 1}", "teams[1].headcount_by_date[0].ramp.start_speed", "must be a number above 0 and at most 1"},
		{"ramp on a range, weeks over a year", claimsRamp, "ramp: {start_speed: 0.5, weeks: 100}", "teams[1].headcount_by_date[0].ramp.weeks", "must be a number of weeks above 0 and at most 52, e.g. 12, got 100"},
		{"ramp on a range, misspelt", claimsRamp, "rmap: {start_speed: 0.5, weeks: 1}", "teams[1].headcount_by_date[0].rmap", "unknown key; did you mean ramp?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := tinyRamp(t)
			if !strings.Contains(base, tt.old) {
				t.Fatalf("no %q", tt.old)
			}
			in := strings.Replace(base, tt.old, tt.new, 1)
			_, err := scenarios.Parse("bad.yaml", []byte(in))
			if err == nil {
				t.Fatal("Parse accepted it")
			}
			where := "bad.yaml:" + strconv.Itoa(lineOf(t, in, tt.new)) + ": " + tt.key + ": " + tt.want
			if !strings.Contains(err.Error(), where) {
				t.Errorf("error does not contain\n\t%s\ngot\n\t%s", where, strings.ReplaceAll(err.Error(), "\n", "\n\t"))
			}
			checkNoGoPhrases(t, err.Error(), in)
		})
	}
}

func TestRampNeedsACalendar(t *testing.T) {
	in := broken(t, "    headcount: 3\n", "    shifts: [{name: day, hours: \"09:00-17:00\", days: [mon-fri], headcount: 3, from: 2026-12-21, ramp: {start_speed: 0.65, weeks: 12}}]\n")
	_, err := scenarios.Parse("cc.yaml", []byte(in))
	want := "cc.yaml:9: teams[1].shifts[0].ramp: only in a season scenario, a file with a calendar section: new staff ramp up from a date of the season's calendar; in a contact centre, give the team a lower speed instead"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error does not contain %s\ngot\n\t%v", want, err)
	}
}

// rampSeason is a four-week season whose phone team and claims team have
// temporary staff from the first day, as many as the tenured, so that
// the phone lines run busy and the claims queue grows. rampSeasonTemps
// and rampSeasonClaims are the lines that a ramp goes on.
const (
	rampSeasonTemps  = "{name: temps, hours: \"08:00-20:00\", days: mon-sat, headcount: 6, from: 2026-11-30}"
	rampSeasonClaims = "{from: 2026-11-30, to: 2026-12-27, headcount: 3}"
	rampSeason       = `name: ramp-season
calendar: {start: 2026-11-30, end: 2026-12-27, time_zone: Europe/London}
run: {replications: 8, seed: 1}
demand:
  orders_per_day: 4000
  weekday_profile: {mon-sat: 1, sun: 0.8}
  hour_profile: [0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 4, 3, 2, 1]
fulfilment:
  dispatch_capacity: 5000
  cutoff: "15:00"
  dispatch_days: [mon-sat]
  delivery_hour: "13:00"
  promises: [{name: standard, share: 1, transit_days: 2}]
exceptions:
  - name: late
    kind: late
    probability: 0.03
    delay: {dist: gamma, mean: 2d, cv: 0.6}
    notice_delay: {dist: exponential, mean: 12h}
    channel_mix: {phone: 0.7, email: 0.3}
  - name: lost
    kind: lost
    probability: 0.01
    notice_delay: {dist: exponential, mean: 1d}
    channel_mix: {phone: 0.6, email: 0.4}
    resolve:
      team: claims
      handle_time: {dist: lognormal, mean: 30m, cv: 0.6}
      outcomes: {reship: 0.6, refund: 0.4}
customers:
  chase_interval: {dist: gamma, mean: 2d, cv: 0.5}
  retry: {probability: 0.7, delay: {dist: exponential, mean: 1h}, switch: 0.3}
teams:
  - name: phone-agents
    shifts:
      - {name: tenured, hours: "08:00-20:00", days: mon-sat, headcount: 6}
      - ` + rampSeasonTemps + `
    shrinkage: 0.2
  - name: claims
    headcount: 1
    headcount_by_date: [` + rampSeasonClaims + `]
    working_hours: {mon-sat: "08:00-18:00", sun: closed}
channels:
  - name: phone
    team: phone-agents
    arrivals: {per_day: 250}
    handle_time: {dist: lognormal, mean: 6m, cv: 0.8}
    patience: {dist: exponential, mean: 4m}
    opening_hours: {mon-sat: "08:00-20:00", sun: closed}
  - name: email
    team: phone-agents
    deferred: true
    handle_time: {dist: gamma, mean: 10m, cv: 0.6}
`
)

// TestSlowNewStaffServeWorse is a paired direction test: the same season
// on the same seed and replications, with and without a ramp on the
// temporary staff (from 0.65 of full speed, learning over 12 weeks: slower
// for all four weeks of the season). Both run on common random numbers,
// the same orders, exceptions and customers, so the differences are
// paired. Slower new staff must lower the phone service level, keep the
// claims team busier, lengthen the resolution of cases and keep more of
// them open: each paired difference's 95% interval must exclude 0 on the
// side the cause pushes it.
func TestSlowNewStaffServeWorse(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 16 replications of a season; skipped with -short")
	}
	const ramp = ", ramp: {start_speed: 0.65, weeks: 12}}"
	learning := strings.Replace(rampSeason, rampSeasonTemps, strings.TrimSuffix(rampSeasonTemps, "}")+ramp, 1)
	learning = strings.Replace(learning, rampSeasonClaims, strings.TrimSuffix(rampSeasonClaims, "}")+ramp, 1)
	if learning == rampSeason || strings.Count(learning, "ramp:") != 2 {
		t.Fatal("the ramps did not go in")
	}
	figures := []struct {
		metric string
		worse  float64 // the sign of the difference when service is worse
	}{
		{"phone.service_level", -1},
		{"cases.resolution.mean", +1},
		{"backlog.open_cases.mean", +1},
		{"teams.claims.occupancy", +1},
	}
	run := func(in string) [][]float64 {
		sc, err := scenarios.Parse("ramp-season.yaml", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		m := sc.Model()
		out := make([][]float64, len(figures))
		for rep := range sc.Replications {
			res, err := sim.Run(context.Background(), m, sc.Seed, rep)
			if err != nil {
				t.Fatal(err)
			}
			values := map[string]float64{}
			for _, mt := range res.Metrics() {
				values[mt.Name] = mt.Value
			}
			for i, f := range figures {
				out[i] = append(out[i], values[f.metric])
			}
		}
		return out
	}
	full, slow := run(rampSeason), run(learning)
	for i, f := range figures {
		d := stats.SummarizePaired(full[i], slow[i])
		t.Logf("%s: full speed %.4g, learning %.4g, difference %.4g [%.4g, %.4g]", f.metric, stats.Summarize(full[i]).Mean, stats.Summarize(slow[i]).Mean, d.Mean, d.Lo95, d.Hi95)
		if d.N != len(full[i]) || !(f.worse*d.Lo95 > 0 && f.worse*d.Hi95 > 0) {
			t.Errorf("%s: the paired difference's 95%% interval [%v, %v] (%d pairs) is not all on the worse side (%+v)", f.metric, d.Lo95, d.Hi95, d.N, f.worse)
		}
	}
}

// TestRampOnChristmasTemps checks the learning staff of the built-in
// season: the temporary phone shifts and the peak ranges of claims learn
// from their first day.
func TestRampOnChristmasTemps(t *testing.T) {
	v, err := scenarios.Builtin("christmas")
	if err != nil {
		t.Fatal(err)
	}
	m := v.Model()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	c := &v.Season.Calendar
	speed := func(team, date string, hour int) float64 {
		t.Helper()
		for _, tm := range m.Teams {
			if tm.Name == team {
				for day := range c.Days() {
					if c.Date(day).String() == date {
						return tm.SpeedByHour[24*day+hour]
					}
				}
			}
		}
		t.Fatalf("no %s on %s", team, date)
		return 0
	}
	on := func(days int) float64 { return 0.65 + 0.35*float64(days)/84 }
	for _, tt := range []struct {
		name       string
		team, date string
		hour       int
		want       float64
	}{
		{"before the temps", "phone-agents", "2026-11-20", 9, 1},
		{"the temps' first weekday, early", "phone-agents", "2026-11-23", 9, (24 + 12*on(0)) / 36},
		{"the temps' first weekday, the middle shift in", "phone-agents", "2026-11-23", 11, (30 + 12*on(0)) / 42},
		{"a December weekday evening", "phone-agents", "2026-12-08", 19, (36 + 16*on(15)) / 52},
		{"the Saturday temps' first day", "phone-agents", "2026-11-28", 12, (40 + 16*on(0)) / 56},
		{"January, the temps gone", "phone-agents", "2027-01-12", 12, 1},
		{"claims before the peak", "claims", "2026-11-20", 9, 1},
		{"claims on the first day of the peak", "claims", "2026-11-23", 9, (20 + 12*on(0)) / 32},
		{"claims on Christmas Eve", "claims", "2026-12-24", 9, (20 + 12*on(31)) / 32},
		{"claims after Christmas, a range without a ramp", "claims", "2026-12-28", 9, 1},
	} {
		if got := speed(tt.team, tt.date, tt.hour); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: speed %v, want %v", tt.name, got, tt.want)
		}
	}
}
