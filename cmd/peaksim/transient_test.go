package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// The time-varying validation cases: testdata/validation/transient holds a
// copy of ../shared/validation/transient (README.md, spec.json, cases.json).
// cases.json gives, for each season of spec.json, the exact transient values
// of its M_t/M/c_t+M queue (the forward Kolmogorov equations solved by
// uniformisation hour by hour, cross-checked there against Runge-Kutta, a
// doubled truncation and the steady state), and beside them the
// stationary-per-hour (SIPP) approximation of the same figures.

// transientReplications is the number of replications of every case. The
// horizon figures are what the replications must pin down: their
// per-replication coefficients of variation are at most 0.25 in all three
// cases (the largest are queue_length_mean's, 0.25 in the morning spike and
// 0.24 in the cosine, then the abandonments' 0.23; measured on 200
// replications), so with (4 × 0.25 / 0.02)² = 2500 replications every
// horizon figure's interval of 4 standard errors is within ±2% of its value.
// A replication takes 0.5 to 2 ms of CPU.
const transientReplications = 2500

// transientAlpha is the family-wise false-alarm probability of each case:
// with n comparisons in a case, each is allowed the z of a two-sided
// Bonferroni bound at transientAlpha / n (4.06 standard errors for the 205
// comparisons of the cosine, 3.82 for the 74 of the morning spike).
const transientAlpha = 0.01

// minQueuedReps is how many replications must be expected to have a queue
// at an instant for the mean of their queues to be judged with a normal
// interval. In rarer hours the mean of the few replications with a queue
// is far from normal (in the quiet night of the cosine, where P(q > 0) is
// 1e-20, a single one would lie millions of standard errors out), so those
// hours are judged by the number of replications with a queue alone
// (queue_top_p_pos, an exact binomial test).
const minQueuedReps = 25

// sippFailures lists, by case, the figures where SIPP is known to fail: in
// the morning spike (240 contacts an hour against a capacity of 144 from
// 09:00 to 11:00) SIPP has no steady state while the spike lasts, and
// after it assumes a quiet hour's steady state while the spike's backlog
// drains: it underestimates the share who wait (0.27 against 0.34) and the
// busy agents (5.6 against 6.2), and puts 0.004 contacts in the queue at
// 11:00, 12:00 and 13:00 where there are 188, 104 and 26. (Nor has it a
// mean wait or queue for the day: the exact mean wait is 0.22 h.) SIPP's
// queue of an hour is its stationary mean, which is also its mean at the
// top of the hour, where <ch>.queued samples it. The test requires of each
// that SIPP lie outside the simulation's interval, which holds the exact
// value. In the other cases, whose hours change slowly, SIPP is within 2%
// of the exact horizon figures; the test logs them.
var sippFailures = map[string][]string{
	"pub-tv-morning-spike": {
		"horizon wait_prob", "horizon busy_agents_mean", "horizon occupancy",
		"hour 11 queue_top", "hour 12 queue_top", "hour 13 queue_top",
	},
}

// transientSpec is one case of spec.json: a season of one channel's direct
// stream and one team given by shifts.
type transientSpec struct {
	ID              string    `json:"id"`
	Start           string    `json:"start"`
	Days            int       `json:"days"`
	AHTMinutes      float64   `json:"aht_minutes"`
	PatienceMinutes float64   `json:"patience_minutes"` // 0: nobody abandons
	PerDay          float64   `json:"per_day"`
	HourProfile     []float64 `json:"hour_profile"`
	DayFactors      []float64 `json:"day_factors"`
	Shifts          []struct {
		Name      string `json:"name"`
		Hours     string `json:"hours"`
		Headcount int    `json:"headcount"`
		FromDay   int    `json:"from_day"`
		ToDay     int    `json:"to_day"`
	} `json:"shifts"`
}

