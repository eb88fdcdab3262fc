package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/reports"
)

// TestPlanGivesEmailTheAgentsItsWorkNeeds is the reproduction: 60
// emails an hour of 10 minutes are 10 erlangs, which 9 or 10 agents never
// keep up with, whatever a week-long run's p90 wait says (nobody abandons
// an email, so its queue grows for as long as the run lasts). The plan
// gives email at least 11, says why without a word of abandonment, and
// judges every planned team's load in the search and in the run that
// confirms the plan on fresh seeds.
func TestPlanGivesEmailTheAgentsItsWorkNeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates the default scenario a few times; skipped with -short")
	}
	out := filepath.Join(t.TempDir(), "plan")
	code, _, stderr := peaksim(t, "plan", "contact-centre", "--quiet", "--out", out,
		"--target", "phone.service_level >= 80%", "--target", "email.wait.p90 < 24h")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	res := readResults(t, out)
	rows := map[string]int{}
	for i, r := range res.Plan.Teams {
		rows[r.Team] = i
	}
	email := res.Plan.Teams[rows["email-agents"]]
	if email.Planned < 11 {
		t.Errorf("email-agents: %d agents for 10 erlangs of work, want at least 11 (%s)", email.Planned, email.Why)
	}
	if strings.Contains(email.Why, "abandon") {
		t.Errorf("email-agents: nobody abandons an email, yet the reason is %q", email.Why)
	}
	if !strings.Contains(email.Why, "keep up") {
		t.Errorf("email-agents at %d, Erlang C %d: the reason %q does not name the work it must keep up with", email.Planned, email.Erlang, email.Why)
	}
	phone := res.Plan.Teams[rows["phone-agents"]]
	if phone.Planned < phone.Erlang && !strings.Contains(phone.Why, "abandon (") {
		t.Errorf("phone-agents: %d fewer than Erlang C where callers do abandon, yet the reason is %q", phone.Erlang-phone.Planned, phone.Why)
	}
	sc := &res.Scenarios[0]
	if occ := sc.Metric("email.occupancy"); !(float64(occ.CI95[1]) < 0.99) {
		t.Errorf("email's occupancy in the planned run: %v [%v, %v], a team that cannot keep up", occ.Mean, occ.CI95[0], occ.CI95[1])
	}
	if res.Plan.ConfirmationSeed == 0 || res.Scenarios[0].Seed != res.Plan.ConfirmationSeed {
		t.Errorf("the output is not the confirmation run: seed %d, confirmation seed %d", res.Scenarios[0].Seed, res.Plan.ConfirmationSeed)
	}
	for _, team := range []string{"phone-agents", "email-agents"} {
		for name, judged := range map[string][]reports.PlanTarget{"search": res.Plan.Met, "confirmation run": res.Plan.Confirmed} {
			i := slices.IndexFunc(judged, func(m reports.PlanTarget) bool { return m.Target == team+" keep up (load < 1)" })
			if i < 0 {
				t.Errorf("%s: no capacity judgement of %s in %+v", name, team, judged)
				continue
			}
			if m := judged[i]; !m.Passed || !(float64(m.CI95[1]) < 1) {
				t.Errorf("%s: %s's load at the plan: %v [%v, %v], passed %v", name, team, m.Mean, m.CI95[0], m.CI95[1], m.Passed)
			}
		}
	}
}
