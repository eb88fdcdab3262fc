// Package erlang has the Erlang C formulas that workforce tools size
// contact-centre staff with: the M/M/N queue, customers who never abandon,
// interval by interval. peaksim's planner starts from them and improves
// the plan by simulation, which sees what they do not: backlogs that carry
// over, failure demand, retries and abandonment.
package erlang

import "math"

// C returns the Erlang C probability that an arriving customer waits, for
// n agents and an offered load of a erlangs (arrival rate × mean handle
// time). It is 1 when n <= a (see Stable): the queue is unstable and
// everyone waits.
//
// It uses the Erlang B recursion B(k) = a·B(k-1) / (k + a·B(k-1)), which is
// stable for large n, and C = n·B / (n - a·(1 - B)).
func C(n int, a float64) float64 {
	if a <= 0 {
		return 0
	}
	if !Stable(n, a) {
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
	if !Stable(n, a) {
		return 0
	}
	return 1 - C(n, a)*math.Exp(-(float64(n)-a)*t/h)
}

// MeanWait returns the mean wait of all customers (the average speed of
// answer): C·h / (n - a), +Inf for an unstable queue.
func MeanWait(n int, a, h float64) float64 {
	if !Stable(n, a) {
		return math.Inf(1)
	}
	return C(n, a) * h / (float64(n) - a)
}

// AgentsFor returns the fewest agents for which ok holds, searching up from
// the smallest stable number; ok must become true as agents are added
// (every Erlang C measure does). It gives up at limit and returns limit.
func AgentsFor(a float64, limit int, ok func(n int) bool) int {
	n := Fewest(a)
	for ; n < limit && !ok(n); n++ {
	}
	return n
}

// Stable reports whether n agents keep up with an offered load of a
// erlangs: n > a. At n <= a the work that arrives is at least what the
// agents can do, and the queue of customers who stay grows without bound
// however long one waits (the M/M/N queue, and any G/G/N queue, is stable
// only below that). A load within rounding of n, such as 60/h × 10 min
// computed as 9.999999999999998 erlangs on 10 agents, counts as n.
func Stable(n int, a float64) bool {
	return float64(n) > a*(1+1e-9)
}

// Fewest returns the fewest agents that keep up with a load of a erlangs
// (see Stable), at least 1; math.MaxInt for a load no headcount carries
// (+Inf, NaN, or beyond what an int counts exactly).
func Fewest(a float64) int {
	if !(a < 1<<52) {
		return math.MaxInt
	}
	n := max(int(math.Floor(a)), 0)
	for !Stable(n, a) || n < 1 {
		n++
	}
	return n
}
