package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
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
// are tested in-process exactly as a user runs them: its streams, the
// environment it reads (a batch system's shard index), and how often a
// log gets a progress line.
type stdio struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	pace           pacing
}

type verb struct {
	name string
	run  func(ctx context.Context, args []string, std stdio) int
}

// verbs lists the commands in the order usage shows them; help.go has
// what the help says of each.
func verbs() []verb {
	return []verb{
		{"run", cmdRun},
		{"report", cmdReport},
		{"sweep", cmdSweep},
		{"plan", cmdPlan},
		{"check", cmdCheck},
		{"merge", cmdMerge},
		{"fit", cmdFit},
		{"backtest", cmdBacktest},
		{"validate", cmdValidate},
		{"list", cmdList},
		{"show", cmdShow},
		{"version", cmdVersion},
	}
}

// run is the command: main gives it the process's arguments, environment
// (os.Getenv) and streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runWith(ctx, args, stdio{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, pace: logPacing()})
}

func runWith(ctx context.Context, args []string, std stdio) int {
	stdout, stderr := std.stdout, std.stderr
	if len(args) == 0 {
		usage(stderr)
		return exitBadInput
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "-version", "--version":
		args = append([]string{"version"}, args[1:]...)
	case "help":
		// `peaksim help VERB` is `peaksim VERB --help`, as with go and
		// kubectl.
		switch len(args) {
		case 1:
			usage(stdout)
			return exitOK
		case 2:
			if args[1] == "help" {
				usage(stdout)
				return exitOK
			}
			args = []string{args[1], "--help"}
		default:
			fmt.Fprintf(stderr, "peaksim: help: takes one COMMAND, got %s\nrun 'peaksim help' for the commands\n", quoteAll(args[1:]))
			return exitBadInput
		}
	}
	for _, v := range verbs() {
		if v.name == args[0] {
			return v.run(ctx, args[1:], std)
		}
	}
	fmt.Fprintf(stderr, "peaksim: unknown command %q\nrun 'peaksim help' for the commands\n", args[0])
	return exitBadInput
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

// flagState is what a verb's flag set carries for parseFlags and its
// Usage: where to write, and what was parsed. It is the flag set's output,
// which discards what the flag package would print: parseFlags words the
// errors itself.
type flagState struct {
	std        stdio
	argsHelp   string
	parsing    bool
	positional []string
	// refused are flags the verb shares with the others but refuses, with
	// a reason, when given: its help does not offer them.
	refused []string
}

func (*flagState) Write(p []byte) (int, error) { return len(p), nil }

// refuseInHelp keeps the named flags out of the verb's help: flags of
// addRunFlags that the verb refuses with its own reason when they are
// given (peaksim plan runs its own simulations, so --shard and --precision
// do not apply).
func refuseInHelp(fs *flag.FlagSet, names ...string) {
	if st, ok := fs.Output().(*flagState); ok {
		st.refused = append(st.refused, names...)
	}
}

// newFlagSet returns a verb's flag set, leaving exiting to the caller.
// argsHelp is what usage shows after the verb. The verb calls fs.Usage
// when its arguments are wrong: it then says what is missing or too much
// (from the verb's help), the usage, and where the help is, on stderr.
func newFlagSet(name, argsHelp string, std stdio) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	st := &flagState{std: std, argsHelp: argsHelp}
	fs.SetOutput(st)
	fs.Usage = func() {
		if st.parsing {
			return // the flag package's own call, on an error parseFlags reports
		}
		usageError(fs, st, usageProblem(fs, st.positional))
	}
	return fs
}

// usageError prints a usage error: the problem, the usage, and where the
// help is.
func usageError(fs *flag.FlagSet, st *flagState, problem string) {
	fmt.Fprintf(st.std.stderr, "peaksim: %s: %s\nusage: %s\nrun 'peaksim help %s' for the flags and examples\n",
		fs.Name(), problem, usageLine(fs.Name(), st.argsHelp), fs.Name())
}

// parseFlags parses flags wherever they stand among the positional
// arguments (`peaksim run a.yaml --seed 3 b.yaml`), which the flag package
// alone stops at the first positional one. For -h or --help it prints the
// verb's help on stdout and returns flag.ErrHelp; a bad flag it reports on
// stderr.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	st, _ := fs.Output().(*flagState)
	if st == nil {
		return nil, errors.New("parseFlags needs a flag set from newFlagSet")
	}
	var positional []string
	for {
		st.parsing = true
		err := fs.Parse(args)
		st.parsing = false
		if errors.Is(err, flag.ErrHelp) {
			printHelp(st.std.stdout, fs, st.argsHelp)
			return nil, err
		}
		if err != nil {
			usageError(fs, st, flagProblem(fs, err))
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
	st.positional = positional
	// An empty --out is an unset variable in a script (--out "$DIR"):
	// it would write nothing, or over the working folder.
	if out := fs.Lookup("out"); out != nil && out.Value.String() == "" && given(fs, "out") {
		err := errors.New(`--out "": empty; name an output folder, or - for stdout`)
		fmt.Fprintf(st.std.stderr, "peaksim: %s: %v\n", fs.Name(), err)
		return nil, err
	}
	return positional, nil
}

// The flag package's errors, which name a flag -name.
var (
	unknownFlag  = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	invalidValue = regexp.MustCompile(`^invalid (boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-(\S+): (.*)$`)
	needsValue   = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
)

// flagProblem words a flag error as the help writes flags: --name, and
// what its value should be.
func flagProblem(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	placeholder := func(name string) string {
		if f := fs.Lookup(name); f != nil {
			p, _ := flagText(f)
			return p
		}
		return ""
	}
	if m := unknownFlag.FindStringSubmatch(msg); m != nil {
		return "unknown flag --" + m[1]
	}
	if m := needsValue.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("--%s needs a value, %s", m[1], placeholder(m[1]))
	}
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		why := m[4]
		if why == "parse error" {
			why = "want " + kindOf(fs.Lookup(m[3]))
			if m[1] != "" {
				why = "want true or false"
			}
		}
		return fmt.Sprintf("--%s %s: %s", m[3], m[2], why)
	}
	return msg
}

// kindOf says what kind of value a flag takes, for a value that did not
// parse.
func kindOf(f *flag.Flag) string {
	if f == nil {
		return "another value"
	}
	g, _ := f.Value.(flag.Getter)
	if g == nil {
		return "another value"
	}
	switch g.Get().(type) {
	case int, int64:
		return "a whole number"
	case uint, uint64:
		return "a whole number, 0 or more"
	case float64:
		return "a number"
	}
	return "another value"
}

// given reports whether the flag name was set on the command line.
func given(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// flagExit turns a flag parsing error into an exit code: -h is a success.
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitBadInput
}

func goVersion() string { return runtime.Version() }
