package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"
)

// Version is this build's version, echoed into results.json.
const Version = "0.1.0-dev"

// Exit codes: one table, documented in the README, that CI relies on to
// tell a regression (1) from bad input (2) and a broken run (3).
const (
	exitOK       = 0
	exitCheck    = 1 // peaksim check: a threshold or baseline check failed
	exitBadInput = 2
	exitFailed   = 3
)

// stdio is the command's view of the outside world, injected so the verbs
// are tested in-process exactly as a user runs them.
type stdio struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

type verb struct {
	name    string
	run     func(ctx context.Context, args []string, std stdio) int
	summary string
}

// verbs lists the commands in the order usage shows them.
func verbs() []verb {
	return []verb{
		{"run", cmdRun, "run scenarios and write the report, results.json and CSV files"},
		{"report", cmdReport, "write the report again from a saved results.json"},
		{"sweep", cmdSweep, "run a scenario over a grid of parameter values"},
		{"plan", cmdPlan, "find the cheapest staffing that meets targets (stationary scenarios so far)"},
		{"check", cmdCheck, "run scenarios and judge their thresholds and a baseline, for CI"},
		{"merge", cmdMerge, "put the shard files of a run (run --shard) together"},
		{"validate", cmdValidate, "check scenario files without running them"},
		{"list", cmdList, "list the built-in scenarios"},
		{"show", cmdShow, "print a built-in scenario's YAML, to copy and edit"},
		{"version", cmdVersion, "print the version"},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	std := stdio{stdin, stdout, stderr}
	if len(args) == 0 {
		usage(stderr)
		return exitBadInput
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	}
	for _, v := range verbs() {
		if v.name == args[0] {
			return v.run(ctx, args[1:], std)
		}
	}
	fmt.Fprintf(stderr, "peaksim: unknown command %q\n", args[0])
	usage(stderr)
	return exitBadInput
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: peaksim COMMAND [ARGS]")
	fmt.Fprintln(w, "\ncommands:")
	for _, v := range verbs() {
		fmt.Fprintf(w, "  %-9s %s\n", v.name, v.summary)
	}
	fmt.Fprintln(w, "\nrun 'peaksim COMMAND -h' for a command's flags")
}

// fail prints err, one "peaksim: " line per problem, and returns code.
func fail(w io.Writer, code int, err error) int {
	for line := range strings.SplitSeq(err.Error(), "\n") {
		if line != "" {
			fmt.Fprintf(w, "peaksim: %s\n", line)
		}
	}
	return code
}

// parseFlags parses flags wherever they stand among the positional
// arguments (`peaksim run a.yaml --seed 3 b.yaml`), which the flag package
// alone stops at the first positional one.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			positional = append(positional, args[1:]...)
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	// An empty --out is an unset variable in a script (--out "$DIR"):
	// it would write nothing, or over the working folder.
	if out := fs.Lookup("out"); out != nil && out.Value.String() == "" && given(fs, "out") {
		err := errors.New(`--out "": empty; name an output folder, or - for stdout`)
		fmt.Fprintf(fs.Output(), "peaksim: %s: %v\n", fs.Name(), err)
		return nil, err
	}
	return positional, nil
}

// given reports whether the flag name was set on the command line.
func given(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// newFlagSet returns a flag set that reports errors to stderr and leaves
// exiting to the caller.
func newFlagSet(name, argsHelp string, std stdio) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(std.stderr)
	fs.Usage = func() {
		fmt.Fprintf(std.stderr, "usage: peaksim %s %s\n", name, argsHelp)
		fs.PrintDefaults()
	}
	return fs
}

// flagExit turns a flag parsing error into an exit code: -h is a success.
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitBadInput
}

func goVersion() string { return runtime.Version() }
