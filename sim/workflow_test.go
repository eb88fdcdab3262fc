package sim

import (
	"strings"
	"testing"
)

// withWorkflow gives the small season's lost parcels the workflow w, with
// claims (team 2) and next-day couriers.
func withWorkflow(t *testing.T, w Workflow) *Model {
	m := smallSeason(t)
	m.Season.Exceptions[0].Workflow = w
	m.Season.CourierTime = mustDist(t)(NewDeterministic(20))
	return m
}

func work(t *testing.T, team int, hours float64) Step {
	return Step{Name: "work", Kind: StepWork, Team: team, Time: mustDist(t)(NewExponential(hours)), Next: -1}
}

func resolveBy(r Resolution) Step {
	s := Step{Name: "resolve", Kind: StepResolve}
	s.Shares[r] = 1
	return s
}

func TestBrokenWorkflowsAreRefused(t *testing.T) {
	ok := func(t *testing.T) Workflow { return Workflow{work(t, 2, 0.2), resolveBy(ResolveRefund)} }
	cases := []struct {
		name   string
		break_ func(w Workflow) Workflow
		want   string
	}{
		{"unknown team", func(w Workflow) Workflow { w[0].Team = 9; return w }, "team index 9 out of range"},
		{"missing step", func(w Workflow) Workflow { w[0].Next = 7; return w }, "goes to step 8, which does not exist"},
		{"no resolve at the end", func(w Workflow) Workflow { return w[:1] }, "goes to step 2, which does not exist"},
		{"loop without exit", func(w Workflow) Workflow {
			return Workflow{w[0], {Name: "again", Kind: StepBranch, If: IfProbability, Probability: 0.5, Then: 0, Else: 0}, w[1]}
		}, "can never be resolved"},
		{"unreachable", func(w Workflow) Workflow { w[0].Next = 2; return append(w[:1], w[1], resolveBy(ResolveCredit)) }, "can never be reached"},
		{"instant loop", func(w Workflow) Workflow {
			return Workflow{{Name: "check", Kind: StepBranch, If: IfInStock, Then: 1, Else: 2}, {Name: "tell", Kind: StepNotify, Next: 0}, w[1]}
		}, "loops back through branches and notices only"},
		{"shares", func(w Workflow) Workflow { w[1].Shares[ResolveCredit] = 0.5; return w }, "shares must sum to 1"},
		{"form that never returns", func(w Workflow) Workflow {
			return Workflow{{Name: "form", Kind: StepAsk, Transit: mustDist(t)(NewDeterministic(48)), RespondTime: mustDist(t)(NewDeterministic(24)), Loss: 1, Respond: 1, Reminder: 200, Next: -1}, w[1]}
		}, "otherwise the form never comes back"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := withWorkflow(t, c.break_(ok(t)))
			_, err := Run(t.Context(), m, 1, 0)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error with %q", err, c.want)
			}
		})
	}
	if _, err := Run(t.Context(), withWorkflow(t, ok(t)), 1, 0); err != nil {
		t.Fatal(err)
	}
}

// declaration is a claim process that asks the customer for a signed form
// through a medium, then refunds.
func declaration(t *testing.T, transit, loss float64) Workflow {
	return Workflow{
		work(t, 2, 0.2),
		{Name: "declaration", Kind: StepAsk, Transit: mustDist(t)(NewDeterministic(transit)), Loss: loss,
			Respond: 0.9, RespondTime: mustDist(t)(NewExponential(24)), Reminder: 2*transit + 120, Next: -1},
		work(t, 2, 0.1),
		resolveBy(ResolveRefund),
	}
}

func TestFormsByPostAreLostAndRedone(t *testing.T) {
	post := runSeason(t, withWorkflow(t, declaration(t, 48, 0.1)), 0).Season
	email := runSeason(t, withWorkflow(t, declaration(t, 0.05, 0)), 0).Season
	if post.FormsLost == 0 || post.FormsResent == 0 {
		t.Errorf("by post: %d forms lost, %d sent again; want losses, redone", post.FormsLost, post.FormsResent)
	}
	if email.FormsLost != 0 {
		t.Errorf("by email: %d forms lost", email.FormsLost)
	}
	if !(post.Actions.Mean() > email.Actions.Mean() && email.Actions.Mean() > 0) {
		t.Errorf("actions per case: post %v, email %v", post.Actions.Mean(), email.Actions.Mean())
	}
	if !(post.Resolution.Mean() > email.Resolution.Mean()+12) {
		t.Errorf("resolution: post %v h, email %v h; the post's round trip should show", post.Resolution.Mean(), email.Resolution.Mean())
	}
}

