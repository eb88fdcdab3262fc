package sim

import (
	"fmt"
	"math"
)

// Costs are the prices of what a failure costs the company besides agent
// time ("Cost and outcome", PRODUCT.md): the cost of failure adds them up
// with the agents' cost, the compensation paid and the value of the
// customers lost. A price left at 0 is not counted.
type Costs struct {
	// Reship and Courier price each replacement sent by reship or by
	// courier; Credit each credit a resolution gives (a workflow's or
	// resolve's credit, not a proactive one: see Compensation).
	Reship, Courier, Credit float64
	// Refund prices a refund when the season has no OrderValue; with one,
	// a refund costs the order's value.
	Refund float64
}

// CompensationKind is what a compensation rule gives.
type CompensationKind uint8

// The kinds of proactive compensation.
const (
	// CompensateRefund refunds the order in full: the case is resolved at
	// once (outcome Refunded), and the customer has nothing to chase.
	CompensateRefund CompensationKind = iota
	// CompensateCredit gives a credit of Amount; the case stays open, since
	// the parcel may still come.
	CompensateCredit
	// CompensateShare gives a credit of Amount (a share from 0 to 1) of the
	// order's value; the case stays open.
	CompensateShare
)

// Compensation is a rule of the proactive compensation policy: when the
// company detects a failure before the customer notices it (see
// Exception.DetectProb), the first rule of Season.Compensation that
// matches the case's exception and order value says what the company gives,
// before anyone asks. Every detected failure is compensated: a reship that
// goes wrong and is detected again earns the rule's credit again.
//
// A compensated customer behaves as any customer told first: at the time
// they would have noticed, they wait for news, and chase after their chase
// interval if none comes. The compensation changes their churn probability
// (Churn.Compensated), not their chasing.
type Compensation struct {
	// Exceptions[e] is true when the rule applies to exception e (by the
	// index of Season.Exceptions); nil: to every exception.
	Exceptions []bool
	// The rule applies to orders of value MinValue or more and below
	// MaxValue (0: no upper bound). A band needs Season.OrderValue.
	MinValue, MaxValue float64
	Kind               CompensationKind
	// Amount is the credit (CompensateCredit) or the share of the order's
	// value (CompensateShare); unused for a refund.
	Amount float64
}

// Churn is the chance that a customer with a case is lost, from what the
// case cost them: a logistic model whose log-odds rise with the case's
// effort index and with a missed deadline and fall with proactive
// compensation, damped by the customer's attachment to the product:
//
//	logit q = logit(Base) + PerEffortPoint·effort index + MissedDeadline·[missed] − Compensated·[compensated]
//	p = q × (1 − Attachment)
//
// The zero Churn loses nobody (Base 0).
type Churn struct {
	// Base is the churn probability of a customer whose case cost no
	// effort (before attachment), from 0 to 1.
	Base float64
	// PerEffortPoint, MissedDeadline and Compensated are changes of the
	// log-odds, each 0 or more: per point of the effort index, for a case
	// that missed the customer's deadline, and for a customer compensated
	// proactively.
	PerEffortPoint, MissedDeadline, Compensated float64
	// Attachment is the share of customers who value the product enough to
	// stay whatever the case cost them, from 0 to 1.
	Attachment float64
}

// DefaultChurn reads the CEB figure (DOMAIN.md §5: 96% of customers with a
// high-effort experience become more disloyal, against 9% with a low-effort
// one) as churn, taking a low-effort case as 1 point of the effort index
// (one contact that settled it) and a high-effort one as 9 (five contacts,
// two of them failed, a handoff, ten days open: 5 + 1 + 0.5 + 2.5). The
// log-odds then rise by ln((0.96/0.04)/(0.09/0.91))/8 = 0.69 a point, and
// a case of 1 point is at 9% from a base of 5%. A missed deadline weighs
// 2.8, as much as 4 points: the at-risk rule it replaces puts a missed
// deadline on a par with 4 contacts (churn_contacts in the examples).
// Proactive compensation takes off 1.0, undoing about a point and a half
// of effort: no figure was found (DOMAIN.md has none), so it is a
// placeholder to calibrate. Attachment 0: "more disloyal" is read as lost,
// an upper bound.
func DefaultChurn() Churn {
	return Churn{Base: 0.05, PerEffortPoint: 0.69, MissedDeadline: 2.8, Compensated: 1.0}
}

