package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"

	"github.com/peaksim/peaksim/sim"
	"github.com/peaksim/peaksim/sim/stats"
)

// SchemaVersion is the version of the results.json layout. It changes when
// a field is removed or changes meaning; readers reject versions they do not
// know rather than misread them.
const SchemaVersion = 1

// Results is the content of results.json: everything a run measured, and
// enough about how it ran to reproduce it.
type Results struct {
	SchemaVersion  int    `json:"schema_version"`
	PeaksimVersion string `json:"peaksim_version"`
	RNG            RNG    `json:"rng"`
	// Complete is false when the run was interrupted: each scenario then
	// holds the replications that finished, from replication 0 on.
	Complete  bool       `json:"complete"`
	Scenarios []Scenario `json:"scenarios"`
	// Plan is the staffing plan of peaksim plan, whose run the scenarios
	// are.
	Plan *Plan `json:"plan,omitempty"`
	// Backtests compare the scenarios with actuals (peaksim backtest), one
	// per scenario, in their order.
	Backtests []Backtest `json:"backtests,omitempty"`
}

// Plan is a staffing plan: for each planned team (and, for a season, each
// period), the headcount the plain Erlang plan asks for and the one the
// simulation found to meet every target at the lowest cost, and how many
// simulations that took.
type Plan struct {
	Targets     []string `json:"targets"`
	Simulations int      `json:"simulations"`
	// Teams has a row per planned team, or for a season a row per team
	// and period, team by team and period by period.
	Teams []PlanRow `json:"teams"`

	// For a season: the periods ("week" or "day"), and the season's cost
	// of the Erlang plan, of the plan found, and of the agents the
	// simulation added for targets on backlogs (deferred channels,
	// backlog and case metrics), beyond the Erlang plan.
	Granularity string       `json:"granularity,omitempty"`
	Periods     []PlanPeriod `json:"periods,omitempty"`
	ErlangCost  Float        `json:"erlang_cost,omitempty"`
	PlannedCost Float        `json:"planned_cost,omitempty"`
	BacklogCost Float        `json:"backlog_cost,omitempty"`
	// Met is each target at the plan found, season-wide and (for targets
	// judged per period) in every period; Confirmed the same in a run of
	// the plan with fresh seeds (ConfirmationSeed), the run these results
	// hold.
	Met              []PlanTarget `json:"met,omitempty"`
	Confirmed        []PlanTarget `json:"confirmed,omitempty"`
	ConfirmationSeed uint64       `json:"confirmation_seed,omitempty"`
	// Hiring is the hiring plan, for peaksim plan --hiring: Teams then
	// holds the headcount the plan puts on the phones week by week (its
	// Erlang column the Erlang plan's, both in the sizing case).
	Hiring *HiringPlan `json:"hiring,omitempty"`
}

// HiringPlan is what a peak planner signs: the classes to hire, what they
// cost, and how the plan was judged across the forecast cases.
type HiringPlan struct {
	// Cases are the forecast cases; In says in which the targets must hold
	// ("every case", "the expected case", "with probability ≥ 0.9"), and
	// Sizing names the case the weekly requirement was planned in.
	Cases   []HiringCase  `json:"cases"`
	In      string        `json:"in"`
	Sizing  string        `json:"sizing"`
	Classes []HiringClass `json:"classes"`
	// Weeks has a row per planned team and week: the agents the plan in
	// the sizing case needs and the hiring plan has on the phones.
	Weeks []HiringWeek `json:"weeks"`
	// Costs: paid agent-hours (permanent and hired) times the cost per
	// hour, training, planned overtime (its extra hours at their premium),
	// and their total; ErlangTotal is the same for the Erlang plan in the
	// sizing case hired the same way, with classes alone.
	AgentCost    Float `json:"agent_cost"`
	TrainingCost Float `json:"training_cost"`
	OvertimeCost Float `json:"overtime_cost"`
	TotalCost    Float `json:"total_cost"`
	ErlangTotal  Float `json:"erlang_total"`
	// WithoutOvertimeTotal, for teams that may work planned overtime, is
	// the total of the plan found without it, which the plan is never
	// dearer than; 0 when no team may.
	WithoutOvertimeTotal Float `json:"without_overtime_total,omitempty"`
	// Binding says what kept the last class the search tried to drop.
	Binding string `json:"binding,omitempty"`
}

