package scenarios

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/peaksim/peaksim/sim"
)

const (
	// maxSteps bounds a workflow: real processes have a handful of steps.
	maxSteps = 50
	// maxOrderValue bounds the values a branch compares orders with.
	maxOrderValue = 1e9
)

var (
	resolutionNames = []string{"reship", "courier", "refund", "credit"}
	conditionNames  = []string{"probability", "in_stock", "value_over", "authority", "deadline_reachable"}
	taskOrderNames  = []string{"fifo", "oldest_case", "deadline_first"}
	stepActions     = "work, handoff, wait, ask, branch, notify, resolve"
)

// workflow converts an exception's workflow: steps named and referred to by
// name, teams by name; then the structural checks of sim (a way to a
// resolution from every step, no unreachable step, no loop that takes no
// time), each reported at its step's key.
func (p *problems) workflow(key string, raw []rawStep, teamNames []string) sim.Workflow {
	if len(raw) > maxSteps {
		p.add(key, "must have at most %d steps, got %d", maxSteps, len(raw))
		return nil
	}
	names := make([]string, len(raw))
	seen := map[string]string{}
	for i, r := range raw {
		k := key + "[" + strconv.Itoa(i) + "]"
		names[i] = p.name(k+".name", r.Name)
		p.unique(seen, k, names[i], "step")
	}
	stepRef := func(k string, v any) int {
		name, ok := v.(string)
		switch i := slices.Index(names, name); {
		case v == nil:
			p.add(k, "required: the name of a step of this workflow")
		case !ok:
			p.add(k, "must be the name of a step, got %s", describe(v))
		case i < 0:
			p.add(k, "no step named %s; the steps are: %s", describe(name), strings.Join(names, ", "))
		default:
			return i
		}
		return -1
	}
	teamIndex := func(k string, v any, role string) int {
		return slices.Index(teamNames, p.teamRef(k, v, teamNames, role))
	}
	w := make(sim.Workflow, len(raw))
	ok, before := true, len(*p)
	for i, r := range raw {
		k := key + "[" + strconv.Itoa(i) + "]"
		st := sim.Step{Name: names[i], Next: -1}
		actions := 0
		for _, given := range []bool{r.Work != nil, r.Handoff != nil, r.Wait != nil, r.Ask != nil, r.Branch != nil, r.Notify != nil, r.Resolve != nil} {
			if given {
				actions++
			}
		}
		if actions != 1 {
			p.add(k, "needs exactly one of %s; got %d", stepActions, actions)
			ok = false
			continue
		}
		if r.Expect != nil && r.Notify == nil {
			p.add(k+".expect", "only for a notify step: the date the notice gives the customer")
		}
		if r.Next != nil {
			if r.Branch != nil || r.Resolve != nil {
				p.add(k+".next", "does not apply to a branch (then, else) or a resolve step (it ends the case)")
			}
			st.Next = stepRef(k+".next", r.Next)
		}
		switch {
		case r.Work != nil || r.Handoff != nil:
			st.Kind = sim.StepWork
			rw, wk := r.Work, k+".work"
			if r.Handoff != nil {
				rw, wk, st.Handoff = r.Handoff, k+".handoff", true
			}
			st.Team = teamIndex(wk+".team", rw.Team, "does this step's work")
			st.Time = p.positiveDist(wk+".time", rw.Time, "the time the work takes, e.g. {dist: lognormal, mean: 15m, cv: 0.6}")
			if rw.Verify != nil {
				st.Verify = p.flag(wk+".verify", rw.Verify)
			}
			switch {
			case rw.ContextLoss != nil && r.Handoff == nil:
				p.add(wk+".context_loss", "only for a handoff: the chance that the next team does not get the story")
			case rw.ContextLoss != nil:
				st.ContextLoss, _ = p.share(wk+".context_loss", rw.ContextLoss)
			}
		case r.Wait != nil:
			st.Kind = sim.StepWait
			st.Time = p.positiveDist(k+".wait", r.Wait, "")
		case r.Ask != nil:
			st.Kind = sim.StepAsk
			a, ak := r.Ask, k+".ask"
			st.Transit = p.positiveDist(ak+".transit", a.Transit, "the time the form takes each way, e.g. {dist: uniform, min: 1d, max: 3d} by post, 5m by email")
			st.RespondTime = p.positiveDist(ak+".respond_time", a.RespondTime, "how long the customer takes to answer, e.g. {dist: exponential, mean: 2d}")
			if a.Loss != nil {
				if st.Loss, _ = p.share(ak+".loss", a.Loss); st.Loss == 1 {
					p.add(ak+".loss", "must be less than 1: a form always lost never comes back")
				}
			}
			st.Respond = 1
			if a.Respond != nil {
				if st.Respond, _ = p.share(ak+".respond", a.Respond); st.Respond == 0 {
					p.add(ak+".respond", "must be more than 0: a customer who never answers keeps the case open for ever")
				}
			}
			if a.Reminder == nil {
				p.add(ak+".reminder", "required: the time after sending at which, with no form back, it is sent again, e.g. 10d")
			} else if h, ok := p.duration(ak+".reminder", a.Reminder); ok {
				if !(h > 0) {
					p.add(ak+".reminder", "must be more than 0")
				}
				st.Reminder = h
			}
			p.askOptions(ak, a, &st)
		case r.Branch != nil:
			st.Kind = sim.StepBranch
			p.branch(k+".branch", r.Branch, &st, stepRef, teamIndex)
		case r.Notify != nil:
			st.Kind = sim.StepNotify
			if b, isBool := r.Notify.(bool); !isBool || !b {
				p.add(k+".notify", "must be true (the step tells the customer where their case stands); got %s", describe(r.Notify))
			}
			if r.Expect != nil {
				st.Expect, _ = p.dist(k+".expect", r.Expect)
			}
		default:
			st.Kind = sim.StepResolve
			st.Shares = p.resolution(k+".resolve", r.Resolve)
		}
		w[i] = st
	}
	if !ok || len(*p) > before {
		// The structural checks need every step and reference built.
		return w
	}
	for _, sp := range w.Problems(len(teamNames)) {
		p.add(key+"["+strconv.Itoa(sp.Step)+"]", "%s", sp.Problem)
	}
	return w
}

