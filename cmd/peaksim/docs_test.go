package main

import (
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/sim"
)

var update = flag.Bool("update", false, "rewrite golden files and generated docs")

// TestMetricsDocIsCurrent keeps docs/metrics.md in step with the metrics
// the engine reports: it is generated from sim.ChannelMetrics (run the test
// with -update to regenerate it).
func TestMetricsDocIsCurrent(t *testing.T) {
	var b strings.Builder
	b.WriteString(`# Metrics

Every run reports these metrics for each channel, named ` + "`<channel>.<metric>`" + ` (for
example ` + "`phone.service_level`" + `). For each, results.json holds the value of every replication
and, across replications, the mean, its 95% and 99% confidence intervals (Student's t with n-1
degrees of freedom) and the standard deviation. A value that is undefined in a replication (the
mean wait of abandoned contacts when nobody abandoned) is ` + "`null`" + ` there and left out of the
summary, whose ` + "`n`" + ` then counts the replications that define it.

A rate (` + "`abandon_rate`" + `, ` + "`reject_rate`" + `, ` + "`wait_prob`" + `, the service levels, and of a season
` + "`failure_demand_share`" + `, ` + "`repeat_contact_share`" + `, ` + "`cases.resolved_by_deadline`" + `, ` + "`orders.late_share`" + `) is
estimated across replications as the ratio of its totals (total abandoned / total offered), not
the mean of the replications' ratios, which the variation of their denominators biases; its
interval is Student's t on the linearised ratio (the delta method), and a paired difference of two
variants is that of their linearised deviations. results.json keeps each replication's ratio in
` + "`values`" + ` and its numerator and denominator in ` + "`num`" + ` and ` + "`den`" + `.

Counts cover contacts that arrived in the measured window, after the warm-up and before the
horizon; every contact admitted before the horizon is served to the end, so none is left half
counted. Time-averages cover the window from the warm-up to the horizon. Durations are in hours.

Quantiles (p50, p90, p99) come from a log-linear histogram with 128 buckets per power of two:
the value reported is within 0.39% (1/256) of the exact order statistic of the replication's
sample, for values between 0.2 ms and 1,900 years (2^24 hours, far beyond the longest run a
scenario may describe). Below 0.2 ms a quantile is off by less than 0.2 ms; beyond 1,900 years
it would be reported as the largest value, an upper bound.

The **better** column is the metric catalogue's (` + "`sim.SideOf`" + `), which the report's verdicts,
` + "`peaksim check`" + ` against a baseline and this page all read: "higher" or "lower" when that way is
better, "–" when neither is better in itself (contacts offered, occupancy).

The report's **mean time in queue** of a channel is ` + "`backlog_age.mean`" + `: every contact's time in the
queue, one still waiting at the end up to the end, one abandoned up to when it left. ` + "`wait.mean`" + `, the
average speed of answer, is over the answered contacts alone, so a team that answers more of its
oldest messages before the end (or callers who give up sooner) moves it the wrong way; it stays in
results.json, the CSV files and the run's summary, and thresholds and the planner may target it.

| metric | unit | better | definition |
|---|---|---|---|
`)
	for _, m := range sim.ChannelMetrics() {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", m.Key, m.Unit, sideWord(sim.SideOf(sim.ChannelMetricName("phone", m.Key))), m.Definition)
	}
	b.WriteString(`
## Season metrics

A season scenario (one with a calendar) reports these as well. A case is a parcel that went wrong
and that its customer noticed, or an order late against the date promised when it was placed (it
left the warehouse late) whose customer noticed before it came; it is open from the moment they
notice until it is resolved (a refund or credit is given, a reship or the late parcel arrives).
An order late against its promise is counted by ` + "`orders.dispatched_late`" + ` or
` + "`orders.undispatched_late`" + ` whether or not its customer noticed; one that arrived before they did
ends ` + "`delivered_late`" + ` without a case. Every order ends in exactly one ` + "`outcomes.*`" + ` state, so those
counts add up to ` + "`orders.placed`" + `.

**A case still open at the end** counts in the resolution times at its age then, the least its
resolution time can be, as it counts in the effort figures with the effort it has cost so far:
over the resolved cases alone, a process that leaves its oldest cases open at the end would come
out with shorter resolution times, and resolving them would lengthen them (repeat-chasers'
` + "`as-is`" + `, which leaves a fifth of its cases open, came out a day sooner on the mean than
` + "`own-the-case`" + `). A figure is then a lower bound, the looser the more cases
` + "`cases.open_at_end`" + ` counts.

**The remedies of the problems still unresolved at the end are counted as owed.** A refund, a
credit, a reship or a courier is paid when the company gives it, so a process that resolves more
cases before the end pays more of them within the season, and one that leaves them waiting pays
none: counted alone, slower remedies would look cheaper (` + "`statutory-declaration`" + ` with no
letter lost in the post raised the cost of failure by 330 over 6 paired replications, in
refunds paid sooner; with the remedies owed, the difference is +222 [−27, 471], not significant). ` + "`costs.owed`" + ` prices every problem unresolved at the end (noticed or not, but not one
whose reship, courier or restocked order is on its way) at the mean cost of the remedies of its
exception's problems that ended in the replication, less what its own remedies have cost, and
` + "`costs.failure`" + ` includes it. It is an estimate: a problem still open may end differently from
those that ended (a product that sold out meanwhile is refunded, not reshipped).

**Figures over the cases compare like with like only over the same cases.** The resolution
times, the deadlines met and every ` + "`effort.*`" + ` figure but ` + "`effort.index.total`" + ` are a mean, a
percentile or a share over the cases a variant opened (` + "`sim.OverCases`" + `). A variant that opens a
share f more (or fewer) cases moves such a figure by f times the gap between those cases' value and
the others', whatever it does to the cases both have: a company that opens a case for every late
parcel it notices adds cases of little effort and lowers the effort per case without sparing a
customer anything, and a carrier limit that adds late parcels shortens the mean resolution time.
When a variant's ` + "`cases.opened`" + ` differs from its baseline's by more than 1% (the interval of the
difference excluding zero), the report and differences.csv give these figures as "higher" or
"lower, over other cases", the verdict does not count them, and the sentence says so; the totals
(` + "`effort.index.total`" + `, ` + "`contacts.total`" + `, ` + "`customers.lost`" + `, the backlogs, the costs) still compare
the same season. One exception is judged: a mean of figures that are never negative (effort,
contacts, days, hours per case) over a share f more cases can fall by at most f/(1+f) of the
baseline's mean from the extra cases alone, had each of them cost nothing; a fall whose whole
interval lies beyond that is a fall for the cases both have, and counts as better
(` + "`proactive-notices`" + ` opens 12.7% more cases and lowers the effort index by 0.62 points, against at
most 0.27 from its extra cases). Likewise, over a share g fewer cases such a mean can rise by at
most g/(1−g) of the baseline's from the missing cases alone, had each of them cost nothing, and a
rise beyond that counts as worse. Any other change (a rise with more cases, which they can raise
without bound; a fall with fewer, which may have been the worst; a percentile; a share) is not
judged; ` + "`peaksim check --baseline`" + ` fails such a figure as "cannot judge" rather than pass it
([ci.md](ci.md)). Within 1%, the composition moves a figure less than the effects of a policy or a
staffing change do: a staffing change that sends reships sooner, and so opens a few more or fewer
second cases (0.1%), keeps its figures per case judged. It is Simpson's paradox in its simplest
form (E. H. Simpson, "The interpretation of interaction in contingency tables", *JRSS B* 13, 1951).

**Figures over a channel's contacts** (its service level, abandonment, waits and time in queue)
compare like with like where nearly every contact is answered: a contact more or fewer waits in
the same queue as the others. Where a tenth or more of them (` + "`waiting_at_end`" + ` over ` + "`offered`" + `, in
either variant) still wait at the end, each counts at its age then, and contacts that arrive late
count short ages whatever the service: a variant whose customers chase less in the last weeks
raises the mean time in queue of an overloaded channel while every contact both have waits as long
or less (` + "`voicemail-full`" + ` with a third callback agent: email +12.4 h over every contact, 1.12 h shorter
over its general enquiries). When such a channel's contacts differ by more than 1% (the interval
excluding zero), its figures per contact are "higher" or "lower, over other contacts", by the same
rule and bounds as the cases (a share of contacts is a mean of 0s and 1s; one that is better higher
is judged by what it misses). In a season, a channel with arrivals of its own then has its service
level and mean time in queue judged over those general enquiries (` + "`enquiries_service_level`" + `,
` + "`enquiries_age.mean`" + `), which are the same contacts in two variants that keep its arrivals, in
place of every contact's.

A contact is **failure demand** when it is about a failure: a parcel that went wrong or an order
late against its promise. John Seddon defines failure demand as "demand caused by a failure to do
something or do something right for the customer", against **value demand**, what the service
exists to provide (Seddon, *Freedom from Command and Control*, 2003; Vanguard,
beyondcommandandcontrol.com/failure-demand/; DOMAIN.md §4, which gives 40-60% as the share in
conventional service organisations). Here value demand is the general enquiries (the channels'
direct streams). **Repeat contacts** are the part of failure demand that comes again about the
same case: chasing for news, retrying after an abandoned call or a full voicemail box. A notice
the company sends is not a contact, and does not make the next one a repeat.

| metric | unit | better | definition |
|---|---|---|---|
`)
	for _, m := range sim.SeasonMetricDefs() {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", m.Key, m.Unit, sideWord(sim.SideOf(m.Key)), m.Definition)
	}
	for _, m := range sim.TeamMetricDefs() {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", sim.TeamMetricName("<team>", m.Key), m.Unit, sideWord(sim.SideOf(sim.TeamMetricName("team", m.Key))), m.Definition)
	}
	b.WriteString(`
The ` + "`costs.*`" + ` figures and ` + "`customers.lost`" + ` are the "Cost and outcome" of PRODUCT.md: ` + "`costs.failure`" + `
adds up the agents' cost, the refunds, reships, couriers and credits the company's resolutions
gave, the compensation it gave on detecting a failure, and the value of the customers lost.
Prices come from the scenario's ` + "`costs`" + `; a refund costs the order's value (` + "`demand.order_value`" + `) or
` + "`costs.refund`" + `; a lost customer is worth ` + "`customers.value`" + `; a price the scenario does not give
counts 0. ` + "`customers.lost`" + ` is the expected number of customers lost, the sum over cases of the churn
model's probability (` + "`customers.churn`" + ` in [scenarios.md](scenarios.md#customers)), not a random draw;
` + "`customers.at_risk`" + ` is the older contact-count rule, kept for comparison. Lower is better for all of them.

A team has two kinds of overtime. ` + "`overtime_hours`" + ` is what every run has: an agent whose shift
ends in the middle of a contact finishes it, and those minutes are paid at the plain rate; nobody
planned them. ` + "`extra_hours`" + ` is planned overtime, a decision of a hiring plan
([plan.md](plan.md#planned-overtime)): the team's agents work extra hours in the weeks the plan
says, in the week's busiest hours, paid at the premium of the team's ` + "`hiring.overtime`" + `
([scenarios.md](scenarios.md#teams-and-channels-in-a-season)). It is 0 in a run of the file itself.
`)
	b.WriteString(`
## Time series

A season also reports time series, each point with its mean and 95% interval across replications
(` + "`series`" + ` in results.json; ` + "`step_hours`" + ` is 1 for hourly series, sampled at the top of each hour,
and 24 for daily ones, counted by the day a contact arrived): ` + "`orders.placed`" + ` (daily),
` + "`backlog.open_cases`" + `, ` + "`backlog.undispatched`" + ` (hourly), ` + "`cases.daily.late_orders`" + ` (daily: the
late-order cases opened that day, "where is my order" from a warehouse that fell behind), the open
cases by stage (hourly:
` + "`backlog.open_cases.awaiting_answer`" + `, the customer has had no answer yet; ` + "`.in_work`" + `, the
resolution is queued or in progress; ` + "`.shipping`" + `, a reship or a backordered order is on its way;
` + "`.waiting`" + `, answered with nothing for the company to do but wait, for a late parcel or a
restock), the daily demand on the contact centre against its capacity (` + "`contacts.daily.value_demand`" + ` and
` + "`contacts.daily.failure_demand`" + `, contacts offered on every channel, an accepted callback counted once,
where the customer called, and ` + "`contacts.daily.repeat_contacts`" + `, the repeat contacts within the failure demand; ` + "`agents.daily.on_duty_hours`" + ` and ` + "`agents.daily.busy_hours`" + `, agent-hours of
all teams), ` + "`teams.<team>.daily.occupancy`" + ` (daily), and for each channel ` + "`<channel>.queued`" + ` and
` + "`<channel>.oldest_wait`" + ` (hourly: contacts waiting, and the age of the oldest) and
` + "`<channel>.daily.offered`" + `, ` + "`.answered`" + `, ` + "`.abandoned`" + `, ` + "`.abandon_rate`" + `, ` + "`.failure_demand`" + `, ` + "`.repeat_contacts`" + `,
` + "`.service_level`" + `, ` + "`.asa`" + ` and
` + "`.occupancy`" + ` (daily; occupancy is the agent-hours on the channel's contacts over the team's on-duty
agent-hours that day).
`)
	path := filepath.Join("..", "..", "docs", "metrics.md")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != b.String() {
		t.Fatal("docs/metrics.md is out of date with sim.ChannelMetrics: run go test ./cmd/peaksim -run MetricsDoc -update")
	}
}

