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
	// builtin:christmas
	// phone: served by phone-agents
	// email: served by email-social
	// social: served by email-social
	// voicemail: served by callback
}

func ExampleParse_season() {
	s, err := scenarios.Parse("shop.yaml", []byte(`
name: shop
calendar: {start: 2026-12-21, end: 2026-12-27, time_zone: Europe/London}
demand:
  orders_per_day: 1200
  season_curve: [{date: 2026-12-21, factor: 1}, {date: 2026-12-24, factor: 0.4}]
  hour_profile: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
fulfilment:
  dispatch_capacity: 1500
  cutoff: "15:00"
  delivery_hour: "13:00"
  promises: [{name: standard, share: 1, transit_days: 2}]
exceptions:
  - {name: late, kind: late, probability: 0.05, delay: {dist: exponential, mean: 1d},
     notice_delay: {dist: exponential, mean: 12h}, channel_mix: {phone: 1}}
teams:
  - name: agents
    headcount: 10
    working_hours: {mon-fri: "09:00-17:00", sat-sun: closed}
    shrinkage: 0.3
channels:
  - {name: phone, team: agents, handle_time: {dist: exponential, mean: 5m},
     opening_hours: {mon-fri: "09:00-17:00", sat-sun: closed}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	m := s.Model()
	cal := &s.Season.Calendar
	fmt.Println(cal.Days(), "days,", m.Horizon, "hours")
	for _, h := range []int{10, 24 + 10, 48 + 10, 72 + 10} {
		fmt.Printf("%s: %.0f orders, %d agents on duty, dispatch capacity %d\n",
			cal.Time(float64(h)).Format("Mon 2 Jan 15:04"), m.Season.OrdersPerHour[h], m.Teams[0].OnDuty[h], m.Season.DispatchCapacity[h/24])
	}
	fmt.Println("valid:", m.Validate() == nil)
	// Output:
	// 7 days, 168 hours
	// Mon 21 Dec 10:00: 100 orders, 7 agents on duty, dispatch capacity 1500
	// Tue 22 Dec 10:00: 80 orders, 7 agents on duty, dispatch capacity 1500
	// Wed 23 Dec 10:00: 60 orders, 7 agents on duty, dispatch capacity 1500
	// Thu 24 Dec 10:00: 40 orders, 7 agents on duty, dispatch capacity 1500
	// valid: true
}
