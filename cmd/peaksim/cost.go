package main

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// defaultMaxEvents is about a quarter of an hour of a 2-core machine: far
// beyond the built-in scenarios, short of a typo that asks for days.
const defaultMaxEvents = 1e10

// defaultMaxMemory is what a run may hold at once: a fixed figure, not a
// share of the machine's memory, so that a file that runs on one machine
// is not refused on another (--workers aside). The built-in scenarios need
// well under 200 MB a replication.
const defaultMaxMemory = 4 << 30

// foldedSeries is how many times a replication's series a run holds for
// each scenario while it folds them (reports.Fold): each value's first
// pass (5 float64s), the copy its second pass works on (5), the value
// read back (1), and the mean and interval of results.json (3), with
// room for a replication waiting for an earlier one on each of a few
// workers.
const foldedSeries = 14 + 4

// eventsPerSecond is what a core processes, about: the bare event loop
// reaches 7-8 million a second, a season's retries and chases 3-4 million.
const eventsPerSecond = 1e7

// checkCost refuses, before anything runs, a run whose estimated events
// exceed --max-events or whose estimated memory exceeds --max-memory:
// naming the file that costs most, the estimate, what it is made of, and
// the flag that raises the limit.
func checkCost(scs []*scenarios.Scenario, f *runFlags, precision bool, shards int) error {
	var events, kept, reps float64
	var most, widest *scenarios.Scenario
	var mostEvents, mostReps float64
	var widestEst sim.Estimate
	perRep := 0.0
	for _, sc := range scs {
		n := sc.Replications
		if precision {
			n = max(n, f.maxReps)
		}
		e := sc.Model().Estimate()
		share := float64(n) / float64(shards) // a shard runs its share
		events += e.Events * share
		if f.shard == "" {
			// A run folds each replication's series into the scenario's
			// results as it finishes: what it keeps of each is its metric
			// values (a rate's with its numerator and denominator).
			metrics := float64(len(scenarios.MetricDefs(sc.Model())))
			kept += 3*8*metrics*share + foldedSeries*e.Series
		} else {
			kept += e.Kept * share
		}
		reps += share
		if e.Events*share > mostEvents || most == nil {
			most, mostEvents, mostReps = sc, e.Events*share, share
		}
		if e.Bytes-e.Kept > perRep || widest == nil {
			widest, widestEst, perRep = sc, e, e.Bytes-e.Kept
		}
	}
	var errs []error
	if events > f.maxEvents {
		cores := float64(max(min(f.workers, runtime.NumCPU()), 1))
		e := most.Model().Estimate()
		from := ""
		if len(scs) > 1 {
			from = fmt.Sprintf(", %.2g of them from this file", mostEvents)
		}
		errs = append(errs, fmt.Errorf("%s: the run would process about %.2g events%s: %s of about %.2g each, mostly %s; about %s on %.0f cores at 10 million events a second each. The limit is %.2g: raise it with --max-events %.2g, or run fewer replications, or shards of the run (--shard)",
			most.Source, events, from, replications(mostReps), e.Events, e.Mostly(),
			time.Duration(events/eventsPerSecond/cores*float64(time.Second)).Round(time.Second), cores, f.maxEvents, roundUp(events*1.1)))
	}
	atOnce := math.Min(float64(f.workers), math.Ceil(reps))
	if f.shard == "" {
		kept += runner.SeriesInMemory
	}
	if memory := kept + atOnce*perRep; memory > float64(f.maxMemory) {
		more := ""
		if atOnce > 1 {
			more = ", or run fewer replications at once (--workers 1)"
		}
		errs = append(errs, fmt.Errorf("%s: the run would need about %s of memory: %s at once (--workers) of about %s each, mostly %s. The limit is %s: raise it with --max-memory %s%s",
			widest.Source, byteSize(memory), replications(atOnce), byteSize(perRep), heldMostly(widestEst), byteSize(f.maxMemory), byteSize(roundUp(memory*1.1)), more))
	}
	return errors.Join(errs...)
}

func replications(n float64) string {
	if n == 1 {
		return "1 replication"
	}
	return fmt.Sprintf("%.0f replications", math.Ceil(n))
}

// heldMostly names what most of a replication's memory holds.
func heldMostly(e sim.Estimate) string {
	queued, cases := e.PeakQueued*sim.BytesPerContact, e.PeakCases*sim.BytesPerCase
	switch {
	case queued >= cases && queued > e.Kept:
		return fmt.Sprintf("%.2g contacts waiting at once (a queue that grows: far more arrive than the agents serve)", e.PeakQueued)
	case cases > e.Kept:
		return fmt.Sprintf("%.2g cases open at once (parcels gone wrong and not yet resolved)", e.PeakCases)
	}
	return "its results by the hour"
}

// roundUp rounds x up to two significant digits, for a limit to suggest.
func roundUp(x float64) float64 {
	if x <= 0 {
		return x
	}
	p := math.Pow(10, math.Floor(math.Log10(x))-1)
	return math.Ceil(x/p) * p
}

// byteSize is a number of bytes, as a flag: 4GiB, 512MB, 1e9.
type byteSize float64

var byteUnits = []struct {
	suffix string
	size   float64
}{
	{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10},
	{"TB", 1e12}, {"GB", 1e9}, {"MB", 1e6}, {"kB", 1e3}, {"KB", 1e3}, {"B", 1},
}

func (b *byteSize) Set(v string) error {
	num, unit := v, 1.0
	for _, u := range byteUnits {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			num, unit = strings.TrimSpace(n), u.size
			break
		}
	}
	x, err := strconv.ParseFloat(num, 64)
	if err != nil || !(x > 0) || math.IsInf(x*unit, 0) {
		return fmt.Errorf("want a size above 0 such as 4GiB, 512MB or 1e9 (bytes), got %q", v)
	}
	*b = byteSize(x * unit)
	return nil
}

// String writes the size in a binary unit when it is a whole number of
// one below a thousand (4GiB), else in decimal units to three digits.
func (b byteSize) String() string {
	x := float64(b)
	for _, u := range byteUnits[:4] {
		if v := x / u.size; v >= 1 && v < 1000 && v == math.Trunc(v) {
			return fmt.Sprintf("%.0f%s", v, u.suffix)
		}
	}
	for _, u := range byteUnits[4:8] {
		if v := x / u.size; v >= 1 {
			digits := 0
			if v < 10 {
				digits = 1
			}
			return strings.TrimSuffix(strconv.FormatFloat(v, 'f', digits, 64), ".0") + u.suffix
		}
	}
	return fmt.Sprintf("%.0fB", x)
}
