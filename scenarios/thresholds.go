package scenarios

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/peaksim/peaksim/sim"
	"go.yaml.in/yaml/v3"
)

// maxThresholds bounds the thresholds of a file.
const maxThresholds = 200

// Threshold is a target a scenario's metric must meet, judged by peaksim
// check on the metric's 95% confidence interval: it fails when the whole
// interval is on the wrong side of Value, or with Strict when any of it is.
type Threshold struct {
	// Expr is the threshold as written: "cases.resolution.p90 < 72h".
	Expr   string
	Metric string
	Op     string // <, <=, > or >=
	// Limit is the value as written (72h, 80%).
	Limit string
	// Value is in the metric's unit: hours for durations, a share from 0
	// to 1 for shares.
	Value  float64
	Strict bool
	// Variants lists the variants the threshold applies to; all when empty.
	// Each is a variant of the file (see checkThresholdVariants).
	Variants []string
	// key is where the threshold stands in its file (thresholds[2]), for
	// the problems found once the file's variants are known.
	key string
}

// Holds reports whether v satisfies the threshold's comparison.
func (t *Threshold) Holds(v float64) bool {
	switch t.Op {
	case "<":
		return v < t.Value
	case "<=":
		return v <= t.Value
	case ">":
		return v > t.Value
	default:
		return v >= t.Value
	}
}

// AppliesTo reports whether the threshold is for the given variant.
func (t *Threshold) AppliesTo(variant string) bool {
	return len(t.Variants) == 0 || slices.Contains(t.Variants, variant)
}

var thresholdExpr = regexp.MustCompile(`^\s*([A-Za-z0-9_.-]+)\s*(<=|>=|<|>)\s*(\S+)\s*$`)

// thresholds converts the thresholds of a file: each an expression, or a
// mapping with the expression in expr, the variants it applies to and
// strict. Metrics are checked against what the scenario reports.
func (p *problems) thresholds(s *Scenario, raw any) {
	if raw == nil {
		return
	}
	list, ok := raw.([]any)
	if !ok {
		p.add("thresholds", "must be a list of thresholds, e.g. [\"cases.resolution.p90 < 72h\", \"phone.service_level >= 80%%\"]; got %s", describe(raw))
		return
	}
	if len(list) > maxThresholds {
		p.add("thresholds", "must have at most %d thresholds, got %d", maxThresholds, len(list))
		return
	}
	units := metricUnits(s)
	for i, item := range list {
		key := "thresholds[" + strconv.Itoa(i) + "]"
		t := Threshold{key: key}
		expr, isString := item.(string)
		if m, isMap := item.(map[string]any); isMap {
			for k := range m {
				if !slices.Contains([]string{"expr", "variants", "strict"}, k) {
					p.add(joinKey(key, k), "unknown key; a threshold has expr, variants and strict")
				}
			}
			expr, isString = m["expr"].(string)
			if !isString {
				p.add(key+".expr", "required: the threshold, e.g. \"cases.resolution.p90 < 72h\"")
				continue
			}
			key += ".expr"
			if v, given := m["strict"]; given {
				t.Strict = p.flag(strings.TrimSuffix(key, ".expr")+".strict", v)
			}
			if v, given := m["variants"]; given {
				names, isList := v.([]any)
				if !isList {
					p.add(strings.TrimSuffix(key, ".expr")+".variants", "must be a list of variant names, e.g. [as-is]")
				}
				for j, n := range names {
					name, isName := n.(string)
					if !isName {
						p.add(t.key+".variants["+strconv.Itoa(j)+"]", "must be the name of a variant of the file; got %s", describe(n))
					}
					t.Variants = append(t.Variants, name)
				}
			}
		}
		if !isString {
			p.add(key, "must be an expression such as \"cases.resolution.p90 < 72h\", or a mapping with expr, variants and strict; got %s", describe(item))
			continue
		}
		if err := t.parse(expr, units); err != nil {
			p.add(key, "%v", err)
			continue
		}
		s.Thresholds = append(s.Thresholds, t)
	}
}

// ParseThreshold reads a threshold expression (a target of peaksim plan)
// against the metrics scenario sc reports.
func ParseThreshold(sc *Scenario, expr string) (Threshold, error) {
	var t Threshold
	return t, t.parse(expr, metricUnits(sc))
}

func metricUnits(sc *Scenario) map[string]string {
	units := map[string]string{}
	for _, m := range MetricDefs(sc.Model()) {
		units[m.Key] = m.Unit
	}
	return units
}

// parse reads expr into t: METRIC OP VALUE, the metric one of units.
func (t *Threshold) parse(expr string, units map[string]string) error {
	m := thresholdExpr.FindStringSubmatch(expr)
	if m == nil {
		return fmt.Errorf("must be METRIC OP VALUE with OP one of <, <=, >, >=, e.g. \"cases.resolution.p90 < 72h\"; got %q", expr)
	}
	t.Expr, t.Metric, t.Op = strings.TrimSpace(expr), m[1], m[2]
	unit, known := units[t.Metric]
	if !known {
		hint := ""
		var names []string
		for k := range units {
			names = append(names, k)
		}
		slices.Sort(names)
		if c := closest(t.Metric, names); c != "" {
			hint = "; did you mean " + c + "?"
		}
		return fmt.Errorf("no metric %s in this scenario%s (docs/metrics.md lists them)", t.Metric, hint)
	}
	v, ok := thresholdValue(m[3], unit)
	if !ok {
		return fmt.Errorf("%s is in %s: the value must be %s; got %q", t.Metric, unit, valueWant(unit), m[3])
	}
	t.Value, t.Limit = v, m[3]
	return nil
}

