package sim_test

import (
	"context"
	"fmt"

	"github.com/peaksim/peaksim/sim"
)

// A model built by hand (the scenarios package builds them from YAML):
// one agent answers a call every 10 minutes that takes 12 minutes, so a
// queue builds up: the k-th caller waits (k-1)·2 minutes, so 8 of the 47
// are answered within the 15-minute target.
func ExampleRun() {
	every10m, _ := sim.NewDeterministic(10.0 / 60)
	takes12m, _ := sim.NewDeterministic(12.0 / 60)
	m := &sim.Model{
		Name:    "example",
		Horizon: 8,
		Teams:   []sim.Team{{Name: "desk", Agents: 1}},
		Channels: []sim.Channel{{
			Name: "phone", Team: 0, Interarrival: every10m, HandleTime: takes12m,
			QueueCapacity: sim.Unlimited, ServiceTarget: 0.25,
		}},
	}
	res, err := sim.Run(context.Background(), m, 1, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, metric := range res.Metrics() {
		switch metric.Name {
		case "phone.offered", "phone.service_level", "phone.wait.mean", "phone.occupancy":
			fmt.Printf("%s = %.3f %s\n", metric.Name, metric.Value, metric.Unit)
		}
	}
	// Output:
	// phone.offered = 47.000 contacts
	// phone.service_level = 0.170 share
	// phone.wait.mean = 0.767 hours
	// phone.occupancy = 0.979 share
}

// The default churn model reads the CEB figures (DOMAIN.md §5) as churn: 9%
// of customers whose case took little effort, 96% of those whose case took
// much. A missed deadline raises the chance, proactive compensation lowers
// it, and customers attached to the product stay regardless.
func ExampleChurn_Probability() {
	c := sim.DefaultChurn()
	fmt.Printf("1 point of effort %.2f, 9 points %.2f\n", c.Probability(1, false, false), c.Probability(9, false, false))
	fmt.Printf("3 points %.2f; with the deadline missed %.2f; compensated %.2f\n",
		c.Probability(3, false, false), c.Probability(3, true, false), c.Probability(3, false, true))
	c.Attachment = 0.5
	fmt.Printf("3 points, half the customers attached %.2f\n", c.Probability(3, false, false))
	// Output:
	// 1 point of effort 0.09, 9 points 0.96
	// 3 points 0.29; with the deadline missed 0.87; compensated 0.13
	// 3 points, half the customers attached 0.15
}

// A Journal hears a replication's journeys as they happen: here the first
// callers of the queue of ExampleRun, one agent answering a call every 10
// minutes that takes 12.
func ExampleRunJournal() {
	every10m, _ := sim.NewDeterministic(10.0 / 60)
	takes12m, _ := sim.NewDeterministic(12.0 / 60)
	m := &sim.Model{
		Name:    "example",
		Horizon: 0.5,
		Teams:   []sim.Team{{Name: "desk", Agents: 1}},
		Channels: []sim.Channel{{
			Name: "phone", Team: 0, Interarrival: every10m, HandleTime: takes12m,
			QueueCapacity: sim.Unlimited, ServiceTarget: 0.25,
		}},
	}
	_, err := sim.RunJournal(context.Background(), m, 1, 0, sim.JournalFunc(func(e sim.Entry) {
		fmt.Printf("%2.0fm contact %d: %s\n", 60*e.T, e.Contact, e.Activity)
	}))
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// 10m contact 1: contact offered
	// 10m contact 1: contact answered
	// 20m contact 2: contact offered
	// 22m contact 1: contact handled
	// 22m contact 2: contact answered
	// 34m contact 2: contact handled
}
