package runner

import (
	"context"
	"math"
	"strings"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/scenarios"
)

// Precision asks for replications until the 95% interval of every named
// metric of every scenario is within Target of its mean (a relative
// half-width: 0.02 for 2%), or MaxReplications is reached.
type Precision struct {
	Metrics         []string
	Target          float64
	MaxReplications int
	// Round, when set, hears after each round how many replications every
	// scenario has, and the widest relative half-width and where it is.
	Round func(replications int, widest float64, at string)
}

// ToPrecision runs every scenario with as many replications as its file
// says, then adds replications, the same number to every scenario so that
// variants stay paired, doubling each round, until p is met. The
// replications run are those a fixed count would run, folded on into the
// same results, so the result is the same as a run with the final count;
// it sets each scenario's Replications to that count. It returns the grid
// of the last round and what finished, as Execute does.
func ToPrecision(ctx context.Context, scs []*scenarios.Scenario, version string, p Precision, opt Options) (g *Grid, d *Done, err error) {
	n := 0
	for _, sc := range scs {
		n = max(n, sc.Replications)
	}
	n = max(min(n, p.MaxReplications), 2)
	for {
		for _, sc := range scs {
			sc.Replications = n
		}
		g = New(scs, version)
		if d == nil {
			d = g.newDone(opt)
			defer func() {
				if cerr := d.spool.Close(); cerr != nil && err == nil {
					err = cerr
				}
			}()
		} else {
			d.grow(g)
		}
		var cells []int
		for c := range g.total {
			if j, i := g.Cell(c); i >= d.folds[j].Replications() {
				cells = append(cells, c)
			}
		}
		if err := g.execute(ctx, cells, opt, d); err != nil {
			return g, d, err
		}
		worst, at := WidestInterval(g.Results(d), p.Metrics)
		if p.Round != nil {
			p.Round(n, worst, at)
		}
		if worst <= p.Target || n >= p.MaxReplications {
			return g, d, nil
		}
		n = min(2*n, p.MaxReplications)
	}
}

// WidestInterval returns the largest relative 95% half-width among the
// named metrics of every scenario, and where it is ("christmas as-is
// cases.resolution.mean"). An undefined mean counts as infinitely wide.
func WidestInterval(res *reports.Results, metrics []string) (float64, string) {
	worst, at := 0.0, ""
	for _, sc := range res.Scenarios {
		for _, name := range metrics {
			m := sc.Metric(name)
			if m == nil {
				continue
			}
			mean, half := float64(m.Mean), (float64(m.CI95[1])-float64(m.CI95[0]))/2
			rel := half / math.Abs(mean)
			switch {
			case half == 0:
				rel = 0
			case math.IsNaN(rel):
				rel = math.Inf(1)
			}
			if rel > worst {
				worst, at = rel, sc.Name+" "+sc.Variant+" "+name
			}
		}
	}
	return worst, strings.TrimSpace(strings.ReplaceAll(at, "  ", " "))
}
