package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinaryEndToEnd builds the real command and runs it as a user would:
// exit codes come from the process, not from the in-process entry point.
func TestBinaryEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	exitCode := func(err error) int {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	}

	out := filepath.Join(dir, "out")
	cmd := exec.Command(bin, "run", "mmc-c1-rho050", "--replications", "2", "--out", out)
	stdout, err := cmd.Output()
	if code := exitCode(err); code != exitOK {
		t.Fatalf("run: exit %d", code)
	}
	if !strings.Contains(string(stdout), "report: "+filepath.Join(out, "index.html")) {
		t.Fatalf("run does not say where the report went:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "results.json")); err != nil {
		t.Fatal(err)
	}

	bad := writeFile(t, dir, "bad.yaml", strings.Replace(validYAML, "headcount: 2", "headcount: -3", 1))
	cmd = exec.Command(bin, "run", bad, "--out", filepath.Join(dir, "never"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if code := exitCode(cmd.Run()); code != exitBadInput {
		t.Fatalf("bad input: exit %d, want %d", code, exitBadInput)
	}
	if want := "bad.yaml:8: teams[0].headcount: must be a positive integer, got -3"; !strings.Contains(stderr.String(), want) {
		t.Fatalf("stderr %q lacks %q", stderr.String(), want)
	}
}
