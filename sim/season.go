package sim

import (
	"fmt"
	"github.com/peaksim/peaksim/sim/stats"
	"math"
	"slices"
)

// Season is the order-driven part of a Model: orders, their dispatch and
// delivery, what goes wrong with them, and the customers who then contact the
// company. A Model with a nil Season is a plain contact centre, the form the
// textbook queues take.
//
// The engine knows nothing of dates: the scenarios package turns the
// calendar (start date, time zone, weekdays, holidays, opening hours) into
// the per-hour and per-day arrays below. Hour h of the run is
// [h, h+1) in model time; day d is hours [24d, 24d+24).
type Season struct {
	// Currency is the unit of the season's costs, an ISO 4217 code; empty
	// for amounts in an unnamed currency (unit "currency").
	Currency string
	// OrdersPerHour[h] is the expected number of orders placed in hour h;
	// the count in each hour is Poisson with that mean. Its length is the
	// number of whole hours in the horizon.
	OrdersPerHour []float64
	// DispatchHour is the hour of day (0-23) of the warehouse cut-off: at
	// that hour of every day d, up to DispatchCapacity[d] undispatched
	// orders (oldest first, the shortest promise first among those of one
	// cut-off) are handed to the carrier. Capacity 0 means the warehouse is
	// closed that day. An order placed before a cut-off is promised to leave
	// at the first cut-off of a day with a capacity above 0, and to arrive
	// its promise's transit after it: the promise counts from the
	// placement, so an order that leaves later is late (see
	// Exception.LateOrders).
	DispatchHour     int
	DispatchCapacity []int
	// CarrierDays[d] is true when the carrier delivers on day d; transit
	// times count these days only.
	CarrierDays []bool
	// DeliveryHour is the hour of day at which parcels are delivered.
	DeliveryHour int
	// CarrierCapacity[d], when set, is the number of parcels the carrier
	// takes on day d at its promised speed: the parcels dispatched beyond it
	// become late parcels of exception OverloadException. nil: unlimited.
	CarrierCapacity   []int
	OverloadException int
	Promises          []Promise
	Exceptions        []Exception
	Customer          Customer
	// Stock, when set, splits orders among product groups whose stock can
	// run out: an order beyond the stock becomes a backordered case of
	// exception BackorderException (of kind Backordered), shipped when a
	// restock arrives; a reship needs stock too, and without any coming it
	// becomes a refund ("no longer available"). nil: stock never runs out.
	Stock              []StockGroup
	BackorderException int

	// StaleTracking, when its Share is above 0, is a tracking page that
	// shows "in fulfillment" while an order waits in the warehouse: of the
	// customers whose order still waits After hours past the cut-off it was
	// promised to leave at, a share Share write in that day, before the
	// order is late (a case of the late-orders exception). Without it the
	// page tells the truth, and the late-orders exception's SelfService is
	// the share of contacts it answers.
	StaleTracking StaleTracking

	// OrderValue, when set, is the value of an order, for workflow branches
	// on it (proof asked only above a value).
	OrderValue Dist
	// CourierTime is the time from sending a courier to the delivery; for
	// workflows that resolve by courier.
	CourierTime Dist
	// TaskOrder is the order in which teams take queued case work.
	TaskOrder TaskOrder
	// EscalationTeam takes escalated cases (Customer.EscalateAfter); -1
	// for none.
	EscalationTeam int
	// Compensation is the proactive compensation policy: its rules, the
	// first that matches applying, say what the company gives the customer
	// of a failure it detects first. nil: nothing.
	Compensation []Compensation
	// Costs price the failures, for the cost of failure.
	Costs Costs
}

// StaleTracking is a tracking page that does not show a warehouse's delay;
// see Season.StaleTracking.
type StaleTracking struct {
	Share, After float64
}

// StockGroup is a product group's stock.
type StockGroup struct {
	Name string
	// Share is the fraction of orders for this group; shares sum to 1.
	Share   float64
	Initial int64
	// Restocks arrive at the cut-off of their day, in day order.
	Restocks []Restock
}

// Restock is a delivery of units to the warehouse on day Day.
type Restock struct {
	Day   int
	Units int64
}

