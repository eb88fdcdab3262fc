package sim

import (
	"math"

	"github.com/peaksim/peaksim/sim/stats"
)

// unending stands for the sendings of a form that never comes back in
// time, and the visits of a loop a case never leaves: large enough to
// reach any horizon, small enough that sums stay finite, so that a
// workflow's events per hour come out right when the horizon cuts it.
const unending = 1e12

// fluidCases are a season's cases in the fluid: when parcels go wrong,
// when their customers notice, and how long they stay open.
type fluidCases struct {
	// notices[e][h] are the cases of exception e opened in hour h, by the
	// customer noticing or the company finding the problem.
	notices [][]float64
	// created[h] and ended[h] are the cases created (a parcel gone wrong,
	// a late order) and ended in hour h; ended is filled as the flow
	// opens the cases, since how long they last depends on the queues.
	created, ended []float64
	live           float64
	// lateEx is the exception late orders become (-1: none), and
	// lateUntil[h] the hours until the orders of the cases it opens in
	// hour h come, summed over the cases.
	lateEx    int
	lateUntil []float64
	profiles  []caseProfile
	// chaseEvery is the hours between a customer's chases, +Inf when
	// customers do not chase.
	chaseEvery float64
}

// caseProfile is what a case of one exception does, on average.
type caseProfile struct {
	// noticed is the share of the parcels whose customer notices (a late
	// parcel may come first), after noticeAfter hours from the promised
	// date; the others end unnoticed quietAfter hours from it.
	noticed, noticeAfter, quietAfter float64
	// detected is the share of opened cases the company finds first.
	detected float64
	// untilDelivery is the hours from the notice to the delivery of a late
	// parcel, which ends the case; +Inf for the others.
	untilDelivery float64
	// written is the share of the first contacts that go to a deferred
	// channel, whose customers chase from the contact, not the answer.
	written float64
	flow    flowCost
}

// flowCost is one pass of a case through its workflow.
type flowCost struct {
	// hours from the first answer to the resolution, not counting the
	// waits in the teams' queues; forms sent (reminders included); the
	// other events (work done, waits, notices, deliveries); contacts the
	// customer makes again when a handoff loses the context.
	hours, forms, events, recontacts float64
	// steps is false for a case the company does not work on.
	steps bool
	// work is the agent-hours per team, visits the work steps per team
	// (each waits in the team's queue).
	work, visits []float64
}

