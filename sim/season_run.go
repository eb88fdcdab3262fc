package sim

import (
	"math"
	"math/rand/v2"
	"slices"
)

// minCustomerDelay is the least time before a customer tries again or
// chases: a retry delay that can be 0 (an empirical table with a 0 in it)
// must not let a customer hammer a full voicemail box forever at one instant.
const minCustomerDelay = 1.0 / 60

// stage is where an open case stands, for the backlog by state.
type stage uint8

const (
	awaitingAnswer stage = iota // the customer has not had an answer yet
	inWork                      // the resolution is queued or in progress
	shipping                    // a reship, or a backordered order, on its way
	waitingOnly                 // answered; nothing for the company to do but wait (a late parcel, a restock, a carrier investigation)
	withCustomer                // the company waits for the customer: a form sent out
	numStages
)

var stageNames = [numStages]string{"awaiting_answer", "in_work", "shipping", "waiting", "with_customer"}

type caseState uint8

const (
	latent   caseState = iota + 1 // the parcel has a problem the customer has not noticed
	open                          // the customer has noticed
	resolved                      // slot free for reuse
)

// kase is one parcel that went wrong and, once noticed, the customer's case
// about it. Cases live in a slice with a free list; every event about a case
// carries a sequence number that the case remembers, so an event meant for a
// case that has since been resolved (and its slot reused) is recognised and
// skipped.
type kase struct {
	opened, due float64
	// affected is when the customer was affected: the promised date of a
	// parcel that did not come, or when a problem with one that did was
	// found. Resolution time counts from it, whoever opened the case, so
	// that detection does not move the clock.
	affected    float64
	wait        float64 // hours in queues, all contacts
	contacts    int32   // attempts, answered or not
	failed      int32   // attempts abandoned or rejected
	exception   int16
	nextChannel int32 // channel of the pending evCaseContact
	state       caseState
	stage       stage
	deadline    bool  // the customer needs it by Customer.Deadline
	answered    bool  // a contact about it has been answered
	awaitsReply bool  // a written message or callback of the customer's waits, with no news since
	working     bool  // the company is on it: resolution queued, in progress or reshipped
	notified    bool  // the company told the customer before they noticed
	posted      bool  // the pending evCaseContact delivers a letter already counted
	reshipped   bool  // its current parcel is a reship
	backordered bool  // its order waited for stock
	group       int16 // product group, when the season has stock
	dataError   bool  // the order's details are wrong, and a reship repeats the problem
	promise     int8  // the order's delivery promise
	lateOrder   bool  // opened because the order was late against its promise (see lateOrders)
	inWarehouse bool  // its order still waits for dispatch
	corrected   bool  // a workflow step verified the details
	unreachable bool  // its late parcel's driver will not reach the customer (Exception.Unreachable)
	formBack    bool  // the pending evStep is the form coming back, not a reminder
	switched    bool  // the customer asked for the current ask step's form by its other medium
	spoiled     bool  // a form sent to the recipient spoiled the gift's surprise
	escalated   bool
	distrusts   bool  // a notice of the company's has been broken
	busy        bool  // the workflow is in a step that takes time: work, a wait, a form
	compensated bool  // the company compensated the customer proactively (season_cost.go)
	earlyRefund bool  // by a refund, which counts as compensation, not as a refund of the resolution
	flow        int16 // the exception whose workflow the case runs (its exception may change: a reship goes wrong differently)
	step        int16 // the workflow step the case is at
	actions     int32 // things asked of the customer (forms sent)
	handoffs    int32 // times the case passed to another team
	taskTeam    int32
	// charged is what the company's remedies for the problem have cost so
	// far: reships and couriers sent, a refund or credit given. A float32
	// fills the hole before value; it only estimates what is still owed.
	charged float32
	value   float64 // the order's value, when the season has one
	// newsAt is when the customer last had news of the case: an answer, a
	// notice, its end (the parcel came, the refund was made).
	newsAt float64
	// replyWait is the hours the customer has spent waiting, with no news,
	// for a written reply or a callback, and silentSince when the current
	// such wait began (while awaitsReply).
	replyWait, silentSince float64
	// expectAt is the date the last believed notice promised, and
	// tolerance how long past it the customer waits; 0: none pending.
	expectAt, tolerance float64
	noticeSeq           uint64
	contactSeq          uint64
	chaseSeq            uint64
	deliverySeq         uint64
	detectSeq           uint64
	taskSeq             uint64 // the pending evTaskDone
	stepSeq             uint64 // the pending evStep: a wait ending, a form back or a reminder
	taskToken           uint64 // identifies the queued task, see taskQueue
	listToken           uint64 // identifies its entry in the dispatch or stock queue, see caseRef
	// inFlight counts contacts about the case that are queued or being
	// handled, and its resolution task in progress: a resolved case keeps
	// its slot until they end, so that they never touch another case that
	// reuses it (and the agent on the task is released).
	inFlight int32
	// key identifies the case's order, and seeds every draw about it by
	// purpose and occurrence (season_rng.go): a variant that changes the
	// staffing changes when things happen to a case, not its random
	// numbers; a customer who chases once more in one variant does not
	// shift the fate of the reship, nor their own next chase.
	key uint64
	// drawn counts the occurrences of each purpose so far.
	drawn [numPurposes]uint32
	// attempt is the contact occurrence of the pending evCaseContact, hop
	// the times it has come back.
	attempt uint64
	hop     uint8
}

