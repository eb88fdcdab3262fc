package sim

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// cohort is the orders waiting in the warehouse that were promised to
// leave at the same cut-off. Orders are not entities: a cohort holds counts
// by promise, and an order becomes a case only when its customer notices
// that it is late. Orders of one cohort and promise are alike in all that
// the model knows of them (the same promised date, the same dispatch), so
// counts lose nothing.
type cohort struct {
	// day is the day of the cut-off the orders were promised to leave at:
	// the first dispatch day at or after their placement (before that
	// day's cut-off).
	day int
	// orders[p] counts the orders with promise p that have no case.
	orders []int64
	// cases[p] holds the orders with promise p whose customer opened a
	// case while the order waited.
	cases [][]caseRef
}

func (c *cohort) empty() bool {
	return !slices.ContainsFunc(c.orders, func(n int64) bool { return n > 0 }) &&
		!slices.ContainsFunc(c.cases, func(cs []caseRef) bool { return len(cs) > 0 })
}

// warehouse is the queue of cohorts, oldest first, and the published
// dispatch days the promises count from.
type warehouse struct {
	cohorts []cohort
	// promisedDay[d] is the first day at or after d on which the warehouse
	// dispatches at all (capacity above 0): an order placed on day d
	// before its cut-off is promised to leave then. Past the last such
	// day: the number of days (never within the season).
	promisedDay []int
	// byUrgency lists the promises by transit, shortest first: within a
	// cut-off, the warehouse picks next-day orders before standard ones.
	byUrgency []int
	// shipping is scratch space: how many orders of each cohort and promise
	// leave at today's cut-off.
	shipping []int64
}

func newWarehouse(sp *Season) warehouse {
	days := len(sp.DispatchCapacity)
	w := warehouse{promisedDay: make([]int, days+1)}
	next := days
	for d := days; d >= 0; d-- {
		if d < days && sp.DispatchCapacity[d] > 0 {
			next = d
		}
		w.promisedDay[d] = next
	}
	for p := range sp.Promises {
		w.byUrgency = append(w.byUrgency, p)
	}
	slices.SortStableFunc(w.byUrgency, func(a, b int) int {
		return nominalTransit(&sp.Promises[a]) - nominalTransit(&sp.Promises[b])
	})
	return w
}

// nominalTransit is the carrier days a promise tells the customer: its
// transit days, or the mean of its transit distribution in whole days.
func nominalTransit(p *Promise) int {
	if p.Transit.Kind == NoDist {
		return p.TransitDays
	}
	return int(math.Round(p.Transit.Mean() / 24))
}

// cohortDay returns the day of the cut-off an order placed in hour h is
// promised to leave at.
func (st *seasonState) cohortDay(h int) int {
	day := h / 24
	if h%24 >= st.spec.DispatchHour {
		day++
	}
	return st.wh.promisedDay[min(day, len(st.wh.promisedDay)-1)]
}

// cohortFor returns the cohort of orders placed in hour h.
func (st *seasonState) cohortFor(h int) *cohort {
	day := st.cohortDay(h)
	cs := st.wh.cohorts
	if n := len(cs); n == 0 || cs[n-1].day != day {
		np := len(st.spec.Promises)
		st.wh.cohorts = append(cs, cohort{day: day, orders: make([]int64, np), cases: make([][]caseRef, np)})
	}
	return &st.wh.cohorts[len(st.wh.cohorts)-1]
}

// promisedTime returns the hour the customer was promised delivery of an
// order of cohort day and promise p.
func (st *seasonState) promisedTime(day, p int) float64 {
	return st.deliveryTime(day, nominalTransit(&st.spec.Promises[p]))
}

// placeOrders adds the orders of hour h to the warehouse: Poisson per
// promise with the promise's share of the hour's mean (a split Poisson
// process, so each promise's count is its own draw).
func (st *seasonState) placeOrders(h int, lambda float64) {
	c := st.cohortFor(h)
	for p, pr := range st.spec.Promises {
		if pr.Share == 0 {
			continue
		}
		n := int64(distuv.Poisson{Lambda: lambda * pr.Share, Src: st.orders}.Rand())
		c.orders[p] += n
		st.undispatched += n
		st.res.Orders += n
		st.res.OrdersPerDay[h/24] += float64(n)
	}
}

