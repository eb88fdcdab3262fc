package main

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/reports"
	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
)

// checked is validYAML with ten replications and thresholds.
func checked(thresholds string) string {
	return strings.Replace(validYAML, "replications: 3", "replications: 10", 1) + "thresholds:\n" + thresholds
}

func TestCheckThresholds(t *testing.T) {
	dir := t.TempDir()
	junit, md := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "summary.md")
	holds := writeFile(t, dir, "holds.yaml", checked("  - \"phone.wait.mean < 2h\"\n  - \"phone.service_level >= 10%\"\n"))
	if code, _, stderr := peaksim(t, "check", holds, "--quiet", "--junit", junit, "--markdown", md); code != exitOK {
		t.Fatalf("thresholds that hold: exit %d\n%s", code, stderr)
	}
	breaks := writeFile(t, dir, "breaks.yaml", checked("  - \"phone.wait.mean < 2h\"\n  - {expr: \"phone.occupancy < 20%\", strict: true}\n"))
	code, _, stderr := peaksim(t, "check", breaks, "--quiet", "--junit", junit, "--markdown", md)
	if code != exitCheck || !strings.Contains(stderr, "FAIL  small     phone.occupancy < 20%") {
		t.Fatalf("a broken threshold: exit %d, want %d naming it\n%s", code, exitCheck, stderr)
	}
	// The JUnit file, read back with a parser against the common schema.
	var suites struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Errors   *int   `xml:"errors,attr"`
			Time     string `xml:"time,attr"`
			Cases    []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				Time      string `xml:"time,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Type    string `xml:"type,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, &suites); err != nil {
		t.Fatalf("junit.xml does not parse: %v", err)
	}
	if suites.Tests != 2 || suites.Failures != 1 || len(suites.Suites) != 1 {
		t.Fatalf("junit: %d tests, %d failures, %d suites", suites.Tests, suites.Failures, len(suites.Suites))
	}
	s := suites.Suites[0]
	if s.Name != "small" || s.Tests != 2 || s.Failures != 1 || s.Errors == nil || s.Time == "" || len(s.Cases) != 2 {
		t.Fatalf("junit suite %+v", s)
	}
	for _, c := range s.Cases {
		if c.Name == "" || c.Classname == "" || c.Time == "" {
			t.Errorf("junit test case without name, classname or time: %+v", c)
		}
	}
	if f := s.Cases[1].Failure; f == nil || !strings.Contains(f.Message, "phone.occupancy < 20%") || s.Cases[0].Failure != nil {
		t.Errorf("junit failures: %+v, %+v", s.Cases[0].Failure, s.Cases[1].Failure)
	}
	summary, _ := os.ReadFile(md)
	if !strings.Contains(string(summary), "### peaksim check: 2 of 2 passed") || !strings.Contains(string(summary), "| ❌ | small | phone.occupancy < 20%") {
		t.Errorf("markdown summary (appended twice):\n%s", summary)
	}
}

func TestCheckRefusesMalformedThresholds(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ threshold, want string }{
		{`"phone.wiat.mean < 2h"`, `bad.yaml:18: thresholds[0]: no metric phone.wiat.mean in this scenario; did you mean phone.wait.mean?`},
		{`"phone.wait.mean < 2"`, `thresholds[0]: phone.wait.mean is in hours: the value must be a duration with its unit, e.g. 72h or 3d; got "2"`},
		{`"phone.wait.mean < 2 parsecs"`, `thresholds[0]: must be METRIC OP VALUE`},
		{`"phone.wait.mean == 2h"`, `thresholds[0]: must be METRIC OP VALUE with OP one of <, <=, >, >=`},
		{`{expr: "phone.service_level > 120%"}`, `thresholds[0].expr: phone.service_level is in share: the value must be a share, e.g. 0.8 or 80%`},
		{`{exp: "phone.wait.mean < 2h"}`, `thresholds[0].exp: unknown key; a threshold has expr, variants and strict`},
	} {
		path := writeFile(t, dir, "bad.yaml", checked("  - "+c.threshold+"\n"))
		code, _, stderr := peaksim(t, "check", path, "--quiet")
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, %q\nwant exit %d and %q", c.threshold, code, stderr, exitBadInput, c.want)
		}
	}
}