// Outcome is how an order ended.
type Outcome uint8

// The outcomes; every order ends in exactly one.
const (
	OnTime             Outcome = iota // delivered as promised
	DeliveredLate                     // a late parcel arrived and ended the matter
	Reshipped                         // resolved by a reship that arrived
	BackorderDelivered                // a backordered order shipped after a restock and arrived
	Refunded
	Credited
	Unresolved   // a problem still open, unnoticed or on its way at the end
	Undispatched // never left the warehouse before the end
	numOutcomes
)

var outcomeNames = [numOutcomes]string{"on_time", "delivered_late", "reshipped", "backorder_delivered", "refunded", "credited", "unresolved", "undispatched"}

func (o Outcome) String() string { return outcomeNames[o] }

type seasonState struct {
	spec *Season
	// ordersSeed seeds the hourly order counts, orderSeed the orders'
	// identities (season_rng.go).
	ordersSeed, orderSeed uint64
	streams               caseStreams
	wh                    warehouse
	// lateOrderException is the exception that orders late against their
	// promise become when the customer notices (Exception.LateOrders); -1
	// for none.
	lateOrderException int
	undispatched       int64
	stock              []int64     // units in the warehouse per product group
	nextRestock        []int       // per group, its first restock still to come
	backorders         [][]caseRef // per group, cases waiting for stock, oldest first
	reships            []caseRef   // cases waiting for dispatch: reships and restocked backorders
	cases              []kase
	free               []int32
	open               int
	stages             [numStages]int // open cases by stage
	tokens             uint64
	// groupShares are the product groups' shares of the orders; baseProbs
	// the exceptions' probabilities at the carrier's base load, and
	// baseRisk their sum capped at 1: what a reship risks.
	groupShares []float64
	baseProbs   []float64
	baseRisk    float64
	// workflows[e] is exception e's process; an exception described by
	// its resolve team and shares gets the workflow they amount to.
	workflows []Workflow
	// ended[e] are exception e's problems that ended in the season and
	// what their remedies cost: what a problem still unresolved at the end
	// is expected to cost (owed).
	ended []endedProblems
	res   *SeasonResult
	jr    *journal // nil without a Journal
}

func newSeasonState(m *Model, seed uint64, rep int) *seasonState {
	sp := m.Season
	days := (m.hours() + 23) / 24
	st := &seasonState{
		spec:       sp,
		ordersSeed: StreamSource(seed, rep, "orders").Uint64(),
		orderSeed:  StreamSource(seed, rep, "cases").Uint64(),
		streams:    newCaseStreams(),
		wh:         newWarehouse(sp),
		res:        newSeasonResult(m, days),
		ended:      make([]endedProblems, len(sp.Exceptions)),
	}
	for _, g := range sp.Stock {
		st.stock = append(st.stock, g.Initial)
		st.groupShares = append(st.groupShares, g.Share)
	}
	st.baseProbs, st.baseRisk = st.risks(0, nil)
	st.lateOrderException = slices.IndexFunc(sp.Exceptions, func(e Exception) bool { return e.LateOrders })
	st.nextRestock = make([]int, len(sp.Stock))
	st.backorders = make([][]caseRef, len(sp.Stock))
	for _, e := range sp.Exceptions {
		w := e.Workflow
		if len(w) == 0 && e.ResolveTeam >= 0 {
			w = Workflow{
				{Name: "resolve", Kind: StepWork, Team: e.ResolveTeam, Time: e.ResolveTime, Next: -1},
				{Name: "outcome", Kind: StepResolve, Shares: [numResolutions]float64{ResolveReship: e.Reship, ResolveRefund: e.Refund, ResolveCredit: e.Credit}},
			}
		}
		st.workflows = append(st.workflows, w)
	}
	return st
}

