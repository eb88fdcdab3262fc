package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/peaksim/peaksim/scenarios"
)

// verbHelp is what `peaksim help VERB` and `peaksim VERB --help` say of a
// verb besides its flags, which come from its flag set. Every verb's text
// is in helpOf, in one place, so that a verb's file holds its code.
type verbHelp struct {
	summary string // one line, for the list of commands too
	about   string // a paragraph
	// arg names one positional argument, min and max how many there are
	// (max -1: any number), and required the flags that must be given:
	// what a usage error says is missing or extra.
	arg      string
	min, max int
	required []string
	examples []string
	codes    []int  // the exit codes the verb gives
	failed   string // what exit code 1 means for it, if it gives 1
}

// helpOf returns the help of the verb name.
func helpOf(name string) verbHelp {
	running := []int{exitOK, exitBadInput, exitFailed, exitAtOnce}
	switch name {
	case "run":
		return verbHelp{
			summary: "run scenarios and write the report, results.json and CSV files",
			about: "Runs each scenario, a YAML file or the name of a built-in one (the default season, " +
				scenarios.Default + ", when none is given), every variant of each, and writes index.html " +
				"(the report), results.json and CSV files into --out. The output is written to a " +
				"temporary folder beside it and renamed into place once complete; an earlier output is " +
				"replaced only with --force.",
			arg: "FILE|NAME", min: 0, max: -1,
			examples: []string{
				"peaksim run                                # the default season",
				"peaksim run my.yaml --replications 30 --seed 7 --out results",
				"peaksim run mmc-c10-rho080 --out -         # results.json on stdout",
				"peaksim run my.yaml --precision 2% --metric phone.wait.mean",
				"peaksim run my.yaml --shard 0/4 --out shard-0.json",
			},
			codes: running,
		}
	case "report":
		return verbHelp{
			summary: "write the report again from a saved results.json",
			about: "Renders index.html and the CSV files again from a results.json, without running " +
				"anything: after an upgrade of peaksim, or to make the report of merged shards. The " +
				"output replaces the folder that holds RESULTS.json unless --out names another; " +
				"RESULTS.json - reads it from stdin.",
			arg: "RESULTS.json", min: 1, max: 1,
			examples: []string{
				"peaksim report peaksim-out/results.json",
				"peaksim report saved.json --out report",
			},
			codes: []int{exitOK, exitBadInput, exitFailed},
		}
	case "sweep":
		return verbHelp{
			summary: "run a scenario over a grid of parameter values",
			about: "Runs the scenario at every point of a grid of parameter values, all on the same " +
				"random numbers, and reports the key figures against the points (sweep.csv). A " +
				"--param is a key path of the scenario file and its values: a list (10,20,30; " +
				"24h,48h) or a range FROM..TO:STEP (step 1 without :STEP); several make a grid of at " +
				"most 200 points. It takes the flags of run.",
			arg: "FILE|NAME", min: 1, max: 1, required: []string{"param"},
			examples: []string{
				"peaksim sweep voicemail-full --param teams.callback.headcount=2..8:2",
				"peaksim sweep christmas --param teams.claims.headcount=20..40:5 --param customers.chase_interval.mean=24h,48h",
			},
			codes: running,
		}
	case "plan":
		return verbHelp{
			summary: "find the cheapest staffing that meets targets, for a season too",
			about: "Finds the cheapest headcount of the teams the targets are about (or --team) that " +
				"meets every --target on the whole 95% interval, starting from Erlang C and improving " +
				"by simulation on common random numbers. A contact centre gets a headcount per team; " +
				"a season gets one per team and week (--granularity day: per day), within each team's " +
				"min_headcount, max_headcount and hiring_step, confirmed in a run with fresh seeds. " +
				"The run of the plan is written to --out, with a staffing table and plan.csv " +
				"(docs/plan.md). With --hiring, it plans the classes to hire for the teams' hiring " +
				"sections instead, and the weeks' overtime where a section allows it, across the " +
				"file's forecast cases (--in: every case, the expected one, or a probability), and " +
				"writes hiring.csv too.",
			arg: "FILE|NAME", min: 1, max: 1, required: []string{"target"},
			examples: []string{
				"peaksim plan contact-centre --target 'phone.service_level >= 0.8' --target 'email.wait.p90 < 24h'",
				"peaksim plan christmas --target 'email.backlog_age.p90 < 48h' --granularity day",
				"peaksim plan christmas --hiring --target 'phone.service_level >= 0.8' --target 'email.backlog_age.p90 < 48h'",
			},
			codes:  []int{exitOK, exitCheck, exitBadInput, exitFailed, exitAtOnce},
			failed: "a target failed in the confirmation run",
		}
	case "check":
		return verbHelp{
			summary: "run scenarios and judge their thresholds and a baseline, for CI",
			about: "Runs the files and judges their thresholds and, with --baseline, every key figure " +
				"against the same scenario of a saved results.json: a figure fails when it is worse by " +
				"more than --tolerance and the difference is significant. --junit and --markdown " +
				"write the checks for CI (docs/ci.md).",
			arg: "FILE|NAME", min: 1, max: -1,
			examples: []string{
				"peaksim check my.yaml",
				"peaksim check my.yaml --baseline main/results.json --junit checks.xml",
				`peaksim check my.yaml --markdown "$GITHUB_STEP_SUMMARY"`,
			},
			codes:  []int{exitOK, exitCheck, exitBadInput, exitFailed, exitAtOnce},
			failed: "a threshold or baseline check failed",
		}
	case "merge":
		return verbHelp{
			summary: "put the shard files of a run (run --shard) together",
			about: "Puts the shard files of one run together into the output folder one machine would " +
				"have written: the same results.json, byte for byte. The shards must come from the " +
				"same scenario files, seeds, replications and peaksim, each once (docs/distributed.md).",
			arg: "SHARD.json", min: 1, max: -1,
			examples: []string{
				"peaksim merge shard-*.json --out results",
			},
			codes: []int{exitOK, exitBadInput, exitFailed},
		}
	case "fit":
		return verbHelp{
			summary: "fit arrivals, handle time, patience and retries to a contact log",
			about: "Reads a contact log, one row per contact (its channel, when it arrived, was answered " +
				"or abandoned, and when its handling ended), and writes a scenario fragment: per " +
				"channel, arrivals by weekday and hour, the handle-time distribution that fits best by " +
				"AIC, patience from abandonment (answered contacts censored at their wait) and, where " +
				"customer ids link contacts, retries; each estimate with its 95% interval as a comment. " +
				"Name the columns with the flags, or give --layout technion (docs/fit.md).",
			arg: "LOG.csv", min: 1, max: 1,
			examples: []string{
				"peaksim fit calls.tsv --layout technion > fitted.yaml",
				"peaksim fit log.csv --channel queue --arrival offered_at --answer answered_at --abandon abandoned_at --end ended_at --customer caller",
			},
			codes: []int{exitOK, exitBadInput, exitFailed},
		}
	case "backtest":
		return verbHelp{
			summary: "compare a run of a season with what happened, day by day",
			about: "Runs the season and compares its daily figures per channel (offered, answered, " +
				"abandoned, service level, backlog) with the actuals: for each figure, the mean absolute " +
				"percentage error, the bias (simulated minus actual, as a share of actual; flagged when " +
				"beyond 5%, significant and with fewer than 90% of days in the band) and the share of days inside the simulated 95% band. It " +
				"prints the table and writes the run's output folder with backtest.csv (docs/backtest.md). " +
				"It takes the flags of run but --shard and --precision.",
			arg: "FILE|NAME", min: 1, max: 1, required: []string{"actuals"},
			examples: []string{
				"peaksim backtest my-season.yaml --actuals actuals.csv --out backtest",
			},
			codes: running,
		}
	case "validate":
		return verbHelp{
			summary: "check scenario files without running them",
			about: "Loads and checks each scenario, a file or the name of a built-in one, and its " +
				"variants, and reports every problem at once, with file, line and key.",
			arg: "FILE|NAME", min: 1, max: -1,
			examples: []string{
				"peaksim validate my.yaml",
				"peaksim validate scenarios/*.yaml",
			},
			codes: []int{exitOK, exitBadInput},
		}
	case "list":
		return verbHelp{
			summary:  "list the built-in scenarios",
			about:    "Lists the built-in scenarios, a line on each; peaksim show NAME prints one.",
			min:      0,
			max:      0,
			examples: []string{"peaksim list"},
			codes:    []int{exitOK, exitBadInput},
		}
	case "show":
		return verbHelp{
			summary:  "print a built-in scenario's YAML, to copy and edit",
			about:    "Prints the YAML of a built-in scenario, with a comment on where each figure comes from.",
			arg:      "NAME",
			min:      1,
			max:      1,
			examples: []string{"peaksim show contact-centre > my.yaml"},
			codes:    []int{exitOK, exitBadInput},
		}
	case "version":
		return verbHelp{
			summary:  "print the version",
			about:    "Prints peaksim's version and the Go version it was built with (peaksim --version too).",
			min:      0,
			max:      0,
			examples: []string{"peaksim version", "peaksim --version"},
			codes:    []int{exitOK, exitBadInput},
		}
	}
	return verbHelp{}
}