// TestCheckAgainstABaseline runs a baseline once, then checks the same
// scenario against it with 20 other seeds (noise must never fail it), and a
// version with an agent fewer (a real regression must).
func TestCheckAgainstABaseline(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 22 checks; skipped with -short")
	}
	dir := t.TempDir()
	scenario := strings.Replace(validYAML, "replications: 3", "replications: 20", 1)
	scenario = strings.Replace(scenario, "rate: 1/h", "rate: 1.2/h", 1)
	path := writeFile(t, dir, "small.yaml", scenario)
	base := filepath.Join(dir, "base")
	if code, _, stderr := peaksim(t, "run", path, "--quiet", "--out", base); code != exitOK {
		t.Fatal(stderr)
	}
	baseline := filepath.Join(base, "results.json")
	for seed := 2; seed <= 21; seed++ {
		code, _, stderr := peaksim(t, "check", path, "--baseline", baseline, "--seed", strconv.Itoa(seed), "--quiet")
		if code != exitOK {
			t.Errorf("seed %d: the same scenario failed against its own baseline:\n%s", seed, stderr)
		}
	}
	fewer := writeFile(t, dir, "fewer.yaml", strings.Replace(scenario, "headcount: 2", "headcount: 1", 1))
	code, _, stderr := peaksim(t, "check", fewer, "--baseline", baseline, "--quiet")
	if code != exitCheck || !strings.Contains(stderr, "FAIL  small     baseline: phone: mean time in queue") {
		t.Fatalf("an agent fewer: exit %d, want %d and the mean time in queue named\n%s", code, exitCheck, stderr)
	}
}

// TestCheckRefusesWhatItCannotJudge runs the binary as a CI job would, with
// a baseline that cannot judge the run or nothing to judge at all: each
// exits 2 before the run, naming the scenario and the baseline file, and
// writes no JUnit file that a reporter could read as a pass.
func TestCheckRefusesWhatItCannotJudge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	small := writeFile(t, dir, "small.yaml", validYAML)
	baseDir := filepath.Join(dir, "base")
	if code, _, stderr := peaksim(t, "run", small, "--quiet", "--out", baseDir); code != exitOK {
		t.Fatal(stderr)
	}
	baseline := filepath.Join(baseDir, "results.json")
	// edited writes the baseline with the metric named changed by edit.
	edited := func(name, metric string, edit func(m map[string]any, metrics []any) []any) string {
		data, err := os.ReadFile(baseline)
		if err != nil {
			t.Fatal(err)
		}
		var res map[string]any
		if err := json.Unmarshal(data, &res); err != nil {
			t.Fatal(err)
		}
		sc := res["scenarios"].([]any)[0].(map[string]any)
		metrics := sc["metrics"].([]any)
		i := slices.IndexFunc(metrics, func(m any) bool { return m.(map[string]any)["name"] == metric })
		if i < 0 {
			t.Fatalf("the baseline has no %s", metric)
		}
		sc["metrics"] = edit(metrics[i].(map[string]any), metrics)
		if data, err = json.Marshal(res); err != nil {
			t.Fatal(err)
		}
		return writeFile(t, dir, name, string(data))
	}
	setMean := func(v any) func(m map[string]any, metrics []any) []any {
		return func(m map[string]any, metrics []any) []any { m["mean"] = v; return metrics }
	}
	// The regression an agent fewer makes must not hide behind a new name.
	renamed := writeFile(t, dir, "renamed.yaml", strings.Replace(strings.Replace(validYAML, "name: small", "name: small-xmas", 1), "headcount: 2", "headcount: 1", 1))
	withVariants := writeFile(t, dir, "variants.yaml", strings.Replace(validYAML, "headcount: 2", "headcount: 1", 1)+
		"variants:\n  - name: as-is\n  - name: more-staff\n    set:\n      teams.agents.headcount: 2\n")
	misspelt := writeFile(t, dir, "misspelt.yaml", validYAML+"thresholds:\n  - {expr: \"phone.wait.mean < 2h\", variants: [as-iss]}\n"+
		"variants:\n  - name: as-is\n  - name: more-staff\n    set:\n      teams.agents.headcount: 3\n")
	undefined := edited("undefined.json", "phone.backlog_age.mean", func(m map[string]any, metrics []any) []any {
		m["mean"], m["n"], m["values"] = nil, 0, []any{nil, nil, nil}
		return metrics
	})
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"renamed scenario", []string{renamed, "--baseline", baseline},
			[]string{`baseline ` + baseline + ` has no scenario "small-xmas" (of ` + renamed + `)`, `holds "small" (of ` + small + `)`}},
		{"another scenario's baseline", []string{"mmc-c1-rho050", "--baseline", baseline},
			[]string{`baseline ` + baseline + ` has no scenario "mmc-c1-rho050" (of builtin:mmc-c1-rho050)`, `holds "small"`}},
		{"variants the baseline lacks", []string{withVariants, "--baseline", baseline},
			[]string{`has no scenario "small" variant "as-is" (of ` + withVariants + `)`, `has no scenario "small" variant "more-staff"`}},
		{"misspelt variant", []string{misspelt, "--baseline", baseline},
			[]string{`misspelt.yaml:18: thresholds[0].variants[0]: no variant named "as-iss"; did you mean as-is?`}},
		{"absurd baseline value", []string{small, "--baseline", edited("absurd.json", "phone.backlog_age.mean", setMean(1e308))},
			[]string{`baseline ` + filepath.Join(dir, "absurd.json") + `, scenario "small": phone.backlog_age.mean: the mean is 1e+308, which no run measures`}},
		{"empty baseline value", []string{small, "--baseline", edited("empty.json", "phone.backlog_age.mean", setMean(nil))},
			[]string{`baseline ` + filepath.Join(dir, "empty.json") + `, scenario "small": phone.backlog_age.mean: the mean is empty (null)`}},
		{"missing baseline value", []string{small, "--baseline", edited("missing.json", "phone.backlog_age.mean", func(m map[string]any, metrics []any) []any {
			return slices.DeleteFunc(metrics, func(x any) bool { return x.(map[string]any)["name"] == m["name"] })
		})},
			[]string{`baseline ` + filepath.Join(dir, "missing.json") + `, scenario "small": no figure phone.backlog_age.mean`}},
		{"baseline value absent", []string{small, "--baseline", edited("absent.json", "phone.backlog_age.mean", func(m map[string]any, metrics []any) []any {
			delete(m, "mean")
			return metrics
		})},
			[]string{`baseline ` + filepath.Join(dir, "absent.json") + `, scenario "small": phone.backlog_age.mean: the mean is 0, outside its replications' values`}},
		// JSON has no NaN: written as a string, the file does not read.
		{"NaN in the baseline", []string{small, "--baseline", edited("nan.json", "phone.backlog_age.mean", setMean("NaN"))},
			[]string{`--baseline ` + filepath.Join(dir, "nan.json") + `: not a peaksim results file: not a number: "NaN"`}},
		// Found only once the run shows the figure defined.
		{"a figure the baseline leaves undefined", []string{small, "--baseline", undefined},
			[]string{`baseline ` + undefined + `, scenario "small": phone.backlog_age.mean is undefined in the baseline`}},
		{"nothing to judge", []string{small},
			[]string{"nothing to judge in " + small + ": no thresholds, and no --baseline"}},
		{"a shard", []string{small, "--baseline", baseline, "--shard", "0/2"},
			[]string{"--shard: check judges a whole run"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			junit := filepath.Join(dir, "junit-"+strings.ReplaceAll(c.name, " ", "-")+".xml")
			cmd := exec.Command(bin, append([]string{"check", "--quiet", "--junit", junit}, c.args...)...)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitBadInput {
				t.Fatalf("exit %v, want %d; stderr:\n%s", err, exitBadInput, stderr.String())
			}
			for _, want := range c.want {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
			if ran := strings.Contains(stdout.String(), "replications in"); ran != (c.name == "a figure the baseline leaves undefined") {
				t.Errorf("ran before refusing: %v\n%s", ran, stdout.String())
			}
			if _, err := os.Stat(junit); !os.IsNotExist(err) {
				t.Errorf("a JUnit file was written: %v", err)
			}
		})
	}
}