func sideWord(s sim.Side) string {
	switch s {
	case sim.MoreIsBetter:
		return "higher"
	case sim.LessIsBetter:
		return "lower"
	}
	return "–"
}

// TestLayoutMatchesTheCode keeps the README's Layout section true: it names
// every package, and imports run one way, from cmd down to sim (a package
// imports only packages of its own layer or below; tests may reach up).
func TestLayoutMatchesTheCode(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, layout, _ := strings.Cut(string(readme), "## Layout")
	layout, _, _ = strings.Cut(layout, "\n## ")
	layer := func(pkg string) int {
		for i, top := range []string{"sim", "scenarios", "reports", "cmd"} {
			if pkg == top || strings.HasPrefix(pkg, top+"/") {
				return i
			}
		}
		return -1
	}
	const module = "github.com/peaksim/peaksim/"
	fset := token.NewFileSet()
	packages := map[string]bool{}
	err = filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		pkg := filepath.ToSlash(filepath.Dir(strings.TrimPrefix(path, "../../")))
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		packages[pkg] = true
		for _, imp := range f.Imports {
			dep, ok := strings.CutPrefix(strings.Trim(imp.Path.Value, `"`), module)
			if ok && layer(dep) > layer(pkg) {
				t.Errorf("%s imports %s: imports run from cmd down to sim", path, dep)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(packages) < 10 {
		t.Fatalf("found only %v: the walk did not reach the code", packages)
	}
	for pkg := range packages {
		if !strings.Contains(layout, "`"+pkg+"`") {
			t.Errorf("the README's Layout section does not name %s", pkg)
		}
	}
}

// TestCIFuzzesEveryTarget: .ci/run fuzzes every fuzz target of the code
// for a few seconds, so a new reader's fuzz target is not left out.
func TestCIFuzzesEveryTarget(t *testing.T) {
	script, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile(`([a-z/]+):(Fuzz\w+)`).FindAllStringSubmatch(string(script), -1) {
		listed[m[1]+":"+m[2]] = true
	}
	found := 0
	err = filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(strings.TrimPrefix(path, "../../")))
		for _, m := range regexp.MustCompile(`(?m)^func (Fuzz\w+)\(`).FindAllStringSubmatch(string(data), -1) {
			found++
			if !listed[pkg+":"+m[1]] {
				t.Errorf(".ci/run does not fuzz %s:%s", pkg, m[1])
			}
		}
		return nil
	})
	if err != nil || found == 0 {
		t.Fatalf("%d fuzz targets found: %v", found, err)
	}
}
