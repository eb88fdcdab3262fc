package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/peaksim/peaksim/sim"
)

// distFamily is one value of dist: its parameters and how to build it.
type distFamily struct {
	name               string
	required, optional []string
	build              func(a distArgs) (sim.Dist, error)
}

// distArgs are a distribution's parameters once converted: durations in
// hours by key, and the three that are not durations.
type distArgs struct {
	hours   map[string]float64
	cv      float64
	k       int
	values  []float64
	weights []float64
}

// distFamilies lists the values dist takes, in the order the reference
// documents them. It is a function, not a variable, so that the table cannot
// be changed at run time.
func distFamilies() []distFamily {
	return []distFamily{
		{"exponential", []string{"mean"}, nil, func(a distArgs) (sim.Dist, error) {
			return sim.NewExponential(a.hours["mean"])
		}},
		{"deterministic", []string{"value"}, nil, func(a distArgs) (sim.Dist, error) {
			return sim.NewDeterministic(a.hours["value"])
		}},
		{"uniform", []string{"min", "max"}, nil, func(a distArgs) (sim.Dist, error) {
			return sim.NewUniform(a.hours["min"], a.hours["max"])
		}},
		{"triangular", []string{"min", "mode", "max"}, nil, func(a distArgs) (sim.Dist, error) {
			return sim.NewTriangular(a.hours["min"], a.hours["mode"], a.hours["max"])
		}},
		{"normal", []string{"mean", "sd"}, []string{"min", "max"}, func(a distArgs) (sim.Dist, error) {
			hi, ok := a.hours["max"]
			if !ok {
				hi = math.Inf(1)
			}
			return sim.NewTruncatedNormal(a.hours["mean"], a.hours["sd"], a.hours["min"], hi)
		}},
		{"lognormal", []string{"mean", "cv"}, nil, func(a distArgs) (sim.Dist, error) {
			return sim.NewLogNormal(a.hours["mean"], a.cv)
		}},
		{"gamma", []string{"mean", "cv"}, nil, func(a distArgs) (sim.Dist, error) {
			return sim.NewGamma(a.hours["mean"], a.cv)
		}},
		{"erlang", []string{"mean", "k"}, nil, func(a distArgs) (sim.Dist, error) {
			return sim.NewErlang(a.hours["mean"], a.k)
		}},
		{"empirical", []string{"values"}, []string{"weights"}, func(a distArgs) (sim.Dist, error) {
			return sim.NewEmpirical(a.values, a.weights)
		}},
	}
}

// Bounds of the parameters that are not durations. cv is bounded below so
// that a gamma's shape 1/cv² stays finite, and above by what the gamma
// sampler supports (sim.NewGamma); a weight's bound keeps the sum of
// weights finite.
const (
	minCV     = 0.001
	maxCV     = 10
	maxK      = 1000
	maxWeight = 1e12
)

// dist converts the distribution at key. ok is false if there was a
// problem (reported to p).
func (p *problems) dist(key string, r *rawDist) (sim.Dist, bool) {
	d, _, _, ok := p.distWith(key, r)
	return d, ok
}

// distWith is dist that also returns the name of the family and its
// parameters as converted, for checks of what the distribution can draw.
func (p *problems) distWith(key string, r *rawDist) (d sim.Dist, family string, args distArgs, ok bool) {
	families := distFamilies()
	names := make([]string, len(families))
	for i, f := range families {
		names[i] = f.name
	}
	dk := joinKey(key, "dist")
	var fam *distFamily
	switch name, isString := r.Dist.(string); {
	case r.Dist == nil:
		p.add(dk, "required: one of %s", strings.Join(names, ", "))
		return d, "", args, false
	case !isString:
		p.add(dk, "must be one of %s; got %s", strings.Join(names, ", "), describe(r.Dist))
		return d, "", args, false
	default:
		i := slices.Index(names, name)
		if i < 0 {
			hint := ""
			if s := closest(name, names); s != "" {
				hint = " (did you mean " + s + "?)"
			}
			p.add(dk, "unknown distribution %s%s; choose one of %s", describe(name), hint, strings.Join(names, ", "))
			return d, "", args, false
		}
		fam = &families[i]
	}

	ok = true
	args = distArgs{hours: map[string]float64{}}
	rv := reflect.ValueOf(*r)
	for i := range rv.NumField() {
		param := rv.Type().Field(i).Tag.Get("mapstructure")
		v := rv.Field(i).Interface()
		pk := joinKey(key, param)
		applies := slices.Contains(fam.required, param) || slices.Contains(fam.optional, param)
		switch {
		case param == "dist":
		case v == nil && slices.Contains(fam.required, param):
			p.add(pk, "required for dist %s", fam.name)
			ok = false
		case v == nil:
		case !applies:
			p.add(pk, "does not apply to dist %s (it takes %s)", fam.name, strings.Join(slices.Concat(fam.required, fam.optional), ", "))
			ok = false
		default:
			ok = p.distArg(pk, param, v, &args) && ok
		}
	}
	if !ok {
		return d, fam.name, args, false
	}
	d, err := fam.build(args)
	if err != nil {
		// The constructors quote their figures in hours, which is not what
		// the user wrote; only empirical's messages are about counts.
		if fam.name != "empirical" {
			err = fmt.Errorf("%w (durations in hours)", err)
		}
		p.addErr(key, err)
		return d, fam.name, args, false
	}
	return d, fam.name, args, true
}

// drawBounds names the parameters that bound every draw of a family, for
// the families whose draws are bounded at both ends (for empirical, its
// values).
func drawBounds(family string) (lo, hi string, bounded bool) {
	switch family {
	case "deterministic":
		return "value", "value", true
	case "uniform", "triangular", "normal":
		return "min", "max", true
	case "empirical":
		return "values", "values", true
	}
	return "", "", false
}

// distArg converts one parameter into args; false if there was a problem.
func (p *problems) distArg(key, param string, v any, args *distArgs) bool {
	switch param {
	case "cv":
		f, ok := p.number(key, v, minCV, maxCV, "a plain number from 0.001 to 10 (the standard deviation divided by the mean)")
		args.cv = f
		return ok
	case "k":
		n, ok := p.integer(key, v, 1, maxK, "an integer from 1 to 1000")
		args.k = int(n)
		return ok
	case "values":
		list, ok := p.list(key, v, "a list of durations, e.g. [2m, 5m, 10m]")
		for i, item := range list {
			h, itemOK := p.duration(key+"["+strconv.Itoa(i)+"]", item)
			args.values = append(args.values, h)
			ok = ok && itemOK
		}
		return ok
	case "weights":
		list, ok := p.list(key, v, "a list of non-negative numbers, one per value, e.g. [1, 3, 1]")
		args.weights = make([]float64, 0, len(list)) // present but empty is not "equally likely"
		for i, item := range list {
			w, itemOK := p.number(key+"["+strconv.Itoa(i)+"]", item, 0, maxWeight, "a non-negative number")
			args.weights = append(args.weights, w)
			ok = ok && itemOK
		}
		return ok
	}
	h, ok := p.duration(key, v)
	args.hours[param] = h
	return ok
}

func (p *problems) list(key string, v any, want string) ([]any, bool) {
	list, ok := v.([]any)
	if !ok {
		p.add(key, "must be %s; got %s", want, describe(v))
	}
	return list, ok
}