// seasonNotices works out when the season's parcels go wrong and their
// cases open: the warehouse as a fluid (a day's orders leave at its
// cut-off within the capacity, oldest first), the exceptions' shares of
// what leaves, and the customers of late orders who notice.
func (f *fluid) seasonNotices() {
	s := f.m.Season
	n := f.hours + 1
	fc := &fluidCases{created: make([]float64, n), ended: make([]float64, n), lateUntil: make([]float64, n), chaseEvery: math.Inf(1)}
	f.cases = fc
	if s.Customer.ChaseInterval.Kind != NoDist {
		fc.chaseEvery = meanAtLeast(&s.Customer.ChaseInterval, minCustomerDelay)
	}
	fc.lateEx = -1
	for i, e := range s.Exceptions {
		fc.notices = append(fc.notices, make([]float64, n))
		fc.profiles = append(fc.profiles, f.profile(i))
		if e.LateOrders {
			fc.lateEx = i
		}
	}
	days := (f.hours + 23) / 24
	orders := make([]float64, days+1)
	for h, r := range s.OrdersPerHour[:f.hours] {
		d := h / 24
		if h%24 >= s.DispatchHour {
			d++
		}
		orders[d] += r
	}
	stock := make([]float64, len(s.Stock))
	next := make([]int, len(s.Stock))
	for g, group := range s.Stock {
		stock[g] = float64(group.Initial)
	}
	var wh []fluidCohort
	promised := newWarehouse(s)
	for d := range days {
		cutoff := 24*d + s.DispatchHour
		if cutoff >= f.hours {
			break
		}
		placed := orders[d]
		for g, group := range s.Stock {
			for ; next[g] < len(group.Restocks) && group.Restocks[next[g]].Day <= d; next[g]++ {
				stock[g] += float64(group.Restocks[next[g]].Units)
			}
			want := placed * group.Share
			take := min(stock[g], want)
			stock[g] -= take
			// Orders beyond the stock wait for a restock as backorders.
			f.shipped(s.BackorderException, cutoff, d, want-take)
			placed -= want - take
		}
		// An order is promised to leave at the first cut-off of a day the
		// warehouse dispatches on.
		day := promised.promisedDay[d]
		for p, pr := range s.Promises {
			if placed*pr.Share > 0 {
				wh = append(wh, fluidCohort{promise: p, day: day, promised: s.deliveryTime(day, nominalTransit(&pr)), waiting: placed * pr.Share, unnoticed: placed * pr.Share})
			}
		}
		capacity := float64(s.DispatchCapacity[d])
		ship := 0.0
		for i := range wh {
			c := &wh[i]
			take := min(c.waiting, capacity-ship)
			if take <= 0 {
				break
			}
			ship += take
			if fc.lateEx >= 0 && c.unnoticed > 0 {
				// Of those that leave late, the customers who notice
				// before the parcel comes.
				arrival := s.deliveryTime(d, nominalTransit(&s.Promises[c.promise]))
				u := take * c.unnoticed / c.waiting
				f.opened(cutoff, u*c.noticeWithin(&s.Exceptions[fc.lateEx], float64(cutoff), arrival), arrival-float64(cutoff))
				c.unnoticed -= u
			}
			c.waiting -= take
		}
		for len(wh) > 0 && wh[0].waiting <= 0 {
			wh = wh[1:]
		}
		if fc.lateEx >= 0 {
			f.waitingCustomers(wh, cutoff, capacity)
		}
		load, over := 0.0, 0.0
		if s.CarrierCapacity != nil {
			load = ship / float64(s.CarrierCapacity[d])
			over = max(ship-float64(s.CarrierCapacity[d]), 0)
		}
		left := ship
		for i, e := range s.Exceptions {
			pe := min(e.Probability*(1+e.LoadRise*load), 1)
			f.shipped(i, cutoff, d, ship*pe)
			left -= ship * pe
		}
		if over > 0 {
			f.shipped(s.OverloadException, cutoff, d, over*max(left, 0)/ship)
		}
	}
	f.caseMix = make([]float64, len(f.ch))
	total := 0.0
	for i, e := range s.Exceptions {
		n := stats.Sum(fc.notices[i])
		for c, share := range e.ChannelMix {
			f.caseMix[c] += n * share
		}
		total += n
	}
	for c := range f.caseMix {
		if total > 0 {
			f.caseMix[c] /= total
		}
	}
}

// fluidCohort is the orders of one day and promise still in the
// warehouse, and of them those whose customer has not noticed.
type fluidCohort struct {
	promise, day       int
	promised           float64 // the hour of the promised delivery
	waiting, unnoticed float64
}

// noticeWithin returns the chance that a customer of the cohort who had
// not noticed by from notices by to, the late-order exception e's notice
// delay counting from the promised date.
func (c *fluidCohort) noticeWithin(e *Exception, from, to float64) float64 {
	from, to = max(from-c.promised, 0), to-c.promised
	if to <= from {
		return 0
	}
	before := e.NoticeDelay.below(from)
	if before >= 1 {
		return 0
	}
	return (e.NoticeDelay.below(to) - before) / (1 - before)
}

// waitingCustomers opens the cases of the customers of orders still in
// the warehouse after the cut-off at hour cutoff, up to the next one:
// those who notice that the promised date has passed, and those whom a
// stale tracking page makes write in. Their orders leave when the
// capacity reaches them.
func (f *fluid) waitingCustomers(wh []fluidCohort, cutoff int, capacity float64) {
	s, fc := f.m.Season, f.cases
	e := &s.Exceptions[fc.lateEx]
	ahead := 0.0
	for i := range wh {
		c := &wh[i]
		until := math.Inf(1)
		if capacity > 0 {
			until = 24*(ahead+c.waiting/2)/capacity + c.promised - float64(24*c.day+s.DispatchHour)
		}
		ahead += c.waiting
		if t := s.StaleTracking; t.Share > 0 {
			if at := float64(24*c.day+s.DispatchHour) + t.After; at >= float64(cutoff) && at < float64(cutoff+24) {
				n := c.unnoticed * t.Share
				f.opened(int(at), n, until)
				c.unnoticed -= n
			}
		}
		n := c.unnoticed * c.noticeWithin(e, float64(cutoff), float64(cutoff+24))
		f.opened(cutoff+12, n, until)
		c.unnoticed -= n
	}
}

