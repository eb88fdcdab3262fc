package sim

import (
	"cmp"
	"math"
	"slices"
)

// cohort is the orders waiting in the warehouse that were promised to
// leave at the same cut-off. Orders are not entities: a cohort holds counts
// by promise, and an order becomes a case only when its customer notices
// that it is late. Orders of one cohort and promise are alike in all that
// the model knows of them (the same promised date, the same dispatch), so
// counts lose nothing; each is known by its rank among them (season_rng.go).
type cohort struct {
	// day is the day of the cut-off the orders were promised to leave at:
	// the first dispatch day at or after their placement (before that
	// day's cut-off).
	day int
	// placed[p] counts the orders with promise p: they are ranked 0, 1, ...
	// in the order placed, and leave in that order. next[p] is the rank of
	// the first that has not left.
	placed, next []int64
	// orders[p] counts the orders with promise p still waiting that have
	// no case.
	orders []int64
	// cases[p] holds, by rank, the orders with promise p whose customer
	// opened a case while the order waited. The entry of a case resolved
	// meanwhile (refunded) stays until its rank leaves: that order never
	// will.
	cases [][]waitingCase
	// base[p] is the hash of (day, p) that with a rank identifies an order.
	base []uint64
	// hours[p] marks, for a Journal, the hours the orders with promise p
	// were placed in: hour by hour, the rank the hour's orders end at.
	hours [][]hourMark
}

// hourMark says that the orders of a cohort and promise ranked below end
// (and from the mark before) were placed in hour.
type hourMark struct {
	end  int64
	hour int
}

// mark records that the orders of promise p placed so far, up to the last
// one, were placed by the end of hour h.
func (c *cohort) mark(p, h int) {
	if n := len(c.hours[p]); n > 0 && c.hours[p][n-1].end == c.placed[p] {
		return
	}
	c.hours[p] = append(c.hours[p], hourMark{c.placed[p], h})
}

// placedIn returns the hour the order of promise p and rank was placed in.
func (c *cohort) placedIn(p int, rank int64) int {
	marks := c.hours[p]
	i, _ := slices.BinarySearchFunc(marks, rank, func(m hourMark, r int64) int { return cmp.Compare(m.end, r+1) })
	return marks[min(i, len(marks)-1)].hour
}

// waitingCase is a case in a cohort, and its order's rank.
type waitingCase struct {
	ref  caseRef
	rank int64
}

// empty reports whether nothing of cohort c is left to ship.
func (st *seasonState) empty(c *cohort) bool {
	for p, n := range c.orders {
		if n > 0 || st.liveCases(c, p) > 0 {
			return false
		}
	}
	return true
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
	// Scratch space for shipCohort and the cases of waiting orders.
	runs    []rankRun
	probs   []float64
	ranks   []int64
	waiting []waitingCase
}

// rankRun is the ranks [from, to) of a cohort's orders that leave without a
// case.
type rankRun struct{ from, to int64 }

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
		c := cohort{day: day, placed: make([]int64, np), next: make([]int64, np), orders: make([]int64, np),
			cases: make([][]waitingCase, np), base: make([]uint64, np)}
		for p := range c.base {
			c.base[p] = orderBase(st.orderSeed, 0, uint64(day), uint64(p), 0)
		}
		if st.jr != nil {
			c.hours = make([][]hourMark, np)
		}
		st.wh.cohorts = append(cs, c)
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
		n := st.orderCount(lambda*pr.Share, h, 0, p)
		st.placed(h, n)
		st.queueOrders(c, p, n)
		if st.jr != nil {
			c.mark(p, h)
		}
	}
}

// orderCount draws the number of orders of hour h, group g and promise p,
// with mean lambda, by inversion of one uniform of their own: a variant
// with more orders then has at least as many in every hour, the same ones
// and more.
func (st *seasonState) orderCount(lambda float64, h, g, p int) int64 {
	return poissonQuantile(lambda, unit(orderBase(st.ordersSeed, 2, uint64(h), uint64(g), uint64(p))))
}

// placed counts n orders placed in hour h.
func (st *seasonState) placed(h int, n int64) {
	st.res.Orders += n
	st.res.OrdersPerDay[h/24] += float64(n)
}

