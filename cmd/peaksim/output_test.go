//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOutRefusesAFolderItCannotReplace gives --out what a careless script
// gives: an unset variable, the working folder, a folder above it. Each is
// refused before anything runs, with exit 2 and a message, and nothing is
// written.
func TestOutRefusesAFolderItCannotReplace(t *testing.T) {
	dir := t.TempDir()
	work := filepath.Join(dir, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	path := writeFile(t, dir, "small.yaml", validYAML)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"empty", []string{"run", path, "--quiet", "--out", ""}, `--out "": empty`},
		{"empty for check", []string{"check", path, "--quiet", "--out", ""}, `--out "": empty`},
		{"empty for merge", []string{"merge", "a.json", "--out", ""}, `--out "": empty`},
		{"empty for report", []string{"report", "results.json", "--out", ""}, `--out "": empty`},
		{"dot", []string{"run", path, "--quiet", "--out", "."}, "--out .: is the working folder"},
		{"dot for plan", []string{"plan", path, "--quiet", "--target", "phone.service_level >= 0.8", "--out", "."}, "--out .: is the working folder"},
		{"the working folder by its path", []string{"run", path, "--quiet", "--out", work}, "--out " + work + ": is the working folder"},
		{"its parent", []string{"run", path, "--quiet", "--out", ".."}, "--out ..: is the working folder or holds it"},
		{"the root", []string{"run", path, "--quiet", "--out", "/"}, "--out /: is the working folder or holds it"},
		{"a folder in a file", []string{"run", path, "--quiet", "--out", filepath.Join(path, "out")}, "--out " + filepath.Join(path, "out") + ": " + path + " is not a folder; choose another folder"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := peaksim(t, c.args...)
			if code != exitBadInput || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, want %d with %q; stderr:\n%s", code, exitBadInput, c.want, stderr)
			}
			if stdout != "" || strings.Contains(stderr, "replications in") {
				t.Errorf("something ran: stdout %q, stderr %q", stdout, stderr)
			}
		})
	}
	entries, _ := os.ReadDir(work)
	if len(entries) > 0 {
		t.Errorf("written into the working folder: %v", entries)
	}
	entries, _ = os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".peaksim") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestReportInPlaceOfTheWorkingFolderIsRefused: `peaksim report
// results.json` from inside the output folder would replace the working
// folder; it says so and how to go on.
func TestReportInPlaceOfTheWorkingFolderIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "small.yaml", validYAML)
	out := filepath.Join(dir, "out")
	if code, _, stderr := peaksim(t, "run", path, "--quiet", "--out", out); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	t.Chdir(out)
	code, _, stderr := peaksim(t, "report", "results.json")
	if code != exitBadInput || !strings.Contains(stderr, "is the working folder") || !strings.Contains(stderr, "give --out") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if code, _, stderr := peaksim(t, "report", "results.json", "--out", filepath.Join(dir, "again")); code != exitOK {
		t.Fatalf("report --out elsewhere: exit %d: %s", code, stderr)
	}
}

// TestTwoRunsToOneOutHaveOneWinner starts two runs to the same --out at
// once, several times: one writes it, the other is refused with exit 2 (at
// once while the first holds the folder, or, if the first has already
// finished, because its output is there), never both.
func TestTwoRunsToOneOutHaveOneWinner(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "small.yaml", validYAML)
	for round := range 4 {
		out := filepath.Join(dir, fmt.Sprintf("out%d", round))
		type result struct {
			code   int
			stderr string
		}
		results := make(chan result, 2)
		for range 2 {
			go func() {
				code, _, stderr := peaksim(t, "run", path, "--quiet", "--replications", "20", "--workers", "1", "--out", out)
				results <- result{code, stderr}
			}()
		}
		a, b := <-results, <-results
		if a.code != exitOK {
			a, b = b, a
		}
		if a.code != exitOK || b.code != exitBadInput {
			t.Fatalf("round %d: exits %d and %d, want one 0 and one 2:\n%s\n%s", round, a.code, b.code, a.stderr, b.stderr)
		}
		if !strings.Contains(b.stderr, "is being written by another peaksim") && !strings.Contains(b.stderr, "add --force") {
			t.Errorf("round %d: the refusal does not say why:\n%s", round, b.stderr)
		}
		readResults(t, out)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".peaksim") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestUnwritableParentIsFoundBeforeTheRun: a folder peaksim may not write
// in is refused before the run, not after it with the results lost. It
// runs the binary, as another user when the tests run as root (whom no
// folder's mode stops).
func TestUnwritableParentIsFoundBeforeTheRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	path := writeFile(t, dir, "small.yaml", validYAML)
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o555); err != nil {
		t.Fatal(err)
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		cred = &syscall.Credential{Uid: 65534, Gid: 65534}
		for d := dir; d != filepath.Dir(d) && d != os.TempDir(); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, out := range []string{filepath.Join(locked, "out"), filepath.Join(locked, "deeper", "out")} {
		cmd := exec.Command(bin, "run", path, "--quiet", "--out", out)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != exitBadInput || !strings.Contains(stderr.String(), "--out: cannot write in "+locked+": permission denied") {
			t.Fatalf("--out %s: %v, stderr:\n%s", out, err, stderr.String())
		}
		if stdout.String() != "" || strings.Contains(stderr.String(), "replications in") {
			t.Errorf("something ran: %q %q", stdout.String(), stderr.String())
		}
	}
}

// TestAKilledRunIsCleanedUpAfter runs the binary as a user would: a run
// holds its --out from the start (a second run is refused, naming its
// process), is killed with SIGKILL, and the next run to that folder
// removes what it left and writes the output.
func TestAKilledRunIsCleanedUpAfter(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	out := filepath.Join(dir, "out")
	long := exec.Command(bin, "run", "mmc-c1-rho050", "--replications", "2000", "--max-events", "1e12", "--workers", "1", "--quiet", "--out", out)
	if err := long.Start(); err != nil {
		t.Fatal(err)
	}
	defer long.Process.Kill()
	staged := ""
	for deadline := time.Now().Add(10 * time.Second); staged == "" && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		if m, _ := filepath.Glob(filepath.Join(dir, ".peaksim-tmp-out-*")); len(m) > 0 {
			staged = m[0]
		}
	}
	if staged == "" {
		t.Fatal("the run made no temporary folder beside --out")
	}
	second := exec.Command(bin, "run", "mmc-c1-rho050", "--replications", "2", "--quiet", "--out", out)
	msg, err := second.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitBadInput || !strings.Contains(string(msg), fmt.Sprintf("is being written by another peaksim (process %d)", long.Process.Pid)) {
		t.Fatalf("a second run while the first holds --out: %v\n%s", err, msg)
	}
	if err := long.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	long.Wait()
	if _, err := os.Stat(staged); err != nil {
		t.Fatalf("the killed run left nothing to clean up (%v): the test proves nothing", err)
	}
	third := exec.Command(bin, "run", "mmc-c1-rho050", "--replications", "2", "--quiet", "--out", out)
	var stderr strings.Builder
	third.Stderr = &stderr
	if err := third.Run(); err != nil {
		t.Fatalf("the run after the killed one: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "removed "+staged+", left by a peaksim that was killed") {
		t.Errorf("the clean-up is not reported:\n%s", stderr.String())
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".peaksim") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	readResults(t, out)
}
