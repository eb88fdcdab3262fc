package sim

import (
	"context"
	"testing"
)

// mmc50 is the queue of ../shared/bench/limit: M/M/50, λ = 45/h, mean
// handle time 1h, arrivals stopped after about n customers.
func mmc50(b testing.TB, customers int) *Model {
	inter, err := NewExponential(1.0 / 45)
	if err != nil {
		b.Fatal(err)
	}
	handle, err := NewExponential(1)
	if err != nil {
		b.Fatal(err)
	}
	return &Model{
		Name:     "mmc50",
		Horizon:  float64(customers) / 45,
		Teams:    []Team{{Name: "agents", Agents: 50}},
		Channels: []Channel{{Name: "queue", Interarrival: inter, HandleTime: handle, QueueCapacity: Unlimited, ServiceTarget: 0.1}},
	}
}

// BenchmarkMMc50 runs the bare-loop reference queue with every statistic
// on; compare its customers/s with `go run .` in ../shared/bench/limit.
func BenchmarkMMc50(b *testing.B) {
	m := mmc50(b, 2_000_000)
	var customers, events float64
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		res, err := Run(context.Background(), m, 1, i)
		if err != nil {
			b.Fatal(err)
		}
		customers += float64(res.Channels[0].Offered)
		events += float64(res.Events)
	}
	b.ReportMetric(customers/b.Elapsed().Seconds(), "customers/s")
	b.ReportMetric(events/b.Elapsed().Seconds(), "events/s")
}