func (st *seasonState) handle(s *simulation, e Event) {
	k := &st.cases[e.ID]
	switch e.Kind {
	case evNotice:
		if k.noticeSeq == e.Seq {
			if st.jr != nil && k.state != resolved {
				st.jr.tellCase(Noticed, e.ID, e.T)
			}
			switch {
			case k.notified:
				// Told by the company before noticing: the customer waits
				// for news, and chases if none comes.
				k.notified = false
				st.scheduleChase(s, e.ID, e.T)
			case k.state == latent:
				st.notice(s, e.ID, e.T)
			case k.state == open: // a reship went wrong too
				st.reach(s, e.ID, e.T)
			}
		}
	case evDetect:
		if k.detectSeq == e.Seq && k.state != resolved {
			st.detect(s, e.ID, e.T)
		}
	case evCaseContact:
		if k.contactSeq == e.Seq && k.state == open {
			k.hop++
			st.contact(s, e.ID, k.nextChannel, e.T, st.stream(k, forContact, k.attempt|uint64(k.hop)))
		}
	case evChase:
		if k.chaseSeq == e.Seq && k.state == open {
			if k.expectAt > 0 {
				// The date came and went: the notice was wrong.
				st.res.BrokenNotices++
				k.expectAt, k.distrusts = 0, true
			}
			st.reach(s, e.ID, e.T)
		}
	case evTaskDone:
		if k.taskSeq == e.Seq {
			st.taskDone(s, e.ID, e.T)
		}
	case evStep:
		if k.stepSeq == e.Seq && k.state == open {
			st.stepEvent(s, e.ID, e.T)
		}
	case evDelivered:
		if k.deliverySeq == e.Seq && k.state != resolved {
			if st.jr != nil {
				st.jr.tellCase(Delivered, e.ID, e.T)
			}
			switch {
			case k.unreachable:
				st.leftSomewhere(s, e.ID, e.T)
			case k.reshipped:
				st.resolve(s, e.ID, e.T, Reshipped)
			case k.backordered:
				st.resolve(s, e.ID, e.T, BackorderDelivered)
			default:
				st.resolve(s, e.ID, e.T, DeliveredLate)
			}
		}
	}
}

// hour places the hour's orders, dispatches at the cut-off, and samples the
// hourly series.
func (st *seasonState) hour(s *simulation, h int, now float64) {
	sp, r := st.spec, st.res
	day := h / 24
	if lambda := sp.OrdersPerHour[h]; lambda > 0 {
		if sp.Stock == nil {
			st.placeOrders(h, lambda)
		} else {
			st.placeWithStock(s, lambda, h)
		}
	}
	if h%24 == sp.DispatchHour {
		st.dispatchDay(s, day)
	}
	r.OpenCases[h] = float64(st.open)
	for i, n := range st.stages {
		r.OpenByStage[i][h] = float64(n)
	}
	r.UndispatchedOrders[h] = float64(st.undispatched)
	for i := range s.channels {
		cs := &s.channels[i]
		r.Queued[i][h] = float64(cs.waiting)
		if cs.head != nilID {
			r.OldestWait[i][h] = now - s.contacts[cs.head].arrival
		}
	}
}

// dispatchDay ships the day's capacity, reships first, then the orders
// (see dispatchOrders), and opens the cases of customers whose order still
// waits past its promised date. Only orders that go wrong or are noticed
// late become entities: the cost of a season follows what goes wrong, not
// the number of orders.
func (st *seasonState) dispatchDay(s *simulation, day int) {
	sp := st.spec
	st.restock(day)
	if capacity := int64(sp.DispatchCapacity[day]); capacity > 0 {
		var nReships int64
		i := 0
		for ; i < len(st.reships) && nReships < capacity; i++ {
			if id, ok := st.deref(st.reships[i]); ok {
				r := st.next(&st.cases[id], forParcel)
				st.ship(s, id, day, r.Uint64(), r)
				nReships++
			}
		}
		st.reships = append(st.reships[:0], st.reships[i:]...)
		st.dispatchOrders(s, day, capacity-nReships, nReships)
	}
	st.noticeWaiting(s, day)
}

// shippedCase opens the case of a shipped parcel with exception ei and
// promise p, promised for promised, of the order whose hash is h; with
// stock groups, the parcel's group is drawn by the groups' shares.
func (st *seasonState) shippedCase(ei int16, p int, promised float64, h uint64) int32 {
	id := st.newCase(ei, splitmix64(h^saltCase), promised)
	st.cases[id].promise = int8(p)
	if st.spec.Stock != nil {
		k := &st.cases[id]
		k.group = int16(race(st.stream(k, forOrder, 1).Uint64(), st.groupShares, -1))
	}
	return id
}

// placeWithStock places the hour's orders group by group and promise by
// promise: each count is Poisson with its shares of the hour's mean (a split
// Poisson process), and the orders beyond a group's stock wait for a
// restock as backorders, late against their promise when it passes. A
// backorder is known by its hour, group, promise and rank among the
// hour's orders of that group and promise.
func (st *seasonState) placeWithStock(s *simulation, lambda float64, h int) {
	sp := st.spec
	c := st.cohortFor(h)
	for g, group := range sp.Stock {
		for p, pr := range sp.Promises {
			if group.Share == 0 || pr.Share == 0 {
				continue
			}
			n := st.orderCount(lambda*group.Share*pr.Share, h, g, p)
			st.placed(h, n)
			take := min(n, st.stock[g])
			st.stock[g] -= take
			st.queueOrders(c, p, take)
			if st.jr != nil {
				c.mark(p, h)
			}
			base := orderBase(st.orderSeed, 1, uint64(h), uint64(g), uint64(p))
			for rank := take; rank < n; rank++ {
				id := st.newCase(int16(sp.BackorderException), splitmix64(orderHash(base, rank)^saltCase), st.promisedTime(c.day, p))
				k := &st.cases[id]
				k.group, k.backordered, k.promise = int16(g), true, int8(p)
				if st.jr != nil {
					st.tellPlaced(id, h)
				}
				st.problemDue(s, id, st.promisedTime(c.day, p), st.next(k, forParcel))
				st.backorders[g] = append(st.backorders[g], st.ref(id))
			}
		}
	}
}

