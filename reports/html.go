package reports

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strings"
)

// IndexFile is the name of the HTML report in an output folder.
const IndexFile = "index.html"

// maxDiffColumns is the most scenarios the summary table gives difference
// columns.
const maxDiffColumns = 4

//go:embed report.html.tmpl
var pageTemplateText string

var pageTemplate = template.Must(template.New("report").Parse(pageTemplateText))

// interruptedBanner says how far an interrupted run got.
func interruptedBanner(variants []*Scenario) string {
	total := 0
	var missing []string
	for _, v := range variants {
		total += v.Replications
		if v.Replications == 0 {
			missing = append(missing, safeLabel(v.Name))
		}
	}
	text := fmt.Sprintf("Interrupted: the run stopped after %d replications", total)
	if len(missing) > 0 {
		text += "; " + strings.Join(missing, ", ") + " did not run"
	}
	return text + ". The figures are those of the replications that finished."
}

// reportPage is what the report template shows.
type reportPage struct {
	Title          string
	PeaksimVersion string
	Variants       []variantInfo
	// Interrupted says, for a run that did not finish, how far it got.
	Interrupted string
	Sentences   []string
	Columns     []column
	Rows        []row
	Paired      bool // every comparison is paired (common random numbers)
	Charts      []chartBlock
	EChartsJS   template.JS
	Plan        *planView
}

type variantInfo struct {
	Name, Description, Source, SHA256, YAML, Color string
	Seed                                           uint64
	Replications                                   int
	Events                                         uint64
}

// A column of the summary table: a variant's figures, or its difference
// from the baseline.
type column struct {
	Heading string
	Color   string
	Diff    bool
}

type row struct {
	Label string
	Cells []cell
}

type cell struct {
	Key     string // data-cell: "variant index/metric"
	Raw     string // data-mean: the mean as results.json has it
	Value   string
	CI      string
	Verdict string // for a difference: better, worse, higher, lower, or no significant difference
	Class   string
}

