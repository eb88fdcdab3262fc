package scenarios_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
)

// planBounds are a team's min_headcount, max_headcount and hiring_step as
// loaded.
type planBounds struct{ min, max, step int }

func boundsOf(t scenarios.Team) planBounds {
	return planBounds{t.MinHeadcount, t.MaxHeadcount, t.HiringStep}
}

func TestPlanBoundsDefault(t *testing.T) {
	// 1 agent at least, the loader's most (100000) at most, hired one by
	// one: a team without the keys, stationary, in a season, or in shifts.
	want := planBounds{1, 100000, 1}
	for _, c := range []struct{ name, file, in string }{
		{"contact centre", "small.yaml", small},
		{"season", "tiny.yaml", tiny},
		{"season with shifts", "tiny.yaml", tinyOptions(t)},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := scenarios.Parse(c.file, []byte(c.in))
			if err != nil {
				t.Fatal(err)
			}
			for _, team := range s.Teams {
				if got := boundsOf(team); got != want {
					t.Errorf("%s: min, max, step %v, want %v", team.Name, got, want)
				}
			}
		})
	}
}

func TestPlanBoundsAreRead(t *testing.T) {
	tests := []struct {
		name, file, in string   // in: the file before the keys are added
		team           int      // the team the keys are added to
		keys           []string // "key: value"
		want           planBounds
	}{
		{"all three", "small.yaml", small, 0, []string{"min_headcount: 10", "max_headcount: 60", "hiring_step: 2"}, planBounds{10, 60, 2}},
		{"min alone", "small.yaml", small, 1, []string{"min_headcount: 2"}, planBounds{2, 100000, 1}},
		{"max alone", "small.yaml", small, 1, []string{"max_headcount: 8"}, planBounds{1, 8, 1}},
		{"step alone", "small.yaml", small, 0, []string{"hiring_step: 5"}, planBounds{1, 100000, 5}},
		{"min 0: planned away", "small.yaml", small, 1, []string{"min_headcount: 0", "max_headcount: 4"}, planBounds{0, 4, 1}},
		{"min and max 0", "small.yaml", small, 1, []string{"min_headcount: 0", "max_headcount: 0"}, planBounds{0, 0, 1}},
		{"min equal to max", "small.yaml", small, 1, []string{"min_headcount: 7", "max_headcount: 7"}, planBounds{7, 7, 1}},
		{"step past max", "small.yaml", small, 0, []string{"min_headcount: 10", "max_headcount: 12", "hiring_step: 5"}, planBounds{10, 12, 5}},
		{"the bound", "small.yaml", small, 0, []string{"min_headcount: 100000", "max_headcount: 100000", "hiring_step: 100000"}, planBounds{100000, 100000, 100000}},
		{"keys in capitals", "small.yaml", small, 0, []string{"Min_Headcount: 3", "MAX_HEADCOUNT: 9", "Hiring_Step: 3"}, planBounds{3, 9, 3}},
		{"null is the default", "small.yaml", small, 0, []string{"min_headcount: ~", "max_headcount: null", "hiring_step: ~"}, planBounds{1, 100000, 1}},
		{"season team", "tiny.yaml", tiny, 1, []string{"min_headcount: 10", "max_headcount: 60", "hiring_step: 2"}, planBounds{10, 60, 2}},
		{"season team with shifts", "tiny.yaml", tinyOptions(t), 0, []string{"min_headcount: 12", "max_headcount: 40", "hiring_step: 4"}, planBounds{12, 40, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := withTeamKeys(t, tt.in, tt.team, tt.keys...)
			s, err := scenarios.Parse(tt.file, []byte(in))
			if err != nil {
				t.Fatal(err)
			}
			if got := boundsOf(s.Teams[tt.team]); got != tt.want {
				t.Errorf("min, max, step %v, want %v", got, tt.want)
			}
			if err := s.Model().Validate(); err != nil {
				t.Error(err)
			}
		})
	}
}

