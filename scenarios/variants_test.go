package scenarios_test

import (
	"reflect"
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

// sameBut returns a copy of v with the fields a test expects to differ
// from base set to base's, for a comparison of everything else.
func sameBut(v *scenarios.Scenario, base *scenarios.Scenario, undo func(v *scenarios.Scenario)) *scenarios.Scenario {
	c := *v
	c.Teams = append([]scenarios.Team(nil), v.Teams...)
	c.Channels = append([]scenarios.Channel(nil), v.Channels...)
	if v.Season != nil {
		season := *v.Season
		season.Exceptions = append(season.Exceptions[:0:0], v.Season.Exceptions...)
		c.Season = &season
	}
	c.Variant, c.Description = base.Variant, base.Description
	undo(&c)
	return &c
}

func TestVariantsOverrideTheirPathsAndNothingElse(t *testing.T) {
	s, err := scenarios.Parse("tiny.yaml", []byte(tiny+withVariants))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Variants) != 3 {
		t.Fatalf("%d variants, want 3", len(s.Variants))
	}
	base, more, detected := s.Variants[0], s.Variants[1], s.Variants[2]
	if base.Variant != "as-is" || more.Variant != "more-claims" || detected.Variant != "detected" || base.Name != "tiny" || more.Name != "tiny" {
		t.Errorf("names: %q %q, variants %q %q %q", base.Name, more.Name, base.Variant, more.Variant, detected.Variant)
	}
	if more.Description != "six claims agents" || detected.Description != s.Description {
		t.Errorf("descriptions %q and %q; want the variant's, else the file's", more.Description, detected.Description)
	}
	for _, v := range s.Variants {
		if string(v.YAML) != tiny+withVariants || v.Source != "tiny.yaml" || v.Variants != nil {
			t.Errorf("%s does not echo the file it came from, or has variants of its own", v.Variant)
		}
	}

	// The baseline, without set, is the file itself.
	file := *s
	file.Variants, file.Variant = nil, "as-is"
	if !reflect.DeepEqual(&file, base) {
		t.Error("the variant without set differs from the file")
	}

	if base.Teams[1].Headcount != 3 || more.Teams[1].Headcount != 6 || base.Channels[1].ServiceLevelTarget != 24 || more.Channels[1].ServiceLevelTarget != 4 {
		t.Errorf("claims headcount %d and %d, email target %v and %v", base.Teams[1].Headcount, more.Teams[1].Headcount,
			base.Channels[1].ServiceLevelTarget, more.Channels[1].ServiceLevelTarget)
	}
	if !reflect.DeepEqual(base, sameBut(more, base, func(v *scenarios.Scenario) {
		v.Teams[1].Headcount = base.Teams[1].Headcount
		v.Channels[1].ServiceLevelTarget = base.Channels[1].ServiceLevelTarget
	})) {
		t.Error("more-claims differs from the baseline beyond the claims headcount and the email target")
	}

	lost, baseLost := detected.Season.Exceptions[1], base.Season.Exceptions[1]
	if baseLost.DetectProbability != 0 || lost.DetectProbability != 0.5 || lost.DetectDelay.Mean() != 24 {
		t.Errorf("detection %v and %v, delay %v h", baseLost.DetectProbability, lost.DetectProbability, lost.DetectDelay.Mean())
	}
	if got := detected.Teams[0].HeadcountByDate[0].Value; got != 7 {
		t.Errorf("headcount_by_date[0] = %d, want 7", got)
	}
	if !reflect.DeepEqual(base, sameBut(detected, base, func(v *scenarios.Scenario) {
		v.Season.Exceptions[1] = baseLost
		v.Teams[0].HeadcountByDate = base.Teams[0].HeadcountByDate
	})) {
		t.Error("detected differs from the baseline beyond the detection and the first headcount override")
	}
}