// askRecipients are the values of ask.to, in order: false, then true for
// sim.Step.ToRecipient.
var askRecipients = []string{"customer", "recipient"}

// askOptions converts what an ask step may add to its medium: whom the
// form goes to, the company's losses, and the other medium customers may
// ask for.
func (p *problems) askOptions(ak string, a *rawAsk, st *sim.Step) {
	if a.To != nil {
		to, isString := a.To.(string)
		switch i := slices.Index(askRecipients, to); {
		case !isString || i < 0:
			p.add(ak+".to", "must be customer (the customer who claims, the default) or recipient (the order's recipient: for a gift, the surprise is spoiled); got %s", describe(a.To))
		default:
			st.ToRecipient = i == 1
		}
	}
	if a.LostOnReceipt != nil {
		if st.LostOnReceipt, _ = p.share(ak+".lost_on_receipt", a.LostOnReceipt); st.LostOnReceipt == 1 {
			p.add(ak+".lost_on_receipt", "must be less than 1: a company that loses every form it receives never acts on one")
		}
	}
	sw := a.Switch
	if sw == nil {
		return
	}
	k := ak + ".switch"
	if sw.Share == nil {
		p.add(k+".share", "required: the share of customers who ask for the form by this medium instead, e.g. 0.3")
	} else {
		st.Switch.Share, _ = p.share(k+".share", sw.Share)
	}
	st.Switch.Transit = p.positiveDist(k+".transit", sw.Transit, "the time the form takes each way by this medium, e.g. {dist: uniform, min: 1m, max: 30m} by email")
	if sw.Loss != nil {
		if st.Switch.Loss, _ = p.share(k+".loss", sw.Loss); st.Switch.Loss == 1 {
			p.add(k+".loss", "must be less than 1: a form always lost never comes back")
		}
	}
}

