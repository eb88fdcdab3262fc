package fit_test

import (
	"fmt"
	"os"
	"time"

	"github.com/peaksim/peaksim/scenarios/fit"
)

// From a call log in the Technion layout to each channel's estimates.
func Example() {
	f, err := os.Open("testdata/technion.tsv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	log, err := fit.Read(f, "technion.tsv", fit.Technion)
	if err != nil {
		panic(err)
	}
	res := fit.Estimate(log, 24*time.Hour)
	for _, c := range res.Channels {
		h := c.Handle.Fits[0]
		fmt.Printf("%s: %.1f a day; handle time %s, mean %.1f minutes; patience %.2f minutes [%.2f, %.2f]\n",
			c.Name, c.PerDay.Est, h.Family, 60*h.Mean.Est, 60*c.Patience.Mean.Est, 60*c.Patience.Mean.Lo, 60*c.Patience.Mean.Hi)
	}
	// Output:
	// PS: 3.5 a day; handle time gamma, mean 4.0 minutes; patience 2.92 minutes [0.81, 24.08]
	// IN: 1.5 a day; handle time gamma, mean 7.5 minutes; patience 4.00 minutes [0.72, 157.99]
}
