//go:build race

package planner

// raceEnabled: the race detector slows the event loop about tenfold, too
// much for the statistical validation, which has nothing concurrent to check.
const raceEnabled = true