// HTML writes the report of res: a summary table and sentences comparing
// the scenarios (the first is the baseline), then the charts. It depends on
// res alone, so `peaksim report` on a saved results.json writes the same
// bytes as the run that saved it.
func HTML(w io.Writer, res *Results) error {
	if len(res.Scenarios) == 0 {
		return errors.New("the results hold no scenario to report")
	}
	p, err := buildPage(res)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// pointLabel names a sweep's point by its values, each after the last
// part of its key ("headcount=46"), or the whole key where two keys end
// alike.
func pointLabel(point []Param) string {
	last := func(key string) string { return key[strings.LastIndex(key, ".")+1:] }
	var parts []string
	for _, q := range point {
		name := last(q.Key)
		if slices.ContainsFunc(point, func(o Param) bool { return o.Key != q.Key && last(o.Key) == name }) {
			name = q.Key
		}
		parts = append(parts, name+"="+q.Value)
	}
	return strings.Join(parts, ", ")
}

func buildPage(res *Results) (*reportPage, error) {
	// The report shows each scenario by its label: the variant's name when
	// all come from one file (the title names the file's scenario), else
	// Label, the file's name with the variant's. Every heading, sentence,
	// legend and detail below shows the Name of these copies.
	first := &res.Scenarios[0]
	oneFile, sweep := true, true
	for _, sc := range res.Scenarios {
		oneFile = oneFile && sc.Name == first.Name && sc.Source == first.Source && sc.Variant != ""
		sweep = sweep && len(sc.Point) > 0
	}
	sweep = sweep && oneFile
	variants := make([]*Scenario, len(res.Scenarios))
	labels := Labels(res.Scenarios)
	for i := range res.Scenarios {
		labelled := res.Scenarios[i]
		switch {
		case sweep:
			labelled.Name = pointLabel(labelled.Point)
		case oneFile:
			labelled.Name = labelled.Variant
		default:
			labelled.Name = labels[i]
		}
		variants[i] = &labelled
	}
	base := variants[0]
	p := &reportPage{PeaksimVersion: res.PeaksimVersion, EChartsJS: template.JS(echartsJS), Paired: true}
	switch {
	case sweep:
		var keys []string
		for _, q := range first.Point {
			keys = append(keys, q.Key)
		}
		p.Title = fmt.Sprintf("peaksim: %s, a sweep of %s over %d points", first.Name, strings.Join(keys, " × "), len(variants))
	case oneFile && len(variants) > 1:
		p.Title = fmt.Sprintf("peaksim: %s, %d variants", first.Name, len(variants))
	case len(variants) > 1:
		p.Title = fmt.Sprintf("peaksim: %s and %d more", base.Name, len(variants)-1)
	default:
		p.Title = "peaksim: " + base.Name
	}
	// Beyond a few scenarios (a sweep) a difference column each would make
	// the table too wide to read; the sentences and the sweep charts say
	// what changes.
	withDiffs := len(variants) <= maxDiffColumns
	if !res.Complete {
		p.Interrupted = interruptedBanner(variants)
	}
	if res.Plan != nil && res.Plan.Hiring != nil && len(variants) > 1 {
		// The variants of a hiring plan's run are its forecast cases: a
		// case against another is what more orders do to the same staff,
		// not a choice to make.
		p.Sentences = append(p.Sentences, fmt.Sprintf("The scenarios below are the forecast cases of one hiring plan (%s), staffed alike: a case against %s says what its orders do to the same staff, not which is better to choose.",
			strings.Join(caseNames(res.Plan.Hiring), ", "), safeLabel(base.Name)))
	}
	for i, v := range variants {
		p.Variants = append(p.Variants, variantInfo{
			Name: v.Name, Description: v.Description, Source: v.Source, SHA256: v.SHA256, YAML: v.YAML,
			Color: variantColor(i), Seed: v.Seed, Replications: v.Replications, Events: v.Events,
		})
		p.Sentences = append(p.Sentences, summarySentence(base, v, i == 0))
		p.Columns = append(p.Columns, column{Heading: v.Name, Color: variantColor(i)})
		if i > 0 && withDiffs {
			p.Columns = append(p.Columns, column{Heading: "difference from " + base.Name, Color: variantColor(i), Diff: true})
		}
	}
	mixes := make([]*composition, len(variants))
	for i, v := range variants {
		mixes[i] = compositionOf(base, v)
	}
	for _, f := range figures(base) {
		r := row{Label: f.label}
		// One unit per row: the one its largest value asks for.
		largest, unit := 0.0, ""
		for _, v := range variants {
			if m := v.Metric(f.metric); m != nil && !math.IsNaN(float64(m.Mean)) {
				largest, unit = math.Max(largest, math.Abs(float64(m.Mean))), m.Unit
			}
		}
		rowScale := scaleOf(unit, largest)
		for i, v := range variants {
			m := v.Metric(f.metric)
			c := cell{Key: fmt.Sprintf("%d/%s", i, f.metric), Raw: "null", Value: "–"}
			if m != nil {
				c.Raw = rawNumber(m.Mean)
				c.Value, c.CI = estimateIn(&m.Estimate, rowScale)
			}
			r.Cells = append(r.Cells, c)
			if i == 0 || !withDiffs {
				continue
			}
			d := cell{Value: "–", Class: "same"}
			if bm := base.Metric(f.metric); bm != nil && m != nil {
				cmp := compare(base, v, bm, m)
				p.Paired = p.Paired && cmp.paired
				if !math.IsNaN(cmp.Mean) {
					d.Value = cmp.describe(m.Unit)
					g := mixes[i].asJudged(f)
					d.Verdict = cmp.verdict(g, mixes[i].unjudged(g, cmp, bm).units())
					d.Class = map[string]string{"better": "better", "worse": "worse"}[d.Verdict]
				}
			}
			r.Cells = append(r.Cells, d)
		}
		p.Rows = append(p.Rows, r)
	}
	cs := &chartSet{variants: variants}
	// The plan's charts come first, in its section at the top of the page.
	if res.Plan != nil {
		p.Plan = newPlanView(res.Plan, currencyOf(res))
		cs.planCharts(res.Plan, p.Plan.Unit)
	}
	planCharts := len(cs.blocks)
	if sweep {
		cs.sweepCharts()
	}
	if base.Metric("cases.opened") != nil {
		hours := int(base.HorizonHours)
		cs.hours, cs.days = timeAxes(base.Calendar, hours)
		if base.Calendar != nil {
			cs.keyDates = base.Calendar.KeyDates
		}
		cs.tailDays = seasonTail(base, len(cs.days))
		cs.seasonCharts()
	} else if !sweep {
		// A sweep draws its channels against its points instead.
		cs.channelCharts()
	}
	cs.backtestCharts(res.Backtests)
	if cs.err != nil {
		return nil, cs.err
	}
	if p.Plan != nil {
		p.Plan.Charts = cs.blocks[:planCharts]
	}
	p.Charts = cs.blocks[planCharts:]
	return p, nil
}
