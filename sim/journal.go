package sim

import "context"

// Journal hears the journeys of one replication as they happen: every
// order that went wrong, its parcels, its case, every contact and the work
// of the teams on them, one Entry at a time, in the order of the
// simulation's clock (an order's placement, told when its order becomes a
// case, comes first among its case's entries but may be earlier than
// entries of other cases told before it).
//
// Orders that ship and arrive as promised are not entities of the model
// (see DESIGN.md: a season costs what goes wrong, not what it orders), so
// a Journal never hears of them; their counts are in the results.
//
// Record is called on the goroutine that runs the replication and must not
// keep e's strings beyond what it copies. A replication without a Journal
// (Run) checks for one at each point it would tell it, and does nothing
// else.
type Journal interface {
	Record(e Entry)
}

// JournalFunc adapts a function to a Journal.
type JournalFunc func(Entry)

// Record calls f(e).
func (f JournalFunc) Record(e Entry) { f(e) }

// Activity is what an Entry tells.
type Activity uint8

// The activities, in the order of a typical journey.
const (
	// OrderPlaced: the order of a case was placed (at the top of its hour:
	// the model places orders by the hour). Promise and Value are set.
	OrderPlaced Activity = iota + 1
	// Dispatched: the case's parcel number Parcel left the warehouse, or a
	// courier took it (Courier).
	Dispatched
	// ExceptionFound: the case's parcel (or order, for one late from the
	// warehouse) has exception Exception; told when the model draws it.
	ExceptionFound
	// Delivered: the case's parcel arrived.
	Delivered
	// Noticed: the customer noticed the problem and opened the case.
	Noticed
	// Detected: the company found the problem before the customer did.
	Detected
	// SelfService: the tracking page answered the customer instead of a
	// contact.
	SelfService
	// ContactOffered: contact Contact was offered to Channel's queue.
	ContactOffered
	// ContactAnswered: an agent of Team started on it.
	ContactAnswered
	// ContactHandled: the agent finished it.
	ContactHandled
	// ContactAbandoned: the customer gave up waiting.
	ContactAbandoned
	// ContactRejected: the queue was full and turned it away.
	ContactRejected
	// ContactUnanswered: the channel took it and will never answer it
	// (Channel.NeverAnswered).
	ContactUnanswered
	// CallbackAccepted: the caller took a call back and moved to the
	// callback channel, Channel.
	CallbackAccepted
	// Escalated: the case was escalated.
	Escalated
	// Handoff: the case passed to Team at workflow step Step.
	Handoff
	// TaskStarted and TaskDone: Team's work on the case at step Step.
	TaskStarted
	TaskDone
	// FormSent: the company sent the customer the form of step Step;
	// Again when it is a reminder's new copy.
	FormSent
	// FormReturned: the form came back.
	FormReturned
	// NoticeSent: the company told the customer news (step Step); Due is
	// the date it promised, 0 for none.
	NoticeSent
	// Resolved: the case ended with Outcome.
	Resolved
	numActivities
)

var activityNames = [numActivities]string{
	"", "order placed", "dispatched", "exception", "delivered", "noticed", "detected", "self-service",
	"contact offered", "contact answered", "contact handled", "contact abandoned", "contact rejected",
	"contact never answered", "callback accepted", "escalated", "handoff", "task started", "task done",
	"form sent", "form returned", "notice sent", "resolved",
}

// String returns the activity's name in an event log: "contact answered".
func (a Activity) String() string {
	if a >= numActivities {
		return ""
	}
	return activityNames[a]
}

// Activities lists every activity, in order.
func Activities() []Activity {
	as := make([]Activity, 0, numActivities-1)
	for a := OrderPlaced; a < numActivities; a++ {
		as = append(as, a)
	}
	return as
}

// Entry is one thing that happened, for a Journal. Numbers identify
// entities for the whole replication (slots are reused, numbers never):
// cases (and their orders, one each) and contacts are numbered from 1 in
// the order they were created. A field that does not apply is 0, or -1
// for an index.
type Entry struct {
	Activity Activity
	// T is when, in hours from the start of the run.
	T float64
	// Case is the case's number, 0 for a contact without a case.
	Case int64
	// Contact is the contact's number.
	Contact int64
	// Parcel is the case's parcel: 1 its order's own, 2 the first
	// replacement, and so on.
	Parcel int32
	// Channel, Team and Exception index the model's channels, teams and
	// season exceptions.
	Channel, Team, Exception int32
	// Promise indexes the season's promises (OrderPlaced).
	Promise int32
	// Step is the workflow step's name.
	Step string
	// Outcome is how the case ended (Resolved).
	Outcome Outcome
	// Value is the order's value, 0 when the season has none.
	Value float64
	// Due is a promised time in hours: the delivery a notice promised.
	Due float64
	// Courier: the parcel went by courier (Dispatched). Again: a
	// reminder's copy of a form (FormSent).
	Courier, Again bool
}

