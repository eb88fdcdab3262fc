package scenarios_test

import (
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

// lostResolve is the resolve section of tiny's lost parcels, which the
// workflow tests replace.
const lostResolve = `    resolve:
      team: claims
      handle_time: {dist: exponential, mean: 20m}
      outcomes: {reship: 0.5, refund: 0.5}
`

// declarationWorkflow asks for a declaration by post above an order value,
// then checks the details and reships if in stock.
const declarationWorkflow = `    data_error: 0.2
    workflow:
      - {name: log, work: {team: claims, time: {dist: exponential, mean: 10m}}}
      - {name: proof-needed, branch: {if: value_over, value: 40, then: declaration, else: check}}
      - name: declaration
        ask: {transit: {dist: uniform, min: 1d, max: 3d}, loss: 0.05, respond: 0.9, respond_time: {dist: exponential, mean: 2d}, reminder: 12d}
      - {name: check, handoff: {team: agents, time: {dist: exponential, mean: 15m}, verify: true, context_loss: 0.2}}
      - {name: tell, notify: true}
      - {name: in-stock, branch: {if: in_stock, then: reship, else: refund}}
      - {name: reship, resolve: reship}
      - {name: refund, resolve: refund}
`

func TestWorkflowFromTheFile(t *testing.T) {
	in := valuedTiny(t, declarationWorkflow)
	in = strings.Replace(in, "    headcount: 3\n", "    headcount: 3\n    authority: [refund]\n", 1)
	in += "policies:\n  task_order: deadline_first\n  escalation: {after_contacts: 3, team: claims}\n"
	s, m := parseTiny(t, in)
	e := m.Season.Exceptions[1]
	if len(e.Workflow) != 8 || e.DataError != 0.2 || e.ResolveTeam != -1 {
		t.Fatalf("lost: %d steps, data error %v, resolve team %d", len(e.Workflow), e.DataError, e.ResolveTeam)
	}
	ask, branch, check := e.Workflow[2], e.Workflow[1], e.Workflow[3]
	if ask.Kind != sim.StepAsk || ask.Loss != 0.05 || ask.Respond != 0.9 || ask.Reminder != 12*24 {
		t.Errorf("declaration step %+v", ask)
	}
	if branch.Kind != sim.StepBranch || branch.If != sim.IfValueOver || branch.Value != 40 || branch.Then != 2 || branch.Else != 3 {
		t.Errorf("branch step %+v", branch)
	}
	if !check.Handoff || !check.Verify || check.ContextLoss != 0.2 || check.Team != 0 {
		t.Errorf("check step %+v", check)
	}
	if e.Workflow[7].Shares[sim.ResolveRefund] != 1 || !m.Teams[1].Authority[sim.ResolveRefund] {
		t.Errorf("refund step %+v, claims authority %v", e.Workflow[7], m.Teams[1].Authority)
	}
	if m.Season.TaskOrder != sim.TasksDeadlineFirst || m.Season.Customer.EscalateAfter != 3 || m.Season.EscalationTeam != 1 {
		t.Errorf("policies: %+v", s.Season.Policies)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestBrokenWorkflowsInTheFile(t *testing.T) {
	base := valuedTiny(t, declarationWorkflow)
	cases := []struct {
		name, old, new, key, want string
	}{
		{"unknown team", "work: {team: claims, time: {dist: exponential, mean: 10m}}", "work: {team: claimz, time: {dist: exponential, mean: 10m}}",
			"exceptions[1].workflow[0].work.team", `no team named "claimz"`},
		{"unknown step", "then: declaration", "then: declration",
			"exceptions[1].workflow[1].branch.then", `no step named "declration"; the steps are: log, proof-needed, declaration`},
		{"two actions", "{name: tell, notify: true}", "{name: tell, notify: true, wait: {dist: deterministic, value: 1d}}",
			"exceptions[1].workflow[4]", "needs exactly one of work, handoff, wait, ask, branch, notify, resolve; got 2"},
		{"loop without exit", "{name: tell, notify: true}", "{name: tell, notify: true, next: log}",
			"exceptions[1].workflow[5]", "can never be reached from the first step"},
		{"cycle with no exit", "{name: check, handoff: {team: agents, time: {dist: exponential, mean: 15m}, verify: true, context_loss: 0.2}}",
			"{name: check, next: log, handoff: {team: agents, time: {dist: exponential, mean: 15m}, verify: true, context_loss: 0.2}}",
			"exceptions[1].workflow[0]", "a case that reaches it can never be resolved: every way from it loops without a resolve step"},
		{"courier without a courier time", "{name: reship, resolve: reship}", "{name: reship, resolve: courier}",
			"exceptions[1].workflow[6].resolve", "a courier needs fulfilment.courier_time"},
		{"both resolve and workflow", "    data_error: 0.2\n", "    data_error: 0.2\n" + lostResolve,
			"exceptions[1].workflow", "replaces resolve: give one or the other"},
		{"unknown condition", "if: in_stock", "if: in_stok",
			"exceptions[1].workflow[5].branch.if", "must be one of probability, in_stock, value_over, authority, deadline_reachable"},
		{"bad shares", "{name: refund, resolve: refund}", "{name: refund, resolve: {refund: 0.5, credit: 0.4}}",
			"exceptions[1].workflow[7].resolve", "must sum to 1"},
		{"bad task order", "channels:\n", "policies: {task_order: lifo}\nchannels:\n",
			"policies.task_order", "must be one of fifo, oldest_case, deadline_first"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.old) {
				t.Fatalf("no %q to replace", c.old)
			}
			_, err := scenarios.Parse("tiny.yaml", []byte(strings.Replace(base, c.old, c.new, 1)))
			if err == nil || !strings.Contains(err.Error(), c.key+": ") || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v\nwant %s: ...%s", err, c.key, c.want)
			}
		})
	}
}