// Probability returns the chance that a customer whose case took effort
// points of the effort index, missed its deadline or not and was
// compensated or not, is lost.
func (c Churn) Probability(effort float64, missed, compensated bool) float64 {
	logit := math.Log(c.Base) - math.Log1p(-c.Base) + c.PerEffortPoint*effort
	if missed {
		logit += c.MissedDeadline
	}
	if compensated {
		logit -= c.Compensated
	}
	return (1 - c.Attachment) / (1 + math.Exp(-logit))
}

// compensate applies the first compensation rule that matches case id,
// which the company has just detected, and reports whether it refunded the
// case (which ends it).
func (st *seasonState) compensate(s *simulation, id int32, now float64) bool {
	k := &st.cases[id]
	rule := st.compensation(k)
	if rule == nil {
		return false
	}
	if !k.compensated {
		k.compensated = true
		st.res.Compensated++
	}
	switch rule.Kind {
	case CompensateRefund:
		st.res.Compensation += st.refundPrice(k)
		k.earlyRefund = true
		st.resolve(s, id, now, Refunded)
		return true
	case CompensateCredit:
		st.res.Compensation += rule.Amount
	case CompensateShare:
		st.res.Compensation += rule.Amount * k.value
	}
	return false
}

// compensation returns the first compensation rule that matches case k,
// or nil.
func (st *seasonState) compensation(k *kase) *Compensation {
	for i := range st.spec.Compensation {
		c := &st.spec.Compensation[i]
		if (c.Exceptions == nil || c.Exceptions[k.exception]) && k.value >= c.MinValue && (c.MaxValue == 0 || k.value < c.MaxValue) {
			return c
		}
	}
	return nil
}

// refundPrice is what refunding case k costs: the order's value, or the
// season's price of a refund when orders have no value.
func (st *seasonState) refundPrice(k *kase) float64 {
	if st.spec.OrderValue.Kind != NoDist {
		return k.value
	}
	return st.spec.Costs.Refund
}

// charge adds what ending case k with outcome costs to the season's
// refunds: a refund by the company's resolution, at its price. A
// proactive refund counts as compensation instead.
func (st *seasonState) charge(k *kase, outcome Outcome) {
	switch {
	case outcome == Refunded && !k.earlyRefund:
		price := st.refundPrice(k)
		st.res.RefundCost += price
		k.charged += float32(price)
	case outcome == Credited:
		k.charged += float32(st.spec.Costs.Credit)
	}
}

// endedProblems are the problems of one exception that ended in the
// season, and what their remedies cost.
type endedProblems struct {
	count int64
	cost  float64
}

func (e *endedProblems) add(cost float64) { e.count++; e.cost += cost }

// owed is what problem k, unresolved at the end, is expected still to
// cost: the mean cost of the remedies of its exception's problems that
// ended in the season, less what its own have cost so far. A remedy on its
// way (a reship, a courier, a restocked order) owes nothing more. Without
// it, a variant that resolves more cases before the end pays their
// refunds and reships in the season and the other does not: letters that
// are no longer lost would raise the cost of failure.
func (st *seasonState) owed(k *kase) float64 {
	e := st.ended[k.exception]
	if k.stage == shipping || e.count == 0 {
		return 0
	}
	return max(e.cost/float64(e.count)-float64(k.charged), 0)
}

