package scenarios

import (
	"slices"
	"strconv"
	"strings"

	"github.com/peaksim/peaksim/sim"
)

const (
	// maxMoney bounds every price, credit and customer value: a billion in
	// the scenario's currency is beyond any one order or customer.
	maxMoney = 1e9
	// maxLogOdds bounds the churn model's coefficients: 100 is a factor of
	// e^100 on the odds, far past certainty.
	maxLogOdds        = 100
	maxCompensations  = 100
	compensationGives = "refund: true, credit or credit_share"
)

// Compensation is a rule of the proactive compensation policy; see
// sim.Compensation.
type Compensation struct {
	// Exceptions names the exceptions the rule applies to; nil: all.
	Exceptions []string
	// The rule applies to orders of value MinValue or more and below
	// MaxValue; MaxValue 0: no upper bound.
	MinValue, MaxValue float64
	Kind               sim.CompensationKind
	// Amount is the credit, or the share of the order's value.
	Amount float64
}

// failureCosts converts what prices the season's failures: the costs, the
// customers' churn model and value, and the proactive compensation policy.
// It comes after seasonResources, which reads the order value.
func (p *problems) failureCosts(s *Scenario, raw *rawScenario) {
	se := s.Season
	valued := raw.Demand != nil && raw.Demand.OrderValue != nil
	se.Customers.Churn = sim.DefaultChurn()
	if raw.Customers != nil {
		p.churn(&se.Customers, raw.Customers)
	}
	refundPriced := valued
	if raw.Costs != nil {
		p.costs(se, raw.Costs, valued)
		refundPriced = refundPriced || raw.Costs.Refund != nil
	}
	if raw.Policies != nil && raw.Policies.Compensation != nil {
		p.compensation(&se.Policies, raw.Policies.Compensation, raw.Exceptions, valued, refundPriced)
	}
}

// churn converts the churn model's parameters and the value of a customer.
func (p *problems) churn(cu *Customers, r *rawCustomers) {
	if r.Value != nil {
		cu.Value, _ = p.number("customers.value", r.Value, 0, maxMoney, "an amount from 0 to 1000000000: what a customer is worth over their lifetime, e.g. 200")
	}
	ch := r.Churn
	if ch == nil {
		return
	}
	const key = "customers.churn."
	if ch.Base != nil {
		cu.Churn.Base, _ = p.share(key+"base", ch.Base)
	}
	for _, c := range []struct {
		name string
		v    any
		to   *float64
	}{{"per_effort_point", ch.PerEffortPoint, &cu.Churn.PerEffortPoint}, {"missed_deadline", ch.MissedDeadline, &cu.Churn.MissedDeadline}, {"compensation", ch.Compensation, &cu.Churn.Compensated}} {
		if c.v != nil {
			*c.to, _ = p.number(key+c.name, c.v, 0, maxLogOdds, "a change of the log-odds from 0 to 100, e.g. 0.7")
		}
	}
	if ch.Attachment != nil {
		cu.Churn.Attachment, _ = p.share(key+"attachment", ch.Attachment)
	}
}

// costs converts the prices of failures; valued says whether the file
// gives orders a value, which is then the price of a refund.
func (p *problems) costs(se *Season, r *rawCosts, valued bool) {
	for _, c := range []struct {
		name string
		v    any
		to   *float64
	}{{"reship", r.Reship, &se.Costs.Reship}, {"courier", r.Courier, &se.Costs.Courier}, {"credit", r.Credit, &se.Costs.Credit}, {"refund", r.Refund, &se.Costs.Refund}} {
		if c.v != nil {
			*c.to, _ = p.number("costs."+c.name, c.v, 0, maxMoney, "an amount from 0 to 1000000000, e.g. 6")
		}
	}
	switch where := canRefund(se); {
	case r.Refund != nil && valued:
		p.add("costs.refund", "does not apply with demand.order_value: a refund costs the order's value")
	case r.Refund == nil && !valued && where != "":
		p.add("costs.refund", "required: %s can refund, and without demand.order_value a refund needs a price, e.g. 40 (or give demand.order_value)", where)
	}
}

// canRefund returns the key of the first thing of the season that can end
// in a refund by the company's resolution, or "" when nothing can.
func canRefund(se *Season) string {
	for i, e := range se.Exceptions {
		k := "exceptions[" + strconv.Itoa(i) + "]"
		if e.Resolve != nil && e.Resolve.Refund > 0 {
			return k + ".resolve.outcomes.refund"
		}
		for j, st := range e.Workflow {
			if st.Kind == sim.StepResolve && st.Shares[sim.ResolveRefund] > 0 {
				return k + ".workflow[" + strconv.Itoa(j) + "].resolve"
			}
		}
	}
	if se.Fulfilment.Stock != nil {
		return "fulfilment.stock (an item no longer available is refunded)"
	}
	return ""
}