// HiringCase is a forecast case: its orders are Orders times the file's.
type HiringCase struct {
	Name   string `json:"name"`
	Weight Float  `json:"weight"`
	Orders Float  `json:"orders"`
	// Set is what else is different in the case: "path=value" entries,
	// as the file's forecast case sets them.
	Set []string `json:"set,omitempty"`
}

// HiringClass is a class of new agents: they start training on
// TrainingStart and take their first contact on OnPhones (YYYY-MM-DD).
type HiringClass struct {
	Team          string `json:"team"`
	Name          string `json:"name"`
	TrainingStart string `json:"training_start"`
	OnPhones      string `json:"on_phones"`
	Size          int    `json:"size"`
}

// HiringWeek is a planned team's week: Required agents (the weekly plan
// in the sizing case), the agents the hiring plan has (permanent and
// hired, after attrition) and their strength in tenured agents (new
// agents still learning count for their speed).
type HiringWeek struct {
	Team      string `json:"team"`
	Period    string `json:"period"`
	Required  int    `json:"required"`
	Agents    int    `json:"agents"`
	Effective Float  `json:"effective"`
	// ErlangByCase is the Erlang plan's headcount in each forecast case,
	// in the order of Cases: the forecast's band.
	ErlangByCase []int `json:"erlang_by_case"`
	// Overtime is the week's planned overtime in hours per agent, and
	// ExtraHours the agent-hours it puts on duty (both 0 without any):
	// not the overtime of agents finishing a contact after their shift.
	Overtime   Float `json:"overtime_per_agent,omitempty"`
	ExtraHours int   `json:"extra_hours,omitempty"`
}

// PlanPeriod is a period of a season plan: the dates From to To, both
// included (YYYY-MM-DD).
type PlanPeriod struct {
	Name string `json:"name"`
	From string `json:"from"`
	To   string `json:"to"`
}

// PlanRow is one team's staffing in a plan, or in one period of a season
// plan. A season row's costs are its paid agent-hours in the period times
// the cost per hour; FailureDemand and CarriedIn are what the simulation
// found that the Erlang plan leaves out: contacts on the team's channels
// beyond the forecast the Erlang plan was sized on, and the hours of work
// waiting for the team when the period began.
type PlanRow struct {
	Team          string `json:"team"`
	Period        string `json:"period,omitempty"`
	Erlang        int    `json:"erlang_headcount"`
	Planned       int    `json:"planned_headcount"`
	CostPerHour   Float  `json:"cost_per_hour"`
	ErlangCost    Float  `json:"erlang_cost,omitempty"`
	PlannedCost   Float  `json:"planned_cost,omitempty"`
	FailureDemand Float  `json:"failure_demand,omitempty"`
	CarriedIn     Float  `json:"carried_in_hours,omitempty"`
	Why           string `json:"why"`
}

// PlanTarget is a target judged at a plan: season-wide (Period empty) or
// in one period, as its estimate over the replications. Passed follows the
// planner's rule (the whole 95% interval meets the limit) for Met, and
// peaksim check's (some of it does) for Confirmed.
type PlanTarget struct {
	Target string `json:"target"`
	Period string `json:"period,omitempty"`
	// Case is the forecast case the judgement is in, for a hiring plan.
	Case string `json:"case,omitempty"`
	Estimate
	Passed bool `json:"passed"`
	// WithinNoise marks a judgement that passed although its mean misses
	// the limit: its 95% interval reaches the limit, so the run does not
	// show the target missed, nor met (peaksim check's rule, Confirmed's).
	WithinNoise bool `json:"within_noise,omitempty"`
}