// transientCase is one case of cases.json. SIPP's values are null where a
// queue has no steady state.
type transientCase struct {
	ID    string `json:"id"`
	Model struct {
		Hours         int       `json:"hours"`
		LambdaPerHour []float64 `json:"lambda_per_hour"`
		AgentsOnDuty  []int     `json:"agents_on_duty"`
		MuPerHour     float64   `json:"mu_per_hour"`
		ThetaPerHour  float64   `json:"theta_per_hour"`
	} `json:"model"`
	Exact, SIPP struct {
		Horizon map[string]*float64   `json:"horizon"`
		Daily   []map[string]any      `json:"daily"`
		Hourly  map[string][]*float64 `json:"hourly"`
	}
	Checks struct {
		EndState struct {
			EQ float64 `json:"E_q"`
			// BoundWaitNotRecorded bounds the expected waits so far of the
			// contacts still queued at the horizon.
			BoundWaitNotRecorded float64 `json:"bound_wait_not_recorded_hours"`
		} `json:"end_state"`
	} `json:"checks"`
}

// transientRep is what the comparisons need of one replication, by the
// names results.json gives them: its metrics and its series (the channel is
// "queue", the team "agents"), and the counts behind the ratios of totals.
// The replication's histograms and the season's other figures are not
// kept: 2500 replications of them would take hundreds of megabytes.
type transientRep struct {
	metric map[string]float64
	series map[string][]float64
	// offeredByHour is the contacts offered in each hour
	// (sim.SeasonResult.OfferedByHour), which a planner reads.
	offeredByHour []float64
	// foundAllBusy counts the offered contacts that found every agent busy
	// (wait_prob's numerator), waits the queue waits of the answered and
	// the abandoned (wait_all.mean's), hours.
	foundAllBusy, waits float64
	daily               []sim.DayStats
}

func newTransientRep(r *sim.RepResult) transientRep {
	c := &r.Channels[0]
	out := transientRep{
		metric:        map[string]float64{},
		series:        map[string][]float64{},
		offeredByHour: r.Season.OfferedByHour[0],
		foundAllBusy:  float64(c.FoundAllBusy),
		waits:         c.Wait.Sum() + c.WaitAbandoned.Sum(),
		daily:         c.Daily,
	}
	for _, m := range r.Metrics() {
		if keepTransient(m.Name) {
			out.metric[m.Name] = m.Value
		}
	}
	for _, s := range r.Series() {
		if keepTransient(s.Name) {
			out.series[s.Name] = s.Values
		}
	}
	return out
}

// keepTransient reports whether a metric or series is one the comparisons
// read: the channel's, and the season's contacts still queued and
// agent-hours on duty.
func keepTransient(name string) bool {
	return strings.HasPrefix(name, "queue.") || name == "contacts.still_queued" || name == "agents.daily.on_duty_hours"
}

func (r *transientRep) m(name string) float64 {
	v, ok := r.metric[name]
	if !ok {
		panic("results have no metric " + name)
	}
	return v
}

func (r *transientRep) s(name string, i int) float64 {
	v, ok := r.series[name]
	if !ok {
		panic("results have no series " + name)
	}
	return v[i]
}

// estimate is a simulation estimate and its standard error.
type estimate struct{ value, se float64 }

// meanOverReps is the mean of per-replication values.
func meanOverReps(xs []float64) estimate {
	n := float64(len(xs))
	var sum, ss float64
	for _, x := range xs {
		sum += x
	}
	m := sum / n
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return estimate{m, math.Sqrt(ss / (n - 1) / n)}
}

// ratioOfTotals is Σnum / Σden over the replications, the estimate of a
// ratio of expectations (README: total abandoned / total offered, not the
// mean of each replication's ratio), with its delta-method standard error.
func ratioOfTotals(num, den []float64) estimate {
	n := float64(len(num))
	var sn, sd float64
	for i := range num {
		sn += num[i]
		sd += den[i]
	}
	r := sn / sd
	var ss float64
	for i := range num {
		e := num[i] - r*den[i]
		ss += e * e
	}
	return estimate{r, math.Sqrt(ss/(n-1)/n) / (sd / n)}
}

// perRep applies f to every replication.
func perRep(rs []transientRep, f func(r *transientRep) float64) []float64 {
	out := make([]float64, len(rs))
	for i := range rs {
		out[i] = f(&rs[i])
	}
	return out
}

// metricMean estimates a metric by the mean of its per-replication values:
// right for counts, and for time-averages and shares whose denominators
// are not random (the horizon, the agent-hours on duty).
func metricMean(name string) func(rs []transientRep) estimate {
	return func(rs []transientRep) estimate {
		return meanOverReps(perRep(rs, func(r *transientRep) float64 { return r.m(name) }))
	}
}

