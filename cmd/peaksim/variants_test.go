package main

import (
	"bytes"
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
	var wait *reports.Difference
	for i, d := range res.Scenarios[1].Differences {
		if d.Name == "phone.wait.mean" {
			wait = &res.Scenarios[1].Differences[i]
		}
	}
	if wait == nil || !wait.Paired || !(wait.CI95[1] < 0) {
		t.Fatalf("phone.wait.mean difference %+v; want a paired interval below zero", wait)
	}
}

func TestValidateRefusesBadVariantsAndWorkflows(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, yaml, want string }{
		{"unknown path", validYAML + "variants:\n  - name: a\n    set:\n      teams.agentz.headcount: 3\n",
			"bad.yaml:20: variants[0].set.teams.agentz.headcount: no element named agentz in teams; the names there are agents"},
		{"broken workflow", "", "bad.yaml:66: exceptions[0].workflow[0].work.team: no team named \"claimz\"; teams are: service, claims"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			yaml := c.yaml
			if yaml == "" {
				data, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "builtin", "stories", "statutory-declaration.yaml"))
				if err != nil {
					t.Fatal(err)
				}
				yaml = strings.Replace(string(data), "work: {team: claims,", "work: {team: claimz,", 1)
			}
			path := writeFile(t, dir, "bad.yaml", yaml)
			code, _, stderr := peaksim(t, "validate", path)
			if code != exitBadInput || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, stderr, exitBadInput, c.want)
			}
		})
	}
}