// TestAskOptionsFromTheFile reads whom a form goes to, the company's
// losses and the other medium customers ask for.
func TestAskOptionsFromTheFile(t *testing.T) {
	options := strings.Replace(declarationWorkflow, "reminder: 12d}", "reminder: 12d, to: recipient, lost_on_receipt: 0.05,\n          switch: {share: 0.3, transit: {dist: uniform, min: 1m, max: 30m}, loss: 0.005}}", 1)
	in := valuedTiny(t, options)
	_, m := parseTiny(t, in)
	ask := m.Season.Exceptions[1].Workflow[2]
	if !ask.ToRecipient || ask.LostOnReceipt != 0.05 || ask.Switch.Share != 0.3 || ask.Switch.Loss != 0.005 || ask.Switch.Transit.Mean() != 15.5/60 {
		t.Errorf("declaration step %+v", ask)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestDataErrorRepeatFromTheFile reads the chance that a new parcel repeats
// a data error: every one (1) unless the file says otherwise.
func TestDataErrorRepeatFromTheFile(t *testing.T) {
	in := valuedTiny(t, declarationWorkflow)
	if _, m := parseTiny(t, in); m.Season.Exceptions[1].DataErrorRepeat != 1 {
		t.Errorf("data error repeat %v by default, want 1", m.Season.Exceptions[1].DataErrorRepeat)
	}
	_, m := parseTiny(t, strings.Replace(in, "    data_error: 0.2\n", "    data_error: 0.2\n    data_error_repeat: 0.6\n", 1))
	if got := m.Season.Exceptions[1].DataErrorRepeat; got != 0.6 {
		t.Errorf("data error repeat %v, want 0.6", got)
	}
}

// TestUnreachableFromTheFile reads the share of a late exception's parcels
// whose driver cannot reach the customer, and the claim they become.
func TestUnreachableFromTheFile(t *testing.T) {
	in := valuedTiny(t, declarationWorkflow)
	late := "    delay: {dist: gamma, mean: 2d, cv: 0.5}\n"
	if !strings.Contains(in, late) {
		t.Fatalf("tiny has no late exception with %q", late)
	}
	_, m := parseTiny(t, strings.Replace(in, late, late+"    unreachable: {share: 0.4, becomes: lost}\n", 1))
	if e := m.Season.Exceptions[0]; e.Unreachable != 0.4 || e.UnreachableAs != 1 {
		t.Errorf("late: unreachable %v, becomes exception %d; want 0.4 and 1 (lost)", e.Unreachable, e.UnreachableAs)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestReshipPromiseFromTheFile reads the promise a reship is sent with as
// 1 + its index, 0 for the order's own.
func TestReshipPromiseFromTheFile(t *testing.T) {
	in := valuedTiny(t, declarationWorkflow)
	if _, m := parseTiny(t, in); m.Season.Exceptions[1].ReshipPromise != 0 {
		t.Errorf("reship promise %d by default, want 0 (the order's own)", m.Season.Exceptions[1].ReshipPromise)
	}
	_, m := parseTiny(t, strings.Replace(in, "    data_error: 0.2\n", "    data_error: 0.2\n    reship_promise: next-day\n", 1))
	if got := m.Season.Exceptions[1].ReshipPromise; got != 2 {
		t.Errorf("reship promise %d, want 2 (1 + the index of next-day)", got)
	}
}

// TestNeverAnsweredFromTheFile reads the share of the emails tiny's box
// takes and never answers.
func TestNeverAnsweredFromTheFile(t *testing.T) {
	email := "    deferred: true\n    arrivals: {rate: 2/h}\n"
	_, m := parseTiny(t, tinyWith(t, email, email+"    never_answered: 0.2\n"))
	if got := m.Channels[1].NeverAnswered; got != 0.2 || m.Channels[0].NeverAnswered != 0 {
		t.Errorf("never answered: email %v, phone %v; want 0.2 and 0", got, m.Channels[0].NeverAnswered)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
}

// valuedTiny is tiny with the lost exception's workflow and an order value,
// which the workflow's branches on the value need.
func valuedTiny(t *testing.T, workflow string) string {
	t.Helper()
	return strings.Replace(tinyWith(t, lostResolve, workflow), "demand:\n", "demand:\n  order_value: {dist: lognormal, mean: 45, cv: 0.8}\n", 1)
}