// withTeamKeys returns in with keys ("key: value") added after the name
// line of its team i, at the indentation of the teams of small and tiny.
func withTeamKeys(t *testing.T, in string, i int, keys ...string) string {
	t.Helper()
	start := strings.Index(in, "\nteams:\n")
	if start < 0 {
		t.Fatal("no teams")
	}
	at := start + len("\nteams:")
	for n := 0; n <= i; n++ {
		j := strings.Index(in[at:], "\n  - name: ")
		if j < 0 {
			t.Fatalf("no team %d", i)
		}
		at += j + 1
	}
	if strings.Contains(in[start:at], "\nchannels:") {
		t.Fatalf("no team %d", i)
	}
	end := at + strings.Index(in[at:], "\n") + 1
	var add strings.Builder
	for _, k := range keys {
		add.WriteString("    " + k + "\n")
	}
	return in[:end] + add.String() + in[end:]
}

func TestBadPlanBoundsAreReportedWithKey(t *testing.T) {
	// small's first team is on lines 6 (name) and 7 (headcount); the keys
	// are added after line 7.
	tests := []struct {
		name string
		keys string // the lines added to small's first team
		line int
		key  string
		want string
	}{
		{"negative min", "min_headcount: -1", 8, "teams[0].min_headcount", "must be an integer of 0 or more, the fewest agents the planner may give the team, got -1"},
		{"fractional min", "min_headcount: 2.5", 8, "teams[0].min_headcount", "must be an integer of 0 or more, the fewest agents the planner may give the team, got 2.5"},
		{"min as text", "min_headcount: ten", 8, "teams[0].min_headcount", `must be an integer of 0 or more, the fewest agents the planner may give the team, got "ten"`},
		{"min over the bound", "min_headcount: 100001", 8, "teams[0].min_headcount", "must be at most 100000, got 100001"},
		{"negative max", "max_headcount: -5", 8, "teams[0].max_headcount", "must be an integer of 0 or more, the most agents the planner may give the team, got -5"},
		{"fractional max", "max_headcount: 60.0", 8, "teams[0].max_headcount", "must be an integer of 0 or more, the most agents the planner may give the team, got 60.0"},
		{"max as text", `max_headcount: "60"`, 8, "teams[0].max_headcount", `must be an integer of 0 or more, the most agents the planner may give the team, got "60"`},
		{"max over the bound", "max_headcount: 200000", 8, "teams[0].max_headcount", "must be at most 100000, got 200000"},
		{"max a list", "max_headcount: [60]", 8, "teams[0].max_headcount", "must be an integer of 0 or more, the most agents the planner may give the team, got a list"},
		{"min above max", "min_headcount: 70\n    max_headcount: 60", 8, "teams[0].min_headcount", "must be at most max_headcount (60), got 70"},
		{"max 0 below the default min", "max_headcount: 0", 8, "teams[0].max_headcount", "must be at least min_headcount (1 by default), got 0; add min_headcount: 0 to let the planner plan the team away"},
		{"zero step", "hiring_step: 0", 8, "teams[0].hiring_step", "must be a positive integer, the agents hired together, e.g. 5, got 0"},
		{"negative step", "hiring_step: -2", 8, "teams[0].hiring_step", "must be a positive integer, the agents hired together, e.g. 5, got -2"},
		{"fractional step", "hiring_step: 1.5", 8, "teams[0].hiring_step", "must be a positive integer, the agents hired together, e.g. 5, got 1.5"},
		{"step as text", "hiring_step: five", 8, "teams[0].hiring_step", `must be a positive integer, the agents hired together, e.g. 5, got "five"`},
		{"step over the bound", "hiring_step: 100001", 8, "teams[0].hiring_step", "must be at most 100000, got 100001"},
		{"misspelt key", "max_headcont: 60", 8, "teams[0].max_headcont", "unknown key; did you mean max_headcount?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := broken(t, "    headcount: 10\n", "    headcount: 10\n    "+tt.keys+"\n")
			_, err := scenarios.Parse("bad.yaml", []byte(in))
			if err == nil {
				t.Fatal("Parse accepted it")
			}
			want := "bad.yaml:" + strconv.Itoa(tt.line) + ": " + tt.key + ": " + tt.want
			if msg := err.Error(); msg != want {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.ReplaceAll(msg, "\n", "\n\t"), want)
			}
			checkNoGoPhrases(t, err.Error(), in)
		})
	}
}