// caseRef holds a case's place in a list (the queue for dispatch, for
// stock): the token tells a live entry from one whose case has meanwhile
// been resolved, and its slot perhaps reused.
type caseRef struct {
	kase  int32
	token uint64
}

// ref enters case id in a list, replacing any entry it had in another.
func (st *seasonState) ref(id int32) caseRef {
	st.tokens++
	st.cases[id].listToken = st.tokens
	return caseRef{id, st.tokens}
}

// deref returns the case of a list entry, and false if the entry is stale.
func (st *seasonState) deref(r caseRef) (int32, bool) {
	k := &st.cases[r.kase]
	return r.kase, k.listToken == r.token && k.state != resolved
}

// restock adds the day's deliveries to the stock and gives it to the
// backorders first, oldest first; they ship with the reships.
func (st *seasonState) restock(day int) {
	for g, group := range st.spec.Stock {
		for ; st.nextRestock[g] < len(group.Restocks) && group.Restocks[st.nextRestock[g]].Day <= day; st.nextRestock[g]++ {
			st.stock[g] += group.Restocks[st.nextRestock[g]].Units
		}
		// A case the company is still working on keeps its place until its
		// workflow has decided (it may be refunded): shipping it meanwhile
		// would run two resolutions at once.
		waiting, kept := st.backorders[g], st.backorders[g][:0]
		for _, ref := range waiting {
			id, ok := st.deref(ref)
			switch {
			case !ok:
			case st.stock[g] == 0 || st.cases[id].busy:
				kept = append(kept, ref)
			default:
				st.stock[g]--
				st.reships = append(st.reships, st.ref(id))
				st.setStage(&st.cases[id], shipping)
			}
		}
		st.backorders[g] = kept
	}
}

// restockComing reports whether product group g has a restock to come.
func (st *seasonState) restockComing(g int16) bool {
	return st.spec.Stock != nil && st.nextRestock[g] < len(st.spec.Stock[g].Restocks)
}

// takeStock takes one unit of group g for a reship, reporting whether there
// was one; without stock groups, there always is.
func (st *seasonState) takeStock(g int16) bool {
	if st.spec.Stock == nil {
		return true
	}
	if st.stock[g] == 0 {
		return false
	}
	st.stock[g]--
	return true
}

// probability returns exception ei's probability at the carrier's load,
// the probabilities together capped at 1.
func (st *seasonState) probability(ei int, load float64) float64 {
	e := &st.spec.Exceptions[ei]
	return min(e.Probability*(1+e.LoadRise*load), 1)
}

// risks returns in probs (reused) each exception's probability at the
// carrier's load, and their sum capped at 1: the chance a parcel goes wrong.
func (st *seasonState) risks(load float64, probs []float64) ([]float64, float64) {
	probs, total := probs[:0], 0.0
	for ei := range st.spec.Exceptions {
		probs = append(probs, st.probability(ei, load))
		total += probs[ei]
	}
	return probs, min(total, 1)
}

// ship sends a case's parcel (a reship, or an order that waited with a
// case), which can go wrong like any parcel: hash h decides whether and
// how, as for an order shipped without a case, and r is the parcel's
// stream.
func (st *seasonState) ship(s *simulation, id int32, day int, h uint64, r *rand.Rand) {
	k := &st.cases[id]
	if st.jr != nil {
		st.tellDispatched(id, s.cal.Now(), false)
	}
	if st.repeatsDataError(k, r) {
		st.problem(s, id, day, r)
		return
	}
	// A reship is one parcel among the day's: it sees the probabilities at
	// the carrier's base load.
	if unit(h) < st.baseRisk {
		k.exception = int16(race(h^saltWhich, st.baseProbs, -1))
		st.problem(s, id, day, r)
		return
	}
	k.due = st.deliveryTime(day, st.transit(k, r))
	k.deliverySeq = s.cal.Schedule(k.due, evDelivered, id)
}

// repeatsDataError reports whether a new parcel for case k goes wrong the
// same way as the first because nobody corrected the order's details; it
// counts it when it does.
func (st *seasonState) repeatsDataError(k *kase, r *rand.Rand) bool {
	if !k.dataError || k.corrected || !st.dataErrorRepeats(k, r) {
		return false
	}
	st.res.DataErrorsRepeated++
	return true
}

// transit returns the carrier days case k's parcel takes by its promise:
// the promise's transit days, or a draw of its transit distribution from
// the parcel's stream r.
func (st *seasonState) transit(k *kase, r *rand.Rand) int {
	pr := &st.spec.Promises[k.promise]
	if pr.Transit.Kind == NoDist {
		return pr.TransitDays
	}
	return int(math.Round(pr.Transit.Sample(r) / 24))
}

