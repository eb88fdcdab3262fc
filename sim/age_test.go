package sim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/peaksim/peaksim/sim/stats"
)

// unstaffed returns n hours of a team schedule with nobody on duty.
func unstaffed(n int) []int { return make([]int, n) }

// TestBacklogAgeCountsEveryContactThatGotIn checks that every offered
// contact but the rejected leaves exactly one backlog age: answered,
// abandoned, taken as a callback, or still waiting at the end.
func TestBacklogAgeCountsEveryContactThatGotIn(t *testing.T) {
	must := mustDist(t)
	mmc := func(perHour, handle float64, capacity int) *Model {
		return &Model{
			Name: "mmc", Horizon: 8,
			Teams: []Team{{Name: "agents", Agents: 2}},
			Channels: []Channel{{Name: "phone", Interarrival: must(NewExponential(1 / perHour)), HandleTime: must(NewExponential(handle)),
				QueueCapacity: capacity, ServiceTarget: 0.1}},
		}
	}
	withWarmup := mmc(9, 0.2, Unlimited)
	withWarmup.Warmup = 2
	impatient := mmc(12, 0.2, Unlimited)
	impatient.Channels[0].Patience = must(NewExponential(0.1))
	callbacks := mmc(12, 0.2, Unlimited)
	callbacks.Teams = append(callbacks.Teams, Team{Name: "back-office", Agents: 1})
	callbacks.Channels[0].Callback = &CallbackOffer{After: 0.05, Accept: 0.6, Channel: 1}
	callbacks.Channels = append(callbacks.Channels, Channel{Name: "email", Team: 1, Interarrival: must(NewExponential(0.5)),
		HandleTime: must(NewExponential(0.3)), QueueCapacity: Unlimited, ServiceTarget: 24, Deferred: true})
	// Nobody on duty, a contact every hour from 1 to 10: all still wait at
	// the horizon, 10.5, aged 9.5, 8.5 ... 0.5.
	nobody := func(capacity int) *Model {
		return &Model{
			Name: "nobody", Horizon: 10.5, DailyAges: true,
			Teams: []Team{{Name: "none", OnDuty: unstaffed(11)}},
			Channels: []Channel{{Name: "email", Interarrival: must(NewDeterministic(1)), HandleTime: must(NewDeterministic(0.2)),
				QueueCapacity: capacity, Deferred: true}},
		}
	}
	tests := []struct {
		name  string
		model *Model
		check func(t *testing.T, res *RepResult)
	}{
		{"queue served after the horizon", mmc(9, 0.2, Unlimited), func(t *testing.T, res *RepResult) {
			// Nobody abandons and the queue at the horizon is served: the
			// ages are the waits.
			c := &res.Channels[0]
			if c.Age.Count() != c.Wait.Count() || c.Age.Sum() != c.Wait.Sum() {
				t.Errorf("ages %d summing %v, waits %d summing %v", c.Age.Count(), c.Age.Sum(), c.Wait.Count(), c.Wait.Sum())
			}
		}},
		{"full queue rejects", mmc(15, 0.2, 3), func(t *testing.T, res *RepResult) {
			if c := &res.Channels[0]; c.Rejected == 0 {
				t.Errorf("no contact rejected by a queue of 3 at 15 an hour for 10 an hour of service")
			}
		}},
		{"warm-up", withWarmup, nil},
		{"abandonment", impatient, func(t *testing.T, res *RepResult) {
			c := &res.Channels[0]
			if c.Abandoned == 0 || c.Age.Count() != c.Wait.Count()+c.WaitAbandoned.Count() {
				t.Errorf("%d abandoned; %d ages, %d waits, %d times to abandon", c.Abandoned, c.Age.Count(), c.Wait.Count(), c.WaitAbandoned.Count())
			}
		}},
		{"callbacks", callbacks, func(t *testing.T, res *RepResult) {
			if c := &res.Channels[0]; c.CallbacksAccepted == 0 {
				t.Errorf("no callback accepted")
			}
		}},
		{"nobody on duty", nobody(Unlimited), func(t *testing.T, res *RepResult) {
			c := &res.Channels[0]
			if c.Age.Count() != 10 || c.Age.Sum() != 50 || c.Age.Min() != 0.5 || c.Age.Max() != 9.5 {
				t.Errorf("ages: %d summing %v from %v to %v, want 10 summing 50 from 0.5 to 9.5", c.Age.Count(), c.Age.Sum(), c.Age.Min(), c.Age.Max())
			}
			// Schedules make the run hourly, so it has days to split by.
			if len(c.Daily) != 1 || c.Daily[0].Ages == nil || c.Daily[0].Ages.Count() != 10 {
				t.Errorf("daily ages of a one-day run: %+v", c.Daily)
			}
		}},
		{"nobody on duty, full queue", nobody(3), func(t *testing.T, res *RepResult) {
			// The first three wait to the end; the others are rejected.
			c := &res.Channels[0]
			if c.Age.Count() != 3 || c.Age.Sum() != 9.5+8.5+7.5 || c.Rejected != 7 {
				t.Errorf("%d ages summing %v, %d rejected; want 3 summing 25.5, 7 rejected", c.Age.Count(), c.Age.Sum(), c.Rejected)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Run(context.Background(), tt.model, 1, 0)
			if err != nil {
				t.Fatal(err)
			}
			for i := range res.Channels {
				c := &res.Channels[i]
				if c.Offered == 0 || c.Age.Count() != c.Offered-c.Rejected || c.Age.Histogram().Invalid() != 0 {
					t.Errorf("%s: %d ages (%d invalid), offered %d, rejected %d", c.Name, c.Age.Count(), c.Age.Histogram().Invalid(), c.Offered, c.Rejected)
				}
			}
			if tt.check != nil {
				tt.check(t, res)
			}
		})
	}
}

// TestUnstaffedChannelAgesAreHalfTheWindow: with nobody on duty, every
// contact is still waiting at the horizon, aged horizon - arrival. Poisson
// arrivals in the measured window are uniform over it, so the ages are
// uniform on (0, 80] here: median 40, 90th percentile 72. With about 2,400
// samples the sample median's standard deviation is 80·√(0.25/2400) ≈ 0.8h
// and the 90th percentile's 80·√(0.09/2400) ≈ 0.5h; the tolerances are
// about four of them.
func TestUnstaffedChannelAgesAreHalfTheWindow(t *testing.T) {
	must := mustDist(t)
	m := &Model{
		Name: "unstaffed", Horizon: 100, Warmup: 20,
		Teams: []Team{{Name: "none", OnDuty: unstaffed(100)}},
		Channels: []Channel{{Name: "email", Interarrival: must(NewExponential(1.0 / 30)), HandleTime: must(NewExponential(0.2)),
			QueueCapacity: Unlimited, ServiceTarget: 24, Deferred: true}},
	}
	res, err := Run(context.Background(), m, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := &res.Channels[0]
	metrics := map[string]float64{}
	for _, x := range res.Metrics() {
		metrics[x.Name] = x.Value
	}
	if c.Answered != 0 || c.Age.Count() != c.Offered || !(c.Age.Max() <= 80) {
		t.Fatalf("answered %d, %d ages of %d offered, oldest %v", c.Answered, c.Age.Count(), c.Offered, c.Age.Max())
	}
	for _, tt := range []struct {
		metric    string
		want, tol float64
	}{
		{"email.backlog_age.p50", 40, 3},
		{"email.backlog_age.p90", 72, 2},
	} {
		if got := metrics[tt.metric]; !(math.Abs(got-tt.want) <= tt.tol) {
			t.Errorf("%s = %v, want %v ± %v", tt.metric, got, tt.want, tt.tol)
		}
	}
	if !math.IsNaN(metrics["email.wait.p90"]) {
		t.Errorf("wait.p90 = %v with nothing answered, want NaN: the backlog age is the one that sees the unanswered", metrics["email.wait.p90"])
	}
}

// TestDailyAgesAddUpToTheSeason checks a season's per-day ages and hourly
// offers against its totals, with and without callbacks.
func TestDailyAgesAddUpToTheSeason(t *testing.T) {
	plain := smallSeason(t)
	callbacks := smallSeason(t)
	callbacks.Teams[0].Agents = 1
	callbacks.Channels[0].Callback = &CallbackOffer{After: 0.05, Accept: 0.5, Channel: 1}
	// Nobody answers emails in the last three days: a backlog at the end.
	backlog := smallSeason(t)
	backlog.Teams[1].OnDuty = make([]int, backlog.hours())
	for h := range backlog.hours() - 72 {
		backlog.Teams[1].OnDuty[h] = 1
	}
	for _, tt := range []struct {
		name  string
		model *Model
	}{
		{"plain", plain},
		{"callbacks", callbacks},
		{"backlog at the end", backlog},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.model.DailyAges = true
			res := runSeason(t, tt.model, 0)
			s := res.Season
			hours := tt.model.hours()
			if len(s.OfferedByHour) != len(res.Channels) {
				t.Fatalf("offers by hour for %d channels, want %d", len(s.OfferedByHour), len(res.Channels))
			}
			var left int64 // contacts whose age is their age at the end
			for i := range res.Channels {
				c := &res.Channels[i]
				if c.Age.Count() != c.Offered-c.Rejected {
					t.Errorf("%s: %d ages, offered %d, rejected %d", c.Name, c.Age.Count(), c.Offered, c.Rejected)
				}
				left += c.Age.Count() - c.Wait.Count() - c.WaitAbandoned.Count() - c.CallbacksAccepted
				var all stats.Histogram
				for d := range c.Daily {
					if c.Daily[d].Ages == nil {
						t.Fatalf("%s: day %d has no ages", c.Name, d)
					}
					all.Merge(c.Daily[d].Ages)
				}
				if all != *c.Age.Histogram() {
					t.Errorf("%s: the days' ages (%d) are not the season's (%d)", c.Name, all.Count(), c.Age.Count())
				}
				byHour := s.OfferedByHour[i]
				if len(byHour) != hours {
					t.Fatalf("%s: %d hours of offers, want %d", c.Name, len(byHour), hours)
				}
				for d := range c.Daily {
					if got := stats.Sum(byHour[24*d : min(24*d+24, hours)]); got != float64(c.Daily[d].Offered) {
						t.Errorf("%s day %d: %v offered by hour, %d by day", c.Name, d, got, c.Daily[d].Offered)
					}
				}
			}
			if left != s.StillQueued || (tt.model == backlog && left == 0) {
				t.Errorf("%d ages taken at the end, %d contacts still queued", left, s.StillQueued)
			}
			if tt.name == "callbacks" && res.Channels[0].CallbacksAccepted == 0 {
				t.Error("no callback accepted")
			}
		})
	}
}

