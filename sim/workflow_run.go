package sim

import "math/rand/v2"

// runStep runs case id's workflow from step i until a step that takes time
// (work, a wait, a form) or ends the case.
func (st *seasonState) runStep(s *simulation, id int32, i int, now float64) {
	k := &st.cases[id]
	w := st.workflows[k.flow]
	k.busy = true
	for {
		k.step = int16(i)
		step := &w[i]
		r := st.next(k, forStep)
		switch step.Kind {
		case StepWork:
			if step.Handoff {
				st.res.Handoffs++
				k.handoffs++
				if st.jr != nil {
					st.tellStep(Handoff, id, int32(step.Team), step, now)
				}
				if r.Float64() < step.ContextLoss {
					// The next team does not have the story: the customer
					// is asked to tell it again, one more contact about a
					// case that already had an answer.
					st.res.ContextLost++
					st.reach(s, id, now)
				}
			}
			st.queueTask(s, id, step.Team, now)
			return
		case StepWait:
			st.setStage(k, waitingOnly)
			k.stepSeq = s.cal.Schedule(now+step.Time.Sample(r), evStep, id)
			return
		case StepAsk:
			st.setStage(k, withCustomer)
			st.chooseMedium(k, step, r)
			st.sendForm(s, id, now, false)
			return
		case StepBranch:
			if st.holds(s, k, step, now, r) {
				i = step.Then
			} else {
				i = step.Else
			}
		case StepNotify:
			promised := st.tell(k, step, now, r)
			if st.jr != nil {
				e := st.jr.caseEntry(NoticeSent, id, now)
				e.Step, e.Due = step.Name, promised
				st.jr.to.Record(e)
			}
			st.scheduleChase(s, id, now)
			i = w.next(i)
		case StepResolve:
			k.busy = false
			st.resolveStep(s, id, step, now, r)
			return
		}
	}
}

// stepEvent is a timed step's event: a wait has ended, a form has come
// back, or a form has not and is sent again.
func (st *seasonState) stepEvent(s *simulation, id int32, now float64) {
	k := &st.cases[id]
	w := st.workflows[k.flow]
	if w[k.step].Kind == StepAsk && !k.formBack {
		st.res.FormsResent++
		st.sendForm(s, id, now, true)
		return
	}
	if st.jr != nil && w[k.step].Kind == StepAsk {
		st.tellStep(FormReturned, id, -1, &w[k.step], now)
	}
	st.runStep(s, id, w.next(int(k.step)), now)
}

// queueTask puts case id's work in team's queue, in the season's order;
// an escalated case goes to the front of the escalation team's.
func (st *seasonState) queueTask(s *simulation, id int32, team int, now float64) {
	k := &st.cases[id]
	k.taskTeam = int32(team)
	st.tokens++
	k.taskToken = st.tokens
	t := task{since: now, kase: id, token: st.tokens, class: 2, key: now}
	switch st.spec.TaskOrder {
	case TasksOldestCase:
		t.key = k.opened
	case TasksDeadlineFirst:
		t.key = k.opened
		if k.deadline && now <= st.spec.Customer.Deadline {
			t.class = 1
		}
	}
	if k.escalated && team == st.spec.EscalationTeam {
		t.class = 0
	}
	s.teams[team].tasks.push(t)
	st.setStage(k, inWork)
	s.startWork(int32(team), now)
}

// escalate marks case id as escalated: work of it still queued moves to
// the front of the escalation team's queue (the entry left behind is stale
// by its token).
func (st *seasonState) escalate(s *simulation, id int32, now float64) {
	k := &st.cases[id]
	k.escalated = true
	if st.jr != nil {
		st.jr.tellCase(Escalated, id, now)
	}
	st.res.Escalated++
	if k.taskToken != 0 && k.busy && st.workflows[k.flow][k.step].Kind == StepWork {
		st.queueTask(s, id, st.spec.EscalationTeam, now)
	}
}