// branch converts a branch step's condition and its two ways on.
func (p *problems) branch(k string, b *rawBranch, st *sim.Step, stepRef func(string, any) int, teamIndex func(string, any, string) int) {
	cond, isString := b.If.(string)
	i := slices.Index(conditionNames, cond)
	switch {
	case b.If == nil:
		p.add(k+".if", "required: one of %s", strings.Join(conditionNames, ", "))
	case !isString || i < 0:
		p.add(k+".if", "must be one of %s; got %s", strings.Join(conditionNames, ", "), describe(b.If))
	default:
		st.If = sim.Condition(i)
	}
	need := func(name string, v any, what string) bool {
		if v == nil {
			p.add(k+"."+name, "required for if: %s: %s", cond, what)
			return false
		}
		return true
	}
	switch {
	case i == int(sim.IfProbability) && need("probability", b.Probability, "the chance of then, e.g. 0.3"):
		st.Probability, _ = p.share(k+".probability", b.Probability)
	case i == int(sim.IfValueOver) && need("value", b.Value, "the order value above which then applies, e.g. 50"):
		st.Value, _ = p.number(k+".value", b.Value, 0, maxOrderValue, "a value ≥ 0, e.g. 50")
	case i == int(sim.IfAuthority) && need("team", b.Team, "the team whose authority counts") && need("resolution", b.Resolution, "one of "+strings.Join(resolutionNames, ", ")):
		st.Team = teamIndex(k+".team", b.Team, "needs the authority")
		st.Authority, _ = p.resolutionName(k+".resolution", b.Resolution)
	case i == int(sim.IfDeadlineReachable) && need("days", b.Days, "the days a new parcel would take, e.g. 3"):
		n, _ := p.integer(k+".days", b.Days, 0, 365, "a number of days from 0 to 365")
		st.ReachDays = int(n)
	}
	st.Then = stepRef(k+".then", b.Then)
	st.Else = stepRef(k+".else", b.Else)
}

// resolution converts a resolve step: a resolution's name, or a mapping of
// resolutions to shares summing to 1.
func (p *problems) resolution(k string, v any) (shares [4]float64) {
	if m, isMap := v.(map[string]any); isMap {
		sum, ok := 0.0, true
		keys := make([]string, 0, len(m))
		for name := range m {
			keys = append(keys, name)
		}
		slices.Sort(keys)
		for _, name := range keys {
			r, rOK := p.resolutionName(joinKey(k, name), name)
			share, sOK := p.share(joinKey(k, name), m[name])
			ok = ok && sOK && rOK
			if rOK {
				shares[r] = share
			}
			sum += share
		}
		if ok {
			p.sumsToOne(k, sum, "shares of the resolutions")
		}
		return shares
	}
	if r, ok := p.resolutionName(k, v); ok {
		shares[r] = 1
	}
	return shares
}

func (p *problems) resolutionName(k string, v any) (sim.Resolution, bool) {
	name, isString := v.(string)
	i := slices.Index(resolutionNames, name)
	if !isString || i < 0 {
		p.add(k, "must be one of %s, or a mapping of them to shares, e.g. {reship: 0.7, refund: 0.3}; got %s", strings.Join(resolutionNames, ", "), describe(v))
		return 0, false
	}
	return sim.Resolution(i), true
}

// positiveDist converts a required distribution with a positive mean.
func (p *problems) positiveDist(k string, r *rawDist, example string) sim.Dist {
	if r == nil {
		if example == "" {
			example = "e.g. {dist: uniform, min: 2d, max: 5d}"
		}
		p.add(k, "required: %s", example)
		return sim.Dist{}
	}
	d, ok := p.dist(k, r)
	if ok && !(d.Mean() > 0) {
		p.add(k, "must have a positive mean: it takes time")
	}
	return d
}

// flag converts a yes/no key.
func (p *problems) flag(k string, v any) bool {
	b, isBool := v.(bool)
	if !isBool {
		p.add(k, "must be true or false, got %s", describe(v))
	}
	return b
}