// Promise is a delivery promise (standard, next-day, express...).
type Promise struct {
	Name string
	// Share is the fraction of orders placed with this promise; the shares
	// of a season sum to 1.
	Share float64
	// TransitDays is the number of carrier days from dispatch to the
	// promised delivery (1: the next carrier day).
	TransitDays int
	// Transit, when set, replaces TransitDays with a distribution: each
	// parcel's promise is its draw in hours, rounded to whole carrier days.
	Transit Dist
}

// ExceptionKind says how an exception shows itself and how it ends.
type ExceptionKind uint8

// The exception kinds.
const (
	// Lost parcels never arrive: the customer notices after the promised
	// date, and only the company's resolution ends the case.
	Lost ExceptionKind = iota
	// Late parcels arrive Delay after the promised date, which ends the
	// case if nothing else has.
	Late
	// Misdelivered parcels go to someone else: like Lost for the customer.
	Misdelivered
	// Damaged, Faulty and WrongItem parcels arrive on time with a problem
	// the customer notices on delivery.
	Damaged
	Faulty
	WrongItem
	// Backordered orders wait for stock (see Season.Stock); the customer
	// notices when the promised date passes. Their resolution work decides
	// between waiting for the restock (the Reship share) and a refund or
	// credit; without a restock to come, it is a refund.
	Backordered
)

// Exception is one thing that can go wrong with a shipped parcel.
type Exception struct {
	Name string
	Kind ExceptionKind
	// Probability is the chance that a shipped parcel has this exception;
	// the probabilities of a season sum to at most 1.
	Probability float64
	// LoadRise makes the probability rise with the carrier's load: on a day
	// when the parcels dispatched are a share load of CarrierCapacity, the
	// probability is Probability·(1 + LoadRise·load). 0 (or no carrier
	// capacity): constant.
	LoadRise float64
	// DetectProb is the chance that the company detects the problem itself,
	// DetectDelay after the promised date; if that comes before the
	// customer notices, the company opens the case, starts the resolution
	// and tells the customer, who then waits for news instead of calling.
	DetectProb  float64
	DetectDelay Dist
	// Delay is how late a Late parcel arrives after its promised date.
	Delay Dist
	// NoticeDelay is the time from the promised date (Lost, Late,
	// Misdelivered) or the delivery (the others) until the customer first
	// contacts the company.
	NoticeDelay Dist
	// ChannelMix[i] is the probability that the first contact about such a
	// case comes through Model.Channels[i]; it sums to 1 and gives 0 to
	// channels that are not for customers' cases.
	ChannelMix []float64
	// ResolveTeam is the index of the team that resolves such cases, or -1
	// when the company has nothing to do (a late parcel simply arrives).
	// The work is queued when the first contact about the case is answered.
	ResolveTeam int
	ResolveTime Dist
	// Reship, Refund and Credit are the shares of resolutions of each kind;
	// they sum to 1. A reship goes through dispatch and the carrier again
	// and can go wrong again.
	Reship, Refund, Credit float64
	// Workflow, when set, is the process for such cases and replaces
	// ResolveTeam, ResolveTime and the shares (which amount to a workflow
	// of one work step and one resolve step).
	Workflow Workflow
	// SelfService is the share of the customer's contacts about such a
	// case that a self-service page (parcel tracking) answers: the customer
	// looks there instead of contacting, and waits for news again.
	SelfService float64
	// LateOrders marks the late exception that orders late against their
	// promise become when the customer notices: an order placed before a
	// cut-off is promised for that dispatch day plus its transit, so a
	// warehouse backlog makes orders late. Its NoticeDelay counts from the
	// promised date, its ChannelMix and policies apply, and the case ends
	// when the order arrives (or by its workflow). At most one exception,
	// of kind Late; none: a warehouse delay opens no cases.
	LateOrders bool
	// DataError is the chance that the problem comes from an error in the
	// order's details (a misspelt name or address): a reship or courier
	// repeats it, and goes wrong the same way, unless a workflow step
	// verified the details first.
	DataError float64
	// Unreachable, for a late exception the company does not work on (no
	// resolve team or workflow), is the share of its parcels whose driver,
	// having changed plans, could reach neither the customer nor the
	// company: at the late delivery attempt the parcel is left somewhere (a
	// neighbour, a safe place) and the tracking says delivered, so the case
	// becomes one of exception UnreachableAs (of kind Lost or Misdelivered),
	// which the customer notices its NoticeDelay after the attempt.
	Unreachable   float64
	UnreachableAs int
	// ReshipPromise, when above 0, is 1 + the index in Season.Promises of
	// the promise a reship of such a case is sent with (the retailer's
	// standard service for a redo of a next-day order); 0: the order's own.
	ReshipPromise int
	// DataErrorRepeat is the chance that a new parcel of a case whose
	// details are wrong repeats the error, drawn at each new parcel; one
	// that does not was got right this time, and the error is gone. 0
	// means 1: the error repeats on every new parcel until verified.
	DataErrorRepeat float64
}