// transientHorizon maps each horizon figure of cases.json to the engine's
// estimate of it, from the metrics of docs/metrics.md.
var transientHorizon = map[string]func(rs []transientRep) estimate{
	"offered":           metricMean("queue.offered"),
	"answered":          metricMean("queue.answered"),
	"abandoned":         metricMean("queue.abandoned"),
	"queue_length_mean": metricMean("queue.queue_length.mean"),
	"busy_agents_mean":  metricMean("queue.busy_agents.mean"),
	"in_system_mean":    metricMean("queue.in_system.mean"),
	"occupancy":         metricMean("queue.occupancy"),
	"throughput":        metricMean("queue.throughput"),
	// queue.abandon_rate and queue.wait_prob as ratios of totals.
	"abandon_rate": func(rs []transientRep) estimate {
		return ratioOfTotals(
			perRep(rs, func(r *transientRep) float64 { return r.m("queue.abandoned") }),
			perRep(rs, func(r *transientRep) float64 { return r.m("queue.offered") }))
	},
	"wait_prob": func(rs []transientRep) estimate {
		return ratioOfTotals(
			perRep(rs, func(r *transientRep) float64 { return r.foundAllBusy }),
			perRep(rs, func(r *transientRep) float64 { return r.m("queue.offered") }))
	},
	// No random quantity: it checks that the shifts became the agent-hours
	// on duty of cases.json's model.
	"agent_hours_on_duty": func(rs []transientRep) estimate {
		sum := 0.0
		for _, v := range rs[0].series["agents.daily.on_duty_hours"] {
			sum += v
		}
		return estimate{sum, 0}
	},
	// end_E_q (contacts.still_queued) is compared in transientEndState and
	// mean_wait_all (queue.wait_all.mean) in transientWaitAll.
}

// transientDaily maps each daily figure of cases.json to the engine's
// estimate of day d's: the daily series of docs/metrics.md, which count
// contacts by the day they arrived, as cases.json does (day_attribution).
var transientDaily = map[string]func(rs []transientRep, d int) estimate{
	"offered":   seriesMean("queue.daily.offered"),
	"answered":  seriesMean("queue.daily.answered"),
	"abandoned": seriesMean("queue.daily.abandoned"),
	// The day's agent-hours on the channel over the team's on duty, whose
	// denominator is not random.
	"occupancy": seriesMean("queue.daily.occupancy"),
	"abandon_rate": func(rs []transientRep, d int) estimate {
		return ratioOfTotals(
			perRep(rs, func(r *transientRep) float64 { return r.s("queue.daily.abandoned", d) }),
			perRep(rs, func(r *transientRep) float64 { return r.s("queue.daily.offered", d) }))
	},
	// queue.daily.asa as a ratio of totals: the waits of the day's
	// answered over their number (cases.json gives it where nobody
	// abandons).
	"asa": func(rs []transientRep, d int) estimate {
		return ratioOfTotals(
			perRep(rs, func(r *transientRep) float64 { return r.daily[d].WaitSum }),
			perRep(rs, func(r *transientRep) float64 { return r.s("queue.daily.answered", d) }))
	},
	// queue.daily.occupancy's numerator over the day's 24 hours.
	"busy_agents_mean": func(rs []transientRep, d int) estimate {
		return meanOverReps(perRep(rs, func(r *transientRep) float64 { return r.daily[d].BusyHours / 24 }))
	},
	"agent_hours_on_duty": func(rs []transientRep, d int) estimate {
		return estimate{rs[0].s("agents.daily.on_duty_hours", d), 0}
	},
}

func seriesMean(name string) func(rs []transientRep, d int) estimate {
	return func(rs []transientRep, d int) estimate {
		return meanOverReps(perRep(rs, func(r *transientRep) float64 { return r.s(name, d) }))
	}
}