// deliveryTime returns the hour a parcel dispatched on day is promised: the
// transit-th carrier day after it, at the delivery hour.
func (st *seasonState) deliveryTime(day, transit int) float64 {
	return st.spec.deliveryTime(day, transit)
}

// deliveryTime is seasonState.deliveryTime, for the estimate too.
func (s *Season) deliveryTime(day, transit int) float64 {
	d := day
	for left := transit; left > 0; {
		d++
		if d >= len(s.CarrierDays) || s.CarrierDays[d] {
			left--
		}
	}
	return float64(24*d + s.DeliveryHour)
}

// newCase opens a latent case with exception for the order whose case key
// is key, promised for promised, and draws the order's attributes.
func (st *seasonState) newCase(exception int16, key uint64, promised float64) int32 {
	id := slot(&st.cases, &st.free)
	k := &st.cases[id]
	*k = kase{exception: exception, state: latent, taskTeam: -1, nextChannel: -1, key: key}
	if st.jr != nil {
		st.jr.newCase(id)
	}
	st.res.Parcels++
	r := st.stream(k, forOrder, 0)
	// Drawn only when the scenario has them, so that a scenario without
	// keeps the random numbers it always had.
	if p := st.spec.Exceptions[exception].DataError; p > 0 {
		k.dataError = r.Float64() < p
	}
	if st.spec.OrderValue.Kind != NoDist {
		k.value = st.spec.OrderValue.Sample(r)
	}
	// A customer whose order was promised for after the deadline did not
	// buy it for then (nobody orders a Christmas gift in the January sales):
	// counted, such cases would miss a deadline no process could meet, and
	// a variant that moves orders across it (a cut-off, a dispatch day)
	// would seem to meet more deadlines by having fewer of them. The
	// uniform is drawn all the same, so that the draws after it stay put.
	c := &st.spec.Customer
	k.deadline = r.Float64() < c.DeadlineShare && promised <= c.Deadline
	return id
}

// lateOrderCase opens a case for the customer of a late order with promise
// p, promised for promised, whose case key is key.
func (st *seasonState) lateOrderCase(exception int16, p int, promised float64, key uint64) int32 {
	id := st.newCase(exception, key, promised)
	k := &st.cases[id]
	k.promise, k.lateOrder, k.due = int8(p), true, promised
	return id
}

// problem sets up what happens to a parcel dispatched on day with the
// case's exception: when it arrives, if it does, and when the customer
// notices. Every draw is made here, from the parcel's stream r, in a fixed
// order, whether used or not.
func (st *seasonState) problem(s *simulation, id int32, day int, r *rand.Rand) {
	k := &st.cases[id]
	st.problemDue(s, id, st.deliveryTime(day, st.transit(k, r)), r)
}

// problemDue sets up the problem of a parcel due at due.
func (st *seasonState) problemDue(s *simulation, id int32, due float64, r *rand.Rand) {
	k := &st.cases[id]
	e := &st.spec.Exceptions[k.exception]
	if st.jr != nil {
		st.tellException(id, s.cal.Now())
	}
	k.due = due
	notice := k.due + e.NoticeDelay.Sample(r)
	delay := e.Delay.Sample(r)
	detect := r.Float64() < e.DetectProb
	detectAt := k.due + e.DetectDelay.Sample(r)
	k.unreachable = e.Unreachable > 0 && r.Float64() < e.Unreachable
	if e.Kind == Late {
		k.deliverySeq = s.cal.Schedule(k.due+delay, evDelivered, id)
	}
	if detect && detectAt < notice {
		k.detectSeq = s.cal.Schedule(detectAt, evDetect, id)
	}
	if k.state == open {
		// A reship that went wrong: a new problem, which the customer
		// reports like the first one, and the company must work on again.
		k.working, k.answered = false, false
		st.setStage(k, awaitingAnswer)
	}
	k.noticeSeq = s.cal.Schedule(notice, evNotice, id)
}

func (st *seasonState) notice(s *simulation, id int32, now float64) {
	st.openCase(id, now)
	st.reach(s, id, now)
}

// reach is the customer of case id deciding to get in touch (having
// noticed, or chasing): a fresh attempt, on a channel of the exception's
// mix.
func (st *seasonState) reach(s *simulation, id int32, now float64) {
	k := &st.cases[id]
	k.drawn[forContact]++
	k.attempt, k.hop = contactOccurrence(false, k.drawn[forContact], 0), 0
	r := st.stream(k, forContact, k.attempt)
	st.contact(s, id, st.chooseChannel(k, -1, r), now, r)
}

