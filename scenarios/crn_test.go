package scenarios_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/stats"
)

// crnReps is the number of replications the variance-reduction ratios
// are measured on, as issue 19 states them. A ratio of variances from 20
// pairs is itself noisy (the median ratio of more-claims-staff came out
// 3.3 and 2.2 from two sets of random numbers, and 2.5 from 60 pairs), so
// the christmas staffing comparisons, whose thresholds sit within that
// noise of the true ratio, are measured on crnStableReps.
const (
	crnReps       = 20
	crnStableReps = 60
)

// crnHeadline are the headline figures of a season the ratios are taken
// over: what the report's sentences speak of.
var crnHeadline = []string{
	"cases.opened", "cases.resolution.mean", "cases.resolution.p90", "cases.resolved_by_deadline",
	"effort.index.mean", "failure_demand_share", "contacts.total", "customers.lost",
	"backlog.work.mean", "backlog.work.max", "costs.failure", "phone.service_level",
}

// crnKeyFigures are the figures whose paired intervals must be no wider
// than their unpaired ones: the headline figures, the report's other key
// figures of a season, and customers at risk, whose paired interval issue
// 19 saw wider than the unpaired one.
var crnKeyFigures = append(slices.Clone(crnHeadline),
	"effort.contacts.mean", "effort.index.total", "repeat_contact_share", "agents.cost",
	"outcomes.unresolved", "cases.open_at_end", "customers.at_risk")

// pairing is what common random numbers did for one figure of two
// variants: the variance-reduction ratio (s_A² + s_B²) / s_d², the most
// any pairing could give with these spreads ((1 + r²) / (1 − r)², r =
// s_B / s_A, at correlation 1), the correlation of the variants' values,
// and whether the paired interval came out wider than the unpaired
// (Welch) one by more than chance.
type pairing struct {
	vrr, bound, corr, sdA, sdB float64
	wider                      bool
}

