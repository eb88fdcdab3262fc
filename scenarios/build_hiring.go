package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The bounds of a hiring plan's inputs.
const (
	maxForecastCases = 10
	maxCaseOrders    = 10 // a case with ten times the file's orders
	maxTrainingCost  = 1_000_000
	// maxOvertimeHours is a day's work a week on top of a contract: the
	// UK's 48-hour average week leaves about 10 above a full-time one.
	maxOvertimeHours   = 24
	maxOvertimePremium = 10
)

type rawHiring struct {
	FirstStart   any          `mapstructure:"first_start"`
	LastStart    any          `mapstructure:"last_start"`
	Training     any          `mapstructure:"training"`
	Ramp         *rawRamp     `mapstructure:"ramp" want:"a mapping with start_speed and weeks, e.g. {start_speed: 0.65, weeks: 6}"`
	Attrition    any          `mapstructure:"attrition"`
	TrainingCost any          `mapstructure:"training_cost"`
	Overtime     *rawOvertime `mapstructure:"overtime" want:"a mapping with hours_per_week and premium, e.g. {hours_per_week: 6, premium: 1.5}"`
}

type rawOvertime struct {
	HoursPerWeek any `mapstructure:"hours_per_week"`
	Premium      any `mapstructure:"premium"`
}

type rawForecastCase struct {
	Name   any `mapstructure:"name"`
	Weight any `mapstructure:"weight"`
	Orders any `mapstructure:"orders"`
	// Set is read from the YAML itself, as a variant's (caseScenarios).
	Set any `mapstructure:"set"`
}

// hiring converts a team's hiring section; c is the season's calendar, nil
// while its dates are unusable.
func (p *problems) hiring(key string, r *rawHiring, c *Calendar) *Hiring {
	h := &Hiring{}
	first, firstOK := p.requiredDate(key+".first_start", r.FirstStart, "the first date a class may start its training, e.g. 2026-09-07")
	last, lastOK := p.requiredDate(key+".last_start", r.LastStart, "the last hiring date: the last a class may start its training, e.g. 2026-11-16")
	h.FirstStart, h.LastStart = first, last
	if firstOK && lastOK && last.number() < first.number() {
		p.add(key+".last_start", "must be on or after first_start (%s), got %s", first, last)
	}
	if r.Training != nil {
		hours, ok := p.duration(key+".training", r.Training)
		switch {
		case ok && (hours < 0 || hours != float64(24*int(hours/24))):
			p.add(key+".training", "must be whole days, e.g. 3w or 10d, got %s", describe(r.Training))
		case ok && hours > 24*365:
			p.add(key+".training", "must be at most a year, got %s", describe(r.Training))
		case ok:
			h.TrainingDays = int(hours / 24)
		}
	}
	if firstOK && c != nil && c.Day(h.OnPhones(first)) >= c.Days() {
		p.add(key+".first_start", "a class starting on %s reaches the phones on %s, after the season ends on %s", first, h.OnPhones(first), c.End)
	}
	if r.Ramp != nil {
		h.Ramp = p.ramp(key+".ramp", r.Ramp, Date{}, true)
	}
	if r.Attrition != nil {
		f, ok := p.number(key+".attrition", r.Attrition, 0, 1, "a weekly share of the team's agents who leave, from 0 to less than 1, e.g. 0.01")
		if ok && f == 1 {
			p.add(key+".attrition", "must be less than 1: with attrition 1 every agent leaves in the first week")
		}
		h.Attrition = f
	}
	if r.TrainingCost != nil {
		h.TrainingCost, _ = p.number(key+".training_cost", r.TrainingCost, 0, maxTrainingCost, "a non-negative number, the cost of training one agent, e.g. 900")
	}
	if r.Overtime != nil {
		h.Overtime = p.overtime(key+".overtime", r.Overtime)
	}
	return h
}

// overtime converts a hiring section's planned overtime.
func (p *problems) overtime(key string, r *rawOvertime) *Overtime {
	o := &Overtime{}
	switch v, isString := r.HoursPerWeek.(string); {
	case r.HoursPerWeek == nil:
		p.add(key+".hours_per_week", "required: the most extra hours an agent may work in a week, e.g. 6")
	case isString:
		p.add(key+".hours_per_week", "must be a plain number of hours (the key gives the unit), e.g. hours_per_week: 6; got %s", describe(v))
	default:
		f, ok := p.number(key+".hours_per_week", r.HoursPerWeek, 0, maxOvertimeHours, fmt.Sprintf("a number of hours above 0 and at most %d, the most extra hours an agent may work in a week, e.g. 6", maxOvertimeHours))
		if ok && f == 0 {
			p.add(key+".hours_per_week", "must be above 0; leave overtime out for a plan without it")
		}
		o.HoursPerWeek = f
	}
	if r.Premium == nil {
		p.add(key+".premium", "required: an overtime hour's pay as a multiple of cost_per_hour, e.g. 1.5 for time and a half")
	} else {
		o.Premium, _ = p.number(key+".premium", r.Premium, 1, maxOvertimePremium, fmt.Sprintf("a multiple of cost_per_hour from 1 to %d, an overtime hour's pay, e.g. 1.5 for time and a half", maxOvertimePremium))
	}
	return o
}

