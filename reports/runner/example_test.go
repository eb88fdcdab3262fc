package runner_test

import (
	"context"
	"fmt"

	"github.com/peaksim/peaksim/reports/runner"
	"github.com/peaksim/peaksim/scenarios"
)

// From a built-in scenario to its key figures, without the command: an
// M/M/10 queue at 80% occupancy, whose exact mean wait is 0.2046 hours
// (Erlang C), run for 200 days instead of its validation's 28 years.
func Example() {
	textbook, err := scenarios.Builtin("mmc-c10-rho080")
	if err != nil {
		panic(err)
	}
	sc, err := scenarios.Derive(textbook, "short", []scenarios.Setting{{Path: "run.horizon", Value: "200d"}, {Path: "run.warmup", Value: "10d"}})
	if err != nil {
		panic(err)
	}
	res, err := runner.Run(context.Background(), runner.Expand([]*scenarios.Scenario{sc}), "example", runner.Options{Workers: 2})
	if err != nil {
		panic(err)
	}
	for _, name := range []string{"queue.occupancy", "queue.wait.mean"} {
		m := res.Scenarios[0].Metric(name)
		fmt.Printf("%s: %.3f [%.3f, %.3f] over %d replications\n", name, float64(m.Mean), float64(m.CI95[0]), float64(m.CI95[1]), m.N)
	}
	// Output:
	// queue.occupancy: 0.803 [0.800, 0.806] over 10 replications
	// queue.wait.mean: 0.222 [0.207, 0.236] over 10 replications
}