// shipped adds n parcels of exception e that leave at hour cutoff of day
// d: they go wrong, and their customers notice (or not) after the promised
// date.
func (f *fluid) shipped(e, cutoff, d int, n float64) {
	if !(n > 0) {
		return
	}
	s, fc := f.m.Season, f.cases
	p := &fc.profiles[e]
	fc.created[cutoff] += n
	due := 0.0
	for _, pr := range s.Promises {
		due += pr.Share * s.deliveryTime(d, nominalTransit(&pr))
	}
	// Each parcel's notice is an event; a late one's delivery too.
	f.est.CaseEvents += n
	if s.Exceptions[e].Kind == Late {
		f.est.CaseEvents += n
		if at := int(due + p.quietAfter); at < f.hours {
			fc.ended[at] += n * (1 - p.noticed)
		}
	}
	if at := int(due + p.noticeAfter); at < f.hours {
		fc.notices[e][at] += n * p.noticed
	}
}

// opened adds n cases of the late-order exception whose customers notice
// in hour at, and whose orders come until hours later.
func (f *fluid) opened(at int, n, until float64) {
	if !(n > 0) || at >= f.hours {
		return
	}
	fc := f.cases
	fc.created[at] += n
	fc.notices[fc.lateEx][at] += n
	fc.lateUntil[at] += n * min(until, f.m.Horizon)
	f.est.CaseEvents += 2 * n // the notice, and the order's delivery
}

// notice opens the cases noticed in hour h: their first contacts, the
// company's work on them, their chases while they stay open, and when
// they end.
func (fc *fluidCases) notice(f *fluid, h int) {
	s := f.m.Season
	remaining := f.m.Horizon - float64(h)
	for e := range s.Exceptions {
		n := fc.notices[e][h]
		if n == 0 {
			continue
		}
		ex, p := &s.Exceptions[e], &fc.profiles[e]
		contacts := n * (1 - p.detected)
		f.est.CaseEvents += n * p.detected
		// A contact the self-service page answers restarts the wait for
		// news: one timer.
		if !math.IsInf(fc.chaseEvery, 1) {
			f.est.Chases += contacts * ex.SelfService
		}
		firstAnswer := 0.0
		for c, share := range ex.ChannelMix {
			if share == 0 {
				continue
			}
			fc.contact(f, c, h, contacts*(1-ex.SelfService)*share)
			firstAnswer += share * f.firstAnswer(c)
		}
		firstAnswer *= 1 - p.detected
		flow := &p.flow
		wait := 0.0
		for t, v := range flow.visits {
			if v > 0 {
				wait += v * f.teams[t].backlog / max(f.teams[t].mean, 1e-9)
			}
		}
		until := p.untilDelivery
		if e == fc.lateEx && fc.lateUntil[h] > 0 {
			until = fc.lateUntil[h] / n
		}
		// A case ends by its workflow, which starts at the first answer, or
		// with the delivery of a late parcel, counted from the notice,
		// whichever comes first.
		need, end := until, until
		if flow.steps {
			need = math.Min(flow.hours+wait, until)
			end = math.Min(firstAnswer+flow.hours+wait, until)
		}
		avail := max(remaining-firstAnswer, 0)
		scale := 1.0
		if need > avail {
			scale = avail / need
		}
		open := min(remaining, end)
		f.est.Forms += n * flow.forms * scale
		f.est.CaseEvents += n * flow.events * scale
		if at := h + int(min(firstAnswer, remaining)); at < f.hours {
			for t, w := range flow.work {
				f.teams[t].tasks[at] += n * w * scale
			}
			for c, share := range ex.ChannelMix {
				f.ch[c].first[at] += n * flow.recontacts * scale * share
			}
		}
		// The customer chases while the case stays open: once answered, or,
		// whose first contact waits for a written reply, from the contact.
		every := fc.chaseEvery
		for _, g := range []struct{ share, after float64 }{{p.written, 0}, {1 - p.written, firstAnswer}} {
			if !(g.share > 0) || !(open > g.after+every) {
				continue
			}
			from, to := h+int(g.after+every), min(h+int(open), f.hours)
			for c, share := range ex.ChannelMix {
				rate := n * g.share * share / every
				f.ch[c].chase[from] += rate
				f.ch[c].chase[to] -= rate
			}
		}
		if !math.IsInf(fc.chaseEvery, 1) {
			f.est.Chases += n // each case's last chase timer, stale when it ends
		}
		if end := h + int(open); end < f.hours {
			fc.ended[end] += n
		}
	}
}

// contact offers n first contacts about cases to channel c in hour h: a
// letter reaches the queue after its transit, unless the post loses it.
func (fc *fluidCases) contact(f *fluid, c, h int, n float64) {
	spec := &f.m.Channels[c]
	if spec.Transit.Kind == NoDist {
		f.ch[c].first[h] += n
		return
	}
	if at := h + int(spec.Transit.Mean()); at < f.hours {
		f.ch[c].later[at] += n * (1 - spec.Loss)
	}
}