func TestFileWithoutVariantsIsUnchanged(t *testing.T) {
	s, err := scenarios.Parse("tiny.yaml", []byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	if s.Variants != nil || s.Variant != "" || string(s.YAML) != tiny {
		t.Errorf("a file without variants: %d variants, variant %q", len(s.Variants), s.Variant)
	}
}

func TestVariantsKeyIgnoresCase(t *testing.T) {
	// The loader reads every key without regard to case; variants too,
	// and the keys of their paths.
	s, err := scenarios.Parse("tiny.yaml", []byte(tiny+"Variants:\n  - name: a\n  - name: b\n    set: {Teams.claims.HEADCOUNT: 4}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Variants) != 2 || s.Variants[1].Teams[1].Headcount != 4 {
		t.Fatalf("%d variants", len(s.Variants))
	}
}

// withAliases is small with the phone's patience anchored and the mail's
// an alias of it, followed by variants.
func withAliases(t testing.TB, variants string) string {
	t.Helper()
	in := small
	for _, r := range [][2]string{
		{"patience: {dist: exponential, mean: 2h}", "patience: &wait {dist: exponential, mean: 2h}"},
		{"handle_time: {dist: gamma, mean: 1h, cv: 0.5}\n", "handle_time: {dist: gamma, mean: 1h, cv: 0.5}\n    patience: *wait\n"},
	} {
		if !strings.Contains(in, r[0]) {
			t.Fatalf("small has no %q", r[0])
		}
		in = strings.Replace(in, r[0], r[1], 1)
	}
	return in + variants
}

func TestVariantsChangeAnAnchorForEveryAliasAndAnAliasAlone(t *testing.T) {
	in := withAliases(t, `variants:
  - name: before
  - name: anchored
    set:
      channels.phone.patience.mean: 5h
  - name: replaced
    set:
      channels.mail.patience: {dist: exponential, mean: 1h}
  - name: after
`)
	s, err := scenarios.Parse("small.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	// Mean patience in hours, phone then mail, per variant: the change of
	// one variant does not reach the next.
	want := map[string][2]float64{"before": {2, 2}, "anchored": {5, 5}, "replaced": {2, 1}, "after": {2, 2}}
	for _, v := range s.Variants {
		got := [2]float64{v.Channels[0].Patience.Mean(), v.Channels[1].Patience.Mean()}
		if got != want[v.Variant] {
			t.Errorf("%s: patience %v, want %v", v.Variant, got, want[v.Variant])
		}
	}
}

func TestBadVariants(t *testing.T) {
	// tiny has 69 lines: variants: is line 70, the first variant's name
	// line 71, its next key 72, and its first set entry 73.
	cases := []struct {
		name, file string // file: tiny with these variants, or else the whole file
		want       []string
	}{
		{"empty", "variants: []\n", []string{"tiny.yaml:70: variants: must be a list of at least one variant"}},
		{"not a list", "variants: {name: a}\n", []string{"tiny.yaml:70: variants: must be a list of at least one variant"}},
		{"a variant not a mapping", "variants:\n  - 7\n", []string{`tiny.yaml:71: variants[0]: must be a mapping with name, description and set; got "7"`}},
		{"no name", "variants:\n  - description: more staff\n", []string{"tiny.yaml:71: variants[0].name: required: the variant's name"}},
		{"bad name", "variants:\n  - name: two words\n",
			[]string{`tiny.yaml:71: variants[0].name: must be a name of 1 to 64 letters, digits, '_' and '-' that starts with a letter; got "two words"`}},
		{"duplicate name", "variants:\n  - name: a\n  - name: A\n",
			[]string{`tiny.yaml:72: variants[1].name: duplicate variant name "A" (variants[0] has it`}},
		{"unknown key", "variants:\n  - name: a\n    sett: {teams.claims.headcount: 6}\n",
			[]string{"tiny.yaml:72: variants[0].sett: unknown key; the keys of a variant are name, description and set"}},
		{"description not text", "variants:\n  - name: a\n    description: [more, staff]\n", []string{"tiny.yaml:72: variants[0].description: must be text"}},
		{"set not a mapping", "variants:\n  - name: a\n    set: [1, 2]\n",
			[]string{"tiny.yaml:72: variants[0].set: must be a mapping of key paths to values"}},
		{"unknown team", "variants:\n  - name: a\n    set:\n      teams.claimz.headcount: 6\n",
			[]string{`tiny.yaml:73: variants[0].set.teams.claimz.headcount: no team named "claimz" in teams; the teams there are agents, claims`}},
		{"unknown top-level key", "variants:\n  - name: a\n    set:\n      teamz.claims.headcount: 6\n",
			[]string{"tiny.yaml:73: variants[0].set.teamz.claims.headcount: no key teamz in the top level of the file; the keys there are name, calendar, run,"}},
		{"missing intermediate mapping", "variants:\n  - name: a\n    set:\n      customers.patience.mean: 3h\n",
			[]string{"tiny.yaml:73: variants[0].set.customers.patience.mean: no key patience in customers; the keys there are chase_interval, retry, deadline, churn_contacts"}},
		{"index out of range", "variants:\n  - name: a\n    set:\n      teams.agents.headcount_by_date[5].headcount: 6\n",
			[]string{"tiny.yaml:73: variants[0].set.teams.agents.headcount_by_date[5].headcount: teams.agents.headcount_by_date has no element 5"}},
		{"under a single value", "variants:\n  - name: a\n    set:\n      teams.claims.headcount.mean: 6\n",
			[]string{"tiny.yaml:73: variants[0].set.teams.claims.headcount.mean: teams.claims.headcount is a single value, with nothing under it"}},
		{"seed", "variants:\n  - name: a\n    set:\n      run.seed: 9\n",
			[]string{"tiny.yaml:73: variants[0].set.run.seed: variants share the seed and the number of replications, so that they run on common random numbers and their differences are paired"}},
		{"replications in capitals", "variants:\n  - name: a\n    set:\n      RUN.Replications: 9\n",
			[]string{"tiny.yaml:73: variants[0].set.RUN.Replications: variants share the seed and the number of replications"}},
		{"the name", "variants:\n  - name: a\n    set:\n      name: other\n", []string{"tiny.yaml:73: variants[0].set.name: a variant cannot change name"}},
		{"breaks the scenario", "variants:\n  - name: a\n    set:\n      teams.claims.headcount: -3\n",
			[]string{"tiny.yaml:73: variants[0].set.teams.claims.headcount: in variant a, teams[1].headcount: must be a positive integer, got -3"}},
		{"breaks it inside the value", "variants:\n  - name: a\n    set:\n      customers.chase_interval: {dist: gamma, mean: -2d, cv: 0.5}\n",
			[]string{"tiny.yaml:73: variants[0].set.customers.chase_interval: in variant a, customers.chase_interval.mean: "}},
		{"breaks it elsewhere", "variants:\n  - name: a\n    set:\n      teams.claims.name: support\n",
			[]string{`tiny.yaml:71: variants[0]: in variant a, channels[2].team: no team named "claims"`}},
		{"every variant's problems at once", "variants:\n  - name: a\n    set:\n      teams.claimz.headcount: 6\n  - name: b\n    set:\n      teams.claims.headcount: -3\n",
			[]string{"tiny.yaml:73: variants[0].set.teams.claimz.headcount: no team named", "tiny.yaml:76: variants[1].set.teams.claims.headcount: in variant b, teams[1].headcount"}},
		{"through an alias", withAliases(t, "variants:\n  - name: a\n    set:\n      channels.mail.patience.mean: 5h\n"),
			[]string{"small.yaml:24: variants[0].set.channels.mail.patience.mean: channels.mail.patience is an alias (*wait): change the value where its anchor (&wait) is"}},
		{"an alias as the value", withAliases(t, "variants:\n  - name: a\n    set:\n      channels.phone.handle_time: *wait\n"),
			[]string{"small.yaml:24: variants[0].set.channels.phone.handle_time: the value holds an alias (*wait); write the value out in full"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file, in := "tiny.yaml", tiny+c.file
			if strings.HasPrefix(c.file, "name: small") {
				file, in = "small.yaml", c.file
			}
			_, err := scenarios.Parse(file, []byte(in))
			if err == nil {
				t.Fatalf("accepted; want %q", c.want)
			}
			for _, want := range c.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("got\n%v\nwant %s", err, want)
				}
			}
			checkNoGoPhrases(t, err.Error(), in)
		})
	}
}

// TestThresholdsNameVariantsOfTheFile checks that a threshold's variants
// are variants of the file: a misspelt one would make the threshold judge
// nothing, and check pass without a word.
func TestThresholdsNameVariantsOfTheFile(t *testing.T) {
	// tiny has 69 lines; the thresholds start on line 70, the variants
	// after them.
	const variants = "variants:\n  - name: as-is\n  - name: more-claims\n    set:\n      teams.claims.headcount: 6\n"
	cases := []struct {
		name, file string // tiny + file
		want       []string
	}{
		{"misspelt", "thresholds:\n  - {expr: \"cases.resolution.p90 < 72h\", variants: [as-iss]}\n" + variants,
			[]string{`tiny.yaml:71: thresholds[0].variants[0]: no variant named "as-iss"; did you mean as-is?`}},
		{"unlike any", "thresholds:\n  - \"cases.resolution.p90 < 72h\"\n  - {expr: \"cases.resolution.p90 < 72h\",\n     variants: [more-claims, xmas]}\n" + variants,
			[]string{`tiny.yaml:73: thresholds[1].variants[1]: no variant named "xmas"; the variants are as-is, more-claims`}},
		{"no variants", "thresholds:\n  - {expr: \"cases.resolution.p90 < 72h\", variants: [as-is]}\n",
			[]string{"tiny.yaml:71: thresholds[0].variants: the file has no variants"}},
		{"not a name", "thresholds:\n  - {expr: \"cases.resolution.p90 < 72h\", variants: [7]}\n" + variants,
			[]string{"tiny.yaml:71: thresholds[0].variants[0]: must be the name of a variant of the file; got 7"}},
		{"set by a variant", "thresholds:\n  - \"cases.resolution.p90 < 72h\"\n" + variants + "  - name: strict\n    set:\n      thresholds: [{expr: \"cases.resolution.p90 < 48h\", variants: [as-is]}]\n",
			[]string{"tiny.yaml:79: variants[2].set.thresholds: in variant strict, thresholds[0].variants: names only other variants (as-is), so it would judge nothing"}},
		{"with the variants' own problems", "thresholds:\n  - {expr: \"cases.resolution.p90 < 72h\", variants: [as-iss]}\n" + strings.Replace(variants, "headcount: 6", "headcount: -6", 1),
			[]string{"tiny.yaml:71: thresholds[0].variants[0]: no variant named", "tiny.yaml:76: variants[1].set.teams.claims.headcount: in variant more-claims"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := scenarios.Parse("tiny.yaml", []byte(tiny+c.file))
			if err == nil {
				t.Fatalf("accepted; want %q", c.want)
			}
			for _, want := range c.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("got\n%v\nwant %s", err, want)
				}
			}
			checkNoGoPhrases(t, err.Error(), tiny+c.file)
		})
	}
	good := "thresholds:\n  - {expr: \"cases.resolution.p90 < 72h\", variants: [more-claims]}\n" + variants +
		"  - name: strict\n    set:\n      thresholds: [{expr: \"cases.resolution.p90 < 48h\", variants: [strict]}]\n"
	s, err := scenarios.Parse("tiny.yaml", []byte(tiny+good))
	if err != nil {
		t.Fatalf("thresholds naming the file's variants refused: %v", err)
	}
	for i, want := range []bool{false, true, true} {
		v := s.Variants[i]
		if got := len(v.Thresholds) == 1 && v.Thresholds[0].AppliesTo(v.Variant); got != want {
			t.Errorf("variant %s: a threshold applies: %v, want %v", v.Variant, got, want)
		}
	}
}
