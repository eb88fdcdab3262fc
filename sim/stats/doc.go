// Package stats provides the streaming statistics a simulation run collects
// and the across-replication summaries built from them.
//
// Within a replication, a Tally accumulates observations such as waiting
// times (count, mean, variance, extremes and, optionally, quantiles from a
// Histogram), and a TimeWeighted integrates a piecewise-constant level such
// as a queue length over simulated time. Their Add and Set methods neither
// allocate nor make interface calls, because they run for every simulated
// event.
//
// Across replications, Summarize turns one metric's per-replication values
// into a mean with Student's t confidence intervals, and SummarizePaired does
// the same for the differences between two scenarios run with common random
// numbers. TwoPass is Summarize fed one value at a time, with the same
// bits, for a run that folds its replications as they finish.
//
// Undefined results are reported as NaN rather than as errors, so that a
// metric that has no value in one replication (for example the mean wait
// when no call was answered) flows through to the summaries, which skip it.
// NaN is not valid JSON; callers that encode these values must decide how to
// represent it.
//
// The package has no package-level state and performs no I/O. Its values are
// not safe for concurrent use; give each goroutine its own and combine them
// with Merge.
package stats