// firstAnswer returns the hours a customer with a case waits for channel
// c to answer: the queue's wait, and the attempts that fail before one
// gets through, each followed by a retry or a chase.
func (f *fluid) firstAnswer(c int) float64 {
	fc := &f.ch[c]
	fail := min(fc.fail+fc.spec.NeverAnswered, 1)
	if fail == 0 || f.orbit.keep == 0 {
		return fc.wait
	}
	if fail > 0.999 {
		return math.Inf(1)
	}
	return fc.wait + fail/(1-fail)*f.orbit.period
}

// alive counts the cases alive at the end of hour h.
func (fc *fluidCases) alive(f *fluid, h int) {
	fc.live += fc.created[h] - fc.ended[h]
	f.est.PeakCases = max(f.est.PeakCases, fc.live)
}

// profile works out what a case of exception i does.
func (f *fluid) profile(i int) caseProfile {
	s := f.m.Season
	e := &s.Exceptions[i]
	p := caseProfile{noticed: 1, noticeAfter: e.NoticeDelay.Mean(), untilDelivery: math.Inf(1)}
	for c, share := range e.ChannelMix {
		if f.m.Channels[c].Deferred {
			p.written += share
		}
	}
	notice := quantiles(&e.NoticeDelay)
	if e.Kind == Late {
		// A late parcel that comes before its customer notices ends the
		// case unnoticed.
		delay := quantiles(&e.Delay)
		var in, after, quiet, until float64
		for _, x := range notice {
			for _, y := range delay {
				if x < y {
					in++
					after += x
					until += y - x
				} else {
					quiet += y
				}
			}
		}
		all := float64(len(notice) * len(delay))
		p.noticed = in / all
		if in > 0 {
			p.noticeAfter, p.untilDelivery = after/in, until/in
		}
		if in < all {
			p.quietAfter = quiet / (all - in)
		}
	}
	if e.DetectProb > 0 {
		detect := quantiles(&e.DetectDelay)
		first := 0.0
		for _, x := range detect {
			for _, y := range notice {
				if x < y {
					first++
				}
			}
		}
		p.detected = e.DetectProb * first / float64(len(detect)*len(notice))
	}
	w := e.Workflow
	if len(w) == 0 && e.ResolveTeam >= 0 {
		// As newSeasonState: resolve amounts to a work step and an outcome.
		w = Workflow{
			{Name: "resolve", Kind: StepWork, Team: e.ResolveTeam, Time: e.ResolveTime, Next: -1},
			{Name: "outcome", Kind: StepResolve, Shares: [numResolutions]float64{ResolveReship: e.Reship, ResolveRefund: e.Refund, ResolveCredit: e.Credit}},
		}
	}
	p.flow = f.flowCost(w, e)
	return p
}

// flowCost works out one pass through workflow w: each step's cost times
// the expected visits to it. The visits solve v = e₀ + Pᵀv, P the chances
// of going from step to step; a whisker of damping keeps a loop that a
// case never leaves (a branch that never holds) finite, at about
// 1/damping visits.
func (f *fluid) flowCost(w Workflow, e *Exception) flowCost {
	teams := len(f.m.Teams)
	fc := flowCost{work: make([]float64, teams), visits: make([]float64, teams)}
	n := len(w)
	if n == 0 {
		return fc
	}
	fc.steps = true
	const damping = 1 / unending
	a := make([][]float64, n)
	for i := range a {
		a[i] = make([]float64, n+1)
		a[i][i] = 1
	}
	a[0][n] = 1
	for i := range w {
		st := &w[i]
		switch st.Kind {
		case StepResolve:
		case StepBranch:
			p := f.holds(st)
			a[st.Then][i] -= (1 - damping) * p
			a[st.Else][i] -= (1 - damping) * (1 - p)
		default:
			a[w.next(i)][i] -= 1 - damping
		}
	}
	v := solve(a)
	chase := f.m.Season.Customer.ChaseInterval.Kind != NoDist
	for i := range w {
		st, visits := &w[i], v[i]
		if !(visits > 0) {
			continue
		}
		switch st.Kind {
		case StepWork:
			hours := st.Time.Mean() / teamSpeed(&f.m.Teams[st.Team])
			fc.hours += visits * hours
			fc.events += visits
			fc.work[st.Team] += visits * hours
			fc.visits[st.Team] += visits
			if st.Handoff {
				fc.recontacts += visits * st.ContextLoss
			}
		case StepWait:
			fc.hours += visits * st.Time.Mean()
			fc.events += visits
		case StepAsk:
			sendings, hours := askCost(st)
			fc.forms += visits * sendings
			fc.hours += visits * hours
		case StepNotify:
			if chase {
				fc.events += visits // the customer's wait for news restarts
			}
		case StepResolve:
			reship := st.Shares[ResolveReship]
			courier := st.Shares[ResolveCourier]
			if reship > 0 {
				fc.hours += visits * reship * f.reshipHours(e)
			}
			if courier > 0 {
				fc.hours += visits * courier * f.m.Season.CourierTime.Mean()
			}
			fc.events += visits * (reship + courier) // the new parcel's delivery
			if chase {
				fc.events += visits * (reship + courier)
			}
		}
	}
	return fc
}