func (st *seasonState) openCase(id int32, now float64) {
	k := &st.cases[id]
	k.state = open
	k.opened, k.affected = now, now
	if st.missesPromise(k) {
		k.affected = min(now, k.due)
	}
	k.stage = awaitingAnswer
	st.open++
	st.stages[awaitingAnswer]++
	st.res.CasesOpened++
	if k.lateOrder {
		st.res.LateOrdersPerDay[min(int(now)/24, len(st.res.LateOrdersPerDay)-1)]++
	}
}

// missesPromise reports whether case k is about an order that did not
// arrive by its promised date (k.due): lost, late, misdelivered,
// backordered, or late from the warehouse; damaged, faulty and wrong items
// came on time.
func (st *seasonState) missesPromise(k *kase) bool {
	switch st.spec.Exceptions[k.exception].Kind {
	case Lost, Late, Misdelivered, Backordered:
		return true
	}
	return false
}

// setStage moves case k to stage to, keeping the counts of open cases by
// stage.
func (st *seasonState) setStage(k *kase, to stage) {
	if k.state == open {
		st.stages[k.stage]--
		st.stages[to]++
	}
	k.stage = to
}

// detect is the company finding a problem before the customer does: it
// opens the case (or reopens the work on it), starts the resolution and
// tells the customer.
func (st *seasonState) detect(s *simulation, id int32, now float64) {
	k := &st.cases[id]
	if st.jr != nil {
		st.jr.tellCase(Detected, id, now)
	}
	if k.state == latent {
		st.openCase(id, now)
		st.res.Detected++
	}
	if st.compensate(s, id, now) {
		return // refunded: the case is over
	}
	k.notified = true
	st.startResolution(s, id, now)
}

// chooseChannel draws from r the channel of a contact about case k from
// its exception's mix, leaving out channel not (-1: none).
func (st *seasonState) chooseChannel(k *kase, not int32, r *rand.Rand) int32 {
	mix := st.spec.Exceptions[k.exception].ChannelMix
	if ch := race(r.Uint64(), mix, int(not)); ch >= 0 {
		return int32(ch)
	}
	return not // the only channel of the mix
}

// contact is the customer of case id trying channel ch, with the
// contact's stream r: if it is closed, they try again in the first hour it
// is open.
func (st *seasonState) contact(s *simulation, id, ch int32, now float64, r *rand.Rand) {
	k := &st.cases[id]
	spec := &s.model.Channels[ch]
	if p := st.spec.Exceptions[k.exception].SelfService; p > 0 && !k.posted && r.Float64() < p {
		// The tracking page answered: no contact, and the customer waits
		// for news again.
		st.res.Deflected++
		if st.jr != nil {
			st.jr.tellCase(SelfService, id, now)
		}
		st.scheduleChase(s, id, now)
		return
	}
	if spec.Transit.Kind != NoDist && !k.posted {
		// A letter: written now (the customer's effort), delivered after
		// the transit time if the post does not lose it.
		k.contacts++
		lost := r.Float64() < spec.Loss
		transit := spec.Transit.Sample(r)
		if lost {
			k.failed++
			st.scheduleChase(s, id, now)
			return
		}
		k.posted = true
		k.nextChannel = ch
		k.contactSeq = s.cal.Schedule(now+transit, evCaseContact, id)
		st.awaitReply(s, id, now) // from when the letter is sent
		return
	}
	if h := int(now); !s.isOpen(spec, h) {
		// Customers come back at a random time of the channel's next open
		// period (the next morning's opening hours, say), not all at the
		// opening bell.
		from := h + 1
		for from < len(spec.Open) && !spec.Open[from] {
			from++
		}
		to := from
		for to < len(spec.Open) && spec.Open[to] {
			to++
		}
		if from >= len(spec.Open) {
			return
		}
		k.nextChannel = ch
		k.contactSeq = s.cal.Schedule(float64(from)+float64(to-from)*r.Float64(), evCaseContact, id)
		return
	}
	posted := k.posted
	if posted {
		k.posted = false // counted, and its wait for a reply started, when it was written
	} else {
		k.contacts++
	}
	if n := st.spec.Customer.EscalateAfter; n > 0 && int(k.contacts) >= n && !k.escalated {
		st.escalate(s, id, now)
	}
	switch s.arrive(ch, now, id, k.contacts > 1, r, r) {
	case admitted:
		k.inFlight++
		if spec.Deferred && !posted {
			st.awaitReply(s, id, now)
		}
	case turnedAway:
		st.failed(s, id, ch, now)
	default:
		// Taken, and nobody will ever answer it: the customer waits for
		// the promised callback or reply, in vain, and chases.
		st.awaitReply(s, id, now)
	}
}

// awaitReply starts the wait for news of case id's customer, whose contact
// now waits for a written reply or a callback: a queue that can take days,
// so a customer with no reply by the end of their chase interval chases,
// as one with no news does (PRODUCT.md). Without it, the slower the replies,
// the fewer the chasers: fewer agents would have meant less effort.
func (st *seasonState) awaitReply(s *simulation, id int32, now float64) {
	if st.cases[id].state == open {
		st.cases[id].startSilence(now)
		st.scheduleChase(s, id, now)
	}
}

