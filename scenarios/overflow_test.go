package scenarios_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/scenarios"
)

const overflowYAML = `name: skills
run: {horizon: 100h}
teams:
  - {name: phone, headcount: 2}
  - {name: back-office, headcount: 3}
channels:
  - name: calls
    team: phone
    overflow: OVERFLOW
    arrivals: {rate: 5/h}
    handle_time: {dist: exponential, mean: 10m}
`

func TestOverflowTeamsCompileToIndices(t *testing.T) {
	s, err := scenarios.Parse("skills.yaml", []byte(strings.Replace(overflowYAML, "OVERFLOW", "[back-office]", 1)))
	if err != nil {
		t.Fatal(err)
	}
	m := s.Model()
	if !slices.Equal(m.Channels[0].Overflow, []int{1}) {
		t.Fatalf("overflow compiled to %v, want [1]", m.Channels[0].Overflow)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestBadOverflowNamesKeyAndProblem(t *testing.T) {
	cases := []struct{ value, want string }{
		{"[back-ofice]", `skills.yaml:9: channels[0].overflow[0]: no team named "back-ofice"`},
		{"[phone]", `skills.yaml:9: channels[0].overflow[0]: "phone" is the channel's own team`},
		{"[back-office, back-office]", `skills.yaml:9: channels[0].overflow[1]: "back-office" is listed twice`},
		{"back-office", `skills.yaml:9: channels[0].overflow: must be a list of team names`},
	}
	for _, c := range cases {
		t.Run(c.value, func(t *testing.T) {
			_, err := scenarios.Parse("skills.yaml", []byte(strings.Replace(overflowYAML, "OVERFLOW", c.value, 1)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}