// holds returns the chance that a branch's condition holds.
func (f *fluid) holds(st *Step) float64 {
	s := f.m.Season
	switch st.If {
	case IfProbability:
		return st.Probability
	case IfInStock:
		if s.Stock == nil {
			return 1
		}
		return 0.5
	case IfValueOver:
		if s.OrderValue.Kind == NoDist {
			return 0
		}
		return 1 - s.OrderValue.below(st.Value)
	case IfAuthority:
		if f.m.Teams[st.Team].Authority[st.Authority] {
			return 1
		}
		return 0
	case IfDeadlineReachable:
		return 1 - s.Customer.DeadlineShare/2
	}
	return 0.5
}

// reshipHours returns the hours from the decision to reship to the new
// parcel's delivery: half a day to the next cut-off, and the transit of
// the promise it goes with.
func (f *fluid) reshipHours(e *Exception) float64 {
	s := f.m.Season
	if p := e.ReshipPromise; p > 0 {
		return 12 + 24*float64(nominalTransit(&s.Promises[p-1]))
	}
	days := 0.0
	for _, pr := range s.Promises {
		days += pr.Share * float64(nominalTransit(&pr))
	}
	return 12 + 24*days
}

// askCost returns the forms an ask step sends, reminders included, and
// the hours until one comes back; by the medium the customer asks for.
func askCost(st *Step) (sendings, hours float64) {
	sendings, hours = sendCost(st, &st.Transit, st.Loss)
	if s := st.Switch.Share; s > 0 {
		sw, swHours := sendCost(st, &st.Switch.Transit, st.Switch.Loss)
		sendings, hours = (1-s)*sendings+s*sw, (1-s)*hours+s*swHours
	}
	return sendings, hours
}

// sendCost returns the sendings of an ask step's form by a medium, and
// the hours until one comes back: each comes back within the reminder
// with the chance that it is not lost on the way out or back or by the
// company, that the customer answers, and that the round trip is shorter
// than the reminder; else it is sent again.
func sendCost(st *Step, transit *Dist, loss float64) (sendings, hours float64) {
	way, respond := quantiles(transit), quantiles(&st.RespondTime)
	var in, sum float64
	for _, out := range way {
		for _, r := range respond {
			for _, back := range way {
				if t := out + r + back; t <= st.Reminder {
					in++
					sum += t
				}
			}
		}
	}
	all := float64(len(way) * len(respond) * len(way))
	q := (1 - loss) * (1 - loss) * st.Respond * (1 - st.LostOnReceipt) * in / all
	if !(q > 0) {
		return unending, unending * st.Reminder
	}
	sendings = min(1/q, unending)
	return sendings, (sendings-1)*st.Reminder + sum/in
}

// teamSpeed returns the mean speed of a team's work.
func teamSpeed(t *Team) float64 {
	switch {
	case t.SpeedByHour != nil:
		return stats.Sum(t.SpeedByHour) / float64(len(t.SpeedByHour))
	case t.Speed > 0:
		return t.Speed
	}
	return 1
}

// solve solves the linear system of the augmented matrix a (n rows of n+1)
// by Gaussian elimination with partial pivoting.
func solve(a [][]float64) []float64 {
	n := len(a)
	for col := range n {
		pivot := col
		for r := col + 1; r < n; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[pivot][col]) {
				pivot = r
			}
		}
		a[col], a[pivot] = a[pivot], a[col]
		if a[col][col] == 0 {
			continue
		}
		for r := col + 1; r < n; r++ {
			k := a[r][col] / a[col][col]
			for c := col; c <= n; c++ {
				a[r][c] -= k * a[col][c]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := a[r][n]
		for c := r + 1; c < n; c++ {
			s -= a[r][c] * x[c]
		}
		if a[r][r] != 0 {
			x[r] = s / a[r][r]
		}
	}
	return x
}
