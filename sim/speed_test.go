package sim

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestHandleTimeIsDividedByTheSpeedOfTheHourItStarts: one agent, a call
// every 2 hours lasting 1 hour, at half speed in hours 0 to 4 and full
// speed after. The calls at 2 and 4 start at half speed and take 2 hours
// (the one at 4 all of them, though it runs into hour 5); those at 6 and
// 8 take 1.
func TestHandleTimeIsDividedByTheSpeedOfTheHourItStarts(t *testing.T) {
	must := mustDist(t)
	byHour := []float64{0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1}
	m := &Model{
		Name: "learning", Horizon: 10,
		Teams: []Team{{Name: "one", Agents: 1, Speed: 0.1, SpeedByHour: byHour}},
		Channels: []Channel{{Name: "phone", Interarrival: must(NewDeterministic(2)), HandleTime: must(NewDeterministic(1)),
			QueueCapacity: Unlimited}},
	}
	res, err := Run(context.Background(), m, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := &res.Channels[0]
	if c.Answered != 4 || c.Wait.Max() != 0 || c.TimeInSystem.Mean() != 1.5 || c.TimeInSystem.Max() != 2 {
		t.Fatalf("%d answered, longest wait %v, time in system mean %v and max %v; want 4, 0, 1.5 and 2",
			c.Answered, c.Wait.Max(), c.TimeInSystem.Mean(), c.TimeInSystem.Max())
	}
	if busy := res.Teams[0].BusyHours; busy != 6 {
		t.Fatalf("busy %v agent-hours, want 2 + 2 + 1 + 1", busy)
	}
}

// TestSpeedByHourAtTheTeamSpeedChangesNothing: a season whose teams have
// their speed in every hour is the same run, to the last bit, as with the
// constant speed.
func TestSpeedByHourAtTheTeamSpeedChangesNothing(t *testing.T) {
	constant, byHour := smallSeason(t), smallSeason(t)
	for i := range constant.Teams {
		speed := 0.7 + 0.1*float64(i)
		constant.Teams[i].Speed = speed
		byHour.Teams[i].SpeedByHour = make([]float64, byHour.hours())
		for h := range byHour.Teams[i].SpeedByHour {
			byHour.Teams[i].SpeedByHour[h] = speed
		}
	}
	a, b := runSeason(t, constant, 1), runSeason(t, byHour, 1)
	if fmt.Sprint(a.Metrics()) != fmt.Sprint(b.Metrics()) {
		t.Fatal("the same speed given by the hour gave different metrics")
	}
}

func TestValidateSpeedByHour(t *testing.T) {
	tests := []struct {
		name   string
		byHour func(hours int) []float64
		want   string
	}{
		{"too short", func(hours int) []float64 { return make([]float64, hours-1) }, "team 2 (claims): speed by hour covers 719 hours, the horizon 720"},
		{"zero", func(hours int) []float64 { return make([]float64, hours) }, "team 2 (claims): speed by hour must be finite and above 0, got 0 in hour 0"},
		{"negative", func(hours int) []float64 { return filled(hours, 5, -1) }, "got -1 in hour 5"},
		{"not a number", func(hours int) []float64 { return filled(hours, 7, math.NaN()) }, "got NaN in hour 7"},
		{"infinite", func(hours int) []float64 { return filled(hours, 9, math.Inf(1)) }, "got +Inf in hour 9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := smallSeason(t)
			m.Teams[2].SpeedByHour = tt.byHour(m.hours())
			err := m.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
	m := smallSeason(t)
	m.Teams[2].SpeedByHour = filled(m.hours(), 0, 0.65)
	if err := m.Validate(); err != nil {
		t.Fatalf("a valid speed by hour: %v", err)
	}
}

// filled returns hours speeds of 1 but for v in hour h.
func filled(hours, h int, v float64) []float64 {
	out := make([]float64, hours)
	for i := range out {
		out[i] = 1
	}
	out[h] = v
	return out
}