// TaskOrder is the order in which a team takes the cases queued for its
// work.
type TaskOrder uint8

const (
	TasksFIFO          TaskOrder = iota // in the order the work was queued
	TasksOldestCase                     // the case opened longest ago first
	TasksDeadlineFirst                  // cases whose customer's deadline is still ahead first, then oldest case first
)

// Customer describes how customers with a case behave.
type Customer struct {
	// ChaseInterval is how long a customer waits for news after a contact
	// before contacting again: every such contact is failure demand. NoDist
	// means customers never chase.
	ChaseInterval Dist
	// RetryProb is the chance that a customer whose contact was abandoned
	// or rejected tries again after RetryDelay, on the same channel with
	// probability 1-SwitchProb, else on another channel of the case's mix.
	// Otherwise the customer waits for news (and chases, if they chase).
	RetryProb  float64
	RetryDelay Dist
	SwitchProb float64
	// DeadlineShare of customers need the order resolved by Deadline (in
	// hours of the run; a gift needed by 24 December), of those whose order
	// was promised for delivery by then.
	DeadlineShare float64
	Deadline      float64
	// A customer is at risk of churning when their case needed at least
	// ChurnContacts contacts (0: never by this rule) or missed its deadline.
	// The rule is kept for comparison with Churn, the model of customers
	// lost.
	ChurnContacts int
	// Churn gives each customer with a case the chance that they are lost;
	// Value is what a lost customer is worth (their lifetime value).
	Churn Churn
	Value float64
	// EffortWeights weigh the components of the effort index; see
	// EffortComponents.
	EffortWeights EffortWeights
	// NoticeDistrust is the share of dated notices (Step.Expect) a
	// customer does not believe: they chase on their usual interval. The
	// others wait until the date plus NoticeTolerance (NoDist: their chase
	// interval) before chasing. A dated notice whose date passes with the
	// case still open is broken: that customer believes no later notice, and
	// chases at BrokenChase times their usual interval from then on
	// (0 means 1: no sooner).
	NoticeDistrust  float64
	NoticeTolerance Dist
	BrokenChase     float64
	// EscalateAfter, when above 0, escalates a case whose customer has
	// made that many contacts: its queued work moves to the front of
	// Season.EscalationTeam's queue.
	EscalateAfter int
}

// EffortWeights weigh the drivers of customer effort into one index per
// case: index = Contacts·contacts + Failed·failed attempts + WaitHours·hours
// on hold in queues + ReplyWaitDays·days waiting, with no news, for a
// written reply or a callback + DaysOpen·days the case was open.
type EffortWeights struct {
	Contacts, Failed, WaitHours, ReplyWaitDays, DaysOpen float64
	// Actions weighs each thing asked of the customer (a form to fill in
	// and post), Handoffs each time the case passed to another team.
	Actions, Handoffs float64
}

// DefaultEffortWeights count a contact as one unit of effort, a failed
// attempt (abandoned or rejected) as half of one, an hour in a queue as one,
// a day waiting for a reply as one, and a day of waiting for a resolution
// as a quarter: the repeat contact is the strongest driver of disloyalty in
// the CEB research (DOMAIN.md §5). A day without a reply weighs as much as
// a contact because 24 hours is the commonest reply target (DOMAIN.md §3):
// past it the customer has been let down as surely as by having to contact
// again. Without it, slower replies would be less effort: a customer
// chases a chase interval after each answer, so the later the answers, the
// fewer the chases in the same days open.
func DefaultEffortWeights() EffortWeights {
	return EffortWeights{Contacts: 1, Failed: 0.5, WaitHours: 1, ReplyWaitDays: 1, DaysOpen: 0.25, Actions: 1, Handoffs: 0.5}
}

