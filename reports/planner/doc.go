// Package planner finds the cheapest headcount of a scenario's teams that
// meets a set of targets, judged on the whole 95% interval, and the run
// that confirms it on seeds the search never saw: what `peaksim plan`
// prints and writes.
//
// One search serves both kinds of scenario. A plan is a headcount per
// planned team and period: a stationary contact centre has one period,
// its whole run; a season has a period per week or day. The search
// starts from Erlang C, simulates on common random numbers, adds hiring
// steps where a target fails and gives them up where all still hold
// (Find has the details). No plan under which a team cannot keep up with
// its work counts as meeting a target (the capacity rule, capacity.go).
//
// The planner compiles the scenario once and changes the agents on duty
// of the planned teams in the compiled model between simulations (a team
// is compiled alone by scenarios.Team.Staffing, the same code that
// compiles the whole scenario), reads paid hours from sim.Team.PaidHours,
// cuts a target by period with sim.PeriodForm, and judges every target
// with reports.Meets, the rule of `peaksim check`.
//
// FindHiring plans hiring instead: classes of new agents with their
// training starts, judged week by week in every forecast case of the
// season (hiring.go).
//
// It lives in reports beside runner because it is a client of the runner
// (every plan it tries is a grid of replications) and produces a
// reports.Plan; it imports scenarios, sim and reports, and only the
// command imports it.
package planner