// RNG records how random numbers were derived from the seeds.
type RNG struct {
	Generator        string `json:"generator"`
	StreamDerivation string `json:"stream_derivation"`
}

// Scenario is the result of one scenario: its source echoed, how it was run,
// and every metric across replications.
type Scenario struct {
	Name string `json:"name"`
	// Variant is the name of the scenario file's variant this is; empty
	// for a file without variants.
	Variant      string  `json:"variant,omitempty"`
	Description  string  `json:"description,omitempty"`
	Source       string  `json:"source"`
	SHA256       string  `json:"sha256"`
	YAML         string  `json:"yaml"`
	Seed         uint64  `json:"seed"`
	Replications int     `json:"replications"`
	HorizonHours float64 `json:"horizon_hours"`
	WarmupHours  float64 `json:"warmup_hours"`
	Events       uint64  `json:"events"`
	// Calendar is set for a season: the dates its hours fall on.
	Calendar *Calendar `json:"calendar,omitempty"`
	// Point is the sweep point this scenario stands for (peaksim sweep).
	Point   []Param  `json:"point,omitempty"`
	Metrics []Metric `json:"metrics"`
	Series  []Series `json:"series,omitempty"`
	// Baseline names the variant the differences are from: the first of
	// the same file. Differences holds, metric by metric, this variant
	// minus the baseline (see AddDifferences).
	Baseline    string       `json:"baseline,omitempty"`
	Differences []Difference `json:"differences,omitempty"`
}

// Difference is a metric of a variant minus the same metric of its
// baseline, across replications: paired replication by replication when
// the two ran with the same seed and number of replications (common random
// numbers), Welch's interval for independent samples otherwise. StdDev is
// the standard deviation of the paired differences, or the standard error
// of Welch's difference.
type Difference struct {
	Estimate
	Paired bool `json:"paired"`
}

// AddDifferences gives every variant after the first of its file the
// differences of its metrics from that first one, the baseline. A file is
// known by its scenario's name and its source: two files may share a name.
func AddDifferences(res *Results) {
	for i := range res.Scenarios {
		sc := &res.Scenarios[i]
		base := res.baselineOf(i)
		if base == nil {
			continue
		}
		sc.Baseline, sc.Differences = base.Variant, nil
		for k := range sc.Metrics {
			m := &sc.Metrics[k]
			bm := base.Metric(m.Name)
			if bm == nil {
				continue
			}
			c := compare(base, sc, bm, m)
			sc.Differences = append(sc.Differences, Difference{estimate(m.Name, m.Unit, c.Summary), c.paired})
		}
	}
}

// baselineOf returns the baseline of the i-th scenario, the first variant
// of its file, or nil when it is no variant or is that first one.
func (res *Results) baselineOf(i int) *Scenario {
	sc := &res.Scenarios[i]
	if sc.Variant == "" {
		return nil
	}
	for j := range i {
		if b := &res.Scenarios[j]; b.Name == sc.Name && b.Source == sc.Source && b.Variant != "" {
			return b
		}
	}
	return nil
}

// Calendar places a season's hours on dates: hour h of the run is local
// wall-clock time h%24 on day h/24 after Start.
type Calendar struct {
	Start    string    `json:"start"` // the first day, YYYY-MM-DD
	TimeZone string    `json:"time_zone"`
	KeyDates []KeyDate `json:"key_dates,omitempty"`
}

// KeyDate is a named day of the season (Black Friday), marked on charts.
type KeyDate struct {
	Date  string `json:"date"` // YYYY-MM-DD
	Label string `json:"label"`
}

// Series is a time series across replications: for each point, the mean
// and the 95% interval of the replications' values (which, unlike scalar
// metrics, are not kept one by one: a season has thousands of points).
// Point i covers the StepHours hours from i·StepHours after the start.
type Series struct {
	Name      string  `json:"name"`
	Unit      string  `json:"unit"`
	StepHours int     `json:"step_hours"`
	Mean      []Float `json:"mean"`
	Lo95      []Float `json:"lo95"`
	Hi95      []Float `json:"hi95"`
}