// dispatchOrders hands up to capacity orders to the carrier on day, oldest
// cut-off first and, within one, the most urgent promise first; those
// promised to leave later stay. extra counts the reships already given to
// the carrier today, for its load.
func (st *seasonState) dispatchOrders(s *simulation, day int, capacity, extra int64) {
	sp, wh := st.spec, &st.wh
	np := len(sp.Promises)
	wh.shipping = wh.shipping[:0]
	var n int64
	for ci := range wh.cohorts {
		c := &wh.cohorts[ci]
		if c.day > day {
			break
		}
		for range np {
			wh.shipping = append(wh.shipping, 0)
		}
		for _, p := range wh.byUrgency {
			take := min(c.orders[p]+st.liveCases(c, p), capacity-n)
			wh.shipping[ci*np+p] = take
			n += take
		}
	}
	load := 0.0
	if sp.CarrierCapacity != nil {
		load = float64(n+extra) / float64(sp.CarrierCapacity[day])
	}
	over := int64(0)
	if sp.CarrierCapacity != nil {
		over = max(n+extra-int64(sp.CarrierCapacity[day]), 0)
	}
	now := float64(24*day + sp.DispatchHour)
	for i, take := range wh.shipping {
		if take > 0 {
			st.shipCohort(s, &wh.cohorts[i/np], i%np, take, day, now, load, over, n+extra)
		}
	}
	st.res.Shipped += n
}

// liveCases drops the entries of cohort c's cases with promise p that have
// been resolved meanwhile (refunded while waiting) and counts the others.
func (st *seasonState) liveCases(c *cohort, p int) int64 {
	c.cases[p] = slices.DeleteFunc(c.cases[p], func(r caseRef) bool {
		_, ok := st.deref(r)
		return !ok
	})
	return int64(len(c.cases[p]))
}

// shipCohort ships take orders of cohort c with promise p on day. The
// orders of the cohort are alike, so which ones leave is a draw without
// replacement: each order with a case goes with the chance the slots left
// give it, drawn from the case's own stream. The anonymous ones then face
// the day's exceptions, and those that leave later than promised yield the
// customers who notice before the parcel comes.
func (st *seasonState) shipCohort(s *simulation, c *cohort, p int, take int64, day int, now, load float64, over, total int64) {
	sp := st.spec
	all := c.orders[p] + int64(len(c.cases[p]))
	var chosen, seen int64
	kept := c.cases[p][:0]
	for _, ref := range c.cases[p] {
		id := ref.kase
		k := &st.cases[id]
		if k.fate.Float64()*float64(all-seen) < float64(take-chosen) {
			chosen++
			k.inWarehouse = false
			st.undispatched--
			st.ship(s, id, day)
		} else {
			kept = append(kept, ref)
		}
		seen++
	}
	c.cases[p] = kept
	n := take - chosen
	c.orders[p] -= n
	st.undispatched -= n
	promised := st.promisedTime(c.day, p)
	arrival := st.deliveryTime(day, nominalTransit(&sp.Promises[p]))
	if arrival > promised {
		st.res.DispatchedLate += take
	}
	// Which exception each parcel has is multinomial; drawn as a chain of
	// binomials, each conditional on the parcels not yet given one.
	remaining, pLeft := n, 1.0
	for ei := range sp.Exceptions {
		pe := st.probability(ei, load)
		if remaining == 0 || pe == 0 {
			continue
		}
		q := min(pe/pLeft, 1)
		pLeft = max(pLeft-pe, 0)
		k := int64(distuv.Binomial{N: float64(remaining), P: q, Src: st.dispatch}.Rand())
		remaining -= k
		for range k {
			st.problem(s, st.shippedCase(int16(ei), p), day)
		}
	}
	// The carrier's overflow: of the parcels beyond its capacity, those
	// that had no other problem arrive late, in proportion to each
	// cohort's share of the day's parcels.
	if over > 0 && remaining > 0 {
		late := min(remaining, int64(math.Round(float64(over)*float64(remaining)/float64(total))))
		remaining -= late
		for range late {
			st.problem(s, st.shippedCase(int16(sp.OverloadException), p), day)
		}
	}
	if arrival <= promised {
		st.res.Outcomes[OnTime] += remaining
		return
	}
	unnoticed := remaining - st.lateOrders(s, remaining, promised, now, arrival, p, nil, arrival)
	st.res.Outcomes[DeliveredLate] += unnoticed
	st.res.LateUnnoticed += unnoticed
}