// forecast converts a season's forecast cases.
func (p *problems) forecast(key string, raw []rawForecastCase) []ForecastCase {
	switch {
	case len(raw) == 0:
		p.add(key, "must list at least one case, e.g. [{name: expected, weight: 1, orders: 1}]")
		return nil
	case len(raw) > maxForecastCases:
		p.add(key, "must have at most %d cases, got %d", maxForecastCases, len(raw))
		return nil
	}
	var out []ForecastCase
	seen := map[string]string{}
	total, weighed := 0.0, true
	for i, r := range raw {
		k := key + "[" + strconv.Itoa(i) + "]"
		fc := ForecastCase{Name: p.name(k+".name", r.Name), Orders: 1}
		p.unique(seen, k, fc.Name, "forecast case")
		w, ok := p.number(k+".weight", r.Weight, 0, 1, "a share above 0 and at most 1, the planner's belief in the case, e.g. 0.25")
		if ok && w == 0 {
			p.add(k+".weight", "must be above 0: a case of weight 0 is not a case; remove it")
		}
		fc.Weight, weighed = w, weighed && ok && r.Weight != nil
		if r.Weight == nil {
			p.add(k+".weight", "required: a share above 0 and at most 1, e.g. 0.25")
		}
		total += w
		if r.Orders != nil {
			f, ok := p.number(k+".orders", r.Orders, 0, maxCaseOrders, "a factor above 0 of the file's orders, e.g. 1.2 for a fifth more")
			if ok && f == 0 {
				p.add(k+".orders", "must be above 0: a season without orders needs no plan")
			}
			fc.Orders = f
		}
		if _, ok := r.Set.(map[string]any); r.Set != nil && !ok {
			p.add(k+".set", "must be a mapping of key paths to values, as a variant's set, e.g. {exceptions.lost.probability: 0.01}; got %s", describe(r.Set))
		}
		out = append(out, fc)
	}
	if weighed {
		p.sumsToOne(key, total, "weights of the forecast cases")
	}
	return out
}

// caseScenarios builds, for every forecast case with a set, the season of
// s and of each of its variants in that case: the file's document with the
// variant's set and then the case's applied, checked like a file of its
// own, with its problems at the set entry that caused them. A case may not
// change the clock or the teams the plan hires for.
func caseScenarios(file string, root *yaml.Node, s *Scenario) problems {
	i := mapIndex(root, "forecast")
	if i < 0 || s.Season == nil || len(s.Season.Forecast) == 0 {
		return nil
	}
	cases := root.Content[i+1]
	if cases.Kind != yaml.SequenceNode {
		return nil
	}
	// Each scenario the file makes, with the set that made it.
	scs, sets := []*Scenario{s}, []*yaml.Node{nil}
	if vi := mapIndex(root, "variants"); vi >= 0 {
		for j, v := range root.Content[vi+1].Content {
			if j >= len(s.Variants) {
				break
			}
			var set *yaml.Node
			if si := mapIndex(v, "set"); si >= 0 {
				set = v.Content[si+1]
			}
			scs, sets = append(scs, s.Variants[j]), append(sets, set)
		}
	}
	var p problems
	for c, node := range cases.Content {
		node = unalias(node)
		si := mapIndex(node, "set")
		if si < 0 || c >= len(s.Season.Forecast) {
			continue
		}
		caseSet := unalias(node.Content[si+1])
		if caseSet.Kind != yaml.MappingNode {
			continue // the case's own check has said so
		}
		key := "forecast[" + strconv.Itoa(c) + "]"
		name := s.Season.Forecast[c].Name
		var settings []Setting
		for j := 0; j+1 < len(caseSet.Content); j += 2 {
			value, _ := yaml.Marshal(caseSet.Content[j+1])
			settings = append(settings, Setting{Path: caseSet.Content[j].Value, Value: strings.TrimSpace(string(value))})
		}
		for x, sc := range scs {
			set := &yaml.Node{Kind: yaml.MappingNode, Content: slices.Concat(setContent(sets[x]), caseSet.Content)}
			in, sp := derived(file, root, key, "forecast case "+name, node, set)
			if len(sp) > 0 {
				p = append(p, sp...)
				break // the same problems in every variant
			}
			if what := caseChange(sc, in); what != "" {
				p = append(p, &FieldError{Key: key + ".set", Line: caseSet.Line, Err: fmt.Errorf("changes the %s: a forecast case is the same season with other volumes and rates, planned for by the same teams; run it as a file of its own instead", what)})
				break
			}
			in.Name, in.Variant = sc.Name, sc.Variant
			sc.Season.Forecast[c].Set, sc.Season.Forecast[c].scenario = settings, in
		}
	}
	return p
}

// unalias returns the node an alias stands for, or n.
func unalias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func setContent(set *yaml.Node) []*yaml.Node {
	if set == nil {
		return nil
	}
	return set.Content
}

// caseChange names what a forecast case's scenario in changes of sc's
// that a hiring plan keeps: the clock, or the teams, whose staffing is
// what the plan decides (the planner staffs every case alike); empty when
// nothing.
func caseChange(sc, in *Scenario) string {
	if what := clockChange(sc, in); what != "" {
		return what
	}
	if !reflect.DeepEqual(sc.Teams, in.Teams) {
		return "teams"
	}
	return ""
}
