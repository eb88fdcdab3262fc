package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/reports"
)

// twoAgents is validYAML with a variant of three agents.
const twoAgents = validYAML + `variants:
  - name: two-agents
  - name: three-agents
    set:
      teams.agents.headcount: 3
`

func TestVariantsRunOnCommonRandomNumbers(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "small.yaml", twoAgents)
	read := func(workers string) []byte {
		t.Helper()
		out := filepath.Join(dir, "out"+workers)
		if code, _, stderr := peaksim(t, "run", path, "--out", out, "--workers", workers); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(filepath.Join(out, "results.json"))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	one := read("1")
	if !bytes.Equal(one, read("3")) {
		t.Fatal("3 workers wrote a different results.json from 1 worker")
	}
	res, err := reports.ReadResults(bytes.NewReader(one))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Scenarios) != 2 || res.Scenarios[1].Variant != "three-agents" || res.Scenarios[1].Baseline != "two-agents" {
		t.Fatalf("want the two variants, the second against the first; got %d scenarios", len(res.Scenarios))
	}
	base, more := &res.Scenarios[0], &res.Scenarios[1]
	if base.Name != "small" || base.Variant != "two-agents" || base.Baseline != "" || base.Differences != nil {
		t.Errorf("the baseline: %s / %s, against %q with %d differences", base.Name, base.Variant, base.Baseline, len(base.Differences))
	}
	if base.Seed != more.Seed || base.Replications != 3 || more.Replications != 3 {
		t.Errorf("seeds %d and %d, replications %d and %d; want the file's for both", base.Seed, more.Seed, base.Replications, more.Replications)
	}
	// A difference for every metric, in the metrics' order.
	if len(more.Differences) != len(more.Metrics) {
		t.Fatalf("%d differences for %d metrics", len(more.Differences), len(more.Metrics))
	}
	var wait *reports.Difference
	for i, d := range more.Differences {
		if d.Name != more.Metrics[i].Name || !d.Paired {
			t.Fatalf("difference %d: %s, paired %v; want %s, paired", i, d.Name, d.Paired, more.Metrics[i].Name)
		}
		if d.Name == "phone.wait.mean" {
			wait = &more.Differences[i]
		}
	}
	// The callers and their handle times are the same in both (common
	// random numbers), so with a third agent no caller waits longer, and
	// the wait is shorter in every replication: the difference's values are
	// all below zero. Its paired interval, over 3 replications, is wide.
	if wait == nil || wait.N != 3 || !(wait.Mean < 0) {
		t.Fatalf("phone.wait.mean difference %+v; want it below zero", wait)
	}
	waits := func(sc *reports.Scenario) []reports.Float { return sc.Metric("phone.wait.mean").Values }
	for i, w := range waits(more) {
		if !(w < waits(base)[i]) {
			t.Errorf("replication %d: the wait is %v with three agents, %v with two; want it shorter", i, w, waits(base)[i])
		}
	}
}

func TestValidateRefusesBadVariantsAndWorkflows(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, yaml, want string }{
		{"unknown path", validYAML + "variants:\n  - name: a\n    set:\n      teams.agentz.headcount: 3\n",
			`bad.yaml:20: variants[0].set.teams.agentz.headcount: no team named "agentz" in teams; the teams there are agents`},
		{"a value that breaks the scenario", validYAML + "variants:\n  - name: a\n  - name: b\n    set:\n      teams.agents.headcount: -3\n",
			"bad.yaml:21: variants[1].set.teams.agents.headcount: in variant b, teams[0].headcount: must be a positive integer, got -3"},
		{"broken workflow", "", "bad.yaml:%d: exceptions[0].workflow[0].work.team: no team named \"claimz\"; teams are: service, claims"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			yaml, want := c.yaml, c.want
			if yaml == "" {
				data, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "builtin", "stories", "statutory-declaration.yaml"))
				if err != nil {
					t.Fatal(err)
				}
				const claims = "work: {team: claims,"
				// The line of the first work step: the story's comments may grow.
				want = fmt.Sprintf(want, strings.Count(string(data[:strings.Index(string(data), claims)]), "\n")+1)
				yaml = strings.Replace(string(data), claims, "work: {team: claimz,", 1)
			}
			path := writeFile(t, dir, "bad.yaml", yaml)
			code, _, stderr := peaksim(t, "validate", path)
			if code != exitBadInput || !strings.Contains(stderr, want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, stderr, exitBadInput, want)
			}
		})
	}
}

func TestValidateNamesTheVariantsItChecked(t *testing.T) {
	path := writeFile(t, t.TempDir(), "small.yaml", twoAgents)
	code, stdout, stderr := peaksim(t, "validate", path)
	if code != exitOK || !strings.Contains(stdout, "small.yaml: ok: scenario small,") || !strings.Contains(stdout, "; variants two-agents, three-agents\n") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