// thresholdValue reads a value in the metric's unit: a duration for hours
// and days (72h, 3d), a share as 0.8 or 80%, a plain number otherwise.
func thresholdValue(text, unit string) (float64, bool) {
	switch unit {
	case "hours", "days":
		h, err := ParseDuration(text)
		if err != nil {
			return 0, false
		}
		if unit == "days" {
			return h / 24, true
		}
		return h, true
	case "share":
		if pct, isPct := strings.CutSuffix(text, "%"); isPct {
			f, err := strconv.ParseFloat(pct, 64)
			return f / 100, err == nil && f >= 0 && f <= 100
		}
		f, err := strconv.ParseFloat(text, 64)
		return f, err == nil && f >= 0 && f <= 1
	default:
		f, err := strconv.ParseFloat(text, 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
}

func valueWant(unit string) string {
	switch unit {
	case "hours", "days":
		return "a duration with its unit, e.g. 72h or 3d"
	case "share":
		return "a share, e.g. 0.8 or 80%"
	default:
		return "a plain number, e.g. 1500"
	}
}

// MetricDefs lists the metrics a run of model m reports, in their order:
// each channel's, then for a season the season's and each team's.
func MetricDefs(m *sim.Model) []sim.MetricDef {
	var defs []sim.MetricDef
	for _, ch := range m.Channels {
		for _, d := range sim.ChannelMetrics() {
			d.Key = sim.ChannelMetricName(ch.Name, d.Key)
			defs = append(defs, d)
		}
	}
	if m.Season != nil {
		defs = append(defs, sim.SeasonMetricDefs()...)
		for _, t := range m.Teams {
			for _, d := range sim.TeamMetricDefs() {
				d.Key = sim.TeamMetricName(t.Name, d.Key)
				defs = append(defs, d)
			}
		}
	}
	return defs
}

// thresholdVariants checks that the variants each threshold of s picks are
// variants of the file, whose variants: list is node (nil when it has
// none): a misspelt one would make the threshold apply to nothing, and
// check pass without judging it. A threshold that a variant's set gives
// its document is checked there, at the set entry (see variantThresholds).
func (p *problems) thresholdVariants(ts []Threshold, node *yaml.Node) {
	var names []string
	if node != nil {
		names = elementNames(node)
	}
	for _, t := range ts {
		if len(t.Variants) > 0 && node == nil {
			p.add(t.key+".variants", "the file has no variants: a threshold's variants name some of those under variants:; declare them, or remove this key")
			continue
		}
		for j, name := range t.Variants {
			if what := unknownVariant(name, names); what != "" {
				p.add(t.key+".variants["+strconv.Itoa(j)+"]", "%s", what)
			}
		}
	}
}

// variantThresholds checks the thresholds a variant's set gave it (those
// that differ from the file's own, base) against the file's variants,
// names, and reports them at the variant's set entry for thresholds, or at
// the variant, whose node is v.
func variantThresholds(key, variant string, v *yaml.Node, ts, base []Threshold, names []string) problems {
	var p problems
	line := v.Line
	if i := mapIndex(v, "set"); i >= 0 && v.Content[i+1].Kind == yaml.MappingNode {
		set := v.Content[i+1]
		for j := 0; j+1 < len(set.Content); j += 2 {
			if path := set.Content[j].Value; strings.HasPrefix(strings.ToLower(path), "thresholds") {
				key, line = key+".set."+path, set.Content[j].Line
				break
			}
		}
	}
	for _, t := range ts {
		if slices.ContainsFunc(base, func(b Threshold) bool {
			return b.key == t.key && b.Expr == t.Expr && slices.Equal(b.Variants, t.Variants)
		}) {
			continue // the file's own, checked where it stands
		}
		bad := func(format string, args ...any) {
			p = append(p, &FieldError{Key: key, Line: line, Err: fmt.Errorf("in variant %s, %s", variant, fmt.Sprintf(format, args...))})
		}
		for j, name := range t.Variants {
			if what := unknownVariant(name, names); what != "" {
				bad("%s.variants[%d]: %s", t.key, j, what)
			}
		}
		// The variant's own threshold is judged on its run alone.
		if len(t.Variants) > 0 && !slices.Contains(t.Variants, variant) {
			bad("%s.variants: names only other variants (%s), so it would judge nothing; name %s, or leave variants out", t.key, strings.Join(t.Variants, ", "), variant)
		}
	}
	return p
}

// unknownVariant says what is wrong with name as one of a threshold's
// variants, a variant of the file's names; empty when it is one.
func unknownVariant(name string, names []string) string {
	switch {
	case slices.Contains(names, name):
		return ""
	case closest(name, names) != "":
		return fmt.Sprintf("no variant named %s; did you mean %s?", describe(name), closest(name, names))
	}
	return fmt.Sprintf("no variant named %s; the variants are %s", describe(name), strings.Join(names, ", "))
}