// authority converts a team's list of resolutions it may give.
func (p *problems) authority(k string, v any) []sim.Resolution {
	list, isList := v.([]any)
	if !isList {
		p.add(k, "must be a list of resolutions, e.g. [courier, refund]; got %s", describe(v))
		return nil
	}
	var out []sim.Resolution
	for i, item := range list {
		if r, ok := p.resolutionName(k+"["+strconv.Itoa(i)+"]", item); ok {
			out = append(out, r)
		}
	}
	return out
}

// policies converts the season's policies.
func (p *problems) policies(pol *Policies, r *rawPolicies, teamNames []string) {
	if r == nil {
		return
	}
	if r.TaskOrder != nil {
		name, isString := r.TaskOrder.(string)
		if i := slices.Index(taskOrderNames, name); isString && i >= 0 {
			pol.TaskOrder = sim.TaskOrder(i)
		} else {
			p.add("policies.task_order", "must be one of %s; got %s", strings.Join(taskOrderNames, ", "), describe(r.TaskOrder))
		}
	}
	if e := r.Escalation; e != nil {
		if e.AfterContacts == nil {
			p.add("policies.escalation.after_contacts", "required: the number of contacts after which a case is escalated, e.g. 3")
		} else {
			n, _ := p.integer("policies.escalation.after_contacts", e.AfterContacts, 1, 100, "a number of contacts from 1 to 100")
			pol.EscalateAfter = int(n)
		}
		pol.EscalationTeam = p.teamRef("policies.escalation.team", e.Team, teamNames, "takes escalated cases")
	}
}

// seasonResources converts what workflows need from the rest of the
// season: the order value, the courier's time, and the teams' authority;
// and checks that a workflow that uses one has it.
func (p *problems) seasonResources(s *Scenario, raw *rawScenario) {
	se := s.Season
	if raw.Demand != nil && raw.Demand.OrderValue != nil {
		se.Demand.OrderValue = p.positiveDist("demand.order_value", plainDist(raw.Demand.OrderValue), "")
	}
	if raw.Fulfilment != nil && raw.Fulfilment.CourierTime != nil {
		se.Fulfilment.CourierTime = p.positiveDist("fulfilment.courier_time", raw.Fulfilment.CourierTime, "")
	}
	for i, t := range raw.Teams {
		if t.Authority != nil && i < len(s.Teams) {
			s.Teams[i].Authority = p.authority("teams["+strconv.Itoa(i)+"].authority", t.Authority)
		}
	}
	for i, e := range se.Exceptions {
		for j, st := range e.Workflow {
			k := "exceptions[" + strconv.Itoa(i) + "].workflow[" + strconv.Itoa(j) + "]"
			if st.Kind == sim.StepResolve && st.Shares[sim.ResolveCourier] > 0 && se.Fulfilment.CourierTime.Kind == sim.NoDist {
				p.add(k+".resolve", "a courier needs fulfilment.courier_time, e.g. {dist: uniform, min: 18h, max: 30h}")
			}
			if st.Kind == sim.StepBranch && st.If == sim.IfValueOver && se.Demand.OrderValue.Kind == sim.NoDist {
				p.add(k+".branch", "if: value_over needs demand.order_value, e.g. {dist: lognormal, mean: 45, cv: 0.8}")
			}
		}
	}
}

// plainDist returns r with its plain numbers written as hours, so that the
// distribution parser, which reads durations, reads a distribution of
// plain numbers (an order's value) as the same numbers.
func plainDist(r *rawDist) *rawDist {
	asHours := func(v any) any {
		switch x := v.(type) {
		case int, int64, uint64, float64:
			return fmt.Sprintf("%vh", x)
		case []any:
			out := make([]any, len(x))
			for i, item := range x {
				out[i] = fmt.Sprint(item) + "h"
				if _, isNumber := numeric(item); !isNumber {
					out[i] = item
				}
			}
			return out
		}
		return v
	}
	c := *r
	c.Mean, c.Value, c.Min, c.Mode, c.Max, c.SD, c.Values = asHours(c.Mean), asHours(c.Value), asHours(c.Min), asHours(c.Mode), asHours(c.Max), asHours(c.SD), asHours(c.Values)
	return &c
}
