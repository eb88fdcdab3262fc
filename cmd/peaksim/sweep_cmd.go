package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/peaksim/peaksim/scenarios"
)

// maxSweepPoints bounds a sweep's grid: each point is a full scenario run.
const maxSweepPoints = 200

// cmdSweep runs a scenario at every point of a grid of parameter values,
// all on the same random numbers, and reports the metrics against the
// parameters.
func cmdSweep(ctx context.Context, args []string, std stdio) int {
	fs := newFlagSet("sweep", "FILE|NAME --param KEY=VALUES [--param ...] [flags]", std)
	var params stringList
	fs.Var(&params, "param", "sweep a key path over values, `KEY=VALUES`: a list (teams.email.headcount=10,20,30; customers.chase_interval.mean=24h,48h) or a range FROM..TO:STEP (10..40:5; step 1 without :STEP); several --param make a grid")
	f := addRunFlags(fs)
	names, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(names) != 1 || len(params) == 0 {
		fs.Usage()
		return exitBadInput
	}
	axes, err := parseParams(params)
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	base, err := scenarios.Open(names[0])
	if err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	var points []*scenarios.Scenario
	var errs []error
	for _, settings := range sweepPoints(axes) {
		var label []string
		for _, s := range settings {
			label = append(label, s.Path+"="+s.Value)
		}
		p, err := scenarios.Derive(base, strings.Join(label, ", "), settings)
		if err != nil {
			// A key that does not exist fails at every point: say it once.
			if !slices.ContainsFunc(errs, func(e error) bool { return e.Error() == err.Error() }) {
				errs = append(errs, err)
			}
			continue
		}
		points = append(points, p)
	}
	if err := errors.Join(errs...); err != nil {
		return fail(std.stderr, exitBadInput, err)
	}
	return runScenarios(ctx, std, fs, f, points, runJob{})
}

// axis is one swept parameter and its values.
type axis struct {
	path   string
	values []string
}

// parseParams reads the --param flags: KEY=a,b,c or KEY=FROM..TO[:STEP].
func parseParams(params []string) ([]axis, error) {
	var axes []axis
	points := 1
	for _, p := range params {
		key, values, ok := strings.Cut(p, "=")
		if !ok || key == "" || values == "" {
			return nil, fmt.Errorf("--param %q: want KEY=VALUES, e.g. teams.email.headcount=10..40:5", p)
		}
		a := axis{path: key}
		if from, rest, isRange := strings.Cut(values, ".."); isRange {
			to, step, hasStep := strings.Cut(rest, ":")
			if !hasStep {
				step = "1"
			}
			lo, err1 := strconv.ParseFloat(from, 64)
			hi, err2 := strconv.ParseFloat(to, 64)
			st, err3 := strconv.ParseFloat(step, 64)
			// ParseFloat reads NaN and Inf too, which make no grid: NaN
			// compares false with everything, and a range with them had
			// no point at all.
			finite := !slices.ContainsFunc([]float64{lo, hi, st}, func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) })
			if err1 != nil || err2 != nil || err3 != nil || !finite || !(st > 0) || !(lo <= hi) || (hi-lo)/st > maxSweepPoints {
				return nil, fmt.Errorf("--param %s: want a range FROM..TO:STEP of finite numbers with FROM <= TO, STEP > 0 and at most %d values, got %q", key, maxSweepPoints, values)
			}
			for i := 0; lo+float64(i)*st <= hi+1e-9*math.Abs(hi); i++ {
				a.values = append(a.values, strconv.FormatFloat(lo+float64(i)*st, 'g', 12, 64))
			}
		} else {
			a.values = strings.Split(values, ",")
			if slices.ContainsFunc(a.values, func(v string) bool { return strings.TrimSpace(v) == "" }) {
				return nil, fmt.Errorf("--param %s: an empty value in the list %q", key, values)
			}
		}
		if len(a.values) == 0 {
			return nil, fmt.Errorf("--param %s: %q gives no values", key, values)
		}
		points *= len(a.values)
		if points > maxSweepPoints {
			return nil, fmt.Errorf("--param: the sweep has more than %d points", maxSweepPoints)
		}
		axes = append(axes, a)
	}
	return axes, nil
}

// sweepPoints returns every combination of the axes' values, the first axis
// varying slowest.
func sweepPoints(axes []axis) [][]scenarios.Setting {
	out := [][]scenarios.Setting{nil}
	for _, a := range axes {
		var next [][]scenarios.Setting
		for _, prefix := range out {
			for _, v := range a.values {
				next = append(next, append(append([]scenarios.Setting(nil), prefix...), scenarios.Setting{Path: a.path, Value: v}))
			}
		}
		out = next
	}
	return out
}
