package main

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// placeholders are the words the help may name a flag's value by: one for
// each kind of value, so that the same thing is called the same in every
// verb.
var placeholders = []string{"N", "DIR", "FILE", "SHARE", "K/N", "METRIC", "EXPR", "NAME", "PERIOD", "KEY=VALUES", "SIZE", "DURATION", "CASES"}

// flagless are the verbs that take no flag but --help.
var flagless = []string{"validate", "list", "show", "version"}

// TestEveryVerbHasHelp asks each verb for its help the three ways a user
// would: on stdout, exit 0, the same each way, with a one-line
// description, the usage, the flags with placeholders from one set, an
// example of the verb, and its exit codes.
func TestEveryVerbHasHelp(t *testing.T) {
	flagLine := regexp.MustCompile(`(?m)^  --([a-z-]+)(?: (\S+))?$`)
	for _, v := range verbs() {
		t.Run(v.name, func(t *testing.T) {
			code, help, stderr := peaksim(t, "help", v.name)
			if code != exitOK || stderr != "" {
				t.Fatalf("peaksim help %s: exit %d, stderr %q", v.name, code, stderr)
			}
			for _, args := range [][]string{{v.name, "--help"}, {v.name, "-h"}} {
				code, stdout, stderr := peaksim(t, args...)
				if code != exitOK || stderr != "" || stdout != help {
					t.Errorf("peaksim %s: exit %d, stderr %q, and not the help of peaksim help %s", strings.Join(args, " "), code, stderr, v.name)
				}
			}
			first, _, _ := strings.Cut(help, "\n")
			if summary := helpOf(v.name).summary; summary == "" || first != "peaksim "+v.name+": "+summary {
				t.Errorf("first line %q, want peaksim %s: and a one-line description", first, v.name)
			}
			for _, want := range []string{"\nusage:\n  peaksim " + v.name, "\nflags:\n", "  -h, --help\n", "\nexamples:\n  peaksim " + v.name, "\nexit codes:\n  0    success\n", "\n  2    bad input or usage"} {
				if !strings.Contains(help, want) {
					t.Errorf("the help lacks %q:\n%s", want, help)
				}
			}
			flags := flagLine.FindAllStringSubmatch(help, -1)
			if slices.Contains(flagless, v.name) != (len(flags) == 0) {
				t.Errorf("%d flags besides --help:\n%s", len(flags), help)
			}
			for _, f := range flags {
				if f[2] != "" && !slices.Contains(placeholders, f[2]) {
					t.Errorf("--%s %s: the placeholder is none of %v", f[1], f[2], placeholders)
				}
			}
			for _, line := range strings.Split(help, "\n") {
				if len([]rune(line)) > 80 && !strings.HasPrefix(line, "  peaksim ") {
					t.Errorf("a line of %d characters: %q", len([]rune(line)), line)
				}
			}
		})
	}
}

// TestHelpDoesNotDependOnTheMachine renders every verb's help as if on a
// machine of 1 and of 7 cores: the same text (--workers says "the number
// of CPUs", not how many this one has).
func TestHelpDoesNotDependOnTheMachine(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, v := range verbs() {
		runtime.GOMAXPROCS(1)
		_, one, _ := peaksim(t, "help", v.name)
		runtime.GOMAXPROCS(7)
		_, seven, _ := peaksim(t, "help", v.name)
		if one != seven {
			t.Errorf("the help of %s differs between 1 and 7 cores", v.name)
		}
	}
}

func TestTopLevelHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"help", "help"}} {
		code, stdout, stderr := peaksim(t, args...)
		if code != exitOK || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
		for _, v := range verbs() {
			if !strings.Contains(stdout, "\n  "+v.name+" ") {
				t.Errorf("%v: %s is not listed:\n%s", args, v.name, stdout)
			}
		}
		for _, want := range []string{"usage:\n  peaksim COMMAND", "peaksim help COMMAND", "\n  130  a second Ctrl-C", "\n  1    a check failed"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%v: the help lacks %q:\n%s", args, want, stdout)
			}
		}
		if strings.Contains(stdout, "stationary scenarios so far") {
			t.Errorf("the help still says the planner is for stationary scenarios only")
		}
	}
	// Without a command it is a usage error, as with go.
	if code, stdout, stderr := peaksim(t); code != exitBadInput || stdout != "" || !strings.Contains(stderr, "usage:") {
		t.Errorf("no command: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestVersionTwoWays(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		code, stdout, stderr := peaksim(t, args...)
		if code != exitOK || stderr != "" || !strings.HasPrefix(stdout, "peaksim "+Version+" (go") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

// TestUsageErrorsSayWhatIsWrong: a verb given too little or too much, or a
// bad flag, says what, then its usage and where its help is, on stderr,
// with exit 2.
func TestUsageErrorsSayWhatIsWrong(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"show"}, "peaksim: show: missing NAME\nusage: peaksim show NAME\nrun 'peaksim help show'"},
		{[]string{"show", "a", "b"}, "peaksim: show: takes one NAME, got 2: a b\n"},
		{[]string{"validate"}, "peaksim: validate: missing FILE|NAME\n"},
		{[]string{"report"}, "peaksim: report: missing RESULTS.json\n"},
		{[]string{"merge"}, "peaksim: merge: missing SHARD.json\n"},
		{[]string{"check", "--quiet"}, "peaksim: check: missing FILE|NAME\n"},
		{[]string{"plan"}, "peaksim: plan: missing FILE|NAME\n"},
		{[]string{"plan", "contact-centre"}, "peaksim: plan: missing --target EXPR\n"},
		{[]string{"sweep", "contact-centre"}, "peaksim: sweep: missing --param KEY=VALUES\n"},
		{[]string{"sweep", "a.yaml", "b.yaml", "--param", "x=1"}, "peaksim: sweep: takes one FILE|NAME, got 2: a.yaml b.yaml\n"},
		{[]string{"list", "x"}, "peaksim: list: takes no arguments, got x\n"},
		{[]string{"version", "x"}, "peaksim: version: takes no arguments, got x\n"},
		{[]string{"run", "--colour"}, "peaksim: run: unknown flag --colour\nusage: peaksim run [FILE|NAME...] [flags]\nrun 'peaksim help run'"},
		{[]string{"run", "--seed", "x"}, `peaksim: run: --seed "x": want a whole number, 0 or more`},
		{[]string{"run", "--out"}, "peaksim: run: --out needs a value, DIR\n"},
		{[]string{"help", "frobnicate"}, "peaksim: unknown command \"frobnicate\"\nrun 'peaksim help'"},
		{[]string{"help", "run", "plan"}, "peaksim: help: takes one COMMAND"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, stdout, stderr := peaksim(t, c.args...)
			if code != exitBadInput || stdout != "" || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit %d and %q", code, stdout, stderr, exitBadInput, c.want)
			}
		})
	}
}

// TestDocsListEveryVerbAndExitCode keeps the command's documentation, its
// package comment (go doc) and the README, in step with the verbs and the
// exit codes.
func TestDocsListEveryVerbAndExitCode(t *testing.T) {
	mainGo, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	doc, _, _ := strings.Cut(string(mainGo), "package main")
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range verbs() {
		if !strings.Contains(doc, "//\tpeaksim "+v.name) {
			t.Errorf("main.go's package comment does not show peaksim %s", v.name)
		}
		if !strings.Contains(string(readme), "| `peaksim "+v.name) {
			t.Errorf("the README's table of commands lacks peaksim %s", v.name)
		}
	}
	for _, code := range []string{"0", "1", "2", "3", "130"} {
		if !strings.Contains(string(readme), "\n| "+code+" | ") {
			t.Errorf("the README's table of exit codes lacks %s", code)
		}
		if !regexp.MustCompile(`\b` + code + ` `).MatchString(doc[strings.Index(doc, "Exit codes"):]) {
			t.Errorf("main.go's package comment does not give exit code %s", code)
		}
	}
}

// TestHelpOffersNoFlagTheVerbRefuses: the flags plan, backtest and check
// share with run but refuse (a plan runs its own simulations; check judges
// a whole run) are refused with the reason when given, and their help does
// not offer them.
func TestHelpOffersNoFlagTheVerbRefuses(t *testing.T) {
	refused := map[string][][]string{
		"plan":     {{"--shard", "0/2"}, {"--precision", "2%", "--metric", "phone.service_level"}},
		"backtest": {{"--shard", "0/2"}, {"--precision", "2%", "--metric", "phone.service_level"}},
		"check":    {{"--shard", "0/2"}},
	}
	rest := map[string][]string{
		"plan":     {"contact-centre", "--target", "phone.service_level >= 0.8"},
		"backtest": {"christmas", "--actuals", "missing.csv"},
		"check":    {"contact-centre"},
	}
	for verb, flagSets := range refused {
		_, help, _ := peaksim(t, "help", verb)
		for _, flags := range flagSets {
			if strings.Contains(help, "\n  "+flags[0]+" ") || strings.Contains(help, "with "+flags[0]) {
				t.Errorf("peaksim help %s offers %s, which it refuses:\n%s", verb, flags[0], help)
			}
			args := append(append([]string{verb}, rest[verb]...), flags...)
			if code, _, stderr := peaksim(t, args...); code != exitBadInput || !strings.Contains(stderr, strings.TrimPrefix(flags[0], "--")) {
				t.Errorf("peaksim %s: exit %d, stderr %q; want exit 2 naming %s", strings.Join(args, " "), code, stderr, flags[0])
			}
		}
	}
}
