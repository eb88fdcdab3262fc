package sim

import (
	"math"
	"strings"
	"testing"
)

// withExtra gives the small season's claims team two agents from 08:00 to
// 18:00 and one more, on planned overtime, from 18:00 to 20:00 on every
// day, paid at premium times its cost per hour.
func withExtra(t *testing.T, premium float64) *Model {
	t.Helper()
	m := smallSeason(t)
	claims := &m.Teams[2]
	claims.OnDuty, claims.Paid, claims.Extra = make([]int, m.hours()), make([]int, m.hours()), make([]int, m.hours())
	claims.ExtraPremium = premium
	for h := range claims.OnDuty {
		switch hod := h % 24; {
		case hod >= 8 && hod < 18:
			claims.OnDuty[h], claims.Paid[h] = 2, 2
		case hod >= 18 && hod < 20:
			claims.OnDuty[h], claims.Extra[h] = 1, 1
		}
	}
	return m
}

// TestExtraHoursArePaidAtThePremium: planned overtime is on duty, in the
// paid hours, and costs the premium; the overtime of agents finishing a
// task after going off duty stays apart, at the plain rate.
func TestExtraHoursArePaidAtThePremium(t *testing.T) {
	m := withExtra(t, 1.5)
	claims := &m.Teams[2]
	paid, extra := 0, 0
	for h := range claims.Paid {
		paid, extra = paid+claims.Paid[h], extra+claims.Extra[h]
	}
	team := runSeason(t, m, 0).Teams[2]
	if team.ExtraHours != float64(extra) {
		t.Errorf("extra hours %v, want the %d planned", team.ExtraHours, extra)
	}
	if want := float64(paid+extra) + team.OvertimeHours; math.Abs(team.PaidHours-want) > 1e-9 {
		t.Errorf("paid hours %v, want %v: the roster, the extra hours and the overtime", team.PaidHours, want)
	}
	if want := (float64(paid)+team.OvertimeHours)*claims.CostPerHour + float64(extra)*claims.CostPerHour*1.5; math.Abs(team.Cost-want) > 1e-6 {
		t.Errorf("cost %v, want %v: the extra hours at 1.5 times the cost per hour", team.Cost, want)
	}
	if want := float64(paid + extra); math.Abs(team.OnDutyHours-want) > 1e-6 {
		t.Errorf("on duty %v agent-hours, want the roster's and the extra hours, %v", team.OnDutyHours, want)
	}
}

func TestValidateExtraHours(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Model)
		want   string
	}{
		{"premium below 1", func(m *Model) { m.Teams[2].ExtraPremium = 0.9 }, "team 2 (claims): planned overtime's premium must be a finite number ≥ 1, got 0.9"},
		{"too short", func(m *Model) { m.Teams[2].Extra = m.Teams[2].Extra[:10] }, "team 2 (claims): planned overtime needs an on-duty schedule and must cover the horizon's 720 hours, got 10"},
		{"more than on duty", func(m *Model) { m.Teams[2].Extra[9] = 3 }, "team 2 (claims): 3 agents on planned overtime in hour 9, more than the 2 on duty"},
		{"negative", func(m *Model) { m.Teams[2].Extra[9] = -1 }, "team 2 (claims): negative planned overtime in hour 9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := withExtra(t, 1.5)
			tt.change(m)
			if err := m.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
	if err := withExtra(t, 1.5).Validate(); err != nil {
		t.Fatalf("valid planned overtime: %v", err)
	}
}
