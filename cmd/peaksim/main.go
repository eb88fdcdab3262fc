// Command peaksim simulates peak-season customer service: orders, delivery
// exceptions, the contacts they cause, and the teams that answer them.
//
// Usage:
//
//	peaksim run [FILE|NAME...] [--out DIR] [--seed N] [--replications N] [--workers N]
//	peaksim validate FILE|NAME...
//	peaksim list
//	peaksim show NAME
//	peaksim version
//
// run simulates each scenario (a YAML file, or the name of a built-in one;
// the default contact centre when none is given) and writes results.json
// into the output folder (peaksim-out by default, "-" for stdout).
//
// Exit codes: 0 success, 1 a check failed, 2 bad input or usage, 3 the run
// itself failed (I/O error, interrupted).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
