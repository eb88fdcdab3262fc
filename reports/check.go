package reports

import (
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"path"
	"strings"

	"github.com/peaksim/peaksim/sim"
)

// A Check is one judgement of peaksim check: a threshold on a metric of a
// scenario, or a metric against the same metric of a baseline run.
type Check struct {
	Scenario string // the scenario's label: name, or name / variant
	Name     string // what is checked: the threshold, or "baseline: metric"
	Value    string // the figure with its interval, for a person
	Limit    string // the threshold's value, or the baseline's figure and the tolerance
	Passed   bool
	Why      string // why it failed, or how it passed
}

// Label names a scenario of results for a person: its name, with its
// variant's.
func (s *Scenario) Label() string {
	if s.Variant != "" {
		return s.Name + " / " + s.Variant
	}
	return s.Name
}

// Labels names each scenario of results for a person, as Label does, and
// tells apart two that Label would name alike (two files with the same
// name): by their file, and by their place when that is the same too.
func Labels(scs []Scenario) []string {
	out := make([]string, len(scs))
	count := map[string]int{}
	for i := range scs {
		out[i] = scs[i].Label()
		count[out[i]]++
	}
	seen := map[string]int{}
	for i := range scs {
		if count[out[i]] < 2 {
			continue
		}
		label := out[i] + " (" + path.Base(scs[i].Source) + ")"
		seen[label]++
		if n := seen[label]; n > 1 {
			label = fmt.Sprintf("%s #%d", label, n)
		}
		out[i] = label
	}
	return out
}

// JudgeThreshold judges metric m against a limit: op is <, <=, > or >=,
// holds says whether a value meets it. By default the threshold fails only
// when the whole 95% interval misses the limit; strict, when any of it
// does. A metric undefined in the run fails.
func JudgeThreshold(sc *Scenario, expr string, m *Metric, holds func(float64) bool, strict bool, limit string) Check {
	c := Check{Scenario: sc.Label(), Name: expr, Limit: limit}
	if m == nil || math.IsNaN(float64(m.Mean)) {
		c.Value, c.Why = "–", "the metric is undefined in this run"
		return c
	}
	mean, ci := meanWithCI(m)
	c.Value = strings.TrimSpace(mean + " " + ci)
	c.Passed = Meets(m.Estimate, holds, strict)
	switch {
	case strict && c.Passed:
		c.Why = "the whole 95% interval meets the limit"
	case strict:
		c.Why = "part of the 95% interval misses the limit (strict)"
	case c.Passed:
		c.Why = "the 95% interval reaches the limit"
	default:
		c.Why = "the whole 95% interval misses the limit"
	}
	return c
}

// Meets is the rule every judgement of a limit follows, check's and the
// staffing planner's: strictly, the whole 95% interval of e must meet the
// limit (the target is met beyond doubt); otherwise some of it (it is not
// missed beyond doubt). With one replication there is no interval, and
// the value alone is judged.
func Meets(e Estimate, holds func(float64) bool, strict bool) bool {
	lo, hi := float64(e.CI95[0]), float64(e.CI95[1])
	if math.IsNaN(lo) {
		lo, hi = float64(e.Mean), float64(e.Mean)
	}
	if strict {
		return holds(lo) && holds(hi)
	}
	return holds(lo) || holds(hi)
}

