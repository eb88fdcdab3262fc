package scenarios_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// tinyHiring gives tiny's agents a hiring section with the overtime
// mapping given, on the line after their cost per hour; it returns the
// file and that line's number.
func tinyHiring(t *testing.T, overtime string) (string, int) {
	t.Helper()
	const at = "    cost_per_hour: 20\n"
	i := strings.Index(tiny, at)
	if i < 0 {
		t.Fatal("tiny's agents have no cost per hour")
	}
	line := strings.Count(tiny[:i+len(at)], "\n") + 1
	hiring := "    hiring: {first_start: 2026-12-07, last_start: 2026-12-14, training: 1w, overtime: " + overtime + "}\n"
	return tiny[:i+len(at)] + hiring + tiny[i+len(at):], line
}

func TestOvertimeIsRead(t *testing.T) {
	in, _ := tinyHiring(t, "{hours_per_week: 6, premium: 1.5}")
	s, err := scenarios.Parse("tiny.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if o := s.Teams[0].Hiring.Overtime; o == nil || o.HoursPerWeek != 6 || o.Premium != 1.5 {
		t.Errorf("overtime %+v, want 6 hours a week at 1.5", o)
	}
}

func TestBadOvertimeIsReportedWithKey(t *testing.T) {
	tests := []struct {
		name, overtime, key, want string
	}{
		{"no hours", "{premium: 1.5}", "hours_per_week", "required: the most extra hours an agent may work in a week, e.g. 6"},
		{"zero hours", "{hours_per_week: 0, premium: 1.5}", "hours_per_week", "must be above 0; leave overtime out for a plan without it"},
		{"negative hours", "{hours_per_week: -2, premium: 1.5}", "hours_per_week", "must be a number of hours above 0 and at most 24, the most extra hours an agent may work in a week, e.g. 6, got -2"},
		{"too many hours", "{hours_per_week: 30, premium: 1.5}", "hours_per_week", "must be a number of hours above 0 and at most 24, the most extra hours an agent may work in a week, e.g. 6, got 30"},
		{"hours with a unit", "{hours_per_week: 6h, premium: 1.5}", "hours_per_week", `must be a plain number of hours (the key gives the unit), e.g. hours_per_week: 6; got "6h"`},
		{"no premium", "{hours_per_week: 6}", "premium", "required: an overtime hour's pay as a multiple of cost_per_hour, e.g. 1.5 for time and a half"},
		{"premium below 1", "{hours_per_week: 6, premium: 0.8}", "premium", "must be a multiple of cost_per_hour from 1 to 10, an overtime hour's pay, e.g. 1.5 for time and a half, got 0.8"},
		{"premium as text", "{hours_per_week: 6, premium: double}", "premium", `must be a multiple of cost_per_hour from 1 to 10, an overtime hour's pay, e.g. 1.5 for time and a half, got "double"`},
		{"misspelt key", "{hours_per_week: 6, premium: 1.5, hours: 2}", "hours", "unknown key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, line := tinyHiring(t, tt.overtime)
			_, err := scenarios.Parse("bad.yaml", []byte(in))
			if err == nil {
				t.Fatal("Parse accepted it")
			}
			want := "bad.yaml:" + strconv.Itoa(line) + ": teams[0].hiring.overtime." + tt.key + ": " + tt.want
			if msg := err.Error(); !strings.HasPrefix(msg, want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.ReplaceAll(msg, "\n", "\n\t"), want)
			}
			checkNoGoPhrases(t, err.Error(), in)
		})
	}
}

// TestSetStaffingPutsExtraHoursOnDuty: a team's planned overtime is on
// duty on top of its shrunk headcount, not in its paid agents, and the
// compiled team pays it at the hiring section's premium.
func TestSetStaffingPutsExtraHoursOnDuty(t *testing.T) {
	in, _ := tinyHiring(t, "{hours_per_week: 6, premium: 1.5}")
	s, err := scenarios.Parse("tiny.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	c := &s.Season.Calendar
	team := s.Teams[0]
	plain, paid, _ := team.Staffing(c)
	const hour = 10 // Monday 21 December, 10:00: 10 paid, shrinkage 0.25
	team.Extra = make([]int, len(plain))
	team.Extra[hour] = 3
	var mt sim.Team
	team.SetStaffing(c, &mt)
	if mt.OnDuty[hour] != plain[hour]+3 || mt.Paid[hour] != paid[hour] || mt.Extra[hour] != 3 || mt.ExtraPremium != 1.5 {
		t.Errorf("on duty %d (without overtime %d), paid %d (%d), extra %d at %v; want the 3 extra on duty, not paid, at 1.5",
			mt.OnDuty[hour], plain[hour], mt.Paid[hour], paid[hour], mt.Extra[hour], mt.ExtraPremium)
	}
	if mt.OnDuty[hour+1] != plain[hour+1] {
		t.Errorf("hour %d: %d on duty, want %d: only hour %d has overtime", hour+1, mt.OnDuty[hour+1], plain[hour+1], hour)
	}
}