// TestBacklogAgesLeaveTheRunAsItWas: recording ages draws no random number
// and changes no decision, so the daily histograms change nothing else, and
// the same seed gives the same ages.
func TestBacklogAgesLeaveTheRunAsItWas(t *testing.T) {
	run := func(dailyAges bool) *RepResult {
		m := smallSeason(t)
		m.DailyAges = dailyAges
		return runSeason(t, m, 1)
	}
	off, on, again := run(false), run(true), run(true)
	// Compared as text: NaN metrics are unequal to themselves.
	text := func(r *RepResult) string { return fmt.Sprint(r.Metrics(), r.Series(), r.Events) }
	if text(off) != text(on) || text(on) != text(again) {
		t.Fatal("the daily ages, or a second run, changed the metrics or series")
	}
	if off.Channels[0].Daily[0].Ages != nil {
		t.Error("daily ages recorded without Model.DailyAges")
	}
	for i := range on.Channels {
		a, b := &on.Channels[i], &again.Channels[i]
		if *a.Age.Histogram() != *b.Age.Histogram() || !slices.Equal(on.Season.OfferedByHour[i], again.Season.OfferedByHour[i]) ||
			!slices.Equal(off.Season.OfferedByHour[i], on.Season.OfferedByHour[i]) {
			t.Errorf("%s: ages or offers by hour differ between runs of one seed", a.Name)
		}
		for d := range a.Daily {
			if *a.Daily[d].Ages != *b.Daily[d].Ages {
				t.Errorf("%s day %d: daily ages differ between runs of one seed", a.Name, d)
			}
		}
	}
}
