package scenarios_test

import (
	"context"
	"sync"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/stats"
)

// The direction tests of the default season: each changes one cause of
// christmas and checks, on common random numbers (the same seed and
// replications), that the 95% interval of the paired difference of every
// figure the cause should move lies on the side the world says.

// directionReps is the number of paired replications: the differences
// tested below are many standard errors from 0 at this size (their
// intervals are in the failure messages), and a christmas replication
// takes about half a second.
const directionReps = 4

var christmasRuns = sync.OnceValues(func() ([]*sim.RepResult, error) {
	sc, err := scenarios.Builtin(scenarios.Default)
	if err != nil {
		return nil, err
	}
	return replicate(sc)
})

func replicate(sc *scenarios.Scenario) ([]*sim.RepResult, error) {
	m := sc.Model()
	out := make([]*sim.RepResult, directionReps)
	for rep := range out {
		r, err := sim.Run(context.Background(), m, sc.Seed, rep)
		if err != nil {
			return nil, err
		}
		out[rep] = r
	}
	return out, nil
}

// figure is one season-wide metric of a replication, by its name.
func figure(name string) func(*sim.RepResult) float64 {
	return func(r *sim.RepResult) float64 {
		for _, m := range r.Metrics() {
			if m.Name == name {
				return m.Value
			}
		}
		panic("no metric " + name)
	}
}

// onDutyHours is the agent-hours a team of a replication was on duty.
func onDutyHours(team string) func(*sim.RepResult) float64 {
	return func(r *sim.RepResult) float64 {
		for _, t := range r.Teams {
			if t.Name == team {
				return t.OnDutyHours
			}
		}
		panic("no team " + team)
	}
}

// seriesTotal adds up a replication's series.
func seriesTotal(name string) func(*sim.RepResult) float64 {
	return func(r *sim.RepResult) float64 {
		for _, s := range r.Series() {
			if s.Name == name {
				total := 0.0
				for _, v := range s.Values {
					total += v
				}
				return total
			}
		}
		panic("no series " + name)
	}
}

// contactsOffered counts the contacts of all channels, an accepted
// callback once.
func contactsOffered(r *sim.RepResult) float64 {
	n := int64(0)
	for _, c := range r.Channels {
		n += c.Offered - c.CallbacksAccepted
	}
	return float64(n)
}

// moves is what a direction test expects of one figure: up (+1) or down
// (-1), as the whole 95% interval of the paired difference says, or not up
// (notUp): a cause that cannot help that figure must not seem to.
type moves struct {
	name  string
	value func(*sim.RepResult) float64
	sign  int
}

const (
	notUp   = 0
	notDown = 2
)

// checkDirection runs christmas with settings applied and checks each
// expectation against the default season on the same random numbers.
func checkDirection(t *testing.T, settings []scenarios.Setting, want ...moves) {
	t.Helper()
	checkDirectionFrom(t, nil, settings, want...)
}

// checkDirectionFrom is checkDirection against christmas with the settings
// from applied, and with from and settings applied: the change of settings
// alone.
func checkDirectionFrom(t *testing.T, from, settings []scenarios.Setting, want ...moves) {
	t.Helper()
	skipDirection(t)
	sc, err := scenarios.Builtin(scenarios.Default)
	if err != nil {
		t.Fatal(err)
	}
	base, err := christmasRuns()
	if err != nil {
		t.Fatal(err)
	}
	if from != nil {
		base = derivedRuns(t, sc, from)
	}
	expectMoves(t, base, derivedRuns(t, sc, append(append([]scenarios.Setting(nil), from...), settings...)), want)
}

// checkStoryDirection runs variant of a built-in story with settings
// applied and checks each expectation against the variant as it is, on the
// same random numbers.
func checkStoryDirection(t *testing.T, story, variant string, settings []scenarios.Setting, want ...moves) {
	t.Helper()
	skipDirection(t)
	sc := variantsOf(t, story)(variant)
	base, err := replicate(sc)
	if err != nil {
		t.Fatal(err)
	}
	expectMoves(t, base, derivedRuns(t, sc, settings), want)
}

// skipDirection skips a direction test with -short and -race, and runs it
// beside the others.
func skipDirection(t *testing.T) {
	t.Helper()
	if testing.Short() || raceEnabled {
		t.Skip("runs a season; skipped with -short and -race")
	}
	t.Parallel()
}