func TestBadPlanBoundsAreReportedTogether(t *testing.T) {
	// A bad min_headcount is not also compared with max_headcount; the
	// other team's problems come too.
	in := withTeamKeys(t, small, 0, "min_headcount: -1", "max_headcount: 0", "hiring_step: 0")
	in = withTeamKeys(t, in, 1, "min_headcount: 9", "max_headcount: 8")
	_, err := scenarios.Parse("bad.yaml", []byte(in))
	want := []string{
		"bad.yaml:7: teams[0].min_headcount: must be an integer of 0 or more, the fewest agents the planner may give the team, got -1",
		"bad.yaml:9: teams[0].hiring_step: must be a positive integer, the agents hired together, e.g. 5, got 0",
		"bad.yaml:12: teams[1].min_headcount: must be at most max_headcount (8), got 9",
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("got\n%v\nwant\n%s", err, strings.Join(want, "\n"))
	}
}

func TestVariantSetsPlanBounds(t *testing.T) {
	// tiny's claims team has none of the keys: set adds them.
	in := tiny + `variants:
  - name: as-is
  - name: bounded
    set:
      teams.claims.max_headcount: 60
      teams.claims.min_headcount: 10
      teams.agents.hiring_step: 5
  - name: wider
    set:
      teams.claims.max_headcount: 80
`
	s, err := scenarios.Parse("tiny.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		variant        string
		agents, claims planBounds
	}{
		{"as-is", planBounds{1, 100000, 1}, planBounds{1, 100000, 1}},
		{"bounded", planBounds{1, 100000, 5}, planBounds{10, 60, 1}},
		{"wider", planBounds{1, 100000, 1}, planBounds{1, 80, 1}},
	}
	if len(s.Variants) != len(tests) {
		t.Fatalf("%d variants, want %d", len(s.Variants), len(tests))
	}
	for i, tt := range tests {
		v := s.Variants[i]
		if v.Variant != tt.variant {
			t.Fatalf("variant %d is %s, want %s", i, v.Variant, tt.variant)
		}
		if got := [2]planBounds{boundsOf(v.Teams[0]), boundsOf(v.Teams[1])}; got != [2]planBounds{tt.agents, tt.claims} {
			t.Errorf("%s: agents and claims %v, want %v", v.Variant, got, [2]planBounds{tt.agents, tt.claims})
		}
	}
}

func TestVariantBreakingPlanBounds(t *testing.T) {
	// The file's claims team plans 10 to 60 agents. A problem is placed at
	// the set entry whose path leads to its key, or else at the variant.
	base := withTeamKeys(t, tiny, 1, "min_headcount: 10", "max_headcount: 60")
	variant := strings.Count(base, "\n") + 2 // the line of "- name: a"
	tests := []struct {
		name, set string
		line      int
		want      string
	}{
		{"min above the file's max", "teams.claims.min_headcount: 70", variant + 2,
			"variants[0].set.teams.claims.min_headcount: in variant a, teams[1].min_headcount: must be at most max_headcount (60), got 70"},
		{"max below the file's min", "teams.claims.max_headcount: 5", variant,
			"variants[0]: in variant a, teams[1].min_headcount: must be at most max_headcount (5), got 10"},
		{"zero step", "teams.claims.hiring_step: 0", variant + 2,
			"variants[0].set.teams.claims.hiring_step: in variant a, teams[1].hiring_step: must be a positive integer, the agents hired together, e.g. 5, got 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base + "variants:\n  - name: a\n    set:\n      " + tt.set + "\n"
			_, err := scenarios.Parse("tiny.yaml", []byte(in))
			want := "tiny.yaml:" + strconv.Itoa(tt.line) + ": " + tt.want
			if err == nil || err.Error() != want {
				t.Errorf("got\n%v\nwant\n%s", err, want)
			}
		})
	}
}
