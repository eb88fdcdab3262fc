package sim

import (
	"math"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/sim/stats"
)

// costSeason is smallSeason with its failures priced: orders with a value,
// lost and damaged parcels the company often finds before the customer,
// prices, the default churn model, and customers worth 200.
func costSeason(t testing.TB) *Model {
	m := smallSeason(t)
	se := m.Season
	var err error
	if se.OrderValue, err = NewLogNormal(45, 0.8); err != nil {
		t.Fatal(err)
	}
	for i := range se.Exceptions {
		if e := &se.Exceptions[i]; e.ResolveTeam >= 0 {
			e.DetectProb = 0.8
			if e.DetectDelay, err = NewExponential(4); err != nil {
				t.Fatal(err)
			}
		}
	}
	se.Costs = Costs{Reship: 6, Courier: 15, Credit: 10}
	se.Customer.Churn, se.Customer.Value = DefaultChurn(), 200
	return m
}

// metric returns the named metric of a replication.
func metric(t testing.TB, res *RepResult, name string) float64 {
	t.Helper()
	for _, m := range res.Metrics() {
		if m.Name == name {
			return m.Value
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// offered returns the contacts a replication's customers made on every
// channel, an accepted callback counted once.
func offered(res *RepResult) float64 {
	n := 0.0
	for _, c := range res.Channels {
		n += float64(c.Offered - c.CallbacksAccepted)
	}
	return n
}

// pairedEffect runs replications 0 to reps-1 of the model made by base and
// of the one made by base then cause, on seed 1 (common random numbers),
// and returns the interval of the paired differences of figure, cause
// minus none. It checks that every run conserves orders and cases.
func pairedEffect(t *testing.T, reps int, base func(testing.TB) *Model, cause func(*Model), figure func(*RepResult) float64) stats.Summary {
	t.Helper()
	without, with := make([]float64, reps), make([]float64, reps)
	for rep := range reps {
		a := runSeason(t, base(t), rep)
		m := base(t)
		cause(m)
		b := runSeason(t, m, rep)
		conserved(t, a)
		conserved(t, b)
		without[rep], with[rep] = figure(a), figure(b)
	}
	d := stats.SummarizePaired(without, with)
	t.Logf("paired difference %.4g [%.4g, %.4g] over %d replications (without the cause: %.4g)", d.Mean, d.Lo95, d.Hi95, reps, stats.Summarize(without).Mean)
	return d
}

// conserved checks that every order ends in one outcome and every case
// opened is resolved or open at the end.
func conserved(t *testing.T, res *RepResult) {
	t.Helper()
	s := res.Season
	var ended int64
	for _, n := range s.Outcomes {
		ended += n
	}
	if ended != s.Orders || s.CasesOpened != s.CasesResolved+s.OpenAtEnd {
		t.Fatalf("%d orders, %d outcomes; %d cases opened, %d resolved, %d open at the end", s.Orders, ended, s.CasesOpened, s.CasesResolved, s.OpenAtEnd)
	}
}

const directionReps = 8

func refundOnDetection(m *Model) { m.Season.Compensation = []Compensation{{Kind: CompensateRefund}} }

func creditOnDetection(m *Model) {
	m.Season.Compensation = []Compensation{{Kind: CompensateCredit, Amount: 10}}
}

func TestRefundOnDetectionMeansFewerContactsAndMoreCompensation(t *testing.T) {
	contacts := pairedEffect(t, directionReps, costSeason, refundOnDetection, offered)
	if !(contacts.Hi95 < 0) {
		t.Errorf("contacts offered with refunds on detection minus without: %.1f [%.1f, %.1f], want below 0", contacts.Mean, contacts.Lo95, contacts.Hi95)
	}
	perCase := pairedEffect(t, directionReps, costSeason, refundOnDetection, func(r *RepResult) float64 { return metric(t, r, "effort.contacts.mean") })
	if !(perCase.Hi95 < 0) {
		t.Errorf("contacts per case: %.3f [%.3f, %.3f], want below 0", perCase.Mean, perCase.Lo95, perCase.Hi95)
	}
	paid := pairedEffect(t, directionReps, costSeason, refundOnDetection, func(r *RepResult) float64 { return metric(t, r, "costs.compensation") })
	if !(paid.Lo95 > 0) {
		t.Errorf("compensation paid: %.0f [%.0f, %.0f], want above 0", paid.Mean, paid.Lo95, paid.Hi95)
	}
}

func TestCreditsMeanFewerCustomersLost(t *testing.T) {
	lost := pairedEffect(t, directionReps, costSeason, creditOnDetection, func(r *RepResult) float64 { return metric(t, r, "customers.lost") })
	if !(lost.Hi95 < 0) {
		t.Errorf("customers lost with credits on detection minus without: %.1f [%.1f, %.1f], want below 0", lost.Mean, lost.Lo95, lost.Hi95)
	}
}

func TestHigherCustomerValueMeansHigherCostOfFailure(t *testing.T) {
	cost := pairedEffect(t, directionReps, costSeason, func(m *Model) { m.Season.Customer.Value *= 2 },
		func(r *RepResult) float64 { return metric(t, r, "costs.failure") })
	if !(cost.Lo95 > 0) {
		t.Errorf("cost of failure with customers worth twice as much minus as they were: %.0f [%.0f, %.0f], want above 0", cost.Mean, cost.Lo95, cost.Hi95)
	}
}

func TestMoreEffortMeansMoreCustomersLost(t *testing.T) {
	lost := func(r *RepResult) float64 { return metric(t, r, "customers.lost") }
	tests := []struct {
		name  string
		cause func(*Model)
	}{
		{"fewer agents", func(m *Model) { m.Teams[0].Agents, m.Teams[2].Agents = 1, 1 }},
		{"customers chase sooner", func(m *Model) { m.Season.Customer.ChaseInterval = mustDist(t)(NewGamma(12, 0.5)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			effort := pairedEffect(t, directionReps, costSeason, tt.cause, func(r *RepResult) float64 { return metric(t, r, "effort.index.mean") })
			d := pairedEffect(t, directionReps, costSeason, tt.cause, lost)
			if !(effort.Lo95 > 0) || !(d.Lo95 > 0) {
				t.Errorf("effort index %.2f [%.2f, %.2f] and customers lost %.1f [%.1f, %.1f] more than the base; want both above 0",
					effort.Mean, effort.Lo95, effort.Hi95, d.Mean, d.Lo95, d.Hi95)
			}
		})
	}
}

// TestRefundOnDetectionEndsTheCase checks that a refund given on detection
// resolves the case at once: nothing left to chase, no resolution work.
func TestRefundOnDetectionEndsTheCase(t *testing.T) {
	m := costSeason(t)
	refundOnDetection(m)
	res := runSeason(t, m, 0)
	s := res.Season
	conserved(t, res)
	if s.Compensated == 0 || s.Outcomes[Refunded] < s.Compensated {
		t.Fatalf("%d cases compensated, %d orders refunded", s.Compensated, s.Outcomes[Refunded])
	}
	// The only refunds of the resolutions are those of cases the customer
	// noticed first; with nobody noticing first, none.
	for i := range m.Season.Exceptions {
		m.Season.Exceptions[i].DetectDelay = mustDist(t)(NewDeterministic(0))
		if m.Season.Exceptions[i].ResolveTeam >= 0 {
			m.Season.Exceptions[i].DetectProb = 1
		}
	}
	s = runSeason(t, m, 0).Season
	if s.Detected == 0 || s.Compensated < s.Detected {
		t.Fatalf("%d detected, %d compensated", s.Detected, s.Compensated)
	}
	if got := s.RefundCost; got != 0 {
		t.Errorf("refunds by resolution cost %v with every lost and damaged parcel refunded on detection", got)
	}
}

// TestChurnIsTheSumOfProbabilities checks customers.lost against the model
// where every case has the same probability, and that computing it draws no
// random numbers: only the churn and cost figures move.
func TestChurnIsTheSumOfProbabilities(t *testing.T) {
	a := runSeason(t, costSeason(t), 1)
	m := costSeason(t)
	m.Season.Customer.Churn = Churn{Base: 0.1}
	b := runSeason(t, m, 1)
	if want := 0.1 * float64(b.Season.CasesOpened); math.Abs(b.Season.CustomersLost-want) > 1e-9*want {
		t.Errorf("customers lost %v with a churn of 0.1 for every one of %d cases, want %v", b.Season.CustomersLost, b.Season.CasesOpened, want)
	}
	ma, mb := a.Metrics(), b.Metrics()
	for i := range ma {
		moves := ma[i].Name == "customers.lost" || strings.HasPrefix(ma[i].Name, "costs.")
		same := ma[i].Value == mb[i].Value || math.IsNaN(ma[i].Value) && math.IsNaN(mb[i].Value)
		if !moves && !same {
			t.Errorf("%s: %v with the default churn model, %v with another", ma[i].Name, ma[i].Value, mb[i].Value)
		}
	}
	m.Season.Customer.Churn.Attachment = 1
	if lost := runSeason(t, m, 1).Season.CustomersLost; lost != 0 {
		t.Errorf("%v customers lost who all stay whatever happens", lost)
	}
}

// TestCreditsChangeNoBehaviour checks that a credit on detection changes
// what it costs and who is lost, and nothing the customers or the company
// do.
func TestCreditsChangeNoBehaviour(t *testing.T) {
	a := runSeason(t, costSeason(t), 2)
	m := costSeason(t)
	creditOnDetection(m)
	b := runSeason(t, m, 2)
	ma, mb := a.Metrics(), b.Metrics()
	for i := range ma {
		moves := ma[i].Name == "customers.lost" || ma[i].Name == "cases.compensated" || strings.HasPrefix(ma[i].Name, "costs.")
		same := ma[i].Value == mb[i].Value || math.IsNaN(ma[i].Value) && math.IsNaN(mb[i].Value)
		if !moves && !same {
			t.Errorf("%s: %v without credits, %v with", ma[i].Name, ma[i].Value, mb[i].Value)
		}
	}
	if want := 10 * float64(b.Season.Compensated); !(b.Season.Compensation >= want) {
		t.Errorf("compensation %v for %d cases credited 10 each", b.Season.Compensation, b.Season.Compensated)
	}
}

// TestCostOfFailureAddsUp checks the cost figures against the counts they
// price, with refunds priced by costs.refund (orders without a value).
func TestCostOfFailureAddsUp(t *testing.T) {
	m := costSeason(t)
	m.Season.OrderValue = Dist{}
	m.Season.Costs.Refund = 40
	m.Season.Compensation = []Compensation{{Exceptions: []bool{true, false, false}, Kind: CompensateRefund}}
	res := runSeason(t, m, 0)
	s := res.Season
	get := func(name string) float64 { return metric(t, res, name) }
	if s.Compensated == 0 || s.Reships == 0 || s.Outcomes[Credited] == 0 {
		t.Fatalf("%d cases compensated, %d reships, %d credits: the season prices too little", s.Compensated, s.Reships, s.Outcomes[Credited])
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"costs.reships", get("costs.reships"), 6 * float64(s.Reships)},
		{"costs.couriers", get("costs.couriers"), 15 * float64(s.Couriers)},
		{"costs.credits", get("costs.credits"), 10 * float64(s.Outcomes[Credited])},
		// A lost parcel's case, refunded once on detection, is compensated
		// once.
		{"costs.compensation", get("costs.compensation"), 40 * float64(s.Compensated)},
		{"costs.refunds + costs.compensation", get("costs.refunds") + get("costs.compensation"), 40 * float64(s.Outcomes[Refunded])},
		{"costs.customers_lost", get("costs.customers_lost"), 200 * get("customers.lost")},
		{"costs.failure", get("costs.failure"), get("agents.cost") + get("costs.refunds") + get("costs.reships") + get("costs.couriers") +
			get("costs.credits") + get("costs.owed") + get("costs.compensation") + get("costs.customers_lost")},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-9*math.Max(1, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestChurnProbability(t *testing.T) {
	c := DefaultChurn()
	tests := []struct {
		name                string
		effort              float64
		missed, compensated bool
		want                float64
	}{
		// DOMAIN.md §5: 9% of low-effort (1 point), 96% of high-effort
		// (9 points) customers become more disloyal.
		{"low effort", 1, false, false, 0.09},
		{"high effort", 9, false, false, 0.96},
		{"no effort", 0, false, false, 0.05},
		{"missed deadline", 0, true, false, 1 / (1 + math.Exp(2.944439-2.8))},
		{"compensated", 3, false, true, 1 / (1 + math.Exp(2.944439-3*0.69+1))},
	}
	for _, tt := range tests {
		if got := c.Probability(tt.effort, tt.missed, tt.compensated); math.Abs(got-tt.want) > 0.006 {
			t.Errorf("%s: %.4f, want %.4f", tt.name, got, tt.want)
		}
	}
	c.Attachment = 0.75
	if got, want := c.Probability(9, false, false), 0.25*DefaultChurn().Probability(9, false, false); math.Abs(got-want) > 1e-12 {
		t.Errorf("with attachment 0.75: %v, want a quarter of %v", got, want/0.25)
	}
	for _, base := range []float64{0, 1} {
		c := Churn{Base: base, PerEffortPoint: 1, MissedDeadline: 1, Compensated: 1}
		if got := c.Probability(3, true, true); got != base {
			t.Errorf("base %v: %v", base, got)
		}
	}
}