// Metric is one metric across replications. Values holds the value of each
// replication in replication order, so intervals, paired differences and
// merges can be recomputed from the file alone; Values[i] is null where the
// metric was undefined in replication i (no abandonment, say), and the
// summary covers the others (N of them).
type Metric struct {
	Estimate
	// Values are the replications' values, replication by replication; for
	// a rate, their own ratios, while the estimate is the ratio of the
	// totals of Num over Den.
	Values []Float `json:"values"`
	Num    []Float `json:"num,omitempty"`
	Den    []Float `json:"den,omitempty"`
}

// Estimate is a quantity estimated from replications: the mean, its 95%
// and 99% confidence intervals, the standard deviation, and the number of
// replications in which it was defined.
type Estimate struct {
	Name   string   `json:"name"`
	Unit   string   `json:"unit"`
	Mean   Float    `json:"mean"`
	CI95   [2]Float `json:"ci95"`
	CI99   [2]Float `json:"ci99"`
	StdDev Float    `json:"stddev"`
	N      int      `json:"n"`
}

// EstimateOf is the Estimate of a quantity from its per-replication
// summary, as results.json holds it.
func EstimateOf(name, unit string, s stats.Summary) Estimate { return estimate(name, unit, s) }

func estimate(name, unit string, s stats.Summary) Estimate {
	return Estimate{
		Name: name, Unit: unit, Mean: Float(s.Mean), StdDev: Float(s.StdDev), N: s.N,
		CI95: [2]Float{Float(s.Lo95), Float(s.Hi95)}, CI99: [2]Float{Float(s.Lo99), Float(s.Hi99)},
	}
}

// Float is a float64 that encodes NaN and ±Inf, which JSON cannot carry, as
// null, and null back as NaN.
type Float float64

// MarshalJSON implements json.Marshaler.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *Float) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = Float(math.NaN())
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("not a number: %s", b)
	}
	*f = Float(v)
	return nil
}

// Run describes a scenario as it was run, for Summarize; shard files carry
// it to the merge.
type Run struct {
	Name         string    `json:"name"`
	Variant      string    `json:"variant,omitempty"`
	Description  string    `json:"description,omitempty"`
	Source       string    `json:"source"`
	YAML         []byte    `json:"yaml"`
	Seed         uint64    `json:"seed"`
	HorizonHours float64   `json:"horizon_hours"`
	WarmupHours  float64   `json:"warmup_hours"`
	Calendar     *Calendar `json:"calendar,omitempty"`
	Point        []Param   `json:"point,omitempty"`
}

// Param is one parameter of a sweep point: a key path of the scenario file
// and the value it was given.
type Param struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Rep is what one replication of a scenario measured: every metric's value
// and every series, in the order sim gives them. A run keeps its
// replications as Reps until it summarizes them, and a shard file carries
// them to the merge, which summarizes them the same way.
type Rep struct {
	Events  uint64      `json:"events"`
	Metrics []RepMetric `json:"metrics"`
	Series  []RepSeries `json:"series,omitempty"`
}

// RepMetric is one metric's value in one replication; a rate also carries
// its numerator and denominator (sim.Metric).
type RepMetric struct {
	Name  string `json:"name"`
	Unit  string `json:"unit"`
	Value Float  `json:"value"`
	Num   Float  `json:"num,omitempty"`
	Den   Float  `json:"den,omitempty"`
}

// RepSeries is one series in one replication.
type RepSeries struct {
	Name      string `json:"name"`
	Unit      string `json:"unit"`
	StepHours int    `json:"step_hours"`
	Values    Floats `json:"values"`
}