// startSilence starts the customer's wait for a reply, unless one is already
// under way: a message that chases a queued one adds no silence of its own.
func (k *kase) startSilence(now float64) {
	if !k.awaitsReply {
		k.awaitsReply, k.silentSince = true, now
	}
}

// hear gives the customer news at now, ending any wait for a reply.
func (k *kase) hear(now float64) {
	k.newsAt = now
	if k.awaitsReply {
		k.awaitsReply = false
		k.replyWait += now - k.silentSince
	}
}

// workEnded is called when a contact about case id is answered or
// abandoned, or its resolution task ends; it frees the slot of a case
// resolved meanwhile.
func (st *seasonState) workEnded(id int32) {
	k := &st.cases[id]
	k.inFlight--
	if k.state == resolved && k.inFlight == 0 {
		st.free = append(st.free, id)
	}
}

// waited adds time on hold (in the queue of a real-time channel) to the
// case's effort. The wait for a written reply is not: the customer is not
// kept on the line, and the days the case stays open count it.
func (st *seasonState) waited(id int32, hours float64) { st.cases[id].wait += hours }

// answered is called when an agent finishes a contact about case id: the
// customer has news, and the first answer sets the company to work.
func (st *seasonState) answered(s *simulation, id int32, now float64) {
	k := &st.cases[id]
	if k.state != open {
		return
	}
	k.hear(now)
	st.startResolution(s, id, now)
	st.scheduleChase(s, id, now)
}

// startResolution starts the company's process for case id, unless it is
// already on it; the customer now has had news.
func (st *seasonState) startResolution(s *simulation, id int32, now float64) {
	k := &st.cases[id]
	k.answered = true
	if k.working {
		return
	}
	if w := st.workflows[k.exception]; len(w) > 0 {
		k.working, k.flow = true, k.exception
		st.runStep(s, id, 0, now)
		return
	}
	st.setStage(k, waitingOnly)
}

// failed handles an abandoned or rejected contact: the customer retries
// (maybe on another channel) or waits for news.
func (st *seasonState) failed(s *simulation, id, ch int32, now float64) {
	k := &st.cases[id]
	if k.state != open {
		return
	}
	k.failed++
	c := &st.spec.Customer
	r := st.next(k, forRetry)
	retry, switchCh := r.Float64(), r.Float64()
	delay := c.RetryDelay.Sample(r)
	if retry < c.RetryProb {
		next := ch
		if switchCh < c.SwitchProb {
			next = st.chooseChannel(k, ch, r)
		}
		k.attempt, k.hop = contactOccurrence(true, k.drawn[forRetry], 0), 0
		k.nextChannel = next
		k.contactSeq = s.cal.Schedule(now+max(delay, minCustomerDelay), evCaseContact, id)
		return
	}
	st.scheduleChase(s, id, now)
}

// scheduleChase restarts the customer's wait for news: without any by the
// end of their chase interval, they contact again; with a believed notice
// of a date still to come, not before the date and their tolerance.
func (st *seasonState) scheduleChase(s *simulation, id int32, now float64) {
	c := &st.spec.Customer
	if c.ChaseInterval.Kind == NoDist {
		return
	}
	k := &st.cases[id]
	interval := c.ChaseInterval.Sample(st.next(k, forChase))
	if k.expectAt > 0 {
		if at := k.expectAt + k.tolerance; at > now {
			k.chaseSeq = s.cal.Schedule(at, evChase, id)
			return
		}
		// Past the date and its tolerance, and still open: broken.
		st.res.BrokenNotices++
		k.expectAt, k.distrusts = 0, true
	}
	if k.distrusts && c.BrokenChase > 0 {
		interval *= c.BrokenChase
	}
	k.chaseSeq = s.cal.Schedule(now+max(interval, minCustomerDelay), evChase, id)
}

// tell gives case k's customer a notice; a notice with a date sets the
// date the customer waits for, unless they do not believe it. The date is
// the company's, the belief and tolerance the customer's. All three are
// drawn from the step's stream r, by inversion, at every notice, dated or
// not: a variant that dates its notices then keeps the random numbers of
// the step.
func (st *seasonState) tell(k *kase, step *Step, now float64, r *rand.Rand) (promised float64) {
	st.res.Notifications++
	k.answered = true
	k.hear(now)
	c := &st.spec.Customer
	uDate, uDoubt, uWait := r.Float64(), r.Float64(), r.Float64()
	if step.Expect.Kind == NoDist {
		return 0
	}
	promised = now + step.Expect.quantile(uDate)
	st.res.DatedNotices++
	tolerance := &c.ChaseInterval
	if c.NoticeTolerance.Kind != NoDist {
		tolerance = &c.NoticeTolerance
	}
	if uDoubt < c.NoticeDistrust || k.distrusts || tolerance.Kind == NoDist {
		k.expectAt = 0
		return promised
	}
	k.expectAt, k.tolerance = promised, max(tolerance.quantile(uWait), minCustomerDelay)
	return promised
}