// queueOrders adds n orders with promise p to cohort c, ranked after those
// it has.
func (st *seasonState) queueOrders(c *cohort, p int, n int64) {
	c.placed[p] += n
	c.orders[p] += n
	st.undispatched += n
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

// liveCases counts the entries of cohort c's cases with promise p whose
// case is still open.
func (st *seasonState) liveCases(c *cohort, p int) int64 {
	var n int64
	for _, w := range c.cases[p] {
		if _, ok := st.deref(w.ref); ok {
			n++
		}
	}
	return n
}

// shipCohort ships take orders of cohort c with promise p on day, the
// first by rank: those with a case go as the case's parcel; each of the
// others has the exception its own hash falls on at the day's load, and
// those that leave later than promised yield the customers who notice
// before the parcel comes.
func (st *seasonState) shipCohort(s *simulation, c *cohort, p int, take int64, day int, now, load float64, over, total int64) {
	sp, wh := st.spec, &st.wh
	list := c.cases[p]
	runs := wh.runs[:0]
	rank, j, left, anonymous := c.next[p], 0, take, int64(0)
	for left > 0 {
		if j < len(list) && list[j].rank == rank {
			if id, ok := st.deref(list[j].ref); ok {
				st.cases[id].inWarehouse = false
				st.undispatched--
				st.ship(s, id, day, orderHash(c.base[p], rank), st.next(&st.cases[id], forParcel))
				left--
			}
			j++
			rank++
			continue
		}
		end := c.placed[p]
		if j < len(list) {
			end = list[j].rank
		}
		n := min(end-rank, left)
		runs = append(runs, rankRun{rank, rank + n})
		rank += n
		left -= n
		anonymous += n
	}
	c.next[p] = rank
	c.cases[p] = append(list[:0], list[j:]...)
	wh.runs = runs
	c.orders[p] -= anonymous
	st.undispatched -= anonymous
	promised := st.promisedTime(c.day, p)
	arrival := st.deliveryTime(day, nominalTransit(&sp.Promises[p]))
	if arrival > promised {
		st.res.DispatchedLate += take
	}
	// Whether a parcel goes wrong is its hash's uniform against the day's
	// probabilities together; which exception it has, a race of their
	// probabilities on other uniforms of the hash (see race): so a variant
	// that raises every probability alike gives the baseline's parcels their
	// exceptions, and more parcels theirs.
	probs, acc := st.risks(load, wh.probs)
	wh.probs = probs
	remaining := anonymous
	for _, run := range runs {
		for rank := run.from; rank < run.to; rank++ {
			h := orderHash(c.base[p], rank)
			if unit(h) < acc {
				remaining--
				id := st.shippedCase(int16(race(h^saltWhich, probs, -1)), p, promised, h)
				if st.jr != nil {
					st.tellPlaced(id, c.placedIn(p, rank))
					st.tellDispatched(id, now, false)
				}
				st.problem(s, id, day, st.next(&st.cases[id], forParcel))
			}
		}
	}
	// The carrier's overflow: of the parcels beyond its capacity, those
	// that had no other problem arrive late, in proportion to each
	// cohort's share of the day's parcels; the first of them by rank.
	late := int64(0)
	if over > 0 && remaining > 0 {
		late = min(remaining, int64(math.Round(float64(over)*float64(remaining)/float64(total))))
	}
	lo, hi, noticing := 0.0, 0.0, false
	if arrival > promised {
		lo, hi, noticing = st.noticeBand(s, promised, now, arrival)
	}
	var noticed int64
	if late > 0 || noticing {
		overflow := late
		for _, run := range runs {
			for rank := run.from; rank < run.to; rank++ {
				h := orderHash(c.base[p], rank)
				switch {
				case unit(h) < acc:
				case overflow > 0:
					overflow--
					id := st.shippedCase(int16(sp.OverloadException), p, promised, h)
					if st.jr != nil {
						st.tellPlaced(id, c.placedIn(p, rank))
						st.tellDispatched(id, now, false)
					}
					st.problem(s, id, day, st.next(&st.cases[id], forParcel))
				case noticing:
					if u := salted(h, saltNotice); u >= lo && u < hi {
						id := st.lateOrder(s, h, u, p, promised, now, arrival)
						if st.jr != nil {
							st.tellPlaced(id, c.placedIn(p, rank))
							st.tellDispatched(id, now, false)
							st.tellException(id, now)
						}
						st.cases[id].deliverySeq = s.cal.Schedule(arrival, evDelivered, id)
						noticed++
					}
				}
			}
		}
	}
	remaining -= late
	if arrival <= promised {
		st.res.Outcomes[OnTime] += remaining
		return
	}
	st.res.LateOrderCases += noticed
	st.res.Outcomes[DeliveredLate] += remaining - noticed
	st.res.LateUnnoticed += remaining - noticed
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
			lo, hi, ok := st.noticeBand(s, promised, now, now+24)
			if !ok {
				continue
			}
			st.wh.ranks = st.pickWaiting(c, p, saltNotice, lo, hi, st.wh.ranks[:0])
			add := st.wh.waiting[:0]
			for _, rank := range st.wh.ranks {
				h := orderHash(c.base[p], rank)
				id := st.lateOrder(s, h, salted(h, saltNotice), p, promised, now, now+24)
				if st.jr != nil {
					st.tellPlaced(id, c.placedIn(p, rank))
					st.tellException(id, now)
				}
				add = append(add, st.waitIn(id, rank))
			}
			st.wh.waiting = add
			st.addWaiting(c, p, add)
			st.res.LateOrderCases += int64(len(add))
		}
	}
	head := 0
	for head < len(st.wh.cohorts) && st.wh.cohorts[head].day <= day && st.empty(&st.wh.cohorts[head]) {
		head++
	}
	st.wh.cohorts = append(st.wh.cohorts[:0], st.wh.cohorts[head:]...)
}