// exitMeaning says what an exit code means, for the help; failed is the
// verb's own meaning of 1.
func exitMeaning(code int, failed string) string {
	switch code {
	case exitOK:
		return "success"
	case exitCheck:
		if failed == "" {
			return "a check failed: a threshold or baseline of check, a target of plan's confirmation run"
		}
		return failed
	case exitBadInput:
		return "bad input or usage: the message names the file, line, key and problem"
	case exitFailed:
		return "the run itself failed: an I/O error, or interrupted (Ctrl-C: what finished is written, marked complete: false)"
	case exitAtOnce:
		return "a second Ctrl-C (or SIGTERM): quit at once, without writing"
	}
	return ""
}

// usage prints the top-level help: what peaksim is, its commands, the exit
// codes.
func usage(w io.Writer) {
	fmt.Fprintln(w, "peaksim simulates peak-season customer service: orders, delivery exceptions, the")
	fmt.Fprintln(w, "contacts they cause, and the teams that answer them.")
	fmt.Fprintln(w, "\nusage:\n  peaksim COMMAND [ARGS] [flags]")
	fmt.Fprintln(w, "\ncommands:")
	for _, v := range verbs() {
		fmt.Fprintf(w, "  %-9s %s\n", v.name, helpOf(v.name).summary)
	}
	fmt.Fprintln(w, "\nRun 'peaksim help COMMAND' (or 'peaksim COMMAND --help') for a command's flags and examples,")
	fmt.Fprintln(w, "and 'peaksim --version' for the version.")
	printCodes(w, []int{exitOK, exitCheck, exitBadInput, exitFailed, exitAtOnce}, "")
}

