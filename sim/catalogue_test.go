package sim

import "testing"

// TestEverySeasonMetricHasItsSide: the catalogue knows every metric a
// season reports, and gives the figures the report judges the side the
// world does.
func TestEverySeasonMetricHasItsSide(t *testing.T) {
	for _, d := range SeasonMetricDefs() {
		if _, ok := seasonSide(d.Key); !ok {
			t.Errorf("%s: not in the catalogue", d.Key)
		}
	}
	for name, want := range map[string]Side{
		"cases.resolution.p90": LessIsBetter, "cases.resolved_by_deadline": MoreIsBetter, "effort.index.total": LessIsBetter,
		"backlog.work.max": LessIsBetter, "backlog.open_cases.max": Neither, "costs.failure": LessIsBetter,
		"parcels.reships": Neither, "contacts.total": LessIsBetter,
		"phone.service_level": MoreIsBetter, "phone.abandon_rate": LessIsBetter, "email.wait.mean": LessIsBetter,
		"email.backlog_age.p90": LessIsBetter, "phone.offered": Neither, "phone.occupancy": Neither,
		"teams.claims.cost": LessIsBetter, "teams.claims.occupancy": Neither,
		// A channel whose name is a season metric's first part is still
		// a channel.
		"cases.service_level": MoreIsBetter,
	} {
		if got := SideOf(name); got != want {
			t.Errorf("SideOf(%q) = %d, want %d", name, got, want)
		}
	}
	if got, want := TeamMetricName("claims", "cost"), "teams.claims.cost"; got != want {
		t.Errorf("TeamMetricName = %q, want %q", got, want)
	}
}
