package reports

import (
	"errors"
	"fmt"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/peaksim/peaksim/sim"
)

// A Baseline is a saved run that peaksim check compares a run with, and
// the file it was read from, which its messages name.
type Baseline struct {
	File    string
	Results *Results
}

// absurd bounds the magnitude of a figure of a baseline: no run measures
// anything near it, so a value beyond is a file written or edited by hand
// (1e308 would make every difference look small).
const absurd = 1e300

// Match pairs each scenario of a run with its counterpart in the baseline,
// in the order of run: the scenario of the same name and variant, and when
// the run or the baseline holds several of those, from the same file (the
// same path, else the same file name; the same file given twice is
// matched in order). It refuses, naming the scenario and the baseline
// file, a baseline that does not hold every scenario of the run, or whose
// counterpart lacks a key figure the run reports (or the reverse), or
// holds one that cannot be a measurement (see figureProblem): a check must
// never pass because nothing was compared.
//
// Before the run, run may hold only each scenario's name, variant, source
// and its metrics' names, with NaN means (nothing is measured yet): then
// everything is checked but whether a figure the baseline leaves undefined
// is defined in the run, which the call after the run checks.
func (b *Baseline) Match(run []Scenario) ([]*Scenario, error) {
	res := b.Results
	switch {
	case !res.Complete:
		return nil, fmt.Errorf("baseline %s is from an interrupted run (complete: false): run the baseline again to its end", b.File)
	case len(res.Scenarios) == 0:
		return nil, fmt.Errorf("baseline %s holds no scenarios", b.File)
	}
	out := make([]*Scenario, len(run))
	var missing, errs []error
	for i := range run {
		sc := &run[i]
		base, err := b.counterpart(run, i)
		if err != nil {
			missing = append(missing, err)
			continue
		}
		out[i] = base
		errs = append(errs, b.compatible(base, sc)...)
	}
	if len(missing) > 0 {
		missing = append(missing, fmt.Errorf("baseline %s holds %s: is it the baseline of these files? After a scenario or a file is renamed, save a new one: peaksim run FILE... --out DIR", b.File, b.holdings()))
	}
	if err := errors.Join(append(missing, errs...)...); err != nil {
		return nil, err
	}
	return out, nil
}

// counterpart returns the baseline's scenario for run[i].
func (b *Baseline) counterpart(run []Scenario, i int) (*Scenario, error) {
	sc := &run[i]
	same := func(a, c *Scenario) bool { return a.Name == c.Name && a.Variant == c.Variant }
	var cands []*Scenario
	for k := range b.Results.Scenarios {
		if c := &b.Results.Scenarios[k]; same(c, sc) {
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		return nil, fmt.Errorf("baseline %s has no scenario %s (of %s)", b.File, describeScenario(sc), sc.Source)
	}
	twins := 0 // the run's scenarios of this name and variant
	for k := range run {
		if same(&run[k], sc) {
			twins++
		}
	}
	if len(cands) == 1 && twins == 1 {
		return cands[0], nil
	}
	// Several of one name: told apart by their file, as Labels does; the
	// same file given more than once is matched in order.
	nth := 0
	for k := range i {
		if same(&run[k], sc) && run[k].Source == sc.Source {
			nth++
		}
	}
	if exact := slices.DeleteFunc(slices.Clone(cands), func(c *Scenario) bool { return c.Source != sc.Source }); len(exact) > 0 {
		if nth < len(exact) {
			return exact[nth], nil
		}
	} else {
		// A file moved since the baseline, found by its name when only one
		// of the baseline and one of the run have it.
		file := path.Base(sc.Source)
		byFile := slices.DeleteFunc(slices.Clone(cands), func(c *Scenario) bool { return path.Base(c.Source) != file })
		runs := 0
		for k := range run {
			if same(&run[k], sc) && path.Base(run[k].Source) == file {
				runs++
			}
		}
		if len(byFile) == 1 && runs == 1 {
			return byFile[0], nil
		}
	}
	var sources []string
	for _, c := range cands {
		sources = append(sources, c.Source)
	}
	return nil, fmt.Errorf("baseline %s has no scenario %s of %s: it has %d of that name, of %s", b.File, describeScenario(sc), sc.Source, len(cands), strings.Join(sources, ", "))
}

// holdings lists the baseline's scenarios for a message: name, variant and
// file.
func (b *Baseline) holdings() string {
	const most = 12
	scs := b.Results.Scenarios
	var out []string
	for i := range scs {
		if i == most {
			out = append(out, fmt.Sprintf("and %d more", len(scs)-most))
			break
		}
		out = append(out, describeScenario(&scs[i])+" (of "+scs[i].Source+")")
	}
	return strings.Join(out, ", ")
}

func describeScenario(sc *Scenario) string {
	if sc.Variant == "" {
		return strconv.Quote(sc.Name)
	}
	return strconv.Quote(sc.Name) + " variant " + strconv.Quote(sc.Variant)
}

// compatible checks that base, the baseline's counterpart of the run's
// scenario sc, can judge every key figure of it.
func (b *Baseline) compatible(base, sc *Scenario) []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("baseline %s, scenario %s: %s", b.File, describeScenario(sc), fmt.Sprintf(format, args...)))
	}
	if base.Replications < 1 {
		bad("has %d replications", base.Replications)
		return errs
	}
	for _, f := range baselineFigures(base, sc, compositionOf(base, sc)) {
		bm, m := base.Metric(f.metric), sc.Metric(f.metric)
		switch {
		case bm == nil:
			bad("no figure %s, which the run reports: the scenario, or the peaksim that ran the baseline, has changed since; run the baseline again", f.metric)
		case m == nil:
			bad("the run reports no %s, which the baseline holds: the scenario changed since the baseline; run the baseline again", f.metric)
		default:
			if what := figureProblem(bm, base.Replications); what != "" {
				bad("%s: %s", f.metric, what)
			} else if math.IsNaN(float64(bm.Mean)) && !math.IsNaN(float64(m.Mean)) {
				bad("%s is undefined in the baseline (in every replication of it), so it cannot judge the run's; run the baseline again", f.metric)
			}
		}
	}
	return errs
}

