package sim

import (
	"fmt"
	"math"
)

// A Workflow is the company's process for one kind of exception: the steps
// a case goes through from the first answer to its resolution. Steps run
// from the first; each goes on to Next (or, for a branch, Then or Else),
// and a Resolve step ends the case. The step that a case is at is its own:
// two cases of the same exception go through the same process at their own
// pace.
type Workflow []Step

// StepKind is what a step of a workflow does.
type StepKind uint8

const (
	// StepWork is work by a team: the case joins the team's queue of
	// tasks, and an agent works on it for Time (divided by the team's
	// speed). With Handoff, the case is passed on to a team that did not
	// have it: counted as a handoff, and with probability ContextLoss the
	// context is lost and the customer must explain again (one more
	// contact). With Verify, the agent checks the order's details, which
	// corrects a data error before a reship repeats it.
	StepWork StepKind = iota
	// StepWait is an external wait of Time: a carrier investigation, a
	// supplier's answer.
	StepWait
	// StepAsk asks the customer for something through a medium (a form by
	// post or by email): it travels Transit each way and is lost with
	// probability Loss each way; the customer answers with probability
	// Respond after RespondTime. A form that came back is lost by the
	// company itself (the mail room, the scan) with probability
	// LostOnReceipt. A form that does not come back within Reminder hours
	// of being sent, or that the company lost, is sent again (a reminder,
	// or the whole step redone when it was lost). Each sending is an action
	// asked of the customer. With ToRecipient the form goes to the gift's
	// recipient rather than the customer; with Switch, a share of
	// customers ask for it by another medium.
	StepAsk
	// StepBranch goes to Then when its condition holds, else to Else.
	StepBranch
	// StepNotify tells the customer where their case stands: news, which
	// restarts their wait before chasing. With Expect, the notice carries
	// a new expected date, Expect after the notice: a customer who trusts
	// it does not chase before that date plus their tolerance (see
	// Customer.NoticeDistrust).
	StepNotify
	// StepResolve ends the case: a reship, a courier, a refund or a
	// credit, drawn by the shares when there are several.
	StepResolve
)

// Condition is what a branch tests.
type Condition uint8

const (
	// IfProbability holds with probability Probability.
	IfProbability Condition = iota
	// IfInStock holds when the case's product group has a unit in stock
	// (always, without stock groups).
	IfInStock
	// IfValueOver holds when the order is worth more than Value.
	IfValueOver
	// IfAuthority holds when team Team may give resolution Authority
	// without escalating.
	IfAuthority
	// IfDeadlineReachable holds when the customer has no deadline, or a
	// reship sent now (ReachDays carrier days) would still meet it.
	IfDeadlineReachable
)

// Resolution is how a case ends.
type Resolution uint8

const (
	ResolveReship  Resolution = iota // a new parcel through dispatch and the carrier
	ResolveCourier                   // a new parcel by courier, outside the dispatch queue
	ResolveRefund
	ResolveCredit
	numResolutions
)

var resolutionNames = [numResolutions]string{"reship", "courier", "refund", "credit"}

func (r Resolution) String() string { return resolutionNames[r] }

// Step is one step of a workflow; which fields matter depends on Kind.
type Step struct {
	Name string
	Kind StepKind
	// Next is the index of the step that follows; -1 means the next one
	// in the list.
	Next int

	// Work: the team and the work time.
	Team        int
	Time        Dist // also the duration of a wait
	Handoff     bool
	ContextLoss float64
	Verify      bool

	// Ask: the medium and the customer's answer.
	Transit     Dist
	Loss        float64
	Respond     float64
	RespondTime Dist
	Reminder    float64
	// ToRecipient sends the form to the recipient of the order rather than
	// the customer who bought it: for a customer with a deadline, whose
	// order is taken to be a gift, the first such form spoils the surprise.
	ToRecipient bool
	// LostOnReceipt is the chance that the company loses a form that came
	// back before anyone acts on it: the step is redone at the reminder.
	LostOnReceipt float64
	// Switch is the customers who ask for the form by another medium.
	Switch AskSwitch

	// Notify: the time from the notice to the date it promises; NoDist
	// for a notice without a date.
	Expect Dist

	// Branch.
	If          Condition
	Probability float64
	Value       float64
	Authority   Resolution
	ReachDays   int
	Then, Else  int

	// Resolve: the shares of each resolution, summing to 1.
	Shares [numResolutions]float64
}

// AskSwitch is another medium that a share of customers ask a form to be
// sent by (email instead of post): when the step first sends its form,
// with probability Share the customer asks for the other medium, and that
// form and every reminder of the step travel Transit each way and are lost
// with probability Loss each way.
type AskSwitch struct {
	Share   float64
	Transit Dist
	Loss    float64
}

// next returns the index of the step after step i of w.
func (w Workflow) next(i int) int {
	if n := w[i].Next; n >= 0 {
		return n
	}
	return i + 1
}

// StepProblem is something wrong with a step of a workflow.
type StepProblem struct {
	Step    int // index of the step
	Problem string
}

// askProblems checks what an ask step adds to its medium: the company's
// losses and the other medium customers may ask for.
func askProblems(i int, st *Step) []StepProblem {
	var errs []StepProblem
	if !(st.LostOnReceipt >= 0 && st.LostOnReceipt < 1) {
		errs = append(errs, StepProblem{i, "the chance the company loses a form it received must be in [0, 1): otherwise the form never counts"})
	}
	sw := &st.Switch
	switch {
	case !(sw.Share >= 0 && sw.Share <= 1):
		errs = append(errs, StepProblem{i, "the share of customers who ask for another medium must be in [0, 1]"})
	case sw.Share == 0:
	case sw.Transit.Kind == NoDist || !(sw.Loss >= 0 && sw.Loss < 1):
		errs = append(errs, StepProblem{i, "the other medium needs a transit time and a loss in [0, 1)"})
	}
	return errs
}

