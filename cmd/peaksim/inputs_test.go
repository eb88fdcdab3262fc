//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestEveryVerbRefusesANamedPipe gives each verb that reads a file a named
// pipe instead: a CI job must not hang on one. Each exits 2 at once,
// naming the path.
func TestEveryVerbRefusesANamedPipe(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "f.yaml")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	out := filepath.Join(dir, "out")
	cases := []struct {
		name string
		args []string
	}{
		{"run", []string{"run", pipe, "--quiet"}},
		{"validate", []string{"validate", pipe}},
		{"check", []string{"check", pipe, "--quiet"}},
		{"check --baseline", []string{"check", "mmc-c1-rho050", "--baseline", pipe, "--quiet"}},
		{"report", []string{"report", pipe, "--out", out}},
		{"merge", []string{"merge", pipe, "--out", out}},
		{"sweep", []string{"sweep", pipe, "--param", "teams.servers.headcount=1,2", "--quiet"}},
		{"plan", []string{"plan", pipe, "--target", "queue.service_level >= 0.8", "--quiet"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			type result struct {
				code   int
				stderr string
			}
			done := make(chan result, 1)
			go func() {
				code, _, stderr := peaksim(t, c.args...)
				done <- result{code, stderr}
			}()
			select {
			case r := <-done:
				if r.code != exitBadInput || !strings.Contains(r.stderr, pipe+": is a named pipe (FIFO), not a") {
					t.Fatalf("exit %d, want %d with the path and what it is; stderr:\n%s", r.code, exitBadInput, r.stderr)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("blocked on the named pipe")
			}
		})
	}
}