// figureProblem says why metric m of a baseline scenario of reps
// replications cannot be a figure a run measured; empty when it can be.
// Every key figure counts, times or prices something, so none is
// negative, and a share is at most 1; none comes near 1e300. A run writes
// a value per replication (null where the metric was undefined), n the
// number of the others, and the mean of those (for a rate, the ratio of
// the totals), which lies between the smallest and largest of them; a
// mean is null only when no replication defines it.
func figureProblem(m *Metric, reps int) string {
	in := func(v float64) bool {
		return v >= 0 && v < absurd && (m.Unit != "share" || v <= 1)
	}
	want := "a figure in " + m.Unit + " is at least 0 and below 1e300"
	if m.Unit == "share" {
		want = "a share is from 0 to 1"
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	if len(m.Values) != reps {
		return fmt.Sprintf("%d values for %d replications", len(m.Values), reps)
	}
	defined, lo, hi := 0, math.Inf(1), math.Inf(-1)
	for i, v := range floats(m.Values) {
		if math.IsNaN(v) {
			continue
		}
		if !in(v) {
			return fmt.Sprintf("values[%d] is %s, which no run measures: %s", i, g(v), want)
		}
		defined++
		lo, hi = min(lo, v), max(hi, v)
	}
	for _, p := range []struct {
		name string
		part []Float
	}{{"num", m.Num}, {"den", m.Den}} {
		name, part := p.name, p.part
		if part == nil {
			continue
		}
		if len(part) != len(m.Values) {
			return fmt.Sprintf("%d %s values for %d replications", len(part), name, len(m.Values))
		}
		for i, v := range floats(part) {
			if !(v >= 0 && v < absurd) {
				return fmt.Sprintf("%s[%d] is %s, which no run counts: a count is at least 0 and below 1e300", name, i, g(v))
			}
		}
	}
	mean := float64(m.Mean)
	switch {
	case m.N != defined:
		return fmt.Sprintf("n is %d, but %d replications have a value", m.N, defined)
	case math.IsNaN(mean) && defined > 0:
		return fmt.Sprintf("the mean is empty (null), but %d replications have a value", defined)
	case math.IsNaN(mean):
		return "" // undefined in every replication, as a run can be
	case !in(mean):
		return fmt.Sprintf("the mean is %s, which no run measures: %s", g(mean), want)
	case defined == 0:
		return fmt.Sprintf("the mean is %s, but no replication has a value", g(mean))
	}
	// The mean of the values, or the ratio of their totals, lies between
	// them, up to rounding.
	if slack := 1e-9 * max(math.Abs(lo), math.Abs(hi)); mean < lo-slack || mean > hi+slack {
		return fmt.Sprintf("the mean is %s, outside its replications' values (from %s to %s), which a mean of them cannot be", g(mean), g(lo), g(hi))
	}
	return ""
}

// baselineFigures are the key figures a scenario cur is compared on with
// its baseline's base: those of either that are better one way, cur's
// first, a general enquiries' figure only where the composition mix
// judges it in place of every contact's. A channel's abandonment counts
// when either has some.
func baselineFigures(base, cur *Scenario, mix *composition) []figure {
	var out []figure
	seen := map[string]bool{}
	for _, f := range append(figures(cur), figures(base)...) {
		if f = mix.asJudged(f); sim.SideOf(f.metric) != sim.Neither && (!standsIn(f.metric) || f.judged) && !seen[f.metric] {
			seen[f.metric] = true
			out = append(out, f)
		}
	}
	return out
}
