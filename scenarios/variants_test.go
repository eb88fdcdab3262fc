package scenarios_test

import (
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
)

// withVariants is tiny with a baseline and two variants: more claims
// staff and a shorter email target, and a detection the base leaves out.
const withVariants = `variants:
  - name: as-is
  - name: more-claims
    description: six claims agents
    set:
      teams.claims.headcount: 6
      channels.email.service_level_target: 4h
  - name: detected
    set:
      exceptions.lost.detect: {probability: 0.5, delay: {dist: exponential, mean: 1d}}
      teams.agents.headcount_by_date[0].headcount: 7
`

func TestVariantsOverrideTheirPaths(t *testing.T) {
	s, err := scenarios.Parse("tiny.yaml", []byte(tiny+withVariants))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Variants) != 3 {
		t.Fatalf("%d variants, want 3", len(s.Variants))
	}
	base, more, detected := s.Variants[0], s.Variants[1], s.Variants[2]
	if base.Variant != "as-is" || more.Variant != "more-claims" || more.Description != "six claims agents" || base.Name != "tiny" {
		t.Errorf("names: %q %q %q, description %q", base.Name, base.Variant, more.Variant, more.Description)
	}
	if base.Teams[1].Headcount != 3 || more.Teams[1].Headcount != 6 || more.Channels[1].ServiceLevelTarget != 4 {
		t.Errorf("claims headcount %d and %d, email target %v", base.Teams[1].Headcount, more.Teams[1].Headcount, more.Channels[1].ServiceLevelTarget)
	}
	if base.Season.Exceptions[1].DetectProbability != 0 || detected.Season.Exceptions[1].DetectProbability != 0.5 {
		t.Errorf("detection %v and %v", base.Season.Exceptions[1].DetectProbability, detected.Season.Exceptions[1].DetectProbability)
	}
	if got := detected.Teams[0].HeadcountByDate[0].Value; got != 7 {
		t.Errorf("headcount_by_date[0] = %d", got)
	}
	if string(more.YAML) != tiny+withVariants || more.Source != "tiny.yaml" {
		t.Error("a variant does not echo the file it came from")
	}
	plain, err := scenarios.Parse("tiny.yaml", []byte(tiny))
	if err != nil || plain.Variants != nil || plain.Variant != "" {
		t.Errorf("a file without variants: %v, %d variants", err, len(plain.Variants))
	}
}

func TestBadVariants(t *testing.T) {
	cases := []struct{ name, variants, want string }{
		{"empty", "variants: []\n", "tiny.yaml:70: variants: must be a list of at least one variant"},
		{"unknown team", "variants:\n  - name: a\n    set:\n      teams.claimz.headcount: 6\n",
			"tiny.yaml:73: variants[0].set.teams.claimz.headcount: no element named claimz in teams; the names there are agents, claims"},
		{"index out of range", "variants:\n  - name: a\n    set:\n      teams.agents.headcount_by_date[5].headcount: 6\n",
			"variants[0].set.teams.agents.headcount_by_date[5].headcount: teams.agents.headcount_by_date has no element 5"},
		{"seed", "variants:\n  - name: a\n    set:\n      run.seed: 9\n", "variants[0].set.run.seed: variants share the seed and the number of replications"},
		{"duplicate", "variants:\n  - name: a\n  - name: a\n", "variants[1].name: "},
		{"bad name", "variants:\n  - name: two words\n", "variants[0].name: must be a name"},
		{"breaks the scenario", "variants:\n  - name: a\n    set:\n      teams.claims.headcount: -3\n",
			"tiny.yaml:73: variants[0].set.teams.claims.headcount: in variant a, teams[1].headcount: must be a positive integer, got -3"},
		{"set not a mapping", "variants:\n  - name: a\n    set: [1, 2]\n", "variants[0].set: must be a mapping of key paths to values"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := scenarios.Parse("tiny.yaml", []byte(tiny+c.variants))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v\nwant %s", err, c.want)
			}
		})
	}
}
