package reports

import (
	"testing"

	"github.com/peaksim/peaksim/sim/stats"
)

// TestCostsAreBetterLower checks that the report marks a fall in the cost
// of failure, its parts in the table and the customers lost as better,
// and a rise as worse.
func TestCostsAreBetterLower(t *testing.T) {
	lower := comparison{Summary: stats.Summary{Mean: -5, Lo95: -8, Hi95: -2}}
	higher := comparison{Summary: stats.Summary{Mean: 5, Lo95: 2, Hi95: 8}}
	for _, metric := range []string{"customers.lost", "costs.compensation", "costs.customers_lost", "costs.failure"} {
		found := false
		for _, f := range seasonFigures {
			if f.metric != metric {
				continue
			}
			found = true
			if lower.verdict(f) != "better" || higher.verdict(f) != "worse" {
				t.Errorf("%s: a fall is %q, a rise %q; want better and worse", metric, lower.verdict(f), higher.verdict(f))
			}
		}
		if !found {
			t.Errorf("%s is not a key figure of a season", metric)
		}
	}
}
