// Command peaksim simulates peak-season customer service: orders, delivery
// exceptions, the contacts they cause, and the teams that answer them.
//
// Usage:
//
//	peaksim run [FILE|NAME...] [--out DIR] [--seed N] [--replications N] [--workers N]
//	            [--quiet] [--shard k/n] [--precision 2% --metric NAME...]
//	peaksim report RESULTS.json [--out DIR]
//	peaksim merge SHARD.json... [--out DIR]
//	peaksim validate FILE|NAME...
//	peaksim list
//	peaksim show NAME
//	peaksim version
//
// run simulates each scenario (a YAML file, or the name of a built-in one;
// the default season when none is given) and writes the report,
// results.json and CSV files into the output folder (peaksim-out by
// default, "-" for results.json on stdout).
//
// Exit codes: 0 success, 1 a check failed, 2 bad input or usage, 3 the run
// itself failed (I/O error, interrupted).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// exitAtOnce is the exit code of a second Ctrl-C or SIGTERM: 128 + SIGINT,
// as shells report an interrupted command.
const exitAtOnce = 130

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
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
