package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peaksim/peaksim/reports"
)

// validYAML is a small scenario the bad-input cases break one piece at a
// time.
const validYAML = `name: small
run:
  horizon: 200h
  warmup: 10h
  replications: 3
teams:
  - name: agents
    headcount: 2
channels:
  - name: phone
    team: agents
    arrivals:
      rate: 1/h
    handle_time:
      dist: exponential
      mean: 1h
`

// peaksim runs the command in-process and returns its exit code, stdout
// and stderr.
func peaksim(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, os.Getenv, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// readResults reads the results.json of an output folder.
func readResults(t *testing.T, out string) *reports.Results {
	t.Helper()
	f, err := os.Open(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := reports.ReadResults(f)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// buildBinary builds the command into dir, for the tests that run it as a
// user does.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "peaksim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBadInputExitsTwoWithFileKeyAndProblem(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(validYAML, old) {
			panic("test case edits a line that is not in validYAML: " + old)
		}
		return strings.Replace(validYAML, old, new, 1)
	}
	cases := []struct {
		name    string
		yaml    string   // written to bad.yaml, unless file is set
		file    string   // a path to pass instead ("" = bad.yaml)
		args    []string // extra flags
		message []string // fragments the error must contain
	}{
		{name: "missing file", file: "missing.yaml", message: []string{"missing.yaml", "no such file"}},
		{name: "directory", file: "adir", message: []string{"adir", "directory"}},
		{name: "empty file", yaml: "", message: []string{"bad.yaml", "empty"}},
		{name: "not YAML", yaml: "name: [unclosed\n  {{{", message: []string{"bad.yaml", "YAML"}},
		{name: "top level list", yaml: "- name: x\n", message: []string{"bad.yaml"}},
		{name: "unknown key", yaml: validYAML + "colour: red\n", message: []string{"bad.yaml:17", "colour"}},
		{name: "misspelt key", yaml: edit("handle_time:", "handle_tme:"), message: []string{"bad.yaml:14", "channels[0].handle_tme", "handle_time"}},
		{name: "wrong type", yaml: edit("headcount: 2", `headcount: "ten"`), message: []string{"bad.yaml:8", "teams[0].headcount", "ten"}},
		{name: "fractional headcount", yaml: edit("headcount: 2", "headcount: 2.5"), message: []string{"bad.yaml:8", "teams[0].headcount", "2.5"}},
		{name: "negative headcount", yaml: edit("headcount: 2", "headcount: -3"), message: []string{"bad.yaml:8", "teams[0].headcount", "positive integer", "-3"}},
		{name: "zero agents", yaml: edit("headcount: 2", "headcount: 0"), message: []string{"bad.yaml:8", "teams[0].headcount", "0"}},
		{name: "zero rate", yaml: edit("rate: 1/h", "rate: 0/h"), message: []string{"bad.yaml:13", "channels[0].arrivals.rate", "positive"}},
		{name: "negative rate", yaml: edit("rate: 1/h", "rate: -4/h"), message: []string{"bad.yaml:13", "channels[0].arrivals.rate"}},
		{name: "rate without unit", yaml: edit("rate: 1/h", "rate: 45"), message: []string{"bad.yaml:13", "channels[0].arrivals.rate", "unit"}},
		{name: "unknown distribution", yaml: edit("dist: exponential", "dist: weibull"), message: []string{"bad.yaml:15", "channels[0].handle_time.dist", "weibull"}},
		{name: "missing parameter", yaml: edit("      mean: 1h\n", ""), message: []string{"bad.yaml", "channels[0].handle_time.mean", "required"}},
		{name: "parameter of another distribution", yaml: edit("mean: 1h", "mean: 1h\n      k: 3"), message: []string{"bad.yaml:17", "channels[0].handle_time.k"}},
		{name: "duration without unit", yaml: edit("mean: 1h", "mean: 90"), message: []string{"bad.yaml:16", "channels[0].handle_time.mean", "unit"}},
		{name: "huge replication count", yaml: edit("replications: 3", "replications: 1000000000000"), message: []string{"bad.yaml:5", "run.replications"}},
		{name: "unknown team", yaml: edit("team: agents", "team: agnets"), message: []string{"bad.yaml:11", "channels[0].team", "agnets"}},
		{name: "warm-up longer than horizon", yaml: edit("warmup: 10h", "warmup: 300h"), message: []string{"bad.yaml:4", "run.warmup"}},
		{name: "hostile name", yaml: edit("name: small", "name: </script><img src=x onerror=alert(1)>"), message: []string{"bad.yaml:1", "name"}},
		{name: "several problems at once", yaml: edit("headcount: 2", "headcount: -1\n    shift: night"), message: []string{"teams[0].headcount", "teams[0].shift"}},
		{name: "replications flag too large", yaml: validYAML, args: []string{"--replications", "99999999"}, message: []string{"--replications", "99999999"}},
		{name: "unknown flag", yaml: validYAML, args: []string{"--colour"}, message: []string{"colour"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, c.file)
			if c.file == "" {
				path = writeFile(t, dir, "bad.yaml", c.yaml)
			}
			out := filepath.Join(dir, "out")
			code, stdout, stderr := peaksim(t, append([]string{"run", path, "--out", out}, c.args...)...)
			if code != exitBadInput {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitBadInput, stderr)
			}
			for _, want := range c.message {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			for _, leak := range []string{"panic", "goroutine", "mapstructure", "reflect", "*errors"} {
				if strings.Contains(stderr, leak) {
					t.Errorf("stderr shows internals (%q):\n%s", leak, stderr)
				}
			}
			if stdout != "" {
				t.Errorf("stdout not empty: %q", stdout)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("output folder exists after bad input (stat: %v)", err)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".peaksim-tmp") {
					t.Errorf("left a temporary folder %s", e.Name())
				}
			}
		})
	}
}

