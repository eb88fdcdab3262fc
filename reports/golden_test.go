package reports

import (
	"context"
	"flag"
	"fmt"
	"github.com/peaksim/peaksim/reports/internal/golden"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
	"github.com/peaksim/peaksim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// TestFirstSentencesAndKeyFiguresAreGolden pins what a director reads
// first, the report's sentences and its key-figures table, for a small
// season and a small contact centre, each with a variant. A change to a
// definition, a verdict or a format shows here as a diff to read; run
// `go test ./reports -run Golden -update` to accept it.
func TestFirstSentencesAndKeyFiguresAreGolden(t *testing.T) {
	for _, name := range []string{"small-season", "small-centre"} {
		t.Run(name, func(t *testing.T) {
			got := firstPageText(t, filepath.Join("testdata", "golden", name+".yaml"))
			path := filepath.Join("testdata", "golden", name+".golden")
			golden.Check(t, path, got, *update, "go test ./reports -run Golden -update")
		})
	}
}

// goldenResults runs every variant of file, as a run does.
func goldenResults(t *testing.T, file string) *Results {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse(filepath.Base(file), data)
	if err != nil {
		t.Fatal(err)
	}
	res := &Results{SchemaVersion: SchemaVersion, PeaksimVersion: "test", Complete: true}
	for _, v := range sc.Variants {
		var reps []Rep
		for i := range v.Replications {
			r, err := sim.Run(context.Background(), v.Model(), v.Seed, i)
			if err != nil {
				t.Fatal(err)
			}
			reps = append(reps, RepOf(r))
		}
		res.Scenarios = append(res.Scenarios, Summarize(Run{Name: v.Name, Variant: v.Variant, Source: v.Source, YAML: v.YAML,
			Seed: v.Seed, HorizonHours: v.Horizon, WarmupHours: v.Warmup}, reps))
	}
	AddDifferences(res)
	return res
}

// firstPageText runs every variant of file and writes its report's
// sentences and key-figures table as text.
func firstPageText(t *testing.T, file string) []byte {
	t.Helper()
	p, err := buildPage(goldenResults(t, file))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\nIn plain words\n", p.Title)
	for _, s := range p.Sentences {
		fmt.Fprintf(&b, "- %s\n", s)
	}
	b.WriteString("\nKey figures\n| figure |")
	for _, c := range p.Columns {
		fmt.Fprintf(&b, " %s |", c.Heading)
	}
	b.WriteString("\n")
	for _, r := range p.Rows {
		fmt.Fprintf(&b, "| %s |", r.Label)
		for _, c := range r.Cells {
			fmt.Fprintf(&b, " %s |", strings.Join(strings.Fields(c.Value+" "+c.CI+" "+c.Verdict), " "))
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// TestDifferencesCSVHasTheReportsVerdicts: differences.csv holds each
// variant's differences from its baseline with the verdicts of the report,
// in plain decimals.
func TestDifferencesCSVHasTheReportsVerdicts(t *testing.T) {
	data, err := differencesCSV(goldenResults(t, filepath.Join("testdata", "golden", "small-centre.yaml")))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if !strings.HasPrefix(text, "scenario,baseline,metric,unit,difference,lo95,hi95,paired,verdict\n") {
		t.Fatalf("header: %q", strings.SplitN(text, "\n", 2)[0])
	}
	for _, want := range []string{"small-centre / three-more-phone-agents,as-is,phone.service_level,share,0.2", ",true,better\n", "email.wait.mean,hours,0,0,0,true,no change\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("differences.csv lacks %q", want)
		}
	}
	if regexp.MustCompile(`[0-9]e[+-]?[0-9]`).MatchString(text) {
		t.Errorf("a number in exponent form:\n%s", text)
	}
	if data, _ := differencesCSV(&Results{Scenarios: []Scenario{{Name: "alone"}}}); data != nil {
		t.Errorf("a run without variants writes differences.csv: %q", data)
	}
}