// validateCosts checks the prices, the compensation rules and the churn
// model.
func (s *Season) validateCosts() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("season: "+format, args...)) }
	money := func(v float64) bool { return v >= 0 && !math.IsInf(v, 0) }
	c := s.Costs
	if !money(c.Reship) || !money(c.Courier) || !money(c.Credit) || !money(c.Refund) {
		bad("costs must be finite and ≥ 0, got %+v", c)
	}
	valued := s.OrderValue.Kind != NoDist
	for i, r := range s.Compensation {
		if r.Exceptions != nil && len(r.Exceptions) != len(s.Exceptions) {
			bad("compensation rule %d: %d exception flags for %d exceptions", i+1, len(r.Exceptions), len(s.Exceptions))
		}
		if !money(r.MinValue) || !money(r.MaxValue) || (r.MaxValue != 0 && r.MaxValue <= r.MinValue) {
			bad("compensation rule %d: the value band must have 0 ≤ min < max (max 0: no bound), got %v to %v", i+1, r.MinValue, r.MaxValue)
		}
		if (r.MinValue != 0 || r.MaxValue != 0 || r.Kind == CompensateShare) && !valued {
			bad("compensation rule %d: a value band or a share of the value needs an order value", i+1)
		}
		switch r.Kind {
		case CompensateRefund:
		case CompensateCredit:
			if !money(r.Amount) {
				bad("compensation rule %d: the credit must be finite and ≥ 0, got %v", i+1, r.Amount)
			}
		case CompensateShare:
			if !(r.Amount >= 0 && r.Amount <= 1) {
				bad("compensation rule %d: the share of the value must be in [0, 1], got %v", i+1, r.Amount)
			}
		default:
			bad("compensation rule %d: unknown kind %d", i+1, r.Kind)
		}
	}
	ch, cu := s.Customer.Churn, s.Customer
	coefficient := func(v float64) bool { return v >= 0 && !math.IsInf(v, 0) }
	if !(ch.Base >= 0 && ch.Base <= 1 && ch.Attachment >= 0 && ch.Attachment <= 1) ||
		!coefficient(ch.PerEffortPoint) || !coefficient(ch.MissedDeadline) || !coefficient(ch.Compensated) {
		bad("churn: base and attachment must be in [0, 1], the coefficients finite and ≥ 0, got %+v", ch)
	}
	if !money(cu.Value) {
		bad("the value of a customer must be finite and ≥ 0, got %v", cu.Value)
	}
	return errs
}

// costMetrics returns the season's costs of failure, in currency, with
// agents, the agents' cost: what PRODUCT.md ("Cost and outcome") counts in
// the cost of failure.
func costMetrics(s *SeasonResult, agents float64) []seasonMetric {
	p := s.Prices
	refunds := s.RefundCost
	reships := float64(s.Reships) * p.Reship
	couriers := float64(s.Couriers) * p.Courier
	credits := float64(s.Outcomes[Credited]) * p.Credit
	lost := s.CustomersLost * s.CustomerValue
	m := func(name string, v float64, def string) seasonMetric {
		return seasonMetric{Metric{Name: name, Unit: s.CostUnit, Value: v}, def}
	}
	return []seasonMetric{
		m("costs.refunds", refunds, "refunds the company's resolutions gave (resolve outcomes, workflow steps, items no longer available), each at the order's value (demand.order_value) or at costs.refund; refunds given on detection count in costs.compensation"),
		m("costs.reships", reships, "reships sent times costs.reship"),
		m("costs.couriers", couriers, "replacements sent by courier times costs.courier"),
		m("costs.credits", credits, "credits the company's resolutions gave (orders that ended credited) times costs.credit; credits given on detection count in costs.compensation"),
		m("costs.compensation", s.Compensation, "credits and refunds given proactively when the company detected a failure, before the customer asked (policies.compensation); a refund at the order's value or at costs.refund"),
		m("costs.customers_lost", lost, "the value of the customers lost: customers.lost times customers.value, the lifetime value of a customer"),
		m("costs.owed", s.OwedCost, "what the remedies of the problems still unresolved at the end are expected to cost: each at the mean cost of the refunds, reships, couriers and credits of its exception's problems that ended in the season, less what its own have cost, and nothing more for a remedy on its way"),
		m("costs.failure", agents+refunds+reships+couriers+credits+s.OwedCost+s.Compensation+lost, "the cost of failure (PRODUCT.md, Cost and outcome): agents.cost plus costs.refunds, costs.reships, costs.couriers, costs.credits, costs.owed, costs.compensation and costs.customers_lost"),
	}
}