// staleTracking opens the cases of the customers who write in early about
// cohort c's orders, still waiting, because the tracking page still says
// "in fulfillment" Season.StaleTracking.After past their promised cut-off:
// each customer once, in the window [now, now+24) in which that moment
// falls, at a uniform time between it and the window's end (when they look).
// Whether a customer looks is their order's own draw.
func (st *seasonState) staleTracking(s *simulation, c *cohort, now float64) {
	t, ei := st.spec.StaleTracking, st.lateOrderException
	moment := float64(24*c.day+st.spec.DispatchHour) + t.After
	if t.Share == 0 || ei < 0 || moment < now || moment >= min(now+24, s.model.Horizon) {
		return
	}
	for p, n := range c.orders {
		if n == 0 {
			continue
		}
		st.wh.ranks = st.pickWaiting(c, p, saltStale, 0, t.Share, st.wh.ranks[:0])
		add := st.wh.waiting[:0]
		for _, rank := range st.wh.ranks {
			h := orderHash(c.base[p], rank)
			id := st.lateOrderCase(int16(ei), p, st.promisedTime(c.day, p), splitmix64(h^saltCase))
			k := &st.cases[id]
			k.noticeSeq = s.cal.Schedule(moment+(now+24-moment)*st.stream(k, forLate, 0).Float64(), evNotice, id)
			if st.jr != nil {
				st.tellPlaced(id, c.placedIn(p, rank))
				st.tellException(id, now)
			}
			add = append(add, st.waitIn(id, rank))
		}
		st.wh.waiting = add
		st.addWaiting(c, p, add)
		st.res.StaleTrackingCases += int64(len(add))
	}
}

// pickWaiting appends to ranks, in order, the ranks of cohort c's orders
// with promise p that wait without a case and whose uniform for salt lies
// in [lo, hi).
func (st *seasonState) pickWaiting(c *cohort, p int, salt uint64, lo, hi float64, ranks []int64) []int64 {
	list, j := c.cases[p], 0
	for rank := c.next[p]; rank < c.placed[p]; rank++ {
		if j < len(list) && list[j].rank == rank {
			j++
			continue
		}
		if u := salted(orderHash(c.base[p], rank), salt); u >= lo && u < hi {
			ranks = append(ranks, rank)
		}
	}
	return ranks
}

// addWaiting merges add, by rank, into cohort c's cases with promise p,
// and takes their orders out of its orders without a case.
func (st *seasonState) addWaiting(c *cohort, p int, add []waitingCase) {
	if len(add) == 0 {
		return
	}
	c.orders[p] -= int64(len(add))
	old := c.cases[p]
	merged := make([]waitingCase, 0, len(old)+len(add))
	i, j := 0, 0
	for i < len(old) || j < len(add) {
		if j == len(add) || (i < len(old) && old[i].rank < add[j].rank) {
			merged = append(merged, old[i])
			i++
		} else {
			merged = append(merged, add[j])
			j++
		}
	}
	c.cases[p] = merged
}

// noticeBand returns the band [lo, hi) of the notice uniforms (saltNotice)
// of the orders promised for promised whose customer notices in [from, to):
// each notices the notice delay of the late-order exception after the
// promised date, its quantile at the order's uniform. ok is false when no
// customer can notice then.
func (st *seasonState) noticeBand(s *simulation, promised, from, to float64) (lo, hi float64, ok bool) {
	ei := st.lateOrderException
	from, to = max(from, promised), min(to, s.model.Horizon)
	if ei < 0 || from >= to {
		return 0, 0, false
	}
	d := &st.spec.Exceptions[ei].NoticeDelay
	lo, hi = d.below(from-promised), d.below(to-promised)
	return lo, hi, hi > lo
}

// lateOrder opens the case of the customer of the order whose hash is h,
// with promise p and promised for promised, who notices in [from, to): at
// the quantile of their notice uniform u, which noticeBand has placed in
// that window.
func (st *seasonState) lateOrder(s *simulation, h uint64, u float64, p int, promised, from, to float64) int32 {
	ei := st.lateOrderException
	e := &st.spec.Exceptions[ei]
	from, to = max(from, promised), min(to, s.model.Horizon)
	id := st.lateOrderCase(int16(ei), p, promised, splitmix64(h^saltCase))
	k := &st.cases[id]
	// Rounding in the distribution function must not put a notice outside.
	notice := min(max(promised+e.NoticeDelay.quantile(u), from), math.Nextafter(to, from))
	r := st.stream(k, forLate, 0)
	detect, detectAt := r.Float64() < e.DetectProb, promised+e.DetectDelay.Sample(r)
	if detect && detectAt < notice {
		k.detectSeq = s.cal.Schedule(detectAt, evDetect, id)
	}
	k.noticeSeq = s.cal.Schedule(notice, evNotice, id)
	return id
}

// waitIn returns the entry of case id, whose order of rank still waits in
// the warehouse, for its cohort's cases.
func (st *seasonState) waitIn(id int32, rank int64) waitingCase {
	st.cases[id].inWarehouse = true
	return waitingCase{st.ref(id), rank}
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
