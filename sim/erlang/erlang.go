// Package erlang has the Erlang C formulas that workforce tools size
// contact-centre staff with: the M/M/N queue, customers who never abandon,
// interval by interval. peaksim's planner starts from them and improves
// the plan by simulation, which sees what they do not: backlogs that carry
// over, failure demand, retries and abandonment.
package erlang

import "math"

// C returns the Erlang C probability that an arriving customer waits, for
// n agents and an offered load of a erlangs (arrival rate × mean handle
// time). It is 1 when n <= a: the queue is unstable and everyone waits.
//
// It uses the Erlang B recursion B(k) = a·B(k-1) / (k + a·B(k-1)), which is
// stable for large n, and C = n·B / (n - a·(1 - B)).
func C(n int, a float64) float64 {
	if a <= 0 {
		return 0
	}
	if float64(n) <= a {
		return 1
	}
	b := 1.0
	for k := 1; k <= n; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return float64(n) * b / (float64(n) - a*(1-b))
}

// ServiceLevel returns the share of customers answered within t, for n
// agents, load a and mean handle time h (t and h in the same unit):
// 1 - C·exp(-(n-a)·t/h).
func ServiceLevel(n int, a, t, h float64) float64 {
	if float64(n) <= a {
		return 0
	}
	return 1 - C(n, a)*math.Exp(-(float64(n)-a)*t/h)
}

// MeanWait returns the mean wait of all customers (the average speed of
// answer): C·h / (n - a), +Inf for an unstable queue.
func MeanWait(n int, a, h float64) float64 {
	if float64(n) <= a {
		return math.Inf(1)
	}
	return C(n, a) * h / (float64(n) - a)
}

// AgentsFor returns the fewest agents for which ok holds, searching up from
// the smallest stable number; ok must become true as agents are added
// (every Erlang C measure does). It gives up at limit and returns limit.
func AgentsFor(a float64, limit int, ok func(n int) bool) int {
	n := max(int(math.Floor(a))+1, 1)
	for ; n < limit && !ok(n); n++ {
	}
	return n
}