// transientNotReported lists the figures of cases.json that the engine
// does not report, so that a new key fails the test until someone decides
// which it is.
var transientNotReported = map[string]string{
	"daily.date":                     "checked against the calendar",
	"daily.day":                      "checked against the calendar",
	"daily.wait_prob":                "the engine counts contacts that found every agent busy over the horizon only (wait_prob)",
	"daily.queue_length_mean":        "the engine time-averages the queue over the horizon only; queue.queued samples it at the top of each hour",
	"daily.mean_wait_all":            "the engine sums the waits of the abandoned over the horizon only; queue.daily.asa is the answered's",
	"daily.abandoned_during":         "abandonments by the day they happen; the engine counts them by the day the contact arrived (daily.abandoned)",
	"daily.still_waiting_at_horizon": "the engine counts the contacts still queued at the horizon in all (contacts.still_queued), not by the day they arrived",
	"hourly.abandoned":               "the engine counts abandonments by day, not by hour",
	"hourly.busy_avg":                "the engine averages the busy agents over the horizon and by day, not by hour",
	"hourly.busy_top":                "the engine samples the queue at the top of each hour, not the busy agents",
	"hourly.p_wait":                  "the engine counts contacts that found every agent busy over the horizon only",
	"hourly.queue_avg":               "the engine samples the queue at the top of each hour (queue.queued: queue_top); it does not average it by hour",
	"hourly.queue_top_var":           "the variance of one replication's queue_top: it gives the standard error of queue_top's comparison",
}

// comparison is one simulation estimate against its exact value, or
// against the interval [lo, hi] its expectation is known to lie in, with z
// the distance between them in standard errors.
type comparison struct {
	name    string
	lo, hi  float64
	est, se float64
	z       float64
}

// compareExact compares e with an exact value in [lo, hi]. An estimate
// without spread (agent-hours on duty, or a count that is 0 in every
// replication) must equal the exact value to rounding.
func compareExact(name string, e estimate, lo, hi float64) comparison {
	c := comparison{name: name, lo: lo, hi: hi, est: e.value, se: e.se}
	d := 0.0
	switch {
	case e.value < lo:
		d = e.value - lo
	case e.value > hi:
		d = e.value - hi
	}
	switch {
	case math.Abs(d) <= 1e-9*math.Max(1, math.Abs(lo)):
		c.z = 0
	case e.se == 0:
		c.z = math.Copysign(math.Inf(1), d)
	default:
		c.z = d / e.se
	}
	return c
}

// zOfPValue is the standard normal quantile of a two-sided p-value, so
// that an exact test is judged by the same bound as the normal ones.
func zOfPValue(p float64) float64 {
	return math.Sqrt2 * math.Erfinv(1-math.Min(1, p))
}

// compareBinomial judges k of n replications having a queue at an instant
// where the exact probability is p, by the exact two-sided binomial test.
func compareBinomial(name string, k, n int, p float64) comparison {
	upper, lower := binomialTails(k, n, p)
	z := zOfPValue(2 * math.Min(upper, lower))
	if float64(k) < float64(n)*p {
		z = -z
	}
	return comparison{name: name, lo: p, hi: p, est: float64(k) / float64(n), se: math.Sqrt(p * (1 - p) / float64(n)), z: z}
}

// binomialTails returns P(X ≥ k) and P(X ≤ k) for X binomial(n, p).
func binomialTails(k, n int, p float64) (upper, lower float64) {
	switch {
	case p <= 0:
		if k == 0 {
			return 1, 1
		}
		return 0, 1
	case p >= 1:
		if k == n {
			return 1, 1
		}
		return 1, 0
	}
	lp, lq := math.Log(p), math.Log1p(-p)
	ln, _ := math.Lgamma(float64(n + 1))
	pmf := func(j int) float64 {
		a, _ := math.Lgamma(float64(j + 1))
		b, _ := math.Lgamma(float64(n - j + 1))
		return math.Exp(ln - a - b + float64(j)*lp + float64(n-j)*lq)
	}
	for j := k; j <= n; j++ {
		upper += pmf(j)
	}
	for j := 0; j <= k; j++ {
		lower += pmf(j)
	}
	return math.Min(upper, 1), math.Min(lower, 1)
}