func TestUncorrectedDataErrorsRepeatOnTheReship(t *testing.T) {
	run := func(verify bool) *SeasonResult {
		w := Workflow{work(t, 2, 0.2), resolveBy(ResolveReship)}
		w[0].Verify = verify
		m := withWorkflow(t, w)
		m.Season.Exceptions[0].DataError = 0.5
		return runSeason(t, m, 0).Season
	}
	unchecked, checked := run(false), run(true)
	if unchecked.DataErrorsRepeated == 0 || checked.DataErrorsRepeated != 0 {
		t.Errorf("repeated data errors: %d without checking, %d with", unchecked.DataErrorsRepeated, checked.DataErrorsRepeated)
	}
	if !(unchecked.Contacts.Mean() > checked.Contacts.Mean()) {
		t.Errorf("contacts per case: %v unchecked, %v checked", unchecked.Contacts.Mean(), checked.Contacts.Mean())
	}
}

func TestHandoffsLoseContext(t *testing.T) {
	w := Workflow{work(t, 0, 0.1), work(t, 2, 0.2), resolveBy(ResolveRefund)}
	w[1].Handoff, w[1].ContextLoss = true, 0.5
	s := runSeason(t, withWorkflow(t, w), 0).Season
	if s.Handoffs == 0 || !(s.ContextLost > s.Handoffs/4 && s.ContextLost < 3*s.Handoffs/4) {
		t.Errorf("%d handoffs, %d with the context lost; want about half", s.Handoffs, s.ContextLost)
	}
	if got := s.CaseHandoffs.Mean(); !(got > 0 && got <= 1) {
		t.Errorf("handoffs per case %v", got)
	}
}

// TestAuthorityDecidesTheCourier branches on the first team's authority:
// with it, a courier the next day; without, a reship through the queue.
func TestAuthorityDecidesTheCourier(t *testing.T) {
	run := func(authority bool) *SeasonResult {
		w := Workflow{work(t, 0, 0.1),
			{Name: "may send a courier?", Kind: StepBranch, If: IfAuthority, Team: 0, Authority: ResolveCourier, Then: 2, Else: 3},
			resolveBy(ResolveCourier), resolveBy(ResolveReship)}
		m := withWorkflow(t, w)
		m.Teams[0].Authority[ResolveCourier] = authority
		return runSeason(t, m, 0).Season
	}
	empowered, rigid := run(true), run(false)
	if empowered.Couriers == 0 || rigid.Couriers != 0 {
		t.Errorf("couriers: %d empowered, %d without authority", empowered.Couriers, rigid.Couriers)
	}
	if !(empowered.Resolution.Mean() < rigid.Resolution.Mean()) {
		t.Errorf("resolution: %v h empowered, %v h rigid", empowered.Resolution.Mean(), rigid.Resolution.Mean())
	}
}

func TestSelfServiceDeflectsContacts(t *testing.T) {
	m := smallSeason(t)
	m.Season.Exceptions[1].SelfService = 0.5 // late parcels: "where is my order?"
	with, without := runSeason(t, m, 0), runSeason(t, smallSeason(t), 0)
	if with.Season.Deflected == 0 || !(with.Channels[0].Offered < without.Channels[0].Offered) {
		t.Errorf("%d deflected; phone offered %d with self-service, %d without", with.Season.Deflected, with.Channels[0].Offered, without.Channels[0].Offered)
	}
}

// TestDeadlineFirstMeetsMoreDeadlines gives a starved claims team the
// choice of order: taking the cases whose customer has a deadline first
// meets more deadlines, replication by replication on the same seeds.
func TestDeadlineFirstMeetsMoreDeadlines(t *testing.T) {
	share := func(order TaskOrder) func(rep int) float64 {
		return func(rep int) float64 {
			m := withWorkflow(t, Workflow{work(t, 2, 1.3), resolveBy(ResolveRefund)})
			m.Teams[2].Agents = 1
			m.Season.TaskOrder = order
			s := runSeason(t, m, rep).Season
			return float64(s.MetDeadline) / float64(s.WithDeadline)
		}
	}
	if d := paired(8, share(TasksFIFO), share(TasksDeadlineFirst)); !(d.Lo95 > 0) {
		t.Errorf("deadlines met, deadline first minus first in first out: %.4f [%.4f, %.4f]", d.Mean, d.Lo95, d.Hi95)
	}
}

func TestEscalationAfterRepeatedContacts(t *testing.T) {
	m := withWorkflow(t, Workflow{work(t, 2, 1.3), resolveBy(ResolveRefund)})
	m.Teams[2].Agents = 1
	m.Teams = append(m.Teams, Team{Name: "escalations", Agents: 2})
	m.Season.Customer.EscalateAfter = 3
	m.Season.EscalationTeam = len(m.Teams) - 1
	s := runSeason(t, m, 0)
	if s.Season.Escalated == 0 || s.Teams[3].BusyHours == 0 {
		t.Errorf("%d escalated, escalation team busy %v h", s.Season.Escalated, s.Teams[3].BusyHours)
	}
}
