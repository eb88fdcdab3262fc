package reports

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/sim"
)

// queueRun is n replications of an M/M/c queue with the given agents
// (arrivals 2/h, service 1/h, patience 2 h), summarized as the variant
// variant of the scenario q in source.
func queueRun(t *testing.T, source, variant string, agents int, seed uint64, n int) Scenario {
	t.Helper()
	inter, _ := sim.NewExponential(0.5)
	handle, _ := sim.NewExponential(1)
	patience, _ := sim.NewExponential(2)
	m := &sim.Model{
		Name: "q", Horizon: 300, Warmup: 20,
		Teams:    []sim.Team{{Name: "t", Agents: agents}},
		Channels: []sim.Channel{{Name: "phone", Interarrival: inter, HandleTime: handle, Patience: patience, QueueCapacity: sim.Unlimited, ServiceTarget: 0.1}},
	}
	var reps []Rep
	for i := range n {
		r, err := sim.Run(context.Background(), m, seed, i)
		if err != nil {
			t.Fatal(err)
		}
		reps = append(reps, RepOf(r))
	}
	return Summarize(Run{Name: "q", Variant: variant, Source: source, YAML: []byte("name: q\n"), Seed: seed, HorizonHours: 300, WarmupHours: 20}, reps)
}

func TestAddDifferencesPairsEachVariantWithItsFilesBaseline(t *testing.T) {
	res := &Results{SchemaVersion: SchemaVersion, Scenarios: []Scenario{
		queueRun(t, "x.yaml", "three", 3, 1, 5),
		queueRun(t, "x.yaml", "four", 4, 1, 5),
		queueRun(t, "x.yaml", "four-other-seed", 4, 2, 5),
		queueRun(t, "y.yaml", "two", 2, 1, 5), // another file of the same name
		queueRun(t, "y.yaml", "three", 3, 1, 5),
		queueRun(t, "z.yaml", "", 3, 1, 5), // a file without variants
	}}
	AddDifferences(res)
	sc := res.Scenarios
	for i, want := range []string{"", "three", "three", "", "two", ""} {
		if sc[i].Baseline != want || (want == "") != (sc[i].Differences == nil) {
			t.Errorf("%s %s: baseline %q with %d differences, want %q", sc[i].Source, sc[i].Variant, sc[i].Baseline, len(sc[i].Differences), want)
		}
	}

	four := &sc[1]
	if len(four.Differences) != len(four.Metrics) {
		t.Fatalf("%d differences for %d metrics", len(four.Differences), len(four.Metrics))
	}
	for k, d := range four.Differences {
		if d.Name != four.Metrics[k].Name || d.Unit != four.Metrics[k].Unit || !d.Paired {
			t.Fatalf("difference %d: %s (%s), paired %v; want %s in the metrics' order, paired", k, d.Name, d.Unit, d.Paired, four.Metrics[k].Name)
		}
	}
	// The paired difference is the mean of the replications' differences,
	// computed here from the values results.json keeps.
	wait := four.Differences[indexOf(t, four, "phone.wait.mean")]
	base, with := sc[0].Metric("phone.wait.mean"), four.Metric("phone.wait.mean")
	var sum float64
	for i := range with.Values {
		sum += float64(with.Values[i] - base.Values[i])
	}
	if got, want := float64(wait.Mean), sum/float64(len(with.Values)); math.Abs(got-want) > 1e-12 || wait.N != 5 {
		t.Errorf("wait difference %v over %d replications, want %v over 5", got, wait.N, want)
	}
	if !(wait.CI95[1] < 0) || !(wait.CI99[0] <= wait.CI95[0]) {
		t.Errorf("a fourth agent: wait difference %v, 95%% %v, 99%% %v; want an interval below zero, the 99%% one wider", wait.Mean, wait.CI95, wait.CI99)
	}

	// Another seed breaks the pairing: Welch's interval instead.
	other := sc[2].Differences[indexOf(t, &sc[2], "phone.wait.mean")]
	if other.Paired {
		t.Error("a variant run on another seed is paired with the baseline")
	}
}

func indexOf(t *testing.T, sc *Scenario, metric string) int {
	t.Helper()
	for k := range sc.Metrics {
		if sc.Metrics[k].Name == metric {
			return k
		}
	}
	t.Fatalf("%s has no metric %s", sc.Label(), metric)
	return -1
}

func TestScenariosAreShownByTheirLabels(t *testing.T) {
	three, four := queueRun(t, "x.yaml", "three", 3, 1, 3), queueRun(t, "x.yaml", "four", 4, 1, 3)
	elsewhere := queueRun(t, "y.yaml", "four", 4, 1, 3)
	plain := queueRun(t, "z.yaml", "", 4, 1, 3)
	cases := []struct {
		name      string
		scenarios []Scenario
		title     string
		labels    []string
	}{
		{"the variants of one file", []Scenario{three, four}, "peaksim: q, 2 variants", []string{"three", "four"}},
		{"two files of one name", []Scenario{three, elsewhere}, "peaksim: q / three and 1 more", []string{"q / three", "q / four"}},
		{"a variant and a file without", []Scenario{three, plain}, "peaksim: q / three and 1 more", []string{"q / three", "q"}},
		{"a file without variants", []Scenario{plain}, "peaksim: q", []string{"q"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := &Results{SchemaVersion: SchemaVersion, PeaksimVersion: "test", Scenarios: c.scenarios}
			AddDifferences(res)
			p, err := buildPage(res)
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != c.title {
				t.Errorf("title %q, want %q", p.Title, c.title)
			}
			var headings []string
			for _, col := range p.Columns {
				headings = append(headings, col.Heading)
			}
			for i, label := range c.labels {
				if p.Variants[i].Name != label || !strings.HasPrefix(p.Sentences[i], label+":") && !strings.HasPrefix(p.Sentences[i], label+" against "+c.labels[0]+":") {
					t.Errorf("scenario %d: shown as %q, sentence %q; want %q", i, p.Variants[i].Name, p.Sentences[i], label)
				}
			}
			if headings[0] != c.labels[0] {
				t.Errorf("headings %q, want the first %q", headings, c.labels[0])
			}
			if len(c.labels) == 2 && (headings[1] != c.labels[1] || headings[2] != "difference from "+c.labels[0]) {
				t.Errorf("headings %q, want %q then its difference from %q", headings, c.labels[1], c.labels[0])
			}
			// The charts' series carry the same names.
			page := renderHTML(t, res)
			for _, label := range c.labels {
				if !strings.Contains(page, `"name":"`+label+`"`) {
					t.Errorf("no chart series named %q", label)
				}
			}

			csv, err := metricsCSV(res)
			if err != nil {
				t.Fatal(err)
			}
			for i, sc := range res.Scenarios {
				if want := "\n" + sc.Label() + ",phone.offered,"; !strings.Contains(string(csv), want) {
					t.Errorf("metrics.csv names scenario %d otherwise than %q", i, sc.Label())
				}
			}
		})
	}
}