// RunJournal is Run with a Journal that hears the replication's journeys
// as they happen. Results are exactly Run's: the journal only listens.
func RunJournal(ctx context.Context, m *Model, seed uint64, rep int, j Journal) (*RepResult, error) {
	return run(ctx, m, seed, rep, j)
}

// journal numbers the entities of a replication that has a Journal and
// tells it what happens to them. A simulation without one has a nil
// *journal, and every hook is behind a check for it.
type journal struct {
	to Journal
	// contacts[slot] and cases[slot] are the numbers of the contact and
	// the case in a slot; parcels[slot] counts the case's parcels.
	contacts    []int64
	cases       []int64
	parcels     []int32
	lastContact int64
	lastCase    int64
}

// entry returns an Entry of activity a at t with no entity.
func entry(a Activity, t float64) Entry {
	return Entry{Activity: a, T: t, Channel: -1, Team: -1, Exception: -1, Promise: -1}
}

// offer numbers a contact offered to channel ch about the case in slot
// kase (nilID: none) at t, tells of it, and returns its number.
func (j *journal) offer(ch, kase int32, t float64) int64 {
	j.lastContact++
	j.tellNumber(ContactOffered, j.lastContact, ch, kase, t)
	return j.lastContact
}

// tellNumber tells activity a of contact number n, on channel ch about the
// case in slot kase, at t: for a contact that has no slot.
func (j *journal) tellNumber(a Activity, n int64, ch, kase int32, t float64) {
	e := entry(a, t)
	e.Contact, e.Case, e.Channel = n, j.kase(kase), ch
	j.to.Record(e)
}

// place gives contact number n the slot id.
func (j *journal) place(id int32, n int64) {
	for int(id) >= len(j.contacts) {
		j.contacts = append(j.contacts, 0)
	}
	j.contacts[id] = n
}

// newCase numbers the case in slot id.
func (j *journal) newCase(id int32) {
	j.lastCase++
	for int(id) >= len(j.cases) {
		j.cases = append(j.cases, 0)
		j.parcels = append(j.parcels, 0)
	}
	j.cases[id], j.parcels[id] = j.lastCase, 0
}

// kase returns the number of the case in slot id, 0 for nilID.
func (j *journal) kase(id int32) int64 {
	if id == nilID {
		return 0
	}
	return j.cases[id]
}

// caseEntry returns an Entry of activity a of the case in slot id, and of
// its current parcel, at t.
func (j *journal) caseEntry(a Activity, id int32, t float64) Entry {
	e := entry(a, t)
	e.Case, e.Parcel = j.cases[id], j.parcels[id]
	return e
}

// tellCase tells activity a of the case in slot id at t.
func (j *journal) tellCase(a Activity, id int32, t float64) {
	j.to.Record(j.caseEntry(a, id, t))
}

// tellPlaced tells that the order of the case in slot id, just opened,
// was placed in hour h.
func (st *seasonState) tellPlaced(id int32, h int) {
	k := &st.cases[id]
	e := st.jr.caseEntry(OrderPlaced, id, float64(h))
	e.Promise, e.Value, e.Exception = int32(k.promise), k.value, int32(k.exception)
	st.jr.to.Record(e)
}

// tellDispatched tells that a new parcel of the case in slot id left at
// t, by courier or not.
func (st *seasonState) tellDispatched(id int32, t float64, courier bool) {
	st.jr.parcels[id]++
	e := st.jr.caseEntry(Dispatched, id, t)
	e.Courier = courier
	st.jr.to.Record(e)
}

// tellException tells that the case in slot id has its exception, as of t.
func (st *seasonState) tellException(id int32, t float64) {
	e := st.jr.caseEntry(ExceptionFound, id, t)
	e.Exception = int32(st.cases[id].exception)
	st.jr.to.Record(e)
}

// tellStep tells activity a of the case in slot id at workflow step step,
// by team (-1: none), at t.
func (st *seasonState) tellStep(a Activity, id, team int32, step *Step, t float64) {
	e := st.jr.caseEntry(a, id, t)
	e.Team, e.Step = team, step.Name
	st.jr.to.Record(e)
}

// tellContact tells activity a of the contact in slot id, on its channel,
// by team (-1 for none), at t.
func (s *simulation) tellContact(a Activity, id, team int32, t float64) {
	c := &s.contacts[id]
	e := entry(a, t)
	e.Contact = s.jr.contacts[id]
	e.Case = s.jr.kase(c.kase)
	e.Channel = c.channel
	e.Team = team
	s.jr.to.Record(e)
}
