package stats_test

import (
	"fmt"
	"math"

	"github.com/peaksim/peaksim/sim/stats"
)

func ExampleTally() {
	var wait stats.Tally
	wait.EnableQuantiles()
	for _, minutes := range []float64{0, 0, 1.5, 3, 4.5, 12} {
		wait.Add(minutes / 60) // hours
	}
	fmt.Printf("n=%d mean=%.2f min max=%.2f min p50=%.3f min\n",
		wait.Count(), wait.Mean()*60, wait.Max()*60, wait.Quantile(0.5)*60)
	// Output:
	// n=6 mean=3.50 min max=12.00 min p50=1.498 min
}

func ExampleSummarize() {
	// Mean waiting time in minutes from five replications; in the third,
	// no call was answered, so its mean wait is undefined.
	meanWait := []float64{4.1, 3.8, math.NaN(), 4.6, 4.0}
	s := stats.Summarize(meanWait)
	fmt.Printf("N=%d mean=%.3f 95%% CI [%.3f, %.3f]\n", s.N, s.Mean, s.Lo95, s.Hi95)
	// Output:
	// N=4 mean=4.125 95% CI [3.583, 4.667]
}
