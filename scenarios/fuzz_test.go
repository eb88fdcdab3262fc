package scenarios_test

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
)

func FuzzParse(f *testing.F) {
	// The built-ins without their comments: the fuzzer minimizes every
	// input that finds new code, in time that grows with the square of its
	// length, and the comments would triple it for no new code.
	comment := regexp.MustCompile(`(?m)^\s*#.*\n|\s+#.*$`)
	for _, info := range scenarios.Builtins() {
		s, err := scenarios.Builtin(info.Name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(comment.ReplaceAll(s.YAML, nil))
	}
	f.Add([]byte(tinyOptions(f)))
	f.Add([]byte(tinyRamp(f)))
	f.Add([]byte(tinyCost(f)))
	for _, s := range []string{
		small,
		tiny,
		"calendar: {start: 2026-03-28, end: 2026-03-30, time_zone: Europe/London}\nchannels: [{name: a, arrivals: {per_day: 5}, opening_hours: {mon-sun: \"08:00-24:00\"}}]\n",
		"# a comment\nname: x # and another\n",
		"{{{",
		"- a\n- b\n",
		"name: x\nName: y\n",
		"? [a]\n: b\n",
		"a: &x {b: *x}\n",
		"name: x\n---\nname: y\n",
		"run: {horizon: 1e400h}\nteams: 5\nchannels: [7]\n",
		"channels: [{arrivals: {rate: 1/w, interarrival: x}, handle_time: {dist: empirical, values: [1s], weights: [0]}}]\n",
		tiny + withVariants,
		strings.Replace(small, "    headcount: 3\n", "    headcount: 3\n    min_headcount: 0\n    max_headcount: 60\n    hiring_step: 2\n", 1),
		withAliases(f, "variants:\n  - name: a\n  - {name: b, set: {channels.phone.patience.mean: 5h, channels.mail.team: email, teams[0].headcount: x}}\n"),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenarios.Parse("fuzz.yaml", data)
		if err != nil {
			if len(fieldErrors(err)) == 0 {
				t.Fatalf("error holds no FieldError: %v", err)
			}
			for _, fe := range fieldErrors(err) {
				if fe.File != "fuzz.yaml" {
					t.Fatalf("FieldError.File = %q", fe.File)
				}
			}
			checkNoGoPhrases(t, err.Error(), string(data))
			// The same file gives the same message: nothing depends on map
			// order.
			if _, again := scenarios.Parse("fuzz.yaml", data); again == nil || again.Error() != err.Error() {
				t.Fatalf("second parse gave\n%v\nafter\n%v", again, err)
			}
			return
		}
		if err := s.Model().Validate(); err != nil {
			t.Fatalf("accepted scenario does not validate: %v", err)
		}
		if s.Season != nil {
			checkSeason(t, s)
		}
		finite := func(h float64) bool { return !math.IsNaN(h) && !math.IsInf(h, 0) }
		if !finite(s.Horizon) || !finite(s.Warmup) {
			t.Fatalf("horizon %v, warm-up %v", s.Horizon, s.Warmup)
		}
		for _, tm := range s.Teams {
			if !(0 <= tm.MinHeadcount && tm.MinHeadcount <= tm.MaxHeadcount && tm.MaxHeadcount <= 100000 && 1 <= tm.HiringStep && tm.HiringStep <= 100000) {
				t.Fatalf("team %s: min %d, max %d, step %d", tm.Name, tm.MinHeadcount, tm.MaxHeadcount, tm.HiringStep)
			}
		}
		for _, c := range s.Channels {
			if m := c.Arrivals.Mean(); s.Season == nil && (!finite(m) || !(1/m <= 1e9)) {
				t.Fatalf("channel %s: arrival mean %v h", c.Name, m)
			}
			if !finite(c.HandleTime.Mean()) || !finite(c.ServiceLevelTarget) {
				t.Fatalf("channel %s: handle time %v, target %v", c.Name, c.HandleTime, c.ServiceLevelTarget)
			}
		}
	})
}

// checkSeason checks the arrays of an accepted season: the lengths the
// engine needs, and no negative, infinite or NaN values.
func checkSeason(t *testing.T, s *scenarios.Scenario) {
	m := s.Model()
	hours := int(m.Horizon)
	bad := func(x float64) bool { return !(x >= 0) || math.IsInf(x, 0) }
	if hours != 24*s.Season.Calendar.Days() || len(m.Season.OrdersPerHour) != hours || slices.ContainsFunc(m.Season.OrdersPerHour, bad) {
		t.Fatalf("%d hours, orders per hour %v", hours, m.Season.OrdersPerHour)
	}
	for _, c := range m.Channels {
		if c.HourlyRate != nil && (len(c.HourlyRate) != hours || slices.ContainsFunc(c.HourlyRate, bad)) {
			t.Fatalf("channel %s: rates %v", c.Name, c.HourlyRate)
		}
	}
	for _, tm := range m.Teams {
		if len(tm.OnDuty) != hours || len(tm.Paid) != hours {
			t.Fatalf("team %s: %d, %d hours", tm.Name, len(tm.OnDuty), len(tm.Paid))
		}
		// New staff who learn slow a team down, never speed it up.
		if tm.SpeedByHour != nil && (len(tm.SpeedByHour) != hours || slices.ContainsFunc(tm.SpeedByHour, func(v float64) bool { return !(v > 0 && v <= tm.Speed) })) {
			t.Fatalf("team %s: speed %v, by hour %v", tm.Name, tm.Speed, tm.SpeedByHour)
		}
	}
}
