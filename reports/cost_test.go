package reports

import (
	"testing"

	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/stats"
)

// TestCostsAreBetterLower checks that the report marks a fall in the cost
// of failure, the agent cost and the customers lost as better, and a rise
// as worse; and that the parts of those figures are shown without a
// verdict, so that the count of better and worse figures weighs each
// effect once.
func TestCostsAreBetterLower(t *testing.T) {
	lower := comparison{Summary: stats.Summary{Mean: -5, Lo95: -8, Hi95: -2}}
	higher := comparison{Summary: stats.Summary{Mean: 5, Lo95: 2, Hi95: 8}}
	for metric, want := range map[string][2]string{
		"customers.lost": {"better", "worse"}, "costs.failure": {"better", "worse"}, "agents.cost": {"better", "worse"},
		"costs.compensation": {"lower", "higher"}, "costs.customers_lost": {"lower", "higher"},
		"agents.paid_hours": {"lower", "higher"}, "outcomes.refunded": {"lower", "higher"},
	} {
		found := false
		for _, f := range seasonFigures {
			if f.metric != metric {
				continue
			}
			found = true
			if lower.verdict(f, "") != want[0] || higher.verdict(f, "") != want[1] {
				t.Errorf("%s: a fall is %q, a rise %q; want %s and %s", metric, lower.verdict(f, ""), higher.verdict(f, ""), want[0], want[1])
			}
		}
		if !found {
			t.Errorf("%s is not a key figure of a season", metric)
		}
	}
}

// TestJudgedKeyFiguresHaveASide: every key figure the report judges has a
// side in the metric catalogue, so none is counted in the verdict as
// neither better nor worse by mistake.
func TestJudgedKeyFiguresHaveASide(t *testing.T) {
	for _, f := range seasonFigures {
		if f.judged && f.side() == sim.Neither {
			t.Errorf("%s is judged but the catalogue gives it no side", f.metric)
		}
	}
}
