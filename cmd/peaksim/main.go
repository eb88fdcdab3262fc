// Command peaksim simulates peak-season customer service: orders, delivery
// exceptions, the contacts they cause, and the teams that answer them.
//
// Usage:
//
//	peaksim run [FILE|NAME...] [--out DIR] [--seed N] [--replications N] [--workers N]
//	            [--quiet] [--force] [--shard K/N] [--precision SHARE --metric METRIC...]
//	peaksim report RESULTS.json [--out DIR]
//	peaksim sweep FILE|NAME --param KEY=VALUES... [flags of run]
//	peaksim plan FILE|NAME --target EXPR... [--team NAME...] [--granularity PERIOD] [flags of run]
//	peaksim check FILE|NAME... [--baseline FILE] [--tolerance SHARE] [--junit FILE] [--markdown FILE] [flags of run]
//	peaksim merge SHARD.json... [--out DIR]
//	peaksim fit LOG.csv [--layout NAME | --channel NAME --arrival NAME ...] [--out FILE] [--rates FILE]
//	peaksim backtest FILE|NAME --actuals FILE [flags of run]
//	peaksim validate FILE|NAME...
//	peaksim list
//	peaksim show NAME
//	peaksim version
//	peaksim help [COMMAND]
//
// run simulates each scenario (a YAML file, or the name of a built-in one;
// the default season when none is given) and writes the report,
// results.json and CSV files into the output folder (peaksim-out by
// default, "-" for results.json on stdout). report draws the report again
// from a saved results.json; sweep runs a scenario over a grid of
// parameter values; plan finds the cheapest headcount that meets targets,
// per team, and per week or day of a season; check judges a run's
// thresholds and a baseline, for CI; merge puts the shard files of a run
// (run --shard) together; fit estimates a scenario's arrivals, handle
// times, patience and retries from a contact log; backtest compares a
// season's run with what happened; validate checks files without running them;
// list and show give the built-in scenarios. `peaksim help COMMAND` (or
// `peaksim COMMAND --help`) gives a command's flags, examples and exit
// codes; `peaksim --version` is `peaksim version`.
//
// Exit codes: 0 success, 1 a check failed (of check, or of plan's
// confirmation run), 2 bad input or usage, 3 the run itself failed (I/O
// error, interrupted: what finished is written), 130 a second Ctrl-C or
// SIGTERM (quit at once).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// exitAtOnce is the exit code of a second Ctrl-C or SIGTERM: 128 + SIGINT,
// as shells report an interrupted command.
const exitAtOnce = 130

// gcPercent is the collector's target for a run. A season's replication
// allocates some 20 MB that dies with it, while what stays alive is small:
// at the default GOGC the collector took the share of a core that kept 2
// workers at 1.75 times 1 worker's speed; at 400, about 1.9 times
// (BenchmarkDefaultSeasonWorkers, median of 7). The benchmarks of whole
// commands set it as main does.
const gcPercent = 400

func main() {
	// The first signal stops new work and lets the run write what finished;
	// a second one quits at once, for a user who will not wait.
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-signals
		fmt.Fprintln(os.Stderr, "peaksim: stopping; the results so far are being written (again to quit at once)")
		cancel()
		<-signals
		os.Exit(exitAtOnce)
	}()
	debug.SetGCPercent(gcPercent)
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}
