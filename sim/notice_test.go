package sim

import "testing"

// noticeWorld is smallSeason whose lost parcels get a notice, then a
// four-day carrier investigation, then a refund; expect is the delay the
// notice promises (NoDist: a notice without a date).
func noticeWorld(t *testing.T, expect Dist) func(rep int) *RepResult {
	return func(rep int) *RepResult {
		investigation := mustDist(t)(NewDeterministic(96))
		m := withWorkflow(t, Workflow{
			{Name: "tell", Kind: StepNotify, Expect: expect, Next: -1},
			{Name: "investigate", Kind: StepWait, Time: investigation, Next: -1},
			resolveBy(ResolveRefund),
		})
		return runSeason(t, m, rep)
	}
}

func failureDemand(r *RepResult) float64 {
	n := int64(0)
	for _, c := range r.Channels {
		n += c.RepeatContacts
	}
	return float64(n)
}

// TestDatedNoticesMeanFewerChasers is a direction test: a notice that says
// when the investigation ends keeps the customers who believe it from
// chasing meanwhile; a date that comes too soon is broken and they chase.
func TestDatedNoticesMeanFewerChasers(t *testing.T) {
	undated := replications(6, noticeWorld(t, Dist{}))
	dated := replications(6, noticeWorld(t, mustDist(t)(NewDeterministic(96))))
	tooSoon := replications(6, noticeWorld(t, mustDist(t)(NewDeterministic(24))))
	if d := pairedFigure(undated, dated, failureDemand); !(d.Hi95 < 0) {
		t.Errorf("chasing contacts, dated minus undated notice: %.1f [%.1f, %.1f]", d.Mean, d.Lo95, d.Hi95)
	}
	if d := pairedFigure(dated, tooSoon, failureDemand); !(d.Lo95 > 0) {
		t.Errorf("chasing contacts, a date too soon minus the right date: %.1f [%.1f, %.1f]", d.Mean, d.Lo95, d.Hi95)
	}
	broken := func(r *RepResult) float64 { return float64(r.Season.BrokenNotices) }
	if d := pairedFigure(dated, tooSoon, broken); !(d.Lo95 > 0) || broken(dated[0]) != 0 {
		t.Errorf("broken notices: %v with the right date; a date too soon adds %.1f [%.1f, %.1f]", broken(dated[0]), d.Mean, d.Lo95, d.Hi95)
	}
}

// TestDistrustedNoticesAreInert checks the other end: customers who believe
// no notice chase as if it had no date.
func TestDistrustedNoticesAreInert(t *testing.T) {
	distrusted := func(rep int) *RepResult {
		m := withWorkflow(t, Workflow{
			{Name: "tell", Kind: StepNotify, Expect: mustDist(t)(NewDeterministic(96)), Next: -1},
			{Name: "investigate", Kind: StepWait, Time: mustDist(t)(NewDeterministic(96)), Next: -1},
			resolveBy(ResolveRefund),
		})
		m.Season.Customer.NoticeDistrust = 1
		return runSeason(t, m, rep)
	}
	a, b := noticeWorld(t, Dist{})(0), distrusted(0)
	if failureDemand(a) != failureDemand(b) {
		t.Errorf("chasing contacts: %v after undated notices, %v after dated ones nobody believes", failureDemand(a), failureDemand(b))
	}
}