// sendForm sends the form of case id's current step to the customer.
// Everything about this sending is drawn now, in the same order whatever
// follows: whether it is lost on the way out or back, whether and when the
// customer answers. A form that has not come back within the step's
// reminder time is sent again; one still on its way then is overtaken by
// the new one.
func (st *seasonState) sendForm(s *simulation, id int32, now float64, again bool) {
	k := &st.cases[id]
	step := &st.workflows[k.flow][k.step]
	if st.jr != nil {
		e := st.jr.caseEntry(FormSent, id, now)
		e.Step, e.Again = step.Name, again
		st.jr.to.Record(e)
	}
	k.actions++
	st.res.FormsSent++
	st.spoilSurprise(k, step)
	transit, loss := &step.Transit, step.Loss
	if k.switched {
		transit, loss = &step.Switch.Transit, step.Switch.Loss
	}
	r := st.next(k, forForm)
	out, outLost := transit.Sample(r), r.Float64() < loss
	responds, respondTime := r.Float64() < step.Respond, step.RespondTime.Sample(r)
	back, backLost := transit.Sample(r), r.Float64() < loss
	mislaid := r.Float64() < step.LostOnReceipt
	switch {
	case outLost || (responds && backLost):
		st.res.FormsLost++
	case responds && mislaid:
		st.res.FormsLost++
		st.res.FormsLostOnReceipt++
	}
	arrives := now + out + respondTime + back
	k.formBack = !outLost && responds && !backLost && !mislaid && arrives <= now+step.Reminder
	if k.formBack {
		k.stepSeq = s.cal.Schedule(arrives, evStep, id)
	} else {
		k.stepSeq = s.cal.Schedule(now+step.Reminder, evStep, id)
	}
}

// chooseMedium draws from r whether case k's customer asks for the form
// of ask step by the step's other medium (Step.Switch), for this step's
// every sending.
func (st *seasonState) chooseMedium(k *kase, step *Step, r *rand.Rand) {
	k.switched = r.Float64() < step.Switch.Share
	if k.switched {
		st.res.FormsSwitched++
	}
}

// spoilSurprise counts the surprise that a form sent to the recipient of
// case k's order spoils: once per case, for a customer with a deadline,
// whose order is taken to be a gift.
func (st *seasonState) spoilSurprise(k *kase, step *Step) {
	if step.ToRecipient && k.deadline && !k.spoiled {
		k.spoiled = true
		st.res.SpoiledSurprises++
	}
}

// reshipPromise gives case k's reship its exception's reship promise, when
// it has one: the new parcel's transit is that promise's, not the order's.
func (st *seasonState) reshipPromise(k *kase) {
	if p := st.spec.Exceptions[k.exception].ReshipPromise; p > 0 {
		k.promise = int8(p - 1)
	}
}

// holds evaluates a branch's condition for case k; a chance is drawn from
// r.
func (st *seasonState) holds(s *simulation, k *kase, step *Step, now float64, r *rand.Rand) bool {
	switch step.If {
	case IfProbability:
		return r.Float64() < step.Probability
	case IfInStock:
		return st.spec.Stock == nil || st.stock[k.group] > 0
	case IfValueOver:
		return k.value > step.Value
	case IfAuthority:
		return s.model.Teams[step.Team].Authority[step.Authority]
	case IfDeadlineReachable:
		return !k.deadline || now+24*float64(step.ReachDays) <= st.spec.Customer.Deadline
	}
	return false
}

// resolveStep ends case id the way its resolve step draws from r: a new
// parcel (by reship or courier, if there is stock), a refund or a credit.
func (st *seasonState) resolveStep(s *simulation, id int32, step *Step, now float64, r *rand.Rand) {
	k := &st.cases[id]
	e := &st.spec.Exceptions[k.exception]
	how := Resolution(race(r.Uint64(), step.Shares[:], -1))
	switch {
	case how == ResolveRefund:
		st.resolve(s, id, now, Refunded)
	case how == ResolveCredit:
		st.resolve(s, id, now, Credited)
	case e.Kind == Backordered && st.restockComing(k.group):
		// Told to wait for the restock: the order stays in the queue for
		// stock, and the customer has news.
		st.setStage(k, waitingOnly)
		st.scheduleChase(s, id, now)
	case e.Kind == Backordered || !st.takeStock(k.group):
		// No longer available: the refund replaces the item.
		st.resolve(s, id, now, Refunded)
	case how == ResolveReship:
		st.reshipPromise(k)
		k.reshipped = true
		st.reships = append(st.reships, st.ref(id))
		st.setStage(k, shipping)
		st.res.Reships++
		k.charged += float32(st.spec.Costs.Reship)
		st.scheduleChase(s, id, now) // the customer is told: news
	default:
		// A courier takes the new parcel straight to the customer, past
		// the dispatch queue; only a data error left uncorrected makes it
		// go wrong.
		k.reshipped = true
		st.setStage(k, shipping)
		st.res.Couriers++
		k.charged += float32(st.spec.Costs.Courier)
		if st.jr != nil {
			st.tellDispatched(id, now, true)
		}
		st.scheduleChase(s, id, now)
		due := now + st.spec.CourierTime.Sample(r)
		if parcel := st.next(k, forParcel); st.repeatsDataError(k, parcel) {
			st.problemDue(s, id, due, parcel)
			return
		}
		k.due = due
		k.deliverySeq = s.cal.Schedule(due, evDelivered, id)
	}
}
