package fit_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/peaksim/peaksim/scenarios/fit"
	"github.com/peaksim/peaksim/sim"
)

// truth is a channel of the generated log: Poisson arrivals at
// perHour[h]×weekday[d] an hour, a wait offered by the queue (exponential,
// mean offered), exponential patience, and a handle time of family.
type truth struct {
	name             string
	weekday          [7]float64
	perHour          [24]float64
	offered          float64 // mean wait the queue offers, hours
	patience         float64 // mean, hours
	family           string
	handleMean, cv   float64
	retry, retryMean float64 // share of abandoned contacts retried, mean delay (hours)
}

// handle draws a handle time with the engine's own samplers, so that the
// fit is tested against the distributions peaksim simulates.
func (t truth) handle(r *rand.Rand) float64 {
	var d sim.Dist
	var err error
	switch t.family {
	case "gamma":
		d, err = sim.NewGamma(t.handleMean, t.cv)
	case "lognormal":
		d, err = sim.NewLogNormal(t.handleMean, t.cv)
	default:
		d, err = sim.NewExponential(t.handleMean)
	}
	if err != nil {
		panic(err)
	}
	return d.Sample(r)
}

var hourShape = [24]float64{0, 0, 0, 0, 0, 0, 0, 4, 10, 20, 30, 30, 25, 25, 30, 30, 25, 20, 15, 10, 8, 5, 0, 0}
var weekShape = [7]float64{1.2, 1, 1, 1, 1.1, 0.8, 0.6}

// generate writes a log of days days from 2026-11-02 (a Monday) of the
// channels ts, drawn with seed, in the generic layout with date-and-time
// columns.
func generate(ts []truth, days int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 0))
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	b.WriteString("Channel;Arrived;Answered;Abandoned;Ended;Customer\n")
	ts0 := func(t float64) string { return start.Add(time.Duration(t * float64(time.Hour))).Format(time.DateTime) }
	customer := 0
	type pending struct {
		at       float64
		customer int
	}
	for _, t := range ts {
		var retries []pending
		contact := func(at float64, cust int) {
			wait, pat := r.ExpFloat64()*t.offered, r.ExpFloat64()*t.patience
			if pat < wait {
				fmt.Fprintf(&b, "%s;%s;;%s;;c%d\n", t.name, ts0(at), ts0(at+pat), cust)
				if r.Float64() < t.retry {
					retries = append(retries, pending{at + pat + r.ExpFloat64()*t.retryMean, cust})
				}
				return
			}
			h := t.handle(r)
			fmt.Fprintf(&b, "%s;%s;%s;;%s;c%d\n", t.name, ts0(at), ts0(at+wait), ts0(at+wait+h), cust)
		}
		for d := range days {
			for h := range 24 {
				rate := t.perHour[h] * t.weekday[d%7]
				if rate == 0 {
					continue
				}
				for at := r.ExpFloat64() / rate; at < 1; at += r.ExpFloat64() / rate {
					customer++
					contact(float64(24*d+h)+at, customer)
				}
			}
		}
		// A retry's own abandonment may be retried in turn; retries that
		// fall after the log's end are not in it.
		for len(retries) > 0 {
			p := retries[0]
			retries = retries[1:]
			if p.at < float64(24*days) {
				contact(p.at, p.customer)
			}
		}
	}
	return b.Bytes()
}