// TestCheckJudgesThresholdsAndBaselineTogether: a file with thresholds is
// compared with its baseline as well, and both kinds are printed and
// written.
func TestCheckJudgesThresholdsAndBaselineTogether(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "small.yaml", checked("  - \"phone.wait.mean < 2h\"\n"))
	base := filepath.Join(dir, "base")
	if code, _, stderr := peaksim(t, "run", path, "--quiet", "--out", base); code != exitOK {
		t.Fatal(stderr)
	}
	junit := filepath.Join(dir, "junit.xml")
	code, _, stderr := peaksim(t, "check", path, "--baseline", filepath.Join(base, "results.json"), "--quiet", "--junit", junit)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"pass  small     phone.wait.mean < 2h", "pass  small     baseline: phone: service level", "pass  small     baseline: phone: mean time in queue", "3 of 3 checks passed"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `<testsuites name="peaksim check" tests="3" failures="0"`) {
		t.Errorf("junit.xml:\n%s", data)
	}
}

// TestPlannedMetricsAreTheRunsMetrics: check matches a baseline before the
// run with the metrics scenarios.MetricDefs says a run reports, which must
// be the ones it does report, or a sound baseline would be refused.
func TestPlannedMetricsAreTheRunsMetrics(t *testing.T) {
	for _, name := range []string{"contact-centre", "statutory-declaration"} {
		sc, err := scenarios.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := peaksim(t, "run", name, "--replications", "1", "--quiet", "--out", "-")
		if code != exitOK {
			t.Fatal(stderr)
		}
		res, err := reports.ReadResults(strings.NewReader(stdout))
		if err != nil {
			t.Fatal(err)
		}
		plan := planned(runner.Expand([]*scenarios.Scenario{sc}))
		if len(plan) != len(res.Scenarios) {
			t.Fatalf("%s: %d planned scenarios, %d run", name, len(plan), len(res.Scenarios))
		}
		for i := range plan {
			var want, got []string
			for _, m := range res.Scenarios[i].Metrics {
				want = append(want, m.Name+" "+m.Unit)
			}
			for _, m := range plan[i].Metrics {
				got = append(got, m.Name+" "+m.Unit)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: planned metrics\n%v\nthe run's\n%v", res.Scenarios[i].Label(), got, want)
			}
		}
	}
}