func TestRunTwiceGivesIdenticalResults(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "small.yaml", validYAML)
	read := func(out string, workers string, more ...string) []byte {
		t.Helper()
		if code, _, stderr := peaksim(t, append([]string{"run", path, "--out", out, "--workers", workers}, more...)...); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(filepath.Join(out, "results.json"))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	first := read(filepath.Join(dir, "a"), "1")
	if second := read(filepath.Join(dir, "b"), "1"); !bytes.Equal(first, second) {
		t.Fatal("two runs of the same file and seed wrote different results.json")
	}
	if parallel := read(filepath.Join(dir, "c"), "3"); !bytes.Equal(first, parallel) {
		t.Fatal("3 workers wrote a different results.json from 1 worker")
	}
	if code, _, stderr := peaksim(t, "run", path, "--out", filepath.Join(dir, "a")); code != exitBadInput || !strings.Contains(stderr, "add --force to replace it") {
		t.Fatalf("re-running into an earlier output without --force: exit %d, %q", code, stderr)
	}
	if again := read(filepath.Join(dir, "a"), "2", "--force"); !bytes.Equal(first, again) {
		t.Fatal("re-running into the same folder changed results.json")
	}
	code, _, stderr := peaksim(t, "run", path, "--out", filepath.Join(dir, "d"), "--seed", "2")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	other, _ := os.ReadFile(filepath.Join(dir, "d", "results.json"))
	if bytes.Equal(first, other) {
		t.Fatal("--seed 2 wrote the same results as seed 1")
	}
}

func TestRunRefusesToReplaceAFolderItDidNotWrite(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "small.yaml", validYAML)
	mine := filepath.Join(dir, "mine")
	if err := os.Mkdir(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	precious := writeFile(t, mine, "thesis.tex", "do not delete")
	code, _, stderr := peaksim(t, "run", path, "--out", mine)
	if code != exitBadInput || !strings.Contains(stderr, "not a peaksim output folder") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(precious); err != nil {
		t.Fatalf("the user's file is gone: %v", err)
	}
}

func TestRunWritesJSONToStdout(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "small.yaml", validYAML)
	code, stdout, stderr := peaksim(t, "run", path, "--out", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "{") || !strings.Contains(stdout, `"schema_version": 1`) {
		t.Fatalf("stdout is not results.json: %.200s", stdout)
	}
	if !strings.Contains(stderr, "small:") {
		t.Fatalf("the human summary should go to stderr, got %q", stderr)
	}
}

func TestVerbs(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "small.yaml", validYAML)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"version"}, exitOK, "peaksim " + Version},
		{[]string{"list"}, exitOK, "contact-centre"},
		{[]string{"list"}, exitOK, "mmc-c10-rho080"},
		{[]string{"show", "mmc-c10-rho080"}, exitOK, "name: mmc-c10-rho080"},
		{[]string{"show", "no-such-scenario"}, exitBadInput, "no-such-scenario"},
		{[]string{"validate", good}, exitOK, "ok"},
		{[]string{"validate", "contact-centre"}, exitOK, "ok"},
		{[]string{"validate"}, exitBadInput, "usage"},
		{[]string{"frobnicate"}, exitBadInput, "unknown command"},
		{nil, exitBadInput, "usage"},
		{[]string{"help"}, exitOK, "usage"},
		{[]string{"run", "-h"}, exitOK, "-replications"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, stdout, stderr := peaksim(t, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, c.code, stderr)
			}
			if !strings.Contains(stdout+stderr, c.want) {
				t.Fatalf("output lacks %q:\n%s%s", c.want, stdout, stderr)
			}
		})
	}
}