// compensation converts the proactive compensation rules. rawExceptions
// says which exceptions the company can detect (those with detect);
// valued, whether orders have a value; refundPriced, whether a refund has
// a price (the order's value, or costs.refund).
func (p *problems) compensation(pol *Policies, raw []rawCompensation, rawExceptions []rawException, valued, refundPriced bool) {
	const key = "policies.compensation"
	switch {
	case len(raw) == 0:
		p.add(key, "must have at least one rule (leave compensation out for none)")
		return
	case len(raw) > maxCompensations:
		p.add(key, "must have at most %d rules, got %d", maxCompensations, len(raw))
		return
	}
	var names, detected []string
	for _, e := range rawExceptions {
		if name, ok := e.Name.(string); ok {
			names = append(names, name)
			if e.Detect != nil {
				detected = append(detected, name)
			}
		}
	}
	if len(detected) == 0 && len(names) > 0 {
		p.add(key, "no exception has detect: the company compensates the failures it finds before the customer does; add exceptions[].detect")
	}
	for i, r := range raw {
		k := key + "[" + strconv.Itoa(i) + "]"
		c := Compensation{Exceptions: p.compensated(k+".exceptions", r.Exceptions, names, detected)}
		var minOK, maxOK bool
		if r.MinValue != nil {
			c.MinValue, minOK = p.number(k+".min_value", r.MinValue, 0, maxOrderValue, "an order value from 0 to 1000000000, e.g. 50")
		}
		if r.MaxValue != nil {
			c.MaxValue, maxOK = p.number(k+".max_value", r.MaxValue, 0, maxOrderValue, "an order value from 0 to 1000000000, e.g. 100")
		}
		switch {
		case (r.MinValue != nil || r.MaxValue != nil) && !valued:
			band := "min_value"
			if r.MinValue == nil {
				band = "max_value"
			}
			p.add(k+"."+band, "a band of order values needs demand.order_value, e.g. {dist: lognormal, mean: 45, cv: 0.8}")
		case maxOK && (minOK || r.MinValue == nil) && c.MaxValue <= c.MinValue:
			p.add(k+".max_value", "must be above min_value (%s), got %s: the rule applies from min_value up to, not including, max_value",
				strconv.FormatFloat(c.MinValue, 'g', -1, 64), strconv.FormatFloat(c.MaxValue, 'g', -1, 64))
		}
		given := 0
		for _, v := range []any{r.Refund, r.Credit, r.CreditShare} {
			if v != nil {
				given++
			}
		}
		switch {
		case given == 0:
			p.add(k, "needs one of %s: what the company gives", compensationGives)
		case given > 1:
			p.add(k, "needs exactly one of %s; got %d", compensationGives, given)
		case r.Refund != nil:
			c.Kind = sim.CompensateRefund
			if b, isBool := r.Refund.(bool); !isBool || !b {
				p.add(k+".refund", "must be true (a full refund); for less, give credit or credit_share instead; got %s", describe(r.Refund))
			} else if !refundPriced {
				p.add(k+".refund", "a refund costs the order's value: needs demand.order_value, or costs.refund for its price")
			}
		case r.Credit != nil:
			c.Kind = sim.CompensateCredit
			c.Amount, _ = p.number(k+".credit", r.Credit, 0, maxMoney, "an amount from 0 to 1000000000, e.g. 10")
		default:
			c.Kind = sim.CompensateShare
			c.Amount, _ = p.share(k+".credit_share", r.CreditShare)
			if !valued {
				p.add(k+".credit_share", "a share of the order's value needs demand.order_value, e.g. {dist: lognormal, mean: 45, cv: 0.8}")
			}
		}
		pol.Compensation = append(pol.Compensation, c)
	}
}

// compensated converts a rule's list of exceptions: names of exceptions of
// the file that the company can detect, each once. nil (all) when v is.
func (p *problems) compensated(key string, v any, names, detected []string) []string {
	if v == nil {
		return nil
	}
	list, ok := p.list(key, v, "a list of exception names, e.g. [lost, late]")
	if !ok {
		return nil
	}
	if len(list) == 0 {
		p.add(key, "must name at least one exception (leave exceptions out for all)")
		return nil
	}
	out := []string{}
	for i, item := range list {
		ik := key + "[" + strconv.Itoa(i) + "]"
		name, isString := item.(string)
		switch {
		case !isString:
			p.add(ik, "must be the name of an exception, got %s", describe(item))
		case slices.Contains(out, name):
			p.add(ik, "%s is given twice", describe(name))
		case !slices.Contains(names, name) && closest(name, names) != "":
			p.add(ik, "no exception named %s; did you mean %s?", describe(name), closest(name, names))
		case !slices.Contains(names, name):
			p.add(ik, "no exception named %s; exceptions are: %s", describe(name), strings.Join(names, ", "))
		case !slices.Contains(detected, name):
			p.add(ik, "%s has no detect: the company never finds it before the customer does, so nothing compensates it", name)
		default:
			out = append(out, name)
		}
	}
	return out
}

// compileCosts fills in the prices, the churn model and the compensation
// rules of the engine's season.
func (se *Season) compileCosts(out *sim.Season) {
	out.Costs = se.Costs
	out.Customer.Churn, out.Customer.Value = se.Customers.Churn, se.Customers.Value
	for _, c := range se.Policies.Compensation {
		rule := sim.Compensation{MinValue: c.MinValue, MaxValue: c.MaxValue, Kind: c.Kind, Amount: c.Amount}
		if c.Exceptions != nil {
			rule.Exceptions = make([]bool, len(se.Exceptions))
			for i, e := range se.Exceptions {
				rule.Exceptions[i] = slices.Contains(c.Exceptions, e.Name)
			}
		}
		out.Compensation = append(out.Compensation, rule)
	}
}