// RepOf keeps what replication r measured.
func RepOf(r *sim.RepResult) Rep {
	rep := Rep{Events: r.Events}
	for _, m := range r.Metrics() {
		rep.Metrics = append(rep.Metrics, RepMetric{m.Name, m.Unit, Float(m.Value), Float(m.Num), Float(m.Den)})
	}
	for _, s := range r.Series() {
		values := make([]Float, len(s.Values))
		for i, v := range s.Values {
			values[i] = Float(v)
		}
		rep.Series = append(rep.Series, RepSeries{s.Name, s.Unit, s.Step, values})
	}
	return rep
}

// Summarize folds the replications of one scenario, in replication order,
// into its Scenario result. reps[i] must be replication i: folding in a fixed
// order is what makes results.json byte-identical however many workers or
// machines produced the replications. Every replication must have measured
// the same metrics and series as the first (as every replication of one
// model does; Merge checks it): Summarize panics otherwise. It is the Fold
// of reps, held in memory.
func Summarize(run Run, reps []Rep) Scenario {
	spool := NewSpool(-1)
	defer spool.Close()
	f := NewFold(run, spool)
	f.Expect(len(reps))
	for i := range reps {
		if err := f.Add(&reps[i]); err != nil {
			panic(fmt.Sprintf("reports: Summarize: replication %d of %s: %v", i, run.Name, err))
		}
	}
	sc, err := f.Scenario()
	if err != nil {
		panic(fmt.Sprintf("reports: Summarize: %v", err)) // a spool in memory does not fail
	}
	return sc
}

// Metric returns the named metric of the scenario, or nil.
func (s *Scenario) Metric(name string) *Metric {
	for i := range s.Metrics {
		if s.Metrics[i].Name == name {
			return &s.Metrics[i]
		}
	}
	return nil
}

// Encode returns r as indented JSON, the exact bytes of results.json.
func (r *Results) Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// check refuses results whose parts do not fit together, which no run
// writes and the report could not draw: no scenario at all, a series whose
// bounds are not as long as its means, a step of less than an hour.
func (r *Results) check() error {
	if len(r.Scenarios) == 0 {
		return errors.New("it holds no scenario (every run writes at least one)")
	}
	for _, sc := range r.Scenarios {
		for _, s := range sc.Series {
			if len(s.Lo95) != len(s.Mean) || len(s.Hi95) != len(s.Mean) || s.StepHours < 1 {
				return fmt.Errorf("%s: series %s has %d means, %d lower and %d upper bounds, a step of %d hours", sc.Name, s.Name, len(s.Mean), len(s.Lo95), len(s.Hi95), s.StepHours)
			}
		}
	}
	return nil
}

// maxResultsSize bounds a results.json read back: far above the largest a
// run writes (its series are summaries), so that a wrong file is refused
// before it fills the memory.
const maxResultsSize = 64 << 20

// atMost returns r cut at limit bytes, for a JSON decoder that then reads
// it as a stream: memory follows what is decoded, not the file's size. A
// file says its size, and a huge one is refused before a byte is read.
func atMost(r io.Reader, limit int64, what string) (io.Reader, error) {
	if f, ok := r.(interface{ Stat() (os.FileInfo, error) }); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > limit {
			return nil, fmt.Errorf("larger than %d MiB, the limit for a %s", limit>>20, what)
		}
	}
	return io.LimitReader(r, limit), nil
}

// ReadResults decodes a results.json, refusing a schema version it does not
// know.
func ReadResults(r io.Reader) (*Results, error) {
	in, err := atMost(r, maxResultsSize, "results file")
	if err != nil {
		return nil, err
	}
	var res Results
	dec := json.NewDecoder(in)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		return nil, fmt.Errorf("not a peaksim results file: %w", err)
	}
	if res.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("results schema version %d, this peaksim reads version %d", res.SchemaVersion, SchemaVersion)
	}
	if err := res.check(); err != nil {
		return nil, fmt.Errorf("not a peaksim results file: %w", err)
	}
	return &res, nil
}