// derivedRuns replicates sc with settings applied.
func derivedRuns(t *testing.T, sc *scenarios.Scenario, settings []scenarios.Setting) []*sim.RepResult {
	t.Helper()
	d, err := scenarios.Derive(sc, t.Name(), settings)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := replicate(d)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// expectMoves checks each expectation of the paired differences runs minus
// base.
func expectMoves(t *testing.T, base, runs []*sim.RepResult, want []moves) {
	t.Helper()
	for _, w := range want {
		a, b := make([]float64, len(base)), make([]float64, len(runs))
		for i := range base {
			a[i], b[i] = w.value(base[i]), w.value(runs[i])
		}
		d := stats.SummarizePaired(a, b)
		if (w.sign == +1 && !(d.Lo95 > 0)) || (w.sign == -1 && !(d.Hi95 < 0)) || (w.sign == notUp && !(d.Lo95 <= 0)) || (w.sign == notDown && !(d.Hi95 >= 0)) {
			t.Errorf("%s: changed minus default %.4g, 95%% interval [%.4g, %.4g]; want it %s 0", w.name, d.Mean, d.Lo95, d.Hi95, map[int]string{1: "above", -1: "below", notUp: "not above", notDown: "not below"}[w.sign])
		} else {
			t.Logf("%s: %+.4g [%.4g, %.4g]", w.name, d.Mean, d.Lo95, d.Hi95)
		}
	}
}

func TestLessDispatchCapacityDoesNotLightenTheContactCentre(t *testing.T) {
	checkDirection(t, []scenarios.Setting{
		{Path: "fulfilment.dispatch_capacity", Value: "20800"},
		{Path: "fulfilment.dispatch_capacity_by_date[0].capacity", Value: "28800"},
		{Path: "fulfilment.dispatch_capacity_by_date[1].capacity", Value: "28800"},
	},
		moves{"contacts.total", contactsOffered, +1},
		moves{"late-order cases", figure("cases.late_orders"), +1},
		moves{"orders late against their promise", figure("orders.late_share"), +1},
		moves{"most cases open", figure("backlog.open_cases.max"), +1},
	)
}

// TestAnEarlierCutOffMeetsNoMoreDeadlines moves the warehouse's cut-off
// from 15:00 to 12:00: the orders placed in between leave a day later,
// and are promised a day later. When every case of a customer with a
// deadline counted, those promised for after Christmas too, it met 0.82
// pp more deadlines [0.74, 0.90] by moving cases past it.
func TestAnEarlierCutOffMeetsNoMoreDeadlines(t *testing.T) {
	checkDirection(t, []scenarios.Setting{{Path: "fulfilment.cutoff", Value: `"12:00"`}},
		moves{"orders dispatched late", figure("orders.dispatched_late"), +1},
		moves{"customers lost", figure("customers.lost"), +1},
		moves{"deadlines met", figure("cases.resolved_by_deadline"), notUp},
	)
}

func TestMoreOrdersMeanMoreCases(t *testing.T) {
	checkDirection(t, []scenarios.Setting{{Path: "demand.orders_per_day", Value: "15400"}},
		moves{"cases opened", figure("cases.opened"), +1},
		moves{"contacts.total", contactsOffered, +1},
		moves{"late-order cases", figure("cases.late_orders"), +1},
	)
}

func TestCarrierLosingMoreParcelsMeansMoreClaims(t *testing.T) {
	checkDirection(t, []scenarios.Setting{{Path: "exceptions.lost.probability", Value: "0.01"}},
		moves{"cases opened", figure("cases.opened"), +1},
		moves{"claims occupancy", figure("teams.claims.occupancy"), +1},
		moves{"reships", figure("parcels.reships"), +1},
	)
}

func TestMoreClaimsStaffMeansSoonerResolutions(t *testing.T) {
	checkDirection(t, []scenarios.Setting{{Path: "teams.claims.headcount_by_date[0].headcount", Value: "48"}},
		moves{"mean open cases", figure("backlog.open_cases.mean"), -1},
		moves{"mean resolution", figure("cases.resolution.mean"), -1},
		moves{"agent cost", figure("agents.cost"), +1},
	)
}

// TestMoreGeneralEnquiriesLoadTheirChannels: a quarter more general
// enquiries by phone and email, on the same staff, bring more contacts to
// both and longer waits on the phone. The baseline's enquiries are among
// the variant's (sim's drawHour), so the offered contacts rise in every
// replication.
func TestMoreGeneralEnquiriesLoadTheirChannels(t *testing.T) {
	checkDirection(t, []scenarios.Setting{
		{Path: "channels.phone.arrivals.per_day", Value: "1000"},
		{Path: "channels.email.arrivals.per_day", Value: "500"},
	},
		moves{"phone contacts offered", figure("phone.offered"), +1},
		moves{"email contacts offered", figure("email.offered"), +1},
		moves{"phone mean wait", figure("phone.wait.mean"), +1},
		moves{"phone service level", figure("phone.service_level"), -1},
		moves{"phone agents' occupancy", figure("teams.phone-agents.occupancy"), +1},
	)
}

func TestMorePhoneStaffMeansBetterService(t *testing.T) {
	checkDirection(t, []scenarios.Setting{{Path: "teams.phone-agents.shifts.late.headcount", Value: "46"}},
		moves{"phone abandonment", figure("phone.abandon_rate"), -1},
		moves{"phone service level", figure("phone.service_level"), +1},
	)
}

func TestPatientCustomersChaseLess(t *testing.T) {
	checkDirection(t, []scenarios.Setting{{Path: "customers.chase_interval", Value: "{dist: gamma, mean: 4d, cv: 0.5}"}},
		moves{"contacts.total", contactsOffered, -1},
		moves{"contacts per case", figure("effort.contacts.mean"), -1},
	)
}

// TestStaleTrackingMakesCustomersWriteInEarly: the customers who write in
// early open more cases, so first contacts about cases rise. (All contacts rise too,
// by about as much, but the retries of a strained phone line make their
// paired interval too wide to show it at this number of replications.)
func TestStaleTrackingMakesCustomersWriteInEarly(t *testing.T) {
	checkDirection(t, []scenarios.Setting{{Path: "fulfilment.stale_tracking", Value: "{share: 0.5, after: 0h}"}},
		moves{"cases opened", figure("cases.opened"), +1},
		moves{"first contacts about a case", func(r *sim.RepResult) float64 {
			return seriesTotal("contacts.daily.failure_demand")(r) - seriesTotal("contacts.daily.repeat_contacts")(r)
		}, +1},
	)
}

func TestSelfServiceTrackingDeflectsWhereIsMyOrder(t *testing.T) {
	checkDirection(t, []scenarios.Setting{{Path: "exceptions.late.self_service", Value: "0.3"}},
		moves{"phone contacts", figure("phone.offered"), -1},
		moves{"contacts deflected", figure("contacts.deflected"), +1},
	)
}

// refundOnDetection is christmas's refund-on-detection variant: lost and
// misdelivered parcels found in the tracking data, refunded or credited.
var refundOnDetection = []scenarios.Setting{
	{Path: "exceptions.lost.detect", Value: "{probability: 0.6, delay: {dist: exponential, mean: 1d}}"},
	{Path: "exceptions.misdelivered.detect", Value: "{probability: 0.4, delay: {dist: exponential, mean: 1d}}"},
}

func TestProactiveCompensationMeansFewerContactsAndFewerCustomersLost(t *testing.T) {
	checkDirectionFrom(t, refundOnDetection, []scenarios.Setting{{Path: "policies", Value: `{compensation: [{exceptions: [lost, misdelivered], max_value: 40, refund: true}, {exceptions: [lost, misdelivered], credit_share: 0.1}]}`}},
		moves{"contacts.total", contactsOffered, -1},
		moves{"compensation paid", figure("costs.compensation"), +1},
		moves{"customers lost", figure("customers.lost"), -1},
	)
}

// proactiveNotices is christmas's proactive-notices variant without the
// date its notice gives.
var proactiveNotices = []scenarios.Setting{
	{Path: "exceptions.late.detect", Value: "{probability: 0.8, delay: {dist: exponential, mean: 12h}}"},
	{Path: "exceptions.late.workflow", Value: "[{name: tell, notify: true}, {name: wait-for-the-parcel, wait: {dist: deterministic, value: 60d}}, {name: apology, resolve: credit}]"},
}

func TestNoticesWithADateMeanFewerChasers(t *testing.T) {
	checkDirectionFrom(t, proactiveNotices, []scenarios.Setting{{Path: "exceptions.late.workflow.tell.expect", Value: "{dist: deterministic, value: 2d}"}},
		moves{"repeat contacts (chasing)", seriesTotal("contacts.daily.repeat_contacts"), -1},
		moves{"contacts per case", figure("effort.contacts.mean"), -1},
	)
}

func TestSlowerNewStaffMeanWorseService(t *testing.T) {
	slower := "{start_speed: 0.5, weeks: 12}"
	checkDirection(t, []scenarios.Setting{
		{Path: "teams.phone-agents.shifts.temp-early.ramp", Value: slower},
		{Path: "teams.phone-agents.shifts.temp-late.ramp", Value: slower},
		{Path: "teams.phone-agents.shifts.temp-saturday.ramp", Value: slower},
		{Path: "teams.phone-agents.shifts.temp-sunday.ramp", Value: slower},
		{Path: "teams.claims.headcount_by_date[0].ramp", Value: slower},
	},
		moves{"phone service level", figure("phone.service_level"), -1},
		moves{"phone abandonment", figure("phone.abandon_rate"), +1},
		moves{"mean resolution", figure("cases.resolution.mean"), +1},
	)
}

// TestProactiveNoticesLightenTheWorkBacklog: the company that tells the
// customers of late parcels their new date opens more cases itself, but
// those cases only wait for the carrier: the work backlog and the failure
// demand fall.
func TestProactiveNoticesLightenTheWorkBacklog(t *testing.T) {
	checkDirection(t, append(append([]scenarios.Setting(nil), proactiveNotices...), scenarios.Setting{Path: "exceptions.late.workflow.tell.expect", Value: "{dist: deterministic, value: 2d}"}),
		moves{"mean work backlog", figure("backlog.work.mean"), -1},
		moves{"failure demand", figure("failure_demand_share"), -1},
		moves{"contacts", figure("contacts.total"), -1},
		moves{"customers lost", figure("customers.lost"), -1},
	)
}

// TestFewerEmailAgentsMeanMoreChasers takes ten of the fifty email and
// social agents of the peak weeks away: the email box falls further
// behind, its customers chase before the reply comes, and the cases cost
// them more effort and the company more customers. When customers waited
// for a queued reply in silence, this cut lowered the contacts, the effort
// and the customers lost.
func TestFewerEmailAgentsMeanMoreChasers(t *testing.T) {
	checkDirection(t, []scenarios.Setting{{Path: "teams.email-social.headcount_by_date[0].headcount", Value: "40"}},
		moves{"email service level", figure("email.service_level"), -1},
		moves{"contacts", figure("contacts.total"), +1},
		moves{"repeat contact share", figure("repeat_contact_share"), +1},
		moves{"mean effort", figure("effort.index.mean"), +1},
		moves{"customers lost", figure("customers.lost"), +1},
	)
}

// TestAThirdSupervisorShortensTheRigidProcess: next-day-misdelivery's
// rigid process hands every case to two supervisors with shrinkage 0.2,
// 1.6 on duty. Rounded hour by hour, a third (2.4) was two on duty too,
// and the report saw nothing better for its cost.
func TestAThirdSupervisorShortensTheRigidProcess(t *testing.T) {
	checkStoryDirection(t, "next-day-misdelivery", "rigid", []scenarios.Setting{{Path: "teams.supervisors.headcount", Value: "3"}},
		moves{"supervisors on duty", onDutyHours("supervisors"), +1},
		moves{"mean resolution", figure("cases.resolution.mean"), -1},
		moves{"mean work backlog", figure("backlog.work.mean"), -1},
		moves{"effort index", figure("effort.index.mean"), -1},
	)
}

// TestOneCallbackAgentAnswersFewerVoicemails: voicemail-full's two
// callback agents with shrinkage 0.3 are 1.4 on duty; rounded hour by
// hour, one (0.7) was one on duty too, and cutting one saved its cost for
// nothing.
func TestOneCallbackAgentAnswersFewerVoicemails(t *testing.T) {
	checkStoryDirection(t, "voicemail-full", "as-is", []scenarios.Setting{{Path: "teams.callback.headcount", Value: "1"}},
		moves{"callback agents on duty", onDutyHours("callback"), -1},
		moves{"voicemails answered", figure("voicemail.answered"), -1},
		moves{"voicemails turned away", figure("voicemail.rejected"), +1},
	)
}

// A customer chases a chase interval after each answer, so the later the
// answers the fewer the chases in the same days open: one social agent
// fewer on next-day-misdelivery's social media and email means fewer
// contacts, and without the days spent waiting for a reply it also meant
// less effort and fewer customers lost. The wait is effort, and one agent
// more lowers it.
func TestOneSocialAgentFewerKeepsCustomersWaiting(t *testing.T) {
	checkStoryDirection(t, "next-day-misdelivery", "rigid", []scenarios.Setting{{Path: "teams.social-agents.headcount", Value: "15"}},
		moves{"social time in queue", figure("social.backlog_age.mean"), +1},
		moves{"days waiting for a reply", figure("effort.reply_wait_days.mean"), +1},
		moves{"contacts per case", figure("effort.contacts.mean"), -1},
		moves{"effort index", figure("effort.index.mean"), +1},
		moves{"customers lost", figure("customers.lost"), notDown},
	)
}

func TestOneSocialAgentMoreSparesCustomersEffort(t *testing.T) {
	checkStoryDirection(t, "next-day-misdelivery", "rigid", []scenarios.Setting{{Path: "teams.social-agents.headcount", Value: "17"}},
		moves{"days waiting for a reply", figure("effort.reply_wait_days.mean"), -1},
		moves{"effort index", figure("effort.index.mean"), -1},
		moves{"customers lost", figure("customers.lost"), notUp},
	)
}
