package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestOneMachineOrManyGiveTheSameResults runs a story's two variants on 1
// worker, on 4, and as 3 shards merged: the same results.json and report,
// byte for byte.
func TestOneMachineOrManyGiveTheSameResults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a season 24 times; skipped with -short")
	}
	dir := t.TempDir()
	read := func(out, name string) []byte {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	run := func(args ...string) {
		t.Helper()
		if code, _, stderr := peaksim(t, append([]string{"run", "repeat-chasers", "--replications", "4", "--quiet"}, args...)...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	one, four, merged := filepath.Join(dir, "one"), filepath.Join(dir, "four"), filepath.Join(dir, "merged")
	run("--workers", "1", "--out", one)
	run("--workers", "4", "--out", four)
	var shards []string
	for _, k := range []string{"0", "1", "2"} {
		path := filepath.Join(dir, "shard-"+k+".json")
		run("--shard", k+"/3", "--out", path)
		shards = append(shards, path)
	}
	if code, _, stderr := peaksim(t, append([]string{"merge", "--out", merged}, shards...)...); code != exitOK {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	for _, name := range []string{"results.json", "index.html", "hourly.csv"} {
		if !bytes.Equal(read(one, name), read(four, name)) {
			t.Errorf("%s differs between 1 and 4 workers", name)
		}
		if !bytes.Equal(read(one, name), read(merged, name)) {
			t.Errorf("%s differs between one machine and 3 shards merged", name)
		}
	}

	// A merge refuses an incomplete, doubled or foreign set of shards.
	other := filepath.Join(dir, "other.json")
	if code, _, stderr := peaksim(t, "run", "repeat-chasers", "--replications", "4", "--seed", "2", "--shard", "0/3", "--quiet", "--out", other); code != exitOK {
		t.Fatal(stderr)
	}
	for _, c := range []struct {
		shards []string
		want   string
	}{
		{shards[:2], "shard 2 of 3 is missing (given: " + shards[0] + ", " + shards[1] + ")"},
		{[]string{shards[0], shards[0], shards[1], shards[2]}, shards[0] + " is given twice"},
		{[]string{other, shards[1], shards[2]}, shards[1] + " is from another run than " + other + " (repeat-chasers / as-is has seed 1, not 2)"},
		{[]string{filepath.Join(one, "results.json")}, "not a peaksim shard file"},
	} {
		code, _, stderr := peaksim(t, append([]string{"merge", "--out", filepath.Join(dir, "bad")}, c.shards...)...)
		if code != exitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("merge %v: exit %d, %q; want exit %d and %q", c.shards, code, stderr, exitBadInput, c.want)
		}
	}
}

// TestProgressInALogIsPlainLines checks the progress a CI log gets: lines
// of text, no carriage returns or escape codes, a dozen at most for a
// short run, and none with --quiet.
func TestProgressInALogIsPlainLines(t *testing.T) {
	// Every tenth gets its line, however quickly it comes, and only those:
	// the lines then do not depend on the machine's speed.
	dir := t.TempDir()
	var log bytes.Buffer
	std := stdio{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &log, getenv: os.Getenv, pace: pacing{every: time.Hour}}
	if code := runWith(context.Background(), []string{"run", "mmc-c1-rho050", "--replications", "40", "--out", filepath.Join(dir, "a")}, std); code != exitOK {
		t.Fatalf("exit %d: %s", code, log.String())
	}
	stderr := log.String()
	if strings.ContainsAny(stderr, "\r\x1b") {
		t.Fatalf("progress has control characters: %q", stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) < 2 || len(lines) > 12 || !strings.HasPrefix(lines[len(lines)-1], "peaksim: 40/40 replications (100%)") {
		t.Fatalf("%d progress lines:\n%s", len(lines), stderr)
	}
	for _, l := range lines {
		if len(l) > 100 {
			t.Errorf("a progress line of %d characters: %q", len(l), l)
		}
	}
	if _, _, stderr := peaksim(t, "run", "mmc-c1-rho050", "--replications", "4", "--quiet", "--out", filepath.Join(dir, "b")); stderr != "" {
		t.Errorf("--quiet printed %q", stderr)
	}
}

// TestInterruptedRunWritesWhatFinished starts a long run of the real
// command, interrupts it as Ctrl-C would, and checks that it exits 3 with
// a valid results.json marked complete: false, and no temporary files.
func TestInterruptedRunWritesWhatFinished(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	out := filepath.Join(dir, "out")
	cmd := exec.Command(bin, "run", "christmas", "--replications", "50", "--workers", "2", "--out", out)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for the first progress line: some replications have finished.
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(stderr.String(), "replications (") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitFailed {
		t.Fatalf("exit %v, want %d; stderr:\n%s", err, exitFailed, stderr.String())
	}
	res := readResults(t, out)
	if res.Complete || res.Scenarios[0].Replications == 0 || res.Scenarios[0].Replications >= 50 {
		t.Fatalf("complete %v with %d replications of the first variant; want an incomplete run with some", res.Complete, res.Scenarios[0].Replications)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".peaksim-tmp") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// syncBuffer is a buffer the command's output goroutine writes while the
// test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestCostEstimateRefusesHugeRuns(t *testing.T) {
	code, _, stderr := peaksim(t, "run", "christmas", "--replications", "5000", "--out", filepath.Join(t.TempDir(), "x"))
	if code != exitBadInput || !strings.Contains(stderr, "the run would process about") || !strings.Contains(stderr, "raise it with --max-events") {
		t.Fatalf("exit %d, %q", code, stderr)
	}
}

// TestMergeNamesFilesAndTakesAPathTypedEitherWay: machines that were given
// the scenario as ok.yaml and as ./ok.yaml ran the same file, and their
// shards merge; what a merge refuses, it says of the files given.
func TestMergeNamesFilesAndTakesAPathTypedEitherWay(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "ok.yaml", validYAML)
	t.Chdir(dir)
	shard := func(source, k, out string, more ...string) string {
		t.Helper()
		args := append([]string{"run", source, "--replications", "4", "--quiet", "--shard", k + "/2", "--out", out}, more...)
		if code, _, stderr := peaksim(t, args...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	a, b := shard("ok.yaml", "0", "a.json"), shard("./ok.yaml", "1", "b.json")
	if code, _, stderr := peaksim(t, "merge", a, b, "--out", "merged"); code != exitOK {
		t.Fatalf("merging shards of ok.yaml and ./ok.yaml: exit %d: %s", code, stderr)
	}
	if code, _, stderr := peaksim(t, "run", "./ok.yaml", "--replications", "4", "--quiet", "--out", "one"); code != exitOK {
		t.Fatal(stderr)
	}
	merged, _ := os.ReadFile(filepath.Join("merged", "results.json"))
	one, _ := os.ReadFile(filepath.Join("one", "results.json"))
	if !bytes.Equal(merged, one) {
		t.Error("the merge differs from one machine's run")
	}

	c := shard("ok.yaml", "1", "c.json", "--seed", "9")
	d := shard("ok.yaml", "1", "d.json")
	for _, tc := range []struct {
		shards []string
		want   string
	}{
		{[]string{a}, "shard 1 of 2 is missing (given: a.json)"},
		{[]string{a, a}, "a.json is given twice"},
		{[]string{a, b, d}, "b.json and d.json are both shard 1 of 2"},
		{[]string{a, c}, "c.json is from another run than a.json (small has seed 9, not 1)"},
	} {
		code, _, stderr := peaksim(t, append([]string{"merge", "--out", "bad"}, tc.shards...)...)
		if code != exitBadInput || !strings.Contains(stderr, tc.want) {
			t.Errorf("merge %v: exit %d, %q; want exit %d and %q", tc.shards, code, stderr, exitBadInput, tc.want)
		}
	}
}