// validate checks a workflow of exception name for the model.
func (w Workflow) validate(m *Model, name string) []error {
	var errs []error
	for _, p := range w.Problems(len(m.Teams)) {
		errs = append(errs, fmt.Errorf("exception %s: workflow step %d (%s): %s", name, p.Step+1, w[p.Step].Name, p.Problem))
	}
	return errs
}

// Problems checks a workflow for a model with the given number of teams:
// known teams, steps that exist, a way to a resolve step from every step
// that can be reached (a loop without an exit would keep a case open for
// ever), no step that cannot be reached, and no loop that takes no time.
func (w Workflow) Problems(teams int) []StepProblem {
	var errs []StepProblem
	bad := func(i int, format string, args ...any) {
		errs = append(errs, StepProblem{i, fmt.Sprintf(format, args...)})
	}
	if len(w) == 0 {
		return nil
	}
	inRange := func(j int) bool { return j >= 0 && j < len(w) }
	for i, st := range w {
		targets := []int{}
		switch st.Kind {
		case StepWork:
			if st.Team < 0 || st.Team >= teams {
				bad(i, "team index %d out of range", st.Team)
			}
			if st.Time.Kind == NoDist {
				bad(i, "work needs a time")
			}
			if !(st.ContextLoss >= 0 && st.ContextLoss <= 1) {
				bad(i, "context loss must be a probability")
			}
			targets = append(targets, w.next(i))
		case StepWait:
			if st.Time.Kind == NoDist {
				bad(i, "a wait needs a time")
			}
			targets = append(targets, w.next(i))
		case StepAsk:
			if st.Transit.Kind == NoDist || st.RespondTime.Kind == NoDist {
				bad(i, "asking the customer needs a transit time and a time to respond")
			}
			if !(st.Loss >= 0 && st.Loss < 1) || !(st.Respond > 0 && st.Respond <= 1) {
				bad(i, "loss must be in [0, 1) and the chance to respond in (0, 1]: otherwise the form never comes back")
			}
			if !(st.Reminder > 0) || math.IsInf(st.Reminder, 0) {
				bad(i, "a form needs a reminder time > 0, after which it is sent again")
			}
			errs = append(errs, askProblems(i, &st)...)
			targets = append(targets, w.next(i))
		case StepBranch:
			if st.If == IfProbability && !(st.Probability >= 0 && st.Probability <= 1) {
				bad(i, "branch probability must be in [0, 1]")
			}
			if st.If == IfAuthority && (st.Team < 0 || st.Team >= teams) {
				bad(i, "team index %d out of range", st.Team)
			}
			targets = append(targets, st.Then, st.Else)
		case StepNotify:
			targets = append(targets, w.next(i))
		case StepResolve:
			total := 0.0
			for _, p := range st.Shares {
				if !(p >= 0) {
					bad(i, "resolution shares must not be negative")
				}
				total += p
			}
			if math.Abs(total-1) > 1e-6 {
				bad(i, "resolution shares must sum to 1, got %v", total)
			}
		default:
			bad(i, "unknown kind %d", st.Kind)
		}
		for _, j := range targets {
			if !inRange(j) {
				bad(i, "goes to step %d, which does not exist (the last step must be a resolve step, or say next)", j+1)
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	// Every step reached from the first must be able to reach a resolve
	// step: found by walking backwards from the resolve steps.
	ends := make([]bool, len(w))
	for changed := true; changed; {
		changed = false
		for i, st := range w {
			if ends[i] {
				continue
			}
			var can bool
			switch st.Kind {
			case StepResolve:
				can = true
			case StepBranch:
				can = ends[st.Then] || ends[st.Else]
			default:
				can = ends[w.next(i)]
			}
			if can {
				ends[i], changed = true, true
			}
		}
	}
	reached := make([]bool, len(w))
	stack := []int{0}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if reached[i] {
			continue
		}
		reached[i] = true
		switch w[i].Kind {
		case StepResolve:
		case StepBranch:
			stack = append(stack, w[i].Then, w[i].Else)
		default:
			stack = append(stack, w.next(i))
		}
	}
	// A loop of branches and notices alone would run for ever at one
	// instant: every loop must take time (work, a wait or a form).
	const unseen, onPath, done = 0, 1, 2
	mark := make([]int, len(w))
	var instantLoop func(i int) bool
	instantLoop = func(i int) bool {
		if w[i].Kind != StepBranch && w[i].Kind != StepNotify {
			return false
		}
		switch mark[i] {
		case onPath:
			return true
		case done:
			return false
		}
		mark[i] = onPath
		next := []int{w.next(i)}
		if w[i].Kind == StepBranch {
			next = []int{w[i].Then, w[i].Else}
		}
		for _, j := range next {
			if instantLoop(j) {
				return true
			}
		}
		mark[i] = done
		return false
	}
	for i := range w {
		if instantLoop(i) {
			bad(i, "loops back through branches and notices only, with no work, wait or form to take time")
			return errs
		}
	}
	for i := range w {
		switch {
		case reached[i] && !ends[i]:
			bad(i, "a case that reaches it can never be resolved: every way from it loops without a resolve step")
		case !reached[i]:
			bad(i, "can never be reached from the first step")
		}
	}
	return errs
}
