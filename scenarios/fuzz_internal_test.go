package scenarios

import (
	"math"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzDate checks the date parser: a date or a message, never a panic, and
// a date that prints back as it was read.
func FuzzDate(f *testing.F) {
	for _, s := range []string{"2026-12-24", " 2027-01-01 ", "2026-02-30", "24/12/2026", "", "9999-12-31", "0000-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var p problems
		d, ok := p.date("d", s)
		if ok != (len(p) == 0) {
			t.Fatalf("%q: ok %v with %d problems", s, ok, len(p))
		}
		if ok && d.String() != strings.TrimSpace(s) {
			t.Fatalf("%q read as %s", s, d)
		}
	})
}

// FuzzThreshold checks threshold expressions and values: an expression
// either parses into a metric, an operator and a finite value, or not, for
// every unit, and never panics.
func FuzzThreshold(f *testing.F) {
	for _, s := range []string{"cases.resolution.p90 < 72h", "phone.service_level >= 80%", "x>=0.5", "a <= 1e308", "b > -3", "c == 2", "d < 2 parsecs", "e < NaN", "f < 1e999%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		m := thresholdExpr.FindStringSubmatch(expr)
		if m == nil {
			return
		}
		for _, unit := range []string{"hours", "days", "share", "contacts", "currency"} {
			v, ok := thresholdValue(m[3], unit)
			if !ok {
				continue
			}
			if math.IsNaN(v) || (unit == "share" && (v < 0 || v > 1)) {
				t.Fatalf("%q in %s read as %v", expr, unit, v)
			}
			th := Threshold{Op: m[2], Value: v}
			th.Holds(v)
		}
	})
}

// FuzzVariantSet applies a fuzzed key path and value to a season file, as
// variants and sweeps do: an error or a document, never a panic; and the
// document, if it parses, is a scenario.
func FuzzVariantSet(f *testing.F) {
	f.Add("teams.claims.headcount", "6")
	f.Add("teams.agents.headcount_by_date[0].headcount", "7")
	f.Add("exceptions.lost.detect", "{probability: 0.5, delay: {dist: exponential, mean: 1d}}")
	f.Add("channels.email", "[1, 2]")
	f.Add("run.seed", "9")
	f.Add("a[99999999999999999999]", "x")
	f.Add("..", "")
	f.Fuzz(func(t *testing.T, path, value string) {
		root, err := parseYAML("f.yaml", []byte(fuzzSeason))
		if err != nil {
			t.Fatal(err)
		}
		var v yaml.Node
		if yaml.Unmarshal([]byte(value), &v) != nil || len(v.Content) != 1 {
			return
		}
		doc := clone(root)
		if _, err := applySet(doc, path, v.Content[0]); err != nil {
			return
		}
		data, err := yaml.Marshal(doc)
		if err != nil {
			return
		}
		if s, err := Parse("f.yaml", data); err == nil {
			s.Model()
		}
	})
}

// fuzzSeason is a small season for FuzzVariantSet.
const fuzzSeason = `name: tiny
calendar: {start: 2026-12-21, end: 2026-12-23, time_zone: Europe/London}
demand:
  orders_per_day: 100
  season_curve: [{date: 2026-12-21, factor: 1}]
  weekday_profile: {mon-sun: 1}
  hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
fulfilment:
  dispatch_capacity: 100
  cutoff: "15:00"
  delivery_hour: "13:00"
  promises: [{name: standard, share: 1, transit_days: 1}]
exceptions:
  - name: lost
    kind: lost
    probability: 0.05
    notice_delay: {dist: exponential, mean: 1d}
    channel_mix: {phone: 1}
    resolve: {team: claims, handle_time: {dist: exponential, mean: 20m}, outcomes: {reship: 1}}
teams:
  - {name: agents, headcount: 2, headcount_by_date: [{from: 2026-12-22, to: 2026-12-22, headcount: 1}]}
  - {name: claims, headcount: 1}
channels:
  - {name: phone, team: agents, handle_time: {dist: exponential, mean: 5m}}
  - {name: email, team: agents, deferred: true, arrivals: {rate: 1/h}, handle_time: {dist: exponential, mean: 5m}}
`