// startTask starts queued work on case id; it reports false for a task
// whose case has meanwhile ended or moved on.
func (st *seasonState) startTask(s *simulation, t task, now float64) bool {
	k := &st.cases[t.kase]
	if k.state != open || k.taskToken != t.token {
		return false
	}
	step := &st.workflows[k.flow][k.step]
	hours := step.Time.Sample(st.next(k, forTask)) / s.speed(k.taskTeam, now)
	k.taskSeq = s.cal.Schedule(now+hours, evTaskDone, t.kase)
	k.taskToken = 0 // started: no longer in a queue to escalate from
	k.inFlight++
	if st.jr != nil {
		st.tellStep(TaskStarted, t.kase, k.taskTeam, step, now)
	}
	return true
}

func (st *seasonState) taskDone(s *simulation, id int32, now float64) {
	k := &st.cases[id]
	team := k.taskTeam
	s.drop(team, -1, now)
	if st.jr != nil {
		st.tellStep(TaskDone, id, team, &st.workflows[k.flow][k.step], now)
	}
	if k.state == open {
		w := st.workflows[k.flow]
		if w[k.step].Verify {
			k.corrected = true
		}
		st.runStep(s, id, w.next(int(k.step)), now)
	}
	st.workEnded(id)
	s.startWork(team, now)
}

// resolve ends case id with outcome, recording its resolution time and the
// customer's effort, and frees its slot.
func (st *seasonState) resolve(s *simulation, id int32, now float64, outcome Outcome) {
	k := &st.cases[id]
	r := st.res
	r.Outcomes[outcome]++
	if st.jr != nil {
		e := st.jr.caseEntry(Resolved, id, now)
		e.Outcome = outcome
		st.jr.to.Record(e)
	}
	if k.inWarehouse {
		// Refunded while its order waited: the order will not leave.
		k.inWarehouse = false
		st.undispatched--
	}
	st.charge(k, outcome)
	if !k.earlyRefund {
		st.ended[k.exception].add(float64(k.charged))
	}
	k.hear(now)
	if k.state == open {
		st.open--
		st.stages[k.stage]--
		st.record(k, now, true)
	}
	k.state = resolved
	if k.inFlight == 0 {
		st.free = append(st.free, id)
	}
}

// heardSince reports whether case id's customer has had news since at: a
// message they wrote then needs no reply of its own.
func (st *seasonState) heardSince(id int32, at float64) bool { return st.cases[id].newsAt > at }

// record adds a noticed case's resolution time and the customer's effort
// to the season's statistics. A case still open at the end counts its age
// then, the least its resolution time can be: left out, the cases a
// variant leaves open (the oldest, the hardest) would shorten its
// resolution times, and resolving them would lengthen them.
func (st *seasonState) record(k *kase, now float64, done bool) {
	r, c := st.res, &st.spec.Customer
	daysOpen := (now - k.opened) / 24
	r.Resolution.Add(max(now-k.affected, 0))
	if done {
		r.CasesResolved++
	}
	if k.deadline {
		r.WithDeadline++
		if done && now <= c.Deadline {
			r.MetDeadline++
		}
	}
	replyWaitDays := k.replyWait / 24
	if k.awaitsReply { // still waiting at the end
		replyWaitDays += (now - k.silentSince) / 24
	}
	w := c.EffortWeights
	r.Contacts.Add(float64(k.contacts))
	r.FailedContacts.Add(float64(k.failed))
	r.WaitHours.Add(k.wait)
	r.ReplyWaitDays.Add(replyWaitDays)
	r.DaysOpen.Add(daysOpen)
	r.Actions.Add(float64(k.actions))
	r.CaseHandoffs.Add(float64(k.handoffs))
	effort := w.Contacts*float64(k.contacts) + w.Failed*float64(k.failed) + w.WaitHours*k.wait + w.ReplyWaitDays*replyWaitDays +
		w.DaysOpen*daysOpen + w.Actions*float64(k.actions) + w.Handoffs*float64(k.handoffs)
	r.EffortIndex.Add(effort)
	missed := k.deadline && (!done || now > c.Deadline)
	r.CustomersLost += c.Churn.Probability(effort, missed, k.compensated)
	if (c.ChurnContacts > 0 && int(k.contacts) >= c.ChurnContacts) || missed {
		r.AtRisk++
	}
}

// finish closes the season at the horizon: what is still open is
// unresolved, and its effort so far counts.
func (st *seasonState) finish(s *simulation) {
	end := s.model.Horizon
	r := st.res
	for i := range st.cases {
		k := &st.cases[i]
		if k.state == resolved {
			continue
		}
		if !k.inWarehouse {
			r.Outcomes[Unresolved]++
		}
		r.OwedCost += st.owed(k)
		if k.state == open {
			r.OpenAtEnd++
			st.record(k, end, false)
		}
	}
	r.Outcomes[Undispatched] = st.undispatched
	st.finishWarehouse(end)
	for i := range s.channels {
		r.StillQueued += int64(s.channels[i].waiting)
	}
}