// TestEstimatesRecoverKnownParameters draws a log from known distributions
// and fits it: every parameter must fall inside its 95% interval. It tests
// what the round trip through a simulation (reports/events,
// TestRoundTripRecoversTheScenario) does not: queues that offer waits
// independently of patience, and retries by known customers. With 62 arrival intervals, some 3 miss by
// chance; more than 8 would have a chance under 1% (binomial, 5% each).
func TestEstimatesRecoverKnownParameters(t *testing.T) {
	phone := truth{name: "phone", weekday: weekShape, offered: 2.0 / 60, patience: 3.0 / 60,
		family: "gamma", handleMean: 6.0 / 60, cv: 0.6}
	chat := truth{name: "chat", weekday: [7]float64{1, 1, 1, 1, 1, 0.5, 0.5}, offered: 4.0 / 60, patience: 10.0 / 60,
		family: "lognormal", handleMean: 12.0 / 60, cv: 1.3}
	callback := truth{name: "callback", weekday: weekShape, offered: 5.0 / 60, patience: 4.0 / 60,
		family: "exponential", handleMean: 5.0 / 60, retry: 0.6, retryMean: 0.25}
	for h, v := range hourShape {
		phone.perHour[h] = v
		chat.perHour[h] = v / 2
		callback.perHour[h] = v / 3
	}
	data := generate([]truth{phone, chat, callback}, 28, 20261201)
	log, err := fit.Read(bytes.NewReader(data), "generated.csv", fit.Columns{
		Channel: "channel", Arrival: "arrived", Answer: "answered", Abandon: "abandoned", End: "ended", Customer: "customer"})
	if err != nil {
		t.Fatal(err)
	}
	res := fit.Estimate(log, 24*time.Hour)
	if res.Days != 28 || len(res.Channels) != 3 {
		t.Fatalf("%d days, %d channels; want 28 and 3", res.Days, len(res.Channels))
	}
	misses, intervals := 0, 0
	for i, tr := range []truth{phone, chat, callback} {
		c := res.Channels[i]
		if c.Name != tr.name {
			t.Fatalf("channel %d is %s, want %s", i, c.Name, tr.name)
		}
		best := c.Handle.Fits[0]
		if best.Family != tr.family {
			t.Errorf("%s: handle time fits %s best (AIC), want %s: %+v", tr.name, best.Family, tr.family, c.Handle.Fits)
		}
		if !best.Mean.Contains(tr.handleMean) {
			t.Errorf("%s: handle-time mean %v outside its interval %+v", tr.name, tr.handleMean, best.Mean)
		}
		if tr.family != "exponential" && !best.CV.Contains(tr.cv) {
			t.Errorf("%s: handle-time cv %v outside its interval %+v", tr.name, tr.cv, best.CV)
		}
		if !c.Patience.Mean.Contains(tr.patience) {
			t.Errorf("%s: patience %v outside its interval %+v", tr.name, tr.patience, c.Patience.Mean)
		}
		if tr.retry > 0 {
			if !c.Retry.Probability.Contains(tr.retry) || !c.Retry.Delay.Contains(tr.retryMean) || c.Retry.Switch.Est != 0 {
				t.Errorf("%s: retry %v after %vh outside %+v", tr.name, tr.retry, tr.retryMean, c.Retry)
			}
			continue // its retries add to its arrivals: no profile to check
		}
		var daily float64
		for _, v := range tr.perHour {
			daily += v
		}
		for d := range 7 {
			intervals++
			if !c.Weekday[d].Contains(daily * tr.weekday[d]) {
				misses++
				t.Logf("%s: weekday %d: %v outside %+v", tr.name, d, daily*tr.weekday[d], c.Weekday[d].Interval)
			}
		}
		var mean float64
		for _, w := range tr.weekday {
			mean += w / 7
		}
		for h := range 24 {
			intervals++
			if !c.Hour[h].Contains(tr.perHour[h] * mean) {
				misses++
				t.Logf("%s: %02d:00: %v outside %+v", tr.name, h, tr.perHour[h]*mean, c.Hour[h].Interval)
			}
		}
	}
	if intervals != 62 || misses > 8 {
		t.Errorf("%d of %d arrival intervals miss the true rate; want at most 8", misses, intervals)
	}
	t.Logf("%d of %d arrival intervals miss", misses, intervals)
}

// TestTechnionFixtureFits fits the hand-made log in the Technion layout,
// whose figures are worked out by hand in testdata/technion.md.
func TestTechnionFixtureFits(t *testing.T) {
	f, err := os.Open("testdata/technion.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	log, err := fit.Read(f, "technion.tsv", fit.Technion)
	if err != nil {
		t.Fatal(err)
	}
	res := fit.Estimate(log, 24*time.Hour)
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	if res.Skipped != 2 || res.Days != 2 || len(res.Channels) != 2 {
		t.Fatalf("skipped %d, %d days, %d channels; want 2, 2, 2", res.Skipped, res.Days, len(res.Channels))
	}
	ps, in := res.Channels[0], res.Channels[1]
	if ps.Name != "PS" || ps.Contacts != 7 || ps.Answered != 5 || ps.Abandoned != 2 {
		t.Errorf("PS: %s, %d contacts, %d answered, %d abandoned; want 7, 5, 2", ps.Name, ps.Contacts, ps.Answered, ps.Abandoned)
	}
	near("PS per day", ps.PerDay.Est, 3.5)
	near("PS on Wednesdays", ps.Weekday[2].Est, 4)
	near("PS on Thursdays", ps.Weekday[3].Est, 3)
	near("PS at 09:00", ps.Hour[9].Est, 2) // 4 calls in the 9 o'clock hours of 2 days (the phantom one skipped)
	near("PS at 23:00", ps.Hour[23].Est, 0.5)
	for _, f := range ps.Handle.Fits {
		if f.Family != "lognormal" {
			near("PS handle-time mean ("+f.Family+")", f.Mean.Est, 240.0/3600)
		}
	}
	near("PS patience exposure", ps.Patience.Exposure, 350.0/3600)
	near("PS patience", ps.Patience.Mean.Est, 175.0/3600)
	near("PS retry share", ps.Retry.Probability.Est, 0.5)
	near("PS retry delay", ps.Retry.Delay.Est, 8.0/60)
	if in.Name != "IN" || in.Contacts != 3 || in.Answered != 2 || in.Abandoned != 1 || in.Retry.Retried != 0 {
		t.Errorf("IN: %+v", in)
	}
	near("IN patience", in.Patience.Mean.Est, 240.0/3600)
	near("IN handle-time mean (exponential)", in.Handle.Fits[0].Mean.Est, 450.0/3600)
	near("retry share over all", res.Retry.Probability.Est, 1.0/3)

	var out strings.Builder
	if err := res.WriteYAML(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  - name: PS\n", "per_day: 3.5 ", "wed: 1.143 ", "patience: {dist: exponential, mean: 2.917m}",
		"retry: {probability: 0.3333, delay: {dist: exponential, mean: 8m}, switch: 0}", "2 rows skipped"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the fragment lacks %q:\n%s", want, out.String())
		}
	}
}