// comparePaired runs a and b for reps replications on common random
// numbers (two at a time, each replication's figures kept by index) and
// returns the pairing of each of the named figures.
func comparePaired(t *testing.T, a, b *scenarios.Scenario, reps int, names []string) map[string]pairing {
	t.Helper()
	ms := [2]*sim.Model{a.Model(), b.Model()}
	out := [2][][]sim.Metric{make([][]sim.Metric, reps), make([][]sim.Metric, reps)}
	var g errgroup.Group
	g.SetLimit(2)
	for v, sc := range []*scenarios.Scenario{a, b} {
		for rep := range reps {
			g.Go(func() error {
				r, err := sim.Run(context.Background(), ms[v], sc.Seed, rep)
				if err == nil {
					out[v][rep] = r.Metrics()
				}
				return err
			})
		}
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	value := func(ms []sim.Metric, name string) float64 {
		i := slices.IndexFunc(ms, func(m sim.Metric) bool { return m.Name == name })
		if i < 0 {
			t.Fatalf("no metric %s", name)
		}
		return ms[i].Value
	}
	res := map[string]pairing{}
	for _, name := range names {
		xa, xb, d := make([]float64, reps), make([]float64, reps), make([]float64, reps)
		for i := range reps {
			xa[i], xb[i] = value(out[0][i], name), value(out[1][i], name)
			d[i] = xb[i] - xa[i]
		}
		sa, sb, sd := stats.Summarize(xa), stats.Summarize(xb), stats.Summarize(d)
		va, vb, vd := sa.StdDev*sa.StdDev, sb.StdDev*sb.StdDev, sd.StdDev*sd.StdDev
		w := stats.SummarizeWelch(xa, xb)
		// Variants whose figures are unrelated (the peak work backlog of
		// one comes with the claims backlog in mid-December, the other's
		// with the warehouse's late orders on 5 December) are paired at a
		// correlation near 0, and their paired interval is then as wide
		// as the unpaired one, give or take the noise of the estimated
		// correlation: 1/√(reps−1) at 0, which widens s_d by k/2 of it,
		// k = 2 s_A s_B / (s_A² + s_B²). Wider than that, at 95%, is a
		// correlation below 0: pairing that harms. (With one variant's
		// figure the same in every replication, k is 0 and the two
		// intervals are equal but for rounding.)
		k := 2 * sa.StdDev * sb.StdDev / (va + vb)
		res[name] = pairing{
			vrr:   (va + vb) / vd,
			bound: (va + vb) / ((sa.StdDev - sb.StdDev) * (sa.StdDev - sb.StdDev)),
			corr:  (va + vb - vd) / (2 * sa.StdDev * sb.StdDev),
			sdA:   sa.StdDev,
			sdB:   sb.StdDev,
			wider: sd.Hi95-sd.Lo95 > (w.Hi95-w.Lo95)*(1+1e-9+k/math.Sqrt(float64(reps-1))),
		}
	}
	return res
}

// medianVRR is the median variance-reduction ratio over the figures that
// vary at all.
func medianVRR(m map[string]pairing) float64 {
	return medianOf(m, func(p pairing) float64 { return p.vrr })
}

// medianOf is the median of one value of the pairings, over those where
// it is a number.
func medianOf(m map[string]pairing, value func(pairing) float64) float64 {
	var vs []float64
	for _, p := range m {
		if v := value(p); !math.IsNaN(v) {
			vs = append(vs, v)
		}
	}
	sort.Float64s(vs)
	if len(vs) == 0 {
		return math.NaN()
	}
	return vs[len(vs)/2]
}

// pick returns the pairings of those of the named figures m has.
func pick(m map[string]pairing, names []string) map[string]pairing {
	out := map[string]pairing{}
	for _, name := range names {
		if p, ok := m[name]; ok {
			out[name] = p
		}
	}
	return out
}

func describePairing(names []string, m map[string]pairing) string {
	var parts []string
	for _, name := range names {
		p, ok := m[name]
		if !ok {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %.3g (ρ %.2f, s_B/s_A %.2f)", name, p.vrr, p.corr, p.sdB/p.sdA))
	}
	return strings.Join(parts, ", ")
}

// wantPairing logs the pairing p of the key figures and wants the median
// variance-reduction ratio of the headline figures to be at least median,
// with no key figure's paired interval wider than its unpaired one.
func wantPairing(t *testing.T, p map[string]pairing, median float64) {
	t.Helper()
	m := medianVRR(pick(p, crnHeadline))
	t.Logf("median VRR %.3g (at most %.3g at correlation 1): %s", m, medianOf(pick(p, crnHeadline), func(p pairing) float64 { return p.bound }), describePairing(crnKeyFigures, p))
	if m < median {
		t.Errorf("median VRR %.3g, want at least %v", m, median)
	}
	if wider := widerPaired(crnKeyFigures, p); len(wider) > 0 {
		t.Errorf("paired intervals wider than the unpaired ones: %v", wider)
	}
}

// wantVRR wants the variance-reduction ratio of figure name in p to be at
// least min.
func wantVRR(t *testing.T, p map[string]pairing, name string, min float64) {
	t.Helper()
	if v := p[name].vrr; v < min {
		t.Errorf("%s: VRR %.3g, want at least %v", name, v, min)
	}
}

func widerPaired(names []string, m map[string]pairing) []string {
	var wider []string
	for _, name := range names {
		if m[name].wider {
			wider = append(wider, name)
		}
	}
	return wider
}

// TestCommonRandomNumbersHold measures how much pairing narrows the
// differences of the default season for staffing and volume changes: a
// staffing variant must see the same customers, contacts and work, a
// volume variant the same customers for the orders both have.
//
// How far pairing can narrow a difference is bounded by how alike the two
// variants' noise is: with ratio r = s_B/s_A of their standard deviations,
// VRR ≤ (1 + r²) / (1 - r)², reached only at correlation 1. 48 claims
// agents instead of 32 end the claims backlog that, with 32, amplifies the
// noise of the claims workload into every figure about waiting (r about
// 0.1-0.4 for resolution times, effort and backlog, since its customers
// chase their queued messages too), so the median ratio over the headline
// figures is about 1.9 (about 3.5 even at correlation 1) whatever the
// random numbers: the test asks 1.5, where streams drawn apart give 1.
// The variant one agent away shows what the pairing itself achieves. A
// volume change is measured with the warehouse scaled with it, and without:
// half as many orders again through the same warehouse leave two thirds of
// them late, and the cases of a collapsed warehouse vary eight times as
// much as the baseline's (r 7.7, VRR ≤ 1.3).
func TestCommonRandomNumbersHold(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("runs the default season 120 times; skipped with -short and -race")
	}
	variant := variantsOf(t, scenarios.Default)
	asIs := variant("as-is")
	derive := func(name string, settings ...scenarios.Setting) *scenarios.Scenario {
		sc, err := scenarios.Derive(asIs, name, settings)
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	t.Run("proactive-notices", func(t *testing.T) {
		p := comparePaired(t, asIs, variant("proactive-notices"), crnReps, crnKeyFigures)
		wantPairing(t, p, 20)
	})
	t.Run("more-claims-staff", func(t *testing.T) {
		p := comparePaired(t, asIs, variant("more-claims-staff"), crnStableReps, crnKeyFigures)
		wantPairing(t, p, 1.5)
		wantVRR(t, p, "cases.opened", 100) // the same parcels go wrong
	})
	t.Run("one-more-claims-agent", func(t *testing.T) {
		p := comparePaired(t, asIs, derive("33-claims-agents", scenarios.Setting{Path: "teams.claims.headcount_by_date[0].headcount", Value: "33"}), crnStableReps, crnKeyFigures)
		wantPairing(t, p, 40)
	})
	t.Run("orders-and-warehouse-x1.5", func(t *testing.T) {
		more := derive("more-orders",
			scenarios.Setting{Path: "demand.orders_per_day", Value: "21000"},
			scenarios.Setting{Path: "fulfilment.dispatch_capacity", Value: "39000"},
			scenarios.Setting{Path: "fulfilment.dispatch_capacity_by_date[0].capacity", Value: "51750"},
			scenarios.Setting{Path: "fulfilment.dispatch_capacity_by_date[1].capacity", Value: "57000"})
		p := comparePaired(t, asIs, more, crnReps, crnHeadline)
		t.Logf("median VRR %.3g: %s", medianVRR(p), describePairing(crnHeadline, p))
		wantVRR(t, p, "cases.opened", 5)
	})
	// Through the same warehouse, half as many orders again leave two thirds
	// of them late: the variant's cases vary about eight times as much as
	// the baseline's, which bounds their VRR near 1.3 (see
	// TestCommonRandomNumbersHold's comment), whatever the pairing. What the
	// pairing does is give both variants the same orders.
	t.Run("orders-x1.5-through-the-same-warehouse", func(t *testing.T) {
		names := append(slices.Clone(crnHeadline), "orders.placed")
		p := comparePaired(t, asIs, derive("more-orders", scenarios.Setting{Path: "demand.orders_per_day", Value: "21000"}), crnReps, names)
		t.Logf("median VRR %.3g: %s", medianVRR(pick(p, crnHeadline)), describePairing(names, p))
		wantVRR(t, p, "orders.placed", 20) // the baseline's orders are among the variant's
	})
	// A variant that changes probabilities or shares reads the baseline's
	// uniforms against its own: with each drawn by a race of its weights
	// (sim's race), more late parcels leave every other parcel its fate,
	// where bands of one uniform gave the lost, misdelivered and damaged
	// parcels to others (median VRR 2.1), and contacts moved from phone to
	// email are the only ones that move.
	t.Run("more-late-parcels", func(t *testing.T) {
		p := comparePaired(t, asIs, derive("late-6%", scenarios.Setting{Path: "exceptions.late.probability", Value: "0.06"}), crnReps, crnKeyFigures)
		wantPairing(t, p, 5)
	})
	t.Run("late-parcels-write-more", func(t *testing.T) {
		p := comparePaired(t, asIs, derive("late-write", scenarios.Setting{Path: "exceptions.late.channel_mix", Value: "{phone: 0.4, email: 0.35, social: 0.1, voicemail: 0.15}"}), crnReps, crnKeyFigures)
		wantPairing(t, p, 20)
	})
	// General enquiries are drawn hour by hour, each contact keyed by its
	// channel, hour and rank (sim's drawHour): a quarter more of them keep
	// the baseline's callers and emails, at the same moments with the same
	// handle times, and add others. Streams of gaps, which moved every
	// contact after the first hour, gave a median VRR of 46 and 13 on the
	// phone's contacts offered (before customers chased their queued
	// messages); these streams give 72 and 65.
	t.Run("more-general-enquiries", func(t *testing.T) {
		more := derive("enquiries+25%",
			scenarios.Setting{Path: "channels.phone.arrivals.per_day", Value: "1000"},
			scenarios.Setting{Path: "channels.email.arrivals.per_day", Value: "500"})
		names := append(slices.Clone(crnKeyFigures), "phone.offered", "email.offered")
		p := comparePaired(t, asIs, more, crnReps, names)
		t.Logf("%s", describePairing(names[len(crnKeyFigures):], p))
		wantPairing(t, p, 60)
		wantVRR(t, p, "phone.offered", 40)
	})
	// Twice every exception is a change of regime: the baseline's parcels
	// keep their exceptions, but as many again go wrong with draws of their
	// own, which bound cases opened near (1 + r²) with r about 1.5, and the
	// teams' new backlog gives the waiting figures noise the baseline does
	// not have (the baseline's p90 resolution time is the same in every replication).
	t.Run("every-exception-x2", func(t *testing.T) {
		var doubled []scenarios.Setting
		for _, e := range asIs.Model().Season.Exceptions {
			doubled = append(doubled, scenarios.Setting{Path: "exceptions." + e.Name + ".probability", Value: fmt.Sprint(2 * e.Probability)})
		}
		p := comparePaired(t, asIs, derive("exceptions-x2", doubled...), crnReps, crnKeyFigures)
		t.Logf("median VRR %.3g: %s", medianVRR(pick(p, crnHeadline)), describePairing(crnKeyFigures, p))
		wantVRR(t, p, "cases.opened", 2)
	})
}

// crnStationary are the figures of the phone queue of a stationary
// contact centre that a staffing change moves.
var crnStationary = []string{
	"phone.service_level", "phone.wait.mean", "phone.wait.p90", "phone.abandon_rate",
	"phone.queue_length.mean", "phone.occupancy", "phone.time_in_system.mean",
}

// pairStationary runs the stationary contact centre against a variant of
// it that makes one change, and wants the phone figures' median
// variance-reduction ratio to be at least want, with no paired interval
// wider than its unpaired one.
func pairStationary(t *testing.T, change scenarios.Setting, want float64) {
	t.Helper()
	if raceEnabled {
		t.Skip("40 weeks of a contact centre; skipped with -race")
	}
	base, err := scenarios.Builtin("contact-centre")
	if err != nil {
		t.Fatal(err)
	}
	changed, err := scenarios.Derive(base, "changed", []scenarios.Setting{change})
	if err != nil {
		t.Fatal(err)
	}
	p := comparePaired(t, base, changed, crnReps, crnStationary)
	t.Logf("median VRR %.3g: %s", medianVRR(p), describePairing(crnStationary, p))
	if m := medianVRR(p); m < want {
		t.Errorf("median VRR %.3g, want at least %v", m, want)
	}
	if wider := widerPaired(crnStationary, p); len(wider) > 0 {
		t.Errorf("paired intervals wider than the unpaired ones: %v", wider)
	}
}

// TestStaffingPairsAStationaryQueue adds one phone agent to the
// stationary contact centre: the callers, their patience and their handle
// times are the same in both runs, so the difference is the agent's alone.
func TestStaffingPairsAStationaryQueue(t *testing.T) {
	pairStationary(t, scenarios.Setting{Path: "teams.phone-agents.headcount", Value: "51"}, 10)
}

// TestDistributionChangePairs changes the family of the phone's handle
// time (lognormal to gamma, the same mean and cv) in the stationary contact
// centre: every draw takes one word, and the same word stands for the same
// normal in both, so each caller keeps their place in the distribution
// (a long call stays long). With math/rand's samplers, whose gamma drew
// normals and uniforms of its own, the median ratio was 2.0 (now 14).
func TestDistributionChangePairs(t *testing.T) {
	pairStationary(t, scenarios.Setting{Path: "channels.phone.handle_time", Value: "{dist: gamma, mean: 6m, cv: 0.8}"}, 5)
}

// variantsOf returns a built-in scenario's variants by name.
func variantsOf(t *testing.T, builtin string) func(name string) *scenarios.Scenario {
	t.Helper()
	base, err := scenarios.Builtin(builtin)
	if err != nil {
		t.Fatal(err)
	}
	return func(name string) *scenarios.Scenario {
		t.Helper()
		i := slices.IndexFunc(base.Variants, func(v *scenarios.Scenario) bool { return v.Variant == name })
		if i < 0 {
			t.Fatalf("%s has no variant %s", builtin, name)
		}
		return base.Variants[i]
	}
}

// TestCommonRandomNumbersPairTheStories measures the pairing of the two
// stories issue 19 measured (4.8 for statutory-declaration's by-email,
// 1.1 for next-day-misdelivery's empowered). By-email changes how a form
// travels: the same lost parcels, claimants and forms, each answered or
// lost on its own draws. Empowered ends the supervisors' queue of its
// rigid baseline, whose noise then dominates every waiting figure of the
// baseline (r 0.00-0.02 for resolution time, effort and the work
// backlog): the median ratio is bounded near 1.4 even at correlation 1,
// so the test asks no median, only that the same parcels go wrong and
// that no paired interval come out wider than the unpaired one.
func TestCommonRandomNumbersPairTheStories(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("runs two stories 80 times; skipped with -short and -race")
	}
	t.Run("statutory-declaration-by-email", func(t *testing.T) {
		variant := variantsOf(t, "statutory-declaration")
		p := comparePaired(t, variant("by-post"), variant("by-email"), crnReps, crnKeyFigures)
		wantPairing(t, p, 3)
		wantVRR(t, p, "cases.opened", 100)
	})
	t.Run("next-day-misdelivery-empowered", func(t *testing.T) {
		variant := variantsOf(t, "next-day-misdelivery")
		names := slices.DeleteFunc(slices.Clone(crnKeyFigures), func(n string) bool { return n == "phone.service_level" }) // it has no phone
		p := comparePaired(t, variant("rigid"), variant("empowered"), crnReps, names)
		wantPairing(t, pick(p, names), 0)
		wantVRR(t, p, "cases.opened", 100)
	})
}
