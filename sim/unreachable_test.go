package sim

import (
	"strings"
	"testing"
)

// unreachableWorld is smallSeason in which a share of the late parcels'
// drivers cannot reach the customer and leave the parcel somewhere: the
// case becomes a lost parcel's, which claims resolves.
func unreachableWorld(t *testing.T, share float64) func(rep int) *RepResult {
	return func(rep int) *RepResult {
		m := smallSeason(t)
		m.Season.Exceptions[1].Unreachable, m.Season.Exceptions[1].UnreachableAs = share, 0
		return runSeason(t, m, rep)
	}
}

// TestUnreachableDriversMakeClaims is a direction test: when drivers who
// change plans cannot reach the customer, late parcels that would have
// come become claims of parcels never received: more contacts and more
// days open per case, and more work for the claims team.
func TestUnreachableDriversMakeClaims(t *testing.T) {
	reached := replications(6, unreachableWorld(t, 0))
	unreached := replications(6, unreachableWorld(t, 0.5))
	expectRise(t, "half the drivers unable to reach the customer minus all able", reached, unreached, map[string]func(*RepResult) float64{
		"contacts per case":          func(r *RepResult) float64 { return r.Season.Contacts.Mean() },
		"days open":                  daysOpen,
		"claims team's busy hours":   func(r *RepResult) float64 { return r.Teams[2].BusyHours },
		"parcels not delivered late": func(r *RepResult) float64 { return -float64(r.Season.Outcomes[DeliveredLate]) },
	})
	if n := unreached[0].Season.Unreachable; n == 0 || reached[0].Season.Unreachable != 0 {
		t.Errorf("parcels left somewhere: %d, %d with every driver reaching the customer", n, reached[0].Season.Unreachable)
	}
}

func TestUnreachableNeedsALateParcelAndAClaim(t *testing.T) {
	cases := []struct {
		name   string
		change func(m *Model)
		want   string
	}{
		{"on a lost parcel", func(m *Model) { m.Season.Exceptions[0].Unreachable, m.Season.Exceptions[0].UnreachableAs = 0.5, 0 },
			"need a late exception the company does not work on"},
		{"becoming a late parcel", func(m *Model) { m.Season.Exceptions[1].Unreachable, m.Season.Exceptions[1].UnreachableAs = 0.5, 1 },
			"need a lost or misdelivered exception to become, got index 1"},
		{"more than all", func(m *Model) { m.Season.Exceptions[1].Unreachable = 1.5 }, "must be in [0, 1]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := smallSeason(t)
			c.change(m)
			if err := m.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error with %q", err, c.want)
			}
		})
	}
}
