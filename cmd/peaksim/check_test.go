package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
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
	if code != exitCheck || !strings.Contains(stderr, "FAIL  small     baseline: phone: mean wait") {
		t.Fatalf("an agent fewer: exit %d, want %d and the mean wait named\n%s", code, exitCheck, stderr)
	}
}