func printCodes(w io.Writer, codes []int, failed string) {
	fmt.Fprintln(w, "\nexit codes:")
	for _, c := range codes {
		for i, line := range wrap(exitMeaning(c, failed), 71) {
			if i == 0 {
				fmt.Fprintf(w, "  %-4d %s\n", c, line)
			} else {
				fmt.Fprintf(w, "       %s\n", line)
			}
		}
	}
}

// printHelp prints the help of the verb whose flag set is fs.
func printHelp(w io.Writer, fs *flag.FlagSet, argsHelp string) {
	h := helpOf(fs.Name())
	fmt.Fprintf(w, "peaksim %s: %s\n", fs.Name(), h.summary)
	fmt.Fprintf(w, "\nusage:\n  %s\n\n", usageLine(fs.Name(), argsHelp))
	for _, line := range wrap(h.about, 78) {
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w, "\nflags:")
	st, _ := fs.Output().(*flagState)
	fs.VisitAll(func(f *flag.Flag) {
		if st != nil && slices.Contains(st.refused, f.Name) {
			return
		}
		placeholder, text := flagText(f)
		fmt.Fprintf(w, "  --%s", f.Name)
		if placeholder != "" {
			fmt.Fprintf(w, " %s", placeholder)
		}
		fmt.Fprintln(w)
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			text += " (default: " + f.DefValue + ")"
		}
		for _, line := range wrap(text, 72) {
			fmt.Fprintf(w, "      %s\n", line)
		}
	})
	fmt.Fprintln(w, "  -h, --help\n      print this help")
	fmt.Fprintln(w, "\nexamples:")
	for _, e := range h.examples {
		fmt.Fprintf(w, "  %s\n", e)
	}
	printCodes(w, h.codes, h.failed)
}

func usageLine(name, argsHelp string) string {
	return strings.TrimSpace("peaksim " + name + " " + argsHelp)
}

// flagText returns a flag's placeholder (none for a switch) and its
// description: the back-quoted word of its usage, as the flag package
// has it, or a placeholder for its type.
func flagText(f *flag.Flag) (placeholder, text string) {
	placeholder, text = flag.UnquoteUsage(f)
	switch placeholder {
	case "":
	case "int", "uint", "float":
		placeholder = "N"
	case "string", "value":
		placeholder = "VALUE"
	}
	return placeholder, text
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for word := range strings.FieldsSeq(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// usageProblem says what is wrong with the arguments of a verb that its
// checks refused: what is missing, or what is too much.
func usageProblem(fs *flag.FlagSet, positional []string) string {
	h := helpOf(fs.Name())
	if len(positional) < h.min {
		return "missing " + h.arg
	}
	for _, name := range h.required {
		if !given(fs, name) {
			problem := "missing --" + name
			if f := fs.Lookup(name); f != nil {
				if p, _ := flagText(f); p != "" {
					problem += " " + p
				}
			}
			return problem
		}
	}
	switch n := len(positional); {
	case h.max >= 0 && n > h.max:
		if h.max == 0 {
			return fmt.Sprintf("takes no arguments, got %s", quoteAll(positional))
		}
		return fmt.Sprintf("takes one %s, got %d: %s", h.arg, n, quoteAll(positional))
	}
	return "wrong arguments"
}

func quoteAll(args []string) string {
	q := slices.Clone(args)
	for i, a := range q {
		if a == "" || strings.ContainsAny(a, " \t'\"") {
			q[i] = fmt.Sprintf("%q", a)
		}
	}
	return strings.Join(q, " ")
}
