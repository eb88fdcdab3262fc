package scenarios

import (
	"reflect"
	"strconv"
	"strings"
)

// The raw types mirror the file: their mapstructure tags are the keys the
// format accepts (TestEveryKeyIsDocumented derives the reference's key list
// from them). Every scalar is an any that build.go converts itself, so that
// "headcount: 3.5" is an error rather than a silent truncation, and every
// message speaks of durations and names rather than Go types. A pointer or
// slice of a raw struct is a mapping or a list of mappings; its want (and a
// list's item) tag says what belongs there, for the message when something
// else is there.

type rawScenario struct {
	Name        any          `mapstructure:"name"`
	Description any          `mapstructure:"description"`
	Run         *rawRun      `mapstructure:"run" want:"a mapping of run settings, e.g. {horizon: 168h, warmup: 24h}"`
	Teams       []rawTeam    `mapstructure:"teams" want:"a list of teams, e.g. [{name: agents, headcount: 10}]" item:"a team: a mapping with name and headcount"`
	Channels    []rawChannel `mapstructure:"channels" want:"a list of channels, each a mapping with name, team, arrivals and handle_time" item:"a channel: a mapping with name, team, arrivals and handle_time"`
}

type rawRun struct {
	Horizon      any `mapstructure:"horizon"`
	Warmup       any `mapstructure:"warmup"`
	Replications any `mapstructure:"replications"`
	Seed         any `mapstructure:"seed"`
}

type rawTeam struct {
	Name      any `mapstructure:"name"`
	Headcount any `mapstructure:"headcount"`
}

type rawChannel struct {
	Name               any          `mapstructure:"name"`
	Team               any          `mapstructure:"team"`
	Arrivals           *rawArrivals `mapstructure:"arrivals" want:"a mapping with rate or interarrival, e.g. {rate: 45/h}"`
	HandleTime         *rawDist     `mapstructure:"handle_time" want:"a distribution, e.g. {dist: exponential, mean: 5m}"`
	Patience           *rawDist     `mapstructure:"patience" want:"a distribution, e.g. {dist: exponential, mean: 3m}"`
	QueueCapacity      any          `mapstructure:"queue_capacity"`
	ServiceLevelTarget any          `mapstructure:"service_level_target"`
}

type rawArrivals struct {
	Rate         any      `mapstructure:"rate"`
	Interarrival *rawDist `mapstructure:"interarrival" want:"a distribution, e.g. {dist: uniform, min: 1m, max: 3m}"`
}

// rawDist holds the parameters of every family; distFamilies says which
// apply to which.
type rawDist struct {
	Dist    any `mapstructure:"dist"`
	Mean    any `mapstructure:"mean"`
	Value   any `mapstructure:"value"`
	Min     any `mapstructure:"min"`
	Mode    any `mapstructure:"mode"`
	Max     any `mapstructure:"max"`
	SD      any `mapstructure:"sd"`
	CV      any `mapstructure:"cv"`
	K       any `mapstructure:"k"`
	Values  any `mapstructure:"values"`
	Weights any `mapstructure:"weights"`
}

// checkShape walks data, the file as viper read it, along the raw type t,
// and reports every key t does not declare and every value of the wrong
// form (a scalar where a mapping or a list belongs). It returns the keys of
// the values of the wrong form: mapstructure leaves those fields empty, and
// build's "required" errors about them would only repeat the problem.
//
// mapstructure's Metadata.Unused lists unknown keys too, but it drops those
// of any mapping that also holds a value of the wrong form, so a misspelt
// key would hide behind an unrelated mistake until that one is fixed.
func checkShape(p *problems, key string, data any, t reflect.Type, want string) (wrong []string) {
	m, ok := data.(map[string]any)
	if !ok {
		p.add(key, "must be %s; got %s", want, describe(data))
		return []string{key}
	}
	for k, v := range m {
		path := joinKey(key, k)
		f, ok := fieldByKey(t, k)
		switch {
		case !ok:
			p.add(path, "%s", unknownKey(k, keysOf(t)))
		case v == nil:
			// null is absent, as viper treats it at the top level.
		case f.Type.Kind() == reflect.Pointer:
			wrong = append(wrong, checkShape(p, path, v, f.Type.Elem(), f.Tag.Get("want"))...)
		case f.Type.Kind() == reflect.Slice:
			list, ok := v.([]any)
			if !ok {
				p.add(path, "must be %s; got %s", f.Tag.Get("want"), describe(v))
				wrong = append(wrong, path)
				continue
			}
			for i, item := range list {
				wrong = append(wrong, checkShape(p, path+"["+strconv.Itoa(i)+"]", item, f.Type.Elem(), f.Tag.Get("item"))...)
			}
		}
	}
	return wrong
}

// fieldByKey returns the field of the raw struct t for key k.
func fieldByKey(t reflect.Type, k string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if f := t.Field(i); f.Tag.Get("mapstructure") == k {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// keysOf returns the keys of the raw struct t in declaration order.
func keysOf(t reflect.Type) []string {
	keys := make([]string, t.NumField())
	for i := range keys {
		keys[i] = t.Field(i).Tag.Get("mapstructure")
	}
	return keys
}

func joinKey(parent, k string) string {
	if parent == "" {
		return k
	}
	return parent + "." + k
}

func unknownKey(k string, known []string) string {
	if s := closest(k, known); s != "" {
		return "unknown key; did you mean " + s + "?"
	}
	return "unknown key; the keys here are " + strings.Join(known, ", ")
}

// closest returns the candidate within edit distance 2 of s (and closer
// than its own length, so that "x" does not suggest "k"), or "".
func closest(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestDist && d < len(c) {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes: keys
// and names are ASCII. It gives up (returns 3) past a length difference of
// 2, so a pasted paragraph costs nothing.
func editDistance(a, b string) int {
	if len(a)-len(b) > 2 || len(b)-len(a) > 2 {
		return 3
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