// TestTransientValidation runs every season of the time-varying validation
// set (testdata/validation/transient) through the scenario loader and the
// engine, transientReplications replications from seed 1, and compares the
// engine's figures with the exact ones of cases.json: over the horizon, by
// day and by hour (the contacts offered in each hour, and the queue at its
// top, queue.queued). Every comparison must lie within the Bonferroni bound
// of its case (transientAlpha). It also shows where the stationary-per-hour
// approximation fails (sippFailures): the simulation's interval holds the
// exact value and excludes SIPP's.
func TestTransientValidation(t *testing.T) {
	if raceEnabled {
		t.Skip("the statistical validation runs without -race; the race detector makes it ten times slower and the event loop has no concurrency")
	}
	if testing.Short() {
		t.Skip("long statistical validation; skipped with -short")
	}
	dir := filepath.Join("testdata", "validation", "transient")
	var spec struct {
		Cases []transientSpec `json:"cases"`
	}
	var exact struct {
		Cases []transientCase `json:"cases"`
	}
	readJSON(t, filepath.Join(dir, "spec.json"), &spec)
	readJSON(t, filepath.Join(dir, "cases.json"), &exact)
	if len(spec.Cases) != 3 || len(exact.Cases) != len(spec.Cases) {
		t.Fatalf("spec.json has %d cases and cases.json %d, want 3 each", len(spec.Cases), len(exact.Cases))
	}
	for i, sp := range spec.Cases {
		tc := &exact.Cases[i]
		if tc.ID != sp.ID {
			t.Fatalf("case %d is %s in spec.json and %s in cases.json", i, sp.ID, tc.ID)
		}
		t.Run(sp.ID, func(t *testing.T) {
			sc, err := scenarios.Parse(sp.ID+".yaml", []byte(transientYAML(sp, transientReplications, 1)))
			if err != nil {
				t.Fatal(err)
			}
			m := sc.Model()
			checkTransientModel(t, m, tc)
			rs := runTransient(t, m, sc.Seed, sc.Replications)
			cs := transientComparisons(t, sc, rs, tc)
			zmax := math.Sqrt2 * math.Erfinv(1-transientAlpha/float64(len(cs)))
			t.Logf("%d comparisons, bound %.2f standard errors (Bonferroni, family-wise %.0f%%)", len(cs), zmax, 100*transientAlpha)
			judgeComparisons(t, cs, zmax)
			checkSIPP(t, rs, tc, cs, zmax)
		})
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// transientYAML writes sp as a season scenario file: its calendar (UTC,
// no clock change), one channel "queue" with the direct stream, always
// open, one team "agents" of the shifts with no shrinkage, and the order
// side of the season reduced to what the format requires, with one
// exception of probability 0 so that no case arises.
func transientYAML(sp transientSpec, reps int, seed uint64) string {
	start, err := time.Parse(time.DateOnly, sp.Start)
	if err != nil {
		panic(err)
	}
	date := func(day int) string { return start.AddDate(0, 0, day).Format(time.DateOnly) }
	var b strings.Builder
	fmt.Fprintf(&b, "name: %s\n", sp.ID)
	fmt.Fprintf(&b, "calendar: {start: %s, end: %s, time_zone: UTC}\n", date(0), date(sp.Days-1))
	fmt.Fprintf(&b, "run: {replications: %d, seed: %d}\n", reps, seed)
	b.WriteString(`demand: {orders_per_day: 1}
fulfilment:
  dispatch_capacity: 1
  cutoff: "15:00"
  delivery_hour: "13:00"
  promises: [{name: standard, share: 1, transit_days: 1}]
exceptions:
  - {name: none, kind: late, probability: 0, delay: {dist: exponential, mean: 1d}, notice_delay: {dist: exponential, mean: 1d}, channel_mix: {queue: 1}}
teams:
  - name: agents
    shrinkage: 0
    shifts:
`)
	for _, s := range sp.Shifts {
		fmt.Fprintf(&b, "      - {name: %s, hours: %q, days: mon-sun, headcount: %d, from: %s, to: %s}\n",
			s.Name, s.Hours, s.Headcount, date(s.FromDay), date(s.ToDay))
	}
	b.WriteString("channels:\n  - name: queue\n    team: agents\n    arrivals:\n")
	fmt.Fprintf(&b, "      per_day: %v\n", sp.PerDay)
	// The stream's own shape replaces the demand's: every weekday 1, a
	// factor per day, and the hour profile.
	b.WriteString("      weekday_profile: {mon-sun: 1}\n      season_curve:\n")
	for d, f := range sp.DayFactors {
		fmt.Fprintf(&b, "        - {date: %s, factor: %v}\n", date(d), f)
	}
	hp := make([]string, len(sp.HourProfile))
	for i, v := range sp.HourProfile {
		hp[i] = fmt.Sprint(v)
	}
	fmt.Fprintf(&b, "      hour_profile: [%s]\n", strings.Join(hp, ", "))
	fmt.Fprintf(&b, "    handle_time: {dist: exponential, mean: %vm}\n", sp.AHTMinutes)
	if sp.PatienceMinutes > 0 {
		fmt.Fprintf(&b, "    patience: {dist: exponential, mean: %vm}\n", sp.PatienceMinutes)
	}
	return b.String()
}

// checkTransientModel checks that the scenario compiled into the queue of
// cases.json's model: the arrival rate and the agents on duty of every
// hour, the handle time and the patience. The statistics would compare
// different queues otherwise.
func checkTransientModel(t *testing.T, m *sim.Model, tc *transientCase) {
	t.Helper()
	ch, team := &m.Channels[0], &m.Teams[0]
	if h := tc.Model.Hours; m.Horizon != float64(h) || len(ch.HourlyRate) < h || len(team.OnDuty) < h {
		t.Fatalf("horizon %v h, %d hourly rates, %d hours on duty; cases.json's model has %d hours", m.Horizon, len(ch.HourlyRate), len(team.OnDuty), h)
	}
	for h, want := range tc.Model.LambdaPerHour {
		if got := ch.HourlyRate[h]; math.Abs(got-want) > 1e-9*want {
			t.Errorf("hour %d: arrival rate %v/h, cases.json's model %v/h", h, got, want)
		}
	}
	if got := team.OnDuty[:tc.Model.Hours]; !slices.Equal(got, tc.Model.AgentsOnDuty) {
		t.Errorf("agents on duty %v, cases.json's model %v", got, tc.Model.AgentsOnDuty)
	}
	if mu := tc.Model.MuPerHour; ch.HandleTime.Kind != sim.Exponential || math.Abs(1/ch.HandleTime.Mean()-mu) > 1e-9*mu {
		t.Errorf("handle time %v, want exponential at rate %v/h", ch.HandleTime, mu)
	}
	switch theta := tc.Model.ThetaPerHour; {
	case theta == 0 && ch.Patience.Kind != sim.NoDist:
		t.Errorf("patience %v, want none", ch.Patience)
	case theta > 0 && (ch.Patience.Kind != sim.Exponential || math.Abs(1/ch.Patience.Mean()-theta) > 1e-9*theta):
		t.Errorf("patience %v, want exponential at rate %v/h", ch.Patience, theta)
	}
}

// runTransient runs replications 0 to n-1 of m on every core, each at its
// index.
func runTransient(t *testing.T, m *sim.Model, seed uint64, n int) []transientRep {
	t.Helper()
	rs := make([]transientRep, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				r, err := sim.Run(context.Background(), m, seed, i)
				if errs[i] = err; err == nil {
					rs[i] = newTransientRep(r)
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replication %d: %v", i, err)
		}
	}
	return rs
}

// transientComparisons compares every exact figure of cases.json that the
// engine reports with its estimate.
func transientComparisons(t *testing.T, sc *scenarios.Scenario, rs []transientRep, tc *transientCase) []comparison {
	t.Helper()
	var cs []comparison
	known := func(key string) {
		if _, ok := transientNotReported[key]; !ok {
			t.Errorf("exact value %s is neither compared nor listed as not reported", key)
		}
	}
	for key, v := range tc.Exact.Horizon {
		f, ok := transientHorizon[key]
		switch {
		case key == "end_E_q":
			cs = append(cs, transientEndState(rs, *v))
		case key == "mean_wait_all":
			cs = append(cs, transientWaitAll(rs, tc, *v))
		case ok:
			cs = append(cs, compareExact("horizon "+key, f(rs), *v, *v))
		default:
			known("horizon." + key)
		}
	}
	cal := sc.Season.Calendar
	if len(tc.Exact.Daily) != cal.Days() {
		t.Fatalf("cases.json has %d days, the season %d", len(tc.Exact.Daily), cal.Days())
	}
	for d, day := range tc.Exact.Daily {
		if got, want := day["date"], cal.Date(d).String(); got != want || day["day"] != float64(d) {
			t.Fatalf("cases.json's day %d is day %v, %v; the season's is %s", d, day["day"], got, want)
		}
		for key, v := range day {
			f, ok := transientDaily[key]
			if !ok {
				known("daily." + key)
				continue
			}
			x := v.(float64)
			cs = append(cs, compareExact(fmt.Sprintf("day %d %s", d, key), f(rs, d), x, x))
		}
	}
	for key := range tc.Exact.Hourly {
		switch key {
		case "offered", "queue_top", "queue_top_p_pos", "agents":
		default:
			known("hourly." + key)
		}
	}
	ex := tc.Exact.Hourly
	n := len(rs)
	for h := range tc.Model.Hours {
		name := func(key string) string { return fmt.Sprintf("hour %d %s", h, key) }
		// The hours of cases.json are those of the engine: hour h of the
		// run, local hour h mod 24 of day h div 24. The agents are the
		// model's, checked in checkTransientModel.
		if got, want := float64(tc.Model.AgentsOnDuty[h]), *ex["agents"][h]; got != want {
			t.Errorf("hour %d: %v agents in cases.json's model, %v in its hourly values", h, got, want)
		}
		offered := *ex["offered"][h]
		cs = append(cs, compareExact(name("offered"), meanOverReps(perRep(rs, func(r *transientRep) float64 {
			return r.offeredByHour[h]
		})), offered, offered))
		p := *ex["queue_top_p_pos"][h]
		queued := 0
		for i := range rs {
			if rs[i].s("queue.queued", h) > 0 {
				queued++
			}
		}
		cs = append(cs, compareBinomial(name("queue_top_p_pos"), queued, n, p))
		if float64(n)*p >= minQueuedReps {
			cs = append(cs, compareExact(name("queue_top"), queueTop(rs, tc, h), *ex["queue_top"][h], *ex["queue_top"][h]))
		}
	}
	return cs
}

// queueTop estimates the queue at the top of hour h, queue.queued, with the
// standard error from the exact variance of one replication's sample rather
// than the replications' own spread.
func queueTop(rs []transientRep, tc *transientCase, h int) estimate {
	e := meanOverReps(perRep(rs, func(r *transientRep) float64 { return r.s("queue.queued", h) }))
	e.se = math.Sqrt(*tc.Exact.Hourly["queue_top_var"][h] / float64(len(rs)))
	return e
}

// transientEndState compares contacts.still_queued with E[q] at the horizon
// like the hourly queue: with a normal interval when enough replications
// are expected to end with a queue, and otherwise by the number k that do,
// whose expectation n·P(q > 0) is at most n·E[q], so that by Markov's
// inequality P(K ≥ k) ≤ n·E[q] / k.
func transientEndState(rs []transientRep, eq float64) comparison {
	name := "horizon end_E_q"
	still := perRep(rs, func(r *transientRep) float64 { return r.m("contacts.still_queued") })
	e := meanOverReps(still)
	n := float64(len(rs))
	if n*eq >= minQueuedReps {
		return compareExact(name, e, eq, eq)
	}
	k := 0.0
	for _, v := range still {
		if v > 0 {
			k++
		}
	}
	c := comparison{name: name, lo: eq, hi: eq, est: e.value, se: e.se}
	if k > 0 {
		c.z = zOfPValue(n * eq / k)
	}
	return c
}

// transientWaitAll compares the engine's wait_all.mean, as a ratio of
// totals (the waits of the answered and the abandoned over their number),
// with mean_wait_all. The exact value is the mean time in queue of all the
// offered, ∫E[q] / offered, which counts the contacts still queued at the
// horizon with their waits so far; the engine, which stops a season at its
// horizon, leaves them out of both sums. With I = ∫E[q] over the horizon,
// O the offered, E_q the expected number still queued and A ∈ [0, B] their
// expected waits so far (B from cases.json's end_state check), the
// engine's ratio estimates (I - A) / (O - E_q): the exact value is replaced
// by that interval. It is narrow where the season ends nearly empty (the
// cosine, the morning spike); at the end of the shift gap's second night,
// 0.09 contacts waiting, B = E_q × horizon is a loose bound and the
// interval 22% wide.
func transientWaitAll(rs []transientRep, tc *transientCase, exact float64) comparison {
	o := *tc.Exact.Horizon["offered"]
	end := tc.Checks.EndState
	i := exact * o
	e := ratioOfTotals(
		perRep(rs, func(r *transientRep) float64 { return r.waits }),
		perRep(rs, func(r *transientRep) float64 { return r.m("queue.answered") + r.m("queue.abandoned") }))
	return compareExact("horizon mean_wait_all", e, (i-end.BoundWaitNotRecorded)/(o-end.EQ), i/(o-end.EQ))
}

// judgeComparisons fails every comparison beyond zmax, and logs the horizon
// and daily ones and the worst hourly one of each figure.
func judgeComparisons(t *testing.T, cs []comparison, zmax float64) {
	t.Helper()
	worst := map[string]comparison{}
	for _, c := range slices.SortedFunc(slices.Values(cs), func(a, b comparison) int { return strings.Compare(a.name, b.name) }) {
		if math.Abs(c.z) > zmax {
			t.Errorf("%s: simulation %.6g (s.e. %.2g), exact %s: z = %.2f, beyond %.2f", c.name, c.est, c.se, exactText(c), c.z, zmax)
		}
		if strings.HasPrefix(c.name, "hour ") {
			key := c.name[strings.LastIndexByte(c.name, ' ')+1:]
			if w, ok := worst[key]; !ok || math.Abs(c.z) > math.Abs(w.z) {
				worst[key] = c
			}
			continue
		}
		t.Logf("%-28s exact %-24s simulation %-12.6g s.e. %-9.2g z %+.2f", c.name, exactText(c), c.est, c.se, c.z)
	}
	for _, key := range slices.Sorted(maps.Keys(worst)) {
		c := worst[key]
		t.Logf("worst hourly %-16s %s: exact %s, simulation %.6g, s.e. %.2g, z %+.2f", key, c.name, exactText(c), c.est, c.se, c.z)
	}
}

func exactText(c comparison) string {
	if c.lo == c.hi {
		return fmt.Sprintf("%.6g", c.lo)
	}
	return fmt.Sprintf("[%.6g, %.6g]", c.lo, c.hi)
}

// checkSIPP logs where SIPP's horizon figures lie against the simulation's
// interval, and requires of the case's sippFailures that SIPP lie outside
// the interval of zmax standard errors while the exact value lies inside.
func checkSIPP(t *testing.T, rs []transientRep, tc *transientCase, cs []comparison, zmax float64) {
	t.Helper()
	for _, key := range slices.Sorted(maps.Keys(tc.SIPP.Horizon)) {
		v := tc.SIPP.Horizon[key]
		f, ok := transientHorizon[key]
		switch {
		case !ok:
		case v == nil:
			t.Logf("SIPP horizon %-18s none (no steady state in some hour); exact %.6g, simulation %.6g", key, *tc.Exact.Horizon[key], f(rs).value)
		default:
			e := f(rs)
			t.Logf("SIPP horizon %-18s %-10.6g exact %-10.6g simulation %.6g: SIPP at %+.1f s.e.", key, *v, *tc.Exact.Horizon[key], e.value, -compareExact("", e, *v, *v).z)
		}
	}
	for _, name := range sippFailures[tc.ID] {
		var sipp *float64
		var h int
		var key string
		if _, err := fmt.Sscanf(name, "hour %d %s", &h, &key); err == nil && key == "queue_top" {
			sipp = tc.SIPP.Hourly["queue"][h]
		} else {
			sipp = tc.SIPP.Horizon[strings.TrimPrefix(name, "horizon ")]
		}
		i := slices.IndexFunc(cs, func(c comparison) bool { return c.name == name })
		if sipp == nil || i < 0 {
			t.Errorf("SIPP failure %s: no SIPP value or no comparison", name)
			continue
		}
		c := cs[i]
		zs := compareExact(name, estimate{c.est, c.se}, *sipp, *sipp).z
		t.Logf("SIPP fails %-22s SIPP %-10.6g exact %-10.6g simulation %-10.6g: SIPP at %+.1f s.e., exact at %+.2f", name, *sipp, c.lo, c.est, -zs, -c.z)
		if math.Abs(zs) <= zmax || math.Abs(c.z) > zmax {
			t.Errorf("%s: SIPP %v at %.1f standard errors of the simulation %v, exact %v at %.1f; want SIPP outside %.2f and exact inside", name, *sipp, -zs, c.est, c.lo, -c.z, zmax)
		}
	}
}
