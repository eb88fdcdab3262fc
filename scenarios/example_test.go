package scenarios_test

import (
	"fmt"

	"github.com/peaksim/peaksim/scenarios"
)

func ExampleParse() {
	s, err := scenarios.Parse("mm1.yaml", []byte(`
name: mm1
run: {horizon: 1000h, warmup: 50h}
teams: [{name: clerk, headcount: 1}]
channels:
  - name: counter
    team: clerk
    arrivals: {rate: 30/h}
    handle_time: {dist: exponential, mean: 90s}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	m := s.Model()
	fmt.Println(s.Name, s.Replications, "replications of", m.Horizon, "hours")
	fmt.Println("arrivals:", m.Channels[0].Interarrival)
	fmt.Println("handle time:", m.Channels[0].HandleTime)
	fmt.Println("valid:", m.Validate() == nil)
	// Output:
	// mm1 10 replications of 1000 hours
	// arrivals: exponential(mean 0.03333333333333333 h)
	// handle time: exponential(mean 0.025 h)
	// valid: true
}

func ExampleParse_errors() {
	_, err := scenarios.Parse("mm1.yaml", []byte(`
name: mm1
run: {horizon: 1000}
teams: [{name: clerk, headcount: 1}]
channels:
  - name: counter
    team: clerk
    arrivals: {rate: 30/h}
    handle_tme: {dist: exponential, mean: 90s}
`))
	fmt.Println(err)
	// Output:
	// mm1.yaml:3: run.horizon: duration needs a unit, e.g. 90s, 5m, 2h or 3d; got 1000
	// mm1.yaml:6: channels[0].handle_time: required: a distribution, e.g. {dist: exponential, mean: 5m}
	// mm1.yaml:9: channels[0].handle_tme: unknown key; did you mean handle_time?
}

func ExampleOpen() {
	s, err := scenarios.Open(scenarios.Default)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Source)
	for _, c := range s.Channels {
		fmt.Printf("%s: served by %s\n", c.Name, c.Team)
	}
	// Output:
	// builtin:contact-centre
	// phone: served by phone-agents
	// email: served by email-agents
	// voicemail: served by callback-agents
}