func (s *Season) validate(m *Model) []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("season: "+format, args...)) }
	hours, days := m.hours(), (m.hours()+23)/24
	if m.Warmup != 0 {
		bad("a season starts empty and measures everything: warm-up must be 0, got %v", m.Warmup)
	}
	if len(s.OrdersPerHour) < hours || slices.ContainsFunc(s.OrdersPerHour, func(r float64) bool { return !(r >= 0) || math.IsInf(r, 0) }) {
		bad("orders per hour must cover the %d hours with finite numbers ≥ 0", hours)
	}
	if len(s.DispatchCapacity) < days || len(s.CarrierDays) < days {
		bad("dispatch capacity and carrier days must cover the %d days", days)
	}
	if slices.ContainsFunc(s.DispatchCapacity, func(n int) bool { return n < 0 }) {
		bad("dispatch capacity must not be negative")
	}
	if s.CarrierCapacity != nil {
		if len(s.CarrierCapacity) < days || slices.ContainsFunc(s.CarrierCapacity, func(n int) bool { return n < 1 }) {
			bad("carrier capacity must cover the %d days with at least 1 parcel a day", days)
		}
		if s.OverloadException < 0 || s.OverloadException >= len(s.Exceptions) || s.Exceptions[s.OverloadException].Kind != Late {
			bad("parcels over the carrier's capacity need a late exception to become, got index %d", s.OverloadException)
		}
	}
	if s.DispatchHour < 0 || s.DispatchHour > 23 || s.DeliveryHour < 0 || s.DeliveryHour > 23 {
		bad("dispatch and delivery hours must be 0 to 23, got %d and %d", s.DispatchHour, s.DeliveryHour)
	}
	share := 0.0
	for _, p := range s.Promises {
		if !(p.Share >= 0) || p.TransitDays < 0 {
			bad("promise %s: share must be ≥ 0 and transit days ≥ 0", p.Name)
		}
		share += p.Share
	}
	if math.Abs(share-1) > 1e-6 {
		bad("promise shares must sum to 1, got %v", share)
	}
	prob := 0.0
	for _, e := range s.Exceptions {
		if !(e.Probability >= 0 && e.Probability <= 1) {
			bad("exception %s: probability must be in [0, 1], got %v", e.Name, e.Probability)
		}
		prob += e.Probability
		if len(e.ChannelMix) != len(m.Channels) {
			bad("exception %s: channel mix has %d entries for %d channels", e.Name, len(e.ChannelMix), len(m.Channels))
		} else if mix := stats.Sum(e.ChannelMix); math.Abs(mix-1) > 1e-6 || slices.ContainsFunc(e.ChannelMix, func(p float64) bool { return !(p >= 0) }) {
			bad("exception %s: channel mix must be shares ≥ 0 summing to 1, got %v", e.Name, mix)
		}
		errs = append(errs, e.Workflow.validate(m, e.Name)...)
		errs = append(errs, s.unreachableProblems(&e)...)
		if e.ReshipPromise < 0 || e.ReshipPromise > len(s.Promises) {
			bad("exception %s: reship promise %d out of range (1 + the index of a promise, or 0 for the order's own)", e.Name, e.ReshipPromise)
		}
		if !(e.SelfService >= 0 && e.SelfService <= 1) || !(e.DataError >= 0 && e.DataError <= 1) || !(e.DataErrorRepeat >= 0 && e.DataErrorRepeat <= 1) {
			bad("exception %s: self-service share and data error chances must be in [0, 1]", e.Name)
		}
		switch {
		case len(e.Workflow) > 0:
		case e.ResolveTeam >= len(m.Teams) || e.ResolveTeam < -1:
			bad("exception %s: resolve team index %d out of range", e.Name, e.ResolveTeam)
		case e.ResolveTeam >= 0:
			if e.ResolveTime.Kind == NoDist || math.Abs(e.Reship+e.Refund+e.Credit-1) > 1e-6 || e.Reship < 0 || e.Refund < 0 || e.Credit < 0 {
				bad("exception %s: resolution needs a handle time and outcome shares summing to 1", e.Name)
			}
		case e.Kind != Late:
			bad("exception %s: only a late parcel can end without the company's work", e.Name)
		}
		if e.Kind == Late && e.Delay.Kind == NoDist {
			bad("exception %s: a late parcel needs a delay", e.Name)
		}
		if e.NoticeDelay.Kind == NoDist {
			bad("exception %s: needs a notice delay", e.Name)
		}
		if !(e.LoadRise >= 0) || math.IsInf(e.LoadRise, 0) || !(e.DetectProb >= 0 && e.DetectProb <= 1) {
			bad("exception %s: load rise must be ≥ 0 and detection a probability", e.Name)
		}
		if e.DetectProb > 0 && (e.DetectDelay.Kind == NoDist || (e.ResolveTeam < 0 && len(e.Workflow) == 0)) {
			bad("exception %s: detection needs a delay and a team to resolve what it detects", e.Name)
		}
	}
	if s.Stock != nil {
		share := 0.0
		for _, g := range s.Stock {
			share += g.Share
			if !(g.Share >= 0) || g.Initial < 0 {
				bad("stock group %s: share and initial stock must not be negative", g.Name)
			}
			for i, r := range g.Restocks {
				if r.Units < 0 || r.Day < 0 || (i > 0 && r.Day < g.Restocks[i-1].Day) {
					bad("stock group %s: restocks must be in day order with units ≥ 0", g.Name)
				}
			}
		}
		if math.Abs(share-1) > 1e-6 {
			bad("stock group shares must sum to 1, got %v", share)
		}
		if s.BackorderException < 0 || s.BackorderException >= len(s.Exceptions) || s.Exceptions[s.BackorderException].Kind != Backordered {
			bad("orders beyond the stock need a backordered exception to become, got index %d", s.BackorderException)
		}
	}
	if t := s.StaleTracking; !(t.Share >= 0 && t.Share <= 1) || !(t.After >= 0) || math.IsInf(t.After, 0) {
		bad("stale tracking: share must be in [0, 1] and the time after the cut-off finite and ≥ 0")
	}
	lateOrders := 0
	for _, e := range s.Exceptions {
		if e.LateOrders {
			lateOrders++
		}
	}
	if lateOrders > 1 {
		bad("late orders become the cases of one exception, got %d", lateOrders)
	}
	for _, e := range s.Exceptions {
		if e.LateOrders && e.Kind != Late {
			bad("exception %s: late orders become a late exception, not %d", e.Name, e.Kind)
		}
		if e.Kind == Backordered && e.Probability != 0 {
			bad("exception %s: a backorder comes from the stock running out, not from a probability per parcel", e.Name)
		}
	}
	if s.Customer.EscalateAfter > 0 && (s.EscalationTeam < 0 || s.EscalationTeam >= len(m.Teams)) {
		bad("escalation after %d contacts needs an escalation team, got index %d", s.Customer.EscalateAfter, s.EscalationTeam)
	}
	for _, e := range s.Exceptions {
		for i, st := range e.Workflow {
			if st.Kind == StepResolve && st.Shares[ResolveCourier] > 0 && s.CourierTime.Kind == NoDist {
				bad("exception %s: workflow step %d resolves by courier, which needs a courier time", e.Name, i+1)
			}
			if st.Kind == StepBranch && st.If == IfValueOver && s.OrderValue.Kind == NoDist {
				bad("exception %s: workflow step %d branches on the order value, which needs an order value", e.Name, i+1)
			}
		}
	}
	if prob > 1+1e-9 {
		bad("exception probabilities sum to %v, more than 1", prob)
	}
	c := s.Customer
	if !(c.RetryProb >= 0 && c.RetryProb <= 1 && c.SwitchProb >= 0 && c.SwitchProb <= 1 && c.DeadlineShare >= 0 && c.DeadlineShare <= 1) {
		bad("customer probabilities must be in [0, 1]")
	}
	if !(c.NoticeDistrust >= 0 && c.NoticeDistrust <= 1) || !(c.BrokenChase >= 0 && c.BrokenChase <= 1) {
		bad("customers' distrust of notices and the chase factor after a broken notice must be in [0, 1]")
	}
	if c.RetryProb > 0 && c.RetryDelay.Kind == NoDist {
		bad("customers who retry need a retry delay")
	}
	return append(errs, s.validateCosts()...)
}