// CompareBaseline judges the key figures of a run's scenario against the
// same scenario of a baseline run: a figure fails when it got worse by more
// than tolerance (relative to the baseline) and its difference interval
// excludes zero, so that neither noise nor a tiny real change fails a
// build. A figure the run leaves undefined fails, unless the baseline
// leaves it undefined too; one the baseline lacks fails. So does a figure
// per case when the run opens other cases than the baseline, or per
// contact of a channel whose contacts differ while a tenth of them wait at
// the end (composition): new easy cases lower a mean resolution while
// every case both runs have waits longer, and a gate that read that as no
// worsening would pass by mistake. Baseline.Match refuses a baseline that
// cannot judge the run before it comes to this.
func CompareBaseline(base, cur *Scenario, tolerance float64) []Check {
	var checks []Check
	mix := compositionOf(base, cur)
	for _, f := range baselineFigures(base, cur, mix) {
		c := Check{Scenario: cur.Label(), Name: "baseline: " + f.label, Value: "–", Limit: "–"}
		bm, m := base.Metric(f.metric), cur.Metric(f.metric)
		if bm == nil || m == nil {
			c.Why = "the baseline or the run has no " + f.metric
			checks = append(checks, c)
			continue
		}
		bmean, _ := meanWithCI(bm)
		c.Limit = fmt.Sprintf("%s ± %.0f%%", bmean, 100*tolerance)
		bNaN, curNaN := math.IsNaN(float64(bm.Mean)), math.IsNaN(float64(m.Mean))
		if bNaN || curNaN {
			switch {
			case bNaN && curNaN:
				c.Passed, c.Why = true, "undefined in the baseline and in this run alike"
			case curNaN:
				c.Why = "undefined in this run (in every replication), defined in the baseline"
			default:
				c.Value, _ = meanWithCI(m)
				c.Why = "undefined in the baseline: it cannot judge this run's value"
			}
			checks = append(checks, c)
			continue
		}
		d := compare(base, cur, bm, m)
		mean, ci := meanWithCI(m)
		c.Value = strings.TrimSpace(mean + " " + ci)
		worse := d.Mean * float64(-sim.SideOf(f.metric)) // > 0 when worse
		rel := worse / math.Abs(float64(bm.Mean))
		if bm.Mean == 0 {
			rel = math.Inf(1) * math.Copysign(1, worse)
			if worse == 0 {
				rel = 0
			}
		}
		over := mix.unjudged(f, d, bm)
		switch {
		case over != nil:
			c.Why = over.cannotJudge(d.describe(m.Unit))
		case worse <= 0 || !d.significant():
			c.Passed, c.Why = true, "no significant worsening: "+d.describe(m.Unit)
		case rel <= tolerance:
			c.Passed, c.Why = true, fmt.Sprintf("worse by %.1f%%, within the tolerance: %s", 100*rel, d.describe(m.Unit))
		default:
			c.Why = fmt.Sprintf("worse by %.1f%%: %s", 100*rel, d.describe(m.Unit))
		}
		checks = append(checks, c)
	}
	return checks
}

// JUnit XML, in the shape GitLab, Jenkins and GitHub's test reporters read:
// one test suite per scenario, one test case per check.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnit writes checks as JUnit XML. It refuses no checks at all: a file of
// no tests reads as a pass to the reporters that take it.
func JUnit(checks []Check) ([]byte, error) {
	if len(checks) == 0 {
		return nil, errors.New("no checks to write: a JUnit file of no tests would read as a pass")
	}
	out := junitSuites{Name: "peaksim check", Time: "0"}
	index := map[string]int{}
	for _, c := range checks {
		i, ok := index[c.Scenario]
		if !ok {
			i = len(out.Suites)
			index[c.Scenario] = i
			out.Suites = append(out.Suites, junitSuite{Name: c.Scenario, Time: "0"})
		}
		s := &out.Suites[i]
		tc := junitCase{Name: c.Name, Classname: "peaksim." + c.Scenario, Time: "0",
			SystemOut: fmt.Sprintf("value %s; limit %s; %s", c.Value, c.Limit, c.Why)}
		if !c.Passed {
			tc.Failure = &junitFailure{Message: c.Name + ": " + c.Why, Type: "threshold",
				Text: fmt.Sprintf("%s: value %s, limit %s: %s", c.Scenario, c.Value, c.Limit, c.Why)}
			if strings.HasPrefix(c.Name, "baseline: ") {
				tc.Failure.Type = "baseline"
			}
			s.Failures++
			out.Failures++
		}
		s.Tests++
		out.Tests++
		s.Cases = append(s.Cases, tc)
	}
	data, err := xml.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(data, '\n')...), nil
}

// Markdown writes checks as a Markdown table, for $GITHUB_STEP_SUMMARY or a
// merge request comment.
func Markdown(checks []Check) []byte {
	var b strings.Builder
	failed := 0
	for _, c := range checks {
		if !c.Passed {
			failed++
		}
	}
	fmt.Fprintf(&b, "### peaksim check: %d of %d passed\n\n", len(checks)-failed, len(checks))
	b.WriteString("| | scenario | check | value [95% interval] | limit | why |\n|---|---|---|---|---|---|\n")
	cell := func(s string) string { return strings.NewReplacer("|", "\\|", "\n", " ").Replace(s) }
	for _, c := range checks {
		mark := "✅"
		if !c.Passed {
			mark = "❌"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", mark, cell(c.Scenario), cell(c.Name), cell(c.Value), cell(c.Limit), cell(c.Why))
	}
	return []byte(b.String())
}