// noticeWaiting opens the cases of customers whose order, still in the
// warehouse after day's cut-off, passes its promised date unnoticed until
// the next cut-off: nothing it waits for can arrive before then.
func (st *seasonState) noticeWaiting(s *simulation, day int) {
	now := float64(24*day + st.spec.DispatchHour)
	for ci := range st.wh.cohorts {
		c := &st.wh.cohorts[ci]
		if c.day > day+1 {
			break
		}
		st.staleTracking(s, c, now)
		for p, n := range c.orders {
			if n == 0 {
				continue
			}
			promised := st.promisedTime(c.day, p)
			c.orders[p] -= st.lateOrders(s, n, promised, now, now+24, p, c, 0)
		}
	}
	head := 0
	for head < len(st.wh.cohorts) && st.wh.cohorts[head].day <= day && st.wh.cohorts[head].empty() {
		head++
	}
	st.wh.cohorts = append(st.wh.cohorts[:0], st.wh.cohorts[head:]...)
}

// staleTracking opens the cases of the customers who write in early about
// cohort c's orders, still waiting, because the tracking page still says
// "in fulfillment" Season.StaleTracking.After past their promised cut-off:
// each customer once, in the window [now, now+24) in which that moment
// falls, at a uniform time between it and the window's end (when they look).
func (st *seasonState) staleTracking(s *simulation, c *cohort, now float64) {
	t, ei := st.spec.StaleTracking, st.lateOrderException
	moment := float64(24*c.day+st.spec.DispatchHour) + t.After
	if t.Share == 0 || ei < 0 || moment < now || moment >= min(now+24, s.model.Horizon) {
		return
	}
	for p, n := range c.orders {
		count := int64(distuv.Binomial{N: float64(n), P: t.Share, Src: st.late}.Rand())
		for range count {
			id := st.lateOrderCase(int16(ei), p, st.promisedTime(c.day, p))
			k := &st.cases[id]
			k.deadline = k.fate.Float64() < st.spec.Customer.DeadlineShare
			k.noticeSeq = s.cal.Schedule(moment+(now+24-moment)*k.fate.Float64(), evNotice, id)
			st.waitIn(c, p, id)
		}
		c.orders[p] -= count
		st.res.StaleTrackingCases += count
	}
}

// lateOrders opens the cases of the customers, among n orders promised for
// promised that have not arrived, whose notice falls in [from, to): each
// customer notices the notice delay of the late-order exception after the
// promised date, and those who would have noticed before from have already
// been drawn (or the order was not late yet). The count is binomial with
// the chance of noticing in the window given no notice before it; each
// case's time is drawn in the window by inversion. Cases of orders still
// in the warehouse join cohort c; the others arrive at arrival.
func (st *seasonState) lateOrders(s *simulation, n int64, promised, from, to float64, p int, c *cohort, arrival float64) int64 {
	ei := st.lateOrderException
	from, to = max(from, promised), min(to, s.model.Horizon)
	if ei < 0 || n == 0 || from >= to {
		return 0
	}
	e := &st.spec.Exceptions[ei]
	before := e.NoticeDelay.below(from - promised)
	q := (e.NoticeDelay.below(to-promised) - before) / (1 - before)
	if !(q > 0) {
		return 0
	}
	count := int64(distuv.Binomial{N: float64(n), P: min(q, 1), Src: st.late}.Rand())
	for range count {
		id := st.lateOrderCase(int16(ei), p, promised)
		k := &st.cases[id]
		notice := promised + e.NoticeDelay.sampleIn(k.fate, from-promised, to-promised)
		k.deadline = k.fate.Float64() < st.spec.Customer.DeadlineShare
		detect, detectAt := k.fate.Float64() < e.DetectProb, promised+e.DetectDelay.Sample(k.fate)
		if detect && detectAt < notice {
			k.detectSeq = s.cal.Schedule(detectAt, evDetect, id)
		}
		k.noticeSeq = s.cal.Schedule(notice, evNotice, id)
		if c != nil {
			st.waitIn(c, p, id)
		} else {
			k.deliverySeq = s.cal.Schedule(arrival, evDelivered, id)
		}
	}
	st.res.LateOrderCases += count
	return count
}

// waitIn puts case id's order, still in the warehouse, among cohort c's
// orders with promise p that have a case.
func (st *seasonState) waitIn(c *cohort, p int, id int32) {
	st.cases[id].inWarehouse = true
	c.cases[p] = append(c.cases[p], st.ref(id))
}

// finishWarehouse counts what is still in the warehouse at the end: orders
// without a case are undispatched, and those past their promised date are
// late against it.
func (st *seasonState) finishWarehouse(end float64) {
	for ci := range st.wh.cohorts {
		c := &st.wh.cohorts[ci]
		for p := range c.orders {
			if st.promisedTime(c.day, p) < end {
				st.res.UndispatchedLate += c.orders[p] + st.liveCases(c, p)
			}
		}
	}
}
